package graph_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/radhus/radhus/graph"
	"github.com/radhus/radhus/internal/content"
)

// mutationRoles returns every mutation of the schema with the minimum role its
// @hasRole names; public mutations get RoleNone and unannotated others are
// reported in missing.
func mutationRoles(t testing.TB) (roles map[string]content.Role, missing []string) {
	t.Helper()
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	roles = map[string]content.Role{}
	for _, f := range schema.Mutation.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		d := f.Directives.ForName("hasRole")
		switch {
		case d != nil && graph.PublicMutations[f.Name]:
			t.Errorf("mutation %s is public and has @hasRole: choose one", f.Name)
		case d != nil:
			arg := d.Arguments.ForName("role")
			if arg == nil || arg.Value.Kind != ast.EnumValue {
				t.Fatalf("mutation %s: @hasRole without a role", f.Name)
			}
			r, ok := content.ParseRole(arg.Value.Raw)
			if !ok {
				t.Fatalf("mutation %s: @hasRole(role: %s) names no role", f.Name, arg.Value.Raw)
			}
			roles[f.Name] = r
		case graph.PublicMutations[f.Name]:
			roles[f.Name] = content.RoleNone
		default:
			missing = append(missing, f.Name)
		}
	}
	sort.Strings(missing)
	return roles, missing
}

// TestEveryMutationHasARole walks every mutation of the schema: each names its
// minimum role with @hasRole or is on the short public list.
func TestEveryMutationHasARole(t *testing.T) {
	t.Parallel()
	roles, missing := mutationRoles(t)
	if len(missing) > 0 {
		t.Errorf("mutations with neither @hasRole nor a place in graph.PublicMutations: %s", strings.Join(missing, ", "))
	}
	for name := range graph.PublicMutations {
		if _, ok := roles[name]; !ok {
			t.Errorf("graph.PublicMutations names %s, which is no mutation", name)
		}
	}
	if len(roles) < 6 {
		t.Errorf("found %d mutations; the walk is not seeing the schema", len(roles))
	}
}

