package graph_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkAbuse times, in process, the hostile requests the limits were
// made for, beside a cheap query: ns/op is the server's time, B/op the memory
// one request allocates.
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
	for _, c := range []struct {
		name string
		req  func(string) *http.Request
	}{
		{"cheap query", gql(`{ page(path: "/kultur-och-fritid") { title } }`)},
		{"32,000 __typename", gql("{ " + repeat("__typename", 32000, " ") + " }")},
		{"8,000 __typename", gql("{ " + repeat("__typename", 8000, " ") + " }")},
		{"chain of 10,000 fragments", gql(chain(10000))},
		{"chain of 5,000 fragments", gql(chain(5000))},
		{"5,000 duplicate fields", gql(`{ page(path: "/kultur-och-fritid") { ` + repeat("title", 5000, " ") + " } }")},
		{"10,000 directives", gql("{ __typename " + repeat("@skip(if: false)", 10000, " ") + " }")},
		{"210 page aliases and a junk variable", gqlVars("{ "+numbered(`p%d: page(path: "/kultur-och-fritid") { title blocks { __typename } }`, 210, " ")+" }", map[string]any{"junk": "x"})},
		{"900 KB junk persisted query", persistedCases()[0].request},
		{"NUL in path", inputCases()[0].request},
		{"500 ranges on a 1 KB file", rawRequest("GET", "/files/1/rapport-motesplats-24-7.pdf", map[string]string{"Range": "bytes=" + strings.Join(ranges, ",")})},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				bn.handler.ServeHTTP(w, c.req("http://radhus.test"))
				io.Copy(io.Discard, w.Result().Body)
				if w.Code == 200 && c.name != "cheap query" && !strings.Contains(w.Body.String(), "errors") {
					b.Fatalf("%s was answered: %.200s", c.name, w.Body.String())
				}
			}
		})
	}
}
