package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// A page's state (draft or published) is its page_states row, its
// page_contents rows (one per locale) and its relation rows. loadState reads
// one state as a PageDraft; writeState replaces one state with a PageDraft.

const (
	stateDraft     = "draft"
	statePublished = "published"
)

// bumpVersion raises a page's version when it is expectedVersion and returns
// the new one. The row stays locked until the transaction ends, so that of two
// saves from the same version one wins and the other gets CONFLICT with the
// version the winner wrote. Errors: NOT_FOUND (no such page, or in the trash),
// CONFLICT.
func bumpVersion(ctx context.Context, tx pgx.Tx, id int64, expectedVersion int) (int, error) {
	var v int
	err := tx.QueryRow(ctx, `UPDATE pages SET version = version + 1
		WHERE id = $1 AND version = $2 AND deleted_at IS NULL RETURNING version`, id, expectedVersion).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, err
	}
	var deleted bool
	if err := tx.QueryRow(ctx, `SELECT version, deleted_at IS NOT NULL FROM pages WHERE id = $1`, id).Scan(&v, &deleted); err != nil {
		return 0, interpretError(err, "page")
	}
	if deleted {
		return 0, content.NotFound("page")
	}
	return 0, content.Stale("the page", v)
}

// loadState reads a state of a page. Errors: NOT_FOUND.
func loadState(ctx context.Context, db DB, id int64, state string) (*content.PageDraft, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT coalesce(parent_id, 0), position, owner, review_due_at FROM page_states
		WHERE page_id = $1 AND state = $2`, id, state)
	b.Queue(`SELECT locale, slug, title, summary, blocks, seo_title, seo_description FROM page_contents
		WHERE page_id = $1 AND state = $2 ORDER BY locale = 'sv' DESC, locale`, id, state)
	b.Queue(`SELECT coalesce(array_agg(document_id ORDER BY position), '{}') FROM page_documents
		WHERE page_id = $1 AND state = $2`, id, state)
	b.Queue(`SELECT coalesce(array_agg(contact_id ORDER BY position), '{}') FROM page_contacts
		WHERE page_id = $1 AND state = $2`, id, state)
	br := db.SendBatch(ctx, b)
	defer br.Close()
	d := &content.PageDraft{}
	if err := br.QueryRow().Scan(&d.ParentID, &d.Position, &d.Owner, &d.ReviewDueAt); err != nil {
		return nil, interpretError(err, "page")
	}
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var v content.PageVariant
		var blocks []byte
		if err := rows.Scan(&v.Locale, &v.Slug, &v.Title, &v.Summary, &blocks, &v.SEOTitle, &v.SEODesc); err != nil {
			rows.Close()
			return nil, err
		}
		if v.Blocks, err = content.UnmarshalBlocks(blocks); err != nil {
			rows.Close()
			return nil, fmt.Errorf("page %d: %w", id, err)
		}
		d.Variants = append(d.Variants, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := br.QueryRow().Scan(&d.DocumentIDs); err != nil {
		return nil, err
	}
	if err := br.QueryRow().Scan(&d.ContactIDs); err != nil {
		return nil, err
	}
	return d, br.Close()
}

// pathChange is a variant whose path a write changed; old is "" for a new
// variant and new is "" for a removed one.
type pathChange struct {
	page     int64
	locale   string
	old, new string
}

// stateWrite is what writeState needs besides the draft.
type stateWrite struct {
	id          int64
	state       string
	version     int
	now         time.Time
	publishedAt *time.Time
	// slugTaken returns the error for a variant whose path another page has.
	slugTaken func(locale, path string) error
}

// writeState makes a state of a page what d says: its place in the tree
// (ancestors kept with the parent, and the ancestors and paths of every page
// below it in that state), its variants and its relations. It returns the
// paths it changed. The parent's row in that state is locked for share, so
// that a concurrent move above cannot leave a stale path behind. Errors:
// BAD_USER_INPUT (parent, related items), CONFLICT (parent not in that state),
// what slugTaken returns.
func writeState(ctx context.Context, tx pgx.Tx, w stateWrite, d *content.PageDraft) ([]pathChange, error) {
	ancestors := []int64{}
	var parent *int64
	if d.ParentID != 0 {
		parent = &d.ParentID
		err := tx.QueryRow(ctx, `SELECT ancestor_ids || page_id FROM page_states
			WHERE page_id = $1 AND state = $2 FOR SHARE`, d.ParentID, w.state).Scan(&ancestors)
		switch {
		case errors.Is(err, pgx.ErrNoRows) && w.state == statePublished:
			return nil, content.Errorf(content.ECONFLICT, "the parent page is not published; publish it first")
		case errors.Is(err, pgx.ErrNoRows):
			return nil, content.Invalid("parentId", "no such page")
		case err != nil:
			return nil, err
		}
		for _, a := range ancestors {
			if a == w.id {
				return nil, content.Invalid("parentId", "a page cannot be placed below itself")
			}
		}
	}
	if err := checkRelated(ctx, tx, d); err != nil {
		return nil, err
	}

	// The old state, to know what moved.
	var oldAncestors []int64
	existed := true
	err := tx.QueryRow(ctx, `SELECT ancestor_ids FROM page_states WHERE page_id = $1 AND state = $2 FOR UPDATE`,
		w.id, w.state).Scan(&oldAncestors)
	if errors.Is(err, pgx.ErrNoRows) {
		existed = false
	} else if err != nil {
		return nil, err
	}
	oldPaths, err := variantPaths(ctx, tx, w.state, []int64{w.id})
	if err != nil {
		return nil, err
	}

	if _, err := tx.Exec(ctx, `INSERT INTO page_states AS s (page_id, state, parent_id, ancestor_ids, position, owner,
			review_due_at, version, published_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (page_id, state) DO UPDATE SET parent_id = excluded.parent_id, ancestor_ids = excluded.ancestor_ids,
			position = excluded.position, owner = excluded.owner, review_due_at = excluded.review_due_at,
			version = excluded.version, published_at = excluded.published_at, updated_at = excluded.updated_at`,
		w.id, w.state, parent, ancestors, d.Position, d.Owner, d.ReviewDueAt, w.version, w.publishedAt, w.now); err != nil {
		return nil, err
	}
	if existed && !equalIDs(oldAncestors, ancestors) {
		// Everything below keeps its place under the page; only what is above changed.
		if _, err := tx.Exec(ctx, `UPDATE page_states SET ancestor_ids = $3::bigint[] || ancestor_ids[array_position(ancestor_ids, $1):]
			WHERE state = $2 AND ancestor_ids @> ARRAY[$1::bigint]`, w.id, w.state, ancestors); err != nil {
			return nil, err
		}
	}

	// The page's own variants.
	parentPaths := map[string]string{}
	if parent != nil {
		pp, err := variantPaths(ctx, tx, w.state, []int64{d.ParentID})
		if err != nil {
			return nil, err
		}
		for k, p := range pp {
			parentPaths[k.locale] = p
		}
	}
	locales := make([]string, len(d.Variants))
	newPaths := map[pageLocale]string{}
	for i, v := range d.Variants {
		locales[i] = v.Locale
		path := fallback(parentPaths, v.Locale) + "/" + v.Slug
		newPaths[pageLocale{w.id, v.Locale}] = path
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM page_contents
			WHERE state = $1 AND path = $2 AND locale = $3 AND page_id <> $4)`, w.state, path, v.Locale, w.id).Scan(&taken); err != nil {
			return nil, err
		}
		if taken {
			return nil, w.slugTaken(v.Locale, path)
		}
		blocks, err := content.MarshalBlocks(v.Blocks)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO page_contents AS c (page_id, locale, state, slug, path, title, summary,
				blocks, body_text, seo_title, seo_description)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (page_id, locale, state) DO UPDATE SET slug = excluded.slug, path = excluded.path,
				title = excluded.title, summary = excluded.summary, blocks = excluded.blocks,
				body_text = excluded.body_text, seo_title = excluded.seo_title, seo_description = excluded.seo_description
			WHERE (c.slug, c.path, c.title, c.summary, c.blocks, c.body_text, c.seo_title, c.seo_description)
				IS DISTINCT FROM (excluded.slug, excluded.path, excluded.title, excluded.summary, excluded.blocks,
				excluded.body_text, excluded.seo_title, excluded.seo_description)`,
			w.id, v.Locale, w.state, v.Slug, path, v.Title, v.Summary, blocks, content.PlainText(v.Blocks),
			v.SEOTitle, v.SEODesc); err != nil {
			return nil, err
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM page_contents WHERE page_id = $1 AND state = $2 AND locale <> ALL($3)`,
		w.id, w.state, locales); err != nil {
		return nil, err
	}
	changes := diffPaths(oldPaths, newPaths)

	// The pages below, when the page's paths changed.
	if len(changes) > 0 && existed {
		below, err := recomputePaths(ctx, tx, w.state, w.id, newPaths)
		if err != nil {
			return nil, err
		}
		changes = append(changes, below...)
	}

	if err := replaceRelation(ctx, tx, "page_documents", "document_id", w.id, w.state, d.DocumentIDs); err != nil {
		return nil, err
	}
	if err := replaceRelation(ctx, tx, "page_contacts", "contact_id", w.id, w.state, d.ContactIDs); err != nil {
		return nil, err
	}
	return changes, nil
}

