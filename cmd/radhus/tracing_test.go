package main

import (
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// collector is an OTLP/HTTP trace receiver: it keeps the spans servers send
// it, with their resource's service name.
type collector struct {
	mu       sync.Mutex
	spans    []*tracepb.Span
	services []string
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	var req coltracepb.ExportTraceServiceRequest
	if err == nil {
		err = proto.Unmarshal(body, &req)
	}
	if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" || err != nil {
		http.Error(w, "not an OTLP/HTTP trace export", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	for _, rs := range req.ResourceSpans {
		c.services = append(c.services, stringAttr(rs.GetResource().GetAttributes(), "service.name"))
		for _, ss := range rs.ScopeSpans {
			c.spans = append(c.spans, ss.Spans...)
		}
	}
	c.mu.Unlock()
	out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.Write(out)
}

// trace returns the spans of one trace received so far.
func (c *collector) trace(id []byte) []*tracepb.Span {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*tracepb.Span
	for _, s := range c.spans {
		if string(s.TraceId) == string(id) {
			out = append(out, s)
		}
	}
	return out
}

func stringAttr(kvs []*commonpb.KeyValue, key string) string {
	for _, kv := range kvs {
		if kv.Key == key {
			return kv.Value.GetStringValue()
		}
	}
	return ""
}

// With a trace collector named in the standard OpenTelemetry variable, the
// built binary sends a span for each GraphQL request, continuing the trace its
// caller sent (W3C traceparent) and naming the operation, and a span for
// each SQL statement the request ran, as its descendants; health checks are
// not traced.
func TestTracesReachTheCollector(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	col := &collector{}
	recv := httptest.NewServer(col)
	defer recv.Close()
	srv := serveBuilt(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+recv.URL, "OTEL_BSP_SCHEDULE_DELAY=50", "OTEL_SERVICE_NAME=radhus-test")

	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	body := `{"query":"query Bibliotek { page(path: \"/kultur-och-fritid/bibliotek\") { title children { nodes { title } } } }"}`
	req, _ := http.NewRequest("POST", srv.base+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("traceparent", "00-"+traceID+"-"+parentID+"-01")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(answer), `"title":"Bibliotek"`) {
		t.Fatalf("HTTP %d: %s", res.StatusCode, answer)
	}
	health, _ := http.NewRequest("GET", srv.base+"/healthz", nil)
	health.Header.Set("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
	if res, err := http.DefaultClient.Do(health); err != nil {
		t.Fatal(err)
	} else {
		res.Body.Close()
	}

	id, _ := hex.DecodeString(traceID)
	var spans []*tracepb.Span
	var server *tracepb.Span
	var statements int
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		spans, server, statements = col.trace(id), nil, 0
		for _, s := range spans {
			switch s.Kind {
			case tracepb.Span_SPAN_KIND_SERVER:
				server = s
			case tracepb.Span_SPAN_KIND_CLIENT:
				if stringAttr(s.Attributes, "db.system.name") == "postgresql" && stringAttr(s.Attributes, "db.query.text") != "" {
					statements++
				}
			}
		}
		if server != nil && statements > 0 {
			break
		}
	}
	if server == nil {
		t.Fatalf("no server span of the request's trace reached the collector (%d spans of it)", len(spans))
	}
	if hex.EncodeToString(server.ParentSpanId) != parentID {
		t.Errorf("the request's span has parent %x, want the caller's %s", server.ParentSpanId, parentID)
	}
	if server.Name != "POST /graphql" || stringAttr(server.Attributes, "graphql.operation.name") != "Bibliotek" {
		t.Errorf("the request's span is %q with operation %q, want \"POST /graphql\" and \"Bibliotek\"",
			server.Name, stringAttr(server.Attributes, "graphql.operation.name"))
	}
	if statements == 0 {
		t.Errorf("no span of a SQL statement in the request's trace; spans: %v", names(spans))
	}
	// Every span of the trace descends from the request's.
	byID := map[string]*tracepb.Span{}
	for _, s := range spans {
		byID[string(s.SpanId)] = s
	}
	for _, s := range spans {
		p := s
		for p != nil && p != server {
			p = byID[string(p.ParentSpanId)]
		}
		if p == nil {
			t.Errorf("span %q does not descend from the request's span", s.Name)
		}
	}
	health2, _ := hex.DecodeString("0af7651916cd43dd8448eb211c80319c")
	if hs := col.trace(health2); len(hs) > 0 {
		t.Errorf("a health check was traced: %v", names(hs))
	}
	col.mu.Lock()
	defer col.mu.Unlock()
	for _, s := range col.spans {
		if strings.Contains(s.Name, "/healthz") {
			t.Errorf("a health check was traced: %q", s.Name)
		}
	}
	for _, name := range col.services {
		if name != "radhus-test" {
			t.Errorf("spans sent as service %q, want OTEL_SERVICE_NAME's radhus-test", name)
		}
	}
}

func names(spans []*tracepb.Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}
