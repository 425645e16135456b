package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/postgres"
)

// authConfig is the configuration of sign-in and token verification.
type authConfig struct {
	production bool
	key        string // RADHUS_JWT_KEY: environment only, never a flag
	keyFile    string
	accessTTL  time.Duration
	refreshTTL time.Duration
	sessionTTL time.Duration
	previewTTL time.Duration
	idpJWKS    string
	idpIssuer  string
	idpAud     string
	idpClaim   string
	idpRoles   string
	proxies    string
	errs       []error // malformed environment variables
}

func addAuthFlags(fs *flag.FlagSet, getenv func(string) string) *authConfig {
	a := &authConfig{key: getenv("RADHUS_JWT_KEY"), production: getenv("RADHUS_ENV") == "production"}
	fs.StringVar(&a.keyFile, "jwt-key-file", getenv("RADHUS_JWT_KEY_FILE"), "file holding the secret that signs Rådhus's tokens, at least 32 bytes (RADHUS_JWT_KEY_FILE; or the secret itself in RADHUS_JWT_KEY)")
	durationVar(fs, &a.errs, &a.accessTTL, "access-token-ttl", getenv, "RADHUS_ACCESS_TOKEN_TTL", auth.DefaultAccessTTL, "lifetime of an access token")
	durationVar(fs, &a.errs, &a.refreshTTL, "refresh-token-ttl", getenv, "RADHUS_REFRESH_TOKEN_TTL", auth.DefaultRefreshTTL, "lifetime of a refresh token, renewed by every refresh")
	durationVar(fs, &a.errs, &a.sessionTTL, "session-ttl", getenv, "RADHUS_SESSION_TTL", auth.DefaultSessionTTL, "longest a session lasts, however often it is refreshed")
	durationVar(fs, &a.errs, &a.previewTTL, "preview-token-ttl", getenv, "RADHUS_PREVIEW_TOKEN_TTL", auth.DefaultPreviewTTL, "lifetime of a preview token")
	fs.StringVar(&a.idpJWKS, "idp-jwks-url", getenv("RADHUS_IDP_JWKS_URL"), "identity provider's JWKS URL; set with issuer and audience to accept its tokens (RADHUS_IDP_JWKS_URL)")
	fs.StringVar(&a.idpIssuer, "idp-issuer", getenv("RADHUS_IDP_ISSUER"), "identity provider's token issuer, iss (RADHUS_IDP_ISSUER)")
	fs.StringVar(&a.idpAud, "idp-audience", getenv("RADHUS_IDP_AUDIENCE"), "audience, aud, the provider's tokens must name (RADHUS_IDP_AUDIENCE)")
	fs.StringVar(&a.idpClaim, "idp-role-claim", envOr(getenv, "RADHUS_IDP_ROLE_CLAIM", "roles"), "claim holding the role, a string or a list (RADHUS_IDP_ROLE_CLAIM)")
	fs.StringVar(&a.idpRoles, "idp-roles", getenv("RADHUS_IDP_ROLES"), "claim values mapped to roles, e.g. cms-editors=EDITOR,cms-admins=ADMIN; empty: EDITOR, PUBLISHER and ADMIN as they are (RADHUS_IDP_ROLES)")
	fs.StringVar(&a.proxies, "trusted-proxies", getenv("RADHUS_TRUSTED_PROXIES"), "comma-separated CIDRs of the reverse proxies and CDNs whose X-Forwarded-For names the client for the sign-in limits, e.g. 10.0.0.0/8; none by default (RADHUS_TRUSTED_PROXIES)")
	return a
}

// durationVar defines a duration flag defaulting to an environment variable;
// a malformed variable is added to errs.
func durationVar(fs *flag.FlagSet, errs *[]error, p *time.Duration, name string, getenv func(string) string, env string, def time.Duration, usage string) {
	*p = def
	fs.Func(name, fmt.Sprintf("%s (%s, default %s)", usage, env, def), func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a positive duration", s)
		}
		*p = d
		return nil
	})
	if v := getenv(env); v != "" {
		if err := fs.Set(name, v); err != nil {
			*errs = append(*errs, fmt.Errorf("%s: %w", env, err))
		}
	}
}

