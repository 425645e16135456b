package content

import (
	"encoding/base64"
	"encoding/json"
	"testing"
)

// A cursor is encoded as json.Marshal encodes it, whatever its key, so that
// cursors handed out before stay the same.
func TestCursorEncoding(t *testing.T) {
	for _, c := range []Cursor{
		{}, {ID: 7}, {Key: "12", ID: 3}, {Key: "1.20.400", ID: -1}, {Key: "/bygga-bo-och-miljo/bygglov", ID: 1 << 62},
		{Key: "1733000000000000", ID: 9}, {Key: "åäö titel", ID: 1}, {Key: `a "quoted" \\ key`, ID: 2},
		{Key: "<b>&</b>", ID: 3}, {Key: "tab\there", ID: 4}, {Key: "\xff", ID: 5}, {Key: "~ !#$%'()*+,-./:;=?@[]^_`{|}", ID: 6},
	} {
		want, _ := json.Marshal(c)
		got, err := base64.RawURLEncoding.DecodeString(c.Encode())
		if err != nil || string(got) != string(want) {
			t.Errorf("%+v: encoded %s, want %s (%v)", c, got, want, err)
		}
		r, err := NewPageRequest(nil, ptr(c.Encode()))
		if err != nil || r.After == nil || r.After.ID != c.ID {
			t.Errorf("%+v: decoded %+v, %v", c, r.After, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }
