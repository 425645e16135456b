package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/pgtest"
)

// envOf returns a getenv with only the given variables set.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeEndToEnd seeds a database and runs the real program on a free port,
// as an operator would, then shuts it down with its context.
func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": t.TempDir(), "RADHUS_LOG_LEVEL": "warn"}
	var out syncBuffer
	if err := run(context.Background(), []string{"seed"}, envOf(vars), &out, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if !strings.Contains(out.String(), "demo content loaded") {
		t.Errorf("seed said %q", out.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, envOf(vars), pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v (exit: %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	base := strings.TrimSuffix(strings.TrimSpace(line[strings.Index(line, "http://"):]), "/graphql")

	waitFor(t, base+"/healthz")
	if res, err := http.Get(base + "/readyz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz = %v, %v", res, err)
	}
	body := `{"query":"{ page(path: \"/kultur-och-fritid/bibliotek/medborgardialogen-om-biblioteket\") { title documents { url } } }"}`
	res, err := http.Post(base+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Data struct {
			Page struct {
				Title     string
				Documents []struct{ URL string }
			}
		}
	}
	json.NewDecoder(res.Body).Decode(&got)
	res.Body.Close()
	if got.Data.Page.Title != "Medborgardialogen om biblioteket" || len(got.Data.Page.Documents) != 1 {
		t.Fatalf("page = %+v", got.Data.Page)
	}
	pdf, err := http.Get(base + got.Data.Page.Documents[0].URL)
	if err != nil || pdf.StatusCode != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET the report = %v, %v", pdf, err)
	}
	pdf.Body.Close()
	if res, _ := http.Get(base + "/"); res == nil || res.StatusCode != 200 {
		t.Errorf("GraphiQL at / = %v", res)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
	// A second seed leaves existing content alone.
	out = syncBuffer{}
	if err := run(context.Background(), []string{"seed"}, envOf(vars), &out, io.Discard); err != nil || !strings.Contains(out.String(), "not loaded") {
		t.Errorf("second seed = %v, %q", err, out.String())
	}
}

// TestLocalPostgres runs a subcommand without DATABASE_URL: the program starts
// its own PostgreSQL in the data folder, migrates it and stops it again.
func TestLocalPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	t.Parallel()
	data := t.TempDir()
	var out syncBuffer
	if err := run(context.Background(), []string{"migrate", "--data", data}, envOf(map[string]string{"RADHUS_LOG_LEVEL": "warn"}), &out, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if !strings.Contains(out.String(), "migrations applied") {
		t.Errorf("migrate said %q", out.String())
	}
	// Again: the cluster is reused, and nothing is pending.
	if err := run(context.Background(), []string{"migrate", "--data", data}, envOf(map[string]string{"RADHUS_LOG_LEVEL": "warn"}), io.Discard, io.Discard); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"fly"}, {"serve", "--log-level", "loud"}, {"serve", "extra"}, {"serve", "--trusted-proxies", "10.0.0.1/8"}} {
		if err := run(context.Background(), args, envOf(nil), io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded, want an error", args)
		}
	}
}

func waitFor(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not answer", url)
}
