package httpserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// readAll stands in for the GraphQL transports: it reads the whole body and
// answers 422 when it cannot, as gqlgen does.
var readAll = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	n, err := io.Copy(io.Discard, r.Body)
	if err != nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
		io.WriteString(w, `{"errors":[{"message":"failed to copy to temp file"}]}`)
		return
	}
	io.WriteString(w, `{"read":`+itoa(n)+`}`)
})

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestLimitBody(t *testing.T) {
	t.Parallel()
	const small, upload = 1 << 10, 1 << 14
	srv := httptest.NewServer(limitBody(readAll, small, upload))
	defer srv.Close()
	multipart := "multipart/form-data; boundary=x"
	tests := []struct {
		name, path, contentType string
		size                    int
		chunked                 bool
		want                    int
	}{
		{"json within", "/graphql", "application/json", small, false, 200},
		{"json over", "/graphql", "application/json", small + 1, false, 422},
		{"json chunked over", "/graphql", "application/json", small + 1, true, 422},
		{"upload within", "/graphql", multipart, upload, false, 200},
		{"upload chunked within", "/graphql", multipart, upload, true, 200},
		{"upload declared over", "/graphql", multipart, upload + 1, false, 413},
		{"upload chunked over", "/graphql", multipart, upload + 1, true, 413},
		{"multipart elsewhere", "/files/1/x", multipart, small + 1, false, 422},
	}
	for _, tt := range tests {
		var body io.Reader = bytes.NewReader(bytes.Repeat([]byte("a"), tt.size))
		if tt.chunked {
			body = io.MultiReader(body) // hides the length: sent chunked
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+tt.path, body)
		req.Header.Set("Content-Type", tt.contentType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s: status %d (%s), want %d", tt.name, resp.StatusCode, got, tt.want)
			continue
		}
		if tt.want == 413 {
			var e struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			if json.Unmarshal(got, &e) != nil || len(e.Errors) != 1 || e.Errors[0].Extensions["code"] != "BAD_USER_INPUT" ||
				e.Errors[0].Extensions["field"] != "file" || !strings.Contains(e.Errors[0].Message, "16384 bytes") {
				t.Errorf("%s: body %s, want one BAD_USER_INPUT error naming the limit", tt.name, got)
			}
		}
	}
}
