// Package httpserver is Rådhus's HTTP surface: routes, middleware, health checks
// and document downloads.
package httpserver

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/metrics"
)

// Deps are what the server needs.
type Deps struct {
	Logger *slog.Logger
	// GraphQL serves /graphql.
	GraphQL http.Handler
	// GraphiQL, when not nil, serves the GraphiQL IDE at /.
	GraphiQL http.Handler
	// Documents and Blobs serve /files/.
	Documents DocumentReader
	Blobs     blob.Store
	// DraftDocuments, with Authenticate (the sign-in middleware, which puts
	// the request's actor in its context), serve documents' drafts to editors
	// at /files/{id}/{name}?preview=true. Nil: no drafts are served.
	DraftDocuments DocumentReader
	Authenticate   func(http.Handler) http.Handler
	// Ready reports whether the server can take traffic (database reachable,
	// migrations applied, not shutting down).
	Ready func(ctx context.Context) error
	// MaxUploadBytes bounds the files of a multipart (upload) request to
	// /graphql: its body may hold MaxUploadBytes plus MaxBodyBytes.
	MaxUploadBytes int64
	// Metrics, when not nil, counts requests and is served at /metrics.
	Metrics *metrics.Metrics
	// CORSOrigins are the origins whose browser apps may call /graphql and
	// /files/; none by default.
	CORSOrigins []string
	// Trace, when not nil, traces requests (tracing.Tracing.Handler): it
	// wraps everything else, and the request's log line names its span and
	// gives it the GraphQL operation and error codes.
	Trace func(http.Handler) http.Handler
	// SlowRequest is the duration above which a request is logged at warn
	// level and counted as slow; zero turns that off.
	SlowRequest time.Duration
}

// DocumentReader finds published documents.
type DocumentReader interface {
	DocumentsByID(ctx context.Context, ids []int64) (map[int64]*content.Document, error)
}

// MaxBodyBytes bounds a request body, except an upload's.
const MaxBodyBytes = 1 << 20

// NewServer returns the whole HTTP surface of Rådhus.
func NewServer(d Deps) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, d)
	var h http.Handler = mux
	// An upload's body holds the file and, beside it, the operation and the map.
	h = limitBody(h, MaxBodyBytes, d.MaxUploadBytes+MaxBodyBytes)
	h = withCORS(h, d.CORSOrigins)
	h = withNoSniff(h)
	h = recoverPanics(h, d.Logger)
	h = logRequests(h, d.Logger, d.SlowRequest, d.Metrics)
	h = withRequestID(h)
	if d.Trace != nil {
		h = d.Trace(h)
	}
	return h
}
