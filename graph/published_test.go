package graph_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/radhus/radhus/internal/demo"
)

// Readers see published content only: a draft's changes and an unpublished item
// stay out of every read.
func TestReadersSeePublishedOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := b.pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE page_contents SET title = 'Utkast' WHERE state = 'draft' AND path = $1`, demo.ReferencePath)
	exec(`DELETE FROM page_contents WHERE state = 'published' AND path = '/kultur-och-fritid/bibliotek/motesplats-24-7'`)
	exec(`DELETE FROM document_contents WHERE state = 'published'`)

	var got struct {
		Page struct {
			Title     string
			Documents []struct{ Title string }
			Blocks    []struct {
				Documents []struct{ Title string }
			}
		}
		Library struct {
			Children struct{ Nodes []struct{ Title string } }
		}
		Menu []struct {
			Children []struct{ Children []struct{ Title string } }
		}
		Search struct {
			Edges []struct{ Node struct{ Title string } }
		}
	}
	b.query(t, `query($path: String!) {
		page(path: $path) { title documents { title } blocks { ... on DocumentListBlock { documents { title } } } }
		library: page(path: "/kultur-och-fritid/bibliotek") { children { nodes { title } } }
		menu(depth: 3) { children { children { title } } }
		search(query: "mötesplats") { edges { node { ... on Page { title } ... on Document { title } } } }
	}`, map[string]any{"path": demo.ReferencePath}, &got)
	if got.Page.Title != "Medborgardialogen om biblioteket" {
		t.Errorf("title = %q, want the published one, not the draft's", got.Page.Title)
	}
	if len(got.Page.Documents) != 0 || len(got.Page.Blocks[4].Documents) != 0 {
		t.Errorf("documents = %+v / %+v, want the unpublished report left out", got.Page.Documents, got.Page.Blocks[4].Documents)
	}
	if n := got.Library.Children.Nodes; len(n) != 1 {
		t.Errorf("children = %+v, want only the published one", n)
	}
	if m := got.Menu[0].Children[0].Children; len(m) != 1 {
		t.Errorf("menu = %+v, want only the published page", m)
	}
	for _, e := range got.Search.Edges {
		if e.Node.Title == "Mötesplats 24-7" || e.Node.Title == "Rapporten om Mötesplats 24-7" {
			t.Errorf("search found unpublished %q", e.Node.Title)
		}
	}
	r := b.do(t, `{ page(path: "/kultur-och-fritid/bibliotek/motesplats-24-7") { title } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions.Code != "NOT_FOUND" {
		t.Errorf("unpublished page: errors = %+v, want NOT_FOUND", r.Errors)
	}
	if res := get(t, b.url+"/files/1/rapport-motesplats-24-7.pdf", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unpublished document download: status %d, want 404", res.StatusCode)
	}
}

func TestContacts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got struct {
		Centres struct{ Nodes []struct{ Name, Kind string } }
		First   struct {
			Edges    []struct{ Node struct{ Name string } }
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
		}
	}
	b.query(t, `{
		centres: contacts(kind: SERVICE_CENTRE) { nodes { name kind } }
		first: contacts(first: 1) { edges { node { name } } pageInfo { hasNextPage endCursor } }
	}`, nil, &got)
	if len(got.Centres.Nodes) != 1 || got.Centres.Nodes[0].Name != "Servicecenter" {
		t.Errorf("service centres = %+v", got.Centres.Nodes)
	}
	if len(got.First.Edges) != 1 || !got.First.PageInfo.HasNextPage {
		t.Fatalf("first page = %+v", got.First)
	}
	var next struct {
		Contacts struct {
			Nodes    []struct{ Name string }
			PageInfo struct{ HasNextPage bool }
		}
	}
	b.query(t, `query($after: String) { contacts(first: 5, after: $after) { nodes { name } pageInfo { hasNextPage } } }`,
		map[string]any{"after": got.First.PageInfo.EndCursor}, &next)
	if len(next.Contacts.Nodes) != 1 || next.Contacts.Nodes[0].Name == got.First.Edges[0].Node.Name || next.Contacts.PageInfo.HasNextPage {
		t.Errorf("second page = %+v after %q", next.Contacts, got.First.Edges[0].Node.Name)
	}
}
