package graph_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/demo"
)

// Drafts are read with an editor's token and preview: true, or with a preview
// token for that one page; anonymous readers get a draft's path answered like
// a path that does not exist.
func TestPreviewReadsDrafts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	editor := b.signIn(t, content.RoleEditor)
	var created struct {
		CreatePage struct{ Page struct{ ID, Path string } }
	}
	b.queryAs(t, editor, `mutation { createPage(input: {title: "Sommarläsning för barn", parentId: "`+pageGID(demoLibrary)+`",
		blocks: [{type: HEADING, text: "Läs i sommar", level: 2}]}) { page { id path } } }`, nil, &created)
	path := created.CreatePage.Page.Path
	if path != "/kultur-och-fritid/bibliotek/sommarlasning-for-barn" {
		t.Fatalf("path = %q, want the slug folded from the title", path)
	}
	const q = `query($p: String!, $preview: Boolean) { page(path: $p, preview: $preview) { title breadcrumbs { title } } }`
	draft := map[string]any{"p": path, "preview": true}

	var got struct {
		Page struct {
			Title       string
			Breadcrumbs []struct{ Title string }
		}
	}
	b.queryAs(t, editor, q, draft, &got)
	if got.Page.Title != "Sommarläsning för barn" || len(got.Page.Breadcrumbs) != 3 {
		t.Errorf("editor's preview = %+v", got.Page)
	}
	missing := b.do(t, q, map[string]any{"p": "/kultur-och-fritid/finns-inte"})
	public := b.do(t, q, map[string]any{"p": path})
	if public.code(t) != content.ENOTFOUND || public.Errors[0].Message != missing.Errors[0].Message {
		t.Errorf("anonymous read of a draft's path = %+v, want what a missing path gets: %+v", public.Errors, missing.Errors)
	}
	if r := b.do(t, q, draft); r.code(t) != content.EUNAUTHORIZED {
		t.Errorf("anonymous preview: %+v, want UNAUTHENTICATED", r.Errors)
	}

	// A preview token reads its own page's draft and nothing else.
	var tok struct {
		CreatePreviewToken struct{ Token string }
	}
	b.queryAs(t, editor, `mutation($id: ID!) { createPreviewToken(pageId: $id) { token } }`,
		map[string]any{"id": created.CreatePage.Page.ID}, &tok)
	preview := tok.CreatePreviewToken.Token
	b.queryAs(t, preview, q, draft, &got)
	if got.Page.Title != "Sommarläsning för barn" {
		t.Errorf("preview token read = %+v", got.Page)
	}
	other := b.newDraft(t, demoCulture, "utkast")
	if r := b.doAs(t, preview, q, map[string]any{"p": other.Path, "preview": true}); r.code(t) != content.ENOTFOUND {
		t.Errorf("preview token on another draft: %+v, want NOT_FOUND", r.Errors)
	}
	r := b.doAs(t, preview, `query($p: String!) { page(path: $p, preview: true) { title } menu(preview: true) { title } }`,
		map[string]any{"p": path})
	for _, e := range r.Errors {
		if e.Extensions.Code != content.EFORBIDDEN {
			t.Errorf("preview token reading more than its page: %+v, want FORBIDDEN", r.Errors)
		}
	}
	if len(r.Errors) == 0 {
		t.Error("a preview token read the draft menu")
	}
}

