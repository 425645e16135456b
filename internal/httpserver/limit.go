package httpserver

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// UploadReadTimeout bounds reading an upload's body: 50 MB at about 1 Mbit/s.
// Other requests keep the server's ReadTimeout.
const UploadReadTimeout = 10 * time.Minute

// limitBody bounds request bodies to n bytes, and multipart requests to /graphql
// (uploads, the GraphQL multipart request spec) to upload bytes. A larger body
// fails while being read; an upload that is too large gets 413 and a GraphQL
// error saying the limit, whether it declared its length or not.
func limitBody(next http.Handler, n, upload int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		if !isUpload(r) {
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > upload {
			writeTooLarge(w, upload)
			return
		}
		// A slow link needs longer than ReadTimeout for 50 MB.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(UploadReadTimeout))
		body := &watchedBody{ReadCloser: http.MaxBytesReader(w, r.Body, upload)}
		r.Body = body
		next.ServeHTTP(&tooLargeWriter{ResponseWriter: w, body: body, limit: upload}, r)
	})
}

func isUpload(r *http.Request) bool {
	if r.Method != http.MethodPost || r.URL.Path != "/graphql" {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

// watchedBody records that the body limit was hit.
type watchedBody struct {
	io.ReadCloser
	exceeded atomic.Bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if err != nil && errors.As(err, &mbe) {
		b.exceeded.Store(true)
	}
	return n, err
}

// tooLargeWriter answers 413 with the limit, in place of whatever the handler
// says, once the body limit was hit.
type tooLargeWriter struct {
	http.ResponseWriter
	body     *watchedBody
	limit    int64
	replaced bool
}

func (w *tooLargeWriter) WriteHeader(code int) {
	if w.body.exceeded.Load() {
		if !w.replaced {
			w.replaced = true
			writeTooLarge(w.ResponseWriter, w.limit)
		}
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *tooLargeWriter) Write(b []byte) (int, error) {
	if w.body.exceeded.Load() {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *tooLargeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeTooLarge answers an upload over the limit as a GraphQL error.
func writeTooLarge(w http.ResponseWriter, limit int64) {
	body, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{
		"message": "the upload is larger than the limit of " + strconv.FormatInt(limit, 10) + " bytes",
		"extensions": map[string]any{
			"code":       "BAD_USER_INPUT",
			"field":      "file",
			"limitBytes": limit,
		},
	}}})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Connection", "close") // the rest of the body is not read
	w.WriteHeader(http.StatusRequestEntityTooLarge)
	w.Write(body)
}
