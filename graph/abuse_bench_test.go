package graph_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkAbuse times, in process, the hostile requests the limits were
// made for, beside a cheap query: ns/op is the server's time (for the
// concurrent case, that of all its requests), B/op the memory one request
// allocates. After each hostile request it times a cheap query too, outside
// ns/op, and then, as a control, the same cheap query after the server has
// been idle for as long as the hostile request took: a cheap query is slower
// after any pause of a few milliseconds (its PostgreSQL backend and this
// process's threads asleep, caches cold; 10 ms of idling makes it about three
// times slower on a shared 2-core machine), so the pause, not the refusal,
// would otherwise be measured. cheap-after/idle is the median cheap query
// after the hostile request against the median after the idle pause, about 1
// when the refusal leaves the server as fast as idling would;
// cheap-after/before compares it with the median of 200 back-to-back cheap
// queries before, pause included.
//
//	go test -run '^$' -bench BenchmarkAbuse -benchmem ./graph
func BenchmarkAbuse(b *testing.B) {
	bn := setup(b)
	chain := func(n int) string {
		var s strings.Builder
		s.WriteString("{ ...F0 }\n")
		for i := range n {
			s.WriteString("fragment F" + itoa(i) + " on Query { __typename ...F" + itoa(i+1) + " }\n")
		}
		s.WriteString("fragment F" + itoa(n) + " on Query { __typename }")
		return s.String()
	}
	ranges := make([]string, 500)
	for i := range ranges {
		ranges[i] = itoa(i) + "-" + itoa(i)
	}
	cheap := gql(`{ page(path: "/kultur-och-fritid") { title } }`)
	for _, c := range []struct {
		name string
		req  func(string) *http.Request
		// parallel, when set, sends that many of req at once.
		parallel int
	}{
		{name: "cheap query", req: cheap},
		{name: "32,000 __typename", req: gql("{ " + repeat("__typename", 32000, " ") + " }")},
		{name: "8,000 __typename", req: gql("{ " + repeat("__typename", 8000, " ") + " }")},
		{name: "chain of 10,000 fragments", req: gql(chain(10000))},
		{name: "chain of 5,000 fragments", req: gql(chain(5000))},
		{name: "5,000 duplicate fields", req: gql(`{ page(path: "/kultur-och-fritid") { ` + repeat("title", 5000, " ") + " } }")},
		{name: "10,000 directives", req: gql("{ __typename " + repeat("@skip(if: false)", 10000, " ") + " }")},
		{name: "20 concurrent 10,000-directive queries", req: gql("{ __typename " + repeat("@skip(if: false)", 10000, " ") + " }"), parallel: 20},
		{name: "210 page aliases and a junk variable", req: gqlVars("{ "+numbered(`p%d: page(path: "/kultur-och-fritid") { title blocks { __typename } }`, 210, " ")+" }", map[string]any{"junk": "x"})},
		{name: "900 KB junk persisted query", req: persistedCases()[0].request},
		{name: "NUL in path", req: inputCases()[0].request},
		{name: "NUL in rootPath", req: inputCases()[2].request},
		{name: "NUL in search", req: inputCases()[3].request},
		{name: "NUL in a cursor", req: inputCases()[4].request},
		{name: "500 ranges on a 1 KB file", req: rawRequest("GET", "/files/1/rapport-motesplats-24-7.pdf", map[string]string{"Range": "bytes=" + strings.Join(ranges, ",")})},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			const warm = 200
			before := make([]time.Duration, warm)
			for i := range before {
				before[i] = timed(b, bn, cheap)
			}
			refused := func() {
				w := serve(b, bn, c.req)
				if w.Code == 200 && c.name != "cheap query" && !strings.Contains(w.Body.String(), "errors") {
					b.Errorf("%s was answered: %.200s", c.name, w.Body.String())
				}
			}
			var after, idle []time.Duration
			for b.Loop() {
				start := time.Now()
				if c.parallel == 0 {
					refused()
				} else {
					var wg sync.WaitGroup
					for range c.parallel {
						wg.Go(refused)
					}
					wg.Wait()
				}
				took := time.Since(start)
				b.StopTimer()
				after = append(after, timed(b, bn, cheap))
				busy(min(max(c.parallel, 1), runtime.GOMAXPROCS(0)), took)
				idle = append(idle, timed(b, bn, cheap))
				b.StartTimer()
			}
			b.ReportMetric(float64(median(after))/float64(median(idle)), "cheap-after/idle")
			b.ReportMetric(float64(median(after))/float64(median(before)), "cheap-after/before")
		})
	}
}

// timed serves one request and returns how long it took.
func timed(b *testing.B, bn *bundle, req func(string) *http.Request) time.Duration {
	start := time.Now()
	serve(b, bn, req)
	return time.Since(start)
}

// busy keeps n goroutines spinning for d, as the hostile requests kept
// the processor busy, without touching the server.
func busy(n int, d time.Duration) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for start := time.Now(); time.Since(start) < d; {
			}
		})
	}
	wg.Wait()
}

// median is the middle of durations, which it sorts.
func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// serve sends one request through the handler and reads its answer.
func serve(b *testing.B, bn *bundle, req func(string) *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	bn.handler.ServeHTTP(w, req("http://radhus.test"))
	if _, err := io.Copy(io.Discard, w.Result().Body); err != nil {
		b.Error(err)
	}
	return w
}
