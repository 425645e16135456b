package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/radhus/radhus/internal/requestid"
)

// ResponseCache keeps whole responses of anonymous read-only queries and
// serves them again without running the query. It is only on while the
// database's change notifications are being received: every content change
// empties it (Invalidate), so it never serves content older than the last
// commit it was told of. Queries that select a @volatile field (one that
// depends on the current time, such as openNow) and responses with errors are
// never kept.
//
// It is bounded in bytes and evicts the least recently used responses. A
// response is keyed by the query's tokens (not its spacing, commas or
// comments), the operation name and the variables; variables the operation
// does not declare are refused before, so junk cannot multiply the entries.
//
// In front of that, the exact bytes of requests already answered (a POST's
// body, a GET's query string) lead to their key, so that a repeated request
// is answered without decoding or lexing it.
type ResponseCache struct {
	enabled atomic.Bool
	mu      sync.Mutex // orders gen and the entries' changes
	gen     uint64
	entries *lru[[32]byte, cachedResponse]
	// aliases maps the digest of a request's bytes to its key in entries.
	// The mapping never goes stale (the same bytes always decode to the same
	// key), so it is not emptied when content changes.
	aliases *lru[[32]byte, [32]byte]
}

type cachedResponse struct {
	contentType string
	body        []byte
	// operation is the name of the operation answered, which a hit records
	// for the request's log line and metrics as the first answer did.
	operation string
}

// DefaultResponseCacheBytes is the response cache's budget when not told
// otherwise.
const DefaultResponseCacheBytes = 64 << 20

// maxCachedResponse bounds one kept response.
const maxCachedResponse = 256 << 10

// NewResponseCache returns a cache of DefaultResponseCacheBytes, off until
// SetEnabled(true).
func NewResponseCache() *ResponseCache { return NewResponseCacheOf(DefaultResponseCacheBytes) }

// NewResponseCacheOf returns a cache holding about budget bytes of
// responses, off until SetEnabled(true).
func NewResponseCacheOf(budget int64) *ResponseCache {
	return &ResponseCache{entries: newLRU[[32]byte, cachedResponse](budget),
		aliases: newLRU[[32]byte, [32]byte](max(budget/aliasShare, 64*lruOverhead))}
}

// aliasShare: the aliases of requests' bytes take at most this fraction of
// the budget besides it (4 MiB, some 20,000 requests, of the default 64 MiB).
const aliasShare = 16

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
	c.entries.clear()
}

// Stats returns the cache's size and hit counts.
func (c *ResponseCache) Stats() CacheStats { return c.entries.stats() }

// AliasStats returns the size and hit counts of the requests' bytes that
// lead to the cache's entries.
func (c *ResponseCache) AliasStats() CacheStats { return c.aliases.stats() }

// cacheVerdict is where the GraphQL layer tells the cache whether the response
// it is writing may be kept.
type cacheVerdict struct{ keep atomic.Bool }

type verdictKey struct{}

type rawKeyCtx struct{}

// Front answers a request whose exact bytes were answered before from the
// cache, before anything decodes it; others pass on to decodeRequests and
// Middleware, which record the bytes' key when they find or keep a response.
// Only anonymous GET requests and JSON POST requests of at most maxBody bytes
// are looked up; the body read is handed on unchanged.
func (c *ResponseCache) Front(next http.Handler, maxBody int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !c.enabled.Load() || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		h := sha256.New()
		switch {
		case r.Method == http.MethodGet:
			io.WriteString(h, "GET\x00")
			io.WriteString(h, r.URL.RawQuery)
		case r.Method == http.MethodPost && isJSON(r.Header.Get("Content-Type")) && r.ContentLength <= maxBody:
			// Read once, into a buffer the decoder then reads from instead
			// of the body; it goes back to its pool once the request is
			// served.
			buf := getBodyBuf()
			defer putBodyBuf(buf, maxBody)
			err := readBodyInto(buf, r.Body, r.ContentLength, maxBody)
			body := buf.Bytes()
			if err != nil || int64(len(body)) > maxBody {
				// decodeRequests refuses it (or finds the error again).
				r.Body = struct {
					io.Reader
					io.Closer
				}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
				next.ServeHTTP(w, r)
				return
			}
			r.Body = readBody{bytes.NewReader(body), body}
			io.WriteString(h, "POST\x00")
			h.Write(body)
		default:
			next.ServeHTTP(w, r)
			return
		}
		var raw [32]byte
		h.Sum(raw[:0])
		if key, ok := c.aliases.get(raw); ok {
			if hit, ok := c.entries.get(key); ok {
				c.serve(w, r, hit)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), rawKeyCtx{}, raw)))
	})
}

