package graph_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/radhus/radhus/internal/content"
)

// mutationCase says how the authorization matrix calls one mutation.
type mutationCase struct {
	// query is the operation, e.g. `mutation($id: ID!) { deletePage(id: $id) { id } }`.
	query string
	// vars returns the variables of one call, creating what the call needs
	// (a new page to delete, say); nil for no variables. It runs before each
	// of the four calls, on one bundle with the demo content, and before the
	// database is compared, so what it writes does not count. The calls come
	// in the order anonymous, EDITOR, PUBLISHER, ADMIN, so the allowed ones
	// come last: each must succeed after the ones before it, so vars should
	// give every call its own item (or e-mail, slug...).
	vars func(t *testing.T, b *bundle) map[string]any
	// file, when set, is sent as variable $file of a multipart request
	// (uploads).
	file []byte
}

// mutationCases has an entry for every mutation of the schema, registered by
// the test file of its area with registerMutation; the matrix test fails for
// a mutation without one. Given its variables, a call by a role the
// mutation's @hasRole allows must succeed.
var mutationCases = map[string]mutationCase{}

func registerMutation(name string, c mutationCase) {
	if _, dup := mutationCases[name]; dup {
		panic("two matrix cases for mutation " + name)
	}
	mutationCases[name] = c
}

var matrixRoles = []content.Role{content.RoleNone, content.RoleEditor, content.RolePublisher, content.RoleAdmin}

// TestAuthorizationMatrix calls every mutation as anonymous, EDITOR,
// PUBLISHER and ADMIN over HTTP. What the schema's @hasRole allows must
// succeed; anything else must fail with UNAUTHENTICATED (anonymous) or
// FORBIDDEN and leave every table of the database as it was.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	roles, _ := mutationRoles(t) // TestEveryMutationHasARole reports the missing
	names := make([]string, 0, len(roles))
	for n := range roles {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		c, ok := mutationCases[name]
		if !ok {
			t.Errorf("mutation %s has no case in the authorization matrix: registerMutation(%q, ...) in its test file", name, name)
			continue
		}
		min := roles[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			for _, who := range matrixRoles {
				token := b.signIn(t, who)
				var vars map[string]any
				if c.vars != nil {
					vars = c.vars(t, b)
				}
				before := b.snapshot(t)
				var r response
				if c.file != nil {
					if vars == nil {
						vars = map[string]any{}
					}
					r = b.uploadAs(t, token, c.query, vars, "matris.pdf", c.file)
				} else {
					r = b.doAs(t, token, c.query, vars)
				}
				got := r.code(t)
				switch {
				case who >= min:
					if got != "" {
						t.Errorf("%s as %s: %+v, want success", name, roleName(who), r.Errors)
					}
					continue
				case who == content.RoleNone && got != content.EUNAUTHORIZED,
					who != content.RoleNone && got != content.EFORBIDDEN:
					t.Errorf("%s as %s (needs %s): code %q (%+v), want %s", name, roleName(who), min, got, r.Errors,
						map[bool]string{true: content.EUNAUTHORIZED, false: content.EFORBIDDEN}[who == content.RoleNone])
				}
				if diff := cmp.Diff(before, b.snapshot(t)); diff != "" {
					t.Errorf("denied %s as %s changed the database (-before +after):\n%s", name, roleName(who), diff)
				}
			}
		})
	}
	for name := range mutationCases {
		if _, ok := roles[name]; !ok {
			t.Errorf("matrix case for %s, which is no mutation", name)
		}
	}
}

func roleName(r content.Role) string {
	if r == content.RoleNone {
		return "anonymous"
	}
	return r.String()
}

// snapshot returns a digest of every table's rows, so that two snapshots
// differ when any row was written.
func (b *bundle) snapshot(t testing.TB) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := b.pool.Query(ctx, `
		SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
		WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	snap := map[string]string{}
	for _, tbl := range tables {
		var digest string
		if err := b.pool.QueryRow(ctx, `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM `+tbl+` t`).Scan(&digest); err != nil {
			t.Fatal(err)
		}
		snap[tbl] = digest
	}
	return snap
}

// firstPageID returns the global ID of a published demo page.
func firstPageID(t *testing.T, b *bundle) string {
	t.Helper()
	var d struct {
		Pages struct{ Nodes []struct{ ID string } }
	}
	b.query(t, `{ pages(first: 1) { nodes { id } } }`, nil, &d)
	if len(d.Pages.Nodes) == 0 {
		t.Fatal("no demo page")
	}
	return d.Pages.Nodes[0].ID
}

// The cases of the sign-in mutations.
func init() {
	registerMutation("login", mutationCase{
		query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return map[string]any{"e": b.newUser(t, content.RoleEditor).Email, "p": testPassword}
		},
	})
	refreshVars := func(t *testing.T, b *bundle) map[string]any {
		s, err := b.auth.StartSession(context.Background(), b.newUser(t, content.RoleEditor))
		if err != nil {
			t.Fatal(err)
		}
		return map[string]any{"t": s.RefreshToken}
	}
	registerMutation("refresh", mutationCase{
		query: `mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }`,
		vars:  refreshVars,
	})
	registerMutation("logout", mutationCase{
		query: `mutation($t: String!) { logout(refreshToken: $t) }`,
		vars:  refreshVars,
	})
	registerMutation("createUser", mutationCase{
		query: `mutation($e: String!) { createUser(input: {email: $e, password: "a long enough password", role: EDITOR}) { user { id email role } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return map[string]any{"e": fmt.Sprintf("new.editor%d@test.radhus.example", userSeq.Add(1))}
		},
	})
	registerMutation("updateUser", mutationCase{
		query: `mutation($id: ID!) { updateUser(id: $id, input: {role: PUBLISHER, active: false}) { user { id role active } } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return map[string]any{"id": b.newUser(t, content.RoleEditor).GlobalID()}
		},
	})
	registerMutation("createPreviewToken", mutationCase{
		query: `mutation($id: ID!) { createPreviewToken(pageId: $id) { token expiresAt } }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			return map[string]any{"id": firstPageID(t, b)}
		},
	})
}
