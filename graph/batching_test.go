package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/upload"
)

// makePage creates a page under /kultur-och-fritid with n documents, n contacts
// (each with two schedules) and about 3n blocks pointing at them.
func makePage(t *testing.T, b *bundle, slug string, n int) string {
	t.Helper()
	ctx := context.Background()
	np := &content.NewPage{ParentID: 1, Position: 10}
	var blocks []content.Block
	for i := 0; i < n; i++ {
		doc, err := upload.Document(ctx, b.blobs, b.store, upload.Input{
			Title: fmt.Sprintf("Protokoll %d", i), FileName: fmt.Sprintf("protokoll-%d.pdf", i), Body: demo.ReportPDF(),
		})
		if err != nil {
			t.Fatal(err)
		}
		contact, err := b.store.CreateContact(ctx, &content.Contact{Name: fmt.Sprintf("Enhet %d", i), Kind: content.ContactDepartment})
		if err != nil {
			t.Fatal(err)
		}
		staffed, err := b.store.CreateOpeningHours(ctx, contact, 0, demo.ServiceCentreHours())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.CreateOpeningHours(ctx, contact, 1, demo.LibrarySelfServiceHours()); err != nil {
			t.Fatal(err)
		}
		np.DocumentIDs = append(np.DocumentIDs, doc.ID)
		np.ContactIDs = append(np.ContactIDs, contact)
		blocks = append(blocks,
			&content.HeadingBlock{Text: fmt.Sprintf("Avsnitt %d", i), Level: 2},
			&content.DocumentListBlock{DocumentIDs: []int64{doc.ID}},
			&content.ContactBlock{ContactID: contact},
			&content.OpeningHoursBlock{OpeningHoursID: staffed},
		)
	}
	np.Variants = []content.PageVariant{{Locale: "sv", Slug: slug, Title: slug, Blocks: blocks}}
	if _, err := b.store.CreatePage(ctx, np); err != nil {
		t.Fatal(err)
	}
	return "/kultur-och-fritid/" + slug
}

const batchedQuery = `query($path: String!) { page(path: $path) {
	id title path locale updatedAt
	parent { title }
	breadcrumbs { title path }
	translations { locale path }
	blocks { __typename
		... on HeadingBlock { text level }
		... on DocumentListBlock { documents { title url } }
		... on ContactBlock { contact { name openNow openingHours { channel summary } } }
		... on OpeningHoursBlock { openingHours { channel openNow } } }
	documents { title fileName mimeType sizeBytes url }
	contacts { name email phones { number e164 } openNow openingHours { channel summary osm } } } }`

// The statements a page costs must not grow with its blocks, documents and
// contacts: a page view is one statement, in one round trip.
func TestPageStatementsDoNotGrow(t *testing.T) {
	t.Parallel()
	b := setup(t)
	count := func(query, path string) (statements int64, items int) {
		var got struct {
			Page struct {
				Blocks    []json_any
				Documents []json_any
				Contacts  []json_any
			}
		}
		// Warm up first so that statement preparation is not counted.
		b.query(t, query, map[string]any{"path": path}, &got)
		before, tripsBefore := b.statements.n.Load(), b.statements.trips.Load()
		b.query(t, query, map[string]any{"path": path}, &got)
		if trips := b.statements.trips.Load() - tripsBefore; trips != 1 {
			t.Errorf("%s: %d round trips to PostgreSQL, want 1", path, trips)
		}
		return b.statements.n.Load() - before, len(got.Page.Blocks) + len(got.Page.Documents) + len(got.Page.Contacts)
	}
	one, items1 := count(batchedQuery, makePage(t, b, "en-av-varje", 1))
	fifty, items50 := count(batchedQuery, makePage(t, b, "femtio-av-varje", 50))
	if items1 != 6 || items50 != 300 {
		t.Fatalf("rendered %d and %d items, want 6 and 300", items1, items50)
	}
	if one != fifty {
		t.Errorf("statements: %d for 1 of each, %d for 50 of each; want the same; the last:\n%s",
			one, fifty, strings.Join(b.statements.recent(int(fifty)), "\n"))
	}
	if fifty != 1 {
		t.Errorf("statements for a page = %d, want 1", fifty)
	}
	t.Logf("statements per page render: %d", fifty)

	// The reference query: the page with its ancestors, documents and contacts.
	if ref, _ := count(referenceQuery, demo.ReferencePath); ref != 1 {
		t.Errorf("statements for the reference page query = %d, want 1", ref)
	}
}

type json_any = map[string]any

// A list of pages costs one statement for the list and one per kind of nested
// read, however many pages it holds: their nested reads are preloaded together.
func TestPageListStatementsDoNotGrow(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const list = `query($first: Int) { pages(first: $first, orderBy: PATH) { nodes {
		title parent { title } breadcrumbs { title } translations { locale }
		documents { title } contacts { name openingHours { channel } }
		blocks { ... on OpeningHoursBlock { openingHours { channel } } ... on ContactBlock { contact { name } } } } } }`
	count := func(first int) (int64, int) {
		var got struct {
			Pages struct{ Nodes []json_any }
		}
		b.query(t, list, map[string]any{"first": first}, &got)
		before := b.statements.n.Load()
		b.query(t, list, map[string]any{"first": first}, &got)
		return b.statements.n.Load() - before, len(got.Pages.Nodes)
	}
	// By path, the first five pages already hold every kind of nested item.
	five, n5 := count(5)
	all, n6 := count(6)
	if n5 != 5 || n6 != 6 {
		t.Fatalf("listed %d and %d pages, want 5 and 6", n5, n6)
	}
	// The list, then ancestors, translations, documents, contacts, their hours
	// and the blocks' schedules.
	if five != all || all != 7 {
		t.Errorf("statements: %d for five pages, %d for six; want 7 for both; the last:\n%s",
			five, all, strings.Join(b.statements.recent(int(all)), "\n"))
	}
}
