package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// PublishPage copies a page's draft to its published state in one transaction
// on db (a River job passes its own): its variants, blocks, relations and its
// place in the tree, with the paths of the published pages below it. Old
// published paths keep answering with where the page lives now. It keeps the
// draft as a revision and writes an audit entry; readers see it all at once,
// when the transaction commits. Errors: NOT_FOUND, CONFLICT (stale
// expectedVersion with the current version; the parent is not published; a
// published sibling has the same slug).
func (s *Store) PublishPage(ctx context.Context, db DB, id int64, expectedVersion int) (*content.Page, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpVersion(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		d, err := loadState(ctx, tx, id, stateDraft)
		if err != nil {
			return err
		}
		w := stateWrite{id: id, state: statePublished, version: v, now: now, publishedAt: &now,
			slugTaken: func(locale, path string) error {
				return content.Errorf(content.ECONFLICT, "another published page has the path %s (%s)", path, locale)
			}}
		changes, err := writeState(ctx, tx, w, d)
		if err != nil {
			return err
		}
		// The draft's row carries the version too, so that both states say which
		// version of the item they hold.
		if _, err := tx.Exec(ctx, `UPDATE page_states SET version = $2 WHERE page_id = $1 AND state = 'draft'`, id, v); err != nil {
			return err
		}
		if err := keepRedirects(ctx, tx, changes, now); err != nil {
			return err
		}
		if err := s.keepRevision(ctx, tx, id, v, "publish", d); err != nil {
			return err
		}
		summary := d.Variants[0].Title
		if moved := len(changes); moved > 0 {
			summary += fmt.Sprintf("; %d paths changed", moved)
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionPublish, content.KindPage, id, v, summary)
	})
	if err != nil {
		return nil, interpretError(err, "page")
	}
	return s.readPage(ctx, db, scopePublished, id)
}

// keepRedirects remembers the old published paths of pages that moved, and
// forgets redirects from paths that are now a page's again.
func keepRedirects(ctx context.Context, tx pgx.Tx, changes []pathChange, now any) error {
	var oldPaths, oldLocales, newPaths, newLocales []string
	var pages []int64
	for _, c := range changes {
		if c.old != "" {
			oldPaths, oldLocales, pages = append(oldPaths, c.old), append(oldLocales, c.locale), append(pages, c.page)
		}
		if c.new != "" {
			newPaths, newLocales = append(newPaths, c.new), append(newLocales, c.locale)
		}
	}
	if len(oldPaths) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO page_redirects (path, locale, page_id, created_at)
			SELECT * , $4::timestamptz FROM unnest($1::text[], $2::text[], $3::bigint[])
			ON CONFLICT (path, locale) DO UPDATE SET page_id = excluded.page_id, created_at = excluded.created_at`,
			oldPaths, oldLocales, pages, now); err != nil {
			return err
		}
	}
	if len(newPaths) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM page_redirects r USING unnest($1::text[], $2::text[]) AS x(path, locale)
			WHERE r.path = x.path AND r.locale = x.locale`, newPaths, newLocales); err != nil {
			return err
		}
	}
	return nil
}

