package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/richtext"
)

// Every page change below runs in one transaction on the executor it is given
// (the pool, or a caller's transaction, in which it takes a savepoint): it
// raises the page's version (checking expectedVersion), changes the draft or
// the published state, and writes its audit entry. Drafts change nothing that
// readers see and notify no one; publishing does both.

// CreatePageDraft creates a page as a draft, at version 1. Errors:
// BAD_USER_INPUT naming the field under "input".
func (s *Store) CreatePageDraft(ctx context.Context, db DB, d *content.PageDraft) (*content.Page, error) {
	end := d.Position < 0
	if end {
		d.Position = 0
	}
	sanitize(d)
	if err := d.Validate(""); err != nil {
		return nil, variantField(err, 0)
	}
	now := s.now()
	var id int64
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		if end {
			var err error
			if d.Position, err = endPosition(ctx, tx, d.ParentID, 0); err != nil {
				return err
			}
		}
		if err := tx.QueryRow(ctx, `INSERT INTO pages (version, created_at) VALUES (1, $1) RETURNING id`, now).Scan(&id); err != nil {
			return err
		}
		w := stateWrite{id: id, state: stateDraft, version: 1, now: now, slugTaken: slugTaken("input.slug")}
		if _, err := writeState(ctx, tx, w, d); err != nil {
			return prefixField(err, "input")
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindPage, id, 1, d.Variants[0].Title)
	})
	if err != nil {
		return nil, interpretError(err, "page")
	}
	return s.readPage(ctx, db, scopeDraft, id)
}

// UpdatePageDraft applies u to a page's draft. Errors: NOT_FOUND, CONFLICT
// (stale expectedVersion, with the current version), BAD_USER_INPUT naming the
// field under "input".
func (s *Store) UpdatePageDraft(ctx context.Context, db DB, id int64, expectedVersion int, u *content.PageUpdate) (*content.Page, error) {
	return s.changeDraft(ctx, db, id, expectedVersion, content.ActionUpdate, "input", func(d *content.PageDraft) (*content.PageDraft, string, error) {
		next, i, err := u.Apply(d)
		if err != nil {
			return nil, "", err
		}
		if err := next.Validate(""); err != nil {
			return nil, "", variantField(err, i)
		}
		return next, u.Describe(), nil
	})
}

// variantField names a field of the variant an update changed as the
// update's input names it ("variants[1].title" is "input.title").
func variantField(err error, i int) error {
	var e *content.Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	out := *e
	if rest, ok := strings.CutPrefix(e.Field, fmt.Sprintf("variants[%d].", i)); ok && i >= 0 {
		out.Field = "input." + rest
	} else if !strings.HasPrefix(e.Field, "variants") {
		out.Field = "input." + e.Field
	} else {
		out.Field = "input"
	}
	return &out
}

// MovePage places a page's draft under parentID (0: the top) at position.
// Paths below it change with it in the draft, and for readers when it is
// published. Errors: NOT_FOUND, CONFLICT, BAD_USER_INPUT (parentId: no such
// page, the page itself or below it, or a sibling there has the same slug).
func (s *Store) MovePage(ctx context.Context, db DB, id int64, expectedVersion int, parentID int64, position int) (*content.Page, error) {
	return s.changeDraft(ctx, db, id, expectedVersion, content.ActionMove, "", func(d *content.PageDraft) (*content.PageDraft, string, error) {
		next := *d
		next.ParentID, next.Position = parentID, position
		return &next, fmt.Sprintf("to parent %d at position %d", parentID, position), nil
	})
}

// SetPageDocuments replaces the documents attached to a page's draft.
func (s *Store) SetPageDocuments(ctx context.Context, db DB, id int64, expectedVersion int, ids []int64) (*content.Page, error) {
	return s.changeDraft(ctx, db, id, expectedVersion, content.ActionUpdate, "", func(d *content.PageDraft) (*content.PageDraft, string, error) {
		next := *d
		next.DocumentIDs = ids
		return &next, fmt.Sprintf("documents %v", ids), nil
	})
}

// SetPageContacts replaces the contacts shown with a page's draft.
func (s *Store) SetPageContacts(ctx context.Context, db DB, id int64, expectedVersion int, ids []int64) (*content.Page, error) {
	return s.changeDraft(ctx, db, id, expectedVersion, content.ActionUpdate, "", func(d *content.PageDraft) (*content.PageDraft, string, error) {
		next := *d
		next.ContactIDs = ids
		return &next, fmt.Sprintf("contacts %v", ids), nil
	})
}

