package postgres

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/radhus/radhus/internal/content"
)

// A page listing is one statement per shape (order, under a parent or not, the
// fields read), each with the cursor as plain typed parameters and a value
// meaning "from the start" instead of NULL. PostgreSQL can then keep one
// generic plan per statement that walks an index in the listing's order and
// stops after the page, rather than planning each call anew for a
// `$3 IS NULL OR ...` predicate. Each listed page is its row of served_pages in
// the locale asked for ($1): the variant that answers is already picked, so a
// child listing is one walk of served_pages_parent.
//
// Cursor keys by order:
//
//	POSITION under a parent   the position (siblings are ordered by position, then ID)
//	POSITION over all pages   the stored tree key (page_states.tree_key), dot-separated
//	TITLE, PATH               the lowercased title, the path
//	UPDATED_AT                microseconds since 1970
type listShape struct {
	order  content.PageOrder
	parent bool
	fields content.ListFields
}

func listSQL(sh listShape) string {
	parent := ""
	if sh.parent {
		parent = " AND s.parent_id = $2"
	}
	var key, where, order string
	switch {
	case sh.order == content.PageOrderPosition && sh.parent:
		key = `s.position::text`
		where = `(s.position, s.page_id) > ($3::integer, $4::bigint)`
		order = `s.position, s.page_id`
	case sh.order == content.PageOrderPosition:
		key = `array_to_string(s.tree_key, '.')`
		// Tree keys are unique: no ID is needed to break ties, but $4 is
		// always sent and must have a type.
		where = `s.tree_key > $3::bigint[] AND $4::bigint IS NOT NULL`
		order = `s.tree_key`
	case sh.order == content.PageOrderTitle:
		key = `lower(s.title)`
		where = `(lower(s.title) COLLATE "C", s.page_id) > ($3::text COLLATE "C", $4::bigint)`
		order = `lower(s.title) COLLATE "C", s.page_id`
	case sh.order == content.PageOrderPath:
		key = `s.path`
		where = `(s.path COLLATE "C", s.page_id) > ($3::text COLLATE "C", $4::bigint)`
		order = `s.path COLLATE "C", s.page_id`
	case sh.order == content.PageOrderUpdatedAt:
		key = `((extract(epoch FROM s.updated_at) * 1000000)::bigint)::text`
		where = `(s.updated_at, s.page_id) < (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::bigint)`
		order = `s.updated_at DESC, s.page_id DESC`
	}
	if !sh.parent {
		// $2 is always sent and must have a type.
		parent = " AND $2::bigint IS NOT NULL"
	}
	join := ""
	if sh.fields.Blocks {
		join = "\n" + blocksJoin
	}
	return `
SELECT ` + pageColumnsFor(sh.fields) + `, ` + key + `
FROM served_pages s` + join + `
WHERE s.state = @state AND s.locale = $1` + parent + ` AND ` + where + `
ORDER BY ` + order + `
LIMIT $5`
}

var listSQLs = map[listShape]scopedSQL{}

func init() {
	for _, order := range []content.PageOrder{content.PageOrderPosition, content.PageOrderTitle, content.PageOrderPath, content.PageOrderUpdatedAt} {
		for _, parent := range []bool{false, true} {
			for _, blocks := range []bool{false, true} {
				for _, relations := range []bool{false, true} {
					sh := listShape{order, parent, content.ListFields{Blocks: blocks, Relations: relations}}
					listSQLs[sh] = scoped(listSQL(sh))
				}
			}
		}
	}
}

// cursorArgs turns a cursor (nil: from the start) into the statement's $3 and
// $4. A key that this order never produced is BAD_USER_INPUT.
func cursorArgs(sh listShape, c *content.Cursor) (any, int64, error) {
	bad := content.Invalid("after", "malformed cursor")
	switch {
	case sh.order == content.PageOrderPosition && sh.parent:
		if c == nil {
			return -1, 0, nil // positions are not negative
		}
		pos, err := strconv.Atoi(c.Key)
		if err != nil || pos < math.MinInt32 || pos > math.MaxInt32 {
			return nil, 0, bad
		}
		return pos, c.ID, nil
	case sh.order == content.PageOrderPosition:
		if c == nil {
			return []int64{}, 0, nil
		}
		var key []int64
		for _, part := range strings.Split(c.Key, ".") {
			n, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				return nil, 0, bad
			}
			key = append(key, n)
		}
		return key, 0, nil
	case sh.order == content.PageOrderUpdatedAt:
		if c == nil {
			return int64(1) << 52, math.MaxInt64, nil // far beyond any time stored
		}
		us, err := strconv.ParseInt(c.Key, 10, 64)
		if err != nil || us < -(int64(1)<<52) || us > int64(1)<<52 {
			return nil, 0, bad
		}
		return us, c.ID, nil
	default: // TITLE, PATH: every key sorts after ""
		if c == nil {
			return "", 0, nil
		}
		return c.Key, c.ID, nil
	}
}

// Pages implements content.Reader.
func (s *Reader) Pages(ctx context.Context, f content.PageFilter) (content.List[*content.Page], error) {
	return s.listPages(ctx, listShape{f.Order, f.ParentID != 0, f.Fields}, f.Locale, f.ParentID, f.Page.After, f.Page.First)
}

func (s *Reader) listPages(ctx context.Context, sh listShape, locale string, parent int64, after *content.Cursor, first int) (content.List[*content.Page], error) {
	list := content.List[*content.Page]{HasPrev: after != nil}
	query, ok := listSQLs[sh]
	if !ok {
		return list, content.Invalid("orderBy", "unknown order %q", sh.order)
	}
	key, id, err := cursorArgs(sh, after)
	if err != nil {
		return list, err
	}
	rows, err := s.db.Query(ctx, query.in(s.scope), servedLocale(locale), parent, key, id, first+1)
	if err != nil {
		return list, interpretError(err, "pages")
	}
	defer rows.Close()
	var sortKey string
	sc := s.newPageScanner(&sortKey)
	for rows.Next() {
		p, err := sc.scan(rows)
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
		var after *content.Cursor
		if k.After != (content.Cursor{}) {
			after = &k.After
		}
		list, err := s.listPages(ctx, listShape{k.Order, true, k.Fields}, k.Locale, k.ParentID, after, k.First)
		if err != nil {
			return nil, err
		}
		out[k] = list
	}
	return out, nil
}
