// Command loadbench is scripts/load: it loads Rådhus over real HTTP with wrk on
// a synthetic site and prints what each request costs, next to PostGraphile on
// the same database and a trivial Go server as the ceiling.
//
// It keeps its own PostgreSQL cluster in ./.data-load/postgres (with
// pg_stat_statements loaded) and one database per site size, seeded once with
// `radhus seed --synthetic N`. For every target, cache mode and query it first
// checks a sample of answers against SQL, warms up, then runs wrk and reads the
// CPU time of the server and of every PostgreSQL process from /proc before and
// after, and samples the server's RSS. Configuration is by environment (see
// config below and scripts/load).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type config struct {
	pages       int
	targets     []string // radhus, postgraphile, ceiling
	modes       []string // uncached, cached (Rådhus only)
	queries     []string // page, children, menu, search
	connections int
	threads     int
	warmup      time.Duration
	duration    time.Duration
	dataDir     string
	radhusBin   string
	poolSize    int // 0: Rådhus's default
	statements  bool
	keepRunning bool
}

func loadConfig() (*config, error) {
	c := &config{
		pages:       envInt("PAGES", 10_000),
		targets:     envList("TARGETS", "radhus,ceiling"),
		modes:       envList("MODES", "uncached,cached"),
		queries:     envList("QUERIES", "page,children,menu,search"),
		connections: envInt("CONNECTIONS", 32),
		threads:     envInt("THREADS", 2),
		dataDir:     envStr("LOAD_DATA", ".data-load"),
		radhusBin:   envStr("RADHUS_BIN", ".bin/radhus"),
		poolSize:    envInt("POOL", 0),
		statements:  envStr("STATEMENTS", "") != "",
		keepRunning: envStr("KEEP", "") != "",
	}
	var err error
	if c.warmup, err = time.ParseDuration(envStr("WARMUP", "5s")); err != nil {
		return nil, fmt.Errorf("WARMUP: %w", err)
	}
	if c.duration, err = time.ParseDuration(envStr("DURATION", "20s")); err != nil {
		return nil, fmt.Errorf("DURATION: %w", err)
	}
	if c.dataDir, err = filepath.Abs(c.dataDir); err != nil {
		return nil, err
	}
	if c.radhusBin, err = filepath.Abs(c.radhusBin); err != nil {
		return nil, err
	}
	return c, nil
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "ceiling" {
		if err := serveCeiling(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "ceiling:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	c, err := loadConfig()
	if err != nil {
		return err
	}
	lab, err := openLab(ctx, c)
	if err != nil {
		return err
	}
	defer lab.close()
	items, err := pickItems(ctx, lab.pool)
	if err != nil {
		return err
	}
	fmt.Printf("load: site of %d pages (database %s); wrk -t%d -c%d, %s warm-up, %s measured; load average %s\n",
		c.pages, lab.dbName, c.threads, c.connections, c.warmup, c.duration, loadAverage())
	fmt.Printf("load: cycling over %d leaf paths, %d parents, %d menu roots, %d search terms\n",
		len(items.leafPaths), len(items.parents), len(items.menuRoots), len(items.terms))

	var results []result
	for _, target := range c.targets {
		modes := []string{"uncached"}
		if target == "radhus" {
			modes = c.modes
		}
		for _, mode := range modes {
			srv, err := lab.start(ctx, target, mode)
			if err != nil {
				return err
			}
			for _, q := range c.queries {
				r, err := lab.measure(ctx, srv, q, items)
				if err != nil {
					srv.stop()
					return fmt.Errorf("%s %s %s: %w", target, mode, q, err)
				}
				if r.skipped == "" {
					fmt.Println(r.line())
				}
				results = append(results, r)
			}
			srv.stop()
		}
	}
	fmt.Println()
	printTable(results)
	fmt.Printf("load: load average at the end %s\n", loadAverage())
	return nil
}

func envStr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(key string, def int) int {
	v, err := strconv.Atoi(strings.ReplaceAll(os.Getenv(key), "_", ""))
	if err != nil {
		return def
	}
	return v
}

func envList(key, def string) []string {
	var out []string
	for _, s := range strings.Split(envStr(key, def), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
