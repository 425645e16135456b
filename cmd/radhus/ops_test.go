package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/localpg"
	"github.com/radhus/radhus/internal/pgtest"
)

// server is `radhus serve` running in the test on a free port.
type server struct {
	base   string
	cancel context.CancelFunc // what SIGTERM does in main
	exited chan struct{}
	err    error // serve's result, once exited is closed
	log    *syncBuffer
}

// startServer seeds the database of vars and serves it on a free port until
// the test ends.
func startServer(t *testing.T, vars map[string]string, args ...string) *server {
	t.Helper()
	if err := run(context.Background(), []string{"seed"}, envOf(vars), io.Discard, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{cancel: cancel, exited: make(chan struct{}), log: &syncBuffer{}}
	pr, pw := io.Pipe()
	go func() {
		s.err = run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), envOf(vars), pw, s.log)
		close(s.exited)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		<-s.exited
		t.Fatalf("serve printed nothing: %v (exit: %v)", err, s.err)
	}
	go io.Copy(io.Discard, pr)
	s.base = strings.TrimSuffix(strings.TrimSpace(line[strings.Index(line, "http://"):]), "/graphql")
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	waitFor(t, s.base+"/healthz")
	return s
}

const titleQuery = `query PageTitle { page(path: "/kultur-och-fritid/bibliotek/medborgardialogen-om-biblioteket") { title } }`

// graphQLResult is what a read came back with.
type graphQLResult struct {
	status int
	title  string
	codes  []string
	err    error // transport error
}

func (r graphQLResult) ok() bool {
	return r.err == nil && r.status == 200 && len(r.codes) == 0 && r.title == "Medborgardialogen om biblioteket"
}

func readTitle(client *http.Client, base string) graphQLResult {
	res, err := client.Get(base + "/graphql?query=" + url.QueryEscape(titleQuery))
	if err != nil {
		return graphQLResult{err: err}
	}
	defer res.Body.Close()
	var body struct {
		Data   struct{ Page *struct{ Title string } }
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	r := graphQLResult{status: res.StatusCode}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		r.err = err
		return r
	}
	if body.Data.Page != nil {
		r.title = body.Data.Page.Title
	}
	for _, e := range body.Errors {
		r.codes = append(r.codes, e.Extensions.Code)
	}
	return r
}

