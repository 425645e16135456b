package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
)

// A statement whose context ends (a request past its timeout, a client that
// left) is cancelled in PostgreSQL, not left running: pgx sends a cancel
// request when it drops the connection.
func TestCancelledContextCancelsStatement(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, err := postgres.Open(ctx, pgtest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	qctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = pool.Exec(qctx, "SELECT pg_sleep(30) /* radhus-cancel-test */")
	if err == nil || !errors.Is(qctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("pg_sleep(30) with a 100 ms deadline: err %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the cancelled statement returned after %v", d)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var running int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE query LIKE '%radhus-cancel-test%' AND state = 'active' AND pid <> pg_backend_pid()`).Scan(&running); err != nil {
			t.Fatal(err)
		}
		if running == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the statement still runs in PostgreSQL 5 s after its context ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
