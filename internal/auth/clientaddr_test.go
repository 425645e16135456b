package auth

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 2001:db8::/32,192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, peer string
		xff        []string
		trusted    []netip.Prefix
		want       string
	}{
		{"no proxies configured", "10.1.2.3:5000", []string{"203.0.113.9"}, nil, "10.1.2.3"},
		{"untrusted peer", "198.51.100.4:5000", []string{"203.0.113.9"}, trusted, "198.51.100.4"},
		{"trusted peer", "10.1.2.3:5000", []string{"203.0.113.9"}, trusted, "203.0.113.9"},
		{"a bare trusted address", "192.0.2.1:5000", []string{"203.0.113.9"}, trusted, "203.0.113.9"},
		{"forged entries left of the client", "10.1.2.3:5000", []string{"1.1.1.1, 203.0.113.9"}, trusted, "203.0.113.9"},
		{"trusted hops skipped", "10.1.2.3:5000", []string{"203.0.113.9, 10.9.9.9"}, trusted, "203.0.113.9"},
		{"several headers", "10.1.2.3:5000", []string{"1.1.1.1", "203.0.113.9,10.0.0.5"}, trusted, "203.0.113.9"},
		{"IPv6", "[2001:db8::1]:5000", []string{"2001:db8:1::2, 2a00:1450::1"}, trusted, "2a00:1450::1"},
		{"IPv4 in IPv6", "[::ffff:10.1.2.3]:5000", []string{"203.0.113.9"}, trusted, "203.0.113.9"},
		{"no header", "10.1.2.3:5000", nil, trusted, "10.1.2.3"},
		{"garbage ends the walk", "10.1.2.3:5000", []string{"203.0.113.9, bogus, 10.0.0.7"}, trusted, "10.0.0.7"},
		{"only trusted addresses", "10.1.2.3:5000", []string{"10.0.0.8, 10.0.0.7"}, trusted, "10.0.0.8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientAddr(r, tt.trusted); got != tt.want {
				t.Errorf("clientAddr = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "10.0.0.1/8", "proxy.example", "10.0.0.0/8;"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	got, err := ParseTrustedProxies("")
	if err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v, want none", got, err)
	}
}
