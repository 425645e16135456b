package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/pgtest"
)

// devTools finds what the development-tool tests run: node, the packages of
// scripts/node (RADHUS_NODE_MODULES, else .cache/node/node_modules) and
// Chromium (CHROMIUM, else /usr/bin/chromium). Under scripts/test
// (RADHUS_REQUIRE_DEV_TOOLS=1) a missing one fails the test; elsewhere it
// skips.
func devTools(t *testing.T, needBrowser bool) (node, modules, chromium string) {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("RADHUS_REQUIRE_DEV_TOOLS") == "1" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format+" (scripts/test installs it)", args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not installed: %v", err)
	}
	modules = os.Getenv("RADHUS_NODE_MODULES")
	if modules == "" {
		modules, _ = filepath.Abs("../../.cache/node/node_modules")
	}
	for _, pkg := range []string{"@graphql-codegen/cli", "@graphql-codegen/typescript", "playwright-core"} {
		if _, err := os.Stat(filepath.Join(modules, pkg, "package.json")); err != nil {
			unavailable("the npm package %s is not in %s: %v", pkg, modules, err)
		}
	}
	if needBrowser {
		chromium = os.Getenv("CHROMIUM")
		if chromium == "" {
			chromium = "/usr/bin/chromium"
		}
		if _, err := os.Stat(chromium); err != nil {
			unavailable("chromium is not installed: %v", err)
		}
	}
	return node, modules, chromium
}

// TestDevelopmentToolsLoadTheSchema serves Rådhus in development mode and
// points the tools frontend developers use at it: graphql-codegen generates
// TypeScript types from the schema at the URL, and GraphiQL, in headless
// Chromium, loads the schema into its documentation explorer and runs a query,
// with no Content-Security-Policy violation. A preflight from a configured
// origin gets the CORS headers, one from another origin none.
func TestDevelopmentToolsLoadTheSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node.js and Chromium")
	}
	t.Parallel()
	node, modules, chromium := devTools(t, true)
	const origin = "https://www.kommun.example"
	srv := startServer(t, map[string]string{"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": t.TempDir(),
		"RADHUS_LOG_LEVEL": "warn", "RADHUS_CORS_ORIGINS": origin})

	t.Run("graphql-codegen", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "radhus.ts")
		config := filepath.Join(dir, "codegen.json")
		cfg, _ := json.Marshal(map[string]any{
			"schema":    srv.base + "/graphql",
			"generates": map[string]any{out: map[string]any{"plugins": []string{"typescript"}}},
		})
		os.WriteFile(config, cfg, 0o600)
		cmd := exec.Command(node, filepath.Join(modules, "@graphql-codegen/cli/esm/bin.js"), "--config", config)
		cmd.Dir = filepath.Dir(modules) // where the plugin is found
		cmd.Env = append(os.Environ(), "NODE_NO_WARNINGS=1")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("graphql-codegen: %v\n%s", err, b)
		}
		ts, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		page := typeBody(string(ts), "export type Page = ")
		if page == "" {
			t.Fatalf("no Page type in the generated TypeScript:\n%.2000s", ts)
		}
		for _, field := range []string{"id: Scalars['ID']['output'];", "title: Scalars['String']['output'];", "path: Scalars['String']['output'];",
			"blocks: Array<Block>;", "breadcrumbs: Array<Breadcrumb>;", "documents: Array<Document>;"} {
			if !strings.Contains(page, field) {
				t.Errorf("the generated Page type lacks %q:\n%s", field, page)
			}
		}
		if !strings.Contains(string(ts), "export type Query = {") {
			t.Error("no Query type in the generated TypeScript")
		}
	})

	t.Run("GraphiQL", func(t *testing.T) {
		query := `{ page(path: "/kultur-och-fritid/bibliotek/medborgardialogen-om-biblioteket") { title } }`
		cmd := exec.Command(node, "../../scripts/node/graphiql-check.js", srv.base+"/", query)
		cmd.Env = append(os.Environ(), "NODE_PATH="+modules, "CHROMIUM="+chromium)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
			}
		}()
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("GraphiQL in Chromium: %v\n%s", err, stderr.Bytes())
		}
		var got struct {
			Docs, Result, Error string
			ConsoleErrors       []string
			CSPViolations       []string
			FailedRequests      []string
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		if got.Error != "" {
			t.Errorf("GraphiQL: %s", got.Error)
		}
		for _, want := range []string{"page", "pages", "menu", "search"} {
			if !strings.Contains(got.Docs, want) {
				t.Errorf("the documentation explorer's Query type lacks %q:\n%s", want, got.Docs)
			}
		}
		if !strings.Contains(got.Result, "Medborgardialogen om biblioteket") {
			t.Errorf("the query run in GraphiQL gave:\n%s", got.Result)
		}
		if len(got.CSPViolations) > 0 {
			t.Errorf("Content-Security-Policy violations: %q", got.CSPViolations)
		}
		for _, r := range got.FailedRequests {
			if strings.HasSuffix(r, "/favicon.ico") {
				continue // the browser asks for one; Rådhus has none
			}
			t.Errorf("failed request: %s", r)
		}
		for _, e := range got.ConsoleErrors {
			if strings.Contains(e, "Content Security Policy") || strings.Contains(e, "Refused to") {
				t.Errorf("console: %s", e)
			} else {
				t.Logf("console error: %s", e)
			}
		}
	})

	t.Run("CORS preflight", func(t *testing.T) {
		for _, c := range []struct {
			origin, want string
		}{{origin, origin}, {"https://evil.example", ""}} {
			req, _ := http.NewRequest(http.MethodOptions, srv.base+"/graphql", nil)
			req.Header.Set("Origin", c.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Access-Control-Allow-Origin"); got != c.want {
				t.Errorf("preflight from %s: Access-Control-Allow-Origin %q, want %q", c.origin, got, c.want)
			}
			if got := res.Header.Get("Access-Control-Allow-Methods"); (got != "") != (c.want != "") {
				t.Errorf("preflight from %s: Access-Control-Allow-Methods %q", c.origin, got)
			}
		}
	})
}

// typeBody returns the TypeScript type declared by the line starting with
// decl, up to its closing brace.
func typeBody(ts, decl string) string {
	i := strings.Index(ts, decl)
	if i < 0 {
		return ""
	}
	j := strings.Index(ts[i:], "\n};")
	if j < 0 {
		return ""
	}
	return ts[i : i+j+3]
}