type pageLocale struct {
	page   int64
	locale string
}

// variantPaths returns the paths of pages' variants in a state.
func variantPaths(ctx context.Context, db DB, state string, ids []int64) (map[pageLocale]string, error) {
	rows, err := db.Query(ctx, `SELECT page_id, locale, path FROM page_contents WHERE state = $1 AND page_id = ANY($2)`, state, ids)
	if err != nil {
		return nil, err
	}
	out := map[pageLocale]string{}
	for rows.Next() {
		var k pageLocale
		var path string
		if err := rows.Scan(&k.page, &k.locale, &path); err != nil {
			rows.Close()
			return nil, err
		}
		out[k] = path
	}
	return out, rows.Err()
}

// fallback returns a parent's path in locale, else in Swedish ("" at the top).
func fallback(paths map[string]string, locale string) string {
	if p, ok := paths[locale]; ok {
		return p
	}
	return paths[content.DefaultLocale]
}

func diffPaths(old, new map[pageLocale]string) []pathChange {
	var out []pathChange
	for k, n := range new {
		if o := old[k]; o != n {
			out = append(out, pathChange{page: k.page, locale: k.locale, old: o, new: n})
		}
	}
	for k, o := range old {
		if _, ok := new[k]; !ok {
			out = append(out, pathChange{page: k.page, locale: k.locale, old: o})
		}
	}
	return out
}

