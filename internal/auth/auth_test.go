package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/content"
)

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func newTestService(t *testing.T, clock content.Clock) *Service {
	t.Helper()
	s, err := New(t.Context(), Config{Key: []byte("a test signing key of at least thirty-two bytes"), Clock: clock}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A preview token grants reading one page's draft until it expires, and
// makes nobody an actor.
func TestPreviewTokenGrant(t *testing.T) {
	clock := &fixedClock{t: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	s := newTestService(t, clock)
	// Minted by the identity provider's user: its minter is not looked up (a
	// Rådhus user's is, TestPreviewTokenEndsWithItsEditor in graph).
	tok, exp, err := s.issuePreview(content.IdPActorPrefix+"tester", 42, clock.t)
	if err != nil {
		t.Fatal(err)
	}
	if want := clock.t.Add(DefaultPreviewTTL); !exp.Equal(want) {
		t.Errorf("expires %v, want %v", exp, want)
	}
	got, err := s.Authenticate(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := content.PreviewGrantFrom(got)
	if !ok || g.PageID != 42 || !g.Expires.Equal(exp) {
		t.Errorf("grant = %+v, %v; want page 42 until %v", g, ok, exp)
	}
	if a, ok := content.ActorFrom(got); ok {
		t.Errorf("a preview token made %+v an actor", a)
	}
	clock.t = exp.Add(DefaultLeeway + time.Second)
	if _, err := s.Authenticate(context.Background(), tok); err != ErrUnauthenticated {
		t.Errorf("expired preview token: %v, want ErrUnauthenticated", err)
	}
	// Without an actor, no preview token.
	if _, _, err := s.PreviewToken(context.Background(), 42); err != ErrUnauthenticated {
		t.Errorf("anonymous PreviewToken: %v, want ErrUnauthenticated", err)
	}
}

// Tokens of one key do not verify with another.
func TestPreviewTokenOfAnotherKey(t *testing.T) {
	s := newTestService(t, nil)
	other, err := New(t.Context(), Config{Key: []byte("another signing key of at least thirty-two bytes")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := other.issuePreview("VXNlcjox", 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(context.Background(), tok); err != ErrUnauthenticated {
		t.Errorf("Authenticate(token of another key) = %v, want ErrUnauthenticated", err)
	}
}

func TestShortKeyRefused(t *testing.T) {
	if _, err := New(t.Context(), Config{Key: []byte("short")}, nil); err == nil {
		t.Error("New with a 5-byte key succeeded")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	l := newLimiter(10*time.Second, 3, 2)
	for i := range 3 {
		if ok, _ := l.take("a", now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	ok, wait := l.take("a", now)
	if ok || wait <= 0 || wait > 10*time.Second {
		t.Errorf("fourth attempt: %v, wait %v; want refused, up to 10s", ok, wait)
	}
	if ok, _ := l.take("a", now.Add(10*time.Second)); !ok {
		t.Error("refused after the wait")
	}
	// Full: a third key is refused until the others are idle.
	l.take("b", now)
	if ok, _ := l.take("c", now); ok {
		t.Error("a key beyond the maximum was admitted")
	}
	if ok, _ := l.take("c", now.Add(time.Hour)); !ok {
		t.Error("idle keys were not forgotten")
	}
}

func TestCheckEmail(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"anna@kommun.example", true},
		{" anna@kommun.example ", true},
		{"Anna <anna@kommun.example>", false},
		{"anna", false},
		{"anna@localhost", false},
		{"", false},
	} {
		_, err := checkEmail("email", c.in)
		if (err == nil) != c.ok {
			t.Errorf("checkEmail(%q) = %v, want ok %v", c.in, err, c.ok)
		}
	}
}

// The middleware hands a preview token's grant to the handler behind it, on
// a context that is not cancelled, and refuses a bad token with 401 before the
// handler runs.
func TestMiddlewarePreviewGrant(t *testing.T) {
	s := newTestService(t, nil)
	tok, _, err := s.issuePreview(content.IdPActorPrefix+"tester", 7, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got content.PreviewGrant
	var ran bool
	h := s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran = true
		got, _ = content.PreviewGrantFrom(r.Context())
		if err := r.Context().Err(); err != nil {
			t.Errorf("handler's context: %v", err)
		}
		if ClientAddr(r.Context()) != "192.0.2.1" {
			t.Errorf("ClientAddr = %q", ClientAddr(r.Context()))
		}
	}))
	req := httptest.NewRequest("POST", "/graphql", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !ran || got.PageID != 7 {
		t.Errorf("handler ran %v with grant %+v, want page 7", ran, got)
	}
	ran = false
	req.Header.Set("Authorization", "Bearer "+tok+"x")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if ran || rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"UNAUTHENTICATED"`) {
		t.Errorf("bad token: handler ran %v, HTTP %d %s", ran, rec.Code, rec.Body)
	}
}
