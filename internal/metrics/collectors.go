package metrics

import (
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// RegisterPool exposes the connection pool's statistics (pgxpool.Stat), read
// at every scrape.
func (m *Metrics) RegisterPool(pool *pgxpool.Pool) { m.reg.MustRegister(poolCollector{pool}) }

var (
	poolConns       = prometheus.NewDesc("radhus_db_pool_connections", "Connections of the pool by state (acquired, idle, constructing).", []string{"state"}, nil)
	poolMax         = prometheus.NewDesc("radhus_db_pool_max_connections", "Largest size the pool may grow to.", nil, nil)
	poolAcquires    = prometheus.NewDesc("radhus_db_pool_acquires_total", "Connections acquired from the pool.", nil, nil)
	poolAcquireTime = prometheus.NewDesc("radhus_db_pool_acquire_duration_seconds_total", "Time spent acquiring connections.", nil, nil)
	poolEmpty       = prometheus.NewDesc("radhus_db_pool_empty_acquires_total", "Acquisitions that had to wait for a connection.", nil, nil)
	poolCanceled    = prometheus.NewDesc("radhus_db_pool_canceled_acquires_total", "Acquisitions given up because their context ended.", nil, nil)
	poolNew         = prometheus.NewDesc("radhus_db_pool_new_connections_total", "Connections opened.", nil, nil)
	poolDestroyed   = prometheus.NewDesc("radhus_db_pool_destroyed_connections_total", "Connections closed for age, by reason (lifetime, idle).", []string{"reason"}, nil)
)

type poolCollector struct{ pool *pgxpool.Pool }

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConns, poolMax, poolAcquires, poolAcquireTime, poolEmpty, poolCanceled, poolNew, poolDestroyed} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	ch <- prometheus.MustNewConstMetric(poolConns, gauge, float64(s.AcquiredConns()), "acquired")
	ch <- prometheus.MustNewConstMetric(poolConns, gauge, float64(s.IdleConns()), "idle")
	ch <- prometheus.MustNewConstMetric(poolConns, gauge, float64(s.ConstructingConns()), "constructing")
	ch <- prometheus.MustNewConstMetric(poolMax, gauge, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolAcquires, counter, float64(s.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolAcquireTime, counter, s.AcquireDuration().Seconds())
	ch <- prometheus.MustNewConstMetric(poolEmpty, counter, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolCanceled, counter, float64(s.CanceledAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolNew, counter, float64(s.NewConnsCount()))
	ch <- prometheus.MustNewConstMetric(poolDestroyed, counter, float64(s.MaxLifetimeDestroyCount()), "lifetime")
	ch <- prometheus.MustNewConstMetric(poolDestroyed, counter, float64(s.MaxIdleDestroyCount()), "idle")
}

// CacheStats is what a cache tells about itself; a cache that does not track
// one of them leaves it zero. The hit rate is hits / (hits + misses), e.g.
// rate(radhus_cache_hits_total[5m]) / (rate(radhus_cache_hits_total[5m]) +
// rate(radhus_cache_misses_total[5m])).
type CacheStats struct {
	Entries   int64
	Bytes     int64
	MaxBytes  int64
	Hits      uint64
	Misses    uint64
	Evictions uint64
}

// RegisterCache exposes a cache's statistics under name (response, query,
// persisted, blocks...); stats is called at every scrape and must be safe for
// concurrent use. Registering a name twice replaces the earlier one.
func (m *Metrics) RegisterCache(name string, stats func() CacheStats) {
	m.cachesOnce.Do(func() {
		m.caches = &cacheCollector{stats: map[string]func() CacheStats{}}
		m.reg.MustRegister(m.caches)
	})
	m.caches.mu.Lock()
	defer m.caches.mu.Unlock()
	m.caches.stats[name] = stats
}

var (
	cacheEntries   = prometheus.NewDesc("radhus_cache_entries", "Entries held by a cache.", []string{"cache"}, nil)
	cacheBytes     = prometheus.NewDesc("radhus_cache_bytes", "Bytes held by a cache.", []string{"cache"}, nil)
	cacheMaxBytes  = prometheus.NewDesc("radhus_cache_max_bytes", "Byte budget of a cache.", []string{"cache"}, nil)
	cacheHits      = prometheus.NewDesc("radhus_cache_hits_total", "Lookups answered by a cache.", []string{"cache"}, nil)
	cacheMisses    = prometheus.NewDesc("radhus_cache_misses_total", "Lookups a cache could not answer.", []string{"cache"}, nil)
	cacheEvictions = prometheus.NewDesc("radhus_cache_evictions_total", "Entries evicted to stay within budget.", []string{"cache"}, nil)
)

type cacheCollector struct {
	mu    sync.Mutex
	stats map[string]func() CacheStats
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{cacheEntries, cacheBytes, cacheMaxBytes, cacheHits, cacheMisses, cacheEvictions} {
		ch <- d
	}
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	for name, stats := range c.stats {
		s := stats()
		ch <- prometheus.MustNewConstMetric(cacheEntries, gauge, float64(s.Entries), name)
		ch <- prometheus.MustNewConstMetric(cacheBytes, gauge, float64(s.Bytes), name)
		ch <- prometheus.MustNewConstMetric(cacheMaxBytes, gauge, float64(s.MaxBytes), name)
		ch <- prometheus.MustNewConstMetric(cacheHits, counter, float64(s.Hits), name)
		ch <- prometheus.MustNewConstMetric(cacheMisses, counter, float64(s.Misses), name)
		ch <- prometheus.MustNewConstMetric(cacheEvictions, counter, float64(s.Evictions), name)
	}
}
