// Package graphiql serves the GraphiQL IDE from files embedded in the binary
// (graphiql 3.8.3, react and react-dom 18.3.1, from npm), so that it needs no
// CDN, under a Content-Security-Policy that allows only them and forbids
// framing.
package graphiql

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed assets
var assets embed.FS

// CSP is the Content-Security-Policy of the IDE's page and files: scripts and
// styles from this server only (GraphiQL sets inline styles), requests to
// this server only, never in a frame.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// Page serves the IDE's page.
func Page() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := assets.ReadFile("assets/index.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		setSecurityHeaders(w)
		w.Write(b)
	})
}

// Files serves the IDE's scripts and styles under /graphiql/.
func Files() http.Handler {
	sub, _ := fs.Sub(assets, "assets")
	files := http.StripPrefix("/graphiql/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w)
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}

func setSecurityHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", CSP)
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Referrer-Policy", "no-referrer")
}
