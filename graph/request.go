package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/radhus/radhus/internal/requestid"
)

// Codes of requests refused before they reach GraphQL, in extensions.code.
const (
	CodeBadRequest           = "BAD_REQUEST"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeRequestTooLarge      = "REQUEST_TOO_LARGE"
)

// DefaultBodyBytes bounds the JSON body of a GraphQL request (uploads have
// their own bound).
const DefaultBodyBytes = 256 << 10

// request is a GraphQL request decoded from HTTP: GET with the query in the
// URL, or POST with a JSON body.
type request struct {
	params graphql.RawParams
	get    bool
}

type requestKey struct{}

func requestFrom(ctx context.Context) *request {
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

// refuse answers a request that is not a GraphQL request Rådhus takes, in the
// shape of a GraphQL response, naming nothing of the request.
func refuse(w http.ResponseWriter, r *http.Request, status int, code, field, msg string) {
	ext := map[string]any{"code": code}
	if field != "" {
		ext["field"] = field
	}
	refuseError(w, r, status, &gqlerror.Error{Message: msg, Extensions: ext})
}

// decodeRequests decodes GET and JSON POST requests before anything else
// reads them, and refuses what is not one: another method, another type of
// body (multipart uploads pass on to gqlgen), a body over maxBody bytes, JSON
// that does not decode to a request, a query over maxQuery bytes (found
// before its text is copied out of the body; the limits refuse one sent by
// GET the same way). Invalid UTF-8 in the request becomes a NUL character,
// which the GraphQL layer refuses naming the argument.
func decodeRequests(next http.Handler, maxBody int64, maxQuery int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req *request
		switch r.Method {
		case http.MethodGet:
			q, err := url.ParseQuery(r.URL.RawQuery)
			if err != nil {
				refuse(w, r, http.StatusBadRequest, CodeBadRequest, "", "the URL's query string does not decode")
				return
			}
			req = &request{get: true, params: graphql.RawParams{
				Query:         queryText(q.Get("query")),
				OperationName: q.Get("operationName"),
			}}
			for _, part := range []struct {
				name string
				into *map[string]any
			}{{"variables", &req.params.Variables}, {"extensions", &req.params.Extensions}} {
				if v := q.Get(part.name); v != "" {
					if err := decodeObject([]byte(v), part.into); err != nil {
						refuse(w, r, http.StatusBadRequest, CodeBadRequest, part.name, part.name+" must be a JSON object")
						return
					}
				}
			}
		case http.MethodPost:
			mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			switch mediaType {
			case "application/json":
			case "multipart/form-data":
				next.ServeHTTP(w, r)
				return
			default:
				refuse(w, r, http.StatusUnsupportedMediaType, CodeUnsupportedMediaType, "",
					"a GraphQL request is a POST of application/json (multipart/form-data for uploads) or a GET")
				return
			}
			var err error
			if req, err = decodeBody(r.Body, r.ContentLength, maxBody, maxQuery); err != nil {
				var tooLarge *http.MaxBytesError
				switch {
				case errors.Is(err, errQueryTooLong):
					refuseError(w, r, http.StatusUnprocessableEntity,
						limitError(CodeQueryTooLarge, maxQuery, "the query is longer than %d bytes", maxQuery))
				case errors.Is(err, errTooLarge) || errors.As(err, &tooLarge):
					w.Header().Set("Connection", "close")
					refuse(w, r, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "",
						"the request body is larger than "+strconv.FormatInt(maxBody, 10)+" bytes")
				case errors.Is(err, errVariables):
					refuse(w, r, http.StatusBadRequest, CodeBadRequest, "variables", "variables must be a JSON object")
				case errors.Is(err, errExtensions):
					refuse(w, r, http.StatusBadRequest, CodeBadRequest, "extensions", "extensions must be a JSON object")
				default:
					refuse(w, r, http.StatusBadRequest, CodeBadRequest, "",
						`the request body must be one JSON object: {"query": "…", "operationName": "…", "variables": {…}}`)
				}
				return
			}
		case http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			refuse(w, r, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "", "GraphQL requests are GET or POST")
			return
		}
		req.params.Headers = r.Header
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey{}, req)))
	})
}

