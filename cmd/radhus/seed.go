package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/postgres"
)

func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseConfig("seed", args, getenv, stderr)
	if err != nil {
		return err
	}
	log := c.logger(stderr)
	db, err := openDatabase(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.close(log)
	blobs, err := blob.NewDir(filepath.Join(c.data, "files"))
	if err != nil {
		return err
	}
	loaded, err := demo.Load(ctx, postgres.NewStore(db.pool), blobs)
	if err != nil {
		return err
	}
	if loaded {
		fmt.Fprintln(stdout, "radhus: demo content loaded")
	} else {
		fmt.Fprintln(stdout, "radhus: the database already has content; demo content not loaded")
	}
	return nil
}