// UnpublishPage takes a page out of the published state, with every published
// page below it (a page is never published under an unpublished one); their
// drafts stay. Errors: NOT_FOUND, CONFLICT (stale expectedVersion; not
// published).
func (s *Store) UnpublishPage(ctx context.Context, db DB, id int64, expectedVersion int) (*content.Page, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpVersion(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		var gone []int64
		if err := tx.QueryRow(ctx, `WITH gone AS (
				DELETE FROM page_states WHERE state = 'published' AND (page_id = $1 OR ancestor_ids @> ARRAY[$1::bigint])
				RETURNING page_id)
			SELECT coalesce(array_agg(page_id ORDER BY page_id), '{}') FROM gone`, id).Scan(&gone); err != nil {
			return err
		}
		if len(gone) == 0 {
			return content.Errorf(content.ECONFLICT, "the page is not published")
		}
		if _, err := tx.Exec(ctx, `UPDATE page_states SET version = $2 WHERE page_id = $1 AND state = 'draft'`, id, v); err != nil {
			return err
		}
		for _, g := range gone {
			summary, version := "", v
			if g != id {
				summary, version = "with the page above it, "+content.GlobalID(content.KindPage, id), 0
			}
			if err := audit(ctx, tx, now, actorOf(ctx), content.ActionUnpublish, content.KindPage, g, version, summary); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, interpretError(err, "page")
	}
	return s.readPage(ctx, db, scopeDraft, id)
}

// PageRevisions lists a page's revisions, newest first.
func (s *Store) PageRevisions(ctx context.Context, db DB, id int64, req content.PageRequest) (content.List[*content.Revision], error) {
	list := content.List[*content.Revision]{HasPrev: req.After != nil}
	var before *int64
	if req.After != nil {
		before = &req.After.ID
	}
	rows, err := db.Query(ctx, `SELECT id, page_id, version, reason, snapshot, author_id, author_email, created_at
		FROM page_revisions WHERE page_id = $1 AND ($2::bigint IS NULL OR id < $2)
		ORDER BY id DESC LIMIT $3`, id, before, req.First+1)
	if err != nil {
		return list, interpretError(err, "revisions")
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return list, interpretError(err, "revisions")
		}
		if len(list.Items) == req.First {
			list.HasNext = true
			continue
		}
		list.Items = append(list.Items, r)
		list.Cursors = append(list.Cursors, content.Cursor{Key: strconv.FormatInt(r.ID, 10), ID: r.ID})
	}
	return list, interpretError(rows.Err(), "revisions")
}

func scanRevision(row pgx.Row) (*content.Revision, error) {
	var r content.Revision
	var snap []byte
	if err := row.Scan(&r.ID, &r.PageID, &r.Version, &r.Reason, &snap, &r.Author.ID, &r.Author.Email, &r.CreatedAt); err != nil {
		return nil, err
	}
	r.Draft = &content.PageDraft{}
	if err := json.Unmarshal(snap, r.Draft); err != nil {
		return nil, fmt.Errorf("revision %d: %w", r.ID, err)
	}
	return &r, nil
}

const revisionColumns = `id, page_id, version, reason, snapshot, author_id, author_email, created_at`

func latestRevision(ctx context.Context, db DB, page int64, reason string) (*content.Revision, error) {
	r, err := scanRevision(db.QueryRow(ctx, `SELECT `+revisionColumns+` FROM page_revisions
		WHERE page_id = $1 AND reason = $2 ORDER BY id DESC LIMIT 1`, page, reason))
	return r, interpretError(err, "revision")
}

// RestoreRevision makes a revision the draft of its page again (publish it to
// show it to readers); at the top of the tree when its parent is gone, without
// related items that are gone. Errors: NOT_FOUND, CONFLICT (stale
// expectedVersion), BAD_USER_INPUT.
func (s *Store) RestoreRevision(ctx context.Context, db DB, revisionID int64, expectedVersion int) (*content.Page, error) {
	r, err := scanRevision(db.QueryRow(ctx, `SELECT `+revisionColumns+` FROM page_revisions WHERE id = $1`, revisionID))
	if err != nil {
		return nil, interpretError(err, "revision")
	}
	now := s.now()
	err = InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpVersion(ctx, tx, r.PageID, expectedVersion)
		if err != nil {
			return err
		}
		d := r.Draft
		if err := s.placeOrTop(ctx, tx, d); err != nil {
			return err
		}
		w := stateWrite{id: r.PageID, state: stateDraft, version: v, now: now, slugTaken: slugTaken("revisionId")}
		if _, err := writeState(ctx, tx, w, d); err != nil {
			var e *content.Error
			if errors.As(err, &e) && e.Code == content.EINVALID {
				return content.Invalid("revisionId", "%s", e.Message)
			}
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionRestoreRevision, content.KindPage, r.PageID, v,
			fmt.Sprintf("revision %d (version %d)", r.ID, r.Version))
	})
	if err != nil {
		return nil, interpretError(err, "page")
	}
	return s.readPage(ctx, db, scopeDraft, r.PageID)
}
