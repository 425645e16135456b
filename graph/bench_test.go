package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/postgres"
)

// BenchmarkReferencePage serves the reference page query through the whole
// in-process HTTP handler (routing, middleware, gqlgen, loaders) on a real
// PostgreSQL: what one frontend request costs, minus the network.
func BenchmarkReferencePage(b *testing.B) {
	b.Run("uncached", func(b *testing.B) { benchmarkPage(b, setup(b)) })
	// With the response cache on, as `radhus serve` runs by default: repeated
	// anonymous queries are answered from memory until content changes.
	b.Run("cached", func(b *testing.B) { benchmarkPage(b, setupCached(b)) })
}

func benchmarkPage(b *testing.B, bn *bundle) {
	body, _ := json.Marshal(map[string]any{"query": referenceQuery, "variables": map[string]any{"path": demo.ReferencePath}})
	serve := func() {
		req := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		bn.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
	}
	serve() // prepare statements, fill the query cache
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			serve()
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				serve()
			}
		})
	})
}

// The queries of scripts/load, on a synthetic site (radhus seed --synthetic).
const (
	syntheticPageQuery = `query($path: String!) { page(path: $path) { id title path locale updatedAt
		breadcrumbs { title path }
		blocks { __typename ... on RichTextBlock { html } ... on HeadingBlock { text level } }
		documents { title fileName mimeType sizeBytes url }
		contacts { name tagline email phones { label number e164 } visitingAddress { street postalCode city }
			openingHours { channel rules { days intervals { opens closes } } } } } }`
	syntheticChildrenQuery = `query($parent: ID!) { pages(parentId: $parent, first: 20) {
		edges { cursor node { id title path summary updatedAt } } pageInfo { hasNextPage endCursor } } }`
)

// BenchmarkSyntheticSite serves the page query and the child listing of
// scripts/load in process, cycling over the leaves and the topics of a synthetic
// site of BENCH_PAGES pages (1,000 unless set): with -cpuprofile, where the
// server's own time goes.
func BenchmarkSyntheticSite(b *testing.B) {
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("BENCH_PAGES")); err == nil {
		pages = n
	}
	bn := newBundle(b, false, func(ctx context.Context, st *postgres.Store, blobs blob.Store) error {
		_, _, err := demo.LoadSynthetic(ctx, st, blobs, pages, nil)
		return err
	})
	ctx := context.Background()
	var leaves []string
	var parents []int64
	rows, _ := bn.pool.Query(ctx, `SELECT c.path FROM page_contents c JOIN page_states s ON s.page_id = c.page_id AND s.state = c.state
		WHERE c.state = 'published' AND c.locale = 'sv' AND cardinality(s.ancestor_ids) = 2 ORDER BY md5(c.path) LIMIT 500`)
	leaves, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		b.Fatal(err)
	}
	rows, _ = bn.pool.Query(ctx, `SELECT page_id FROM page_states WHERE state = 'published' AND cardinality(ancestor_ids) = 1 ORDER BY page_id`)
	if parents, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		b.Fatal(err)
	}
	var pageBodies, childBodies [][]byte
	for _, p := range leaves {
		body, _ := json.Marshal(map[string]any{"query": syntheticPageQuery, "variables": map[string]any{"path": p}})
		pageBodies = append(pageBodies, body)
	}
	for _, id := range parents {
		body, _ := json.Marshal(map[string]any{"query": syntheticChildrenQuery, "variables": map[string]any{"parent": content.GlobalID(content.KindPage, id)}})
		childBodies = append(childBodies, body)
	}
	for _, c := range []struct {
		name   string
		bodies [][]byte
	}{{"page", pageBodies}, {"children", childBodies}} {
		b.Run(c.name, func(b *testing.B) {
			var next atomic.Int64
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					body := c.bodies[int(next.Add(1))%len(c.bodies)]
					req := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					rec := httptest.NewRecorder()
					bn.handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
						b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
					}
				}
			})
		})
	}
}
