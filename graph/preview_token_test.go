package graph_test

import (
	"net/http"
	"testing"

	"github.com/radhus/radhus/internal/content"
)

// A preview token is checked against its minter at every request, as an access
// token is: once the editor who minted it is deactivated it stops working, and
// it works again if they are reactivated (it is not revoked, only refused).
func TestPreviewTokenEndsWithItsEditor(t *testing.T) {
	t.Parallel()
	b := setup(t)
	admin := b.signIn(t, content.RoleAdmin)
	u := b.newUser(t, content.RoleEditor)
	editor := b.tokenOf(t, u)
	page := b.newDraft(t, demoLibrary, uniqueSlug("forhandsvisning"))
	var tok struct{ CreatePreviewToken struct{ Token string } }
	b.queryAs(t, editor, `mutation($id: ID!) { createPreviewToken(pageId: $id) { token } }`,
		map[string]any{"id": pageGID(page.ID)}, &tok)
	preview := tok.CreatePreviewToken.Token
	const q = `query($p: String!) { page(path: $p, preview: true) { title } }`
	vars := map[string]any{"p": page.Path}
	read := func() response { t.Helper(); return b.doAs(t, preview, q, vars) }
	if r := read(); r.code(t) != "" {
		t.Fatalf("preview token of an active editor: %+v, want the draft", r.Errors)
	}

	const update = `mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { user { active } } }`
	setActive := func(on bool) {
		t.Helper()
		if r := b.doAs(t, admin, update, map[string]any{"id": u.GlobalID(), "in": map[string]any{"active": on}}); r.code(t) != "" {
			t.Fatal(r.Errors)
		}
	}
	setActive(false)
	if r := read(); r.status != http.StatusUnauthorized || r.code(t) != content.EUNAUTHORIZED || len(r.Data) > 0 && string(r.Data) != "null" {
		t.Fatalf("preview token of a deactivated editor: HTTP %d %+v %s, want 401 UNAUTHENTICATED", r.status, r.Errors, r.Data)
	}
	setActive(true)
	if r := read(); r.code(t) != "" {
		t.Errorf("preview token after reactivation: %+v, want the draft", r.Errors)
	}
}
