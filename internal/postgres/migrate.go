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
// (goose), then the job queue's (River's, rivermigrate).
func Migrate(ctx context.Context, db *sql.DB) error {
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

// MigrationsPending reports whether the database lacks migrations the binary has.
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