// Publishing keeps revisions with author and time; restoring one makes it the
// draft again; the audit log has every change and only admins read it.
func TestRevisionsAndAuditLog(t *testing.T) {
	t.Parallel()
	b := setup(t)
	publisher := b.signIn(t, content.RolePublisher)
	admin := b.signIn(t, content.RoleAdmin)
	id, v := pageGID(demoReference), b.draftOf(t, demoReference).Version
	do := func(token, q string, vars map[string]any, out any) {
		t.Helper()
		b.queryAs(t, token, q, vars, out)
	}
	var saved struct {
		UpdatePage  struct{ Page struct{ Version int } }
		PublishPage struct{ Page struct{ Version int } }
	}
	do(publisher, `mutation($id: ID!, $v: Int!) { updatePage(id: $id, expectedVersion: $v, input: {title: "Biblioteket efter dialogen"}) { page { version } } }`,
		map[string]any{"id": id, "v": v}, &saved)
	do(publisher, `mutation($id: ID!, $v: Int!) { publishPage(id: $id, expectedVersion: $v) { page { version } } }`,
		map[string]any{"id": id, "v": saved.UpdatePage.Page.Version}, &saved)

	var revs struct {
		Revisions struct {
			Nodes []struct {
				ID, Title, Reason string
				Version           int
				Author            struct{ Email string }
			}
		}
	}
	do(publisher, `query($id: ID!) { revisions(id: $id) { nodes { id title reason version author { email } createdAt } } }`,
		map[string]any{"id": id}, &revs)
	n := revs.Revisions.Nodes
	if len(n) != 2 || n[0].Title != "Biblioteket efter dialogen" || n[1].Title != "Medborgardialogen om biblioteket" ||
		n[0].Reason != "publish" || n[0].Version != saved.PublishPage.Page.Version || n[0].Author.Email == "" || n[1].Author.Email != "" {
		t.Fatalf("revisions = %+v, want the new one by the publisher, then the demo's", n)
	}
	var restored struct {
		RestoreRevision struct{ Page struct{ Title string } }
	}
	do(publisher, `mutation($r: ID!, $v: Int!) { restoreRevision(revisionId: $r, expectedVersion: $v) { page { title } } }`,
		map[string]any{"r": n[1].ID, "v": saved.PublishPage.Page.Version}, &restored)
	if restored.RestoreRevision.Page.Title != "Medborgardialogen om biblioteket" {
		t.Errorf("restored draft = %+v", restored.RestoreRevision.Page)
	}
	var public struct{ Page struct{ Title string } }
	b.query(t, `query($p: String!) { page(path: $p) { title } }`, map[string]any{"p": demo.ReferencePath}, &public)
	if public.Page.Title != "Biblioteket efter dialogen" {
		t.Errorf("public title after restoring a revision = %q, want the published one until it is published", public.Page.Title)
	}

	const logQuery = `query($id: ID) { auditLog(itemId: $id) { nodes { action actorEmail itemId version summary } } }`
	if r := b.doAs(t, publisher, logQuery, map[string]any{"id": id}); r.code(t) != content.EFORBIDDEN {
		t.Errorf("audit log for a publisher: %+v, want FORBIDDEN", r.Errors)
	}
	var log struct {
		AuditLog struct {
			Nodes []struct {
				Action, ActorEmail, ItemID, Summary string
				Version                             *int
			}
		}
	}
	do(admin, logQuery, map[string]any{"id": id}, &log)
	var actions []string
	for _, e := range log.AuditLog.Nodes {
		actions = append(actions, e.Action)
		if e.ItemID != id {
			t.Errorf("entry of %s in the log of %s", e.ItemID, id)
		}
	}
	want := []string{"restoreRevision", "publish", "update", "publish", "create"}
	if len(actions) != len(want) {
		t.Fatalf("audit actions = %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Errorf("audit actions = %v, want %v", actions, want)
			break
		}
	}
	if e := log.AuditLog.Nodes[0]; e.ActorEmail == "" || e.Version == nil || *e.Version != saved.PublishPage.Page.Version+1 {
		t.Errorf("latest entry = %+v", e)
	}
}

