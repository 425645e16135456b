package graph

import (
	"context"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/radhus/radhus/graph/loader"
)

// Limits on the work one request may ask for.
const (
	// MaxComplexity bounds a query's cost: one per field, lists counted once.
	MaxComplexity = 1000
	// MaxDepth bounds how deeply a query nests.
	MaxDepth = 12
)

// NewHandler returns the GraphQL endpoint: POST and GET queries (GET for caching
// proxies; mutations are refused over GET), parsed queries cached, automatic
// persisted queries, introspection, and bounded complexity and depth. Every
// request gets its own batch loaders. With a cache, anonymous queries are served
// from it when they can be (see ResponseCache).
func NewHandler(r *Resolver, cache *ResponseCache) http.Handler {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: r, Directives: directives()}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// Uploads (the GraphQL multipart request spec). A negative MaxMemory makes
	// gqlgen stream every file part to a temporary file, removed when the
	// request ends, even when the request declares no length: with a positive
	// one, parts of requests shorter than it, and of every chunked request, are
	// read into memory whole.
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: r.maxUploadBytes(), MaxMemory: -1})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.Use(depthLimit{max: MaxDepth})
	srv.SetErrorPresenter(ErrorPresenter(r.Logger))
	srv.SetRecoverFunc(RecoverFunc(r.Logger))
	var h http.Handler = withTimeout(loader.Middleware(r.Reader, srv), RequestTimeout)
	if r.Auth != nil {
		// Requests with a token are verified before anything runs; the cache
		// below never serves or keeps them (they carry Authorization).
		h = r.Auth.Middleware(h)
	}
	if cache != nil {
		srv.Use(cachePolicy{})
		h = cache.Middleware(h)
	}
	return h
}

// RequestTimeout bounds the work of one request; reads still running then are
// cancelled and reported as errors. UploadTimeout does for an upload, whose
// body is read within the same time.
const (
	RequestTimeout = 10 * time.Second
	UploadTimeout  = 10 * time.Minute
)

func withTimeout(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := d
		if isMultipart(r) {
			d = UploadTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}
