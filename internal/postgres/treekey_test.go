package postgres_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// checkTreeKeys fails unless every page state's stored tree key is the one its
// place says (the positions and IDs of its ancestors, then its own), and
// unless ordering by it lists each state's pages as the tree shows them.
func checkTreeKeys(t *testing.T, b *bundle) {
	t.Helper()
	ctx := context.Background()
	rows, err := b.pool.Query(ctx, `
		SELECT s.page_id, s.state::text, s.tree_key,
			coalesce((SELECT array_agg(x ORDER BY u.n, x.o) FROM unnest(s.ancestor_ids || s.page_id) WITH ORDINALITY u(id, n)
				JOIN page_states a ON a.page_id = u.id AND a.state = s.state
				CROSS JOIN LATERAL (VALUES (1, a.position::bigint), (2, a.page_id)) x(o, x)), '{}')
		FROM page_states s ORDER BY s.state, s.tree_key`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id          int64
		state       string
		stored, due []int64
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		err := r.Scan(&x.id, &x.state, &x.stored, &x.due)
		return x, err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if !cmp.Equal(r.stored, r.due) {
			t.Errorf("page %d (%s): tree_key %v, want %v", r.id, r.state, r.stored, r.due)
		}
	}
}

// The stored tree key follows every way a page's place changes: creation,
// publishing, a move (with the pages below it), a reorder of siblings, and a
// draft move that readers do not see until it is published. Listing all pages
// in POSITION order walks it.
func TestTreeKeyFollowsTheTree(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	culture := b.published(t, 0, 1, variant("sv", "kultur", "Kultur"))
	school := b.published(t, 0, 2, variant("sv", "skola", "Skola"))
	library := b.published(t, culture.ID, 1, variant("sv", "bibliotek", "Bibliotek"))
	report := b.published(t, library.ID, 1, variant("sv", "rapport", "Rapport"))
	hours := b.published(t, library.ID, 2, variant("sv", "oppettider", "Öppettider"))
	checkTreeKeys(t, b)

	// Move the library, with what is below it, under the school: in the draft
	// first, then published.
	moved, err := b.store.MovePage(ctx, b.pool, library.ID, library.Version, school.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkTreeKeys(t, b)
	listed := func(r content.Reader) []string {
		t.Helper()
		list, err := r.Pages(context.Background(), content.PageFilter{Locale: "sv", Order: content.PageOrderPosition, Page: content.PageRequest{First: 10}})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, p := range list.Items {
			titles = append(titles, p.Title)
		}
		return titles
	}
	if diff := cmp.Diff([]string{"Kultur", "Bibliotek", "Rapport", "Öppettider", "Skola"}, listed(b.store.Published())); diff != "" {
		t.Errorf("published tree order after a draft move (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Kultur", "Skola", "Bibliotek", "Rapport", "Öppettider"}, listed(b.store.Drafts())); diff != "" {
		t.Errorf("draft tree order after a draft move (-want +got):\n%s", diff)
	}
	if _, err := b.store.PublishPage(ctx, b.pool, library.ID, moved.Version); err != nil {
		t.Fatal(err)
	}
	checkTreeKeys(t, b)

	// Reorder the library's children, and the top level.
	reorder := func(parent int64, ids ...int64) {
		t.Helper()
		var versions []int
		if err := b.pool.QueryRow(ctx, `SELECT array_agg(p.version ORDER BY u.n) FROM unnest($1::bigint[])
			WITH ORDINALITY AS u(id, n) JOIN pages p ON p.id = u.id`, ids).Scan(&versions); err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.ReorderPages(ctx, b.pool, parent, ids, versions); err != nil {
			t.Fatal(err)
		}
	}
	reorder(library.ID, hours.ID, report.ID)
	reorder(0, school.ID, culture.ID)
	checkTreeKeys(t, b)
	if diff := cmp.Diff([]string{"Skola", "Bibliotek", "Öppettider", "Rapport", "Kultur"}, listed(b.store.Drafts())); diff != "" {
		t.Errorf("draft tree order after reordering (-want +got):\n%s", diff)
	}

	// Paging through the whole tree with its cursors gives the same order.
	var paged []string
	req := content.PageRequest{First: 2}
	for {
		list, err := b.store.Drafts().Pages(context.Background(), content.PageFilter{Locale: "sv", Order: content.PageOrderPosition, Page: req})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list.Items {
			paged = append(paged, p.Title)
		}
		if !list.HasNext {
			break
		}
		req.After = &list.Cursors[len(list.Cursors)-1]
	}
	if diff := cmp.Diff(listed(b.store.Drafts()), paged); diff != "" {
		t.Errorf("paged tree order (-whole +paged):\n%s", diff)
	}
}
