package postgres

import (
	"context"
	"html"
	"strings"

	"github.com/radhus/radhus/internal/content"
)

// Markers that ts_headline puts around matches: private-use characters that never
// occur in content, so the snippet can be HTML-escaped first and marked up after.
const (
	markStart = "\uE000"
	markStop  = "\uE001"
)

// One ranked query over the three kinds; snippets are made only for the hits on
// the page returned. Pages are searched in the locale asked for (English stemming
// for en), contacts and documents in Swedish.
var searchSQL = scoped(`
WITH q AS (
	SELECT websearch_to_tsquery($2::regconfig, $1) AS pq, websearch_to_tsquery('swedish', $1) AS sq
), hits AS (
	SELECT 'Page' AS kind, c.page_id AS id, c.locale, ts_rank(c.search, q.pq) AS rank,
		$2::regconfig AS cfg, q.pq AS tq, c.title || '. ' || c.summary || ' ' || c.body_text AS doc
	FROM page_contents c, q
	WHERE c.state = @state AND c.locale = $3 AND c.search @@ q.pq
	UNION ALL
	SELECT 'Contact', c.contact_id, '', ts_rank(c.search, q.sq), 'swedish'::regconfig, q.sq,
		c.name || '. ' || c.tagline || ' ' || coalesce(c.visiting_address ->> 'street', '')
	FROM contact_contents c, q
	WHERE c.state = @state AND c.search @@ q.sq
	UNION ALL
	SELECT 'Document', c.document_id, '', ts_rank(c.search, q.sq), 'swedish'::regconfig, q.sq, c.title
	FROM document_contents c, q
	WHERE c.state = @state AND c.search @@ q.sq
	ORDER BY rank DESC, kind DESC, id
	OFFSET $4 LIMIT $5
)
SELECT kind, id, locale, rank,
	ts_headline(cfg, doc, tq, 'StartSel=` + markStart + `, StopSel=` + markStop + `, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "')
FROM hits
ORDER BY rank DESC, kind DESC, id`)

// Search implements content.Reader.
func (s *Reader) Search(ctx context.Context, q content.SearchQuery) ([]content.SearchHit, bool, error) {
	cfg := "swedish"
	if q.Locale == "en" {
		cfg = "english"
	}
	rows, err := s.db.Query(ctx, searchSQL.in(s.scope), q.Text, cfg, q.Locale, q.Offset, q.First+1)
	if err != nil {
		return nil, false, interpretError(err, "search")
	}
	defer rows.Close()
	var hits []content.SearchHit
	hasNext := false
	for rows.Next() {
		var h content.SearchHit
		var rank float32
		if err := rows.Scan(&h.Kind, &h.ID, &h.Locale, &rank, &h.Snippet); err != nil {
			return nil, false, interpretError(err, "search")
		}
		if len(hits) == q.First {
			hasNext = true
			continue
		}
		h.Rank = float64(rank)
		h.Snippet = markSnippet(h.Snippet)
		hits = append(hits, h)
	}
	return hits, hasNext, interpretError(rows.Err(), "search")
}

var markReplacer = strings.NewReplacer(markStart, "<mark>", markStop, "</mark>")

func markSnippet(s string) string {
	return markReplacer.Replace(html.EscapeString(s))
}
