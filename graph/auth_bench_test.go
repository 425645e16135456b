package graph_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/radhus/radhus/internal/content"
)

// BenchmarkAuthenticatedRequest is what a signed-in request costs beyond an
// anonymous one: verifying the access token and the per-request look-up of
// its user and session. The query (`me`) reads nothing else.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	bn := setup(b)
	token := bn.signIn(b, content.RoleEditor)
	body := []byte(`{"query":"{ me { id role } }"}`)
	for _, c := range []struct{ name, token string }{{"anonymous", ""}, {"access token", token}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if c.token != "" {
					req.Header.Set("Authorization", "Bearer "+c.token)
				}
				rec := httptest.NewRecorder()
				bn.handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}
