// Package postgres implements Rådhus's content stores on PostgreSQL through pgx.
// It is the one place that holds SQL.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
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
	db      DB // the pool, with a deadline on taking a connection
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
	blocks, cache, db := newBlockCache(8<<20), newViewCache(), Bounded(pool)
	s := &Store{
		Reader: &Reader{db: db, scope: scopePublished, blocks: blocks, cache: cache},
		drafts: &Reader{db: db, scope: scopeDraft, blocks: blocks, cache: cache},
		pool:   pool,
		db:     db,
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

// Deadlines of the pool, so that a request fails fast while the database is
// down or hangs, instead of waiting for its own timeout.
const (
	// ConnectTimeout bounds opening a connection (connect_timeout in the URL
	// overrides it).
	ConnectTimeout = 2 * time.Second
	// PingTimeout bounds the liveness check of a connection that sat idle
	// for more than a second before it is handed out; one that fails is
	// dropped and another taken.
	PingTimeout = time.Second
	// healthCheckPeriod is how often idle connections are checked for age
	// and the pool topped up.
	healthCheckPeriod = 5 * time.Second
)

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
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = ConnectTimeout
	}
	cfg.PingTimeout = PingTimeout
	cfg.HealthCheckPeriod = healthCheckPeriod
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

// Ping checks that the database answers within PingTimeout.
func Ping(ctx context.Context, pool *pgxpool.Pool) error {
	ctx, cancel := context.WithTimeout(ctx, PingTimeout)
	defer cancel()
	return interpretError(pool.Ping(ctx), "ping")
}

// Warnings lists what is unsafe about the database the pool talks to: the
// application connected as a superuser, or durability turned off (fsync,
// synchronous_commit or full_page_writes), which a crash of the machine
// punishes with lost commits or a corrupt cluster.
func Warnings(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	var super, fsync, syncCommit, fullPages string
	err := pool.QueryRow(ctx, `SELECT current_setting('is_superuser'), current_setting('fsync'),
		current_setting('synchronous_commit'), current_setting('full_page_writes')`).Scan(&super, &fsync, &syncCommit, &fullPages)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	var w []string
	if super == "on" {
		w = append(w, "the application connects to PostgreSQL as a superuser; give it a role without superuser rights")
	}
	if fsync == "off" {
		w = append(w, "PostgreSQL runs with fsync off: a crash of the machine can corrupt the database")
	}
	if syncCommit == "off" {
		w = append(w, "PostgreSQL runs with synchronous_commit off: a crash can lose the last committed changes")
	}
	if fullPages == "off" {
		w = append(w, "PostgreSQL runs with full_page_writes off: a crash can corrupt the database")
	}
	return w, nil
}

// coded reports whether err already carries a content error code.
func coded(err error) bool {
	var e *content.Error
	return errors.As(err, &e)
}

// unavailable reports whether err means that the database cannot be reached
// or is going away: no connection could be made, the connection broke, or
// the server is shutting down, starting up or in recovery. Such a request may
// succeed when retried shortly.
func unavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	var pgErr *pgconn.PgError
	var netErr net.Error
	switch {
	case errors.Is(err, errAcquireTimeout):
		return true
	case errors.As(err, &connectErr):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 57P01-57P03: admin shutdown,
		// crash shutdown, cannot connect now.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	case errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &netErr) && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled):
		return true
	}
	return pgconn.SafeToRetry(err)
}

// interpretError turns database errors that mean something to a client into
// content errors; anything else is wrapped and stays internal.
func interpretError(err error, what string) error {
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case coded(err):
		return err // already says what it is
	case unavailable(err):
		return fmt.Errorf("%s: %w: %w", what, content.Unavailable(), err)
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