func status(t *testing.T, u string) int {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestMetricsAndRequestLog: /metrics counts GraphQL requests per operation
// and outcome, errors by code and the pool; the request log names the
// request ID and the operation.
func TestMetricsAndRequestLog(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": t.TempDir(), "RADHUS_LOG_LEVEL": "debug", "RADHUS_CACHE": "false"}
	s := startServer(t, vars)
	if r := readTitle(http.DefaultClient, s.base); !r.ok() {
		t.Fatalf("read = %+v", r)
	}
	bad := `query Broken { page(path: "/x") { nosuchfield } }`
	res, err := http.Get(s.base + "/graphql?query=" + url.QueryEscape(bad))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	res, err = http.Get(s.base + "/metrics")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /metrics = %v, %v", res, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	text := string(b)
	for _, want := range []string{
		`radhus_graphql_requests_total{operation="PageTitle",outcome="ok"} 1`,
		`radhus_graphql_requests_total{operation="Broken",outcome="error"} 1`,
		`radhus_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1`,
		`radhus_graphql_request_duration_seconds_count{operation="PageTitle",outcome="ok"} 1`,
		`radhus_http_requests_total{code="200",route="/graphql"}`,
		`radhus_db_pool_connections{state="idle"}`,
		`radhus_db_pool_max_connections`,
		`radhus_content_listener_up`,
		`radhus_cache_hits_total{cache="query"}`,
		`radhus_cache_max_bytes{cache="persisted"}`,
		`go_goroutines`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	logged := s.log.String()
	var line string
	for l := range strings.SplitSeq(logged, "\n") {
		if strings.Contains(l, "msg=request") && strings.Contains(l, "operation=PageTitle") {
			line = l
		}
	}
	if line == "" || !strings.Contains(line, "request_id=") {
		t.Errorf("no request log line with the request ID and operation PageTitle in:\n%s", logged)
	}
}

// TestPostgresOutage stops PostgreSQL while a client reads: requests fail
// fast with UNAVAILABLE, /readyz says 503, and reads succeed again within
// two seconds of PostgreSQL being back, without any help.
func TestPostgresOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a PostgreSQL cluster")
	}
	t.Parallel()
	ctx := context.Background()
	parent, err := os.MkdirTemp("", "radhus-outage-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(parent, 0o755)
	t.Cleanup(func() { os.RemoveAll(parent) })
	dir := filepath.Join(parent, "pg")
	var mu sync.Mutex
	cluster, err := localpg.Start(ctx, dir, nil, localpg.Fast())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mu.Lock(); defer mu.Unlock(); cluster.Stop(context.Background()) })
	if err := cluster.EnsureDatabase(ctx, "radhus"); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DATABASE_URL": cluster.URL("radhus"), "RADHUS_DATA": t.TempDir(), "RADHUS_LOG_LEVEL": "error"}
	// Without the response cache every read goes to PostgreSQL.
	s := startServer(t, vars, "--cache=false")
	client := &http.Client{Timeout: 10 * time.Second}
	if r := readTitle(client, s.base); !r.ok() {
		t.Fatalf("read before the outage = %+v", r)
	}

	// A client reads without pause; every result is kept with its time.
	type sample struct {
		at, took time.Duration
		r        graphQLResult
	}
	began := time.Now()
	var samples []sample
	var smu sync.Mutex
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				t0 := time.Now()
				r := readTitle(client, s.base)
				smu.Lock()
				samples = append(samples, sample{at: t0.Sub(began), took: time.Since(t0), r: r})
				smu.Unlock()
				time.Sleep(10 * time.Millisecond)
			}
		})
	}

	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	if err := cluster.Stop(ctx); err != nil {
		mu.Unlock()
		t.Fatal(err)
	}
	mu.Unlock()
	down := time.Since(began)
	time.Sleep(time.Second)
	if got := status(t, s.base+"/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while PostgreSQL is down = %d, want 503", got)
	}
	next, err := localpg.Start(ctx, dir, nil, localpg.Fast())
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	cluster = next
	mu.Unlock()
	back := time.Since(began)
	time.Sleep(2500 * time.Millisecond)
	close(stop)
	wg.Wait()

	var unavailable, failedAfterRecovery int
	recovered := time.Duration(-1)
	for _, x := range samples {
		if x.took > 3*time.Second {
			t.Errorf("a read at %v took %v: requests hang while PostgreSQL is down", x.at, x.took)
		}
		if x.at > down+100*time.Millisecond && x.at+x.took < back {
			if x.r.ok() {
				continue // in flight as the server went away? only failures matter here
			}
			if len(x.r.codes) == 0 || x.r.codes[0] != "UNAVAILABLE" {
				t.Errorf("a read during the outage = %+v, want extensions.code UNAVAILABLE", x.r)
			}
			unavailable++
		}
		if x.at >= back && x.r.ok() && recovered < 0 {
			recovered = x.at + x.took - back
		}
	}
	for _, x := range samples {
		if recovered >= 0 && x.at > back+recovered && !x.r.ok() {
			failedAfterRecovery++
		}
	}
	t.Logf("%d reads; %d UNAVAILABLE during the outage; reads succeeded again %v after PostgreSQL was back", len(samples), unavailable, recovered.Round(time.Millisecond))
	if unavailable == 0 {
		t.Error("no read failed while PostgreSQL was down")
	}
	if recovered < 0 || recovered > 2*time.Second {
		t.Errorf("reads recovered %v after PostgreSQL was back, want within 2s", recovered)
	}
	if failedAfterRecovery > 0 {
		t.Errorf("%d reads failed after reads had recovered", failedAfterRecovery)
	}
	if got := status(t, s.base+"/readyz"); got != http.StatusOK {
		t.Errorf("/readyz after PostgreSQL is back = %d, want 200", got)
	}
}

