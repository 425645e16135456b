package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/radhus/radhus/graph"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/httpserver"
	"github.com/radhus/radhus/internal/httpserver/graphiql"
	"github.com/radhus/radhus/internal/jobs"
	"github.com/radhus/radhus/internal/metrics"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/internal/upload"
)

// defaultMemoryLimit is the soft memory limit of radhus serve (GOMEMLIMIT).
const defaultMemoryLimit = 48 << 20

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if getenv("GOGC") == "" {
		// The live heap of a server is small (tens of MB) and the machine's
		// memory is not; collecting less often buys about a fifth more requests
		// per second under load. GOGC still decides when set.
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		// GOGC 400 lets the heap grow to five times what is live; near this
		// limit the collector runs sooner instead, so that memory stays
		// bounded whatever is live. GOMEMLIMIT still decides when set.
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	e, err := openEnv(ctx, "serve", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	c, log, db, blobs := e.config, e.log, e.db, e.blobs
	warnings, err := postgres.Warnings(ctx, db.pool)
	if err != nil {
		log.Warn("cannot check the database's settings", "err", err)
	}
	for _, w := range warnings {
		log.Warn(w)
	}
	store := postgres.NewStore(db.pool)
	m := metrics.New()
	m.RegisterPool(db.pool)
	var cache *graph.ResponseCache
	if c.cache {
		cache = graph.NewResponseCacheOf(c.cacheBytes)
		registerCache(m, "response", cache.Stats)
		registerCache(m, "response_requests", cache.AliasStats)
		listenCtx, stopListening := context.WithCancel(ctx)
		listening := make(chan struct{})
		defer func() { stopListening(); <-listening }()
		go func() {
			defer close(listening)
			postgres.ListenContentChanges(listenCtx, db.url, log, func(on bool) {
				cache.SetEnabled(on)
				m.SetListening(on)
			}, cache.Invalidate)
		}()
	}
	authService, err := c.auth.service(ctx, postgres.NewAccounts(db.pool), hours.SystemClock{}, log)
	if err != nil {
		return err
	}
	documents := &upload.Service{Blobs: blobs, Store: store, DB: postgres.Bounded(db.pool), MaxBytes: c.maxUpload, Logger: log}
	// Every server works the job queue; River gives each job to one of them.
	runner, err := jobs.New(jobs.Config{Pool: db.pool, Publisher: store, Logger: log,
		Blobs: documents, BlobGrace: c.blobGrace})
	if err != nil {
		return err
	}
	if err := runner.Start(ctx); err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := runner.Stop(stopCtx); err != nil {
			log.Warn("stop jobs", "err", err)
		}
	}()
	// Readiness goes false as soon as shutdown begins, before the listener
	// closes, so that load balancers stop sending new requests here.
	var draining atomic.Bool
	deps := httpserver.Deps{
		Logger: log,
		GraphQL: graph.NewHandler(&graph.Resolver{
			Reader:         store.Published(),
			Drafts:         store.Drafts(),
			Editor:         store.Editor(),
			Clock:          hours.SystemClock{},
			FilesURL:       c.publicURL,
			Logger:         log,
			MaxUploadBytes: c.maxUpload,
			Auth:           authService,
			Scheduler:      runner,
			Contacts:       store.ContactEditor(),
			Documents:      documents,
		}, cache, graph.Options{
			Limits:        c.limits,
			Introspection: !c.production,
			Suggestions:   !c.production,
			RegisterCache: func(name string, stats func() graph.CacheStats) { registerCache(m, name, stats) },
		}),
		Documents:      store,
		DraftDocuments: store.Drafts(),
		Authenticate:   authService.Middleware,
		Blobs:          blobs,
		Ready: func(ctx context.Context) error {
			if draining.Load() {
				return errShuttingDown
			}
			return db.ready(ctx)
		},
		MaxUploadBytes: c.maxUpload,
		Metrics:        m,
		SlowRequest:    c.slowRequest,
		CORSOrigins:    c.corsOrigins,
	}
	if e.tracing != nil {
		deps.Trace = e.tracing.Handler
	}
	if c.graphiql && !c.production {
		deps.GraphiQL = graphiql.Page()
	}
	srv := &http.Server{
		Handler:           httpserver.NewServer(deps),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // large documents on slow links
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	if c.debugAddr != "" {
		stopDebug, err := serveDebug(c.debugAddr, log)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopDebug()
	}
	fmt.Fprintf(stdout, "radhus: serving GraphQL at http://%s/graphql\n", ln.Addr())
	log.Info("listening", "addr", ln.Addr().String())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Shutting down: first say not ready and keep serving for a while, then
	// refuse new connections and let in-flight requests finish within the
	// grace period; the pool closes after that (deferred e.close).
	draining.Store(true)
	log.Info("shutting down: not ready", "delay", c.shutdownDelay, "grace", c.shutdownGrace)
	time.Sleep(c.shutdownDelay)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), c.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("in-flight requests did not finish within the grace period; closing their connections", "err", err)
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("shut down")
	return nil
}

var errShuttingDown = errors.New("shutting down")

// registerCache exports a cache's statistics under name.
func registerCache(m *metrics.Metrics, name string, stats func() graph.CacheStats) {
	m.RegisterCache(name, func() metrics.CacheStats {
		s := stats()
		return metrics.CacheStats{Entries: int64(s.Entries), Bytes: s.Bytes, MaxBytes: s.Budget,
			Hits: s.Hits, Misses: s.Misses, Evictions: s.Evictions}
	})
}
