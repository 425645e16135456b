package graph

import (
	"context"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// QueryCache keeps parsed and validated queries, bounded in bytes. gqlgen
// adds a query only after it passed the limits and validation.
type QueryCache struct {
	c *lru[string, *queryEntry]
}

// queryEntry is a parsed query and what is known of it.
type queryEntry struct {
	doc *ast.QueryDocument
	// withinLimits: the query passed the limits whatever its variables (no
	// page size in it is a variable), so they need not measure it again.
	withinLimits atomic.Bool
}

var _ graphql.Cache[*ast.QueryDocument] = (*QueryCache)(nil)

// docBytesPerQueryByte estimates the memory of a parsed query from its text:
// its syntax tree, positions and the schema references validation adds.
const docBytesPerQueryByte = 24

// NewQueryCache returns a query cache holding about budget bytes.
func NewQueryCache(budget int64) *QueryCache {
	return &QueryCache{c: newLRU[string, *queryEntry](budget)}
}

func (q *QueryCache) Get(_ context.Context, query string) (*ast.QueryDocument, bool) {
	e, ok := q.c.get(query)
	if !ok {
		return nil, false
	}
	return e.doc, true
}

func (q *QueryCache) Add(_ context.Context, query string, doc *ast.QueryDocument) {
	q.c.add(query, &queryEntry{doc: doc}, int64(len(query))*(1+docBytesPerQueryByte))
}

func (q *QueryCache) peek(query string) (*queryEntry, bool) { return q.c.peek(query) }

// Stats returns the cache's size and hit counts.
func (q *QueryCache) Stats() CacheStats { return q.c.stats() }

// PersistedQueries keeps the text of automatic persisted queries by their
// SHA-256, bounded in bytes; a query is kept only once it passed the limits
// and validation.
type PersistedQueries struct{ c *lru[string, string] }

// NewPersistedQueries returns a store of persisted queries holding about
// budget bytes.
func NewPersistedQueries(budget int64) *PersistedQueries {
	return &PersistedQueries{c: newLRU[string, string](budget)}
}

// Stats returns the store's size and hit counts.
func (p *PersistedQueries) Stats() CacheStats { return p.c.stats() }
