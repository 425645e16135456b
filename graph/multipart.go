package graph

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/upload"
)

// multipartForm is the transport of uploads: the GraphQL multipart request
// spec (parts `operations`, `map`, then the files). Each file is streamed to a
// temporary file, removed when the request ends, so that no upload is ever held
// in memory whole. It keeps the file name exactly as sent (Go's
// multipart.Part.FileName drops path parts, which would hide a "../" from the
// validation that refuses it), and refuses a file larger than maxBytes while
// reading it.
type multipartForm struct {
	maxBytes int64
}

var _ graphql.Transport = multipartForm{}

func (multipartForm) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == "" && isMultipart(r)
}

func (f multipartForm) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	w.Header().Set("Content-Type", "application/json")
	fail := func(status int, field, format string, args ...any) {
		e := gqlerror.Errorf(format, args...)
		e.Extensions = map[string]any{"code": content.EINVALID, "field": field}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(graphql.Response{Errors: gqlerror.List{e}})
	}
	mr, err := r.MultipartReader()
	if err != nil {
		fail(http.StatusBadRequest, "body", "not a multipart request")
		return
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "operations" {
		fail(http.StatusBadRequest, "operations", "the first part must be operations")
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(part)
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		fail(http.StatusBadRequest, "operations", "operations is not a GraphQL request in JSON")
		return
	}
	part, err = mr.NextPart()
	if err != nil || part.FormName() != "map" {
		fail(http.StatusBadRequest, "map", "the second part must be map")
		return
	}
	var files map[string][]string
	if err := json.NewDecoder(part).Decode(&files); err != nil {
		fail(http.StatusBadRequest, "map", "map is not a JSON object of file keys to variable paths")
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fail(http.StatusBadRequest, "body", "a part of the request cannot be read")
			return
		}
		key := part.FormName()
		paths := files[key]
		if len(paths) == 0 {
			fail(http.StatusBadRequest, "map", "map names no variable for file %q", key)
			return
		}
		delete(files, key)
		_, disp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		tmp, err := os.CreateTemp("", "radhus-upload-*")
		if err != nil {
			fail(http.StatusInternalServerError, "body", "the upload cannot be stored")
			return
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		n, err := io.Copy(tmp, io.LimitReader(part, f.maxBytes+1))
		switch {
		case err != nil:
			fail(http.StatusBadRequest, "file", "the upload was cut short")
			return
		case n > f.maxBytes:
			fail(http.StatusRequestEntityTooLarge, "file", "the file is larger than the upload limit of %s", upload.FormatBytes(f.maxBytes))
			return
		}
		for _, path := range paths {
			fh, err := os.Open(tmp.Name())
			if err != nil {
				fail(http.StatusInternalServerError, "body", "the upload cannot be read back")
				return
			}
			defer fh.Close()
			u := graphql.Upload{File: fh, Filename: disp["filename"], Size: n, ContentType: part.Header.Get("Content-Type")}
			if gerr := params.AddUpload(u, key, path); gerr != nil {
				fail(http.StatusBadRequest, "map", "%s", gerr.Message)
				return
			}
		}
	}
	for key := range files {
		fail(http.StatusBadRequest, "map", "file %q is named in map but was not sent", key)
		return
	}
	params.Headers = r.Header
	rc, gerrs := exec.CreateOperationContext(r.Context(), &params)
	if gerrs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(r.Context(), rc), gerrs)
		if errcode.GetErrorKind(gerrs) == errcode.KindProtocol {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
		json.NewEncoder(w).Encode(resp)
		return
	}
	responses, ctx := exec.DispatchOperation(r.Context(), rc)
	json.NewEncoder(w).Encode(responses(ctx))
}
