package postgres

import (
	"strings"

	"github.com/radhus/radhus/internal/content"
)

// scope is the state a reader reads: published for anonymous readers, draft
// for editors.
type scope int

const (
	scopePublished scope = iota
	scopeDraft
)

var scopeStates = [...]string{scopePublished: "published", scopeDraft: "draft"}

// scopedSQL is one query in each scope. Its template says @state wherever the
// state goes; each scope's text has the state as a literal, so that a
// prepared statement can still use the partial indexes on published rows.
type scopedSQL [2]string

func scoped(tmpl string) scopedSQL {
	var q scopedSQL
	for s, state := range scopeStates {
		q[s] = strings.ReplaceAll(tmpl, "@state", "'"+state+"'")
	}
	return q
}

func (q scopedSQL) in(s scope) string { return q[s] }

// Reader reads content in one scope on one executor. It implements
// content.Reader.
type Reader struct {
	db     DB
	scope  scope
	blocks *blockCache
	cache  *viewCache
}

// viewCache holds what page views decoded, shared by the readers of a store.
type viewCache struct {
	contacts *decodeCache[*content.Contact]
	hours    *decodeCache[*content.OpeningHours]
}

func newViewCache() *viewCache {
	return &viewCache{contacts: newDecodeCache[*content.Contact](1 << 20), hours: newDecodeCache[*content.OpeningHours](2 << 20)}
}

// On returns a reader of the same scope running on db (a transaction).
func (r *Reader) On(db DB) *Reader {
	out := *r
	out.db = db
	return &out
}
