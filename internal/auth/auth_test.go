package auth

import (
	"context"
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
	tok, exp, err := s.issuePreview("VXNlcjox", 42, clock.t)
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
