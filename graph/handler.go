package graph

import (
	"context"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/radhus/radhus/graph/loader"
)

// Options configure the GraphQL endpoint. The zero value is a production
// endpoint with the default limits: no introspection, no suggestions of
// field names in validation errors.
type Options struct {
	Limits Limits
	// Introspection answers __schema and __type (GraphiQL, code generators).
	Introspection bool
	// Suggestions names similar fields in the errors of unknown ones.
	Suggestions bool
	// QueryCacheBytes bounds the parsed-query cache (default 16 MiB).
	QueryCacheBytes int64
	// PersistedQueryBytes bounds the automatic persisted queries (default
	// 4 MiB, at most PersistedQueryEntries queries).
	PersistedQueryBytes int64
	// GqlgenOnly answers every query with gqlgen's executor, never directly
	// (see executeDirect): for comparisons.
	GqlgenOnly bool
	// RegisterCache, when set, is handed each cache of the endpoint with its
	// name ("query", "persisted"), so that its statistics can be exported.
	RegisterCache func(name string, stats func() CacheStats)
}

// Defaults of Options' cache budgets.
const (
	DefaultQueryCacheBytes     = 16 << 20
	DefaultPersistedQueryBytes = 4 << 20
	PersistedQueryEntries      = 1000
)

// NewHandler returns the GraphQL endpoint: POST and GET queries (GET for caching
// proxies; mutations are refused over GET), parsed queries cached, automatic
// persisted queries, uploads, and the limits of opts checked before a query
// is validated. Every request gets its own batch loaders. With a cache,
// anonymous queries are served from it when they can be (see ResponseCache).
func NewHandler(r *Resolver, cache *ResponseCache, opts Options) http.Handler {
	h, _ := newHandler(r, cache, opts)
	return h
}

func newHandler(r *Resolver, cache *ResponseCache, opts Options) (http.Handler, *limiter) {
	opts.Limits = opts.Limits.withDefaults()
	if opts.QueryCacheBytes <= 0 {
		opts.QueryCacheBytes = DefaultQueryCacheBytes
	}
	if opts.PersistedQueryBytes <= 0 {
		opts.PersistedQueryBytes = DefaultPersistedQueryBytes
	}
	es := NewExecutableSchema(Config{Resolvers: r, Directives: directives()})
	lim := &limiter{
		limits:        opts.Limits,
		schema:        es.Schema(),
		introspection: opts.Introspection,
		suggestions:   opts.Suggestions,
		queries:       NewQueryCache(opts.QueryCacheBytes),
		persisted:     NewPersistedQueries(opts.PersistedQueryBytes),
	}
	lim.persisted.c.maxItems = PersistedQueryEntries
	if opts.RegisterCache != nil {
		opts.RegisterCache("query", lim.queries.Stats)
		opts.RegisterCache("persisted", lim.persisted.Stats)
	}

	srv := handler.New(es)
	decoded := decodedTransport{} // GET and JSON POST, decoded by decodeRequests
	if !opts.GqlgenOnly {
		direct, present := es.(*executableSchema), ErrorPresenter(r.Logger)
		decoded.direct = func(ctx context.Context, oc *graphql.OperationContext) (*graphql.Response, func(), bool) {
			return direct.executeDirect(ctx, oc, present)
		}
	}
	srv.AddTransport(decoded)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(multipartForm{maxBytes: r.maxUploadBytes()})
	srv.SetQueryCache(lim.queries)
	srv.SetParserTokenLimit(opts.Limits.Tokens + 1)
	srv.SetDisableSuggestion(!opts.Suggestions)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(lim)
	srv.Use(draftScope{drafts: r.Drafts})
	srv.Use(observeOperations{})
	srv.SetErrorPresenter(ErrorPresenter(r.Logger))
	srv.SetRecoverFunc(RecoverFunc(r.Logger))
	var h http.Handler = withTimeout(loader.Middleware(r.Reader, srv), opts.Limits.Timeout)
	if r.Auth != nil {
		// Requests with a token are verified before anything runs; the cache
		// below never serves or keeps them (they carry Authorization).
		h = r.Auth.Middleware(h)
	}
	if cache != nil {
		srv.Use(cachePolicy{})
		h = cache.Middleware(h)
	}
	h = decodeRequests(h, int64(opts.Limits.BodyBytes), opts.Limits.QueryBytes)
	if cache != nil {
		h = cache.Front(h, int64(opts.Limits.BodyBytes))
	}
	return h, lim
}

// UploadTimeout bounds an upload, whose body is read within the request's
// time (Limits.Timeout bounds every other request).
const UploadTimeout = 10 * time.Minute

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
