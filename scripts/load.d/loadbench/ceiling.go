package main

import (
	"net/http"
	"strings"
)

// serveCeiling is the reference: a trivial Go net/http server answering every
// request to /graphql with the same 2 KB of JSON. Nothing Rådhus does per request
// can be cheaper than this on the same machine and wrk settings.
func serveCeiling(addr string) error {
	body := []byte(`{"data":{"page":{"title":"` + strings.Repeat("Rådhus ", 290) + `"}}}`)
	mux := http.NewServeMux()
	mux.HandleFunc("/graphql", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })
	return http.ListenAndServe(addr, mux)
}
