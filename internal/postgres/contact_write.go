package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
)

// Contacts' and opening hours' writes. Editing changes the draft; publishing a
// contact copies its draft and the drafts of its opening hours to the
// published state in one transaction, and removes the published hours whose
// draft was deleted. Each write raises the item's version (checking
// expectedVersion) and writes its audit entry in the same transaction.

// CreateContactDraft stores a new contact, unpublished, at version 1. The
// contact must be validated (content.Contact.Validate, phone.NormalizeAll).
func (s *Store) CreateContactDraft(ctx context.Context, db DB, c *content.Contact) (*content.Contact, error) {
	now := s.now()
	var id int64
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO contacts (version, created_at) VALUES (1, $1) RETURNING id`, now).Scan(&id); err != nil {
			return err
		}
		if err := writeContactDraft(ctx, tx, id, 1, c, now, true); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindContact, id, 1, c.Name)
	})
	if err != nil {
		return nil, interpretError(err, "contact")
	}
	return s.draftContact(ctx, db, id)
}

// UpdateContactDraft replaces a contact's draft with c. Errors: NOT_FOUND,
// CONFLICT (stale expectedVersion).
func (s *Store) UpdateContactDraft(ctx context.Context, db DB, id int64, expectedVersion int, c *content.Contact) (*content.Contact, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bump(ctx, tx, "contacts", "the contact", id, expectedVersion)
		if err != nil {
			return err
		}
		if err := writeContactDraft(ctx, tx, id, v, c, now, false); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUpdate, content.KindContact, id, v, c.Name)
	})
	if err != nil {
		return nil, interpretError(err, "contact")
	}
	return s.draftContact(ctx, db, id)
}

// DeleteContact deletes a contact with its opening hours. Errors: NOT_FOUND,
// CONFLICT (stale expectedVersion, or a page still lists it).
func (s *Store) DeleteContact(ctx context.Context, db DB, id int64, expectedVersion int) error {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bump(ctx, tx, "contacts", "the contact", id, expectedVersion)
		if err != nil {
			return err
		}
		var used bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM page_contacts WHERE contact_id = $1)`, id).Scan(&used); err != nil {
			return err
		}
		if used {
			return content.Errorf(content.ECONFLICT, "a page still lists this contact; remove it from the page first")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM contacts WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionDelete, content.KindContact, id, v, "")
	})
	return interpretError(err, "contact")
}

// PublishContact publishes a contact's draft and its opening hours' drafts.
// Errors: NOT_FOUND, CONFLICT (stale expectedVersion).
func (s *Store) PublishContact(ctx context.Context, db DB, id int64, expectedVersion int) (*content.Contact, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bump(ctx, tx, "contacts", "the contact", id, expectedVersion)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO contact_contents (contact_id, state, kind, name, tagline, email, phones,
				visiting_address, postal_address, links, version, published_at, updated_at)
			SELECT contact_id, 'published', kind, name, tagline, email, phones, visiting_address, postal_address,
				links, $2, $3, $3 FROM contact_contents WHERE contact_id = $1 AND state = 'draft'
			ON CONFLICT (contact_id, state) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
				tagline = EXCLUDED.tagline, email = EXCLUDED.email, phones = EXCLUDED.phones,
				visiting_address = EXCLUDED.visiting_address, postal_address = EXCLUDED.postal_address,
				links = EXCLUDED.links, version = EXCLUDED.version, published_at = EXCLUDED.published_at,
				updated_at = EXCLUDED.updated_at`, id, v, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE contact_contents SET version = $2 WHERE contact_id = $1 AND state = 'draft'`, id, v); err != nil {
			return err
		}
		// The hours: drafts copied, published ones without a draft removed,
		// items with neither state gone.
		if _, err := tx.Exec(ctx, `INSERT INTO opening_hours_contents (opening_hours_id, state, position, schedule, published_at, updated_at)
			SELECT c.opening_hours_id, 'published', c.position, c.schedule, $2, $2
			FROM opening_hours_contents c JOIN opening_hours h ON h.id = c.opening_hours_id
			WHERE h.contact_id = $1 AND c.state = 'draft'
			ON CONFLICT (opening_hours_id, state) DO UPDATE SET position = EXCLUDED.position,
				schedule = EXCLUDED.schedule, published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at`, id, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM opening_hours h WHERE h.contact_id = $1 AND NOT EXISTS (
			SELECT 1 FROM opening_hours_contents c WHERE c.opening_hours_id = h.id AND c.state = 'draft')`, id); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionPublish, content.KindContact, id, v, "")
	})
	if err != nil {
		return nil, interpretError(err, "contact")
	}
	return s.draftContact(ctx, db, id)
}

// UnpublishContact withdraws a contact, and so its opening hours, from
// readers. Errors: NOT_FOUND, CONFLICT (stale expectedVersion).
func (s *Store) UnpublishContact(ctx context.Context, db DB, id int64, expectedVersion int) (*content.Contact, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bump(ctx, tx, "contacts", "the contact", id, expectedVersion)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM contact_contents WHERE contact_id = $1 AND state = 'published'`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE contact_contents SET version = $2 WHERE contact_id = $1 AND state = 'draft'`, id, v); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUnpublish, content.KindContact, id, v, "")
	})
	if err != nil {
		return nil, interpretError(err, "contact")
	}
	return s.draftContact(ctx, db, id)
}

// CreateOpeningHoursDraft adds a schedule to a contact's draft, at version 1;
// readers see it when the contact is next published. The schedule must be
// validated (content.CheckSchedule). Errors: NOT_FOUND (no such contact).
func (s *Store) CreateOpeningHoursDraft(ctx context.Context, db DB, contactID int64, position int, sched hours.Schedule) (*content.OpeningHours, error) {
	raw, err := json.Marshal(sched)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var id int64
	err = InTx(ctx, db, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contacts WHERE id = $1)`, contactID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return content.NotFound("contact")
		}
		if err := tx.QueryRow(ctx, `INSERT INTO opening_hours (contact_id, created_at, version) VALUES ($1, $2, 1) RETURNING id`,
			contactID, now).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO opening_hours_contents (opening_hours_id, state, position, schedule, updated_at)
			VALUES ($1, 'draft', $2, $3, $4)`, id, position, raw, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindOpeningHours, id, 1, sched.Channel)
	})
	if err != nil {
		return nil, interpretError(err, "opening hours")
	}
	return s.draftHours(ctx, db, id)
}

// UpdateOpeningHoursDraft replaces a schedule's draft (and its position among
// the contact's schedules when given). Errors: NOT_FOUND, CONFLICT.
func (s *Store) UpdateOpeningHoursDraft(ctx context.Context, db DB, id int64, expectedVersion int, position *int, sched hours.Schedule) (*content.OpeningHours, error) {
	raw, err := json.Marshal(sched)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bump(ctx, tx, "opening_hours", "the opening hours", id, expectedVersion)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE opening_hours_contents SET schedule = $2, position = coalesce($3, position),
			updated_at = $4 WHERE opening_hours_id = $1 AND state = 'draft'`, id, raw, position, now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return content.NotFound("opening hours")
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUpdate, content.KindOpeningHours, id, v, sched.Channel)
	})
	if err != nil {
		return nil, interpretError(err, "opening hours")
	}
	return s.draftHours(ctx, db, id)
}

