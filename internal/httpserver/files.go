package httpserver

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/requestid"
)

// MaxRanges bounds the byte ranges of one file request; more are refused
// (416), as a request for hundreds of tiny ranges makes the answer many times
// larger than the file.
const MaxRanges = 5

// documentRoute serves published documents to everyone and, with
// ?preview=true, a document's draft to a signed-in editor (its file may have
// been replaced since it was published), never cached by anyone but the
// editor's browser.
func documentRoute(d Deps) http.Handler {
	published := serveDocument(d.Documents, d.Blobs, d.Logger)
	if d.DraftDocuments == nil || d.Authenticate == nil {
		return published
	}
	drafts := serveDocument(d.DraftDocuments, d.Blobs, d.Logger)
	editorOnly := d.Authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, no-store")
		a, ok := content.ActorFrom(r.Context())
		switch {
		case !ok:
			http.Error(w, "sign in as an editor to download a draft", http.StatusUnauthorized)
		case !a.Can(content.RoleEditor):
			http.Error(w, "only editors download drafts", http.StatusForbidden)
		default:
			drafts.ServeHTTP(privateCache{w}, r)
		}
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("preview") == "true" {
			editorOnly.ServeHTTP(w, r)
			return
		}
		published.ServeHTTP(w, r)
	})
}

// privateCache keeps a draft's Cache-Control private whatever serveDocument
// sets.
type privateCache struct{ http.ResponseWriter }

func (p privateCache) WriteHeader(code int) {
	p.Header().Set("Cache-Control", "private, no-store")
	p.ResponseWriter.WriteHeader(code)
}

func (p privateCache) Write(b []byte) (int, error) {
	p.Header().Set("Cache-Control", "private, no-store")
	return p.ResponseWriter.Write(b)
}

// serveDocument serves a published document's bytes with its stored type, its
// SHA-256 as ETag (If-None-Match gives 304), and byte ranges (206, at most
// MaxRanges). Browsers and CDNs revalidate every time (no-cache with the
// ETag), so that an unpublished document is not served on from their caches.
// Stored bytes whose size is not the recorded one are not served: that is
// logged once per document. The name in the URL is for people and browsers'
// save dialogs; the ID decides.
func serveDocument(docs DocumentReader, blobs blob.Store, log *slog.Logger) http.Handler {
	var reported sync.Map // documents whose size mismatch was logged
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := strings.Count(r.Header.Get("Range"), ",") + 1; r.Header.Get("Range") != "" && n > MaxRanges {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			fmt.Fprintf(w, "at most %d byte ranges per request\n", MaxRanges)
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			http.NotFound(w, r)
			return
		}
		found, err := docs.DocumentsByID(r.Context(), []int64{id})
		if err != nil {
			log.ErrorContext(r.Context(), "document lookup", "request_id", requestid.From(r.Context()), "err", err)
			http.Error(w, "internal server error", http.StatusInternalServerError)
			return
		}
		d := found[id]
		if d == nil {
			http.NotFound(w, r)
			return
		}
		f, err := blobs.Open(r.Context(), d.StorageKey)
		if errors.Is(err, blob.ErrNotFound) {
			log.ErrorContext(r.Context(), "document bytes missing", "request_id", requestid.From(r.Context()), "document", id)
			http.NotFound(w, r)
			return
		}
		if err != nil {
			log.ErrorContext(r.Context(), "document open", "request_id", requestid.From(r.Context()), "err", err)
			http.Error(w, "internal server error", http.StatusInternalServerError)
			return
		}
		defer f.Close()
		size, err := f.Seek(0, io.SeekEnd)
		if err == nil {
			_, err = f.Seek(0, io.SeekStart)
		}
		if err != nil || size != d.SizeBytes {
			if _, done := reported.LoadOrStore(d.SHA256, true); !done {
				log.ErrorContext(r.Context(), "document bytes differ from the database", "request_id", requestid.From(r.Context()),
					"document", id, "stored_bytes", size, "recorded_bytes", d.SizeBytes, "err", err)
			}
			http.Error(w, "internal server error", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", d.MimeType)
		h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": d.FileName}))
		h.Set("ETag", `"`+d.SHA256+`"`)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		// ServeContent answers If-None-Match, If-Range and Range from the ETag above.
		http.ServeContent(w, r, "", d.CreatedAt, f)
	})
}
