package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"mime"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// ResponseCache keeps whole responses of anonymous read-only queries, keyed by
// the request, and serves them again without running the query. It is only on
// while the database's change notifications are being received: every content
// change empties it (Invalidate), so it never serves content older than the
// last commit it was told of. Queries that select a @volatile field (one that
// depends on the current time, such as openNow) and responses with errors are
// never kept.
type ResponseCache struct {
	enabled atomic.Bool
	mu      sync.RWMutex
	gen     uint64
	entries map[[32]byte]cachedResponse
	max     int
}

type cachedResponse struct {
	contentType string
	body        []byte
}

// Bounds of the cache.
const (
	cacheEntries      = 10_000
	maxCachedResponse = 256 << 10
)

// NewResponseCache returns a cache, off until SetEnabled(true).
func NewResponseCache() *ResponseCache {
	return &ResponseCache{entries: make(map[[32]byte]cachedResponse), max: cacheEntries}
}

// SetEnabled turns serving from the cache on or off; off also empties it.
func (c *ResponseCache) SetEnabled(on bool) {
	if !on {
		c.Invalidate()
	}
	c.enabled.Store(on)
}

// Invalidate empties the cache; responses being computed are not kept.
func (c *ResponseCache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// cacheVerdict is where the GraphQL layer tells the cache whether the response
// it is writing may be kept.
type cacheVerdict struct{ keep atomic.Bool }

type verdictKey struct{}

// Middleware serves cached responses and keeps new ones.
func (c *ResponseCache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Uploads are never cached, and their bodies are not read into memory.
		if !c.enabled.Load() || r.Header.Get("Authorization") != "" || (r.Method != http.MethodGet && r.Method != http.MethodPost) ||
			isMultipart(r) {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		h := sha256.New()
		for _, part := range []string{r.Method, r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Accept")} {
			io.WriteString(h, part)
			h.Write([]byte{0})
		}
		h.Write(body)
		var key [32]byte
		h.Sum(key[:0])

		c.mu.RLock()
		hit, ok := c.entries[key]
		gen := c.gen
		c.mu.RUnlock()
		if ok {
			w.Header().Set("Content-Type", hit.contentType)
			w.Header().Set("X-Radhus-Cache", "hit")
			w.Write(hit.body)
			return
		}

		verdict := &cacheVerdict{}
		rec := &recorder{ResponseWriter: w}
		w.Header().Set("X-Radhus-Cache", "miss")
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), verdictKey{}, verdict)))
		if !verdict.keep.Load() || rec.status != http.StatusOK || rec.overflow {
			return
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.gen == gen && len(c.entries) < c.max {
			c.entries[key] = cachedResponse{contentType: w.Header().Get("Content-Type"), body: rec.buf.Bytes()}
		}
	})
}

// recorder passes a response through and keeps a copy of it, up to
// maxCachedResponse bytes.
type recorder struct {
	http.ResponseWriter
	status   int
	buf      bytes.Buffer
	overflow bool
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.overflow {
		if r.buf.Len()+len(b) > maxCachedResponse {
			r.overflow = true
			r.buf = bytes.Buffer{}
		} else {
			r.buf.Write(b)
		}
	}
	return r.ResponseWriter.Write(b)
}

// cachePolicy is the gqlgen extension that decides whether a response may be
// kept: a query (not a mutation), without errors, selecting no @volatile field.
type cachePolicy struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = cachePolicy{}

func (cachePolicy) ExtensionName() string                   { return "ResponseCachePolicy" }
func (cachePolicy) Validate(graphql.ExecutableSchema) error { return nil }

func (cachePolicy) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	verdict, _ := ctx.Value(verdictKey{}).(*cacheVerdict)
	if verdict == nil || resp == nil || len(resp.Errors) > 0 || !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation != nil && oc.Operation.Operation == ast.Query && !selectsVolatile(oc.Operation.SelectionSet, oc.Doc.Fragments, 0) {
		verdict.keep.Store(true)
	}
	return resp
}

func selectsVolatile(set ast.SelectionSet, frags ast.FragmentDefinitionList, depth int) bool {
	if depth > 64 {
		return true
	}
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Definition != nil && s.Definition.Directives.ForName("volatile") != nil {
				return true
			}
			if selectsVolatile(s.SelectionSet, frags, depth+1) {
				return true
			}
		case *ast.InlineFragment:
			if selectsVolatile(s.SelectionSet, frags, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil && selectsVolatile(f.SelectionSet, frags, depth+1) {
				return true
			}
		}
	}
	return false
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}
