package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/postgres"
)

// seed loads the demo content, or with --synthetic [PAGES] a generated site of
// that many pages (10,000 when no number follows).
func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	synthetic, args, err := syntheticFlag(args)
	if err != nil {
		return err
	}
	e, err := openEnv(ctx, "seed", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer e.close()
	st := postgres.NewStore(e.db.pool)
	if synthetic > 0 {
		sum, loaded, err := demo.LoadSynthetic(ctx, st, e.blobs, synthetic, stderr)
		if err != nil {
			return err
		}
		if !loaded {
			fmt.Fprintln(stdout, "radhus: the database already has content; synthetic site not loaded")
			return nil
		}
		fmt.Fprintf(stdout, "radhus: synthetic site loaded: %d pages (%d sections, %d topics, %d leaves; %d with English; %d drafts), %d documents, %d contacts with %d opening rules, in %s\n",
			sum.Pages, sum.Sections, sum.Topics, sum.Leaves, sum.English, sum.Drafts, sum.Documents, sum.Contacts, sum.OpeningRules, sum.Took.Round(1e6))
		return nil
	}
	loaded, err := demo.Load(ctx, st, e.blobs)
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

// syntheticFlag takes --synthetic [PAGES] (or --synthetic=PAGES) out of args,
// since its number is optional, and returns the rest for the common flags.
func syntheticFlag(args []string) (pages int, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "synthetic" {
			rest = append(rest, a)
			continue
		}
		if !hasValue && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			value, hasValue = args[i+1], true
			i++
		}
		pages = demo.DefaultSyntheticPages
		if hasValue {
			if pages, err = strconv.Atoi(strings.ReplaceAll(value, "_", "")); err != nil || pages < 3 {
				return 0, nil, fmt.Errorf("--synthetic takes a number of pages of at least 3, not %q", value)
			}
		}
	}
	return pages, rest, nil
}
