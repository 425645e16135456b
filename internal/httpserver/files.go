package httpserver

import (
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/requestid"
)

// serveDocument serves a published document's bytes with its stored type, its
// SHA-256 as ETag (If-None-Match gives 304), and byte ranges (206). The name in
// the URL is for people and browsers' save dialogs; the ID decides.
func serveDocument(docs DocumentReader, blobs blob.Store, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		h := w.Header()
		h.Set("Content-Type", d.MimeType)
		h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": d.FileName}))
		h.Set("ETag", `"`+d.SHA256+`"`)
		h.Set("Cache-Control", "public, max-age=3600")
		h.Set("X-Content-Type-Options", "nosniff")
		// ServeContent answers If-None-Match, If-Range and Range from the ETag above.
		http.ServeContent(w, r, "", d.CreatedAt, f)
	})
}