// changeDraft is the shape of every draft change: raise the version, read the
// draft, change it, validate and write it back, audit.
func (s *Store) changeDraft(ctx context.Context, db DB, id int64, expectedVersion int, action, field string,
	change func(*content.PageDraft) (*content.PageDraft, string, error)) (*content.Page, error) {
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
		next, summary, err := change(d)
		if err != nil {
			return err
		}
		if next.Position < 0 {
			if next.Position, err = endPosition(ctx, tx, next.ParentID, id); err != nil {
				return err
			}
		}
		sanitize(next)
		if err := next.Validate(field); err != nil {
			return err
		}
		slugField := "parentId"
		if action != content.ActionMove {
			slugField = prefixed(field, "slug")
		}
		w := stateWrite{id: id, state: stateDraft, version: v, now: now, slugTaken: slugTaken(slugField)}
		if _, err := writeState(ctx, tx, w, next); err != nil {
			return prefixField(err, field)
		}
		return audit(ctx, tx, now, actorOf(ctx), action, content.KindPage, id, v, summary)
	})
	if err != nil {
		return nil, interpretError(err, "page")
	}
	return s.readPage(ctx, db, scopeDraft, id)
}

// ReorderPages orders the drafts of a parent's children (0: the top level) as
// ids, which must name each of them once; expected holds each page's version,
// in the same order (a page's version covers its position). Each page's new
// position is part of its draft and reaches readers when that page is
// published. Errors: BAD_USER_INPUT (ids, expectedVersions), NOT_FOUND
// (parent), CONFLICT (a stale version, on expectedVersions[i]; nothing is
// written).
func (s *Store) ReorderPages(ctx context.Context, db DB, parentID int64, ids []int64, expected []int) ([]*content.Page, error) {
	now := s.now()
	var parent *int64
	if parentID != 0 {
		parent = &parentID
	}
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		// The pages' rows first, in ID order, as every change of one page takes
		// its row before its states.
		current := map[int64]int{}
		rows, err := tx.Query(ctx, `SELECT id, version FROM pages WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var v int
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			current[id] = v
		}
		if err := rows.Err(); err != nil {
			return err
		}
		var children []int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(page_id ORDER BY page_id), '{}') FROM (
				SELECT page_id FROM page_states WHERE state = 'draft' AND parent_id IS NOT DISTINCT FROM $1
				ORDER BY page_id FOR UPDATE) x`, parent).Scan(&children); err != nil {
			return err
		}
		if parent != nil && len(children) == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM page_states WHERE page_id = $1 AND state = 'draft')`, parentID).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return content.NotFound("page")
			}
		}
		given := map[int64]bool{}
		for i, id := range ids {
			if given[id] {
				return content.Invalid(fmt.Sprintf("pageIds[%d]", i), "listed twice")
			}
			given[id] = true
		}
		for _, c := range children {
			if !given[c] {
				return content.Invalid("pageIds", "must list every page below the parent; page %s is missing", content.GlobalID(content.KindPage, c))
			}
		}
		if len(ids) != len(children) {
			return content.Invalid("pageIds", "lists a page that is not below the parent")
		}
		if len(expected) != len(ids) {
			return content.Invalid("expectedVersions", "must give one version for each of pageIds")
		}
		for i, id := range ids {
			if current[id] != expected[i] {
				e := content.Stale("the page "+content.GlobalID(content.KindPage, id), current[id])
				e.Field = fmt.Sprintf("expectedVersions[%d]", i)
				return e
			}
		}
		var versions []int
		if err := tx.QueryRow(ctx, `WITH up AS (
				UPDATE pages SET version = version + 1 WHERE id = ANY($1) RETURNING id, version)
			SELECT coalesce(array_agg(version ORDER BY array_position($1, id)), '{}') FROM up`, ids).Scan(&versions); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE page_states s SET position = u.n - 1, version = u.version, updated_at = $3
			FROM unnest($1::bigint[], $2::int[]) WITH ORDINALITY AS u(id, version, n)
			WHERE s.state = 'draft' AND s.page_id = u.id`, ids, versions, now); err != nil {
			return err
		}
		for i, id := range ids {
			if err := audit(ctx, tx, now, actorOf(ctx), content.ActionReorder, content.KindPage, id, versions[i],
				fmt.Sprintf("position %d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, interpretError(err, "page")
	}
	keys := make([]content.PageKey, len(ids))
	for i, id := range ids {
		keys[i] = content.PageKey{ID: id, Locale: content.DefaultLocale}
	}
	found, err := s.drafts.On(db).PagesByKey(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]*content.Page, 0, len(keys))
	for _, k := range keys {
		if p := found[k]; p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// DeletePage moves a page to the trash: it is unpublished, its draft is kept
// as a revision (reason "delete") for RestorePage, and its paths are free
// again. Errors: NOT_FOUND, CONFLICT (stale version, or pages below it: move or
// delete them first).
func (s *Store) DeletePage(ctx context.Context, db DB, id int64, expectedVersion int) error {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		v, err := bumpVersion(ctx, tx, id, expectedVersion)
		if err != nil {
			return err
		}
		var below bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM page_states WHERE parent_id = $1)`, id).Scan(&below); err != nil {
			return err
		}
		if below {
			return content.Errorf(content.ECONFLICT, "the page has pages below it; move or delete them first")
		}
		d, err := loadState(ctx, tx, id, stateDraft)
		if err != nil {
			return err
		}
		if err := s.keepRevision(ctx, tx, id, v, "delete", d); err != nil {
			return err
		}
		// Deleting the state rows deletes their variants and relations.
		if _, err := tx.Exec(ctx, `DELETE FROM page_states WHERE page_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE pages SET deleted_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionDelete, content.KindPage, id, v, d.Variants[0].Title)
	})
	return interpretError(err, "page")
}

