package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/radhus/radhus/internal/demo"
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
