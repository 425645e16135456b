// Command radhus is the Rådhus server: a headless CMS backend for public-sector
// websites.
//
//	radhus serve     serve the GraphQL API (runs migrations first)
//	radhus migrate   apply database migrations and exit
//	radhus seed      load the demo content (or --synthetic N pages) into an empty database
//	radhus user      add users, change their role, deactivate them
//
// Without DATABASE_URL, every subcommand starts a private PostgreSQL cluster in
// the data folder and stops it on exit.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "radhus:", err)
		os.Exit(1)
	}
}

const usage = `usage: radhus <command> [flags]

commands:
  serve     serve the GraphQL API (runs migrations first)
  migrate   apply database migrations and exit
  seed      load the demo content (or --synthetic [PAGES], a generated site)
            into an empty database
  user      add users (the first admin), change roles, deactivate

Run "radhus <command> -h" for the flags of a command.
`

// run is the whole program, with its environment passed in so that tests can run
// it as it is.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "seed":
		return seed(ctx, rest, getenv, stdout, stderr)
	case "user":
		return user(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
