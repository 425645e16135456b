package main

import (
	"cmp"
	"context"
	"flag"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/tracing"
)

// env is what a subcommand that works on content starts with: its
// configuration, a logger, the migrated database and the file store.
type env struct {
	config *config
	log    *slog.Logger
	db     *database
	blobs  blob.Store
	// tracing, for serve when the environment names a trace collector;
	// nil otherwise.
	tracing *tracing.Tracing
}

func openEnv(ctx context.Context, name string, args []string, getenv func(string) string, stderr io.Writer, extra ...func(*flag.FlagSet)) (*env, error) {
	c, err := parseConfig(name, args, getenv, stderr, extra...)
	if err != nil {
		return nil, err
	}
	e := &env{config: c, log: c.logger(stderr)}
	if name == "serve" {
		if e.tracing, err = tracing.Start(ctx, getenv); err != nil {
			return nil, err
		}
		if e.tracing != nil {
			e.log.Info("sending traces", "endpoint", cmp.Or(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), getenv("OTEL_EXPORTER_OTLP_ENDPOINT")))
		}
	}
	if e.db, err = openDatabase(ctx, c, e.log, e.tracing.Statements()); err != nil {
		e.shutdownTracing()
		return nil, err
	}
	if e.blobs, err = blob.NewDir(filepath.Join(c.data, "files")); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

func (e *env) close() {
	e.db.close(e.log)
	e.shutdownTracing()
}

// shutdownTracing sends the spans not sent yet, waiting at most 5 s for the
// collector.
func (e *env) shutdownTracing() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.tracing.Shutdown(ctx); err != nil {
		e.log.Warn("send the last traces", "err", err)
	}
}
