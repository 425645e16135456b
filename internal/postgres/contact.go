package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

const contactColumns = `c.contact_id, c.kind, c.name, c.tagline, c.email, c.phones,
	c.visiting_address, c.postal_address, c.links, c.updated_at, c.version`

func scanContact(row pgx.Row, extra ...any) (*content.Contact, error) {
	var c content.Contact
	var kind string
	var phones, visiting, postal, links []byte
	dest := append([]any{&c.ID, &kind, &c.Name, &c.Tagline, &c.Email, &phones,
		&visiting, &postal, &links, &c.UpdatedAt, &c.Version}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.Kind = content.ContactKind(kind)
	if err := json.Unmarshal(phones, &c.Phones); err != nil {
		return nil, fmt.Errorf("contact %d phones: %w", c.ID, err)
	}
	if err := json.Unmarshal(links, &c.Links); err != nil {
		return nil, fmt.Errorf("contact %d links: %w", c.ID, err)
	}
	for _, a := range []struct {
		raw []byte
		dst **content.Address
	}{{visiting, &c.VisitingAddress}, {postal, &c.PostalAddress}} {
		if a.raw == nil {
			continue
		}
		*a.dst = new(content.Address)
		if err := json.Unmarshal(a.raw, *a.dst); err != nil {
			return nil, fmt.Errorf("contact %d address: %w", c.ID, err)
		}
	}
	return &c, nil
}

var contactsByIDSQL = scoped(`SELECT ` + contactColumns + ` FROM contact_contents c
WHERE c.state = @state AND c.contact_id = ANY($1)`)

// ContactsByID implements content.Reader.
func (s *Reader) ContactsByID(ctx context.Context, ids []int64) (map[int64]*content.Contact, error) {
	rows, err := s.db.Query(ctx, contactsByIDSQL.in(s.scope), ids)
	return collectContacts(rows, err)
}

func collectContacts(rows pgx.Rows, err error) (map[int64]*content.Contact, error) {
	if err != nil {
		return nil, interpretError(err, "contacts")
	}
	defer rows.Close()
	out := map[int64]*content.Contact{}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, interpretError(err, "contacts")
		}
		out[c.ID] = c
	}
	return out, interpretError(rows.Err(), "contacts")
}

// Contacts are listed by name; the cursor key is the name.
var contactsSQL = scoped(`SELECT ` + contactColumns + ` FROM contact_contents c
WHERE c.state = @state AND ($1::contact_kind IS NULL OR c.kind = $1)
  AND ($2::text IS NULL OR (c.name COLLATE "C", c.contact_id) > ($2::text COLLATE "C", $3::bigint))
ORDER BY c.name COLLATE "C", c.contact_id
LIMIT $4`)

// Contacts implements content.Reader.
func (s *Reader) Contacts(ctx context.Context, f content.ContactFilter) (content.List[*content.Contact], error) {
	list := content.List[*content.Contact]{HasPrev: f.Page.After != nil}
	var kind *string
	if f.Kind != "" {
		k := string(f.Kind)
		kind = &k
	}
	key, id := afterArgs(f.Page.After)
	rows, err := s.db.Query(ctx, contactsSQL.in(s.scope), kind, key, id, f.Page.First+1)
	if err != nil {
		return list, interpretError(err, "contacts")
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return list, interpretError(err, "contacts")
		}
		if len(list.Items) == f.Page.First {
			list.HasNext = true
			continue
		}
		list.Items = append(list.Items, c)
		list.Cursors = append(list.Cursors, content.Cursor{Key: c.Name, ID: c.ID})
	}
	return list, interpretError(rows.Err(), "contacts")
}

func afterArgs(c *content.Cursor) (key *string, id int64) {
	if c == nil {
		return nil, 0
	}
	return &c.Key, c.ID
}
