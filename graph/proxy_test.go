package graph_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"testing"

	"github.com/radhus/radhus/internal/content"
)

// signInFrom makes one sign-in attempt with a wrong password, sending
// X-Forwarded-For xff, and returns its code and Retry-After in seconds.
func signInFrom(t *testing.T, b *bundle, email, xff string) (string, int) {
	t.Helper()
	h := http.Header{}
	if xff != "" {
		h.Set("X-Forwarded-For", xff)
	}
	r := b.doWith(t, h, loginMutation, map[string]any{"e": email, "p": "not the password at all"})
	ra, _ := strconv.Atoi(r.header.Get("Retry-After"))
	return r.code(t), ra
}

// spendAddressLimit makes the 20 attempts a client address may make at once,
// each with its own X-Forwarded-For from xff. To keep password hashing (64
// MiB of argon2 each) to five, they all name one account: after its own five
// the account's limit refuses them (Retry-After 30 s), but each has taken its
// token from the address's bucket first.
func spendAddressLimit(t *testing.T, b *bundle, xff func(i int) string) {
	t.Helper()
	email := fmt.Sprintf("vem-%d@test.radhus.example", slugSeq.Add(1))
	for i := range 20 {
		code, ra := signInFrom(t, b, email, xff(i))
		if i < 5 && code != content.EUNAUTHORIZED || i >= 5 && (code != content.ETOOMANYREQUESTS || ra < 20) {
			t.Fatalf("attempt %d: code %q, Retry-After %d; want UNAUTHENTICATED, then the account's limit", i+1, code, ra)
		}
	}
}

// addressLimited reports whether a new account's attempt from xff is refused
// by the address limit (Retry-After at most 3 s: one attempt every 3 s).
func addressLimited(t *testing.T, b *bundle, xff string) bool {
	t.Helper()
	code, ra := signInFrom(t, b, fmt.Sprintf("ny-%d@test.radhus.example", slugSeq.Add(1)), xff)
	switch {
	case code == content.EUNAUTHORIZED:
		return false
	case code == content.ETOOMANYREQUESTS && ra >= 1 && ra <= 3:
		return true
	}
	t.Fatalf("code %q, Retry-After %d; want UNAUTHENTICATED or the address's limit", code, ra)
	return false
}

// Without trusted proxies X-Forwarded-For is ignored: every attempt counts
// under the connection's address, whatever the header claims.
func TestLoginLimitIgnoresForwardedForByDefault(t *testing.T) {
	t.Parallel()
	b := setup(t)
	spendAddressLimit(t, b, func(i int) string { return fmt.Sprintf("203.0.113.%d", i+1) })
	if !addressLimited(t, b, "203.0.113.99") {
		t.Error("the 21st attempt from one untrusted peer, naming a new client, was not limited")
	}
}

// Behind a trusted proxy (here the test's own loopback peer) each client
// named by X-Forwarded-For has its own limit; what a client writes in the
// header itself, left of what the proxy appended, is not believed.
func TestLoginLimitPerForwardedClientBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	b := newBundleWith(t, bundleOptions{trustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}})
	// A client that forges an address in front of its own is still itself.
	spendAddressLimit(t, b, func(i int) string { return fmt.Sprintf("198.51.100.%d, 203.0.113.7", i+1) })
	if !addressLimited(t, b, "198.51.100.200, 203.0.113.7") {
		t.Error("the client's 21st attempt behind the proxy was not limited")
	}
	// Another client through the same proxy is not limited by the first one.
	if addressLimited(t, b, "203.0.113.8") {
		t.Error("a second client behind the proxy was limited by the first")
	}
	// Through two trusted hops (a CDN in front of the proxy) the client is the
	// first untrusted address from the right.
	if !addressLimited(t, b, "203.0.113.7, 127.0.0.2") {
		t.Error("the first client through two proxies was not limited")
	}
}
