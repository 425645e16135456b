package content

import "strings"

// SearchHit is one ranked search result.
type SearchHit struct {
	Kind    string // KindPage, KindContact or KindDocument
	ID      int64
	Locale  string // for pages
	Rank    float64
	Snippet string // HTML-escaped, matches wrapped in <mark>
}

// SearchQuery is a full-text search.
type SearchQuery struct {
	Text   string
	Locale string
	First  int
	Offset int
}

// MaxSearchQuery bounds the length of a search query.
const MaxSearchQuery = 200

// NewSearchQuery validates the arguments of a search. The cursor of a search is
// an offset into the ranked hits.
func NewSearchQuery(text, locale string, first *int, after *string) (SearchQuery, error) {
	q := SearchQuery{Text: strings.TrimSpace(text)}
	if q.Text == "" {
		return q, Invalid("query", "query must not be empty")
	}
	if len(q.Text) > MaxSearchQuery {
		return q, Invalid("query", "query must be at most %d characters", MaxSearchQuery)
	}
	var err error
	if q.Locale, err = ParseLocale("locale", locale); err != nil {
		return q, err
	}
	page, err := NewPageRequest(first, after)
	if err != nil {
		return q, err
	}
	q.First = page.First
	if page.After != nil {
		if page.After.ID < 0 || page.After.ID > 10_000 {
			return q, Invalid("after", "malformed cursor")
		}
		q.Offset = int(page.After.ID)
	}
	return q, nil
}
