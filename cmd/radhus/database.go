package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/radhus/radhus/internal/localpg"
	"github.com/radhus/radhus/internal/postgres"
)

// appRole is the role Rådhus connects to its local cluster as: no superuser,
// no DDL, granted what the content needs (postgres.GrantApplication). The
// migrations run as the cluster's superuser.
const appRole = "radhus_app"

// database is a migrated connection pool and what must happen when it closes.
type database struct {
	url     string
	pool    *pgxpool.Pool
	cluster *localpg.Cluster
}

// openDatabase connects to DATABASE_URL, or starts the private cluster in the
// data folder when it is not set, and applies pending migrations, as
// MIGRATION_DATABASE_URL's role when that is set.
func openDatabase(ctx context.Context, c *config, log *slog.Logger, tracer pgx.QueryTracer) (*database, error) {
	db := &database{}
	url, migrationURL := c.databaseURL, c.migrationURL
	if url == "" {
		cluster, err := localpg.Start(ctx, filepath.Join(c.data, "postgres"), log)
		if err != nil {
			return nil, fmt.Errorf("local PostgreSQL: %w", err)
		}
		db.cluster = cluster
		if err := cluster.EnsureDatabase(ctx, "radhus"); err != nil {
			db.close(log)
			return nil, err
		}
		if err := cluster.EnsureRole(ctx, appRole); err != nil {
			db.close(log)
			return nil, err
		}
		url = cluster.URLAs(appRole, "radhus")
		migrationURL = cluster.URL("radhus")
		log.Info("local PostgreSQL", "dir", cluster.Dir())
	}
	if migrationURL == "" {
		migrationURL = url
	}
	if err := migrateDatabase(ctx, migrationURL, url); err != nil {
		db.close(log)
		return nil, err
	}
	pool, err := postgres.Open(ctx, url, tracer)
	if err != nil {
		db.close(log)
		return nil, err
	}
	db.pool = pool
	db.url = url
	return db, nil
}

// migrateDatabase applies the migrations as migrationURL's role and, when the
// application connects as another role, grants that role what it needs.
func migrateDatabase(ctx context.Context, migrationURL, appURL string) error {
	pool, err := postgres.Open(ctx, migrationURL, nil)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	defer pool.Close()
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	if err := postgres.Migrate(ctx, sqlDB); err != nil {
		return err
	}
	app, err := pgxpool.ParseConfig(appURL)
	if err != nil {
		return fmt.Errorf("database url: %w", err)
	}
	if app.ConnConfig.User == pool.Config().ConnConfig.User {
		return nil
	}
	return postgres.GrantApplication(ctx, sqlDB, app.ConnConfig.User)
}

// ready reports whether the database answers and has every migration.
func (db *database) ready(ctx context.Context) error {
	if err := postgres.Ping(ctx, db.pool); err != nil {
		return err
	}
	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer sqlDB.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*postgres.PingTimeout)
	defer cancel()
	pending, err := postgres.MigrationsPending(ctx, sqlDB)
	if err != nil {
		return err
	}
	if pending {
		return fmt.Errorf("migrations pending")
	}
	return nil
}

func (db *database) close(log *slog.Logger) {
	if db.pool != nil {
		db.pool.Close()
	}
	if db.cluster != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := db.cluster.Stop(ctx); err != nil {
			log.Error("stop local PostgreSQL", "err", err)
		}
	}
}
