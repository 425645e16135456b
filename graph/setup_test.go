package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/graph"
	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/httpserver"
	"github.com/radhus/radhus/internal/jobs"
	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/internal/upload"
)

// statements counts the SQL statements a pool runs and the round trips they
// take (a query, or a batch of them), and keeps the latest statements.
type statements struct {
	n     atomic.Int64
	trips atomic.Int64
	mu    sync.Mutex
	last  []string
}

func (s *statements) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	s.trips.Add(1)
	s.record(d.SQL)
	return ctx
}

func (s *statements) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	s.trips.Add(1)
	return ctx
}

func (s *statements) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	s.record(d.SQL)
}

func (s *statements) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (s *statements) record(sql string) {
	s.n.Add(1)
	s.mu.Lock()
	s.last = append(s.last, sql)
	if len(s.last) > 20 {
		s.last = s.last[1:]
	}
	s.mu.Unlock()
}

func (s *statements) recent(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, sql := range s.last[max(0, len(s.last)-n):] {
		sql = strings.Join(strings.Fields(sql), " ")
		out = append(out, sql[:min(len(sql), 90)])
	}
	return out
}
func (s *statements) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// bundle is a running Rådhus over real HTTP on its own database with the demo
// content loaded.
type bundle struct {
	url        string
	handler    http.Handler
	pool       *pgxpool.Pool
	store      *postgres.Store
	blobs      blob.Store
	blobDir    string
	statements *statements
	clock      *clock
	auth       *auth.Service
	accounts   *postgres.Accounts
	// scheduler inserts jobs but does not run them; tests that need them run
	// start a runner of their own (runJobs).
	scheduler *jobs.Runner
	// graphQL makes another GraphQL endpoint on the same database.
	graphQL func(graph.Options) http.Handler
}

func setup(t testing.TB) *bundle { return newBundle(t, false, loadDemo) }

// devOptions are the endpoint's options in development mode.
var devOptions = graph.Options{Introspection: true, Suggestions: true}

// setupCached is setup with the response cache on, emptied by the database's
// change notifications as in production.
func setupCached(t testing.TB) *bundle { return newBundle(t, true, loadDemo) }

// loader fills a bundle's empty database.
type loader func(ctx context.Context, st *postgres.Store, blobs blob.Store) error

func loadDemo(ctx context.Context, st *postgres.Store, blobs blob.Store) error {
	_, err := demo.Load(ctx, st, blobs)
	return err
}

func newBundle(t testing.TB, cached bool, load loader) *bundle {
	t.Helper()
	return newBundleWith(t, bundleOptions{cached: cached, load: load})
}

// bundleOptions vary a bundle: the response cache on, an identity provider,
// the content (the demo's unless load is set), the endpoint's options (nil:
// development mode).
type bundleOptions struct {
	cached  bool
	idp     *auth.IdPConfig
	load    loader
	handler *graph.Options
	// maxUpload bounds uploads; 0: the default.
	maxUpload int64
	// trustedProxies are believed in X-Forwarded-For.
	trustedProxies []netip.Prefix
}

func (o bundleOptions) handlerOptions() graph.Options {
	if o.handler == nil {
		return devOptions
	}
	return *o.handler
}

func newBundleWith(t testing.TB, o bundleOptions) *bundle {
	t.Helper()
	cached := o.cached
	ctx := context.Background()
	b := &bundle{statements: &statements{}, clock: &clock{t: time.Now()}}
	url := pgtest.URL(t)
	pool, err := postgres.Open(ctx, url, b.statements)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	b.pool = pool
	b.store = postgres.NewStore(pool, postgres.WithClock(b.clock))
	b.blobDir = t.TempDir()
	if b.blobs, err = blob.NewDir(b.blobDir); err != nil {
		t.Fatal(err)
	}
	load := o.load
	if load == nil {
		load = loadDemo
	}
	if err := load(ctx, b.store, b.blobs); err != nil {
		t.Fatal(err)
	}
	log := testLogger(t)
	b.accounts = postgres.NewAccounts(pool)
	authCtx, stopAuth := context.WithCancel(ctx)
	t.Cleanup(stopAuth)
	if b.auth, err = auth.New(authCtx, auth.Config{Key: testKey, Clock: b.clock, Logger: log, IdP: o.idp, TrustedProxies: o.trustedProxies}, b.accounts); err != nil {
		t.Fatal(err)
	}
	if b.scheduler, err = jobs.New(jobs.Config{Pool: pool, Publisher: b.store, Logger: log}); err != nil {
		t.Fatal(err)
	}
	var cache *graph.ResponseCache
	if cached {
		cache = graph.NewResponseCache()
		listening := make(chan struct{}, 1)
		lctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			postgres.ListenContentChanges(lctx, url, log, func(on bool) {
				cache.SetEnabled(on)
				if on {
					select {
					case listening <- struct{}{}:
					default:
					}
				}
			}, cache.Invalidate)
		}()
		t.Cleanup(func() { stop(); <-done })
		select {
		case <-listening:
		case <-time.After(10 * time.Second):
			t.Fatal("the cache never started listening for changes")
		}
	}
	b.graphQL = func(opts graph.Options) http.Handler {
		return graph.NewHandler(&graph.Resolver{
			Reader:         b.store.Published(),
			Drafts:         b.store.Drafts(),
			Editor:         b.store.Editor(),
			Clock:          b.clock,
			Logger:         log,
			Auth:           b.auth,
			Scheduler:      b.scheduler,
			MaxUploadBytes: o.maxUpload,
			Contacts:       b.store.ContactEditor(),
			Documents:      &upload.Service{Blobs: b.blobs, Store: b.store, DB: pool, MaxBytes: o.maxUpload, Logger: log},
		}, cache, opts)
	}
	b.handler = httpserver.NewServer(httpserver.Deps{
		Logger:         log,
		GraphQL:        b.graphQL(o.handlerOptions()),
		Documents:      b.store,
		DraftDocuments: b.store.Drafts(),
		Authenticate:   b.auth.Middleware,
		Blobs:          b.blobs,
		Ready:          func(ctx context.Context) error { return pool.Ping(ctx) },
		MaxUploadBytes: o.maxUpload,
	})
	srv := httptest.NewServer(b.handler)
	t.Cleanup(srv.Close)
	b.url = srv.URL
	return b
}

type gqlError struct {
	Message    string `json:"message"`
	Path       []any  `json:"path"`
	Extensions struct {
		Code           string `json:"code"`
		Field          string `json:"field"`
		CurrentVersion int    `json:"currentVersion"`
		Location       string `json:"location"`
	} `json:"extensions"`
}

type response struct {
	status int
	header http.Header
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// do posts a GraphQL request and decodes the response; it fails the test on a
// status other than 200 or 422 (a request that does not parse or validate).
func (b *bundle) do(t *testing.T, query string, vars map[string]any) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := http.Post(b.url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r response
	r.status = res.StatusCode
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatalf("decode response (HTTP %d): %v", res.StatusCode, err)
	}
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("HTTP status = %d, want 200; errors: %+v", res.StatusCode, r.Errors)
	}
	return r
}

// query runs a query that must succeed and decodes its data into out.
func (b *bundle) query(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	r := b.do(t, query, vars)
	if len(r.Errors) > 0 || r.status != http.StatusOK {
		t.Fatalf("query errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
}
