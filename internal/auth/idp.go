package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"

	"github.com/radhus/radhus/internal/content"
)

// IdPConfig configures the acceptance of access tokens issued by the
// municipality's identity provider.
type IdPConfig struct {
	JWKSURL  string
	Issuer   string
	Audience string
	// RoleClaim names the claim holding the role: a string or a list of
	// strings. With several, the highest role is taken.
	RoleClaim string
	// Roles maps claim values to roles; values not in it grant nothing. Nil
	// maps EDITOR, PUBLISHER and ADMIN to themselves.
	Roles map[string]content.Role
	// Refresh is how often the key set is fetched again (default 15 minutes).
	Refresh time.Duration
	Client  *http.Client
}

// idpAlgs are the algorithms accepted from the identity provider: asymmetric
// only, so that its public keys can never serve as an HMAC secret.
var idpAlgs = []string{"RS256", "ES256"}

type idp struct {
	cfg    IdPConfig
	keys   jwkset.Storage
	parser *jwt.Parser
}

// newIdP fetches the key set once (a failure is logged, not fatal: the
// provider may be down while Rådhus starts) and refreshes it in the
// background until ctx ends. Tokens are verified against the cached set only:
// an unknown key ID never causes a fetch.
func newIdP(ctx context.Context, cfg IdPConfig, s *Service) (*idp, error) {
	switch {
	case cfg.JWKSURL == "" || cfg.Issuer == "" || cfg.Audience == "":
		return nil, errors.New("identity provider: the JWKS URL, issuer and audience are all needed")
	case cfg.Issuer == s.cfg.Issuer:
		return nil, fmt.Errorf("identity provider: the issuer must differ from Rådhus's own (%q)", s.cfg.Issuer)
	}
	if cfg.RoleClaim == "" {
		cfg.RoleClaim = "roles"
	}
	if cfg.Roles == nil {
		cfg.Roles = map[string]content.Role{"EDITOR": content.RoleEditor, "PUBLISHER": content.RolePublisher, "ADMIN": content.RoleAdmin}
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = 15 * time.Minute
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 10 * time.Second}
	}
	log := s.cfg.Logger
	keys, err := jwkset.NewStorageFromHTTP(cfg.JWKSURL, jwkset.HTTPClientStorageOptions{
		Client:                    cfg.Client,
		Ctx:                       ctx,
		HTTPTimeout:               10 * time.Second,
		NoErrorReturnFirstHTTPReq: true,
		RefreshInterval:           cfg.Refresh,
		RefreshErrorHandler: func(ctx context.Context, err error) {
			log.WarnContext(ctx, "identity provider key set not fetched", "url", cfg.JWKSURL, "err", err)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("identity provider: %w", err)
	}
	return &idp{cfg: cfg, keys: keys, parser: jwt.NewParser(
		jwt.WithValidMethods(idpAlgs),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(s.cfg.Leeway),
		jwt.WithTimeFunc(s.cfg.Clock.Now),
	)}, nil
}

// verify checks a token of the identity provider and returns its actor.
func (p *idp) verify(ctx context.Context, raw string) (content.Actor, error) {
	claims := jwt.MapClaims{}
	if _, err := p.parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		return p.key(ctx, t)
	}); err != nil {
		return content.Actor{}, err
	}
	sub, _ := claims["sub"].(string)
	if sub == "" || len(sub) > 255 {
		return content.Actor{}, errors.New("no subject")
	}
	role := p.role(claims[p.cfg.RoleClaim])
	if role == content.RoleNone {
		return content.Actor{}, errors.New("no role")
	}
	email, _ := claims["email"].(string)
	return content.Actor{ID: content.IdPActorPrefix + sub, Email: email, Role: role}, nil
}

// key finds the token's key by its kid in the cached set, and checks that the
// key is for signing with the token's algorithm.
func (p *idp) key(ctx context.Context, t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	if kid == "" || len(kid) > 256 {
		return nil, errors.New("no usable key ID")
	}
	jwk, err := p.keys.KeyRead(ctx, kid)
	if err != nil {
		return nil, errors.New("unknown key ID")
	}
	m := jwk.Marshal()
	if m.USE != "" && m.USE != jwkset.UseSig {
		return nil, errors.New("key not for signatures")
	}
	if m.ALG != "" && string(m.ALG) != t.Method.Alg() {
		return nil, errors.New("key is for another algorithm")
	}
	switch k := jwk.Key().(type) {
	case *rsa.PublicKey:
		if t.Method.Alg() == "RS256" && k.N.BitLen() >= 2048 {
			return k, nil
		}
	case *ecdsa.PublicKey:
		if t.Method.Alg() == "ES256" && k.Curve == elliptic.P256() {
			return k, nil
		}
	}
	return nil, errors.New("key does not fit the algorithm")
}

// role maps a role claim to the highest role it names.
func (p *idp) role(v any) content.Role {
	best := content.RoleNone
	consider := func(s string) {
		if r, ok := p.cfg.Roles[strings.TrimSpace(s)]; ok && r > best {
			best = r
		}
	}
	switch v := v.(type) {
	case string:
		consider(v)
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				consider(s)
			}
		}
	}
	return best
}
