package postgres_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// checkServedPages fails unless served_pages holds exactly the rows the
// tables say: for every page state and every locale Rådhus serves, the variant
// in that locale or else the Swedish one, the state's place and metadata, and
// its documents and contacts in order.
func checkServedPages(t *testing.T, b *bundle) {
	t.Helper()
	rows, err := b.pool.Query(context.Background(), `
		WITH due AS (
			SELECT s.state, l.locale, s.page_id, c.locale AS variant, s.parent_id, s.ancestor_ids, s.position, s.tree_key,
				c.slug, c.path, c.title, c.summary, c.seo_title, c.seo_description,
				s.owner, s.review_due_at, s.published_at, s.updated_at, s.version,
				coalesce((SELECT array_agg(d.document_id ORDER BY d.position) FROM page_documents d
					WHERE d.page_id = s.page_id AND d.state = s.state), '{}') AS document_ids,
				coalesce((SELECT array_agg(k.contact_id ORDER BY k.position) FROM page_contacts k
					WHERE k.page_id = s.page_id AND k.state = s.state), '{}') AS contact_ids
			FROM page_states s
			CROSS JOIN unnest($1::text[]) l(locale)
			JOIN page_contents c ON c.page_id = s.page_id AND c.state = s.state
				AND c.locale = CASE WHEN EXISTS (SELECT 1 FROM page_contents o
					WHERE o.page_id = s.page_id AND o.state = s.state AND o.locale = l.locale) THEN l.locale ELSE $2 END
		)
		SELECT 'missing', to_jsonb(x)::text FROM (SELECT * FROM due EXCEPT ALL SELECT * FROM served_pages) x
		UNION ALL
		SELECT 'stale', to_jsonb(x)::text FROM (SELECT * FROM served_pages EXCEPT ALL SELECT * FROM due) x`,
		content.Locales(), content.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var kind, row string
		err := r.Scan(&kind, &row)
		return kind + ": " + row, err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wrong {
		t.Errorf("served_pages row %s", w)
	}
	if len(wrong) > 0 {
		t.FailNow()
	}
}

// served_pages follows every write that changes what readers are served:
// creating, editing, adding and removing a locale, attaching documents and
// contacts, moving, reordering, publishing, unpublishing, deleting, restoring
// and restoring a revision, in the draft and in the published state.
func TestServedPagesFollowEveryWrite(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	bg := context.Background()
	culture := b.published(t, 0, 1, variant("sv", "kultur", "Kultur"), variant("en", "culture", "Culture"))
	school := b.published(t, 0, 2, variant("sv", "skola", "Skola"))
	checkServedPages(t, b)

	p, err := b.store.CreatePageDraft(ctx, b.pool, &content.PageDraft{ParentID: culture.ID, Position: 1,
		Variants: []content.PageVariant{variant("sv", "bibliotek", "Bibliotek")}})
	if err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if p, err = b.store.PublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)

	// An English variant is added, then edited; the Swedish title changes.
	if p, err = b.store.UpdatePageDraft(ctx, b.pool, p.ID, p.Version, &content.PageUpdate{Locale: "en", Slug: ptr("library"), Title: ptr("Library")}); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if p, err = b.store.UpdatePageDraft(ctx, b.pool, p.ID, p.Version, &content.PageUpdate{Locale: "sv", Title: ptr("Stadsbiblioteket"), Summary: ptr("Böcker")}); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if p, err = b.store.PublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)

	// Documents and contacts, in order.
	doc1, err := b.store.CreateDocument(bg, &content.Document{Title: "Taxa", FileName: "taxa.pdf", MimeType: "application/pdf",
		StorageKey: "k1", SHA256: sha('1'), Language: "sv"})
	if err != nil {
		t.Fatal(err)
	}
	doc2, err := b.store.CreateDocument(bg, &content.Document{Title: "Regler", FileName: "regler.pdf", MimeType: "application/pdf",
		StorageKey: "k2", SHA256: sha('2'), Language: "sv"})
	if err != nil {
		t.Fatal(err)
	}
	contact, err := b.store.CreateContact(bg, &content.Contact{Name: "Biblioteket", Kind: content.ContactFacility})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = b.store.SetPageDocuments(ctx, b.pool, p.ID, p.Version, []int64{doc2, doc1}); err != nil {
		t.Fatal(err)
	}
	if p, err = b.store.SetPageContacts(ctx, b.pool, p.ID, p.Version, []int64{contact}); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if p, err = b.store.PublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	var docs []int64
	if err := b.pool.QueryRow(bg, `SELECT document_ids FROM served_pages WHERE state = 'published' AND locale = 'en' AND page_id = $1`,
		p.ID).Scan(&docs); err != nil || !cmp.Equal(docs, []int64{doc2, doc1}) {
		t.Errorf("published document IDs = %v (%v), want [%d %d]", docs, err, doc2, doc1)
	}

	// A child below it, then a move of both under the school, draft then
	// published, and a reorder.
	child := b.published(t, p.ID, 1, variant("sv", "oppettider", "Öppettider"))
	if p, err = b.store.MovePage(ctx, b.pool, p.ID, p.Version, school.ID, 3); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if p, err = b.store.PublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	var versions []int
	if err := b.pool.QueryRow(bg, `SELECT array_agg(version ORDER BY id DESC) FROM pages WHERE id = ANY($1)`,
		[]int64{school.ID, culture.ID}).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.ReorderPages(ctx, b.pool, 0, []int64{school.ID, culture.ID}, versions); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)

	// The English variant goes; English readers get the Swedish one.
	p = mustPageAt(t, b.store.Drafts(), "/skola/bibliotek")
	if p, err = b.store.UpdatePageDraft(ctx, b.pool, p.ID, p.Version, &content.PageUpdate{Locale: "en", RemoveLocale: true}); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if p, err = b.store.PublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	list, err := b.store.Published().Pages(bg, content.PageFilter{Locale: "en", ParentID: school.ID, Order: content.PageOrderPosition,
		Page: content.PageRequest{First: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Title != "Stadsbiblioteket" || list.Items[0].Locale != "sv" {
		t.Errorf("English listing after the English variant went = %+v", list.Items)
	}

	// Unpublished, deleted, restored, and an older revision restored.
	if p, err = b.store.UnpublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if p, err = b.store.PublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	gone := mustPageAt(t, b.store.Drafts(), "/skola/bibliotek/oppettider")
	if err := b.store.DeletePage(ctx, b.pool, child.ID, gone.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if _, err := b.store.RestorePage(ctx, b.pool, child.ID); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	revs, err := b.store.PageRevisions(ctx, b.pool, p.ID, content.PageRequest{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(revs.Items) < 2 {
		t.Fatalf("revisions = %d, want at least 2", len(revs.Items))
	}
	p = mustPageAt(t, b.store.Drafts(), "/skola/bibliotek")
	if _, err := b.store.RestoreRevision(ctx, b.pool, revs.Items[len(revs.Items)-1].ID, p.Version); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)

	// Whatever writes the tables: a statement on them directly, and a
	// truncation.
	if _, err := b.pool.Exec(bg, `UPDATE page_contents SET title = 'Kulturen' WHERE page_id = $1`, culture.ID); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	if _, err := b.pool.Exec(bg, `TRUNCATE page_states CASCADE`); err != nil {
		t.Fatal(err)
	}
	checkServedPages(t, b)
	var left int
	if err := b.pool.QueryRow(bg, `SELECT count(*) FROM served_pages`).Scan(&left); err != nil || left != 0 {
		t.Errorf("served_pages after truncating page_states: %d rows (%v)", left, err)
	}
}

func sha(c byte) string {
	s := make([]byte, 64)
	for i := range s {
		s[i] = c
	}
	return string(s)
}
