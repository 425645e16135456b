package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/graph"
	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/postgres"
)

// Every field direct execution writes, with aliases, fragments and
// directives.
const directPageQuery = `query Everything($path: String!, $locale: String, $withBlocks: Boolean = true, $noSeo: Boolean = false) {
  __typename
  page(path: $path, locale: $locale) { ...Page
    alias: title
    breadcrumbs { title path }
    translations { locale path title }
    blocks @include(if: $withBlocks) { __typename
      ... on RichTextBlock { html }
      ... on HeadingBlock { text level }
      ... on QuoteBlock { text attribution }
      ... on Block { __typename } }
    documents { __typename id title fileName mimeType sizeBytes language createdAt url ... on Node { id } }
    contacts { id name tagline email updatedAt phones { label number e164 }
      visitingAddress { street postalCode city country } postalAddress { street postalCode city country }
      openingHours { id channel rules { days validFrom validTo intervals { opens closes overnight } } } } }
  other: page(path: $path) { id ... on Page { title path } }
}
fragment Page on Page { __typename id title slug path summary locale owner reviewDueAt publishedAt updatedAt version
  seo @skip(if: $noSeo) { title description } }`

const directListQuery = `query($parent: ID, $locale: String, $first: Int, $after: String, $order: PageOrder) {
  pages(parentId: $parent, locale: $locale, first: $first, after: $after, orderBy: $order) {
    edges { cursor node { id title path summary updatedAt locale breadcrumbs { title } } }
    nodes { id title }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`

const directMenuQuery = `query($root: String, $depth: Int, $locale: String) {
  menu(rootPath: $root, depth: $depth, locale: $locale) { id title path children { id title path children { title } } } }`

// Direct execution answers exactly as gqlgen's executor does, byte for byte,
// on a synthetic site and on the demo's content (whose blocks and fields
// partly fall outside it, and go to gqlgen): pages in both locales, listings
// in every order and from a cursor, menus, missing pages and errors.
func TestDirectExecution(t *testing.T) {
	t.Parallel()
	synthetic := newBundle(t, false, func(ctx context.Context, st *postgres.Store, blobs blob.Store) error {
		_, _, err := demo.LoadSynthetic(ctx, st, blobs, 120, nil)
		return err
	})
	for _, c := range []struct {
		name string
		b    *bundle
	}{{"synthetic", synthetic}, {"demo", setup(t)}} {
		t.Run(c.name, func(t *testing.T) {
			b := c.b
			gqlgenOnly := httptest.NewServer(b.graphQL(graph.Options{Introspection: true, Suggestions: true, GqlgenOnly: true}))
			t.Cleanup(gqlgenOnly.Close)
			ctx := context.Background()
			rows, _ := b.pool.Query(ctx, `SELECT path FROM page_contents WHERE state = 'published' ORDER BY path LIMIT 40`)
			paths, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil || len(paths) == 0 {
				t.Fatalf("paths: %v %v", paths, err)
			}
			rows, _ = b.pool.Query(ctx, `SELECT page_id FROM page_states WHERE state = 'published' ORDER BY page_id LIMIT 8`)
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				t.Fatal(err)
			}
			type req struct {
				query string
				vars  map[string]any
			}
			var reqs []req
			for i, p := range append(paths, "/finns-inte", "not a path") {
				vars := map[string]any{"path": p}
				switch i % 4 {
				case 1:
					vars["locale"] = "en"
				case 2:
					vars["withBlocks"], vars["noSeo"] = false, true
				case 3:
					vars["locale"] = "fr" // refused: an error, answered by gqlgen
				}
				reqs = append(reqs, req{directPageQuery, vars})
			}
			for _, order := range []string{"POSITION", "TITLE", "PATH", "UPDATED_AT"} {
				reqs = append(reqs, req{directListQuery, map[string]any{"first": 3, "order": order}},
					req{directListQuery, map[string]any{"first": 2, "order": order, "locale": "en"}})
			}
			for _, id := range ids {
				reqs = append(reqs, req{directListQuery, map[string]any{"parent": content.GlobalID(content.KindPage, id), "first": 5}})
			}
			reqs = append(reqs,
				req{directListQuery, map[string]any{"first": 2, "after": "junk"}},
				req{directMenuQuery, map[string]any{"depth": 2}},
				req{directMenuQuery, map[string]any{"depth": 1, "locale": "en"}},
				req{directMenuQuery, map[string]any{"root": paths[0], "depth": 2}},
				// Outside the table: gqlgen answers all of it.
				req{`query($p: String!) { page(path: $p) { title parent { title } } }`, map[string]any{"p": paths[0]}},
			)
			before := graph.DirectAnswers.Load()
			for _, r := range reqs {
				body, _ := json.Marshal(map[string]any{"query": r.query, "variables": r.vars})
				direct, gqlgen := postTo(t, b.url, body), postTo(t, gqlgenOnly.URL, body)
				if direct != gqlgen {
					i := 0
					for i < len(direct) && i < len(gqlgen) && direct[i] == gqlgen[i] {
						i++
					}
					from := max(0, i-200)
					t.Errorf("%v: differ at byte %d:\ndirect: …%.400s\ngqlgen: …%.400s", r.vars, i, direct[from:], gqlgen[from:])
				}
			}
			// The page query and the listings above are direct (the counter is
			// shared with tests running beside this one: at least).
			if n := graph.DirectAnswers.Load() - before; n < int64(len(paths)/2) {
				t.Errorf("%d of %d requests answered directly", n, len(reqs))
			}
		})
	}
}

