package httpserver

import (
	"net/http"
	"strings"

	"github.com/rs/cors"
)

// withNoSniff tells browsers on every response to trust its Content-Type.
func withNoSniff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// withCORS lets browser apps of the given origins call /graphql and /files/
// (preflights answered here, Authorization and Content-Type allowed); other
// origins and other paths get no CORS headers. With no origins it does
// nothing.
func withCORS(next http.Handler, origins []string) http.Handler {
	if len(origins) == 0 {
		return next
	}
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodHead},
		AllowedHeaders: []string{"Authorization", "Content-Type"},
		ExposedHeaders: []string{"X-Request-ID", "X-Radhus-Cache", "ETag", "Content-Disposition"},
		MaxAge:         600,
	})
	withHeaders := c.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/graphql" || strings.HasPrefix(r.URL.Path, "/files/") {
			withHeaders.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
