package postgres

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// pageColumns are read by scanPage, from page_contents c joined with the
// page_states s of the same state (pageJoin).
const pageColumns = `c.page_id, coalesce(s.parent_id, 0), s.ancestor_ids, c.locale, c.slug, c.path,
	c.title, c.summary, c.blocks, c.seo_title, c.seo_description, s.owner, s.review_due_at,
	s.published_at, s.updated_at, s.version,
	ARRAY(SELECT d.document_id FROM page_documents d
	      WHERE d.page_id = c.page_id AND d.state = @state ORDER BY d.position),
	ARRAY(SELECT k.contact_id FROM page_contacts k
	      WHERE k.page_id = c.page_id AND k.state = @state ORDER BY k.position)`

const pageJoin = `JOIN page_states s ON s.page_id = c.page_id AND s.state = @state`

func (s *Reader) scanPage(row pgx.Row, extra ...any) (*content.Page, error) {
	var p content.Page
	var blocks []byte
	dest := append([]any{&p.ID, &p.ParentID, &p.AncestorIDs, &p.Locale, &p.Slug, &p.Path,
		&p.Title, &p.Summary, &blocks, &p.SEOTitle, &p.SEODesc, &p.Owner, &p.ReviewDueAt,
		&p.PublishedAt, &p.UpdatedAt, &p.Version, &p.DocumentIDs, &p.ContactIDs}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	var err error
	if p.Blocks, err = s.blocks.decode(blocks); err != nil {
		return nil, fmt.Errorf("page %d: %w", p.ID, err)
	}
	p.Draft = s.scope == scopeDraft
	return &p, nil
}

// The page found by path is served in the locale asked for when it has that
// variant, else in Swedish.
var pageByPathSQL = scoped(`
WITH hit AS (
	SELECT page_id FROM page_contents
	WHERE state = @state AND path = $1
	ORDER BY (locale = $2) DESC, (locale = 'sv') DESC
	LIMIT 1
)
SELECT ` + pageColumns + `
FROM hit
JOIN page_contents c ON c.page_id = hit.page_id AND c.state = @state AND c.locale IN ($2, 'sv')
` + pageJoin + `
ORDER BY (c.locale = $2) DESC
LIMIT 1`)

var pagesByKeySQL = scoped(`
SELECT DISTINCT ON (k.id, k.locale) ` + pageColumns + `, k.locale
FROM unnest($1::bigint[], $2::text[]) AS k(id, locale)
JOIN page_contents c ON c.page_id = k.id AND c.state = @state AND c.locale IN (k.locale, 'sv')
` + pageJoin + `
ORDER BY k.id, k.locale, (c.locale = k.locale) DESC`)

// PagesByKey implements content.Reader.
func (s *Reader) PagesByKey(ctx context.Context, keys []content.PageKey) (map[content.PageKey]*content.Page, error) {
	ids := make([]int64, len(keys))
	locales := make([]string, len(keys))
	for i, k := range keys {
		ids[i], locales[i] = k.ID, k.Locale
	}
	rows, err := s.db.Query(ctx, pagesByKeySQL.in(s.scope), ids, locales)
	return s.collectPages(rows, err)
}

// collectPages reads pages followed by the locale they were asked in.
func (s *Reader) collectPages(rows pgx.Rows, err error) (map[content.PageKey]*content.Page, error) {
	if err != nil {
		return nil, interpretError(err, "pages")
	}
	defer rows.Close()
	out := map[content.PageKey]*content.Page{}
	for rows.Next() {
		var want string
		p, err := s.scanPage(rows, &want)
		if err != nil {
			return nil, interpretError(err, "pages")
		}
		out[content.PageKey{ID: p.ID, Locale: want}] = p
	}
	return out, interpretError(rows.Err(), "pages")
}

// treeKey orders pages as the tree shows them: by the position (then ID) of each
// ancestor from the top, then of the page itself. Among siblings that is their
// position; across the whole site, every page comes right after its parent.
const treeKey = `(SELECT string_agg(to_char(a.position, 'FM0000000000') || ':' || to_char(a.page_id, 'FM0000000000000000000'), '/' ORDER BY u.n)
	FROM unnest(s.ancestor_ids || s.page_id) WITH ORDINALITY AS u(id, n) JOIN page_states a ON a.page_id = u.id AND a.state = @state)`

// orderings maps a page order to its sort key (as text, so that one cursor shape
// serves every order) and direction.
var orderings = map[content.PageOrder]struct{ key, cmp, dir string }{
	content.PageOrderPosition:  {treeKey, ">", "ASC"},
	content.PageOrderTitle:     {`lower(c.title) COLLATE "C"`, ">", "ASC"},
	content.PageOrderPath:      {`c.path COLLATE "C"`, ">", "ASC"},
	content.PageOrderUpdatedAt: {`to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, "<", "DESC"},
}

// listSQL builds the listing query of an order: one row per page in the locale
// asked for ($1) or Swedish, optionally under a parent ($2), after a cursor ($3, $4).
func listSQL(order content.PageOrder, parentFilter string) string {
	o := orderings[order]
	return `
SELECT ` + pageColumns + `, x.sort_key FROM (
	SELECT DISTINCT ON (c.page_id) c.page_id, c.locale, ` + o.key + ` AS sort_key
	FROM page_contents c ` + pageJoin + `
	WHERE c.state = @state AND c.locale IN ($1, 'sv') AND ` + parentFilter + `
	ORDER BY c.page_id, (c.locale = $1) DESC
) x
JOIN page_contents c ON c.page_id = x.page_id AND c.locale = x.locale AND c.state = @state
` + pageJoin + `
WHERE ($3::text IS NULL OR (x.sort_key COLLATE "C", x.page_id) ` + o.cmp + ` ($3::text COLLATE "C", $4::bigint))
ORDER BY x.sort_key COLLATE "C" ` + o.dir + `, x.page_id ` + o.dir + `
LIMIT $5`
}

var (
	pagesSQL    = map[content.PageOrder]scopedSQL{}
	childrenSQL = map[content.PageOrder]scopedSQL{}
)

func init() {
	for order := range orderings {
		pagesSQL[order] = scoped(listSQL(order, `($2::bigint IS NULL OR s.parent_id = $2)`))
		childrenSQL[order] = scoped(listSQL(order, `s.parent_id = $2`))
	}
}

func afterArgs(c *content.Cursor) (key *string, id int64) {
	if c == nil {
		return nil, 0
	}
	return &c.Key, c.ID
}

// Pages implements content.Reader.
func (s *Reader) Pages(ctx context.Context, f content.PageFilter) (content.List[*content.Page], error) {
	query, ok := pagesSQL[f.Order]
	if !ok {
		return content.List[*content.Page]{}, content.Invalid("orderBy", "unknown order %q", f.Order)
	}
	var parent *int64
	if f.ParentID != 0 {
		parent = &f.ParentID
	}
	key, id := afterArgs(f.Page.After)
	return s.listPages(ctx, query.in(s.scope), f.Locale, parent, key, id, f.Page.First, f.Page.After != nil)
}

func (s *Reader) listPages(ctx context.Context, query, locale string, parent *int64, key *string, id int64, first int, hasPrev bool) (content.List[*content.Page], error) {
	list := content.List[*content.Page]{HasPrev: hasPrev}
	rows, err := s.db.Query(ctx, query, locale, parent, key, id, first+1)
	if err != nil {
		return list, interpretError(err, "pages")
	}
	defer rows.Close()
	for rows.Next() {
		var sortKey string
		p, err := s.scanPage(rows, &sortKey)
		if err != nil {
			return list, interpretError(err, "pages")
		}
		if len(list.Items) == first {
			list.HasNext = true
			continue
		}
		list.Items = append(list.Items, p)
		list.Cursors = append(list.Cursors, content.Cursor{Key: sortKey, ID: p.ID})
	}
	return list, interpretError(rows.Err(), "pages")
}

// Children implements content.Reader: one query per distinct parent key. A request
// that lists the children of many pages with the same arguments still costs one
// query per page, which bounds at the page size cap; the common case (one page's
// children) is one query.
func (s *Reader) Children(ctx context.Context, keys []content.ChildrenKey) (map[content.ChildrenKey]content.List[*content.Page], error) {
	out := make(map[content.ChildrenKey]content.List[*content.Page], len(keys))
	for _, k := range keys {
		query, ok := childrenSQL[k.Order]
		if !ok {
			return nil, content.Invalid("orderBy", "unknown order %q", k.Order)
		}
		var key *string
		if k.After != (content.Cursor{}) {
			key = &k.After.Key
		}
		parent := k.ParentID
		list, err := s.listPages(ctx, query.in(s.scope), k.Locale, &parent, key, k.After.ID, k.First, key != nil)
		if err != nil {
			return nil, err
		}
		out[k] = list
	}
	return out, nil
}

var translationsSQL = scoped(`
SELECT page_id, locale, path, title FROM page_contents
WHERE state = @state AND page_id = ANY($1)
ORDER BY page_id, locale = 'sv' DESC, locale`)

// Translations implements content.Reader.
func (s *Reader) Translations(ctx context.Context, pageIDs []int64) (map[int64][]content.Translation, error) {
	rows, err := s.db.Query(ctx, translationsSQL.in(s.scope), pageIDs)
	return collectTranslations(rows, err)
}

func collectTranslations(rows pgx.Rows, err error) (map[int64][]content.Translation, error) {
	if err != nil {
		return nil, interpretError(err, "translations")
	}
	defer rows.Close()
	out := map[int64][]content.Translation{}
	for rows.Next() {
		var id int64
		var t content.Translation
		if err := rows.Scan(&id, &t.Locale, &t.Path, &t.Title); err != nil {
			return nil, interpretError(err, "translations")
		}
		out[id] = append(out[id], t)
	}
	return out, interpretError(rows.Err(), "translations")
}

// The menu is read in one query: pages below the root ($1, 0 for the top of the
// tree), no deeper than asked, each in the locale asked for or Swedish.
var menuSQL = scoped(`
SELECT DISTINCT ON (s.page_id) s.page_id, coalesce(s.parent_id, 0), s.position, c.title, c.path
FROM page_states s
JOIN page_contents c ON c.page_id = s.page_id AND c.state = @state AND c.locale IN ($2, 'sv')
WHERE s.state = @state AND CASE WHEN $1::bigint = 0 THEN cardinality(s.ancestor_ids) < $3
      ELSE s.ancestor_ids @> ARRAY[$1::bigint]
           AND cardinality(s.ancestor_ids) < (SELECT cardinality(r.ancestor_ids) + 1 FROM page_states r
                                               WHERE r.page_id = $1 AND r.state = @state) + $3 END
ORDER BY s.page_id, (c.locale = $2) DESC`)

var menuRootSQL = scoped(`
SELECT page_id FROM page_contents
WHERE state = @state AND path = $1
ORDER BY (locale = $2) DESC
LIMIT 1`)

// Menu implements content.Reader.
func (s *Reader) Menu(ctx context.Context, rootPath, locale string, depth int) ([]*content.MenuItem, error) {
	var rootID int64
	if rootPath != "" {
		if err := s.db.QueryRow(ctx, menuRootSQL.in(s.scope), rootPath, locale).Scan(&rootID); err != nil {
			return nil, interpretError(err, "menu root")
		}
	}
	rows, err := s.db.Query(ctx, menuSQL.in(s.scope), rootID, locale, depth)
	if err != nil {
		return nil, interpretError(err, "menu")
	}
	defer rows.Close()
	type node struct {
		item     *content.MenuItem
		parent   int64
		position int
	}
	var nodes []node
	byID := map[int64]*content.MenuItem{}
	for rows.Next() {
		n := node{item: &content.MenuItem{}}
		if err := rows.Scan(&n.item.ID, &n.parent, &n.position, &n.item.Title, &n.item.Path); err != nil {
			return nil, interpretError(err, "menu")
		}
		nodes = append(nodes, n)
		byID[n.item.ID] = n.item
	}
	if err := rows.Err(); err != nil {
		return nil, interpretError(err, "menu")
	}
	sort.Slice(nodes, func(i, j int) bool {
		a, b := nodes[i], nodes[j]
		return a.position < b.position || a.position == b.position && a.item.ID < b.item.ID
	})
	top := []*content.MenuItem{}
	for _, n := range nodes {
		if n.parent == rootID {
			top = append(top, n.item)
		} else if parent, ok := byID[n.parent]; ok {
			parent.Children = append(parent.Children, n.item)
		}
		// Anything else hangs below an unpublished page and is left out with it.
	}
	return top, nil
}
