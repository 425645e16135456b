package main

import (
	"context"
	"fmt"
	"io"

	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/postgres"
)

func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e, err := openEnv(ctx, "seed", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	loaded, err := demo.Load(ctx, postgres.NewStore(e.db.pool), e.blobs)
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
