package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/postgres"
)

// The demo pages, by ID (in the order the demo creates them).
const (
	demoCulture      = 1
	demoMunicipality = 2
	demoLibrary      = 4
	demoReference    = 6
)

func pageGID(id int64) string { return content.GlobalID(content.KindPage, id) }

// draftOf returns a page's draft.
func (b *bundle) draftOf(t testing.TB, id int64) *content.Page {
	t.Helper()
	key := content.PageKey{ID: id, Locale: "sv"}
	found, err := b.store.Drafts().PagesByKey(context.Background(), []content.PageKey{key})
	if err != nil || found[key] == nil {
		t.Fatalf("draft of page %d: %v", id, err)
	}
	return found[key]
}

// newDraft creates a draft page below parent (0: the top).
func (b *bundle) newDraft(t testing.TB, parent int64, slug string) *content.Page {
	t.Helper()
	p, err := b.store.CreatePageDraft(context.Background(), b.pool, &content.PageDraft{ParentID: parent, Position: 9,
		Variants: []content.PageVariant{{Locale: "sv", Slug: slug, Title: "Sida " + slug}}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newPublished creates and publishes a page below parent.
func (b *bundle) newPublished(t testing.TB, parent int64, slug string) *content.Page {
	t.Helper()
	p := b.newDraft(t, parent, slug)
	p, err := b.store.PublishPage(context.Background(), b.pool, p.ID, p.Version)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var slugSeq atomic.Int64

func uniqueSlug(prefix string) string { return fmt.Sprintf("%s-%d", prefix, slugSeq.Add(1)) }

func idVersion(p *content.Page) map[string]any {
	return map[string]any{"id": pageGID(p.ID), "v": p.Version}
}

// The cases of the page mutations in the authorization matrix.
func init() {
	registerMutation("createPage", mutationCase{
		query: `mutation($t: String!) { createPage(input: {title: $t, locale: "sv"}) { page { id path version } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return map[string]any{"t": fmt.Sprintf("Nyheter i Karlskoga %d", slugSeq.Add(1))}
		},
	})
	registerMutation("updatePage", mutationCase{
		query: `mutation($id: ID!, $v: Int!) { updatePage(id: $id, expectedVersion: $v, input: {title: "Ny rubrik"}) { page { version } } }`,
		vars:  func(t *testing.T, b *bundle) map[string]any { return idVersion(b.draftOf(t, demoReference)) },
	})
	registerMutation("movePage", mutationCase{
		query: `mutation($id: ID!, $v: Int!, $p: ID) { movePage(id: $id, expectedVersion: $v, parentId: $p) { page { path } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			m := idVersion(b.draftOf(t, demoReference))
			m["p"] = pageGID(demoMunicipality)
			return m
		},
	})
	registerMutation("reorderPages", mutationCase{
		query: `mutation($p: ID, $ids: [ID!]!, $vs: [Int!]!) { reorderPages(parentId: $p, pageIds: $ids, expectedVersions: $vs) { pages { id } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return map[string]any{"p": pageGID(demoLibrary), "ids": []string{pageGID(demoReference), pageGID(5)},
				"vs": []int{b.draftOf(t, demoReference).Version, b.draftOf(t, 5).Version}}
		},
	})
	registerMutation("setPageDocuments", mutationCase{
		query: `mutation($id: ID!, $v: Int!) { setPageDocuments(id: $id, expectedVersion: $v, documentIds: []) { page { version } } }`,
		vars:  func(t *testing.T, b *bundle) map[string]any { return idVersion(b.draftOf(t, demoReference)) },
	})
	registerMutation("setPageContacts", mutationCase{
		query: `mutation($id: ID!, $v: Int!) { setPageContacts(id: $id, expectedVersion: $v, contactIds: []) { page { version } } }`,
		vars:  func(t *testing.T, b *bundle) map[string]any { return idVersion(b.draftOf(t, demoReference)) },
	})
	registerMutation("deletePage", mutationCase{
		query: `mutation($id: ID!, $v: Int!) { deletePage(id: $id, expectedVersion: $v) { id } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return idVersion(b.newPublished(t, demoLibrary, uniqueSlug("gammal")))
		},
	})
	registerMutation("restorePage", mutationCase{
		query: `mutation($id: ID!) { restorePage(id: $id) { page { path } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			p := b.newDraft(t, 0, uniqueSlug("papperskorg"))
			if err := b.store.DeletePage(context.Background(), b.pool, p.ID, p.Version); err != nil {
				t.Fatal(err)
			}
			return map[string]any{"id": pageGID(p.ID)}
		},
	})
	registerMutation("publishPage", mutationCase{
		query: `mutation($id: ID!, $v: Int!) { publishPage(id: $id, expectedVersion: $v) { page { path publishedAt } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return idVersion(b.newDraft(t, demoCulture, uniqueSlug("evenemang")))
		},
	})
	registerMutation("unpublishPage", mutationCase{
		query: `mutation($id: ID!, $v: Int!) { unpublishPage(id: $id, expectedVersion: $v) { page { path } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return idVersion(b.newPublished(t, demoCulture, uniqueSlug("tillfallig")))
		},
	})
	registerMutation("restoreRevision", mutationCase{
		query: `mutation($r: ID!, $v: Int!) { restoreRevision(revisionId: $r, expectedVersion: $v) { page { title } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			revs, err := b.store.PageRevisions(context.Background(), b.pool, demoReference, content.PageRequest{First: 1})
			if err != nil || len(revs.Items) == 0 {
				t.Fatalf("revisions: %v", err)
			}
			return map[string]any{"r": revs.Items[0].GlobalID(), "v": b.draftOf(t, demoReference).Version}
		},
	})
}

const publicView = `query($path: String!) {
	page(path: $path) { title path breadcrumbs { title path }
		blocks { __typename ... on HeadingBlock { text } }
		documents { title } contacts { name } }
	menu(depth: 3) { title path children { title path children { title path } } } }`

type publicPage struct {
	Page struct {
		Title, Path string
		Breadcrumbs []struct{ Title, Path string }
		Blocks      []struct {
			Typename string `json:"__typename"`
			Text     string
		}
		Documents []struct{ Title string }
		Contacts  []struct{ Name string }
	}
	Menu json.RawMessage
}

// A draft move, a draft block edit and a draft relation change leave the
// public page, menu and breadcrumbs as they were (a cached response stays a
// hit); publishing shows them all at once, and the old path says where the
// page went.
func TestDraftChangesShowWhenPublished(t *testing.T) {
	t.Parallel()
	b := setupCached(t)
	editor := b.signIn(t, content.RolePublisher)
	probe := listenProbe(t, b)
	vars := map[string]any{"path": demo.ReferencePath}
	before, verdict := b.post(t, publicView, vars, nil)
	if verdict != "miss" {
		t.Fatalf("first public read: cache %q", verdict)
	}

	ref := b.draftOf(t, demoReference)
	v := ref.Version
	mutate := func(query string, extra map[string]any) {
		t.Helper()
		vs := map[string]any{"id": pageGID(demoReference), "v": v}
		for k, x := range extra {
			vs[k] = x
		}
		r := b.doAs(t, editor, query, vs)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", query, r.Errors)
		}
		v++
	}
	mutate(`mutation($id: ID!, $v: Int!, $p: ID) { movePage(id: $id, expectedVersion: $v, parentId: $p) { page { path } } }`,
		map[string]any{"p": pageGID(demoMunicipality)})
	mutate(`mutation($id: ID!, $v: Int!) { updatePage(id: $id, expectedVersion: $v, input: {
		blocks: [{type: HEADING, text: "Vad händer nu?", level: 2}, {type: RICH_TEXT, html: "<p>Arbetet börjar.</p><script>x()</script>"}] }) { page { version } } }`, nil)
	mutate(`mutation($id: ID!, $v: Int!) { setPageDocuments(id: $id, expectedVersion: $v, documentIds: []) { page { version } } }`, nil)
	mutate(`mutation($id: ID!, $v: Int!) { setPageContacts(id: $id, expectedVersion: $v, contactIds: []) { page { version } } }`, nil)

	if probe.contentNotified(t) {
		t.Error("draft changes notified the content channel")
	}
	after, verdict := b.post(t, publicView, vars, nil)
	if verdict != "hit" || after != before {
		t.Errorf("public read after draft changes: cache %q, same %v; want a hit with the same body", verdict, after == before)
	}
	// Uncached (a credentialed read of the public state) it is the same too.
	var got publicPage
	b.queryAs(t, editor, publicView, vars, &got)
	var want publicPage
	json.Unmarshal([]byte(before), &struct{ Data *publicPage }{&want})
	if got.Page.Path != demo.ReferencePath || len(got.Page.Breadcrumbs) != 3 || len(got.Page.Documents) != 1 ||
		len(got.Page.Contacts) != 1 || len(got.Page.Blocks) != 6 || string(got.Menu) != string(want.Menu) {
		t.Errorf("public state changed by drafts: %+v", got.Page)
	}

	// Publishing shows everything at once.
	r := b.doAs(t, editor, `mutation($id: ID!, $v: Int!) { publishPage(id: $id, expectedVersion: $v) { page { path version } } }`,
		map[string]any{"id": pageGID(demoReference), "v": v})
	if len(r.Errors) > 0 {
		t.Fatalf("publish: %+v", r.Errors)
	}
	newPath := "/kommun-och-politik/medborgardialogen-om-biblioteket"
	deadline := time.Now().Add(5 * time.Second)
	for {
		body, _ := b.post(t, publicView, map[string]any{"path": newPath}, nil)
		var resp struct {
			Data   *publicPage
			Errors []gqlError
		}
		json.Unmarshal([]byte(body), &resp)
		if resp.Data != nil && resp.Data.Page.Path == newPath {
			p := resp.Data.Page
			if len(p.Breadcrumbs) != 2 || p.Breadcrumbs[0].Title != "Kommun och politik" || len(p.Documents) != 0 ||
				len(p.Contacts) != 0 || len(p.Blocks) != 2 || p.Blocks[0].Text != "Vad händer nu?" ||
				!strings.Contains(string(resp.Data.Menu), newPath) || strings.Contains(string(resp.Data.Menu), demo.ReferencePath) {
				t.Errorf("published page and menu = %+v / %s, want every change at once", p, resp.Data.Menu)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the published page is not served 5 s after publishing: %.300s", body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The rich text was sanitised on the way in.
	var html struct {
		Page struct {
			Blocks []struct{ HTML string }
		}
	}
	b.query(t, `query($p: String!) { page(path: $p) { blocks { ... on RichTextBlock { html } } } }`, map[string]any{"p": newPath}, &html)
	if h := html.Page.Blocks[1].HTML; strings.Contains(h, "script") || !strings.Contains(h, "Arbetet börjar.") {
		t.Errorf("stored rich text = %q", h)
	}
	// The old path says where the page lives now.
	old := b.do(t, `query($path: String!) { page(path: $path) { title } }`, vars)
	if len(old.Errors) != 1 || old.Errors[0].Extensions.Code != "MOVED_PERMANENTLY" || old.Errors[0].Extensions.Location != newPath {
		t.Errorf("old path: %+v, want MOVED_PERMANENTLY to %s", old.Errors, newPath)
	}
}

// probe tells whether changes notified the content channel: it listens to the
// channel and to a probe channel; a probe sent after a commit arrives after
// every notification of that commit.
type probe struct {
	conn *pgx.Conn
	b    *bundle
}

func listenProbe(t *testing.T, b *bundle) *probe {
	t.Helper()
	conn, err := pgx.ConnectConfig(context.Background(), b.pool.Config().ConnConfig.Copy())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	for _, ch := range []string{postgres.ContentChannel, "radhus_probe"} {
		if _, err := conn.Exec(context.Background(), "LISTEN "+ch); err != nil {
			t.Fatal(err)
		}
	}
	return &probe{conn: conn, b: b}
}

func (p *probe) contentNotified(t *testing.T) bool {
	t.Helper()
	if _, err := p.b.pool.Exec(context.Background(), "NOTIFY radhus_probe"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := false
	for {
		n, err := p.conn.WaitForNotification(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n.Channel == "radhus_probe" {
			return got
		}
		got = true
	}
}

// queryAs runs a query with a token that must succeed.
func (b *bundle) queryAs(t *testing.T, token, query string, vars map[string]any, out any) {
	t.Helper()
	r := b.doAs(t, token, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("query errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
}

// Two editors save the same page from the same version at the same time, a
// thousand times: each time one wins, the other gets CONFLICT with the
// winner's version, and the winner's change is what the draft holds.
func TestConcurrentSavesLoseNoUpdate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tokens := []string{b.signIn(t, content.RoleEditor), b.signIn(t, content.RoleEditor)}
	const rounds = 1000
	const save = `mutation($id: ID!, $v: Int!, $t: String!) { updatePage(id: $id, expectedVersion: $v, input: {summary: $t}) { page { version summary } } }`
	v := b.draftOf(t, demoReference).Version
	start := v
	var conflicts, wins int
	var last string
	for round := 0; round < rounds; round++ {
		var wg sync.WaitGroup
		results := make([]response, 2)
		for e := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[e] = b.doAs(t, tokens[e], save, map[string]any{"id": pageGID(demoReference), "v": v,
					"t": fmt.Sprintf("runda %d, redaktör %d", round, e)})
			}()
		}
		wg.Wait()
		winner := -1
		for e, r := range results {
			switch {
			case len(r.Errors) == 0:
				if winner >= 0 {
					t.Fatalf("round %d: both saves from version %d succeeded", round, v)
				}
				winner = e
				// The answer is the draft as saved, read after the commit.
				var saved struct {
					UpdatePage struct {
						Page struct {
							Version int
							Summary string
						}
					}
				}
				json.Unmarshal(r.Data, &saved)
				if want := fmt.Sprintf("runda %d, redaktör %d", round, e); saved.UpdatePage.Page.Summary != want || saved.UpdatePage.Page.Version != v+1 {
					t.Fatalf("round %d: saved %+v, want %q at version %d", round, saved.UpdatePage.Page, want, v+1)
				}
			case r.Errors[0].Extensions.Code == "CONFLICT":
				if r.Errors[0].Extensions.CurrentVersion != v+1 {
					t.Fatalf("round %d: CONFLICT names version %d, want %d", round, r.Errors[0].Extensions.CurrentVersion, v+1)
				}
				conflicts++
			default:
				t.Fatalf("round %d: editor %d: %+v", round, e, r.Errors)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: neither save succeeded", round)
		}
		wins++
		last = fmt.Sprintf("runda %d, redaktör %d", round, winner)
		v++
	}
	if d := b.draftOf(t, demoReference); d.Summary != last || d.Version != v {
		t.Errorf("draft holds %q at version %d, want the last winner's %q at %d", d.Summary, d.Version, last, v)
	}
	var audited int
	if err := b.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE item_kind = 'Page' AND item_id = $1 AND action = 'update'`,
		demoReference).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if wins != rounds || conflicts != rounds || v != start+rounds || audited != rounds {
		t.Errorf("%d rounds: %d wins, %d conflicts, version %d→%d, %d audit entries; want one each per round", rounds, wins, conflicts, start, v, audited)
	}
	t.Logf("%d rounds: %d saved, %d refused with CONFLICT, 0 lost", rounds, wins, conflicts)
}
