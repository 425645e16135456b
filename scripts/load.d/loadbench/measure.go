package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// result is one measured run of wrk against one target with one query.
type result struct {
	target, mode, query string
	skipped             string
	requests, errors    int64
	seconds             float64
	p50, p90, p99, max  float64 // ms
	serverCPU, pgCPU    float64 // seconds over the run
	rssMaxMB            float64
	bodyBytes           int // a typical response
}

func (r result) rps() float64 { return float64(r.requests) / r.seconds }

// msPerRequest is CPU milliseconds per request.
func (r result) msPerRequest(cpu float64) float64 { return cpu * 1000 / float64(r.requests) }

func (r result) line() string {
	return fmt.Sprintf("load: %-12s %-8s %-8s %8.0f rps  p50 %6.2f ms  p99 %6.2f ms  server %3.0f%% %.3f ms/req  PostgreSQL %3.0f%% %.3f ms/req  RSS %4.0f MB  errors %d  (%d B)",
		r.target, r.mode, r.query, r.rps(), r.p50, r.p99,
		100*r.serverCPU/r.seconds, r.msPerRequest(r.serverCPU),
		100*r.pgCPU/r.seconds, r.msPerRequest(r.pgCPU), r.rssMaxMB, r.errors, r.bodyBytes)
}

func printTable(rs []result) {
	fmt.Println("| target | cache | query | rps | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req (% of a core) | RSS MB | errors |")
	fmt.Println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rs {
		if r.skipped != "" {
			continue
		}
		fmt.Printf("| %s | %s | %s | %.0f | %.2f | %.2f | %.3f | %.3f (%.0f %%) | %.0f | %d |\n",
			r.target, r.mode, r.query, r.rps(), r.p50, r.p99, r.msPerRequest(r.serverCPU),
			r.msPerRequest(r.pgCPU), 100*r.pgCPU/r.seconds, r.rssMaxMB, r.errors)
	}
	// Ratios against PostGraphile and the ceiling, where both were measured.
	find := func(target, mode, query string) *result {
		for i := range rs {
			if rs[i].target == target && rs[i].mode == mode && rs[i].query == query && rs[i].skipped == "" {
				return &rs[i]
			}
		}
		return nil
	}
	for _, q := range []string{"page", "children", "menu", "search"} {
		r, pg := find("radhus", "uncached", q), find("postgraphile", "uncached", q)
		if r != nil && pg != nil {
			fmt.Printf("load: %s uncached: Rådhus %.2f× PostGraphile's rps, p99 %.2f× its p99, PostgreSQL CPU per request %.2f× its\n",
				q, r.rps()/pg.rps(), r.p99/pg.p99, r.msPerRequest(r.pgCPU)/pg.msPerRequest(pg.pgCPU))
		}
	}
	if r, c := find("radhus", "cached", "page"), find("ceiling", "uncached", "page"); r != nil && c != nil {
		fmt.Printf("load: page cached: Rådhus %.2f× the Go net/http ceiling's rps\n", r.rps()/c.rps())
	}
}

// measure checks the answers of one query, warms up and runs wrk.
func (l *lab) measure(ctx context.Context, srv *server, query string, it *items) (result, error) {
	r := result{target: srv.target, mode: srv.mode, query: query}
	reqs, err := requestsFor(srv.target, query, it)
	if err != nil {
		return r, err
	}
	if reqs == nil {
		r.skipped = "not measured for this target"
		return r, nil
	}
	if r.bodyBytes, err = l.check(ctx, srv, query, reqs); err != nil {
		return r, fmt.Errorf("answers do not match SQL: %w", err)
	}
	file := filepath.Join(l.c.dataDir, fmt.Sprintf("requests-%s-%s.txt", srv.target, query))
	var buf bytes.Buffer
	for _, q := range reqs {
		buf.Write(q.body)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return r, err
	}
	if l.c.warmup > 0 {
		if _, err := runWrk(ctx, l.c, srv.url, file, l.c.warmup); err != nil {
			return r, err
		}
	}
	if l.c.statements {
		_, _ = l.pool.Exec(ctx, `SELECT pg_stat_statements_reset()`)
	}
	pm, err := l.postmasterPID()
	if err != nil {
		return r, err
	}
	sampler := sampleRSS(srv.pid)
	s0, p0 := processCPU(srv.pid), clusterCPU(pm)
	w, err := runWrk(ctx, l.c, srv.url, file, l.c.duration)
	s1, p1 := processCPU(srv.pid), clusterCPU(pm)
	r.rssMaxMB = sampler.stop()
	if err != nil {
		return r, err
	}
	r.requests, r.errors = w.Requests, w.Errors+w.SocketErrors
	r.seconds = float64(w.DurationUS) / 1e6
	r.p50, r.p90, r.p99, r.max = w.P50/1000, w.P90/1000, w.P99/1000, w.Max/1000
	r.serverCPU, r.pgCPU = s1-s0, p1-p0
	if r.requests == 0 {
		return r, fmt.Errorf("wrk made no requests")
	}
	if l.c.statements {
		l.printStatements(ctx, r.requests)
	}
	return r, nil
}