func (c *ResponseCache) serve(w http.ResponseWriter, r *http.Request, hit cachedResponse) {
	if info := requestid.InfoFrom(r.Context()); info != nil {
		info.SetOperation(hit.operation)
	}
	h := w.Header()
	h.Set("Content-Type", hit.contentType)
	h.Set("X-Radhus-Cache", "hit")
	// With its length, the response goes out in one piece, not chunked.
	h.Set("Content-Length", strconv.Itoa(len(hit.body)))
	w.Write(hit.body)
}

// isJSON tells whether a Content-Type is application/json, with or without
// parameters.
func isJSON(contentType string) bool {
	if contentType == "application/json" {
		return true
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/json"
}

// Middleware serves cached responses and keeps new ones. It sits behind
// decodeRequests, whose decoded request it keys on.
func (c *ResponseCache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := requestFrom(r.Context())
		if !c.enabled.Load() || req == nil || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		key, ok := responseKey(&req.params)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		raw, hasRaw := r.Context().Value(rawKeyCtx{}).([32]byte)
		c.mu.Lock()
		gen := c.gen
		c.mu.Unlock()
		if hit, ok := c.entries.get(key); ok {
			if hasRaw {
				c.aliases.add(raw, key, int64(len(raw)))
			}
			c.serve(w, r, hit)
			return
		}

		verdict := &cacheVerdict{}
		rec := &recorder{ResponseWriter: w}
		w.Header().Set("X-Radhus-Cache", "miss")
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), verdictKey{}, verdict)))
		if !verdict.keep.Load() || rec.status != http.StatusOK || rec.overflow {
			return
		}
		resp := cachedResponse{contentType: w.Header().Get("Content-Type"), body: rec.buf.Bytes()}
		if info := requestid.InfoFrom(r.Context()); info != nil {
			resp.operation = info.Operation()
		}
		c.mu.Lock()
		kept := c.gen == gen && c.entries.add(key, resp, int64(len(resp.body)+len(resp.contentType)+len(resp.operation)))
		c.mu.Unlock()
		if kept && hasRaw {
			c.aliases.add(raw, key, int64(len(raw)))
		}
	})
}

// responseKey digests what decides a response: the query's tokens (or the
// hash of a persisted query sent alone), the operation name and the
// variables. It is false for a query that does not lex.
func responseKey(p *graphql.RawParams) ([32]byte, bool) {
	h := sha256.New()
	if p.Query == "" {
		hash, err := persistedHash(p.Extensions)
		if err != nil || hash == "" {
			return [32]byte{}, false
		}
		io.WriteString(h, "persisted\x00"+hash)
	} else {
		lex := lexer.New(&ast.Source{Input: p.Query})
		buf := make([]byte, 0, 64)
		for {
			tok, err := lex.ReadToken()
			if err != nil {
				return [32]byte{}, false
			}
			if tok.Kind == lexer.EOF {
				break
			}
			if tok.Kind == lexer.Comment {
				continue
			}
			// Kind, then the value's length, so that tokens cannot run into
			// each other.
			buf = strconv.AppendInt(buf[:0], int64(tok.Kind), 10)
			buf = append(buf, ':')
			buf = strconv.AppendInt(buf, int64(len(tok.Value)), 10)
			buf = append(buf, ':')
			buf = append(buf, tok.Value...)
			h.Write(buf)
		}
	}
	h.Write([]byte{0})
	io.WriteString(h, p.OperationName)
	h.Write([]byte{0})
	if len(p.Variables) > 0 {
		vars, err := json.Marshal(p.Variables) // map keys sorted
		if err != nil {
			return [32]byte{}, false
		}
		h.Write(vars)
	}
	var key [32]byte
	h.Sum(key[:0])
	return key, true
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
