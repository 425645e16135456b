package postgres

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ContentChannel is notified by the database whenever content changes
// (migrations/00002_notify_changes.sql).
const ContentChannel = "radhus_content"

// ListenContentChanges calls changed for every content change committed in the
// database at url, until ctx ends. It keeps one connection of its own and
// reconnects when that fails. listening reports whether changes are being
// received: a cache that relies on them must not serve while it is false, and
// changed is called on every reconnection since changes may have been missed.
func ListenContentChanges(ctx context.Context, url string, log *slog.Logger, listening func(bool), changed func()) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, url, func() {
			// Changes may have been missed while not listening: forget them
			// before saying that changes are being received again.
			changed()
			listening(true)
			backoff = 100 * time.Millisecond
		}, changed)
		listening(false)
		if ctx.Err() != nil {
			return
		}
		log.Warn("listening for content changes failed; retrying", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 10*time.Second)
	}
}

func listenOnce(ctx context.Context, url string, ready, changed func()) error {
	// Parsed as a pool's URL so that pool settings in DATABASE_URL
	// (pool_max_conns) are understood rather than sent to the server.
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+ContentChannel); err != nil {
		return err
	}
	ready()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		changed()
	}
}