func postTo(t *testing.T, url string, body []byte) string {
	t.Helper()
	res, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	// gqlgen resolves root fields concurrently: their errors come in any
	// order. The data is compared as written.
	var resp struct {
		Errors []json.RawMessage `json:"errors"`
		Data   json.RawMessage   `json:"data"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatalf("%s: %s", err, out)
	}
	errs := make([]string, len(resp.Errors))
	for i, e := range resp.Errors {
		errs[i] = string(e)
	}
	sort.Strings(errs)
	return res.Status + " errors " + strings.Join(errs, ",") + " data " + string(resp.Data)
}

// No field direct execution writes carries a directive in the schema (a role,
// @volatile): it would bypass it.
func TestDirectFieldsAreDirect(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}}).Schema()
	for typ, fields := range graph.DirectFieldNames() {
		def := schema.Types[typ]
		if def == nil {
			t.Errorf("%s: no such type", typ)
			continue
		}
		for _, name := range fields {
			f := def.Fields.ForName(name)
			switch {
			case f == nil:
				t.Errorf("%s.%s: no such field", typ, name)
			case len(f.Directives) > 0:
				t.Errorf("%s.%s has directive @%s", typ, name, f.Directives[0].Name)
			case typ != "Query" && len(f.Arguments) > 0:
				t.Errorf("%s.%s takes arguments", typ, name)
			}
			if strings.HasPrefix(name, "__") {
				t.Errorf("%s.%s: introspection is gqlgen's", typ, name)
			}
		}
	}
}

// A page that does not exist is read once: its error is reported as gqlgen
// reports it, without running the query again (two statements: the page view,
// then the old paths that might lead elsewhere).
func TestMissingPageIsReadOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const q = `query($p: String!) { page(path: $p) { title breadcrumbs { title } } }`
	vars := map[string]any{"p": "/finns/inte"}
	b.do(t, q, vars) // statements prepared
	before := b.statements.n.Load()
	r := b.do(t, q, vars)
	if len(r.Errors) != 1 || r.Errors[0].Extensions.Code != "NOT_FOUND" || string(r.Data) != `{"page":null}` {
		t.Fatalf("answer: %s %+v", r.Data, r.Errors)
	}
	if n := b.statements.n.Load() - before; n != 2 {
		t.Errorf("a missing page cost %d statements, want 2:\n%s", n, strings.Join(b.statements.recent(int(n)), "\n"))
	}
}
