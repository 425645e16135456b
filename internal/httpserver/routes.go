package httpserver

import (
	"net/http"

	"github.com/radhus/radhus/internal/httpserver/graphiql"
)

// addRoutes registers every route of Rådhus, in one place.
func addRoutes(mux *http.ServeMux, d Deps) {
	mux.Handle("/graphql", d.GraphQL)
	mux.Handle("GET /files/{id}/{name}", documentRoute(d))
	mux.Handle("GET /healthz", healthz())
	mux.Handle("GET /readyz", readyz(d.Ready, d.Logger))
	if d.Metrics != nil {
		mux.Handle("GET /metrics", d.Metrics.Handler())
	}
	if d.GraphiQL != nil {
		mux.Handle("GET /{$}", d.GraphiQL)
		mux.Handle("GET /graphiql/", graphiql.Files())
	}
}
