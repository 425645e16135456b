package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
)

// testKey signs the tokens of every test bundle.
var testKey = []byte("a test signing key of at least thirty-two bytes")

// testPassword is the password of every user a test creates; its argon2id
// hash is computed once per test binary.
const testPassword = "correct horse battery staple"

var testHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword("password", testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

var userSeq atomic.Int64

// newUser creates an active user with role and testPassword.
func (b *bundle) newUser(t testing.TB, role content.Role) *content.User {
	t.Helper()
	email := fmt.Sprintf("%s-%d@test.radhus.example", role, userSeq.Add(1))
	u, err := b.accounts.CreateUser(context.Background(), content.NewUser{
		Email: email, PasswordHash: testHash(), Role: role,
	}, b.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn creates a user with role and returns an access token of theirs;
// RoleNone returns "" (anonymous).
func (b *bundle) signIn(t testing.TB, role content.Role) string {
	t.Helper()
	if role == content.RoleNone {
		return ""
	}
	return b.tokenOf(t, b.newUser(t, role))
}

// tokenOf starts a session for u and returns its access token.
func (b *bundle) tokenOf(t testing.TB, u *content.User) string {
	t.Helper()
	s, err := b.auth.StartSession(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	return s.AccessToken
}

// doAs posts a GraphQL request with a bearer token ("" for none) and decodes
// the response, whatever its status.
func (b *bundle) doAs(t testing.TB, token, query string, vars map[string]any) response {
	t.Helper()
	return b.doWith(t, http.Header{"Authorization": bearer(token)}, query, vars)
}

func bearer(token string) []string {
	if token == "" {
		return nil
	}
	return []string{"Bearer " + token}
}

// doWith posts a GraphQL request with extra headers.
func (b *bundle) doWith(t testing.TB, h http.Header, query string, vars map[string]any) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, b.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range h {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r response
	r.status = res.StatusCode
	r.header = res.Header
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatalf("decode response (HTTP %d): %v", res.StatusCode, err)
	}
	return r
}

// code returns the code of the response's only error, "" for none; it fails
// the test for several.
func (r response) code(t testing.TB) string {
	t.Helper()
	switch len(r.Errors) {
	case 0:
		return ""
	case 1:
		return r.Errors[0].Extensions.Code
	}
	t.Fatalf("errors = %+v, want at most one", r.Errors)
	return ""
}

var jsonUnmarshal = json.Unmarshal