// Deleting moves a page to the trash (a page with pages below it stays), and
// restoring brings back its draft; bad input names the field.
func TestDeleteRestoreAndBadInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	editor := b.signIn(t, content.RolePublisher)
	call := func(q string, vars map[string]any) response {
		t.Helper()
		return b.doAs(t, editor, q, vars)
	}
	const del = `mutation($id: ID!, $v: Int!) { deletePage(id: $id, expectedVersion: $v) { id } }`
	lib := b.draftOf(t, demoLibrary)
	if r := call(del, idVersion(lib)); r.code(t) != content.ECONFLICT {
		t.Errorf("delete a page with pages below: %+v, want CONFLICT", r.Errors)
	}
	ref := b.draftOf(t, demoReference)
	if r := call(del, idVersion(ref)); r.code(t) != "" {
		t.Fatalf("delete: %+v", r.Errors)
	}
	if r := b.do(t, `query($p: String!) { page(path: $p) { title } }`, map[string]any{"p": demo.ReferencePath}); r.code(t) != content.ENOTFOUND {
		t.Errorf("deleted page: %+v, want NOT_FOUND", r.Errors)
	}
	var back struct {
		RestorePage struct {
			Page struct {
				Path    string
				Version int
				Blocks  []map[string]any
			}
		}
	}
	b.queryAs(t, editor, `mutation($id: ID!) { restorePage(id: $id) { page { path version blocks { __typename } } } }`,
		map[string]any{"id": pageGID(demoReference)}, &back)
	if p := back.RestorePage.Page; p.Path != demo.ReferencePath || len(p.Blocks) != 6 || p.Version != ref.Version+2 {
		t.Errorf("restored = %+v", p)
	}
	if r := call(`mutation($id: ID!) { restorePage(id: $id) { page { id } } }`, map[string]any{"id": pageGID(demoReference)}); r.code(t) != content.ENOTFOUND {
		t.Errorf("restore a page not in the trash: %+v, want NOT_FOUND", r.Errors)
	}

	for _, tt := range []struct {
		name, query, field string
		page               int64 // the page of $id and $v
		vars               map[string]any
	}{
		{"sibling slug", `mutation { createPage(input: {title: "Bibliotek", parentId: "` + pageGID(demoCulture) + `"}) { page { id } } }`, "input.slug", 0, nil},
		{"empty slug", `mutation { createPage(input: {title: "Ny", slug: "!!!"}) { page { id } } }`, "input.slug", 0, nil},
		{"english first", `mutation { createPage(input: {title: "News", locale: "en"}) { page { id } } }`, "input.locale", 0, nil},
		{"image alt", `mutation { createPage(input: {title: "Bilder", blocks: [{type: IMAGE, url: "https://example.se/a.png"}]}) { page { id } } }`, "input.blocks[0].alt", 0, nil},
		{"link scheme", `mutation { createPage(input: {title: "Länkar", blocks: [{type: LINK_LIST, links: [{title: "x", url: "javascript:alert(1)"}]}]}) { page { id } } }`, "input.blocks[0].links[0].url", 0, nil},
		{"unknown parent", `mutation { createPage(input: {title: "Ny", parentId: "` + pageGID(999) + `"}) { page { id } } }`, "input.parentId", 0, nil},
		{"unknown document", `mutation($id: ID!, $v: Int!) { setPageDocuments(id: $id, expectedVersion: $v, documentIds: ["` +
			content.GlobalID(content.KindDocument, 999) + `"]) { page { id } } }`, "documentIds[0]", demoReference, nil},
		{"below itself", `mutation($id: ID!, $v: Int!) { movePage(id: $id, expectedVersion: $v, parentId: "` + pageGID(demoReference) + `") { page { id } } }`, "parentId", demoLibrary, nil},
		{"remove Swedish", `mutation($id: ID!, $v: Int!) { updatePage(id: $id, expectedVersion: $v, input: {removeLocale: true}) { page { id } } }`, "input.removeLocale", demoReference, nil},
		{"title too long", `mutation($id: ID!, $v: Int!, $t: String!) { updatePage(id: $id, expectedVersion: $v, input: {title: $t}) { page { id } } }`, "input.title", demoReference,
			map[string]any{"t": strings.Repeat("å", 300)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]any{}
			for k, v := range tt.vars {
				vars[k] = v
			}
			if tt.page != 0 {
				p := b.draftOf(t, tt.page)
				vars["id"], vars["v"] = pageGID(p.ID), p.Version
			}
			before := b.snapshot(t)
			r := call(tt.query, vars)
			if r.code(t) != content.EINVALID || r.Errors[0].Extensions.Field != tt.field {
				t.Errorf("%+v, want BAD_USER_INPUT on %s", r.Errors, tt.field)
			}
			if diff := cmp.Diff(before, b.snapshot(t)); diff != "" {
				t.Errorf("refused input changed the database:\n%s", diff)
			}
		})
	}
}