// TestShutdownUnderLoad cancels serve's context (what SIGTERM does) while
// clients read: /readyz turns 503 while requests are still served, every
// request the server accepted is answered in full, and only connections
// opened after the listener closed are refused.
func TestShutdownUnderLoad(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": t.TempDir(), "RADHUS_LOG_LEVEL": "error",
		"RADHUS_SHUTDOWN_DELAY": "500ms", "RADHUS_CACHE": "false"}
	s := startServer(t, vars)

	var answered, answeredAfterSignal, refused, failed atomic.Int64
	var signalled atomic.Bool
	var failures sync.Map
	var wg sync.WaitGroup
	for range 8 {
		client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		wg.Go(func() {
			for {
				r := readTitle(client, s.base)
				var opErr *net.OpError
				switch {
				case r.ok():
					answered.Add(1)
					if signalled.Load() {
						answeredAfterSignal.Add(1)
					}
					continue
				case r.err != nil && errors.As(r.err, &opErr) && opErr.Op == "dial":
					// Not accepted: the listener is closed.
					refused.Add(1)
					return
				}
				failed.Add(1)
				failures.Store(r.err, r)
				if failed.Load() > 20 {
					return
				}
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	signalled.Store(true)
	s.cancel()
	time.Sleep(100 * time.Millisecond)
	if got := status(t, s.base+"/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while shutting down = %d, want 503", got)
	}
	wg.Wait()
	select {
	case <-s.exited:
		if s.err != nil {
			t.Errorf("serve returned %v", s.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
	t.Logf("answered %d (%d after the signal), refused after the listener closed %d, failed %d",
		answered.Load(), answeredAfterSignal.Load(), refused.Load(), failed.Load())
	failures.Range(func(_, v any) bool { t.Errorf("a request failed during shutdown: %+v", v); return true })
	if failed.Load() != 0 {
		t.Fatalf("%d accepted requests failed during shutdown, want 0", failed.Load())
	}
	if answeredAfterSignal.Load() == 0 {
		t.Error("no request was answered after the signal: readiness went false but serving stopped at once")
	}
}

// TestServeLocalPostgres serves from the private cluster as an operator would
// without DATABASE_URL: durable settings, the application connected as a
// role without superuser rights, so serve has nothing to warn about.
func TestServeLocalPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	t.Parallel()
	vars := map[string]string{"RADHUS_DATA": t.TempDir(), "RADHUS_LOG_LEVEL": "warn", "RADHUS_SHUTDOWN_DELAY": "0s"}
	s := startServer(t, vars)
	if r := readTitle(http.DefaultClient, s.base); !r.ok() {
		t.Fatalf("read = %+v", r)
	}
	if got := status(t, s.base+"/readyz"); got != http.StatusOK {
		t.Fatalf("/readyz = %d", got)
	}
	s.cancel()
	<-s.exited
	if s.err != nil {
		t.Fatalf("serve: %v", s.err)
	}
	for _, unsafe := range []string{"superuser", "fsync", "synchronous_commit", "full_page_writes", "level=ERROR"} {
		if strings.Contains(s.log.String(), unsafe) {
			t.Errorf("serve logged %q on the local cluster:\n%s", unsafe, s.log.String())
		}
	}
}

// TestCacheHitsKeepTheirOperationName: a request answered from the response
// cache is counted and logged under its operation's name, as its first
// answer was, not as anonymous.
func TestCacheHitsKeepTheirOperationName(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": t.TempDir(), "RADHUS_LOG_LEVEL": "debug"}
	s := startServer(t, vars)
	hit := false
	for i := 0; i < 100 && !hit; i++ {
		res, err := http.Get(s.base + "/graphql?query=" + url.QueryEscape(titleQuery))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if hit = res.Header.Get("X-Radhus-Cache") == "hit"; !hit {
			time.Sleep(20 * time.Millisecond) // until the content listener is up
		}
	}
	if !hit {
		t.Fatal("the response cache answered none of 100 reads")
	}
	res, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `radhus_graphql_requests_total{operation="PageTitle",outcome="cache_hit"} 1`) {
		t.Errorf("/metrics does not count the cache hit under PageTitle:\n%s", grepLines(string(b), "radhus_graphql_requests_total"))
	}
	if strings.Contains(string(b), `operation="anonymous"`) {
		t.Errorf("/metrics counts an anonymous operation:\n%s", grepLines(string(b), "radhus_graphql_requests_total"))
	}
	var hitLine string
	for l := range strings.SplitSeq(s.log.String(), "\n") {
		if strings.Contains(l, "msg=request") && strings.Contains(l, "cache_hit=true") {
			hitLine = l
		}
	}
	if !strings.Contains(hitLine, "operation=PageTitle") {
		t.Errorf("the cache hit's log line does not name PageTitle: %s", hitLine)
	}
}

func grepLines(text, substr string) string {
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
