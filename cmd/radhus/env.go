package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/radhus/radhus/internal/blob"
)

// env is what a subcommand that works on content starts with: its
// configuration, a logger, the migrated database and the file store.
type env struct {
	config *config
	log    *slog.Logger
	db     *database
	blobs  blob.Store
}

func openEnv(ctx context.Context, name string, args []string, getenv func(string) string, stderr io.Writer, extra ...func(*flag.FlagSet)) (*env, error) {
	c, err := parseConfig(name, args, getenv, stderr, extra...)
	if err != nil {
		return nil, err
	}
	e := &env{config: c, log: c.logger(stderr)}
	if e.db, err = openDatabase(ctx, c, e.log); err != nil {
		return nil, err
	}
	if e.blobs, err = blob.NewDir(filepath.Join(c.data, "files")); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

func (e *env) close() { e.db.close(e.log) }
