package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/content"
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

// A statement that finds every connection of the pool taken waits for one
// at most postgres.AcquireTimeout, then fails as unavailable, well before a
// request's own timeout: reads, editors' writes and the accounts behind
// sign-in alike.
func TestEveryPathWaitsForAConnectionWithADeadline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, err := postgres.Open(ctx, pgtest.URL(t)+"&pool_max_conns=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	accounts := postgres.NewAccounts(pool)
	paths := []struct {
		name string
		run  func(context.Context) error
	}{
		{"a read", func(ctx context.Context) error {
			_, err := store.Published().PageView(ctx, "/", "sv", content.PageWants{})
			return err
		}},
		{"an editor's write", func(ctx context.Context) error {
			_, err := store.Editor().CreatePage(ctx, &content.PageDraft{Variants: []content.PageVariant{{Locale: "sv", Title: "Ny sida", Slug: "ny-sida"}}})
			return err
		}},
		{"an editor's listing", func(ctx context.Context) error {
			_, err := store.Editor().AuditLog(ctx, content.AuditFilter{Page: content.PageRequest{First: 10}})
			return err
		}},
		{"a sign-in's user lookup", func(ctx context.Context) error {
			_, _, err := accounts.UserByEmail(ctx, "redaktor@example.se")
			return err
		}},
		{"a new session", func(ctx context.Context) error {
			return accounts.StartSession(ctx, content.NewSession{UserID: 1}, time.Now())
		}},
	}
	held, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A context far longer than the acquire deadline: only that can make the
	// wait end unavailable.
	long, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for _, p := range paths {
		start := time.Now()
		err := p.run(long)
		if content.ErrorCode(err) != content.EUNAVAILABLE {
			t.Errorf("%s while the pool's one connection is taken: %v, want unavailable", p.name, err)
		}
		if took := time.Since(start); took > postgres.AcquireTimeout+5*time.Second {
			t.Errorf("%s waited %v for a connection, want about %v", p.name, took, postgres.AcquireTimeout)
		}
	}
	held.Release()
	if _, err := store.Published().PageView(ctx, "/", "sv", content.PageWants{}); content.ErrorCode(err) != "" && content.ErrorCode(err) != content.ENOTFOUND {
		t.Errorf("a read once the connection is free again: %v", err)
	}
}
