package content

import (
	"encoding/base64"
	"encoding/json"
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
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
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
