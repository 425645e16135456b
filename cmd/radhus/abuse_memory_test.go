package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/pgtest"
)

// maxAbuseGrowth is what the server's resident memory may grow by while it
// refuses one hostile request.
const maxAbuseGrowth = 20 << 20

// hostileRequest is one request of the kinds that once took the server down,
// and the refusal it must get.
type hostileRequest struct {
	name string
	// send sends the request (or requests) once and checks each answer,
	// returning what is wrong with it.
	send func(c *http.Client, base string) error
}

// hostileRequests are the requests that a single anonymous caller could once
// use to take Rådhus down: each must be refused with its code. doc is the
// path of a stored document of about 1 KB.
func hostileRequests(doc string) []hostileRequest {
	post := func(body any, status int, code, field string) func(*http.Client, string) error {
		b, err := json.Marshal(body)
		if err != nil {
			panic(err)
		}
		return func(c *http.Client, base string) error {
			req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(string(b)))
			req.Header.Set("Content-Type", "application/json")
			return refused(c, req, status, code, field)
		}
	}
	query := func(q string, vars map[string]any) map[string]any {
		return map[string]any{"query": q, "variables": vars}
	}
	chain := func(n int) string {
		var s strings.Builder
		s.WriteString("{ ...F0 }\n")
		for i := range n {
			fmt.Fprintf(&s, "fragment F%d on Query { __typename ...F%d }\n", i, i+1)
		}
		fmt.Fprintf(&s, "fragment F%d on Query { __typename }", n)
		return s.String()
	}
	aliases := make([]string, 210)
	for i := range aliases {
		aliases[i] = fmt.Sprintf(`p%d: page(path: "/kultur-och-fritid") { title blocks { __typename } }`, i)
	}
	junk := "{ " + strings.Repeat("__typename ", 83000) + "}" // 900 KB
	sum := sha256.Sum256([]byte(junk))
	persisted := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	ranges := make([]string, 500)
	for i := range ranges {
		ranges[i] = fmt.Sprintf("%d-%d", i, i)
	}
	nul := "/kultur-och-fritid\x00"
	directives := post(query("{ __typename "+strings.Repeat("@skip(if: false) ", 10000)+"}", nil), 422, "QUERY_TOO_LARGE", "")
	return []hostileRequest{
		{"32,000 __typename", post(query("{ "+strings.Repeat("__typename ", 32000)+"}", nil), 413, "REQUEST_TOO_LARGE", "")},
		{"chain of 10,000 fragments", post(query(chain(10000), nil), 413, "REQUEST_TOO_LARGE", "")},
		{"5,000 duplicate fields", post(query(`{ page(path: "/kultur-och-fritid") { `+strings.Repeat("title ", 5000)+"} }", nil), 422, "QUERY_TOO_LARGE", "")},
		{"20 concurrent 10,000-directive queries", func(c *http.Client, base string) error {
			errs := make([]error, 20)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Go(func() { errs[i] = directives(c, base) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"210 page aliases and a junk variable, 50 times with new junk", func(c *http.Client, base string) error {
			q := "{ " + strings.Join(aliases, " ") + " }"
			for i := range 50 {
				if err := post(query(q, map[string]any{"junk": fmt.Sprintf("junk %d", i)}), 422, "TOO_MANY_ALIASES", "")(c, base); err != nil {
					return err
				}
			}
			return nil
		}},
		{"900 KB junk persisted query, then its hash", func(c *http.Client, base string) error {
			if err := post(map[string]any{"query": junk, "extensions": persisted}, 413, "REQUEST_TOO_LARGE", "")(c, base); err != nil {
				return err
			}
			return post(map[string]any{"extensions": persisted}, 200, "PERSISTED_QUERY_NOT_FOUND", "")(c, base)
		}},
		{"NUL in path", post(query("query($p: String!) { page(path: $p) { title } }", map[string]any{"p": nul}), 200, "BAD_USER_INPUT", "path")},
		{"NUL in rootPath", post(query("query($p: String) { menu(rootPath: $p) { title } }", map[string]any{"p": nul}), 200, "BAD_USER_INPUT", "rootPath")},
		{"NUL in search", post(query("query($q: String!) { search(query: $q) { edges { rank } } }", map[string]any{"q": "bibliotek\x00"}), 200, "BAD_USER_INPUT", "query")},
		{"NUL in a cursor", post(query("query($a: String) { pages(after: $a) { nodes { title } } }", map[string]any{"a": "eyJpIjoxfQ\x00"}), 200, "BAD_USER_INPUT", "after")},
		{"500 ranges of a 1 KB file", func(c *http.Client, base string) error {
			req, _ := http.NewRequest(http.MethodGet, base+doc, nil)
			req.Header.Set("Range", "bytes="+strings.Join(ranges, ","))
			res, err := c.Do(req)
			if err != nil {
				return err
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusRequestedRangeNotSatisfiable || len(body) > 1000 {
				return fmt.Errorf("HTTP %d with %d bytes, want 416 and no content", res.StatusCode, len(body))
			}
			return nil
		}},
	}
}

// refused sends req and checks that its answer is a GraphQL error with code
// (and field, when given) under HTTP status.
func refused(c *http.Client, req *http.Request, status int, code, field string) error {
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var r struct {
		Data   json.RawMessage
		Errors []struct {
			Extensions struct{ Code, Field string }
		}
	}
	if err := json.Unmarshal(body, &r); err != nil || len(r.Errors) == 0 {
		return fmt.Errorf("HTTP %d, not a GraphQL error: %.300s", res.StatusCode, body)
	}
	e := r.Errors[0].Extensions
	if res.StatusCode != status || e.Code != code || (field != "" && e.Field != field) {
		return fmt.Errorf("HTTP %d, code %s, field %q; want %d, %s, %q", res.StatusCode, e.Code, e.Field, status, code, field)
	}
	return nil
}

// buildRadhus builds the radhus binary into dir.
func buildRadhus(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "radhus")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// builtServer is the built binary serving a seeded database.
type builtServer struct {
	base string
	pid  int
}

// serveBuilt builds radhus, seeds a database with the demo content and serves
// it with the built binary until the test ends, with env added.
func serveBuilt(t *testing.T, env ...string) *builtServer {
	t.Helper()
	dir := t.TempDir()
	bin := buildRadhus(t, dir)
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": filepath.Join(dir, "data"), "RADHUS_LOG_LEVEL": "warn"}
	if err := run(context.Background(), []string{"seed"}, envOf(vars), io.Discard, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+vars["DATABASE_URL"], "RADHUS_DATA="+vars["RADHUS_DATA"], "RADHUS_LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, env...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	line := make([]byte, 0, 200)
	for b := make([]byte, 1); !strings.HasSuffix(string(line), "\n"); {
		if _, err := stdout.Read(b); err != nil {
			t.Fatalf("serve printed nothing: %v", err)
		}
		line = append(line, b[0])
	}
	go io.Copy(io.Discard, stdout)
	s := string(line)
	base := strings.TrimSuffix(strings.TrimSpace(s[strings.Index(s, "http://"):]), "/graphql")
	waitFor(t, base+"/healthz")
	return &builtServer{base: base, pid: cmd.Process.Pid}
}

// cheapQuery reads one page's title and documents, as a frontend would, and
// checks the answer.
func cheapQuery(c *http.Client, base string) (docURL string, err error) {
	body := `{"query":"{ page(path: \"/kultur-och-fritid/bibliotek/medborgardialogen-om-biblioteket\") { title documents { url } } }"}`
	res, err := c.Post(base+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var got struct {
		Data struct {
			Page struct {
				Title     string
				Documents []struct{ URL string }
			}
		}
		Errors []any
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		return "", err
	}
	if res.StatusCode != 200 || len(got.Errors) > 0 || got.Data.Page.Title != "Medborgardialogen om biblioteket" || len(got.Data.Page.Documents) != 1 {
		return "", fmt.Errorf("HTTP %d: %+v", res.StatusCode, got)
	}
	return got.Data.Page.Documents[0].URL, nil
}

// TestHostileRequestsOnTheBuiltBinary serves the built binary and sends it
// each request of the kinds that once took it down: each is refused with its
// code, the server's resident memory grows by less than 20 MB while it is
// refused (VmHWM, reset before each, against VmRSS before it; the server
// warmed up with cheap queries only), and
// a cheap query right after is answered correctly. How long the refusals and
// the cheap query after them take is measured by BenchmarkAbuse (graph), not
// asserted here.
func TestHostileRequestsOnTheBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := os.Stat("/proc/self/clear_refs"); err != nil {
		t.Skip("needs Linux /proc to measure memory")
	}
	t.Parallel()
	srv := serveBuilt(t, "RADHUS_GRAPHIQL=false")
	c := &http.Client{Timeout: 30 * time.Second}
	doc, err := cheapQuery(c, srv.base)
	if err != nil {
		t.Fatal(err)
	}
	cases := hostileRequests(doc)
	// Warm up with cheap queries only (connections, statement caches): the
	// hostile requests are measured the first time the server sees them.
	for range 50 {
		if _, err := cheapQuery(c, srv.base); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range cases {
		before := resetPeak(t, srv.pid)
		start := time.Now()
		err := h.send(c, srv.base)
		took := time.Since(start)
		peak, after := procStatus(t, srv.pid, "VmHWM"), procStatus(t, srv.pid, "VmRSS")
		if err != nil {
			t.Errorf("%s: %v", h.name, err)
		}
		_, cheapErr := cheapQuery(c, srv.base)
		if cheapErr != nil {
			t.Errorf("%s: the cheap query right after: %v", h.name, cheapErr)
		}
		t.Logf("%-62s RSS %.1f MiB before, peak +%.1f MiB, after %+.1f MiB; %v on the client's clock",
			h.name, mib(before), mib(peak-before), mib(after-before), took.Round(10*time.Microsecond))
		if peak-before > maxAbuseGrowth {
			t.Errorf("%s: the server's memory grew by %.1f MiB, want under %d MiB", h.name, mib(peak-before), maxAbuseGrowth>>20)
		}
	}
}
