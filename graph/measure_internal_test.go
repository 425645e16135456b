package graph

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

func testLimiter() *limiter {
	return &limiter{limits: DefaultLimits, schema: NewExecutableSchema(Config{}).Schema(), introspection: true}
}

// costOf measures the first operation of query.
func costOf(t *testing.T, l *limiter, query string, vars map[string]any) shape {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	m := l.newMeasurer(doc, doc.Operations[0], vars)
	s, gerr := m.selectionSet(doc.Operations[0].SelectionSet, l.schema.Query, false)
	if gerr != nil {
		t.Fatal(gerr)
	}
	return s
}

// The costs the README quotes, and how page sizes count.
func TestComplexity(t *testing.T) {
	l := testLimiter()
	ref, err := os.ReadFile("testdata/reference.graphql")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query string
		vars  map[string]any
		cost  int
	}{
		{`{ pages(first: 100) { nodes { title path } } }`, nil, 1 + 100*(1+2)},
		{`{ pages { nodes { title } } }`, nil, 1 + 20*2},
		{`query($n: Int) { pages(first: $n) { nodes { title } } }`, map[string]any{"n": 5}, 1 + 5*2},
		{`query($n: Int = 7) { pages(first: $n) { nodes { title } } }`, nil, 1 + 7*2},
		{`{ pages(first: 100000) { nodes { title } } }`, nil, 1 + 100*2},
		{`{ search(query: "x") { edges { rank } } }`, nil, 1 + 10*2},
		{`{ page(path: "/a") { title children { nodes { title } } } }`, nil, 1 + 1 + 1 + 20*2},
		{`{ ...F ...F } fragment F on Query { pages(first: 2) { nodes { title } } }`, nil, 2 * (1 + 2*2)},
		{string(ref), nil, 37},
	} {
		if got := costOf(t, l, tt.query, tt.vars).cost; got != tt.cost {
			t.Errorf("cost of %.60q = %d, want %d", strings.Join(strings.Fields(tt.query), " "), got, tt.cost)
		}
	}
}

// The standard introspection query nests 15 levels, past the depth limit, and
// is measured against the introspection depth instead.
func TestIntrospectionDepth(t *testing.T) {
	q, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	s := costOf(t, testLimiter(), string(q), nil)
	if s.idepth != 15 || s.depth > DefaultLimits.Depth || s.idepth > DefaultLimits.IntrospectionDepth {
		t.Errorf("introspection query: depth %d, introspection depth %d", s.depth, s.idepth)
	}
}

// A query is measured again on every request unless no page size in it is a
// variable: the same text with larger page sizes is refused after it was
// answered with small ones.
func TestLimitsRememberedOnlyWithoutVariables(t *testing.T) {
	l := testLimiter()
	l.queries = NewQueryCache(1 << 20)
	run := func(query string, vars map[string]any) *gqlerror.Error {
		p := &graphql.RawParams{Query: query, Variables: vars}
		if err := l.MutateOperationParameters(context.Background(), p); err != nil {
			return err
		}
		if _, ok := l.queries.Get(context.Background(), query); !ok {
			doc, err := parser.ParseQuery(&ast.Source{Input: query})
			if err != nil {
				t.Fatal(err)
			}
			l.queries.Add(context.Background(), query, doc) // as gqlgen does once it validated
		}
		return nil
	}
	sized := `query($n: Int) { pages(first: $n) { nodes { children(first: $n) { nodes { title path } } } } }`
	for range 3 {
		if err := run(sized, map[string]any{"n": 2}); err != nil {
			t.Fatalf("small page sizes refused: %v", err)
		}
	}
	if err := run(sized, map[string]any{"n": 100}); err == nil || err.Extensions["code"] != CodeQueryTooComplex {
		t.Fatalf("large page sizes after small ones: %v, want %s", err, CodeQueryTooComplex)
	}
	fixed := `{ pages(first: 5) { nodes { title } } }`
	for range 2 {
		if err := run(fixed, nil); err != nil {
			t.Fatal(err)
		}
	}
	if e, ok := l.queries.peek(fixed); !ok || !e.withinLimits.Load() {
		t.Errorf("a query without variables is measured on every request")
	}
	if e, ok := l.queries.peek(sized); !ok || e.withinLimits.Load() {
		t.Errorf("a query whose page sizes are variables is not measured on every request")
	}
}
