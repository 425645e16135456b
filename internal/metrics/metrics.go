// Package metrics is what Rådhus tells Prometheus at /metrics: requests and
// their latency per GraphQL operation and outcome, errors by code, HTTP
// requests per route, slow requests, the connection pool, the caches, and
// whether content changes are being received.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Outcomes of a GraphQL request.
const (
	OutcomeOK       = "ok"        // a response without errors
	OutcomeError    = "error"     // a response with at least one error
	OutcomeCacheHit = "cache_hit" // answered from the response cache
)

// Metrics holds Rådhus's collectors in a registry of its own.
type Metrics struct {
	reg *prometheus.Registry

	graphqlRequests *prometheus.CounterVec
	graphqlLatency  *prometheus.HistogramVec
	graphqlErrors   *prometheus.CounterVec
	httpRequests    *prometheus.CounterVec
	httpLatency     *prometheus.HistogramVec
	slowRequests    *prometheus.CounterVec
	listening       prometheus.Gauge

	operations labelSet

	cachesOnce sync.Once
	caches     *cacheCollector
}

// New returns metrics with Go runtime and process collectors registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		graphqlRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "radhus_graphql_requests_total",
			Help: "GraphQL requests by operation name and outcome (ok, error, cache_hit).",
		}, []string{"operation", "outcome"}),
		graphqlLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "radhus_graphql_request_duration_seconds",
			Help:    "Time to answer a GraphQL request, by operation name and outcome.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation", "outcome"}),
		graphqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "radhus_graphql_errors_total",
			Help: "Errors in GraphQL responses by extensions.code.",
		}, []string{"code"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "radhus_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		httpLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "radhus_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		slowRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "radhus_slow_requests_total",
			Help: "Requests slower than the slow-request threshold (RADHUS_SLOW_REQUEST), by route.",
		}, []string{"route"}),
		listening: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "radhus_content_listener_up",
			Help: "1 while content change notifications are received (the response cache may serve), else 0.",
		}),
		operations: labelSet{max: maxOperations, seen: map[string]bool{}},
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.graphqlRequests, m.graphqlLatency, m.graphqlErrors,
		m.httpRequests, m.httpLatency, m.slowRequests, m.listening,
	)
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Register adds collectors of other packages (see RegisterPool, RegisterCache).
func (m *Metrics) Register(c ...prometheus.Collector) { m.reg.MustRegister(c...) }

// ObserveGraphQL counts a GraphQL request. Operation names come from clients,
// so only well-formed names become labels, and only the first maxOperations
// of them; the rest are counted as "other". An unnamed operation is
// "anonymous".
func (m *Metrics) ObserveGraphQL(operation, outcome string, d time.Duration, codes []string) {
	op := m.operations.label(operation)
	m.graphqlRequests.WithLabelValues(op, outcome).Inc()
	m.graphqlLatency.WithLabelValues(op, outcome).Observe(d.Seconds())
	for _, code := range codes {
		m.graphqlErrors.WithLabelValues(errorCodeLabel(code)).Inc()
	}
}

// ObserveHTTP counts an HTTP request on route (a pattern of the server's
// mux, or "other").
func (m *Metrics) ObserveHTTP(route string, status int, d time.Duration, slow bool) {
	m.httpRequests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.httpLatency.WithLabelValues(route).Observe(d.Seconds())
	if slow {
		m.slowRequests.WithLabelValues(route).Inc()
	}
}

// SetListening records whether content changes are being received.
func (m *Metrics) SetListening(on bool) {
	if on {
		m.listening.Set(1)
	} else {
		m.listening.Set(0)
	}
}

// maxOperations bounds the operation label's values, so that clients sending
// ever new operation names cannot grow the metrics without end.
const maxOperations = 200

type labelSet struct {
	mu   sync.Mutex
	max  int
	seen map[string]bool
}

func (s *labelSet) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !graphQLName(name) {
		return "other"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[name] {
		return name
	}
	if len(s.seen) >= s.max {
		return "other"
	}
	s.seen[name] = true
	return name
}

// graphQLName reports whether s is a GraphQL name of at most 64 bytes.
func graphQLName(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// errorCodeLabel keeps the code label bounded: codes are upper-case words
// Rådhus and gqlgen set, anything else is "other".
func errorCodeLabel(code string) string {
	if code == "" {
		return "none"
	}
	if len(code) > 40 {
		return "other"
	}
	for i := 0; i < len(code); i++ {
		if c := code[i]; !(c == '_' || c >= 'A' && c <= 'Z') {
			return "other"
		}
	}
	return code
}
