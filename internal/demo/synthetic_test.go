package demo_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
)

// loadSynthetic writes a synthetic site of n pages into a new database and
// returns its published Swedish paths in page order.
func loadSynthetic(t *testing.T, n int) (demo.SyntheticSummary, []string, *postgres.Store) {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	st := postgres.NewStore(pool)
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sum, ok, err := demo.LoadSynthetic(ctx, st, blobs, n, nil)
	if err != nil || !ok {
		t.Fatalf("LoadSynthetic(%d) = %v, %v", n, ok, err)
	}
	rows, err := pool.Query(ctx, `SELECT path FROM page_contents WHERE state = 'published' AND locale = 'sv' ORDER BY page_id`)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return sum, paths, st
}

func TestSyntheticSiteShape(t *testing.T) {
	t.Parallel()
	sum, paths, st := loadSynthetic(t, 120)
	if sum.Pages != 120 || sum.Sections+sum.Topics+sum.Leaves != 120 || sum.Drafts != 6 || len(paths) != 114 {
		t.Fatalf("summary %+v with %d published paths, want 120 pages of which 6 drafts", sum, len(paths))
	}
	if sum.Documents != 240 || sum.English+sum.SwedishOnly != 120 || sum.SwedishOnly != 6 {
		t.Errorf("summary %+v, want 240 documents and 6 pages without English", sum)
	}
	if sum.OpeningRules != sum.Contacts*11/2 {
		t.Errorf("%d opening rules for %d contacts, want 5.5 each", sum.OpeningRules, sum.Contacts)
	}
	// A leaf is three levels down, with two contacts, two documents and a body
	// of about 2.6 KB.
	leaf := paths[len(paths)-1]
	v, err := st.PageView(context.Background(), leaf, "sv", contentWantsAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Ancestors) != 2 || len(v.Documents) != 2 || len(v.Contacts) != 2 || len(v.HoursByContact) != 2 {
		t.Errorf("leaf %s: %d ancestors, %d documents, %d contacts, %d with hours; want 2 of each",
			leaf, len(v.Ancestors), len(v.Documents), len(v.Contacts), len(v.HoursByContact))
	}
	if size := len(richText(v.Page.Blocks)); size < 2400 || size > 3200 {
		t.Errorf("leaf %s: body of %d bytes, want about 2.6 KB", leaf, size)
	}
}

func TestSyntheticShapeOf(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]demo.SyntheticShape{
		10_000:    {Pages: 10_000, Sections: 20, Topics: 400, Leaves: 9_580, Contacts: 200, DocumentsPerPage: 2},
		100_000:   {Pages: 100_000, Sections: 20, Topics: 400, Leaves: 99_580, Contacts: 200, DocumentsPerPage: 2},
		1_000_000: {Pages: 1_000_000, Sections: 20, Topics: 400, Leaves: 999_580, Contacts: 200, DocumentsPerPage: 2},
	} {
		if got := demo.ShapeOf(n); got != want {
			t.Errorf("ShapeOf(%d) = %+v, want %+v", n, got, want)
		}
	}
}

// The same size gives the same site.
func TestSyntheticSiteIsDeterministic(t *testing.T) {
	t.Parallel()
	_, a, _ := loadSynthetic(t, 60)
	_, b, _ := loadSynthetic(t, 60)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two sites of 60 pages differ (-first +second):\n%s", diff)
	}
}

var contentWantsAll = content.PageWants{Ancestors: true, Documents: true, Contacts: true, ContactHours: true}

func richText(blocks []content.Block) string {
	var s string
	for _, b := range blocks {
		if r, ok := b.(*content.RichTextBlock); ok {
			s += r.HTML
		}
	}
	return s
}
