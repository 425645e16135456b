package graph_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
)

const (
	idpIssuer   = "https://login.kommun.example/realms/radhus"
	idpAudience = "radhus-api"
)

// idpKeys are the identity provider's signing keys, made once per test binary.
type idpKeys struct {
	rsa, otherRSA *rsa.PrivateKey
	ec            *ecdsa.PrivateKey
}

var testIdPKeys = sync.OnceValue(func() idpKeys {
	k := idpKeys{}
	var err error
	if k.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	if k.otherRSA, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	if k.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		panic(err)
	}
	return k
})

// jwksServer serves the provider's public keys as a JWK Set and counts the
// requests for it.
type jwksServer struct {
	url      string
	requests atomic.Int64
}

func newJWKSServer(t testing.TB) *jwksServer {
	t.Helper()
	k := testIdPKeys()
	set := jwkset.NewMemoryStorage()
	for _, key := range []struct {
		pub any
		kid string
		alg jwkset.ALG
	}{
		{&k.rsa.PublicKey, "rsa-1", jwkset.AlgRS256},
		{&k.ec.PublicKey, "ec-1", jwkset.AlgES256},
	} {
		jwk, err := jwkset.NewJWKFromKey(key.pub, jwkset.JWKOptions{
			Metadata: jwkset.JWKMetadataOptions{KID: key.kid, ALG: key.alg, USE: jwkset.UseSig},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := set.KeyWrite(context.Background(), jwk); err != nil {
			t.Fatal(err)
		}
	}
	body, err := set.JSONPublic(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := &jwksServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL + "/realms/radhus/protocol/openid-connect/certs"
	return s
}

// setupIdP is setup with the identity provider configured, its key set served
// by a local HTTP server.
func setupIdP(t testing.TB) (*bundle, *jwksServer) {
	t.Helper()
	js := newJWKSServer(t)
	b := newBundleWith(t, bundleOptions{idp: &auth.IdPConfig{
		JWKSURL: js.url, Issuer: idpIssuer, Audience: idpAudience, RoleClaim: "groups",
		Roles: map[string]content.Role{"cms-editors": content.RoleEditor, "cms-admins": content.RoleAdmin},
	}})
	return b, js
}

// idpToken signs claims as the identity provider would, with kid.
func idpToken(t testing.TB, method jwt.SigningMethod, kid string, key any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func idpClaims(now time.Time, groups ...any) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": idpIssuer, "aud": idpAudience, "sub": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
		"email": "anna.andersson@kommun.example", "groups": groups,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	}
}

// accessKey is the key Rådhus derives from testKey for access tokens. The
// crafted tokens below sign with it; a control case checks that it is right.
func accessKey() []byte {
	m := hmac.New(sha256.New, testKey)
	m.Write([]byte("radhus access token signing key v1"))
	return m.Sum(nil)
}

// ownClaims returns the claims of a valid access token of a session, read from
// a token Rådhus issued.
func ownClaims(t testing.TB, issued string) jwt.MapClaims {
	t.Helper()
	c := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(issued, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func signOwn(t testing.TB, header map[string]any, claims jwt.MapClaims, method jwt.SigningMethod, key any) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	tok.Header["typ"] = "at+jwt"
	for k, v := range header {
		if v == nil {
			delete(tok.Header, k)
		} else {
			tok.Header[k] = v
		}
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func with(c jwt.MapClaims, k string, v any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for kk, vv := range c {
		out[kk] = vv
	}
	if v == nil {
		delete(out, k)
	} else {
		out[k] = v
	}
	return out
}

// flipBit flips one bit of a token's signature.
func flipBit(t testing.TB, tok string) string {
	t.Helper()
	i := strings.LastIndexByte(tok, '.')
	sig, err := base64.RawURLEncoding.DecodeString(tok[i+1:])
	if err != nil {
		t.Fatal(err)
	}
	sig[len(sig)/2] ^= 0x04
	return tok[:i+1] + base64.RawURLEncoding.EncodeToString(sig)
}

const createUserAsCaller = `mutation($e: String!) { createUser(input: {email: $e, password: "a long enough password", role: ADMIN}) { user { id } } }`

// TestRejectedTokens sends tokens that must not verify, through real HTTP
// and real verification: each gets 401 and the same UNAUTHENTICATED error,
// and nothing is written. Every token would make an admin's call if it were
// accepted; control cases check that the unaltered tokens are.
func TestRejectedTokens(t *testing.T) {
	t.Parallel()
	b, js := setupIdP(t)
	k := testIdPKeys()
	now := b.clock.Now()
	admin := b.newUser(t, content.RoleAdmin)
	session, err := b.auth.StartSession(t.Context(), admin)
	if err != nil {
		t.Fatal(err)
	}
	valid := ownClaims(t, session.AccessToken)
	hs := jwt.SigningMethodHS256
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: must(x509.MarshalPKIXPublicKey(&k.rsa.PublicKey))})
	deactivated := b.newUser(t, content.RoleAdmin)
	deactivatedToken := b.tokenOf(t, deactivated)
	if _, err := b.accounts.UpdateUser(t.Context(), deactivated.ID, content.UserChange{Active: ptr(false)}, now); err != nil {
		t.Fatal(err)
	}
	preview := b.doAs(t, session.AccessToken, `mutation($id: ID!) { createPreviewToken(pageId: $id) { token } }`,
		map[string]any{"id": firstPageID(t, b)})
	var pv struct{ CreatePreviewToken struct{ Token string } }
	decode(t, preview, &pv)
	noneToken := func(c jwt.MapClaims, kid string) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodNone, c)
		tok.Header["typ"] = "at+jwt"
		if kid != "" {
			tok.Header["kid"] = kid
		}
		s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	admins := idpClaims(now, "cms-admins")

	cases := []struct{ name, token string }{
		{"alg none", noneToken(valid, "")},
		{"alg none, IdP", noneToken(admins, "rsa-1")},
		{"HS256 signed with the IdP's public key (PEM)", idpToken(t, hs, "rsa-1", pubPEM, admins)},
		{"HS256 signed with the IdP's public key (DER)", idpToken(t, hs, "rsa-1", must(x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)), admins)},
		{"HS256 own issuer signed with the IdP's public key", signOwn(t, nil, valid, hs, pubPEM)},
		{"signed with the configured secret itself, not the derived key", signOwn(t, nil, valid, hs, testKey)},
		{"signed with another secret", signOwn(t, nil, valid, hs, []byte("another secret that is long enough to sign"))},
		{"IdP token signed with another RSA key", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.otherRSA, admins)},
		{"flipped signature bit", flipBit(t, session.AccessToken)},
		{"flipped signature bit, IdP", flipBit(t, idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, admins))},
		{"no exp", signOwn(t, nil, with(valid, "exp", nil), hs, accessKey())},
		{"past exp", signOwn(t, nil, with(valid, "exp", now.Add(-time.Minute).Unix()), hs, accessKey())},
		{"future nbf", signOwn(t, nil, with(valid, "nbf", now.Add(2*time.Minute).Unix()), hs, accessKey())},
		{"future iat", signOwn(t, nil, with(valid, "iat", now.Add(2*time.Minute).Unix()), hs, accessKey())},
		{"wrong aud", signOwn(t, nil, with(valid, "aud", "radhus-preview"), hs, accessKey())},
		{"no aud", signOwn(t, nil, with(valid, "aud", nil), hs, accessKey())},
		{"wrong iss", signOwn(t, nil, with(valid, "iss", "radhus-staging"), hs, accessKey())},
		{"no iss", signOwn(t, nil, with(valid, "iss", nil), hs, accessKey())},
		{"no typ", signOwn(t, map[string]any{"typ": nil}, valid, hs, accessKey())},
		{"own token with a kid", signOwn(t, map[string]any{"kid": "1"}, valid, hs, accessKey())},
		{"another user's subject", signOwn(t, nil, with(valid, "sub", strconv.FormatInt(admin.ID+1000, 10)), hs, accessKey())},
		{"no session", signOwn(t, nil, with(valid, "sid", nil), hs, accessKey())},
		{"IdP past exp", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "exp", now.Add(-time.Minute).Unix()))},
		{"IdP no exp", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "exp", nil))},
		{"IdP future nbf", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "nbf", now.Add(2*time.Minute).Unix()))},
		{"IdP wrong aud", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "aud", "another-app"))},
		{"IdP no aud", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "aud", nil))},
		{"IdP wrong iss", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "iss", "https://evil.example/realms/radhus"))},
		{"IdP no iss", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "iss", nil))},
		{"IdP no kid", idpToken(t, jwt.SigningMethodRS256, "", k.rsa, admins)},
		{"IdP unknown kid", idpToken(t, jwt.SigningMethodRS256, "rsa-2", k.rsa, admins)},
		{"IdP kid that is a path", idpToken(t, jwt.SigningMethodRS256, "../../../../etc/passwd", k.rsa, admins)},
		{"IdP kid that is SQL", idpToken(t, jwt.SigningMethodRS256, "rsa-1' OR '1'='1", k.rsa, admins)},
		{"own kid that is a path", signOwn(t, map[string]any{"kid": "../../../../dev/null"}, valid, hs, accessKey())},
		{"own kid that is SQL", signOwn(t, map[string]any{"kid": "x'; DROP TABLE users; --"}, valid, hs, accessKey())},
		{"IdP RS256 token naming the EC key", idpToken(t, jwt.SigningMethodRS256, "ec-1", k.rsa, admins)},
		{"IdP PS256, not allowed", idpToken(t, jwt.SigningMethodPS256, "rsa-1", k.rsa, admins)},
		{"IdP without a role", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "groups", nil))},
		{"IdP with an unknown role", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "groups", []any{"ADMIN", "cms-admin"}))},
		{"IdP without a subject", idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, with(admins, "sub", nil))},
		{"a refresh token", session.RefreshToken},
		{"a deactivated user's token", deactivatedToken},
		{"a preview token with the access token's type", strings.Replace(pv.CreatePreviewToken.Token, strings.Split(pv.CreatePreviewToken.Token, ".")[0],
			base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"at+jwt"}`)), 1)},
		{"garbage", "not.a.token"},
		{"empty segments", ".."},
	}
	before := b.snapshot(t)
	fetches := js.requests.Load()
	for i, c := range cases {
		r := b.doAs(t, c.token, createUserAsCaller, map[string]any{"e": "intruder" + strconv.Itoa(i) + "@test.radhus.example"})
		if r.status != http.StatusUnauthorized || r.code(t) != content.EUNAUTHORIZED || r.Errors[0].Message != auth.ErrUnauthenticated.Message {
			t.Errorf("%s: HTTP %d %+v, want 401 UNAUTHENTICATED %q", c.name, r.status, r.Errors, auth.ErrUnauthenticated.Message)
		}
	}
	for _, h := range [][]string{{"Basic YWRtaW46YWRtaW4="}, {"Bearer"}, {"Bearer " + session.AccessToken, "Bearer " + session.AccessToken}} {
		r := b.doWith(t, http.Header{"Authorization": h}, createUserAsCaller, map[string]any{"e": "intruder@test.radhus.example"})
		if r.status != http.StatusUnauthorized || r.code(t) != content.EUNAUTHORIZED {
			t.Errorf("Authorization %q: HTTP %d %+v, want 401 UNAUTHENTICATED", h, r.status, r.Errors)
		}
	}
	if diff := cmp.Diff(before, b.snapshot(t)); diff != "" {
		t.Errorf("rejected tokens changed the database (-before +after):\n%s", diff)
	}
	if n := js.requests.Load(); n != fetches {
		t.Errorf("the key set was fetched %d more times; unknown key IDs must be looked up in the cached set only", n-fetches)
	}

	// A preview token verifies, but only as a grant to read a draft: it can
	// call no mutation and is nobody.
	r := b.doAs(t, pv.CreatePreviewToken.Token, createUserAsCaller, map[string]any{"e": "previewer@test.radhus.example"})
	if r.code(t) != content.EUNAUTHORIZED {
		t.Errorf("a preview token as an access token: %+v, want UNAUTHENTICATED", r.Errors)
	}
	var me meData
	decode(t, b.doAs(t, pv.CreatePreviewToken.Token, meQuery, nil), &me)
	if me.Me != nil {
		t.Errorf("me with a preview token = %+v, want null", me.Me)
	}

	// Controls: the unaltered tokens, own and the provider's, are accepted.
	for i, tok := range []string{
		signOwn(t, nil, valid, hs, accessKey()),
		signOwn(t, nil, with(valid, "exp", now.Add(-20*time.Second).Unix()), hs, accessKey()), // within the leeway
		idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, admins),
		idpToken(t, jwt.SigningMethodES256, "ec-1", k.ec, admins),
	} {
		if r := b.doAs(t, tok, createUserAsCaller, map[string]any{"e": "control" + strconv.Itoa(i) + "@test.radhus.example"}); r.code(t) != "" {
			t.Errorf("control %d: %+v, want success", i, r.Errors)
		}
	}
}

// TestIdentityProviderTokens signs in with the provider's tokens: the role
// comes from the configured claim, mapped, and the key from the key set the
// local server serves.
func TestIdentityProviderTokens(t *testing.T) {
	t.Parallel()
	b, js := setupIdP(t)
	if js.requests.Load() == 0 {
		t.Fatal("the key set was never fetched")
	}
	k := testIdPKeys()
	now := b.clock.Now()
	editor := idpToken(t, jwt.SigningMethodRS256, "rsa-1", k.rsa, idpClaims(now, "staff", "cms-editors"))
	var me meData
	r := b.doAs(t, editor, meQuery, nil)
	decode(t, r, &me)
	if me.Me == nil || me.Me.Role != "EDITOR" || me.Me.ID != "idp:f81d4fae-7dec-11d0-a765-00a0c91e6bf6" || me.Me.Email != "anna.andersson@kommun.example" {
		t.Errorf("me = %+v (%+v), want the provider's editor", me.Me, r.Errors)
	}
	if code := b.doAs(t, editor, createUserAsCaller, map[string]any{"e": "x@test.radhus.example"}).code(t); code != content.EFORBIDDEN {
		t.Errorf("an editor's createUser: code %q, want FORBIDDEN", code)
	}
	if code := b.doAs(t, editor, `mutation($id: ID!) { createPreviewToken(pageId: $id) { token } }`,
		map[string]any{"id": firstPageID(t, b)}).code(t); code != "" {
		t.Errorf("an editor's createPreviewToken: code %q, want success", code)
	}
	// Several groups: the highest role counts; a single string works too.
	for _, groups := range []any{[]any{"cms-editors", "cms-admins"}, "cms-admins"} {
		c := idpClaims(now)
		c["groups"] = groups
		tok := idpToken(t, jwt.SigningMethodES256, "ec-1", k.ec, c)
		decode(t, b.doAs(t, tok, meQuery, nil), &me)
		if me.Me == nil || me.Me.Role != "ADMIN" {
			t.Errorf("groups %v: me = %+v, want ADMIN", groups, me.Me)
		}
	}
}

// TestRoleChangesTakeEffectAtTheNextRequest: a token's rights are the user's
// as they are now, not when the token was issued.
func TestRoleChangesTakeEffectAtTheNextRequest(t *testing.T) {
	t.Parallel()
	b := setup(t)
	admin := b.signIn(t, content.RoleAdmin)
	u := b.newUser(t, content.RoleEditor)
	token := b.tokenOf(t, u)
	if code := b.doAs(t, token, createUserAsCaller, map[string]any{"e": "a@test.radhus.example"}).code(t); code != content.EFORBIDDEN {
		t.Fatalf("editor: code %q, want FORBIDDEN", code)
	}
	const update = `mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { user { role active } } }`
	if r := b.doAs(t, admin, update, map[string]any{"id": u.GlobalID(), "in": map[string]any{"role": "ADMIN"}}); r.code(t) != "" {
		t.Fatal(r.Errors)
	}
	if code := b.doAs(t, token, createUserAsCaller, map[string]any{"e": "b@test.radhus.example"}).code(t); code != "" {
		t.Fatalf("promoted to admin, same token: code %q, want success", code)
	}
	if r := b.doAs(t, admin, update, map[string]any{"id": u.GlobalID(), "in": map[string]any{"active": false}}); r.code(t) != "" {
		t.Fatal(r.Errors)
	}
	before := b.snapshot(t)
	if r := b.doAs(t, token, createUserAsCaller, map[string]any{"e": "c@test.radhus.example"}); r.status != http.StatusUnauthorized || r.code(t) != content.EUNAUTHORIZED {
		t.Fatalf("deactivated, same token: HTTP %d %+v, want 401 UNAUTHENTICATED", r.status, r.Errors)
	}
	if diff := cmp.Diff(before, b.snapshot(t)); diff != "" {
		t.Errorf("a deactivated user's call changed the database:\n%s", diff)
	}
	// The last active admin cannot be demoted.
	var me meData
	decode(t, b.doAs(t, admin, meQuery, nil), &me)
	r := b.doAs(t, admin, `{ users(first: 100) { nodes { id role active } } }`, nil)
	var list struct {
		Users struct {
			Nodes []struct {
				ID, Role string
				Active   bool
			}
		}
	}
	decode(t, r, &list)
	var adminIDs []string
	for _, n := range list.Users.Nodes {
		if n.Role == "ADMIN" && n.Active {
			adminIDs = append(adminIDs, n.ID)
		}
	}
	if len(adminIDs) != 2 { // the first admin and the one createUser made
		t.Fatalf("active admins = %v, want 2", adminIDs)
	}
	if r := b.doAs(t, admin, update, map[string]any{"id": adminIDs[1], "in": map[string]any{"active": false}}); r.code(t) != "" {
		t.Fatal(r.Errors)
	}
	if code := b.doAs(t, admin, update, map[string]any{"id": adminIDs[0], "in": map[string]any{"role": "EDITOR"}}).code(t); code != content.ECONFLICT {
		t.Errorf("demoting the last admin: code %q, want CONFLICT", code)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
