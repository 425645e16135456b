package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Rådhus's own tokens are HS256 JWTs: Rådhus is the only party that issues and
// verifies them, so a shared secret (the same on every node) is all it needs,
// and no public key has to be distributed. Access and preview tokens differ in
// header type, audience and signing key (each derived from the secret for its
// purpose), so that one can never pass for the other.
const (
	ownAlg = "HS256"

	accessType    = "at+jwt"
	accessAud     = "radhus-api"
	previewType   = "radhus-preview+jwt"
	previewAud    = "radhus-preview"
	refreshPrefix = "rt_"
)

// MinKeyLen is the shortest signing secret accepted, in bytes.
const MinKeyLen = 32

// keys are the signing keys of each kind of token, derived from one secret.
type keys struct {
	access  []byte
	preview []byte
}

func deriveKeys(secret []byte) (keys, error) {
	if len(secret) < MinKeyLen {
		return keys{}, fmt.Errorf("the token signing key must have at least %d bytes", MinKeyLen)
	}
	derive := func(purpose string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("radhus " + purpose + " token signing key v1"))
		return m.Sum(nil)
	}
	return keys{access: derive("access"), preview: derive("preview")}, nil
}

// RandomKey returns a new random signing secret.
func RandomKey() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

type accessClaims struct {
	jwt.RegisteredClaims
	SessionID string `json:"sid"`
}

type previewClaims struct {
	jwt.RegisteredClaims
	PageID int64 `json:"pid"`
}

func sign(typ string, claims jwt.Claims, key []byte) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	t.Header["typ"] = typ
	return t.SignedString(key)
}

func tokenID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Service) issueAccess(userID int64, sessionID string, now time.Time) (string, time.Time, error) {
	exp := now.Add(s.cfg.AccessTTL)
	tok, err := sign(accessType, accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.cfg.Issuer,
			Subject:   strconv.FormatInt(userID, 10),
			Audience:  jwt.ClaimStrings{accessAud},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        tokenID(),
		},
		SessionID: sessionID,
	}, s.keys.access)
	return tok, exp, err
}

func (s *Service) issuePreview(actorID string, pageID int64, now time.Time) (string, time.Time, error) {
	exp := now.Add(s.cfg.PreviewTTL)
	tok, err := sign(previewType, previewClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.cfg.Issuer,
			Subject:   actorID,
			Audience:  jwt.ClaimStrings{previewAud},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        tokenID(),
		},
		PageID: pageID,
	}, s.keys.preview)
	return tok, exp, err
}

// ownParser verifies Rådhus's own tokens of one audience: HS256 only, issuer
// and audience checked, exp required, the configured leeway.
func (s *Service) ownParser(aud string) *jwt.Parser {
	return jwt.NewParser(
		jwt.WithValidMethods([]string{ownAlg}),
		jwt.WithIssuer(s.cfg.Issuer),
		jwt.WithAudience(aud),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(s.cfg.Leeway),
		jwt.WithTimeFunc(s.cfg.Clock.Now),
		jwt.WithStrictDecoding(),
	)
}

// ownKey returns the keyfunc of one kind of own token: the header must name
// that type and no key ID (Rådhus sets none).
func ownKey(typ string, key []byte) jwt.Keyfunc {
	return func(t *jwt.Token) (any, error) {
		if h, _ := t.Header["typ"].(string); h != typ {
			return nil, errors.New("wrong token type")
		}
		if _, ok := t.Header["kid"]; ok {
			return nil, errors.New("unexpected key ID")
		}
		return key, nil
	}
}

// newRefreshToken returns an opaque refresh token and the hash it is stored
// under. It has 256 random bits, so a fast hash suffices.
func newRefreshToken() (string, []byte) {
	b := make([]byte, 32)
	rand.Read(b)
	tok := refreshPrefix + base64.RawURLEncoding.EncodeToString(b)
	return tok, hashRefresh(tok)
}

func hashRefresh(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

func newSessionID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
