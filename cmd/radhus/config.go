package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/radhus/radhus/internal/jobs"
	"github.com/radhus/radhus/internal/requestid"
	"github.com/radhus/radhus/internal/upload"
)

// config is what every subcommand is configured with: flags, defaulting to the
// environment.
type config struct {
	addr        string
	data        string
	databaseURL string
	// migrationURL, when set, is the role migrations run as (DATABASE_URL's
	// role then needs no DDL rights).
	migrationURL string
	publicURL    string
	graphiql     bool
	cache        bool
	maxUpload    int64
	logLevel     slog.Level
	logJSON      bool
	auth         *authConfig
	hardening
	// shutdownDelay is how long readiness reports false before the server
	// stops accepting connections; shutdownGrace how long in-flight requests
	// then have to finish.
	shutdownDelay time.Duration
	shutdownGrace time.Duration
	// slowRequest is the duration above which a request is logged as slow.
	slowRequest time.Duration
	// blobGrace is how long a released document file is kept.
	blobGrace time.Duration
	// debugAddr, when set, serves Go's profiler (net/http/pprof) there.
	debugAddr string
}

// parseConfig parses the flags every subcommand has, and those that extra
// functions define.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer, extra ...func(*flag.FlagSet)) (*config, error) {
	c := &config{databaseURL: getenv("DATABASE_URL"), migrationURL: getenv("MIGRATION_DATABASE_URL")}
	fs := flag.NewFlagSet("radhus "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", envOr(getenv, "RADHUS_ADDR", "127.0.0.1:8080"), "listen address (RADHUS_ADDR)")
	fs.StringVar(&c.data, "data", envOr(getenv, "RADHUS_DATA", ".data"), "data folder: local PostgreSQL cluster and stored files (RADHUS_DATA)")
	fs.StringVar(&c.publicURL, "public-url", getenv("RADHUS_PUBLIC_URL"), "public base URL for document links, e.g. https://cms.example.se; empty keeps them relative (RADHUS_PUBLIC_URL)")
	graphiql, _ := strconv.ParseBool(envOr(getenv, "RADHUS_GRAPHIQL", "true"))
	fs.BoolVar(&c.graphiql, "graphiql", graphiql, "serve the GraphiQL IDE at / in development (RADHUS_GRAPHIQL)")
	cache, _ := strconv.ParseBool(envOr(getenv, "RADHUS_CACHE", "true"))
	fs.BoolVar(&c.cache, "cache", cache, "serve repeated anonymous queries from memory, emptied on every content change (RADHUS_CACHE)")
	fs.Int64Var(&c.maxUpload, "max-upload-bytes", envInt(getenv, "RADHUS_MAX_UPLOAD_BYTES", upload.DefaultMaxBytes), "largest uploaded file in bytes; other requests keep their body limit (RADHUS_MAX_UPLOAD_BYTES)")
	fs.DurationVar(&c.shutdownDelay, "shutdown-delay", envDuration(getenv, "RADHUS_SHUTDOWN_DELAY", time.Second), "on SIGTERM, how long /readyz says 503 before new connections are refused (RADHUS_SHUTDOWN_DELAY)")
	fs.DurationVar(&c.shutdownGrace, "shutdown-grace", envDuration(getenv, "RADHUS_SHUTDOWN_GRACE", 15*time.Second), "on SIGTERM, how long in-flight requests have to finish (RADHUS_SHUTDOWN_GRACE)")
	fs.DurationVar(&c.slowRequest, "slow-request", envDuration(getenv, "RADHUS_SLOW_REQUEST", time.Second), "log requests slower than this at warn level and count them (RADHUS_SLOW_REQUEST)")
	fs.DurationVar(&c.blobGrace, "blob-grace", envDuration(getenv, "RADHUS_BLOB_GRACE", jobs.DefaultBlobGrace), "how long a document file no state refers to any more (replaced and published over, deleted) is kept before it is deleted (RADHUS_BLOB_GRACE)")
	fs.StringVar(&c.debugAddr, "debug-addr", getenv("RADHUS_DEBUG_ADDR"), "serve Go's profiler (/debug/pprof/) on this address, e.g. 127.0.0.1:6060; empty: off (RADHUS_DEBUG_ADDR)")
	level := fs.String("log-level", envOr(getenv, "RADHUS_LOG_LEVEL", "info"), "debug, info, warn or error (RADHUS_LOG_LEVEL)")
	format := fs.String("log-format", envOr(getenv, "RADHUS_LOG_FORMAT", "text"), "text or json (RADHUS_LOG_FORMAT)")
	c.auth = addAuthFlags(fs, getenv)
	finishHardening := addHardeningFlags(fs, getenv, &c.hardening)
	for _, f := range extra {
		f(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := finishHardening(); err != nil {
		return nil, err
	}
	if err := c.auth.check(); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if c.blobGrace <= 0 {
		return nil, fmt.Errorf("the blob grace period must be positive, not %s", c.blobGrace)
	}
	if c.maxUpload <= 0 {
		return nil, fmt.Errorf("max upload bytes must be positive, not %d", c.maxUpload)
	}
	if err := c.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return nil, fmt.Errorf("log level: %w", err)
	}
	switch *format {
	case "text":
	case "json":
		c.logJSON = true
	default:
		return nil, fmt.Errorf("log format must be text or json, not %q", *format)
	}
	c.publicURL = strings.TrimSuffix(c.publicURL, "/")
	abs, err := filepath.Abs(c.data)
	if err != nil {
		return nil, err
	}
	c.data = abs
	return c, nil
}

func (c *config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.logLevel}
	if c.logJSON {
		return slog.New(requestid.LogHandler(slog.NewJSONHandler(w, opts)))
	}
	return slog.New(requestid.LogHandler(slog.NewTextHandler(w, opts)))
}

// envDuration reads a duration such as "2s" from the environment; an
// unparsable value keeps def (the flag's help shows it).
func envDuration(getenv func(string) string, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(key)); err == nil {
		return d
	}
	return def
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// envInt reads an integer variable; an unreadable one keeps def, and the flag's
// own parsing never sees it, so it is reported here.
func envInt(getenv func(string) string, key string, def int64) int64 {
	v := getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return -1 // refused by the caller's check
	}
	return n
}
