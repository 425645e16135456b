// Package pgtest gives each Rådhus test its own PostgreSQL database, cloned
// from a template that is migrated once per migration set.
//
// # Which server
//
// If TEST_DATABASE_URL is set (a postgres:// URL whose user may create
// databases and roles), the test databases are made there. Otherwise the
// first test of each test binary starts a private cluster with
// internal/localpg in /dev/shm/radhus-pgtest-<hash of module root and uid>
// (<TMPDIR>/... when /dev/shm is no tmpfs with 2 GiB free; $RADHUS_PGTEST_DIR
// overrides both). All test binaries of a `go test ./...` run share
// that directory: localpg's lock makes the first one create and start the
// cluster and the others reuse it.
//
// The trade-off: nobody knows which test binary is the last, so that cluster
// is left running after the tests (and reused, already warm, by the next
// run). A test script that wants no server left behind starts a cluster
// itself, exports TEST_DATABASE_URL, and stops it at the end.
//
// # Templates and clones
//
// pgtestdb does the bookkeeping: it creates a role (pgtdbuser, no superuser,
// no CREATEDB), a template database testdb_tpl_<hash> migrated with
// postgres.Migrate under an advisory lock (so parallel test binaries migrate
// it once), and per test a database cloned from it with CREATE DATABASE ...
// TEMPLATE. A new migration changes the hash and so gets a new template. A
// test's database is dropped when the test passes and kept, with its URL
// logged, when it fails.
package pgtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/peterldowns/pgtestdb"

	"github.com/radhus/radhus/internal/localpg"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/migrations"
)

// URL returns the connection string of a new database for this test, cloned
// from a template migrated once per migration set; it is dropped when the
// test passes and kept (and its name logged) when the test fails.
func URL(t testing.TB) string {
	t.Helper()
	conf, err := baseConfig()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	inst := pgtestdb.Custom(t, conf, migrator{})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("pgtest: test failed, keeping database %s for inspection: %s", inst.Database, inst.URL())
		}
	})
	return inst.URL()
}

// Pool returns a pgxpool.Pool on a new database (see URL); it is closed on
// cleanup, before the database is dropped.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), URL(t))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

var baseConfig = sync.OnceValues(func() (pgtestdb.Config, error) {
	if s := os.Getenv("TEST_DATABASE_URL"); s != "" {
		conf, err := configFromURL(s)
		if err != nil {
			return conf, fmt.Errorf("TEST_DATABASE_URL: %w", err)
		}
		return conf, nil
	}
	dir := clusterDir()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cluster, err := localpg.Start(ctx, dir, log, localpg.Fast(), localpg.Shared())
	if err != nil {
		return pgtestdb.Config{}, fmt.Errorf("start a local PostgreSQL for tests (or set TEST_DATABASE_URL): %w", err)
	}
	// Never stopped: other test binaries may be using it (see package doc).
	return configFromURL(cluster.URL("postgres"))
})

// clusterDir is shared by every test binary built from this checkout by
// this user. It prefers /dev/shm: creating the few hundred files of a cloned
// database costs far more on a disk than in memory (on the CI machine,
// ~250 ms against ~15 ms per test), and a test cluster need not survive a
// reboot; localpg recreates a vanished one.
func clusterDir() string {
	if dir := os.Getenv("RADHUS_PGTEST_DIR"); dir != "" {
		return dir
	}
	key := moduleRoot() + "\x00" + strconv.Itoa(os.Geteuid())
	sum := sha256.Sum256([]byte(key))
	name := "radhus-pgtest-" + hex.EncodeToString(sum[:6])
	if roomyTmpfs(shmDir) {
		return filepath.Join(shmDir, name)
	}
	return filepath.Join(os.TempDir(), name)
}

const (
	shmDir = "/dev/shm"
	// minShmFree keeps the cluster off a small /dev/shm (64 MiB in a
	// default Docker container): WAL alone may grow to max_wal_size (1 GiB).
	minShmFree = 2 << 30
	tmpfsMagic = 0x01021994
)

// roomyTmpfs reports whether dir is a writable tmpfs with room for a cluster.
func roomyTmpfs(dir string) bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil || st.Type != tmpfsMagic {
		return false
	}
	if uint64(st.Bavail)*uint64(st.Bsize) < minShmFree {
		return false
	}
	return syscall.Access(dir, 2 /* W_OK */) == nil
}

// moduleRoot finds the directory holding go.mod above the working directory
// (go test runs each test binary in its package's directory).
func moduleRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if dir == filepath.Dir(dir) {
			return wd
		}
	}
}

// configFromURL splits a postgres:// URL into pgtestdb's Config, whose URL()
// glues the fields back together unescaped: user, password and database are
// escaped here, and the query (host=/socket/dir included) rides in Options.
func configFromURL(s string) (pgtestdb.Config, error) {
	u, err := url.Parse(s)
	if err != nil {
		return pgtestdb.Config{}, errors.New("not a valid postgres:// URL")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return pgtestdb.Config{}, fmt.Errorf("want a postgres:// URL, got scheme %q", u.Scheme)
	}
	host := u.Hostname()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	password, _ := u.User.Password()
	database := strings.TrimPrefix(u.Path, "/")
	if database == "" {
		database = "postgres"
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       host,
		Port:       u.Port(),
		User:       localpg.Escape(u.User.Username()),
		Password:   localpg.Escape(password),
		Database:   localpg.Escape(database),
		Options:    u.RawQuery,
		// A test that leaks a connection still gets its database dropped.
		ForceTerminateConnections: true,
	}, nil
}

// migrator builds templates with Rådhus's own migrations.
type migrator struct{}

var migrationsHash = sync.OnceValues(func() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash migrations: %w", err)
	}
	io.WriteString(h, postgres.MigrationsVersion())
	return hex.EncodeToString(h.Sum(nil)), nil
})

// Hash identifies the migration set: names and contents of migrations.FS, and
// the job queue's migration version.
func (migrator) Hash() (string, error) { return migrationsHash() }

// Migrate applies the migrations to a new template database.
func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return postgres.Migrate(ctx, db)
}
