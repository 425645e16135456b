package content

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Kinds of item that have a global ID.
const (
	KindPage         = "Page"
	KindContact      = "Contact"
	KindDocument     = "Document"
	KindOpeningHours = "OpeningHours"
)

// GlobalID returns the opaque Relay ID of an item: base64url of "Kind:123".
func GlobalID(kind string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.FormatInt(id, 10)))
}

// ParseGlobalID decodes a global ID into its kind and database ID. A malformed ID
// gives a BAD_USER_INPUT error naming field.
func ParseGlobalID(field, gid string) (kind string, id int64, err error) {
	raw, decErr := base64.RawURLEncoding.DecodeString(gid)
	if decErr != nil {
		return "", 0, Invalid(field, "malformed ID %q", gid)
	}
	kind, num, ok := strings.Cut(string(raw), ":")
	if !ok || kind == "" {
		return "", 0, Invalid(field, "malformed ID %q", gid)
	}
	id, convErr := strconv.ParseInt(num, 10, 64)
	if convErr != nil || id <= 0 {
		return "", 0, Invalid(field, "malformed ID %q", gid)
	}
	return kind, id, nil
}

// ParseIDOf decodes a global ID that must be of the given kind.
func ParseIDOf(field, kind, gid string) (int64, error) {
	k, id, err := ParseGlobalID(field, gid)
	if err != nil {
		return 0, err
	}
	if k != kind {
		return 0, Invalid(field, "ID %q is not a %s", gid, kind)
	}
	return id, nil
}

// GlobalID returns the page's Relay ID.
func (p *Page) GlobalID() string { return GlobalID(KindPage, p.ID) }

// GlobalID returns the page's Relay ID.
func (m *MenuItem) GlobalID() string { return GlobalID(KindPage, m.ID) }

// GlobalID returns the contact's Relay ID.
func (c *Contact) GlobalID() string { return GlobalID(KindContact, c.ID) }

// GlobalID returns the document's Relay ID.
func (d *Document) GlobalID() string { return GlobalID(KindDocument, d.ID) }

// GlobalID returns the schedule's Relay ID.
func (o *OpeningHours) GlobalID() string { return GlobalID(KindOpeningHours, o.ID) }
