package graph_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequestDecoder sends /graphql whatever a client might: any method,
// Content-Type and body (or, for GET, query string). The server never answers
// with a 5xx and always answers with JSON.
func FuzzRequestDecoder(f *testing.F) {
	b := setup(f)
	seeds := []struct {
		get         bool
		contentType string
		body        string
	}{
		{false, "application/json", `{"query":"{ page(path: \"/kultur-och-fritid\") { title } }"}`},
		{false, "application/json", `{"query":"query P($p: String!) { page(path: $p) { title } }","variables":{"p":"/kultur-och-fritid"},"operationName":"P"}`},
		{false, "application/json", `{"query":"{ page(path: \"/\u0000\") { title } }"}`},
		{false, "application/json", `{"query":"{ __typename }","variables":"not an object"}`},
		{false, "application/json", `{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}`},
		{false, "application/json", `[{"query":"{ __typename }"}]`},
		{false, "application/json", `{"query":`},
		{false, "application/json", "\xff\xfe{}"},
		{false, "application/graphql", `{ __typename }`},
		{false, "text/plain", `{"query":"{ __typename }"}`},
		{false, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}\r\n--x--\r\n"},
		{false, "", ""},
		{true, "", "query=" + "%7B+__typename+%7D"},
		{true, "", "query=mutation+%7B+__typename+%7D"},
		{true, "", "query=%7B__typename%7D&variables=%7B"},
		{true, "", "query=%ff"},
	}
	for _, s := range seeds {
		f.Add(s.get, s.contentType, s.body)
	}
	f.Fuzz(func(t *testing.T, get bool, contentType, body string) {
		var req *http.Request
		if get {
			req = httptest.NewRequest(http.MethodGet, "/graphql", nil)
			req.URL.RawQuery = body
		} else {
			req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
		}
		rec := httptest.NewRecorder()
		b.handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q %q: %s", rec.Code, contentType, body, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("status %d, body not JSON for %q %q: %q", rec.Code, contentType, body, rec.Body)
		}
	})
}