// refuseError answers a request with one GraphQL error, recording its code
// for the request's log line and metrics.
func refuseError(w http.ResponseWriter, r *http.Request, status int, e *gqlerror.Error) {
	if info := requestid.InfoFrom(r.Context()); info != nil {
		code, _ := e.Extensions["code"].(string)
		info.AddErrorCode(code)
	}
	b, _ := json.Marshal(graphql.Response{Errors: gqlerror.List{e}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

var (
	errQueryTooLong = errors.New("query too long")
	errTooLarge     = errors.New("body too large")
	errVariables    = errors.New("variables not an object")
	errExtensions   = errors.New("extensions not an object")
)

// bodyBufs holds the buffers request bodies are read into: what is decoded
// from a body is copied out of it, so a buffer serves the next request, and
// a flood of large bodies leaves no garbage behind.
var bodyBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readBody is a request body already read whole (by the response cache, to
// key it), held in a buffer of bodyBufs until the request is served.
type readBody struct {
	*bytes.Reader
	b []byte
}

func (readBody) Close() error { return nil }

// readBodyInto reads body into buf, at most maxBody+1 bytes, growing buf to
// the declared length first where there is one: a body near the limit is
// then held once, not in the doubling copies io.ReadAll makes.
func readBodyInto(buf *bytes.Buffer, body io.Reader, length, maxBody int64) error {
	buf.Reset()
	if length > 0 && length <= maxBody {
		buf.Grow(int(length) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(body, maxBody+1))
	return err
}

// getBodyBuf and putBodyBuf take a buffer of bodyBufs and give it back, unless
// it grew beyond what a body may hold.
func getBodyBuf() *bytes.Buffer { return bodyBufs.Get().(*bytes.Buffer) }

func putBodyBuf(buf *bytes.Buffer, maxBody int64) {
	if int64(buf.Cap()) <= maxBody+bytes.MinRead {
		bodyBufs.Put(buf)
	}
}

func decodeBody(body io.Reader, length, maxBody int64, maxQuery int) (*request, error) {
	if length > maxBody {
		return nil, errTooLarge // refused unread
	}
	var b []byte
	if rb, ok := body.(readBody); ok {
		b = rb.b
	} else {
		buf := getBodyBuf()
		defer putBodyBuf(buf, maxBody)
		if err := readBodyInto(buf, body, length, maxBody); err != nil {
			return nil, err
		}
		b = buf.Bytes()
	}
	if int64(len(b)) > maxBody {
		return nil, errTooLarge
	}
	var raw struct {
		Query         queryField      `json:"query"`
		OperationName *string         `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    json.RawMessage `json:"extensions"`
	}
	raw.Query.max = maxQuery
	// Unmarshal, not a Decoder, which would copy the body once more; it
	// refuses anything after the one JSON value too.
	if err := json.Unmarshal(nulForInvalidUTF8(b), &raw); err != nil {
		if errors.Is(err, errQueryTooLong) {
			return nil, errQueryTooLong
		}
		return nil, err
	}
	req := &request{}
	if raw.Query.text != nil {
		req.params.Query = queryText(*raw.Query.text)
	}
	if raw.OperationName != nil {
		req.params.OperationName = *raw.OperationName
	}
	if err := decodeObject(raw.Variables, &req.params.Variables); err != nil {
		return nil, errVariables
	}
	if err := decodeObject(raw.Extensions, &req.params.Extensions); err != nil {
		return nil, errExtensions
	}
	return req, nil
}

// queryField is a request's query, refused unread when its JSON string is
// surely longer than max bytes once decoded: an escape is at most six bytes
// of JSON for one byte of text, so a string of n bytes with k backslashes
// holds at least n-2-5k. What is refused is never copied out of the body.
type queryField struct {
	max  int
	text *string
}

func (q *queryField) UnmarshalJSON(b []byte) error {
	if q.max > 0 && len(b)-2-5*bytes.Count(b, []byte{'\\'}) > q.max {
		return errQueryTooLong
	}
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	q.text = &s
	return nil
}

// decodeObject decodes a JSON object, or null, keeping numbers as written.
func decodeObject(b []byte, into *map[string]any) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '{' {
		return errors.New("not an object")
	}
	dec := json.NewDecoder(bytes.NewReader(nulForInvalidUTF8(b)))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// nulForInvalidUTF8 writes each byte that is not UTF-8 as the escape \u0000:
// in a string, JSON's and GraphQL's alike, it decodes to NUL, which the
// argument check refuses, naming the argument; anywhere else it does not
// parse. (Go's JSON decoder would turn the byte into U+FFFD silently.)
func nulForInvalidUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			out = append(out, `\u0000`...)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}

// queryText writes NUL characters and bytes that are not UTF-8 in a query
// as GraphQL's escape \u0000: in a string literal the argument check refuses
// it, naming the argument; anywhere else the query does not parse.
func queryText(q string) string {
	if utf8.ValidString(q) && strings.IndexByte(q, 0) < 0 {
		return q // the usual case, without a copy
	}
	b := nulForInvalidUTF8([]byte(q))
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, []byte{0}, []byte(`\u0000`))
	}
	return string(b)
}

// decodedTransport runs the requests decodeRequests decoded: directly when
// direct is set and can (see executeDirect), else with gqlgen's executor.
type decodedTransport struct {
	direct func(context.Context, *graphql.OperationContext) (*graphql.Response, func(), bool)
}

var _ graphql.Transport = decodedTransport{}

func (t decodedTransport) Supports(r *http.Request) bool { return requestFrom(r.Context()) != nil }

func (t decodedTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	req := requestFrom(ctx)
	w.Header().Set("Content-Type", "application/json")
	params := req.params
	start := graphql.Now()
	params.ReadTime = graphql.TraceTiming{Start: start, End: start}
	oc, errs := exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
		}
		w.WriteHeader(status)
		writeResponse(lengthWriter{w}, exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs))
		return
	}
	if req.get && oc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		refuse(w, r, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "", "mutations are sent with POST")
		return
	}
	if t.direct != nil {
		if resp, release, ok := t.direct(ctx, oc); ok {
			defer release()
			// What the response interceptors do with an answer to a query
			// without @volatile fields.
			recordOperation(ctx, oc)
			if info := requestid.InfoFrom(ctx); info != nil {
				for _, e := range resp.Errors {
					code, _ := e.Extensions["code"].(string)
					info.AddErrorCode(code)
				}
			}
			if verdict, _ := ctx.Value(verdictKey{}).(*cacheVerdict); verdict != nil && len(resp.Errors) == 0 {
				verdict.keep.Store(true)
			}
			writeResponse(lengthWriter{w}, resp)
			return
		}
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	resp := responses(ctx)
	if resp == nil {
		// gqlgen answers nothing once the request's context is done: the
		// operation ran out of time, or the client went away.
		err := ctx.Err()
		if err == nil {
			err = context.Canceled
		}
		resp = exec.DispatchError(ctx, gqlerror.List{gqlerror.WrapIfUnwrapped(err)})
	}
	writeResponse(lengthWriter{w}, resp)
}

// lengthWriter is a ResponseWriter that writes a response in one piece: with
// its Content-Length, not chunked.
type lengthWriter struct{ http.ResponseWriter }

func (w lengthWriter) Write(b []byte) (int, error) {
	return w.write(b)
}

// write writes the parts of a response, with their length.
func (w lengthWriter) write(parts ...[]byte) (int, error) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	w.Header().Set("Content-Length", strconv.Itoa(n))
	n = 0
	for _, p := range parts {
		m, err := w.ResponseWriter.Write(p)
		if n += m; err != nil {
			return n, err
		}
	}
	return n, nil
}

var (
	dataOpen  = []byte(`{"data":`)
	dataClose = []byte(`}`)
)

// writeResponse writes a response. One with data only, the usual one, is
// written as it is: its data is JSON gqlgen wrote, which encoding/json would
// only check and copy again (a tenth of the server's time on a large page).
func writeResponse(w lengthWriter, resp *graphql.Response) {
	if len(resp.Errors) == 0 && len(resp.Data) > 0 && resp.Label == "" && resp.Path == nil &&
		resp.HasNext == nil && len(resp.Extensions) == 0 {
		w.write(dataOpen, resp.Data, dataClose)
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		panic(err) // recovered, logged and answered as an internal error
	}
	w.write(b)
}
