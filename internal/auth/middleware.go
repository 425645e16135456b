package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/radhus/radhus/internal/content"
)

type requestKey struct{}

// request is what a resolver may need of the HTTP request: the client's
// address (for sign-in limits) and the response headers (for Retry-After).
type request struct {
	addr   string
	header http.Header
}

// ClientAddr returns the address of the client of ctx's request ("" outside
// the middleware): the connection's peer, or behind a trusted proxy the client
// X-Forwarded-For names (see Config.TrustedProxies).
func ClientAddr(ctx context.Context) string {
	r, _ := ctx.Value(requestKey{}).(*request)
	if r == nil {
		return ""
	}
	return r.addr
}

// SetRetryAfter sets the Retry-After header of ctx's response.
func SetRetryAfter(ctx context.Context, seconds int) {
	if r, _ := ctx.Value(requestKey{}).(*request); r != nil {
		r.header.Set("Retry-After", strconv.Itoa(seconds))
	}
}

// Middleware verifies the request's bearer token and puts its actor or
// preview grant in the request's context; without an Authorization header
// the request goes on anonymously. A token that does not verify, or a header
// that is not one bearer token, is answered at once with 401 and a GraphQL
// error UNAUTHENTICATED: never downgraded to anonymous.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r, s.cfg.TrustedProxies)
		ctx := context.WithValue(r.Context(), requestKey{}, &request{addr: addr, header: w.Header()})
		values := r.Header.Values("Authorization")
		if len(values) == 0 {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		scheme, token, ok := strings.Cut(values[0], " ")
		if len(values) != 1 || !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			writeError(w, http.StatusUnauthorized, ErrUnauthenticated)
			return
		}
		// The look-up of the token's user is bounded on its own: the request's
		// timeout starts later, around the GraphQL layer.
		lookup, cancel := context.WithTimeout(ctx, authTimeout)
		authed, err := s.Authenticate(lookup, strings.TrimSpace(token))
		cancel()
		switch {
		case content.ErrorCode(err) == content.EUNAUTHORIZED:
			writeError(w, http.StatusUnauthorized, ErrUnauthenticated)
			return
		case err != nil:
			s.cfg.Logger.ErrorContext(r.Context(), "verify token", "err", err)
			writeError(w, http.StatusServiceUnavailable,
				content.Errorf(content.EINTERNAL, "sign-in cannot be checked now; try again"))
			return
		}
		// Authenticate derived its context from lookup, which is cancelled
		// now: carry over what it added, on the request's own context.
		next.ServeHTTP(w, r.WithContext(carry(ctx, authed)))
	})
}

// authTimeout bounds verifying a token, its database look-up included.
const authTimeout = 5 * time.Second

// carry returns ctx with the actor or preview grant that from holds.
func carry(ctx, from context.Context) context.Context {
	if a, ok := content.ActorFrom(from); ok {
		ctx = content.WithActor(ctx, a)
	}
	if g, ok := content.PreviewGrantFrom(from); ok {
		ctx = content.WithPreviewGrant(ctx, g)
	}
	return ctx
}

// writeError answers with one GraphQL error, as the GraphQL endpoint would.
func writeError(w http.ResponseWriter, status int, e *content.Error) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []any{map[string]any{
			"message":    e.Message,
			"extensions": map[string]any{"code": e.Code},
		}},
		"data": nil,
	})
}
