package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/demo"
)

// post sends a GraphQL request and returns the body and the cache's verdict.
func (b *bundle) post(t *testing.T, query string, vars map[string]any, header map[string]string) (string, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", b.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return string(out), res.Header.Get("X-Radhus-Cache")
}

func TestResponseCache(t *testing.T) {
	t.Parallel()
	b := setupCached(t)
	vars := map[string]any{"path": demo.ReferencePath}
	first, verdict := b.post(t, referenceQuery, vars, nil)
	if verdict != "miss" {
		t.Errorf("first request: cache %q, want miss", verdict)
	}
	second, verdict := b.post(t, referenceQuery, vars, nil)
	if verdict != "hit" || second != first {
		t.Errorf("second request: cache %q, same body %v; want a hit with the same body", verdict, second == first)
	}

	// A change committed in the database empties the cache on its notification.
	if _, err := b.pool.Exec(context.Background(),
		`UPDATE page_contents SET title = 'Medborgardialogen om biblioteket 2014' WHERE path = $1`, demo.ReferencePath); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		body, _ := b.post(t, referenceQuery, vars, nil)
		if strings.Contains(body, "Medborgardialogen om biblioteket 2014") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cache still serves the old page 5 s after the change: %.200s", body)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Never kept: time-dependent fields, errors, and requests with credentials.
	for _, tt := range []struct {
		name, query string
		header      map[string]string
	}{
		{"openNow", `{ contacts { nodes { name openNow } } }`, nil},
		{"summary", `{ contacts { nodes { openingHours { summary } } } }`, nil},
		{"an error", `{ page(path: "/finns/inte") { title } }`, nil},
		{"with credentials", `{ contacts { nodes { name } } }`, map[string]string{"Authorization": "Bearer x"}},
	} {
		b.post(t, tt.query, nil, tt.header)
		if _, verdict := b.post(t, tt.query, nil, tt.header); verdict == "hit" {
			t.Errorf("%s: served from the cache", tt.name)
		}
	}
	// Deterministic opening-hours questions are kept.
	fixed := `{ contacts { nodes { openingHours { isOpen(at: "2026-11-24T12:00:00+01:00") osm } } } }`
	b.post(t, fixed, nil, nil)
	if _, verdict := b.post(t, fixed, nil, nil); verdict != "hit" {
		t.Errorf("isOpen(at:) and osm: cache %q, want a hit", verdict)
	}
}

// GET serves queries too (for CDNs and browsers), cached like POST; it never
// runs a mutation.
func TestGetQueries(t *testing.T) {
	t.Parallel()
	b := setupCached(t)
	url := b.url + "/graphql?query=" + neturl.QueryEscape(`{ page(path: "/kultur-och-fritid") { title } }`)
	for i, want := range []string{"miss", "hit"} {
		res := get(t, url, nil)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || !strings.Contains(string(body), "Kultur och fritid") {
			t.Fatalf("GET #%d = %d %s", i, res.StatusCode, body)
		}
		if got := res.Header.Get("X-Radhus-Cache"); got != want {
			t.Errorf("GET #%d: cache %q, want %q", i, got, want)
		}
	}
}

// Requests that differ only in spacing, comments or junk share one entry or
// none: junk cannot fill the cache.
func TestResponseCacheKey(t *testing.T) {
	t.Parallel()
	b := setupCached(t)
	const q = `{ page(path: "/kultur-och-fritid") { title } }`
	if _, verdict := b.post(t, q, nil, nil); verdict != "miss" {
		t.Fatalf("first request: %q", verdict)
	}
	for _, variant := range []string{
		"{page(path:\"/kultur-och-fritid\"){title}}",
		"# a comment\n{ page(path: \"/kultur-och-fritid\"), { title, } }",
	} {
		if _, verdict := b.post(t, variant, nil, nil); verdict != "hit" {
			t.Errorf("%q: cache %q, want a hit", variant, verdict)
		}
	}
	for i := range 3 {
		body, _ := b.post(t, q, map[string]any{"junk": i}, nil)
		if !strings.Contains(body, "BAD_USER_INPUT") {
			t.Errorf("a junk variable was not refused: %s", body)
		}
	}
	if _, verdict := b.post(t, q, map[string]any{"junk": 0}, nil); verdict == "hit" {
		t.Error("a refused request was kept")
	}
}

// A stored file whose size is not the recorded one is not served.
func TestFileOfTheWrongSize(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	var key string
	if err := b.pool.QueryRow(ctx, `SELECT storage_key FROM document_contents WHERE document_id = 1 AND state = 'published'`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	if err := b.blobs.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if err := b.blobs.Put(ctx, key, strings.NewReader("%PDF-1.4 cut short")); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		res := get(t, b.url+"/files/1/rapport-motesplats-24-7.pdf", nil)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusInternalServerError || strings.Contains(string(body), "PDF") {
			t.Errorf("a file of the wrong size: %d %q", res.StatusCode, body)
		}
	}
	res := get(t, b.url+"/files/2/x", nil)
	if res.StatusCode == http.StatusInternalServerError {
		t.Error("another document is refused too")
	}
}

// A request is looked up by its exact bytes before it is decoded; bytes that
// differ (JSON spacing, the order of its members) lead to the same entry, and
// a body over the limit is still refused.
func TestResponseCacheRequestBytes(t *testing.T) {
	t.Parallel()
	b := setupCached(t)
	send := func(body string) (string, string, int) {
		t.Helper()
		res, err := http.Post(b.url+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return string(out), res.Header.Get("X-Radhus-Cache"), res.StatusCode
	}
	const q = `query($p: String!) { page(path: $p) { title } }`
	one := `{"query": "` + q + `", "variables": {"p": "/kultur-och-fritid"}}`
	other := `{ "variables" : { "p" : "/kultur-och-fritid" } , "query" : "` + q + `" }`
	first, verdict, _ := send(one)
	if verdict != "miss" || !strings.Contains(first, "Kultur och fritid") {
		t.Fatalf("first request: cache %q: %s", verdict, first)
	}
	for i, body := range []string{one, other, other, one} {
		got, verdict, _ := send(body)
		if verdict != "hit" || got != first {
			t.Errorf("request %d: cache %q, same answer %v; want a hit with the same answer", i, verdict, got == first)
		}
	}
	big := `{"query": "` + q + `", "variables": {"p": "/` + strings.Repeat("a", 300<<10) + `"}}`
	if body, _, status := send(big); status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "REQUEST_TOO_LARGE") {
		t.Errorf("an oversized body: %d %.200s", status, body)
	}
	if body, _, status := send(`{"query": `); status != http.StatusBadRequest || !strings.Contains(body, "BAD_REQUEST") {
		t.Errorf("a body that does not decode: %d %.200s", status, body)
	}
}
