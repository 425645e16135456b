package httpserver

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/radhus/radhus/internal/metrics"
	"github.com/radhus/radhus/internal/requestid"
)

// withRequestID gives every request an ID: the caller's X-Request-ID when it is
// short and plain, else a new one. It is echoed in the response.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !plainID(id) {
			var b [8]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(requestid.With(r.Context(), id)))
	})
}

func plainID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request, with its request ID and, for
// GraphQL, its operation name and error codes: at debug level, and at warn
// level for server errors and requests slower than slow, so that a busy
// server's log stays readable. With metrics, it counts the request.
func logRequests(next http.Handler, log *slog.Logger, slow time.Duration, m *metrics.Metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, info := requestid.WithInfo(r.Context())
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		isSlow := slow > 0 && d > slow
		route := r.Pattern // set by the mux on this request
		if route == "" {
			route = "other"
		}
		op, codes := info.Operation(), info.ErrorCodes()
		cacheHit := sw.Header().Get("X-Radhus-Cache") == "hit"
		if m != nil {
			m.ObserveHTTP(route, sw.status, d, isSlow)
			if route == "/graphql" && r.Method != http.MethodOptions {
				outcome := metrics.OutcomeOK
				switch {
				case cacheHit:
					outcome = metrics.OutcomeCacheHit
				case len(codes) > 0 || sw.status >= 400:
					outcome = metrics.OutcomeError
				}
				m.ObserveGraphQL(op, outcome, d, codes)
			}
		}
		span := trace.SpanFromContext(ctx)
		if span.IsRecording() {
			annotate(span, r, route, op, codes, cacheHit)
		}
		level, msg := slog.LevelDebug, "request"
		switch {
		case sw.status >= 500:
			level = slog.LevelWarn
		case isSlow:
			level, msg = slog.LevelWarn, "slow request"
		}
		if !log.Enabled(ctx, level) {
			return
		}
		attrs := []slog.Attr{slog.String("request_id", requestid.From(ctx)),
			slog.String("method", r.Method), slog.String("path", r.URL.Path)}
		if sc := span.SpanContext(); sc.IsValid() {
			attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()))
		}
		if route == "/graphql" {
			attrs = append(attrs, slog.String("operation", op))
			if len(codes) > 0 {
				attrs = append(attrs, slog.Any("error_codes", codes))
			}
			if cacheHit {
				attrs = append(attrs, slog.Bool("cache_hit", true))
			}
		}
		attrs = append(attrs, slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Duration("duration", d))
		log.LogAttrs(ctx, level, msg, attrs...)
	})
}

// annotate names a request's span after its route and gives it the GraphQL
// operation's name and error codes.
func annotate(span trace.Span, r *http.Request, route, op string, codes []string, cacheHit bool) {
	span.SetName(r.Method + " " + route)
	span.SetAttributes(semconv.HTTPRoute(route))
	if route != "/graphql" {
		return
	}
	span.SetAttributes(semconv.GraphQLOperationName(op), attribute.Bool("radhus.cache_hit", cacheHit))
	if len(codes) > 0 {
		span.SetAttributes(attribute.StringSlice("radhus.error_codes", codes))
	}
}

// recoverPanics turns a panic outside the GraphQL layer into a logged 500.
func recoverPanics(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(r.Context(), "panic", "request_id", requestid.From(r.Context()),
					"panic", p, "stack", string(debug.Stack()))
				http.Error(w, "internal server error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
