package graph_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/radhus/radhus/internal/content"
)

// tokenCases send an admin's mutation with bearer tokens that must not
// verify; each is refused with 401 UNAUTHENTICATED, quickly, and writes
// nothing. The valid token they are made from belongs to an admin of b.
func tokenCases(b *bundle) []abuseCase {
	ctx := context.Background()
	admin, err := b.accounts.CreateUser(ctx, content.NewUser{Email: "abuse.admin@test.radhus.example", PasswordHash: testHash(), Role: content.RoleAdmin}, b.clock.Now())
	if err != nil {
		panic(err)
	}
	s, err := b.auth.StartSession(ctx, admin)
	if err != nil {
		panic(err)
	}
	valid := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(s.AccessToken, valid); err != nil {
		panic(err)
	}
	now := b.clock.Now()
	sign := func(header map[string]any, c jwt.MapClaims, m jwt.SigningMethod, key any) string {
		tok := jwt.NewWithClaims(m, c)
		tok.Header["typ"] = "at+jwt"
		for k, v := range header {
			tok.Header[k] = v
		}
		out, err := tok.SignedString(key)
		if err != nil {
			panic(err)
		}
		return out
	}
	hs, key := jwt.SigningMethodHS256, accessKey()
	flipped := func(tok string) string {
		i := strings.LastIndexByte(tok, '.')
		sig, _ := base64.RawURLEncoding.DecodeString(tok[i+1:])
		sig[0] ^= 1
		return tok[:i+1] + base64.RawURLEncoding.EncodeToString(sig)
	}
	hugeHeader := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"at+jwt","x":"` + strings.Repeat("A", 7000) + `"}`))
	deep := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"at+jwt","x":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}`))
	payload := strings.Split(s.AccessToken, ".")[1]

	const mutation = `mutation { createUser(input: {email: "intruder@test.radhus.example", password: "a long enough password", role: ADMIN}) { user { id } } }`
	bearer := func(name, token string) abuseCase {
		return abuseCase{name: "token: " + name, request: withAuthorization("Bearer "+token, gql(mutation)), status: http.StatusUnauthorized, code: content.EUNAUTHORIZED}
	}
	cases := []abuseCase{
		bearer("alg none", func() string {
			t := jwt.NewWithClaims(jwt.SigningMethodNone, valid)
			t.Header["typ"] = "at+jwt"
			out, _ := t.SignedString(jwt.UnsafeAllowNoneSignatureType)
			return out
		}()),
		bearer("alg NONE, signature kept", "eyJhbGciOiJOT05FIiwidHlwIjoiYXQrand0In0."+payload+"."+strings.Split(s.AccessToken, ".")[2]),
		bearer("signed with another key", sign(nil, valid, hs, []byte("a different secret of thirty-two bytes or more"))),
		bearer("flipped signature bit", flipped(s.AccessToken)),
		bearer("signature removed", strings.Join(strings.Split(s.AccessToken, ".")[:2], ".")+"."),
		bearer("expired an hour ago", sign(nil, with(valid, "exp", now.Add(-time.Hour).Unix()), hs, key)),
		bearer("not valid for an hour", sign(nil, with(valid, "nbf", now.Add(time.Hour).Unix()), hs, key)),
		bearer("no audience", sign(nil, with(valid, "aud", nil), hs, key)),
		bearer("foreign issuer", sign(nil, with(valid, "iss", "https://evil.example"), hs, key)),
		bearer("kid a path", sign(map[string]any{"kid": "../../../../etc/passwd"}, valid, hs, key)),
		bearer("kid SQL", sign(map[string]any{"kid": "' UNION SELECT password_hash FROM users --"}, valid, hs, key)),
		bearer("jku to a key set of the caller's", sign(map[string]any{"jku": "http://127.0.0.1:1/keys.json", "kid": "k"}, valid, hs, []byte("the caller's own key, thirty-two bytes long"))),
		bearer("subject SQL", sign(nil, with(valid, "sub", "1 OR 1=1"), hs, key)),
		bearer("a refresh token", s.RefreshToken),
		bearer("7 KB header", hugeHeader+"."+payload+".AAAA"),
		bearer("2,000 nested arrays in the header", deep+"."+payload+".AAAA"),
		bearer("64 KB token", strings.Repeat("a", 64<<10)),
		bearer("three dots", "..."),
		{name: "token: Basic credentials", request: withAuthorization("Basic YWRtaW46YWRtaW4=", gql(mutation)), status: http.StatusUnauthorized, code: content.EUNAUTHORIZED},
		{name: "token: empty Bearer", request: withAuthorization("Bearer ", gql(mutation)), status: http.StatusUnauthorized, code: content.EUNAUTHORIZED},
	}
	return cases
}

// withAuthorization adds an Authorization header to a request builder's
// requests.
func withAuthorization(value string, req func(string) *http.Request) func(string) *http.Request {
	return func(base string) *http.Request {
		r := req(base)
		r.Header.Set("Authorization", value)
		return r
	}
}