// printStatements prints the statements that took the most time in the run.
func (l *lab) printStatements(ctx context.Context, requests int64) {
	rows, err := l.pool.Query(ctx, `
		SELECT calls, total_exec_time, total_plan_time, plans, shared_blks_hit, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
		FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		ORDER BY total_exec_time + total_plan_time DESC LIMIT 6`)
	if err != nil {
		fmt.Println("load: pg_stat_statements:", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var calls, plans, hits int64
		var exec, plan float64
		var q string
		if err := rows.Scan(&calls, &exec, &plan, &plans, &hits, &q); err != nil {
			fmt.Println("load: pg_stat_statements:", err)
			return
		}
		fmt.Printf("      %7.3f calls/req  exec %.3f ms/call  plan %.3f ms/plan (%d plans)  %.0f buffers/call  %s\n",
			float64(calls)/float64(requests), exec/float64(max(calls, 1)), plan/float64(max(plans, 1)), plans, float64(hits)/float64(max(calls, 1)), q)
	}
}

// wrkResult is what scripts/load.d/requests.lua prints at the end.
type wrkResult struct {
	Requests     int64   `json:"requests"`
	DurationUS   int64   `json:"duration_us"`
	Errors       int64   `json:"errors"`
	SocketErrors int64   `json:"socket_errors"`
	P50          float64 `json:"p50"`
	P90          float64 `json:"p90"`
	P99          float64 `json:"p99"`
	Max          float64 `json:"max"`
}

func runWrk(ctx context.Context, c *config, url, requests string, d time.Duration) (*wrkResult, error) {
	cmd := exec.CommandContext(ctx, "wrk", "-t"+strconv.Itoa(c.threads), "-c"+strconv.Itoa(c.connections),
		"-d"+strconv.Itoa(int(d.Seconds()))+"s", "--latency", "-s", filepath.Join(scriptsDir(), "requests.lua"), url, "--", requests)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "RESULT "); ok {
			var w wrkResult
			if err := json.Unmarshal([]byte(rest), &w); err != nil {
				return nil, fmt.Errorf("wrk result %q: %w", rest, err)
			}
			return &w, nil
		}
	}
	return nil, fmt.Errorf("wrk printed no result:\n%s", out)
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times (100 on Linux).
const clockTicks = 100

// procStat returns a process's parent and its CPU times in ticks: user+system of
// its own, and of its children that have exited and been waited for.
func procStat(pid int) (ppid int, own, children int64, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, 0, false
	}
	// The command name is in parentheses and may hold spaces.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 15 {
		return 0, 0, 0, false
	}
	num := func(i int) int64 { n, _ := strconv.ParseInt(f[i], 10, 64); return n }
	// Fields from the state on: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
	return int(num(1)), num(11) + num(12), num(13) + num(14), true
}

// processCPU is the CPU seconds a process and its threads used.
func processCPU(pid int) float64 {
	_, own, _, _ := procStat(pid)
	return float64(own) / clockTicks
}

// clusterCPU is the CPU seconds of the whole PostgreSQL cluster: the postmaster,
// every process it started that still runs, and those that ended.
func clusterCPU(postmaster int) float64 {
	_, own, children, _ := procStat(postmaster)
	total := own + children
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, own, _, ok := procStat(pid); ok && ppid == postmaster {
			total += own
		}
	}
	return float64(total) / clockTicks
}

type rssSampler struct {
	mu   sync.Mutex
	max  int64 // kB
	done chan struct{}
	wg   sync.WaitGroup
}

// sampleRSS reads a process's resident set every 100 ms until stopped.
func sampleRSS(pid int) *rssSampler {
	s := &rssSampler{done: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := rssKB(pid); kb > 0 {
				s.mu.Lock()
				s.max = max(s.max, kb)
				s.mu.Unlock()
			}
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) stop() float64 {
	close(s.done)
	s.wg.Wait()
	return float64(s.max) / 1024
}

func rssKB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// median of some numbers, for summaries.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
