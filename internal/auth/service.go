// Package auth signs people in to Rådhus and verifies who makes a request:
// password sign-in with short-lived access tokens and rotated refresh tokens,
// tokens of the municipality's identity provider (JWKS), preview tokens, and
// the HTTP middleware that puts the verified actor in the request's context.
package auth

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/radhus/radhus/internal/content"
)

// Config configures a Service. Zero durations take the defaults below.
type Config struct {
	// Key is the secret that signs Rådhus's own tokens, at least MinKeyLen
	// bytes, the same on every node.
	Key []byte
	// Issuer is the iss of Rådhus's own tokens (default "radhus").
	Issuer     string
	AccessTTL  time.Duration // default 15 minutes
	RefreshTTL time.Duration // default 24 hours, renewed by every refresh
	// SessionTTL bounds a session however often it is refreshed (default 30
	// days): then its user signs in again.
	SessionTTL time.Duration
	PreviewTTL time.Duration // default 1 hour
	Leeway     time.Duration // allowed clock skew, default 30 seconds
	// IdP, when set, also accepts access tokens of an identity provider.
	IdP *IdPConfig
	// TrustedProxies are the reverse proxies and CDNs whose X-Forwarded-For
	// is believed: a request from one of them is counted, for the sign-in
	// limits, under the client address the header names. None by default:
	// the connection's address counts.
	TrustedProxies []netip.Prefix
	Clock          content.Clock
	Logger         *slog.Logger
}

// Defaults of Config.
const (
	DefaultAccessTTL  = 15 * time.Minute
	DefaultRefreshTTL = 24 * time.Hour
	DefaultSessionTTL = 30 * 24 * time.Hour
	DefaultPreviewTTL = time.Hour
	DefaultLeeway     = 30 * time.Second
)

// Sign-in attempts allowed: per client address a burst of 20, then one every
// 3 seconds; per account a burst of 5, then one every 30 seconds.
const (
	addrBurst    = 20
	addrEvery    = 3 * time.Second
	accountBurst = 5
	accountEvery = 30 * time.Second
	maxLimited   = 100_000
)

// Service signs people in and verifies tokens. Its methods are safe for
// concurrent use.
type Service struct {
	cfg      Config
	keys     keys
	accounts content.Accounts
	idp      *idp
	byAddr   *limiter
	byEmail  *limiter
	// hashing bounds the password hashes computed at once: each takes 64 MiB.
	hashing chan struct{}
}

