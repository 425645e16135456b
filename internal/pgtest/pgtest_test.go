package pgtest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// checkMigrated reports the database's name after checking that the
// migrations were applied to it.
func checkMigrated(t *testing.T, url string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var name string
	var migrated bool
	err = conn.QueryRow(ctx, "SELECT current_database(), to_regclass('goose_db_version') IS NOT NULL").Scan(&name, &migrated)
	if err != nil {
		t.Fatal(err)
	}
	if !migrated {
		t.Fatalf("database %s has no goose_db_version table", name)
	}
	return name
}

func TestParallelDatabases(t *testing.T) {
	var mu sync.Mutex
	names := map[string]bool{}
	t.Run("group", func(t *testing.T) {
		for _, sub := range []string{"a", "b", "c", "d"} {
			t.Run(sub, func(t *testing.T) {
				t.Parallel()
				began := time.Now()
				url := URL(t)
				t.Logf("URL took %v", time.Since(began).Round(time.Microsecond))
				name := checkMigrated(t, url)
				mu.Lock()
				defer mu.Unlock()
				if names[name] {
					t.Errorf("database %s handed out twice", name)
				}
				names[name] = true
			})
		}
	})
	if len(names) != 4 {
		t.Fatalf("got %d distinct databases, want 4", len(names))
	}

	// The databases of passing tests are gone.
	conf, err := baseConfig()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, conf.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for name := range names {
		var exists bool
		if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		if exists {
			t.Errorf("database %s of a passed test was not dropped", name)
		}
	}
}

func TestPool(t *testing.T) {
	t.Parallel()
	pool := Pool(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "CREATE TABLE pgtest_scratch (title text)"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM goose_db_version").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("goose_db_version is empty")
	}
}

func BenchmarkURL(b *testing.B) {
	for b.Loop() {
		URL(b)
	}
}

func TestConfigFromURL(t *testing.T) {
	conf, err := configFromURL("postgres://us%40er:p%3Ass@db.example:6543/my%20db?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(conf.URL())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "us@er" || cfg.Password != "p:ss" || cfg.Host != "db.example" || cfg.Port != 6543 || cfg.Database != "my db" {
		t.Fatalf("round trip: %+v", cfg.Config)
	}
	conf, err = configFromURL("postgres://radhus@/postgres?host=%2Ftmp%2Fsock&port=5432")
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err = pgx.ParseConfig(conf.URL()); err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "/tmp/sock" || cfg.Port != 5432 || cfg.User != "radhus" {
		t.Fatalf("socket round trip: %+v", cfg.Config)
	}
	if _, err := configFromURL("host=/tmp dbname=x"); err == nil {
		t.Fatal("keyword/value string accepted")
	}
}
