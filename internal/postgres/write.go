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

// inTx runs fn in a transaction and commits it when fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// IsEmpty reports whether the database holds no pages yet.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var any bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pages)`).Scan(&any)
	return !any, interpretError(err, "pages")
}

// CreateDocument stores a document's row, published, and returns its ID. The bytes
// must already be in blob storage under d.StorageKey.
func (s *Store) CreateDocument(ctx context.Context, d *content.Document) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO documents (storage_key, file_name, mime_type, size_bytes, sha256)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			d.StorageKey, d.FileName, d.MimeType, d.SizeBytes, d.SHA256).Scan(&id)
		if err != nil {
			return err
		}
		for _, st := range states {
			if _, err := tx.Exec(ctx, `INSERT INTO document_contents (document_id, state, title, language, published_at)
				VALUES ($1, $2::content_state, $3, $4, CASE WHEN $2::content_state = 'published' THEN now() END)`,
				id, st, d.Title, d.Language); err != nil {
				return err
			}
		}
		return nil
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
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO contacts DEFAULT VALUES RETURNING id`).Scan(&id); err != nil {
			return err
		}
		for _, st := range states {
			if _, err := tx.Exec(ctx, `INSERT INTO contact_contents (contact_id, state, kind, name, tagline, email,
				phones, visiting_address, postal_address, links, published_at)
				VALUES ($1, $2::content_state, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $2::content_state = 'published' THEN now() END)`,
				id, st, string(c.Kind), c.Name, c.Tagline, c.Email, phones, visiting, postal, links); err != nil {
				return err
			}
		}
		return nil
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
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO opening_hours (contact_id) VALUES ($1) RETURNING id`, contactID).Scan(&id); err != nil {
			return err
		}
		for _, st := range states {
			if _, err := tx.Exec(ctx, `INSERT INTO opening_hours_contents (opening_hours_id, state, position, schedule, published_at)
				VALUES ($1, $2::content_state, $3, $4, CASE WHEN $2::content_state = 'published' THEN now() END)`, id, st, position, raw); err != nil {
				return err
			}
		}
		return nil
	})
	return id, interpretError(err, "opening hours")
}

// CreatePage stores a page with its variants and relations, published, and returns
// its ID. Each variant's path is its parent's path in that locale (or in Swedish)
// followed by its slug. Errors: BAD_USER_INPUT, CONFLICT (path taken).
func (s *Store) CreatePage(ctx context.Context, np *content.NewPage) (int64, error) {
	if err := np.Validate(); err != nil {
		return 0, err
	}
	published := time.Now()
	if np.PublishedAt != nil {
		published = *np.PublishedAt
	}
	var parent *int64
	if np.ParentID != 0 {
		parent = &np.ParentID
	}
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO pages (parent_id, ancestor_ids, position, owner, review_due_at)
			VALUES ($1, coalesce((SELECT ancestor_ids || id FROM pages WHERE id = $1), '{}'), $2, $3, $4)
			RETURNING id`, parent, np.Position, np.Owner, np.ReviewDueAt).Scan(&id)
		if err != nil {
			return err
		}
		for _, v := range np.Variants {
			blocks, err := content.MarshalBlocks(v.Blocks)
			if err != nil {
				return err
			}
			prefix := ""
			if parent != nil {
				err := tx.QueryRow(ctx, `SELECT path FROM page_contents WHERE page_id = $1 AND state = 'draft'
					ORDER BY (locale = $2) DESC, (locale = 'sv') DESC LIMIT 1`, *parent, v.Locale).Scan(&prefix)
				if err != nil {
					return fmt.Errorf("parent path: %w", err)
				}
			}
			for _, st := range states {
				if _, err := tx.Exec(ctx, `INSERT INTO page_contents (page_id, locale, state, slug, path, title,
					summary, blocks, body_text, seo_title, seo_description, published_at, updated_at)
					VALUES ($1, $2, $3::content_state, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $3::content_state = 'published' THEN $12::timestamptz END, $12)`,
					id, v.Locale, st, v.Slug, prefix+"/"+v.Slug, v.Title, v.Summary, blocks,
					content.PlainText(v.Blocks), v.SEOTitle, v.SEODesc, published); err != nil {
					return err
				}
			}
		}
		for _, st := range states {
			for i, doc := range np.DocumentIDs {
				if _, err := tx.Exec(ctx, `INSERT INTO page_documents (page_id, state, position, document_id)
					VALUES ($1, $2, $3, $4)`, id, st, i, doc); err != nil {
					return err
				}
			}
			for i, c := range np.ContactIDs {
				if _, err := tx.Exec(ctx, `INSERT INTO page_contacts (page_id, state, position, contact_id)
					VALUES ($1, $2, $3, $4)`, id, st, i, c); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return id, interpretError(err, "page")
}

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
