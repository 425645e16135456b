package main

import (
	"context"
	"fmt"
	"io"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseConfig("migrate", args, getenv, stderr)
	if err != nil {
		return err
	}
	log := c.logger(stderr)
	db, err := openDatabase(ctx, c, log, nil) // applies the migrations
	if err != nil {
		return err
	}
	db.close(log)
	fmt.Fprintln(stdout, "radhus: migrations applied")
	return nil
}
