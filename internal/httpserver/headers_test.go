package httpserver

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/httpserver/graphiql"
)

func headersServer(t *testing.T, origins []string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewServer(Deps{
		Logger:      discardLogger(),
		GraphQL:     readAll,
		GraphiQL:    graphiql.Page(),
		CORSOrigins: origins,
	}))
	t.Cleanup(srv.Close)
	return srv
}

func preflight(t *testing.T, url, origin string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("OPTIONS", url, nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestCORS(t *testing.T) {
	t.Parallel()
	srv := headersServer(t, []string{"https://www.kommun.example"})
	for _, path := range []string{"/graphql", "/files/1/rapport.pdf"} {
		res := preflight(t, srv.URL+path, "https://www.kommun.example")
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "https://www.kommun.example" {
			t.Errorf("%s: preflight from the configured origin: Allow-Origin %q (status %d)", path, got, res.StatusCode)
		}
		if got := strings.ToLower(res.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "authorization") || !strings.Contains(got, "content-type") {
			t.Errorf("%s: Allow-Headers %q", path, got)
		}
		res = preflight(t, srv.URL+path, "https://evil.example")
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s: preflight from another origin: Allow-Origin %q", path, got)
		}
	}
	// Not configured: no CORS at all.
	none := headersServer(t, nil)
	if got := preflight(t, none.URL+"/graphql", "https://www.kommun.example").Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("without origins: Allow-Origin %q", got)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	srv := headersServer(t, nil)
	for _, path := range []string{"/", "/graphql", "/healthz", "/nowhere", "/graphiql/graphiql.min.js"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
	}
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("GraphiQL's CSP = %q", csp)
	}
	// Every script and style the page loads is embedded and served here.
	for _, asset := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "init.js", "page.css"} {
		if !strings.Contains(string(page), `"/graphiql/`+asset+`"`) {
			t.Errorf("the page does not load %s", asset)
		}
		res, err := http.Get(srv.URL + "/graphiql/" + asset)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(body) == 0 {
			t.Errorf("/graphiql/%s: %d, %d bytes", asset, res.StatusCode, len(body))
		}
	}
	if strings.Contains(string(page), "https://") || strings.Contains(string(page), "<script>") {
		t.Error("the page loads from elsewhere or has an inline script")
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