func (a *authConfig) check() error {
	if len(a.errs) > 0 {
		return errors.Join(a.errs...)
	}
	for _, d := range []time.Duration{a.accessTTL, a.refreshTTL, a.sessionTTL, a.previewTTL} {
		if d <= 0 {
			return errors.New("token lifetimes must be positive durations such as 15m")
		}
	}
	if a.refreshTTL < a.accessTTL {
		return errors.New("the refresh token must live at least as long as the access token")
	}
	_, err := auth.ParseTrustedProxies(a.proxies)
	return err
}

// signingKey returns the configured secret, or in development a random one,
// which the log mentions. In production a missing key is an error.
func (a *authConfig) signingKey(log *slog.Logger) ([]byte, error) {
	key := []byte(a.key)
	if a.keyFile != "" {
		if a.key != "" {
			return nil, errors.New("set RADHUS_JWT_KEY or RADHUS_JWT_KEY_FILE, not both")
		}
		b, err := os.ReadFile(a.keyFile)
		if err != nil {
			return nil, fmt.Errorf("token signing key: %w", err)
		}
		key = []byte(strings.TrimRight(string(b), "\r\n"))
	}
	switch {
	case len(key) == 0 && a.production:
		return nil, errors.New("RADHUS_ENV=production needs a token signing key: RADHUS_JWT_KEY or RADHUS_JWT_KEY_FILE")
	case len(key) == 0:
		log.Warn("no token signing key configured (RADHUS_JWT_KEY or RADHUS_JWT_KEY_FILE): using a random one; sign-ins end when the server stops")
		return auth.RandomKey(), nil
	case len(key) < auth.MinKeyLen:
		return nil, fmt.Errorf("the token signing key must have at least %d bytes", auth.MinKeyLen)
	}
	return key, nil
}

func (a *authConfig) idp() (*auth.IdPConfig, error) {
	if a.idpJWKS == "" && a.idpIssuer == "" && a.idpAud == "" {
		return nil, nil
	}
	if a.idpJWKS == "" || a.idpIssuer == "" || a.idpAud == "" {
		return nil, errors.New("the identity provider needs all of RADHUS_IDP_JWKS_URL, RADHUS_IDP_ISSUER and RADHUS_IDP_AUDIENCE")
	}
	if a.production && !strings.HasPrefix(a.idpJWKS, "https://") {
		return nil, errors.New("RADHUS_ENV=production needs the identity provider's JWKS URL over https")
	}
	c := &auth.IdPConfig{JWKSURL: a.idpJWKS, Issuer: a.idpIssuer, Audience: a.idpAud, RoleClaim: a.idpClaim}
	if a.idpRoles != "" {
		c.Roles = map[string]content.Role{}
		for _, pair := range strings.Split(a.idpRoles, ",") {
			value, role, ok := strings.Cut(strings.TrimSpace(pair), "=")
			r, known := content.ParseRole(strings.TrimSpace(role))
			if !ok || !known || strings.TrimSpace(value) == "" {
				return nil, fmt.Errorf("identity provider roles: %q is not value=EDITOR, PUBLISHER or ADMIN", pair)
			}
			c.Roles[strings.TrimSpace(value)] = r
		}
	}
	return c, nil
}

// authService builds the sign-in service of serve.
func (a *authConfig) service(ctx context.Context, db *postgres.Accounts, clock content.Clock, log *slog.Logger) (*auth.Service, error) {
	key, err := a.signingKey(log)
	if err != nil {
		return nil, err
	}
	idp, err := a.idp()
	if err != nil {
		return nil, err
	}
	proxies, err := auth.ParseTrustedProxies(a.proxies)
	if err != nil {
		return nil, err
	}
	return auth.New(ctx, auth.Config{
		Key: key, AccessTTL: a.accessTTL, RefreshTTL: a.refreshTTL, SessionTTL: a.sessionTTL, PreviewTTL: a.previewTTL,
		IdP: idp, Clock: clock, Logger: log, TrustedProxies: proxies,
	}, db)
}
