package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/radhus/radhus/migrations"
)

func provider(db *sql.DB) (*goose.Provider, error) {
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration embedded in the binary: Rådhus's own
// (goose), then the job queue's (River's, rivermigrate). It holds goose's
// PostgreSQL session-level advisory lock throughout, so that nodes started
// together migrate one after the other: the first applies the migrations,
// the others wait (retrying every second, for up to five minutes) and then
// find nothing pending.
func Migrate(ctx context.Context, db *sql.DB) (err error) {
	// The lock is taken here rather than by the provider
	// (goose.WithSessionLocker), which would release it before River's
	// migrations run.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	defer conn.Close()
	if err := locker.SessionLock(ctx, conn); err != nil {
		return fmt.Errorf("migrations: lock: %w", err)
	}
	defer func() {
		if uerr := locker.SessionUnlock(context.WithoutCancel(ctx), conn); uerr != nil && err == nil {
			err = fmt.Errorf("migrations: unlock: %w", uerr)
		}
	}()
	p, err := provider(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	// One transaction per River migration: some add enum values that later
	// ones use, which PostgreSQL allows only once the addition is committed.
	for {
		applied := 0
		err := onPgxTx(ctx, db, func(m *rivermigrate.Migrator[pgx.Tx], tx pgx.Tx) error {
			res, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{MaxSteps: 1})
			if err != nil {
				return fmt.Errorf("migrate job queue: %w", err)
			}
			applied = len(res.Versions)
			return nil
		})
		if err != nil || applied == 0 {
			return err
		}
	}
}

// MigrationsPending reports whether the database lacks migrations the binary
// has. It takes no lock.
func MigrationsPending(ctx context.Context, db *sql.DB) (bool, error) {
	p, err := provider(db)
	if err != nil {
		return false, err
	}
	if pending, err := p.HasPending(ctx); err != nil || pending {
		return pending, err
	}
	var ok bool
	err = onPgxTx(ctx, db, func(m *rivermigrate.Migrator[pgx.Tx], tx pgx.Tx) error {
		res, err := m.ValidateTx(ctx, tx, nil)
		ok = err == nil && res.OK
		return err
	})
	return !ok, err
}

// MigrationsVersion names the set of migrations in the binary, Rådhus's and the
// job queue's (the test template database is keyed on it).
func MigrationsVersion() string {
	m, err := riverMigrator()
	if err != nil {
		return "river:?"
	}
	all := m.AllVersions()
	return "river:" + strconv.Itoa(all[len(all)-1].Version)
}

func riverMigrator() (*rivermigrate.Migrator[pgx.Tx], error) {
	return rivermigrate.New(riverpgxv5.New(nil), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
}

// onPgxTx runs fn in a transaction on one of db's pgx connections (River's
// migrator speaks pgx; Rådhus's database/sql handles are pgx underneath).
func onPgxTx(ctx context.Context, db *sql.DB, fn func(*rivermigrate.Migrator[pgx.Tx], pgx.Tx) error) error {
	m, err := riverMigrator()
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("migrate job queue: a pgx database/sql connection is needed, not %T", dc)
		}
		return pgx.BeginFunc(ctx, c.Conn(), func(tx pgx.Tx) error { return fn(m, tx) })
	})
}

// GrantApplication lets role, the unprivileged role the application connects
// as, read and write the content tables that the connected role (the owner of
// the migrations) has created, and those its future migrations create. It may
// read the migrations' bookkeeping but not change it, and gets no DDL rights.
// Run it after Migrate, on the migrations' connection; it is idempotent.
func GrantApplication(ctx context.Context, db *sql.DB, role string) error {
	r := pgx.Identifier{role}.Sanitize()
	for _, stmt := range []string{
		"GRANT USAGE ON SCHEMA public TO " + r,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + r,
		"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + r,
		"REVOKE INSERT, UPDATE, DELETE ON " + goose.DefaultTablename + " FROM " + r,
		"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + r,
		"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + r,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("grant %s: %w", role, err)
		}
	}
	return nil
}