// DraftOpeningHours returns a schedule's draft, on db.
func (s *Store) DraftOpeningHours(ctx context.Context, db DB, id int64) (*content.OpeningHours, error) {
	return s.draftHours(ctx, db, id)
}

// DeleteOpeningHours removes a schedule from its contact's draft; readers keep
// it until the contact is published. Errors: NOT_FOUND, CONFLICT.
func (s *Store) DeleteOpeningHours(ctx context.Context, db DB, id int64, expectedVersion int) error {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bump(ctx, tx, "opening_hours", "the opening hours", id, expectedVersion)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM opening_hours_contents WHERE opening_hours_id = $1 AND state = 'draft'`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return content.NotFound("opening hours")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM opening_hours h WHERE id = $1 AND NOT EXISTS (
			SELECT 1 FROM opening_hours_contents c WHERE c.opening_hours_id = h.id)`, id); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionDelete, content.KindOpeningHours, id, v, "")
	})
	return interpretError(err, "opening hours")
}

func writeContactDraft(ctx context.Context, tx pgx.Tx, id int64, version int, c *content.Contact, now any, insert bool) error {
	phones, err := json.Marshal(nonNil(c.Phones))
	if err != nil {
		return err
	}
	links, err := json.Marshal(nonNil(c.Links))
	if err != nil {
		return err
	}
	visiting, postal := jsonOrNil(c.VisitingAddress), jsonOrNil(c.PostalAddress)
	sql := `UPDATE contact_contents SET kind = $3, name = $4, tagline = $5, email = $6, phones = $7,
		visiting_address = $8, postal_address = $9, links = $10, version = $2, updated_at = $11
		WHERE contact_id = $1 AND state = 'draft'`
	if insert {
		sql = `INSERT INTO contact_contents (contact_id, state, version, kind, name, tagline, email, phones,
			visiting_address, postal_address, links, updated_at)
			VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	}
	_, err = tx.Exec(ctx, sql, id, version, string(c.Kind), c.Name, c.Tagline, c.Email, phones, visiting, postal, links, now)
	return err
}

// bump raises the version of an item of table when it is expectedVersion.
// Errors: NOT_FOUND, CONFLICT with the current version.
func bump(ctx context.Context, tx pgx.Tx, table, what string, id int64, expectedVersion int) (int, error) {
	var v int
	err := tx.QueryRow(ctx, `UPDATE `+table+` SET version = version + 1 WHERE id = $1 AND version = $2
		RETURNING version`, id, expectedVersion).Scan(&v)
	if !errors.Is(err, pgx.ErrNoRows) {
		return v, err
	}
	if err := tx.QueryRow(ctx, `SELECT version FROM `+table+` WHERE id = $1`, id).Scan(&v); err != nil {
		return 0, interpretError(err, what[len("the "):])
	}
	return 0, content.Stale(what, v)
}

func (s *Store) draftContact(ctx context.Context, db DB, id int64) (*content.Contact, error) {
	found, err := s.drafts.On(db).ContactsByID(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if c := found[id]; c != nil {
		return c, nil
	}
	return nil, content.NotFound("contact")
}

func (s *Store) draftHours(ctx context.Context, db DB, id int64) (*content.OpeningHours, error) {
	found, err := s.drafts.On(db).OpeningHoursByID(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if h := found[id]; h != nil {
		return h, nil
	}
	return nil, content.NotFound("opening hours")
}