// recomputePaths derives the paths of every page below root in a state from
// root's new paths, top down, and writes those that changed.
func recomputePaths(ctx context.Context, tx pgx.Tx, state string, root int64, rootPaths map[pageLocale]string) ([]pathChange, error) {
	rows, err := tx.Query(ctx, `SELECT s.page_id, s.parent_id, c.locale, c.slug, c.path
		FROM page_states s JOIN page_contents c ON c.page_id = s.page_id AND c.state = s.state
		WHERE s.state = $1 AND s.ancestor_ids @> ARRAY[$2::bigint]
		ORDER BY cardinality(s.ancestor_ids), s.page_id, c.locale`, state, root)
	if err != nil {
		return nil, err
	}
	type variant struct {
		page, parent     int64
		locale, slug, at string
	}
	var below []variant
	for rows.Next() {
		var v variant
		if err := rows.Scan(&v.page, &v.parent, &v.locale, &v.slug, &v.at); err != nil {
			rows.Close()
			return nil, err
		}
		below = append(below, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	paths := map[pageLocale]string{}
	for k, p := range rootPaths {
		paths[k] = p
	}
	var changes []pathChange
	var ids []int64
	var locales, newPaths []string
	for _, v := range below {
		parent, ok := paths[pageLocale{v.parent, v.locale}]
		if !ok {
			parent = paths[pageLocale{v.parent, content.DefaultLocale}]
		}
		p := parent + "/" + v.slug
		paths[pageLocale{v.page, v.locale}] = p
		if p != v.at {
			changes = append(changes, pathChange{page: v.page, locale: v.locale, old: v.at, new: p})
			ids, locales, newPaths = append(ids, v.page), append(locales, v.locale), append(newPaths, p)
		}
	}
	if len(ids) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE page_contents c SET path = x.path
			FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(page_id, locale, path)
			WHERE c.state = $1 AND c.page_id = x.page_id AND c.locale = x.locale`, state, ids, locales, newPaths); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

// replaceRelation makes a page's related items in a state ids, in order, when
// they differ.
func replaceRelation(ctx context.Context, tx pgx.Tx, table, column string, id int64, state string, ids []int64) error {
	if ids == nil {
		ids = []int64{}
	}
	var same bool
	if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(`+column+` ORDER BY position), '{}') = $3::bigint[]
		FROM `+table+` WHERE page_id = $1 AND state = $2`, id, state, ids).Scan(&same); err != nil || same {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE page_id = $1 AND state = $2`, id, state); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+table+` (page_id, state, position, `+column+`)
		SELECT $1, $2, u.n - 1, u.id FROM unnest($3::bigint[]) WITH ORDINALITY AS u(id, n)`, id, state, ids)
	return err
}

// checkRelated reports related items that do not exist.
func checkRelated(ctx context.Context, tx pgx.Tx, d *content.PageDraft) error {
	for _, r := range []struct {
		field, table string
		ids          []int64
	}{{"documentIds", "documents", d.DocumentIDs}, {"contactIds", "contacts", d.ContactIDs}} {
		if len(r.ids) == 0 {
			continue
		}
		var missing []int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(u.id), '{}') FROM unnest($1::bigint[]) AS u(id)
			WHERE NOT EXISTS (SELECT 1 FROM `+r.table+` t WHERE t.id = u.id)`, r.ids).Scan(&missing); err != nil {
			return err
		}
		if len(missing) > 0 {
			for i, id := range r.ids {
				if id == missing[0] {
					return content.Invalid(r.field+"["+strconv.Itoa(i)+"]", "no such item")
				}
			}
		}
	}
	return nil
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
