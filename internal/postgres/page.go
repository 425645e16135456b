package postgres

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// pageColumns are read by a pageScanner, from served_pages s (a page state as it is
// served in the locale asked for: the variant that answers, the state's place
// and metadata, its relations' IDs) and, for the blocks only, from that
// variant's page_contents row c (blocksJoin).
var pageColumns = pageColumnsFor(content.ListFields{Blocks: true, Relations: true})

// pageColumnsFor is pageColumns with NULL for the blocks and the relations'
// IDs unless f asks for them: reading and decoding 2.6 KB of blocks per page
// cost more than all the rest of a listed page.
func pageColumnsFor(f content.ListFields) string {
	blocks, relations := `NULL::jsonb`, `NULL::bigint[], NULL::bigint[]`
	if f.Blocks {
		blocks = `c.blocks`
	}
	if f.Relations {
		relations = `s.document_ids, s.contact_ids`
	}
	return `s.page_id, coalesce(s.parent_id, 0), s.ancestor_ids, s.variant, s.slug, s.path,
	s.title, s.summary, ` + blocks + `, s.seo_title, s.seo_description, s.owner, s.review_due_at,
	s.published_at, s.updated_at, s.version, ` + relations
}

// blocksJoin joins the variant that answers, for its blocks.
const blocksJoin = `JOIN page_contents c ON c.page_id = s.page_id AND c.state = @state AND c.locale = s.variant`

// servedLocale is the locale whose rows of served_pages answer a request in
// locale: served_pages holds the supported locales only, and any other falls
// back to the default as a missing variant does.
func servedLocale(locale string) string {
	if l, err := content.ParseLocale("locale", locale); err == nil {
		return l
	}
	return content.DefaultLocale
}

// pageScanner scans rows of pageColumns, then extra, into pages, with one
// list of destinations for all of its rows: building that list for every row
// was a third of what a child listing allocated.
type pageScanner struct {
	s      *Reader
	p      content.Page // the row being scanned
	blocks []byte
	dest   []any
}

func (s *Reader) newPageScanner(extra ...any) *pageScanner {
	sc := &pageScanner{s: s}
	p := &sc.p
	sc.dest = append(make([]any, 0, 18+len(extra)), &p.ID, &p.ParentID, &p.AncestorIDs, &p.Locale, &p.Slug, &p.Path,
		&p.Title, &p.Summary, &sc.blocks, &p.SEOTitle, &p.SEODesc, &p.Owner, &p.ReviewDueAt,
		&p.PublishedAt, &p.UpdatedAt, &p.Version, &p.DocumentIDs, &p.ContactIDs)
	sc.dest = append(sc.dest, extra...)
	return sc
}

// scan reads one row into a new page (and the extra destinations).
func (sc *pageScanner) scan(row pgx.Row) (*content.Page, error) {
	// From zero, so that nothing the previous row's page holds is scanned
	// into again.
	sc.p, sc.blocks = content.Page{}, nil
	if err := row.Scan(sc.dest...); err != nil {
		return nil, err
	}
	p := new(content.Page)
	*p = sc.p
	if sc.blocks != nil {
		var err error
		if p.Blocks, err = sc.s.blocks.decode(sc.blocks); err != nil {
			return nil, fmt.Errorf("page %d: %w", p.ID, err)
		}
	}
	p.Draft = sc.s.scope == scopeDraft
	return p, nil
}

// scanPage reads the one row of a page.
func (s *Reader) scanPage(row pgx.Row, extra ...any) (*content.Page, error) {
	return s.newPageScanner(extra...).scan(row)
}

var pagesByKeySQL = scoped(`
SELECT ` + pageColumns + `, k.locale
FROM unnest($1::bigint[], $2::text[], $3::text[]) AS k(id, locale, served)
JOIN served_pages s ON s.state = @state AND s.locale = k.served AND s.page_id = k.id
` + blocksJoin)

// PagesByKey implements content.Reader.
func (s *Reader) PagesByKey(ctx context.Context, keys []content.PageKey) (map[content.PageKey]*content.Page, error) {
	ids := make([]int64, len(keys))
	locales := make([]string, len(keys))
	served := make([]string, len(keys))
	for i, k := range keys {
		ids[i], locales[i], served[i] = k.ID, k.Locale, servedLocale(k.Locale)
	}
	rows, err := s.db.Query(ctx, pagesByKeySQL.in(s.scope), ids, locales, served)
	return s.collectPages(rows, err)
}

// collectPages reads pages followed by the locale they were asked in.
func (s *Reader) collectPages(rows pgx.Rows, err error) (map[content.PageKey]*content.Page, error) {
	if err != nil {
		return nil, interpretError(err, "pages")
	}
	defer rows.Close()
	out := map[content.PageKey]*content.Page{}
	var want string
	sc := s.newPageScanner(&want)
	for rows.Next() {
		p, err := sc.scan(rows)
		if err != nil {
			return nil, interpretError(err, "pages")
		}
		out[content.PageKey{ID: p.ID, Locale: want}] = p
	}
	return out, interpretError(rows.Err(), "pages")
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