// RestorePage brings a page back from the trash as a draft, as it was when it
// was deleted; at the top of the tree when its parent is gone. Errors:
// NOT_FOUND (not in the trash), BAD_USER_INPUT (id: its path is taken).
func (s *Store) RestorePage(ctx context.Context, db DB, id int64) (*content.Page, error) {
	now := s.now()
	err := InTx(ctx, db, func(tx pgx.Tx) error {
		var v int
		err := tx.QueryRow(ctx, `UPDATE pages SET version = version + 1, deleted_at = NULL
			WHERE id = $1 AND deleted_at IS NOT NULL RETURNING version`, id).Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			return content.NotFound("page in the trash")
		}
		if err != nil {
			return err
		}
		rev, err := latestRevision(ctx, tx, id, "delete")
		if err != nil {
			return err
		}
		d, summary := rev.Draft, "from the trash"
		if err := s.placeOrTop(ctx, tx, d); err != nil {
			return err
		} else if d.ParentID == 0 && rev.Draft.ParentID != 0 {
			summary += " to the top of the tree: its parent is gone"
		}
		w := stateWrite{id: id, state: stateDraft, version: v, now: now, slugTaken: slugTaken("id")}
		if _, err := writeState(ctx, tx, w, d); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionRestore, content.KindPage, id, v, summary)
	})
	if err != nil {
		return nil, interpretError(err, "page")
	}
	return s.readPage(ctx, db, scopeDraft, id)
}

// placeOrTop moves a draft from a revision to the top of the tree when its
// parent no longer has a draft, and drops relations to items that are gone.
func (s *Store) placeOrTop(ctx context.Context, tx pgx.Tx, d *content.PageDraft) error {
	if d.ParentID != 0 {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM page_states WHERE page_id = $1 AND state = 'draft')`,
			d.ParentID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			d.ParentID = 0
		}
	}
	for _, r := range []struct {
		table string
		ids   *[]int64
	}{{"documents", &d.DocumentIDs}, {"contacts", &d.ContactIDs}} {
		if len(*r.ids) == 0 {
			continue
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(u.id ORDER BY u.n), '{}') FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, n)
			WHERE EXISTS (SELECT 1 FROM `+r.table+` t WHERE t.id = u.id)`, *r.ids).Scan(r.ids); err != nil {
			return err
		}
	}
	return nil
}

// sanitize makes the rich text of a draft safe, before it is validated and
// stored (sanitising is idempotent).
func sanitize(d *content.PageDraft) {
	for _, v := range d.Variants {
		richtext.SanitizeBlocks(v.Blocks)
	}
}

// endPosition is the position after the last draft below parent (0: the top),
// leaving out the page itself.
func endPosition(ctx context.Context, tx pgx.Tx, parent, self int64) (int, error) {
	var p *int64
	if parent != 0 {
		p = &parent
	}
	var pos int
	err := tx.QueryRow(ctx, `SELECT coalesce(max(position) + 1, 0) FROM page_states
		WHERE state = 'draft' AND parent_id IS NOT DISTINCT FROM $1 AND page_id <> $2`, p, self).Scan(&pos)
	return min(pos, content.MaxPosition), err
}

// readPage reads a page in a scope, in Swedish.
func (s *Store) readPage(ctx context.Context, db DB, sc scope, id int64) (*content.Page, error) {
	r := s.Reader
	if sc == scopeDraft {
		r = s.drafts
	}
	key := content.PageKey{ID: id, Locale: content.DefaultLocale}
	found, err := r.On(db).PagesByKey(ctx, []content.PageKey{key})
	if err != nil {
		return nil, err
	}
	if found[key] == nil {
		return nil, content.NotFound("page")
	}
	return found[key], nil
}

func slugTaken(field string) func(locale, path string) error {
	return func(locale, path string) error {
		return content.Invalid(field, "another page already has the path %s (%s); siblings need different slugs", path, locale)
	}
}

func prefixed(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

// prefixField puts a BAD_USER_INPUT's field under prefix ("input.parentId").
func prefixField(err error, prefix string) error {
	var e *content.Error
	if prefix == "" || !errors.As(err, &e) || e.Code != content.EINVALID || e.Field == "" ||
		strings.HasPrefix(e.Field, prefix+".") {
		return err
	}
	out := *e
	out.Field = prefix + "." + e.Field
	return &out
}

// keepRevision stores a page's draft as a revision.
func (s *Store) keepRevision(ctx context.Context, tx pgx.Tx, id int64, version int, reason string, d *content.PageDraft) error {
	snap, err := json.Marshal(d)
	if err != nil {
		return err
	}
	a := actorOf(ctx)
	_, err = tx.Exec(ctx, `INSERT INTO page_revisions (page_id, version, reason, snapshot, author_id, author_email, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, version, reason, snap, a.ID, a.Email, s.now())
	return err
}
