package httpserver

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/radhus/radhus/internal/requestid"
)

// With tracing on, a GraphQL request's span is named after its route and
// carries the operation and error codes that serving it found, and its log
// line names the trace.
func TestRequestSpanAndLogLine(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	var log lockedBuffer
	srv := httptest.NewServer(NewServer(Deps{
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		GraphQL: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			info := requestid.InfoFrom(r.Context())
			info.SetOperation("Bibliotek")
			info.AddErrorCode("NOT_FOUND")
			w.Write([]byte(`{"data":{"page":null},"errors":[{"message":"page not found","extensions":{"code":"NOT_FOUND"}}]}`))
		}),
		Trace: func(h http.Handler) http.Handler {
			return otelhttp.NewHandler(h, "radhus", otelhttp.WithTracerProvider(tp),
				otelhttp.WithPropagators(propagation.TraceContext{}))
		},
	}))
	defer srv.Close()
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	req, _ := http.NewRequest("POST", srv.URL+"/graphql", strings.NewReader(`{"query":"query Bibliotek { page(path: \"/x\") { title } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	ended := spans.Ended()
	if len(ended) != 1 {
		t.Fatalf("%d spans ended, want 1", len(ended))
	}
	s := ended[0]
	attrs := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		attrs[kv.Key] = kv.Value
	}
	if s.Name() != "POST /graphql" || s.SpanContext().TraceID().String() != traceID {
		t.Errorf("span %q in trace %s, want \"POST /graphql\" in %s", s.Name(), s.SpanContext().TraceID(), traceID)
	}
	if got := attrs["graphql.operation.name"].AsString(); got != "Bibliotek" {
		t.Errorf("graphql.operation.name = %q, want Bibliotek", got)
	}
	if got := attrs["radhus.error_codes"].AsStringSlice(); len(got) != 1 || got[0] != "NOT_FOUND" {
		t.Errorf("radhus.error_codes = %v, want [NOT_FOUND]", got)
	}
	if !strings.Contains(log.String(), "trace_id="+traceID) {
		t.Errorf("the request's log line does not name its trace:\n%s", log.String())
	}
}

// lockedBuffer is a bytes.Buffer safe for the server's and the test's
// goroutines at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
