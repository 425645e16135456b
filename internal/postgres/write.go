package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
)

// states are the rows a directly published item gets: its draft and its published
// copy, equal until an editor changes the draft.
var states = []string{"draft", "published"}

// InTx runs fn in a transaction on db (a savepoint when db is a transaction)
// and commits it when fn succeeds. A transaction that could not reach the
// database (no connection in time, the connection lost) fails as
// unavailable, whatever step of fn it was at.
func InTx(ctx context.Context, db DB, fn func(tx pgx.Tx) error) error {
	err := pgx.BeginFunc(ctx, db, fn)
	if err != nil && !coded(err) && unavailable(err) {
		return fmt.Errorf("%w: %w", content.Unavailable(), err)
	}
	return err
}

// now is the write path's current instant, to the microsecond PostgreSQL keeps.
func (s *Store) now() time.Time { return s.clock.Now().Truncate(time.Microsecond) }

// IsEmpty reports whether the database holds no pages yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var any bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pages)`).Scan(&any)
	return !any, interpretError(err, "pages")
}

// CreateDocument stores a document's row, published, and returns its ID. The bytes
// must already be in blob storage under d.StorageKey.
func (s *Store) CreateDocument(ctx context.Context, d *content.Document) (int64, error) {
	var id int64
	now := s.now()
	err := InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO documents (created_at) VALUES ($1) RETURNING id`, now).Scan(&id); err != nil {
			return err
		}
		for _, st := range states {
			if _, err := tx.Exec(ctx, `INSERT INTO document_contents (document_id, state, title, language, published_at, updated_at,
					storage_key, file_name, mime_type, size_bytes, sha256)
				VALUES ($1, $2::content_state, $3, $4, CASE WHEN $2::content_state = 'published' THEN $5::timestamptz END, $5,
					$6, $7, $8, $9, $10)`,
				id, st, d.Title, d.Language, now, d.StorageKey, d.FileName, d.MimeType, d.SizeBytes, d.SHA256); err != nil {
				return err
			}
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindDocument, id, 1, d.FileName)
	})
	return id, interpretError(err, "document")
}

// CreateContact stores a contact, published, and returns its ID.
func (s *Store) CreateContact(ctx context.Context, c *content.Contact) (int64, error) {
	phones, err := json.Marshal(nonNil(c.Phones))
	if err != nil {
		return 0, err
	}
	links, err := json.Marshal(nonNil(c.Links))
	if err != nil {
		return 0, err
	}
	visiting, postal := jsonOrNil(c.VisitingAddress), jsonOrNil(c.PostalAddress)
	var id int64
	now := s.now()
	err = InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO contacts (created_at) VALUES ($1) RETURNING id`, now).Scan(&id); err != nil {
			return err
		}
		for _, st := range states {
			if _, err := tx.Exec(ctx, `INSERT INTO contact_contents (contact_id, state, kind, name, tagline, email,
				phones, visiting_address, postal_address, links, published_at, updated_at)
				VALUES ($1, $2::content_state, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $2::content_state = 'published' THEN $11::timestamptz END, $11)`,
				id, st, string(c.Kind), c.Name, c.Tagline, c.Email, phones, visiting, postal, links, now); err != nil {
				return err
			}
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindContact, id, 1, c.Name)
	})
	return id, interpretError(err, "contact")
}

// CreateOpeningHours stores a schedule of a contact, published, and returns its ID.
func (s *Store) CreateOpeningHours(ctx context.Context, contactID int64, position int, sched hours.Schedule) (int64, error) {
	raw, err := json.Marshal(sched)
	if err != nil {
		return 0, err
	}
	var id int64
	now := s.now()
	err = InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO opening_hours (contact_id, created_at) VALUES ($1, $2) RETURNING id`,
			contactID, now).Scan(&id); err != nil {
			return err
		}
		for _, st := range states {
			if _, err := tx.Exec(ctx, `INSERT INTO opening_hours_contents (opening_hours_id, state, position, schedule, published_at, updated_at)
				VALUES ($1, $2::content_state, $3, $4, CASE WHEN $2::content_state = 'published' THEN $5::timestamptz END, $5)`,
				id, st, position, raw, now); err != nil {
				return err
			}
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindOpeningHours, id, 1, sched.Label.SV)
	})
	return id, interpretError(err, "opening hours")
}

// CreatePage creates a page with its variants and relations and publishes it at
// once (demo content, imports), at np.PublishedAt when given. It returns the
// page's ID. Errors: BAD_USER_INPUT, CONFLICT (path taken).
func (s *Store) CreatePage(ctx context.Context, np *content.NewPage) (int64, error) {
	st := s
	if np.PublishedAt != nil {
		st = s.WithClock(fixedClock(*np.PublishedAt))
	}
	var id int64
	err := InTx(ctx, s.db, func(tx pgx.Tx) error {
		p, err := st.CreatePageDraft(ctx, tx, np.Draft())
		if err != nil {
			return err
		}
		id = p.ID
		_, err = st.PublishPage(ctx, tx, p.ID, p.Version)
		return err
	})
	return id, err
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func jsonOrNil(a *content.Address) []byte {
	if a == nil {
		return nil
	}
	b, _ := json.Marshal(a)
	return b
}
