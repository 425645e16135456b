package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/migrations"
)

// The editorial model migrates down to the tree on pages and up again,
// keeping the pages, their place and their states.
func TestEditorialModelMigratesDownAndUp(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	top := b.published(t, 0, 1, variant("sv", "kultur", "Kultur"))
	child := b.published(t, top.ID, 3, variant("sv", "bibliotek", "Bibliotek"))
	if _, err := b.store.UpdatePageDraft(ctx, b.pool, child.ID, child.Version, &content.PageUpdate{Locale: "sv", Title: ptr("Utkast")}); err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDBFromPool(b.pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	if _, err := p.DownTo(bg, 2); err != nil {
		t.Fatalf("down to 2: %v", err)
	}
	var parent sql.NullInt64
	var position int
	var title string
	if err := b.pool.QueryRow(bg, `SELECT p.parent_id, p.position, c.title FROM pages p
		JOIN page_contents c ON c.page_id = p.id AND c.state = 'published' WHERE p.id = $1`, child.ID).Scan(&parent, &position, &title); err != nil {
		t.Fatal(err)
	}
	if parent.Int64 != top.ID || position != 3 || title != "Bibliotek" {
		t.Errorf("after down: parent %v, position %d, title %q", parent, position, title)
	}
	if _, err := p.Up(bg); err != nil {
		t.Fatalf("up again: %v", err)
	}
	b.pool.Reset() // prepared statements name the old columns
	if p := mustPageAt(t, b.store.Published(), "/kultur/bibliotek"); p.Title != "Bibliotek" || p.ParentID != top.ID {
		t.Errorf("published after up = %+v", p)
	}
	if p := mustPageAt(t, b.store.Drafts(), "/kultur/bibliotek"); p.Title != "Utkast" {
		t.Errorf("draft after up = %q", p.Title)
	}
}
