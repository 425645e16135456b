package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ContentChannel is notified by the database whenever content changes
// (migrations/00002_notify_changes.sql).
const ContentChannel = "radhus_content"

// How the listening connection is watched: a connection can be lost without
// an error (a network partition, a frozen server), and a cache that relies on
// its notifications must not go on serving then.
const (
	// listenCheckEvery is how long the connection may stay silent before it
	// is pinged.
	listenCheckEvery = 5 * time.Second
	// listenCheckTimeout bounds that ping; a connection that does not answer
	// is given up and a new one made.
	listenCheckTimeout = 2 * time.Second
	// maxListenBackoff caps the wait between reconnection attempts, so that
	// listening resumes within that long after the database is back.
	maxListenBackoff = time.Second
)

// ListenContentChanges calls changed for every content change committed in the
// database at url, until ctx ends. It keeps one connection of its own, pings
// it when it has been silent for a few seconds, and reconnects when that
// fails. listening reports whether changes are being received: a cache that
// relies on them must not serve while it is false, and changed is called on
// every reconnection since changes may have been missed.
func ListenContentChanges(ctx context.Context, url string, log *slog.Logger, listening func(bool), changed func()) {
	listenContentChanges(ctx, url, log, listenCheckEvery, listenCheckTimeout, listening, changed)
}

func listenContentChanges(ctx context.Context, url string, log *slog.Logger, every, timeout time.Duration, listening func(bool), changed func()) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, url, every, timeout, func() {
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
		log.Warn("listening for content changes failed; the response cache is off until it resumes", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxListenBackoff)
	}
}

var errSilentLoss = errors.New("the listening connection stopped answering")

func listenOnce(ctx context.Context, url string, every, timeout time.Duration, ready, changed func()) error {
	// Parsed as a pool's URL so that pool settings in DATABASE_URL
	// (pool_max_conns) are understood rather than sent to the server.
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return err
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = ConnectTimeout
	}
	conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		conn.Close(closeCtx)
	}()
	if err := execWithin(ctx, conn, timeout, "LISTEN "+ContentChannel); err != nil {
		return err
	}
	ready()
	for {
		waitCtx, cancel := context.WithTimeout(ctx, every)
		_, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			changed()
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			// Silent for a while: make sure the connection still answers.
			if err := execWithin(ctx, conn, timeout, "SELECT 1"); err != nil {
				return fmt.Errorf("%w: %w", errSilentLoss, err)
			}
		default:
			return err
		}
	}
}

func execWithin(ctx context.Context, conn *pgx.Conn, d time.Duration, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	_, err := conn.Exec(ctx, sql)
	return err
}