const loginMutation = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
	accessToken refreshToken expiresAt refreshExpiresAt user { id email role active } } }`

type loginData struct {
	Login struct {
		AccessToken, RefreshToken string
		ExpiresAt                 time.Time
		User                      struct{ ID, Email, Role string }
	}
	Refresh struct{ AccessToken, RefreshToken string }
}

const meQuery = `{ me { id email role } }`

type meData struct {
	Me *struct{ ID, Email, Role string }
}

func TestLoginRefreshLogout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := b.newUser(t, content.RolePublisher)

	// The e-mail matches in any letter case.
	var d loginData
	b.query(t, loginMutation, map[string]any{"e": strings.ToUpper(u.Email), "p": testPassword}, &d)
	if d.Login.User.Role != "PUBLISHER" || d.Login.User.Email != u.Email {
		t.Errorf("login user = %+v, want %s PUBLISHER", d.Login.User, u.Email)
	}
	if got, want := d.Login.ExpiresAt.Sub(b.clock.Now()), 15*time.Minute; got < want-time.Second || got > want+time.Second {
		t.Errorf("access token lives %v, want %v", got, want)
	}
	var me meData
	r := b.doAs(t, d.Login.AccessToken, meQuery, nil)
	if r.code(t) != "" {
		t.Fatalf("me with the access token: %+v", r.Errors)
	}
	decode(t, r, &me)
	if me.Me == nil || me.Me.Email != u.Email || me.Me.Role != "PUBLISHER" {
		t.Errorf("me = %+v, want %s", me.Me, u.Email)
	}

	// Refresh rotates: the new refresh token works, the old one ends the
	// session, and with it the access tokens issued in it.
	const refresh = `mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }`
	var d2 loginData
	b.query(t, refresh, map[string]any{"t": d.Login.RefreshToken}, &d2)
	if d2.Refresh.RefreshToken == d.Login.RefreshToken || d2.Refresh.AccessToken == "" {
		t.Fatalf("refresh returned %+v", d2.Refresh)
	}
	if code := b.doAs(t, d2.Refresh.AccessToken, meQuery, nil).code(t); code != "" {
		t.Fatalf("me with the refreshed token: %s", code)
	}
	if code := b.doAs(t, "", refresh, map[string]any{"t": d.Login.RefreshToken}).code(t); code != content.EUNAUTHORIZED {
		t.Errorf("reusing a refresh token: code %q, want UNAUTHENTICATED", code)
	}
	if code := b.doAs(t, "", refresh, map[string]any{"t": d2.Refresh.RefreshToken}).code(t); code != content.EUNAUTHORIZED {
		t.Errorf("refresh after reuse ended the session: code %q, want UNAUTHENTICATED", code)
	}
	if r := b.doAs(t, d2.Refresh.AccessToken, meQuery, nil); r.code(t) != content.EUNAUTHORIZED || r.status != http.StatusUnauthorized {
		t.Errorf("access token of an ended session: HTTP %d %+v, want 401 UNAUTHENTICATED", r.status, r.Errors)
	}

	// Logout ends a fresh session at once.
	b.query(t, loginMutation, map[string]any{"e": u.Email, "p": testPassword}, &d)
	b.query(t, `mutation($t: String!) { logout(refreshToken: $t) }`, map[string]any{"t": d.Login.RefreshToken}, &struct{}{})
	if code := b.doAs(t, d.Login.AccessToken, meQuery, nil).code(t); code != content.EUNAUTHORIZED {
		t.Errorf("access token after logout: code %q, want UNAUTHENTICATED", code)
	}
	if code := b.doAs(t, "", refresh, map[string]any{"t": d.Login.RefreshToken}).code(t); code != content.EUNAUTHORIZED {
		t.Errorf("refresh after logout: code %q, want UNAUTHENTICATED", code)
	}

	// Anonymous: me is null.
	b.query(t, meQuery, nil, &me)
	if me.Me != nil {
		t.Errorf("anonymous me = %+v, want null", me.Me)
	}
}

func TestLoginFailuresLookAlike(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := b.newUser(t, content.RoleEditor)
	off := b.newUser(t, content.RoleEditor)
	if _, err := b.accounts.UpdateUser(t.Context(), off.ID, content.UserChange{Active: ptr(false)}, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, c := range []struct{ email, password string }{
		{u.Email, "wrong password of some length"},
		{"nobody@test.radhus.example", testPassword},
		{off.Email, testPassword},
		{u.Email, ""},
	} {
		r := b.do(t, loginMutation, map[string]any{"e": c.email, "p": c.password})
		if r.code(t) != content.EUNAUTHORIZED {
			t.Errorf("login(%s, %q): %+v, want UNAUTHENTICATED", c.email, c.password, r.Errors)
			continue
		}
		msgs = append(msgs, r.Errors[0].Message)
	}
	for _, m := range msgs[1:] {
		if m != msgs[0] {
			t.Errorf("failed sign-ins answer differently: %q and %q", msgs[0], m)
		}
	}
}

func TestLoginRateLimited(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := b.newUser(t, content.RoleEditor)
	vars := map[string]any{"e": u.Email, "p": "not the password at all"}
	for i := range 5 {
		if code := b.do(t, loginMutation, vars).code(t); code != content.EUNAUTHORIZED {
			t.Fatalf("attempt %d: code %q, want UNAUTHENTICATED", i+1, code)
		}
	}
	// The right password does not get through either: the account is limited.
	vars["p"] = testPassword
	r := b.doAs(t, "", loginMutation, vars)
	if r.code(t) != content.ETOOMANYREQUESTS {
		t.Fatalf("sixth attempt: %+v, want TOO_MANY_REQUESTS", r.Errors)
	}
	if ra := r.header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After = %q, want seconds", ra)
	}
	// Another account from the same address still gets through, until the
	// address's own limit.
	other := b.newUser(t, content.RoleEditor)
	if code := b.do(t, loginMutation, map[string]any{"e": other.Email, "p": testPassword}).code(t); code != "" {
		t.Errorf("another account: code %q, want success", code)
	}
	// Time heals.
	b.clock.set(b.clock.Now().Add(time.Minute))
	if code := b.do(t, loginMutation, vars).code(t); code != "" {
		t.Errorf("a minute later: code %q, want success", code)
	}
	// Per address: many accounts, one address.
	limited := false
	for i := range 30 {
		r := b.do(t, loginMutation, map[string]any{"e": "someone" + string(rune('a'+i)) + "@test.radhus.example", "p": "x"})
		if r.code(t) == content.ETOOMANYREQUESTS {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("30 attempts from one address in an instant were not limited")
	}
}

func decode(t testing.TB, r response, out any) {
	t.Helper()
	if err := jsonUnmarshal(r.Data, out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
}

func ptr[T any](v T) *T { return &v }

// A session can be refreshed for SessionTTL (30 days), not longer, and a
// refresh token not used within RefreshTTL (24 hours) expires.
func TestSessionLifetime(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := b.newUser(t, content.RoleEditor)
	s, err := b.auth.StartSession(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	const refresh = `mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }`
	start := b.clock.Now()
	tok := s.RefreshToken
	for b.clock.Now().Sub(start) < 30*24*time.Hour-20*time.Hour {
		b.clock.set(b.clock.Now().Add(20 * time.Hour))
		var d loginData
		b.query(t, refresh, map[string]any{"t": tok}, &d)
		tok = d.Refresh.RefreshToken
	}
	b.clock.set(b.clock.Now().Add(20 * time.Hour))
	if code := b.do(t, refresh, map[string]any{"t": tok}).code(t); code != content.EUNAUTHORIZED {
		t.Errorf("refresh of a session older than 30 days: code %q, want UNAUTHENTICATED", code)
	}
	// Spent tokens are forgotten once expired: the session keeps a few rows.
	var n int
	if err := b.pool.QueryRow(t.Context(), `SELECT count(*) FROM refresh_tokens`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > 3 {
		t.Errorf("%d refresh tokens kept after a month of refreshes, want at most 3", n)
	}

	s, err = b.auth.StartSession(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	b.clock.set(b.clock.Now().Add(25 * time.Hour))
	if code := b.do(t, refresh, map[string]any{"t": s.RefreshToken}).code(t); code != content.EUNAUTHORIZED {
		t.Errorf("refresh token unused for 25 hours: code %q, want UNAUTHENTICATED", code)
	}
}
