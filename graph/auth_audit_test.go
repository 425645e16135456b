package graph_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/radhus/radhus/internal/content"
)

type auditRow struct {
	ActorID, ActorEmail, Action, Kind string
	ItemID                            int64
}

func (b *bundle) auditSince(t *testing.T, after int64) []auditRow {
	t.Helper()
	rows, err := b.pool.Query(t.Context(), `SELECT actor_id, actor_email, action, item_kind, item_id FROM audit_log WHERE id > $1 ORDER BY id`, after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.ActorID, &r.ActorEmail, &r.Action, &r.Kind, &r.ItemID); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func (b *bundle) lastAuditID(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := b.pool.QueryRow(t.Context(), `SELECT coalesce(max(id), 0) FROM audit_log`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestAccountChangesAreAudited: sign-in, sign-out, a reused refresh token,
// user management and preview tokens each leave an entry naming who did it.
func TestAccountChangesAreAudited(t *testing.T) {
	t.Parallel()
	b := setup(t)
	adminUser := b.newUser(t, content.RoleAdmin)
	admin := b.tokenOf(t, adminUser)
	editor := b.newUser(t, content.RoleEditor)
	from := b.lastAuditID(t)
	var d loginData
	b.query(t, loginMutation, map[string]any{"e": editor.Email, "p": testPassword}, &d)
	b.query(t, `mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }`, map[string]any{"t": d.Login.RefreshToken}, &struct{}{})
	b.do(t, `mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }`, map[string]any{"t": d.Login.RefreshToken})
	b.query(t, loginMutation, map[string]any{"e": editor.Email, "p": testPassword}, &d)
	b.query(t, `mutation($t: String!) { logout(refreshToken: $t) }`, map[string]any{"t": d.Login.RefreshToken}, &struct{}{})

	r := b.doAs(t, admin, `mutation { createUser(input: {email: "new@test.radhus.example", password: "a long enough password", role: EDITOR}) { user { id } } }`, nil)
	var created struct {
		CreateUser struct{ User struct{ ID string } }
	}
	decode(t, r, &created)
	newID, err := content.ParseIDOf("id", content.KindUser, created.CreateUser.User.ID)
	if err != nil {
		t.Fatalf("createUser: %v %+v", err, r.Errors)
	}
	if r := b.doAs(t, admin, `mutation($id: ID!) { updateUser(id: $id, input: {role: PUBLISHER}) { user { id } } }`,
		map[string]any{"id": created.CreateUser.User.ID}); r.code(t) != "" {
		t.Fatal(r.Errors)
	}
	page := firstPageID(t, b)
	pageID, _ := content.ParseIDOf("id", content.KindPage, page)
	if r := b.doAs(t, admin, `mutation($id: ID!) { createPreviewToken(pageId: $id) { token } }`, map[string]any{"id": page}); r.code(t) != "" {
		t.Fatal(r.Errors)
	}
	// A preview of a page that does not exist is refused, and not recorded.
	if code := b.doAs(t, admin, `mutation($id: ID!) { createPreviewToken(pageId: $id) { token } }`,
		map[string]any{"id": content.GlobalID(content.KindPage, 999999)}).code(t); code != content.ENOTFOUND {
		t.Errorf("preview of a missing page: code %q, want NOT_FOUND", code)
	}

	ed := content.UserActorID(editor.ID)
	ad := content.UserActorID(adminUser.ID)
	want := []auditRow{
		{ed, editor.Email, content.ActionLogin, content.KindUser, editor.ID},
		{ed, editor.Email, content.ActionEndSession, content.KindUser, editor.ID},
		{ed, editor.Email, content.ActionLogin, content.KindUser, editor.ID},
		{ed, editor.Email, content.ActionLogout, content.KindUser, editor.ID},
		{ad, adminUser.Email, content.ActionCreate, content.KindUser, newID},
		{ad, adminUser.Email, content.ActionUpdate, content.KindUser, newID},
		{ad, adminUser.Email, content.ActionCreatePreview, content.KindPage, pageID},
	}
	if diff := cmp.Diff(want, b.auditSince(t, from)); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
}
