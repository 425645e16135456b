package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/radhus/radhus/internal/localpg"
	"github.com/radhus/radhus/internal/postgres"
)

// database is a migrated connection pool and what must happen when it closes.
type database struct {
	url     string
	pool    *pgxpool.Pool
	cluster *localpg.Cluster
}

// openDatabase connects to DATABASE_URL, or starts the private cluster in the
// data folder when it is not set, and applies pending migrations.
func openDatabase(ctx context.Context, c *config, log *slog.Logger) (*database, error) {
	db := &database{}
	url := c.databaseURL
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
		url = cluster.URL("radhus")
		log.Info("local PostgreSQL", "dir", cluster.Dir())
	}
	pool, err := postgres.Open(ctx, url, nil)
	if err != nil {
		db.close(log)
		return nil, err
	}
	db.pool = pool
	db.url = url
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	if err := postgres.Migrate(ctx, sqlDB); err != nil {
		db.close(log)
		return nil, err
	}
	return db, nil
}

// ready reports whether the database answers and has every migration.
func (db *database) ready(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return err
	}
	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer sqlDB.Close()
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
