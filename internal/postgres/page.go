package postgres

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// pageColumns are read by scanPage, from page_contents c joined with pages p.
const pageColumns = `c.page_id, coalesce(p.parent_id, 0), p.ancestor_ids, c.locale, c.slug, c.path,
	c.title, c.summary, c.blocks, c.seo_title, c.seo_description, p.owner, p.review_due_at,
	c.published_at, c.updated_at, c.version,
	ARRAY(SELECT d.document_id FROM page_documents d
	      WHERE d.page_id = c.page_id AND d.state = 'published' ORDER BY d.position),
	ARRAY(SELECT k.contact_id FROM page_contacts k
	      WHERE k.page_id = c.page_id AND k.state = 'published' ORDER BY k.position)`

func (s *Store) scanPage(row pgx.Row, extra ...any) (*content.Page, error) {
	var p content.Page
	var blocks []byte
	dest := append([]any{&p.ID, &p.ParentID, &p.AncestorIDs, &p.Locale, &p.Slug, &p.Path,
		&p.Title, &p.Summary, &blocks, &p.SEOTitle, &p.SEODesc, &p.Owner, &p.ReviewDueAt,
		&p.PublishedAt, &p.UpdatedAt, &p.Version, &p.DocumentIDs, &p.ContactIDs}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	var err error
	if p.Blocks, err = s.blocks.decode(&p, blocks); err != nil {
		return nil, fmt.Errorf("page %d: %w", p.ID, err)
	}
	return &p, nil
}

// The page found by path is served in the locale asked for when it has that
// variant, else in Swedish.
const pageByPathSQL = `
WITH hit AS (
	SELECT page_id FROM page_contents
	WHERE state = 'published' AND path = $1
	ORDER BY (locale = $2) DESC, (locale = 'sv') DESC
	LIMIT 1
)
SELECT ` + pageColumns + `
FROM hit
JOIN page_contents c ON c.page_id = hit.page_id AND c.state = 'published' AND c.locale IN ($2, 'sv')
JOIN pages p ON p.id = c.page_id
ORDER BY (c.locale = $2) DESC
LIMIT 1`

const pagesByKeySQL = `
SELECT DISTINCT ON (k.id, k.locale) ` + pageColumns + `, k.locale
FROM unnest($1::bigint[], $2::text[]) AS k(id, locale)
JOIN page_contents c ON c.page_id = k.id AND c.state = 'published' AND c.locale IN (k.locale, 'sv')
JOIN pages p ON p.id = c.page_id
ORDER BY k.id, k.locale, (c.locale = k.locale) DESC`

// PagesByKey implements content.Reader.
func (s *Store) PagesByKey(ctx context.Context, keys []content.PageKey) (map[content.PageKey]*content.Page, error) {
	ids := make([]int64, len(keys))
	locales := make([]string, len(keys))
	for i, k := range keys {
		ids[i], locales[i] = k.ID, k.Locale
	}
	rows, err := s.pool.Query(ctx, pagesByKeySQL, ids, locales)
	return s.collectPages(rows, err)
}

// collectPages reads pages followed by the locale they were asked in.
func (s *Store) collectPages(rows pgx.Rows, err error) (map[content.PageKey]*content.Page, error) {
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
const treeKey = `(SELECT string_agg(to_char(a.position, 'FM0000000000') || ':' || to_char(a.id, 'FM0000000000000000000'), '/' ORDER BY u.n)
	FROM unnest(p.ancestor_ids || p.id) WITH ORDINALITY AS u(id, n) JOIN pages a ON a.id = u.id)`

// orderings maps a page order to its sort key (as text, so that one cursor shape
// serves every order) and direction.
var orderings = map[content.PageOrder]struct{ key, cmp, dir string }{
	content.PageOrderPosition:  {treeKey, ">", "ASC"},
	content.PageOrderTitle:     {`lower(c.title) COLLATE "C"`, ">", "ASC"},
	content.PageOrderPath:      {`c.path COLLATE "C"`, ">", "ASC"},
	content.PageOrderUpdatedAt: {`to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, "<", "DESC"},
}

// listSQL builds the listing query of an order: one row per page in the locale
// asked for ($1) or Swedish, optionally under a parent ($2), after a cursor ($3, $4).
func listSQL(order content.PageOrder, parentFilter string) string {
	o := orderings[order]
	return `
SELECT ` + pageColumns + `, x.sort_key FROM (
	SELECT DISTINCT ON (c.page_id) c.page_id, c.locale, ` + o.key + ` AS sort_key
	FROM page_contents c JOIN pages p ON p.id = c.page_id
	WHERE c.state = 'published' AND c.locale IN ($1, 'sv') AND ` + parentFilter + `
	ORDER BY c.page_id, (c.locale = $1) DESC
) x
JOIN page_contents c ON c.page_id = x.page_id AND c.locale = x.locale AND c.state = 'published'
JOIN pages p ON p.id = c.page_id
WHERE ($3::text IS NULL OR (x.sort_key COLLATE "C", x.page_id) ` + o.cmp + ` ($3::text COLLATE "C", $4::bigint))
ORDER BY x.sort_key COLLATE "C" ` + o.dir + `, x.page_id ` + o.dir + `
LIMIT $5`
}

var (
	pagesSQL    = map[content.PageOrder]string{}
	childrenSQL = map[content.PageOrder]string{}
)

func init() {
	for order := range orderings {
		pagesSQL[order] = listSQL(order, `($2::bigint IS NULL OR p.parent_id = $2)`)
		childrenSQL[order] = listSQL(order, `p.parent_id = $2`)
	}
}

func afterArgs(c *content.Cursor) (key *string, id int64) {
	if c == nil {
		return nil, 0
	}
	return &c.Key, c.ID
}

// Pages implements content.Reader.
func (s *Store) Pages(ctx context.Context, f content.PageFilter) (content.List[*content.Page], error) {
	query, ok := pagesSQL[f.Order]
	if !ok {
		return content.List[*content.Page]{}, content.Invalid("orderBy", "unknown order %q", f.Order)
	}
	var parent *int64
	if f.ParentID != 0 {
		parent = &f.ParentID
	}
	key, id := afterArgs(f.Page.After)
	return s.listPages(ctx, query, f.Locale, parent, key, id, f.Page.First, f.Page.After != nil)
}

func (s *Store) listPages(ctx context.Context, query, locale string, parent *int64, key *string, id int64, first int, hasPrev bool) (content.List[*content.Page], error) {
	list := content.List[*content.Page]{HasPrev: hasPrev}
	rows, err := s.pool.Query(ctx, query, locale, parent, key, id, first+1)
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
func (s *Store) Children(ctx context.Context, keys []content.ChildrenKey) (map[content.ChildrenKey]content.List[*content.Page], error) {
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
		list, err := s.listPages(ctx, query, k.Locale, &parent, key, k.After.ID, k.First, key != nil)
		if err != nil {
			return nil, err
		}
		out[k] = list
	}
	return out, nil
}

const translationsSQL = `
SELECT page_id, locale, path, title FROM page_contents
WHERE state = 'published' AND page_id = ANY($1)
ORDER BY page_id, locale = 'sv' DESC, locale`

// Translations implements content.Reader.
func (s *Store) Translations(ctx context.Context, pageIDs []int64) (map[int64][]content.Translation, error) {
	rows, err := s.pool.Query(ctx, translationsSQL, pageIDs)
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
const menuSQL = `
SELECT DISTINCT ON (p.id) p.id, coalesce(p.parent_id, 0), p.position, c.title, c.path
FROM pages p
JOIN page_contents c ON c.page_id = p.id AND c.state = 'published' AND c.locale IN ($2, 'sv')
WHERE CASE WHEN $1::bigint = 0 THEN cardinality(p.ancestor_ids) < $3
      ELSE p.ancestor_ids @> ARRAY[$1::bigint]
           AND cardinality(p.ancestor_ids) < (SELECT cardinality(r.ancestor_ids) + 1 FROM pages r WHERE r.id = $1) + $3 END
ORDER BY p.id, (c.locale = $2) DESC`

const menuRootSQL = `
SELECT page_id FROM page_contents
WHERE state = 'published' AND path = $1
ORDER BY (locale = $2) DESC
LIMIT 1`

// Menu implements content.Reader.
func (s *Store) Menu(ctx context.Context, rootPath, locale string, depth int) ([]*content.MenuItem, error) {
	var rootID int64
	if rootPath != "" {
		if err := s.pool.QueryRow(ctx, menuRootSQL, rootPath, locale).Scan(&rootID); err != nil {
			return nil, interpretError(err, "menu root")
		}
	}
	rows, err := s.pool.Query(ctx, menuSQL, rootID, locale, depth)
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
