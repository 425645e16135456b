package content

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
)

// Page sizes of every connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageRequest is a Relay forward page: at most First items after the Cursor.
type PageRequest struct {
	First int
	After *Cursor // nil: from the start
}

// Cursor is a keyset position: the sort key and ID of the last item seen.
type Cursor struct {
	Key string `json:"k,omitempty"`
	ID  int64  `json:"i"`
}

// Encode returns the cursor as an opaque string.
func (c Cursor) Encode() string {
	var b []byte
	if plainJSON(c.Key) {
		// What json.Marshal writes, without its reflection: a listing
		// encodes one cursor per item.
		b = make([]byte, 0, len(c.Key)+32)
		b = append(b, '{')
		if c.Key != "" {
			b = append(b, `"k":"`...)
			b = append(b, c.Key...)
			b = append(b, `",`...)
		}
		b = append(b, `"i":`...)
		b = strconv.AppendInt(b, c.ID, 10)
		b = append(b, '}')
	} else {
		b, _ = json.Marshal(c)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// plainJSON tells whether s is written in a JSON string as it is by
// json.Marshal: printable ASCII that is not escaped.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}

// NewPageRequest validates the first and after arguments of a connection.
func NewPageRequest(first *int, after *string) (PageRequest, error) {
	r := PageRequest{First: DefaultPageSize}
	if first != nil {
		if *first < 0 {
			return r, Invalid("first", "first must not be negative")
		}
		r.First = min(*first, MaxPageSize)
	}
	if after != nil && *after != "" {
		raw, err := base64.RawURLEncoding.DecodeString(*after)
		var c Cursor
		if err != nil || json.Unmarshal(raw, &c) != nil {
			return r, Invalid("after", "malformed cursor")
		}
		r.After = &c
	}
	return r, nil
}

// List is one page of items with what a connection needs.
type List[T any] struct {
	Items   []T
	Cursors []Cursor
	HasNext bool
	HasPrev bool
}
