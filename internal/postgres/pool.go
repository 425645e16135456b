package postgres

import (
	"runtime"
	"strings"
)

// maxConns is the pool size unless the database URL sets pool_max_conns: four
// connections per CPU, at least eight. pgxpool's default (one per CPU, at least
// four) left 32 concurrent requests queueing for a connection on two CPUs while
// PostgreSQL had CPU to spare: a backend that waits for its client is a
// connection nobody else can use. Measured with scripts/load on two CPUs: the
// page query at twice the requests per second with eight connections than
// with four, and no more with sixteen.
func maxConns(url string) (int32, bool) {
	if strings.Contains(url, "pool_max_conns") {
		return 0, false
	}
	return int32(max(8, 4*runtime.NumCPU())), true
}
