package postgres

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/localpg"
	"github.com/radhus/radhus/migrations"
)

// cluster starts a private PostgreSQL for tests that need a superuser (roles,
// empty databases); it is stopped when the test ends.
func cluster(t *testing.T) *localpg.Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	parent, err := os.MkdirTemp("", "radhus-postgres-test-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(parent, 0o755)
	t.Cleanup(func() { os.RemoveAll(parent) })
	c, err := localpg.Start(context.Background(), filepath.Join(parent, "pg"), nil, localpg.Fast())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(context.Background()) })
	return c
}

func openSQL(t *testing.T, url string) *sql.DB {
	t.Helper()
	pool, err := Open(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDBFromPool(pool)
	t.Cleanup(func() { db.Close(); pool.Close() })
	return db
}

func migrationCount(t *testing.T) int {
	entries, err := migrations.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".sql" {
			n++
		}
	}
	return n
}

// Nodes started together migrate one after the other: each Migrate succeeds
// and every migration is applied once.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	c := cluster(t)
	ctx := context.Background()
	if err := c.EnsureDatabase(ctx, "radhus"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		db := openSQL(t, c.URL("radhus"))
		wg.Go(func() { errs[i] = Migrate(ctx, db) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Migrate %d: %v", i, err)
		}
	}
	var applied int
	db := openSQL(t, c.URL("radhus"))
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM goose_db_version WHERE version_id > 0").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if want := migrationCount(t); applied != want {
		t.Fatalf("%d migrations recorded, want %d", applied, want)
	}
}

// The application's role reads and writes content but changes no schema and
// no migration bookkeeping.
func TestGrantApplication(t *testing.T) {
	t.Parallel()
	c := cluster(t)
	ctx := context.Background()
	if err := c.EnsureDatabase(ctx, "radhus"); err != nil {
		t.Fatal(err)
	}
	if err := c.EnsureRole(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	owner := openSQL(t, c.URL("radhus"))
	if err := Migrate(ctx, owner); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := GrantApplication(ctx, owner, "app"); err != nil {
			t.Fatal(err)
		}
	}
	app, err := Open(ctx, c.URLAs("app", "radhus"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()

	warnings, err := Warnings(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		if w == "the application connects to PostgreSQL as a superuser; give it a role without superuser rights" {
			t.Errorf("app role is a superuser")
		}
	}
	if len(warnings) == 0 {
		t.Errorf("no warning about the fast test cluster's fsync = off")
	}
	store := NewStore(app)
	if _, err := store.IsEmpty(ctx); err != nil {
		t.Fatalf("app cannot read: %v", err)
	}
	if _, err := store.CreateContact(ctx, &content.Contact{Kind: content.ContactServiceCentre, Name: "Servicecenter"}); err != nil {
		t.Fatalf("app cannot write: %v", err)
	}
	if _, err := app.Exec(ctx, "CREATE TABLE intruder (id int)"); !isInsufficientPrivilege(err) {
		t.Errorf("CREATE TABLE as app = %v, want insufficient_privilege", err)
	}
	if _, err := app.Exec(ctx, "DELETE FROM goose_db_version"); !isInsufficientPrivilege(err) {
		t.Errorf("DELETE FROM goose_db_version as app = %v, want insufficient_privilege", err)
	}
	if _, err := MigrationsPending(ctx, stdlib.OpenDBFromPool(app)); err != nil {
		t.Errorf("app cannot read the migrations' bookkeeping: %v", err)
	}
}

func isInsufficientPrivilege(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "42501"
}

// A database that cannot be reached is UNAVAILABLE, not an internal error.
func TestUnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	url := "postgres://radhus@/radhus?host=" + localpg.Escape(t.TempDir()) + "&sslmode=disable"
	_, err := pgx.Connect(context.Background(), url)
	if err == nil {
		t.Fatal("connected to nothing")
	}
	if got := content.ErrorCode(interpretError(err, "pages")); got != content.EUNAVAILABLE {
		t.Fatalf("ErrorCode(%v) = %s, want %s", err, got, content.EUNAVAILABLE)
	}
	if got := content.ErrorCode(interpretError(pgx.ErrNoRows, "page")); got != content.ENOTFOUND {
		t.Fatalf("no rows = %s", got)
	}
}
