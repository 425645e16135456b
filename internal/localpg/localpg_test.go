package localpg

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func skipWithoutPostgres(t *testing.T) {
	t.Helper()
	if _, err := findBinaries(""); err != nil {
		t.Skipf("no PostgreSQL binaries: %v", err)
	}
}

// clusterDir returns a fresh directory that an unprivileged server account
// can reach, so the cluster is not relocated.
func clusterDir(t *testing.T) string {
	t.Helper()
	parent, err := os.MkdirTemp("", "radhus-localpg-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	return filepath.Join(parent, "pg")
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func start(t *testing.T, dir string, opts ...Option) *Cluster {
	t.Helper()
	began := time.Now()
	if len(opts) == 0 {
		opts = []Option{Fast()}
	}
	c, err := Start(context.Background(), dir, testLogger(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start took %v (started=%v)", time.Since(began).Round(time.Millisecond), c.Started())
	t.Cleanup(func() {
		if err := c.Stop(context.Background()); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return c
}

func connect(t *testing.T, c *Cluster, db string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), c.URL(db))
	if err != nil {
		t.Fatalf("connect %s: %v", c.URL(db), err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func selectOne(t *testing.T, c *Cluster) {
	t.Helper()
	var n int
	if err := connect(t, c, "postgres").QueryRow(context.Background(), "SELECT 1").Scan(&n); err != nil || n != 1 {
		t.Fatalf("SELECT 1 = %d, %v", n, err)
	}
}

func TestStartReuseRestart(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := context.Background()
	dir := clusterDir(t)

	c1 := start(t, dir)
	if !c1.Started() {
		t.Fatal("first Start did not start the server")
	}
	if c1.Dir() != dir {
		t.Fatalf("cluster relocated to %s, want %s", c1.Dir(), dir)
	}
	selectOne(t, c1)
	conn := connect(t, c1, "postgres")
	if _, err := conn.Exec(ctx, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('Rådhus')"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	// A second handle on the running server reuses it, and its Stop leaves
	// the server running.
	c2 := start(t, dir)
	if c2.Started() {
		t.Fatal("second Start started a server although one was running")
	}
	if err := c2.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	selectOne(t, c1)

	if err := c1.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("postmaster.pid after Stop: %v", err)
	}

	// Restarting the same dir keeps the data.
	c3 := start(t, dir)
	if !c3.Started() {
		t.Fatal("Start after Stop did not start the server")
	}
	var v string
	if err := connect(t, c3, "postgres").QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil || v != "Rådhus" {
		t.Fatalf("data after restart: %q, %v", v, err)
	}

	var owner string
	if err := connect(t, c3, "postgres").QueryRow(ctx, "SELECT current_user").Scan(&owner); err != nil || owner != Superuser {
		t.Fatalf("current_user = %q, %v", owner, err)
	}
	if os.Geteuid() == 0 {
		st, err := os.Stat(filepath.Join(dir, "data"))
		if err != nil {
			t.Fatal(err)
		}
		if uid := st.Sys().(*syscall.Stat_t).Uid; uid == 0 || uid == nobodyUID {
			t.Fatalf("data directory belongs to uid %d", uid)
		}
		if u, err := user.LookupId(strconv.Itoa(int(st.Sys().(*syscall.Stat_t).Uid))); err != nil || u.Username != ServerAccount {
			t.Fatalf("data directory belongs to %v (%v), want %s", u, err, ServerAccount)
		}
	}
}

func TestEnsureDatabase(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := context.Background()
	c := start(t, clusterDir(t))
	for range 2 {
		if err := c.EnsureDatabase(ctx, "rådhus dev"); err != nil {
			t.Fatal(err)
		}
	}
	var name string
	if err := connect(t, c, "rådhus dev").QueryRow(ctx, "SELECT current_database()").Scan(&name); err != nil || name != "rådhus dev" {
		t.Fatalf("current_database() = %q, %v", name, err)
	}
}

func TestConcurrentStart(t *testing.T) {
	skipWithoutPostgres(t)
	dir := clusterDir(t)
	var wg sync.WaitGroup
	clusters := make([]*Cluster, 3)
	errs := make([]error, 3)
	for i := range clusters {
		wg.Go(func() { clusters[i], errs[i] = Start(context.Background(), dir, nil, Fast()) })
	}
	wg.Wait()
	started := 0
	for i, c := range clusters {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		t.Cleanup(func() { c.Stop(context.Background()) })
		if c.Started() {
			started++
		}
		selectOne(t, c)
	}
	if started != 1 {
		t.Fatalf("%d handles started the server, want 1", started)
	}
}

func TestRelocatedWhenUnreachable(t *testing.T) {
	skipWithoutPostgres(t)
	if os.Geteuid() != 0 {
		t.Skip("relocation only happens when running as root")
	}
	parent := t.TempDir()
	if err := os.Chmod(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "pg")
	want := relocatedRoot(dir)
	os.RemoveAll(want)
	t.Cleanup(func() { os.RemoveAll(want) })
	c := start(t, dir)
	if c.Dir() != want {
		t.Fatalf("Dir() = %s, want %s", c.Dir(), want)
	}
	selectOne(t, c)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("requested dir was created although the cluster was relocated: %v", err)
	}
}

func TestLongSocketPath(t *testing.T) {
	skipWithoutPostgres(t)
	dir := filepath.Join(clusterDir(t), strings.Repeat("long-directory-name-", 5))
	c := start(t, dir)
	t.Cleanup(func() { os.RemoveAll(c.SocketDir()) })
	if strings.HasPrefix(c.SocketDir(), dir) {
		t.Fatalf("socket dir %s inside the too long cluster dir", c.SocketDir())
	}
	selectOne(t, c)
	if err := c.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	again := start(t, dir)
	if again.SocketDir() != c.SocketDir() {
		t.Fatalf("socket dir moved from %s to %s", c.SocketDir(), again.SocketDir())
	}
	selectOne(t, again)
}

// A crash leaves postmaster.pid behind; after a reboot its pid may belong to
// an unrelated process.
func TestStalePidFileOfOtherProcess(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := context.Background()
	dir := clusterDir(t)
	c := start(t, dir)
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sleeper.Process.Kill(); sleeper.Wait() })
	stale := fmt.Sprintf("%d\n%s\n1700000000\n%d\n%s\n\n  5432001    0\nready   \n",
		sleeper.Process.Pid, filepath.Join(dir, "data"), port, c.SocketDir())
	if err := os.WriteFile(filepath.Join(dir, "data", "postmaster.pid"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	again := start(t, dir)
	if !again.Started() {
		t.Fatal("stale pid file was taken for a running server")
	}
	selectOne(t, again)
}

func TestRestartAfterCrash(t *testing.T) {
	skipWithoutPostgres(t)
	dir := clusterDir(t)
	start(t, dir)
	pf, err := readPidFile(filepath.Join(dir, "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pf.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for processAlive(pf.pid) {
		time.Sleep(10 * time.Millisecond)
	}
	again := start(t, dir)
	if !again.Started() {
		t.Fatal("Start after a crash did not start the server")
	}
	selectOne(t, again)
}

func TestURL(t *testing.T) {
	c := &Cluster{socketDir: "/tmp/radhus pg/run", port: 5432}
	got := c.URL("my db")
	want := "postgres://radhus@/my%20db?host=%2Ftmp%2Fradhus%20pg%2Frun&port=5432&sslmode=disable"
	if got != want {
		t.Fatalf("URL = %s, want %s", got, want)
	}
	cfg, err := pgx.ParseConfig(got)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "/tmp/radhus pg/run" || cfg.Port != 5432 || cfg.Database != "my db" || cfg.User != Superuser {
		t.Fatalf("parsed %+v", cfg.Config)
	}
}

func TestVersions(t *testing.T) {
	if got := majorVersion("pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n"); got != "15" {
		t.Errorf("majorVersion = %q", got)
	}
	if got := majorVersion("pg_ctl (PostgreSQL) 9.6.24\n"); got != "9.6" {
		t.Errorf("majorVersion = %q", got)
	}
	if compareVersions("9.6", "15") >= 0 || compareVersions("16", "15") <= 0 || compareVersions("15", "15") != 0 {
		t.Error("compareVersions misorders")
	}
}
