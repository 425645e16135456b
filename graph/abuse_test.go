package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/radhus/radhus/graph"
)

// The adversarial suite: requests an attacker would send, each of which must
// be refused with its code, quickly (a bound relative to a cheap query in the
// same run, never an absolute time), and without changing any content. The
// cases are in abuse_cases_test.go; add new ones there.

// abuseCase is one hostile request and the refusal it must get.
type abuseCase struct {
	name string
	// prod sends it to a server in production mode (no introspection, no
	// suggestions); else development mode.
	prod bool
	// request builds the request against the server at base.
	request func(base string) *http.Request
	// status is the HTTP status wanted.
	status int
	// code and field are the wanted extensions of the first GraphQL error;
	// an empty code wants a response that is not GraphQL (a file request).
	code, field string
	// ratio bounds the request's time as a multiple of a cheap query's
	// (default 50; 200 for a body over 64 KiB, which takes its time to be
	// sent and decoded, 1000 with the race detector on). What the limits
	// prevent took thousands of times a cheap query.
	ratio float64
	// check, when set, looks further at the response.
	check func(t *testing.T, res *http.Response, body []byte)
}

// abuseLimits are the limits the suite runs with: the defaults.
var abuseLimits = graph.DefaultLimits

func TestAdversarial(t *testing.T) {
	t.Parallel()
	dev := setup(t)
	prod := newBundleWith(t, bundleOptions{load: loadDemo, handler: &graph.Options{Limits: abuseLimits}})
	cases := abuseCases(dev)
	if len(cases) < 60 {
		t.Errorf("the suite has %d cases, want at least 60", len(cases))
	}
	before := contentChecksum(t, dev)
	beforeProd := contentChecksum(t, prod)
	cheapQueryTime(t, dev) // warm up
	var slowest time.Duration
	var slowestName string
	var slowestRatio float64
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := dev
			if c.prod {
				b = prod
			}
			ratio := c.ratio
			if ratio == 0 {
				ratio = 50
				if c.request(b.url).ContentLength > 64<<10 {
					ratio = 200
					if raceEnabled {
						ratio = 1000
					}
				}
			}
			// The fastest of a few tries, against the fastest cheap query
			// measured between them, to see through a busy machine: a
			// refusal that is slow by design (quadratic validation) stays
			// hundreds of times over the bound however often it is tried.
			var res *http.Response
			var body []byte
			took, cheap := time.Duration(1<<62), time.Duration(1<<62)
			for try := 0; try < 3 || (try < 8 && took > time.Duration(ratio*float64(cheap))); try++ {
				cheap = min(cheap, cheapQueryTime(t, b))
				start := time.Now()
				var err error
				res, err = http.DefaultClient.Do(c.request(b.url))
				if err != nil {
					t.Fatal(err)
				}
				body, err = io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil {
					t.Fatal(err)
				}
				took = min(took, time.Since(start))
			}
			if took > slowest {
				slowest, slowestName, slowestRatio = took, c.name, float64(took)/float64(cheap)
			}
			if res.StatusCode != c.status {
				t.Errorf("HTTP status = %d, want %d; body %.300s", res.StatusCode, c.status, body)
			}
			if c.code != "" {
				checkGraphQLError(t, res, body, c.code, c.field)
			}
			if limit := time.Duration(ratio * float64(cheap)); took > limit {
				t.Errorf("took %v, more than %.0f times a cheap query (%v)", took, ratio, cheap)
			}
			if c.check != nil {
				c.check(t, res, body)
			}
			if got := contentChecksum(t, b); got != map[bool]string{false: before, true: beforeProd}[c.prod] {
				t.Errorf("content tables changed")
			}
		})
	}
	t.Logf("slowest refusal: %s, %v (%.1f cheap queries)", slowestName, slowest, slowestRatio)
}

// checkGraphQLError checks that body is a GraphQL response whose first error
// has code (or one of the codes separated by "|") and field, and that it does
// not echo a request.
func checkGraphQLError(t *testing.T, res *http.Response, body []byte, code, field string) {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/graphql-response+json") {
		t.Errorf("Content-Type = %q, want JSON", ct)
	}
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("not a GraphQL response: %v: %.300s", err, body)
	}
	if len(r.Errors) == 0 {
		t.Fatalf("no error; data %.300s", r.Data)
	}
	e := r.Errors[0]
	if !slices.Contains(strings.Split(code, "|"), e.Extensions.Code) || e.Extensions.Field != field {
		t.Errorf("error %q: code %q field %q, want code %q field %q", e.Message, e.Extensions.Code, e.Extensions.Field, code, field)
	}
	if len(e.Message) > 300 {
		t.Errorf("error message is %d bytes long: %.100s…", len(e.Message), e.Message)
	}
	for _, leak := range []string{"SQLSTATE", "pgx", "panic", ".go:", "body:"} {
		if strings.Contains(e.Message, leak) {
			t.Errorf("message %q leaks %q", e.Message, leak)
		}
	}
}

// cheapQueryTime is the fastest time of a cheap query that reads the
// database, of a few.
func cheapQueryTime(t *testing.T, b *bundle) time.Duration {
	t.Helper()
	const q = `{"query":"{ page(path: \"/kultur-och-fritid\") { title } }"}`
	var times []time.Duration
	for i := range 5 {
		start := time.Now()
		res, err := http.Post(b.url+"/graphql", "application/json", strings.NewReader(q))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.Contains(body, []byte("Kultur och fritid")) {
			t.Fatalf("cheap query: %d %s", res.StatusCode, body)
		}
		if i >= 1 { // the first warms up connections and caches
			times = append(times, time.Since(start))
		}
	}
	return slices.Min(times)
}

// contentChecksum digests every table of the database but the migrations'
// bookkeeping.
func contentChecksum(t *testing.T, b *bundle) string {
	t.Helper()
	ctx := context.Background()
	rows, err := b.pool.Query(ctx, `SELECT quote_ident(table_name) FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'
		ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(tables) < 5 {
		t.Fatalf("found only the tables %v", tables)
	}
	var sums []string
	for _, table := range tables {
		var sum string
		if err := b.pool.QueryRow(ctx, fmt.Sprintf(
			`SELECT '%[1]s:' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM %[1]s t`, table)).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, sum)
	}
	return strings.Join(sums, ",")
}

// Request builders for the cases.

// gql posts a query.
func gql(query string) func(string) *http.Request {
	return gqlVars(query, nil)
}

// gqlVars posts a query with variables.
func gqlVars(query string, vars map[string]any) func(string) *http.Request {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err)
	}
	return rawPost("application/json", string(body))
}

// gqlBody posts a JSON body as it is.
func gqlBody(body map[string]any) func(string) *http.Request {
	b, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	return rawPost("application/json", string(b))
}

// rawPost posts body with a Content-Type to /graphql.
func rawPost(contentType, body string) func(string) *http.Request {
	return func(base string) *http.Request {
		req, _ := http.NewRequest("POST", base+"/graphql", strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		return req
	}
}

// rawRequest sends method to path with headers.
func rawRequest(method, path string, header map[string]string) func(string) *http.Request {
	return func(base string) *http.Request {
		req, _ := http.NewRequest(method, base+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		return req
	}
}

// repeat joins n copies of s with sep.
func repeat(s string, n int, sep string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = s
	}
	return strings.Join(parts, sep)
}

// numbered joins n copies of format, each given its index.
func numbered(format string, n int, sep string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = strings.ReplaceAll(format, "%d", fmt.Sprint(i))
	}
	return strings.Join(parts, sep)
}
