package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
)

type searchResult struct {
	Search struct {
		Edges []struct {
			Node struct {
				Typename   string `json:"__typename"`
				Path, Name string
				Title      string
			}
			Rank    float64
			Snippet string
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   string
		}
	}
}

const searchQuery = `query($q: String!, $locale: String, $first: Int, $after: String) {
	search(query: $q, locale: $locale, first: $first, after: $after) {
		edges { rank snippet node { __typename
			... on Page { path title } ... on Contact { name } ... on Document { title } } }
		pageInfo { hasNextPage endCursor } } }`

func TestSearch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got searchResult
	b.query(t, searchQuery, map[string]any{"q": "biblioteket"}, &got)
	edges := got.Search.Edges
	if len(edges) < 2 {
		t.Fatalf("search(biblioteket) = %+v, want several hits", edges)
	}
	if first := edges[0].Node; first.Typename != "Page" || first.Path != demo.ReferencePath {
		t.Errorf("first hit = %+v, want the reference page", first)
	}
	if s := edges[0].Snippet; !strings.Contains(s, "<mark>") {
		t.Errorf("snippet = %q, want a highlighted match", s)
	}
	// Swedish stemming: "bibliotek" (the stem) also finds "biblioteket" and the library page.
	var stem searchResult
	b.query(t, searchQuery, map[string]any{"q": "bibliotekets"}, &stem)
	if len(stem.Search.Edges) == 0 {
		t.Errorf("search(bibliotekets) found nothing; want stemmed matches")
	}
	for i := 1; i < len(edges); i++ {
		if edges[i].Rank > edges[i-1].Rank {
			t.Errorf("hits not ranked: %v after %v", edges[i].Rank, edges[i-1].Rank)
		}
	}

	var contact searchResult
	b.query(t, searchQuery, map[string]any{"q": "servicecenter"}, &contact)
	if len(contact.Search.Edges) == 0 || contact.Search.Edges[0].Node.Typename != "Contact" {
		t.Errorf("search(servicecenter) = %+v, want the contact first", contact.Search.Edges)
	}

	var doc searchResult
	b.query(t, searchQuery, map[string]any{"q": "rapporten"}, &doc)
	foundDoc := false
	for _, e := range doc.Search.Edges {
		foundDoc = foundDoc || e.Node.Typename == "Document"
	}
	if !foundDoc {
		t.Errorf("search(rapporten) = %+v, want the report", doc.Search.Edges)
	}

	var en searchResult
	b.query(t, searchQuery, map[string]any{"q": "libraries", "locale": "en"}, &en)
	if len(en.Search.Edges) == 0 || en.Search.Edges[0].Node.Path != "/culture-and-leisure/library" && en.Search.Edges[0].Node.Path != "/culture-and-leisure/library/meeting-place-24-7" {
		t.Errorf("search(libraries, en) = %+v, want English pages by English stemming", en.Search.Edges)
	}

	// Paging: one at a time reaches every hit once.
	seen := map[string]bool{}
	after := ""
	for i := 0; i < 20; i++ {
		var page searchResult
		vars := map[string]any{"q": "biblioteket", "first": 1}
		if after != "" {
			vars["after"] = after
		}
		b.query(t, searchQuery, vars, &page)
		for _, e := range page.Search.Edges {
			key := e.Node.Typename + e.Node.Path + e.Node.Name + e.Node.Title
			if seen[key] {
				t.Errorf("%s twice while paging", key)
			}
			seen[key] = true
		}
		if !page.Search.PageInfo.HasNextPage {
			break
		}
		after = page.Search.PageInfo.EndCursor
	}
	if len(seen) != len(edges) {
		t.Errorf("paging saw %d hits, want %d", len(seen), len(edges))
	}
}

func TestSearchEscapesSnippets(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// A title is plain text and may hold anything an editor typed.
	if _, err := b.store.CreatePage(context.Background(), &content.NewPage{Variants: []content.PageVariant{{
		Locale: "sv", Slug: "kodexempel", Title: `Bibliotekets <script>alert("x")</script> & kod`,
	}}}); err != nil {
		t.Fatal(err)
	}
	var got searchResult
	// websearch syntax and markup in the query are text, never SQL or HTML.
	b.query(t, searchQuery, map[string]any{"q": `"<script>" OR kod -kaffe`}, &got)
	found := false
	for _, e := range got.Search.Edges {
		if strings.Contains(e.Snippet, "<script") || strings.Contains(e.Snippet, "</script") {
			t.Errorf("snippet %q holds unescaped markup", e.Snippet)
		}
		if e.Node.Path == "/kodexempel" {
			found = true
			// PostgreSQL drops the tags; the quotes and ampersand must be escaped.
			if !strings.Contains(e.Snippet, "&#34;x&#34;") || !strings.Contains(e.Snippet, "&amp;") || !strings.Contains(e.Snippet, "<mark>kod</mark>") {
				t.Errorf("snippet %q, want the title escaped with the match marked", e.Snippet)
			}
		}
	}
	if !found {
		t.Errorf("search did not find the page with markup in its title: %+v", got.Search.Edges)
	}
}