// maxHashing is how many password hashes a node computes at once.
const maxHashing = 4

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// New returns a service on accounts. With cfg.IdP, it starts fetching the
// provider's key set, refreshed until ctx ends.
func New(ctx context.Context, cfg Config, accounts content.Accounts) (*Service, error) {
	if cfg.Issuer == "" {
		cfg.Issuer = "radhus"
	}
	if cfg.AccessTTL <= 0 {
		cfg.AccessTTL = DefaultAccessTTL
	}
	if cfg.RefreshTTL <= 0 {
		cfg.RefreshTTL = DefaultRefreshTTL
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.PreviewTTL <= 0 {
		cfg.PreviewTTL = DefaultPreviewTTL
	}
	if cfg.Leeway <= 0 {
		cfg.Leeway = DefaultLeeway
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	k, err := deriveKeys(cfg.Key)
	if err != nil {
		return nil, err
	}
	s := &Service{
		cfg: cfg, keys: k, accounts: accounts,
		byAddr:  newLimiter(addrEvery, addrBurst, maxLimited),
		byEmail: newLimiter(accountEvery, accountBurst, maxLimited),
		hashing: make(chan struct{}, maxHashing),
	}
	if cfg.IdP != nil {
		if s.idp, err = newIdP(ctx, *cfg.IdP, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ErrUnauthenticated is the answer to every token that does not verify and
// every failed sign-in: the same code and message whatever the reason, so
// that it tells an attacker nothing.
var ErrUnauthenticated = content.Errorf(content.EUNAUTHORIZED, "invalid or expired credentials")

// RateLimitedError refuses a sign-in attempt: too many from one address or
// for one account. Its code is TOO_MANY_REQUESTS.
type RateLimitedError struct {
	RetryAfter time.Duration
}

// Seconds is RetryAfter in whole seconds, rounded up, at least one.
func (e *RateLimitedError) Seconds() int { return seconds(e.RetryAfter) }

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("%s: too many sign-in attempts; try again in %d seconds",
		content.ETOOMANYREQUESTS, seconds(e.RetryAfter))
}

// Session is what a sign-in or a refresh returns.
type Session struct {
	User             *content.User
	AccessToken      string
	AccessExpires    time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
}

// Login signs in with e-mail and password; addr is the client's address.
// Errors: TOO_MANY_REQUESTS (*RateLimitedError), UNAUTHENTICATED for a wrong
// e-mail or password or a deactivated user alike.
func (s *Service) Login(ctx context.Context, email, password, addr string) (*Session, error) {
	now := s.cfg.Clock.Now()
	if ok, wait := s.byAddr.take(addr, now); !ok {
		return nil, &RateLimitedError{RetryAfter: wait}
	}
	key := strings.ToLower(strings.TrimSpace(email))
	if len(key) > 320 {
		key = key[:320]
	}
	if ok, wait := s.byEmail.take(key, now); !ok {
		return nil, &RateLimitedError{RetryAfter: wait}
	}
	u, hash, err := s.accounts.UserByEmail(ctx, strings.TrimSpace(email))
	switch {
	case content.ErrorCode(err) == content.ENOTFOUND:
		hash = dummyHash()
	case err != nil:
		return nil, err
	}
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	match := passwordMatches(password, hash)
	<-s.hashing
	if u == nil || !match || !u.Active {
		return nil, ErrUnauthenticated
	}
	return s.StartSession(ctx, u)
}

// StartSession starts a session for u without a password: for Login, and for
// trusted callers such as the command line.
func (s *Service) StartSession(ctx context.Context, u *content.User) (*Session, error) {
	now := s.cfg.Clock.Now()
	sid := newSessionID()
	ctx = content.WithActor(ctx, u.Actor())
	refresh, h := newRefreshToken()
	exp := now.Add(s.cfg.RefreshTTL)
	if err := s.accounts.StartSession(ctx, content.NewSession{
		UserID: u.ID, SessionID: sid, TokenHash: h, TokenExpiry: exp,
	}, now); err != nil {
		return nil, err
	}
	return s.session(u, sid, refresh, exp, now)
}

func (s *Service) session(u *content.User, sid, refresh string, refreshExp, now time.Time) (*Session, error) {
	access, accessExp, err := s.issueAccess(u.ID, sid, now)
	if err != nil {
		return nil, err
	}
	return &Session{User: u, AccessToken: access, AccessExpires: accessExp,
		RefreshToken: refresh, RefreshExpiresAt: refreshExp}, nil
}

// Refresh trades a refresh token for a new one and a new access token. A
// token used a second time ends its session. Errors: UNAUTHENTICATED.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (*Session, error) {
	if !plausibleRefresh(refreshToken) {
		return nil, ErrUnauthenticated
	}
	now := s.cfg.Clock.Now()
	next, h := newRefreshToken()
	exp := now.Add(s.cfg.RefreshTTL)
	u, sid, err := s.accounts.RotateRefreshToken(ctx, hashRefresh(refreshToken), h, exp, now.Add(-s.cfg.SessionTTL), now)
	if err != nil {
		if content.ErrorCode(err) == content.EUNAUTHORIZED {
			return nil, ErrUnauthenticated
		}
		return nil, err
	}
	return s.session(u, sid, next, exp, now)
}

// Logout ends the session of a refresh token. An unknown token is no error.
func (s *Service) Logout(ctx context.Context, refreshToken string) error {
	if !plausibleRefresh(refreshToken) {
		return nil
	}
	return s.accounts.EndSession(ctx, hashRefresh(refreshToken), s.cfg.Clock.Now())
}

func plausibleRefresh(t string) bool {
	return strings.HasPrefix(t, refreshPrefix) && len(t) < 100
}

// PreviewToken mints a read-only token for the draft of page pageID, for the
// actor of ctx, and records it in the audit log. Errors: UNAUTHENTICATED
// without an actor, NOT_FOUND when no page has the ID.
func (s *Service) PreviewToken(ctx context.Context, pageID int64) (string, time.Time, error) {
	a, ok := content.ActorFrom(ctx)
	if !ok {
		return "", time.Time{}, ErrUnauthenticated
	}
	now := s.cfg.Clock.Now()
	tok, exp, err := s.issuePreview(a.ID, pageID, now)
	if err != nil {
		return "", time.Time{}, err
	}
	if err := s.accounts.RecordPreview(ctx, pageID, exp, now); err != nil {
		return "", time.Time{}, err
	}
	return tok, exp, nil
}

// Authenticate verifies a bearer token and returns ctx carrying what it
// grants: the actor of an access token (the user's current role, looked up
// now), or the grant of a preview token. Errors: UNAUTHENTICATED for any
// token that does not verify, whatever the reason; other errors are the
// store's.
func (s *Service) Authenticate(ctx context.Context, raw string) (context.Context, error) {
	if len(raw) > 8192 {
		return nil, ErrUnauthenticated
	}
	var unverified jwt.RegisteredClaims
	t, _, err := jwt.NewParser().ParseUnverified(raw, &unverified)
	if err != nil {
		return nil, ErrUnauthenticated
	}
	typ, _ := t.Header["typ"].(string)
	switch {
	case unverified.Issuer == s.cfg.Issuer && typ == accessType:
		var c accessClaims
		if _, err := s.ownParser(accessAud).ParseWithClaims(raw, &c, ownKey(accessType, s.keys.access)); err != nil {
			return nil, ErrUnauthenticated
		}
		id, err := strconv.ParseInt(c.Subject, 10, 64)
		if err != nil || id <= 0 || c.SessionID == "" {
			return nil, ErrUnauthenticated
		}
		u, err := s.accounts.SessionUser(ctx, id, c.SessionID)
		switch {
		case content.ErrorCode(err) == content.EUNAUTHORIZED:
			return nil, ErrUnauthenticated
		case err != nil:
			return nil, err
		}
		return content.WithActor(ctx, u.Actor()), nil
	case unverified.Issuer == s.cfg.Issuer && typ == previewType:
		var c previewClaims
		if _, err := s.ownParser(previewAud).ParseWithClaims(raw, &c, ownKey(previewType, s.keys.preview)); err != nil {
			return nil, ErrUnauthenticated
		}
		if c.PageID <= 0 {
			return nil, ErrUnauthenticated
		}
		if err := s.minterActive(ctx, c.Subject); err != nil {
			return nil, err
		}
		return content.WithPreviewGrant(ctx, content.PreviewGrant{PageID: c.PageID, Expires: c.ExpiresAt.Time}), nil
	case s.idp != nil && unverified.Issuer == s.idp.cfg.Issuer:
		a, err := s.idp.verify(ctx, raw)
		if err != nil {
			return nil, ErrUnauthenticated
		}
		return content.WithActor(ctx, a), nil
	}
	return nil, ErrUnauthenticated
}

// minterActive checks, at every request with a preview token, that the Rådhus
// user who minted it is still active (one query on the primary key), so that a
// deactivated editor's previews end at once, as their access tokens do. A
// preview minted with the identity provider's token (subject "idp:…") lasts its
// lifetime: its user's deactivation is the provider's business. Errors:
// UNAUTHENTICATED for a subject that is no active user; other errors are the
// store's.
func (s *Service) minterActive(ctx context.Context, subject string) error {
	if strings.HasPrefix(subject, content.IdPActorPrefix) {
		return nil
	}
	id, err := content.ParseIDOf("sub", content.KindUser, subject)
	if err != nil {
		return ErrUnauthenticated
	}
	u, err := s.accounts.UserByID(ctx, id)
	switch {
	case content.ErrorCode(err) == content.ENOTFOUND:
		return ErrUnauthenticated
	case err != nil:
		return err
	case !u.Active:
		return ErrUnauthenticated
	}
	return nil
}
