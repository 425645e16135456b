// Package postgres implements Rådhus's content stores on PostgreSQL through pgx.
// It is the one place that holds SQL.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/internal/content"
)

// DB is what every query runs on: the pool, a connection or a transaction, so
// that the same query can join a caller's transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

var (
	_ DB = (*pgxpool.Pool)(nil)
	_ DB = pgx.Tx(nil)
)

// Store reads and writes content. Its methods are safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	blocks *blockCache
}

var _ content.Reader = (*Store)(nil)

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, blocks: newBlockCache(10_000)}
}

// Open connects a pool to url. Statements are prepared and cached per connection
// (pgx's default exec mode), so the read path runs prepared statements.
func Open(ctx context.Context, url string, tracer pgx.QueryTracer) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database url: %w", err)
	}
	if tracer != nil {
		cfg.ConnConfig.Tracer = tracer
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return pool, nil
}

// interpretError turns database errors that mean something to a client into
// content errors; anything else is wrapped and stays internal.
func interpretError(err error, what string) error {
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return content.NotFound(what)
	case errors.As(err, &pgErr) && pgErr.Code == "23505": // unique_violation
		return content.Errorf(content.ECONFLICT, "%s already exists", what)
	case errors.As(err, &pgErr) && pgErr.Code == "23503": // foreign_key_violation
		return content.Errorf(content.ECONFLICT, "%s refers to an item that does not exist or is still in use", what)
	case errors.As(err, &pgErr) && pgErr.Code == "23514": // check_violation
		return content.Errorf(content.EINVALID, "%s is not valid", what)
	}
	return fmt.Errorf("%s: %w", what, err)
}
