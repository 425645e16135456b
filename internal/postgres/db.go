// Package postgres implements Rådhus's content stores on PostgreSQL through pgx.
// It is the one place that holds SQL.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

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
	// Begin starts a transaction, or a savepoint within one.
	Begin(ctx context.Context) (pgx.Tx, error)
}

var (
	_ DB = (*pgxpool.Pool)(nil)
	_ DB = pgx.Tx(nil)
)

// Store reads and writes content. Its methods are safe for concurrent use.
//
// Reads are scoped: Published() reads what anonymous readers may see, Drafts()
// what editors are working on, through the same content.Reader. The Store
// itself reads published content (it embeds Published()). Writes take the
// executor they run on (the pool, or a caller's transaction) and the time from
// the store's clock.
type Store struct {
	*Reader // published
	pool    *pgxpool.Pool
	drafts  *Reader
	clock   content.Clock
}

var _ content.Reader = (*Store)(nil)

// Option configures a Store.
type Option func(*Store)

// WithClock makes the write path take the time from c (the system clock by
// default).
func WithClock(c content.Clock) Option { return func(s *Store) { s.clock = c } }

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool, opts ...Option) *Store {
	blocks, cache := newBlockCache(8<<20), newViewCache()
	s := &Store{
		Reader: &Reader{db: pool, scope: scopePublished, blocks: blocks, cache: cache},
		drafts: &Reader{db: pool, scope: scopeDraft, blocks: blocks, cache: cache},
		pool:   pool,
		clock:  systemClock{},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// WithClock returns a store like s whose write path takes the time from c.
func (s *Store) WithClock(c content.Clock) *Store {
	out := *s
	out.clock = c
	return &out
}

// Published returns the reader of published content, for anonymous readers.
func (s *Store) Published() *Reader { return s.Reader }

// Drafts returns the reader of drafts, for editors' previews.
func (s *Store) Drafts() *Reader { return s.drafts }

// Pool returns the pool the store runs on by default.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

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
	if n, ok := maxConns(url); ok {
		cfg.MaxConns = n
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
