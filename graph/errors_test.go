package graph_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name      string
		query     string
		vars      map[string]any
		code      string
		field     string
		noMessage string // text the message must not leak
	}{
		{"missing page", `{ page(path: "/finns/inte") { title } }`, nil, "NOT_FOUND", "", ""},
		{"malformed node id", `{ node(id: "not an id!") { id } }`, nil, "BAD_USER_INPUT", "id", ""},
		{"node id of no kind", `{ node(id: "Rm9vOjE") { id } }`, nil, "BAD_USER_INPUT", "id", ""},
		{"missing node", `{ node(id: "UGFnZTo5OTk5") { id } }`, nil, "NOT_FOUND", "", ""},
		{"contact id of a page", `{ contact(id: "UGFnZToy") { name } }`, nil, "BAD_USER_INPUT", "id", ""},
		{"missing document", `{ document(id: "RG9jdW1lbnQ6OTk5") { title } }`, nil, "NOT_FOUND", "", ""},
		{"unknown locale", `{ page(path: "/kultur-och-fritid", locale: "fi") { title } }`, nil, "BAD_USER_INPUT", "locale", ""},
		{"relative path", `{ page(path: "kultur/../x") { title } }`, nil, "BAD_USER_INPUT", "path", ""},
		{"bad cursor", `{ pages(after: "%%%") { nodes { title } } }`, nil, "BAD_USER_INPUT", "after", ""},
		{"negative first", `{ pages(first: -1) { nodes { title } } }`, nil, "BAD_USER_INPUT", "first", ""},
		{"bad parent id", `{ pages(parentId: "x") { nodes { title } } }`, nil, "BAD_USER_INPUT", "parentId", ""},
		{"menu too deep", `{ menu(depth: 99) { title } }`, nil, "BAD_USER_INPUT", "depth", ""},
		{"menu root missing", `{ menu(rootPath: "/finns/inte") { title } }`, nil, "NOT_FOUND", "", ""},
		{"empty search", `{ search(query: "  ") { edges { rank } } }`, nil, "BAD_USER_INPUT", "query", ""},
		{"holidays year", `{ holidays(year: 99999) { name } }`, nil, "BAD_USER_INPUT", "year", ""},
		{"bad date", `{ contacts { nodes { openingHours { days(from: "2026-13-01", to: "2026-12-31") { date } } } } }`, nil, "BAD_USER_INPUT", "from", ""},
		{"days range too long", `{ contacts { nodes { openingHours { days(from: "2026-01-01", to: "2027-06-01") { date } } } } }`, nil, "BAD_USER_INPUT", "to", ""},
		{"days backwards", `{ contacts { nodes { openingHours { days(from: "2026-02-01", to: "2026-01-01") { date } } } } }`, nil, "BAD_USER_INPUT", "to", ""},
		{"bad instant", `{ contacts { nodes { openingHours { isOpen(at: "tomorrow") } } } }`, nil, "BAD_USER_INPUT", "at", ""},
		{"bad variable", `query($d: Int) { menu(depth: $d) { title } }`, map[string]any{"d": "deep"}, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"unknown field", `{ page(path: "/x") { nope } }`, nil, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"SQL-looking input", `{ page(path: "/x'; DROP TABLE pages; --") { title } }`, nil, "NOT_FOUND", "", "DROP"},
		{"too deep", `{ page(path: "/a") { ` + strings.Repeat("parent { ", 12) + "title" + strings.Repeat(" }", 13) + " }", nil, "QUERY_TOO_DEEP", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.do(t, tt.query, tt.vars)
			if r.status != 200 && r.status != 422 {
				t.Errorf("HTTP status = %d, want 200 (or 422 for a request that does not validate)", r.status)
			}
			if len(r.Errors) == 0 {
				t.Fatalf("no error, data %s", r.Data)
			}
			e := r.Errors[0]
			if e.Extensions.Code != tt.code || e.Extensions.Field != tt.field {
				t.Errorf("error = %q code %q field %q, want code %q field %q", e.Message, e.Extensions.Code, e.Extensions.Field, tt.code, tt.field)
			}
			for _, leak := range []string{"SQLSTATE", "pgx", "panic", ".go:", tt.noMessage} {
				if leak != "" && strings.Contains(e.Message, leak) {
					t.Errorf("message %q leaks %q", e.Message, leak)
				}
			}
		})
	}
}

// A request whose client went away, or whose time ran out, before the
// operation ran is answered with an error, not a panic and a 500: gqlgen
// answers nothing once the context is done.
func TestRequestEndedBeforeTheOperationRan(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, tt := range []struct {
		name string
		end  func() (context.Context, context.CancelFunc)
		code string
	}{
		{"client gone", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, "INTERNAL_SERVER_ERROR"},
		{"time ran out", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		}, "TIMEOUT"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.end()
			defer cancel()
			for _, query := range []string{
				`{ page(path: "/kultur-och-fritid") { title } }`,                               // directly executed
				`{ page(path: "/kultur-och-fritid") { title } holidays(year: 2026) { name } }`, // by gqlgen
			} {
				w := httptest.NewRecorder()
				b.handler.ServeHTTP(w, gql(query)("http://radhus.test").WithContext(ctx))
				var resp struct {
					Errors []struct {
						Message    string
						Extensions struct{ Code string }
					}
				}
				if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
					t.Fatalf("%s: status %d, body %q: %v", query, w.Code, w.Body.String(), err)
				}
				if w.Code != 200 || len(resp.Errors) != 1 || resp.Errors[0].Extensions.Code != tt.code {
					t.Errorf("%s: status %d, body %s; want 200 and one error %s", query, w.Code, w.Body.String(), tt.code)
				}
			}
		})
	}
}

// The body decoder refuses a query that is surely over the length limit
// before copying it out, and only such a query: one under the limit whose
// JSON is five times as long in escapes is answered.
func TestQueryLengthInTheBody(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// json.Marshal writes each < as the six bytes \u003c.
	escaped := "#" + strings.Repeat("<", 20<<10) + "\n{ __typename }"
	if r := b.do(t, escaped, nil); r.status != 200 || len(r.Errors) > 0 {
		t.Errorf("a 20 KB query in 120 KB of JSON: status %d, errors %v", r.status, r.Errors)
	}
	long := "#" + strings.Repeat("x", 40<<10) + "\n{ __typename }"
	r := b.do(t, long, nil)
	if r.status != 422 || len(r.Errors) != 1 || r.Errors[0].Extensions.Code != "QUERY_TOO_LARGE" {
		t.Errorf("a 40 KB query: status %d, errors %v; want 422 QUERY_TOO_LARGE", r.status, r.Errors)
	}
}
