package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// AcquireTimeout bounds how long a statement waits for a connection of the pool
// (all of them busy, or a new one being opened); then it fails as
// unavailable, instead of waiting out its request's timeout.
const AcquireTimeout = 2 * time.Second

// errAcquireTimeout is the cause of a statement that got no connection in time.
var errAcquireTimeout = errors.New("no database connection became free within the acquire deadline")

// Bounded returns pool as a DB whose statements and transactions wait for a
// connection at most AcquireTimeout, then fail as unavailable. Every path of
// the server runs on it: reads, editors' writes, sign-in, uploads and jobs.
func Bounded(pool *pgxpool.Pool) DB { return boundedPool{pool} }

// boundedPool is the pool with a deadline on taking a connection. It does
// what pgxpool.Pool's own methods do (take a connection, run on it, give it
// back once the rows, row, batch or transaction is done), but waits for the
// connection at most AcquireTimeout.
type boundedPool struct{ pool *pgxpool.Pool }

var _ DB = boundedPool{}

func (p boundedPool) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	actx, cancel := context.WithTimeoutCause(ctx, AcquireTimeout, errAcquireTimeout)
	defer cancel()
	c, err := p.pool.Acquire(actx)
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(actx), errAcquireTimeout) {
		return nil, fmt.Errorf("%w: %w", errAcquireTimeout, err)
	}
	return c, err
}

func (p boundedPool) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	defer c.Release()
	return c.Exec(ctx, sql, args...)
}

func (p boundedPool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return errRows{err}, err
	}
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		c.Release()
		return errRows{err}, err
	}
	return &releasingRows{Rows: rows, c: c}, nil
}

func (p boundedPool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	c, err := p.acquire(ctx)
	if err != nil {
		return errRows{err}
	}
	return &releasingRow{row: c.QueryRow(ctx, sql, args...), c: c}
}

func (p boundedPool) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	c, err := p.acquire(ctx)
	if err != nil {
		return errBatch{err}
	}
	return &releasingBatch{BatchResults: c.SendBatch(ctx, b), c: c}
}

func (p boundedPool) Begin(ctx context.Context) (pgx.Tx, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := c.Begin(ctx)
	if err != nil {
		c.Release()
		return nil, err
	}
	return &releasingTx{Tx: tx, c: c}, nil
}

// releasingRows gives its connection back once the rows are read, closed or
// fail, as pgxpool's own rows do.
type releasingRows struct {
	pgx.Rows
	c *pgxpool.Conn
}

func (r *releasingRows) Close() {
	r.Rows.Close()
	if r.c != nil {
		r.c.Release()
		r.c = nil
	}
}

func (r *releasingRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *releasingRows) Scan(dest ...any) error {
	err := r.Rows.Scan(dest...)
	if err != nil {
		r.Close()
	}
	return err
}

func (r *releasingRows) Values() ([]any, error) {
	v, err := r.Rows.Values()
	if err != nil {
		r.Close()
	}
	return v, err
}

type releasingRow struct {
	row pgx.Row
	c   *pgxpool.Conn
}

func (r *releasingRow) Scan(dest ...any) error {
	defer r.c.Release()
	return r.row.Scan(dest...)
}

// releasingBatch gives its connection back once the batch is closed, or,
// when the batch began a transaction (pgx.Batch.BeginTx), once that ends.
type releasingBatch struct {
	pgx.BatchResults
	c  *pgxpool.Conn
	tx *releasingTx
}

func (b *releasingBatch) Close() error {
	err := b.BatchResults.Close()
	if b.c != nil && b.BatchResults.Tx() == nil {
		b.c.Release()
		b.c = nil
	}
	return err
}

func (b *releasingBatch) Tx() pgx.Tx {
	tx := b.BatchResults.Tx()
	if tx == nil {
		return nil
	}
	if b.tx == nil {
		b.tx = &releasingTx{Tx: tx, c: b.c}
		b.c = nil
	}
	return b.tx
}

type releasingTx struct {
	pgx.Tx
	c *pgxpool.Conn
}

func (t *releasingTx) release() {
	if t.c != nil {
		t.c.Release()
		t.c = nil
	}
}

func (t *releasingTx) Commit(ctx context.Context) error {
	err := t.Tx.Commit(ctx)
	t.release()
	return err
}

func (t *releasingTx) Rollback(ctx context.Context) error {
	err := t.Tx.Rollback(ctx)
	t.release()
	return err
}

// errRows are the rows, or the row, of a query that got no connection.
type errRows struct{ err error }

func (errRows) Close()                                       {}
func (e errRows) Err() error                                 { return e.err }
func (errRows) CommandTag() pgconn.CommandTag                { return pgconn.CommandTag{} }
func (errRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (errRows) Next() bool                                   { return false }
func (e errRows) Scan(...any) error                          { return e.err }
func (e errRows) Values() ([]any, error)                     { return nil, e.err }
func (errRows) RawValues() [][]byte                          { return nil }
func (errRows) Conn() *pgx.Conn                              { return nil }
func (errRows) TypeMap() *pgtype.Map                         { return nil }

// errBatch is the result of a batch that got no connection.
type errBatch struct{ err error }

func (e errBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, e.err }
func (e errBatch) Query() (pgx.Rows, error)         { return errRows{e.err}, e.err }
func (e errBatch) QueryRow() pgx.Row                { return errRows{e.err} }
func (e errBatch) Close() error                     { return e.err }
func (errBatch) Tx() pgx.Tx                         { return nil }
