package graph_test

import (
	"testing"

	"github.com/radhus/radhus/internal/demo"
)

// A page view reads its ancestors for breadcrumbs without their blocks and
// relations; those partial pages serve breadcrumbs only, never another field
// of the same request that asks for an ancestor in full.
func TestBreadcrumbAncestorsStayPartial(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var lib struct{ Page struct{ ID string } }
	b.query(t, `{ page(path: "/kultur-och-fritid/bibliotek") { id } }`, nil, &lib)
	var got struct {
		Page struct {
			Breadcrumbs []struct{ Title string }
			Parent      struct {
				Title  string
				Blocks []struct {
					Typename string `json:"__typename"`
				}
			}
		}
		Node struct {
			Title  string
			Blocks []struct {
				Typename string `json:"__typename"`
			}
		}
	}
	b.query(t, `query($path: String!, $lib: ID!) {
		page(path: $path) { breadcrumbs { title } }
		node(id: $lib) { ... on Page { title blocks { __typename } } } }`,
		map[string]any{"path": demo.ReferencePath, "lib": lib.Page.ID}, &got)
	if len(got.Page.Breadcrumbs) != 3 || got.Page.Breadcrumbs[1].Title != "Bibliotek" {
		t.Errorf("breadcrumbs = %+v, want three ending at the page, Bibliotek in the middle", got.Page.Breadcrumbs)
	}
	if got.Node.Title != "Bibliotek" || len(got.Node.Blocks) != 3 {
		t.Errorf("the ancestor by node(id:) = %q with %d blocks, want Bibliotek with its 3", got.Node.Title, len(got.Node.Blocks))
	}
	b.query(t, `query($path: String!) { page(path: $path) { breadcrumbs { title } parent { title blocks { __typename } } } }`,
		map[string]any{"path": demo.ReferencePath}, &got)
	if got.Page.Parent.Title != "Bibliotek" || len(got.Page.Parent.Blocks) != 3 {
		t.Errorf("parent = %q with %d blocks, want Bibliotek with its 3", got.Page.Parent.Title, len(got.Page.Parent.Blocks))
	}

	// Breadcrumbs alone: the same titles, and still one statement.
	var crumbs struct {
		Page struct{ Breadcrumbs []struct{ Title string } }
	}
	b.query(t, `query($path: String!) { page(path: $path) { breadcrumbs { title } } }`, map[string]any{"path": demo.ReferencePath}, &crumbs)
	before := b.statements.n.Load()
	b.query(t, `query($path: String!) { page(path: $path) { breadcrumbs { title } } }`, map[string]any{"path": demo.ReferencePath}, &crumbs)
	if n := b.statements.n.Load() - before; n != 1 || len(crumbs.Page.Breadcrumbs) != 3 {
		t.Errorf("breadcrumbs alone: %d statements, %d crumbs; want 1 and 3", n, len(crumbs.Page.Breadcrumbs))
	}
}
