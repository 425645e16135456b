package graph_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/radhus/radhus/internal/demo"
)

const referenceQuery = `query($path: String!) { page(path: $path) {
	id title path locale updatedAt
	breadcrumbs { title path }
	blocks { __typename
		... on HeadingBlock { text level }
		... on RichTextBlock { html }
		... on LinkListBlock { links { title url } }
		... on VideoBlock { url caption } }
	documents { title fileName mimeType sizeBytes url }
	contacts { name tagline email phones { label number e164 }
		visitingAddress { street postalCode city } } } }`

type referencePage struct {
	Page struct {
		ID, Title, Path, Locale, UpdatedAt string
		Breadcrumbs                        []struct{ Title, Path string }
		Blocks                             []struct {
			Typename string `json:"__typename"`
			Text     string
			Level    int
			HTML     string
			Links    []struct{ Title, URL string }
			URL      string
			Caption  string
		}
		Documents []struct {
			Title, FileName, MimeType, URL string
			SizeBytes                      int
		}
		Contacts []struct {
			Name, Tagline, Email string
			Phones               []struct{ Label, Number, E164 string }
			VisitingAddress      struct{ Street, PostalCode, City string }
		}
	}
}

func TestReferencePage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got referencePage
	b.query(t, referenceQuery, map[string]any{"path": demo.ReferencePath}, &got)
	p := got.Page
	if p.Title != "Medborgardialogen om biblioteket" || p.Path != demo.ReferencePath || p.Locale != "sv" {
		t.Errorf("page = %q %q %q, want the reference page in sv", p.Title, p.Path, p.Locale)
	}
	if !strings.HasPrefix(p.UpdatedAt, "2014-06-25") {
		t.Errorf("updatedAt = %q, want 2014-06-25", p.UpdatedAt)
	}
	crumbs := []string{}
	for _, c := range p.Breadcrumbs {
		crumbs = append(crumbs, c.Title+" "+c.Path)
	}
	wantCrumbs := []string{
		"Kultur och fritid /kultur-och-fritid",
		"Bibliotek /kultur-och-fritid/bibliotek",
		"Medborgardialogen om biblioteket " + demo.ReferencePath,
	}
	if diff := cmp.Diff(wantCrumbs, crumbs); diff != "" {
		t.Errorf("breadcrumbs (-want +got):\n%s", diff)
	}
	types := []string{}
	for _, blk := range p.Blocks {
		types = append(types, blk.Typename)
	}
	wantTypes := []string{"LinkListBlock", "RichTextBlock", "HeadingBlock", "RichTextBlock", "DocumentListBlock", "VideoBlock"}
	if diff := cmp.Diff(wantTypes, types); diff != "" {
		t.Fatalf("block types (-want +got):\n%s", diff)
	}
	if l := p.Blocks[0].Links; len(l) != 1 || l[0].Title != "Mötesplats 24-7" {
		t.Errorf("related links = %+v, want Mötesplats 24-7", l)
	}
	if h := p.Blocks[2]; h.Text != "Så vad händer nu?" || h.Level != 2 {
		t.Errorf("heading = %q level %d", h.Text, h.Level)
	}
	if !strings.Contains(p.Blocks[1].HTML, "<p>") {
		t.Errorf("rich text = %q, want paragraphs", p.Blocks[1].HTML)
	}
	if v := p.Blocks[5]; !strings.Contains(v.Caption, "Maria Lobell") || v.URL == "" {
		t.Errorf("video = %+v, want the caption naming Maria Lobell", v)
	}
	if len(p.Documents) != 1 {
		t.Fatalf("documents = %+v, want the report", p.Documents)
	}
	d := p.Documents[0]
	if d.MimeType != "application/pdf" || d.SizeBytes != len(demo.ReportPDF()) || !strings.HasSuffix(d.URL, "/"+d.FileName) {
		t.Errorf("document = %+v", d)
	}
	if len(p.Contacts) != 1 {
		t.Fatalf("contacts = %+v, want the service centre", p.Contacts)
	}
	c := p.Contacts[0]
	phones := []string{}
	for _, ph := range c.Phones {
		phones = append(phones, ph.Number+" "+ph.E164)
	}
	if diff := cmp.Diff([]string{"0586-610 00 +4658661000", "0586-622 00 +4658662200"}, phones); diff != "" {
		t.Errorf("phones (-want +got):\n%s", diff)
	}
	if c.Phones[1].Label == "" {
		t.Errorf("the switchboard number has no label saying what it is for")
	}
	if c.Email != "kommun@karlskoga.se" || c.VisitingAddress.Street != "Katrinedalsgatan 4" || c.VisitingAddress.City != "Karlskoga" {
		t.Errorf("contact = %+v", c)
	}
}

func TestDocumentDownload(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got referencePage
	b.query(t, referenceQuery, map[string]any{"path": demo.ReferencePath}, &got)
	url := b.url + got.Page.Documents[0].URL
	want := demo.ReportPDF()

	res := get(t, url, nil)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !bytes.Equal(body, want) {
		t.Fatalf("GET %s = %d with %d bytes, want 200 with the report's %d bytes", url, res.StatusCode, len(body), len(want))
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "rapport-motesplats-24-7.pdf") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	etag := res.Header.Get("ETag")
	if len(etag) != 66 {
		t.Fatalf("ETag = %q, want the quoted SHA-256", etag)
	}

	res = get(t, url, map[string]string{"If-None-Match": etag})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status = %d, want 304", res.StatusCode)
	}

	res = get(t, url, map[string]string{"Range": "bytes=0-99"})
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != http.StatusPartialContent || !bytes.Equal(body, want[:100]) {
		t.Errorf("Range: status = %d with %d bytes, want 206 with the first 100", res.StatusCode, len(body))
	}

	if res := get(t, b.url+"/files/999/x.pdf", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown document: status = %d, want 404", res.StatusCode)
	}
}

func get(t *testing.T, url string, header map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestLocaleFallback(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got struct {
		Sv, En struct {
			Locale, Title string
			Translations  []struct{ Locale, Path string }
		}
		Fallback struct{ Locale, Title string }
	}
	b.query(t, `{
		sv: page(path: "/kultur-och-fritid/bibliotek") { locale title translations { locale path } }
		en: page(path: "/culture-and-leisure/library", locale: "en") { locale title translations { locale path } }
		fallback: page(path: "`+demo.ReferencePath+`", locale: "en") { locale title }
	}`, nil, &got)
	if got.Sv.Locale != "sv" || got.Sv.Title != "Bibliotek" {
		t.Errorf("sv = %+v", got.Sv)
	}
	if got.En.Locale != "en" || got.En.Title != "Library" {
		t.Errorf("en = %+v", got.En)
	}
	if len(got.En.Translations) != 2 || got.En.Translations[0].Path != "/kultur-och-fritid/bibliotek" {
		t.Errorf("translations = %+v, want sv then en", got.En.Translations)
	}
	if got.Fallback.Locale != "sv" {
		t.Errorf("a page without English = %+v, want the Swedish variant with locale sv", got.Fallback)
	}
}

func TestPageTree(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got struct {
		Menu []struct {
			Title, Path string
			Children    []struct {
				Title    string
				Children []struct{ Title string }
			}
		}
		Page struct {
			Parent   struct{ Title string }
			Children struct {
				Nodes    []struct{ Title string }
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
	}
	b.query(t, `{
		menu(depth: 3) { title path children { title children { title } } }
		page(path: "/kultur-och-fritid/bibliotek") { parent { title } children(first: 1) { nodes { title } pageInfo { hasNextPage endCursor } } }
	}`, nil, &got)
	if len(got.Menu) != 2 || got.Menu[0].Title != "Kultur och fritid" || got.Menu[1].Title != "Kommun och politik" {
		t.Fatalf("menu top = %+v", got.Menu)
	}
	lib := got.Menu[0].Children
	if len(lib) != 1 || lib[0].Title != "Bibliotek" || len(lib[0].Children) != 2 {
		t.Fatalf("menu below culture = %+v, want Bibliotek with two pages", lib)
	}
	if lib[0].Children[0].Title != "Medborgardialogen om biblioteket" {
		t.Errorf("menu order = %+v, want positions respected", lib[0].Children)
	}
	if got.Page.Parent.Title != "Kultur och fritid" {
		t.Errorf("parent = %q", got.Page.Parent.Title)
	}
	c := got.Page.Children
	if len(c.Nodes) != 1 || !c.PageInfo.HasNextPage || c.Nodes[0].Title != "Medborgardialogen om biblioteket" {
		t.Fatalf("children(first: 1) = %+v", c)
	}
	var next struct {
		Page struct {
			Children struct {
				Nodes    []struct{ Title string }
				PageInfo struct{ HasNextPage, HasPreviousPage bool }
			}
		}
	}
	b.query(t, `query($after: String) { page(path: "/kultur-och-fritid/bibliotek") {
		children(first: 5, after: $after) { nodes { title } pageInfo { hasNextPage hasPreviousPage } } } }`,
		map[string]any{"after": c.PageInfo.EndCursor}, &next)
	n := next.Page.Children
	if len(n.Nodes) != 1 || n.Nodes[0].Title != "Mötesplats 24-7" || n.PageInfo.HasNextPage || !n.PageInfo.HasPreviousPage {
		t.Errorf("second page of children = %+v", n)
	}
}

func TestPagesOrders(t *testing.T) {
	t.Parallel()
	b := setup(t)
	want := map[string][]string{
		"POSITION": {"/kultur-och-fritid", "/kultur-och-fritid/bibliotek", demo.ReferencePath,
			"/kultur-och-fritid/bibliotek/motesplats-24-7", "/kommun-och-politik", "/kommun-och-politik/kontakta-oss"},
		"PATH": {"/kommun-och-politik", "/kommun-och-politik/kontakta-oss", "/kultur-och-fritid",
			"/kultur-och-fritid/bibliotek", demo.ReferencePath, "/kultur-och-fritid/bibliotek/motesplats-24-7"},
		// Bibliotek, Kommun och politik, Kontakta oss, Kultur och fritid, Medborgardialogen, Mötesplats
		"TITLE": {"/kultur-och-fritid/bibliotek", "/kommun-och-politik", "/kommun-och-politik/kontakta-oss",
			"/kultur-och-fritid", demo.ReferencePath, "/kultur-och-fritid/bibliotek/motesplats-24-7"},
	}
	for _, order := range []string{"POSITION", "TITLE", "PATH", "UPDATED_AT"} {
		// Walk every page two at a time; each page must come exactly once, in order.
		var walked []string
		seen := map[string]bool{}
		var after *string
		for i := 0; i < 10; i++ {
			var got struct {
				Pages struct {
					Nodes    []struct{ Path string }
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
			b.query(t, `query($after: String, $order: PageOrder) { pages(first: 2, after: $after, orderBy: $order) {
				nodes { path } pageInfo { hasNextPage endCursor } } }`, map[string]any{"after": after, "order": order}, &got)
			for _, n := range got.Pages.Nodes {
				if seen[n.Path] {
					t.Errorf("%s: %s listed twice", order, n.Path)
				}
				seen[n.Path] = true
				walked = append(walked, n.Path)
			}
			if !got.Pages.PageInfo.HasNextPage {
				break
			}
			after = got.Pages.PageInfo.EndCursor
		}
		if len(seen) != 6 {
			t.Errorf("%s: walked %d pages, want all 6: %v", order, len(seen), seen)
		}
		if w, ok := want[order]; ok {
			if diff := cmp.Diff(w, walked); diff != "" {
				t.Errorf("%s order (-want +got):\n%s", order, diff)
			}
		}
		if order == "UPDATED_AT" && walked[len(walked)-1] != demo.ReferencePath {
			t.Errorf("UPDATED_AT: last = %s, want the reference page (updated in 2014)", walked[len(walked)-1])
		}
	}
}

func TestNodeRoundTrip(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got referencePage
	b.query(t, referenceQuery, map[string]any{"path": demo.ReferencePath}, &got)
	var node struct {
		Node struct {
			Typename string `json:"__typename"`
			Title    string
		}
	}
	b.query(t, `query($id: ID!) { node(id: $id) { __typename ... on Page { title } } }`, map[string]any{"id": got.Page.ID}, &node)
	if node.Node.Typename != "Page" || node.Node.Title != got.Page.Title {
		t.Errorf("node(%s) = %+v", got.Page.ID, node.Node)
	}
}
