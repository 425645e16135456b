// Package localpg runs a private PostgreSQL cluster for Rådhus: the program
// creates it on first use (initdb), starts it, and talks to it over a Unix
// socket only. It is meant for development, tests and single-machine
// installations where nobody wants to administer a database server.
//
// # Layout
//
// A cluster lives in one directory, its root:
//
//	<root>/.lock         flock(2) taken while starting or stopping
//	<root>/data/         PGDATA
//	<root>/run/          Unix socket directory (see below)
//	<root>/postgres.log  server log (appended to across runs)
//
// The root is the directory given to [Start], except when running as root
// and the unprivileged server user cannot reach it (see below), in which case
// it is <TMPDIR>/radhus-pg-<hash of the absolute dir>. [Cluster.Dir] says
// which.
//
// Unix socket paths are limited to 107 bytes. If <root>/run/.s.PGSQL.5432 is
// longer than that, the socket lives in <TMPDIR>/radhus-pgsock-<hash of root>.
//
// # Running as root
//
// PostgreSQL refuses to run as root. When the process is root, initdb,
// pg_ctl and postgres run as an unprivileged account instead (through
// syscall.SysProcAttr.Credential, with no supplementary groups): the owner
// of an existing data directory, so a cluster keeps working whoever created
// it, else the dedicated system account [ServerAccount] (`radhus-pg`), which
// localpg creates with useradd when it is missing. It never runs the server
// as the shared `nobody`: a stopped cluster of an earlier version owned by
// `nobody` is handed over to `radhus-pg` on its next start. The cluster root
// is chowned to the server account with mode 0700. The root process connects
// through the socket, which its privileges allow even though the socket
// directory is private to the server account.
//
// # Who stops the server
//
// The handle that starts the server records its process in <root>/owner and
// stops the server in [Cluster.Stop]; handles that find it running leave it
// running. A server whose recorded owner is gone (killed with SIGKILL, say)
// is orphaned: the next [Start] takes it over, and its Stop stops it.
//
// # Durability and security
//
// Authentication is `trust` for local (socket) connections and `reject` for
// TCP, and the server listens on no TCP address. Whoever can enter the socket
// directory (mode 0700: the server account and root) is superuser; Rådhus
// itself connects as the unprivileged role [Cluster.EnsureRole] creates.
// fsync, synchronous_commit and full_page_writes are on, PostgreSQL's
// defaults, unless [Start] is given [Fast], which turns them off for test
// clusters: then a crash of the machine can corrupt the cluster.
package localpg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

const (
	// Superuser is the role initdb creates; URL connects as it.
	Superuser = "radhus"
	// port only names the socket file (.s.PGSQL.<port>): the server listens
	// on no TCP address, so clusters in different directories never clash.
	port = 5432
	// maxSocketPath is the longest socket path the kernel accepts
	// (sizeof(sockaddr_un.sun_path) minus the terminating NUL).
	maxSocketPath = 107
	startTimeout  = 60 * time.Second
	confFile      = "radhus.conf"
)

// Cluster is a handle on a running local cluster.
type Cluster struct {
	root      string
	dataDir   string
	socketDir string
	port      int
	bins      binaries
	runAs     *account // nil unless the process is root
	log       *slog.Logger

	mu      sync.Mutex
	started bool // this handle started or took over the server, so Stop stops it
	stopped bool
	fast    bool
	shared  bool
}

// Option changes how [Start] creates and starts a cluster.
type Option func(*Cluster)

// Fast trades durability for speed: initdb does not sync, and fsync,
// synchronous_commit and full_page_writes are off. For test clusters only: a
// crash of the machine can corrupt the cluster. The settings are written on
// every start, so a cluster started without Fast is durable again.
func Fast() Option { return func(c *Cluster) { c.fast = true } }

// Shared is for a cluster that is meant to outlive every process using it
// (the test cluster): a running server is reused and never taken over, and
// nobody is recorded as its owner.
func Shared() Option { return func(c *Cluster) { c.shared = true } }

// Start ensures a PostgreSQL cluster lives in dir (initdb on first use) and is
// running, and returns a handle. If a server from a previous run in dir is
// still running, it is reused, and Stop on the returned handle leaves it
// running, unless the process that started it is gone: then this handle
// takes it over and its Stop stops it. Concurrent calls for the same dir,
// from any number of processes, are serialised by a lock file: only one of
// them runs initdb and starts the server, the others reuse it.
//
// log may be nil.
func Start(ctx context.Context, dir string, log *slog.Logger, opts ...Option) (*Cluster, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	c := &Cluster{port: port, log: log}
	for _, o := range opts {
		o(c)
	}
	if os.Geteuid() == 0 {
		if err := c.prepareAsRoot(abs); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
	} else {
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
		c.root = abs
		c.dataDir = filepath.Join(abs, "data")
		if st, err := os.Stat(c.dataDir); err == nil {
			if uid := st.Sys().(*syscall.Stat_t).Uid; uid != uint32(os.Geteuid()) {
				return nil, fmt.Errorf("localpg: data directory %s belongs to uid %d, not to this process (uid %d); run as that user or use another dir", c.dataDir, uid, os.Geteuid())
			}
		}
	}

	unlock, err := c.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()

	reused, err := c.adoptRunning(ctx)
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	if reused {
		if c.shared || !c.orphaned() {
			log.Info("reusing running PostgreSQL cluster", "dir", c.root, "socket", c.socketDir)
			return c, nil
		}
		// Its starter is gone, so nobody would stop it: take it over.
		if c.bins, err = findBinaries(c.dataDir); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
		if err := c.writeOwner(); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
		c.started = true
		log.Warn("taking over an orphaned PostgreSQL cluster: the process that started it is gone; it is stopped when this one exits",
			"dir", c.root, "socket", c.socketDir)
		return c, nil
	}

	if c.bins, err = findBinaries(c.dataDir); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		began := time.Now()
		if err := c.initdb(ctx); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
		log.Info("created PostgreSQL cluster", "dir", c.root, "bin", c.bins.dir, "took", time.Since(began).Round(time.Millisecond))
	} else if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	} else if err := c.checkVersion(ctx); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}

	if c.socketDir, err = c.chooseSocketDir(); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	if err := c.writeConf(); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	began := time.Now()
	if err := c.start(ctx); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	c.started = true
	if c.shared {
		_ = os.Remove(c.ownerPath())
	} else if err := c.writeOwner(); err != nil {
		log.Warn("cannot record the owner of the PostgreSQL cluster", "err", err)
	}
	log.Info("started PostgreSQL cluster", "dir", c.root, "socket", c.socketDir, "fast", c.fast, "took", time.Since(began).Round(time.Millisecond))
	return c, nil
}

// Dir is the directory the cluster actually lives in: the dir given to Start,
// or its relocation under the temporary directory (see the package doc).
func (c *Cluster) Dir() string { return c.root }

// SocketDir is the directory holding the server's Unix socket.
func (c *Cluster) SocketDir() string { return c.socketDir }

// Started reports whether this handle started the server (and so whether Stop
// will stop it), as opposed to reusing one that was already running.
func (c *Cluster) Started() bool { return c.started }

// URL returns a connection string for database, connecting as the cluster's
// superuser through the Unix socket. pgx and libpq both accept it.
func (c *Cluster) URL(database string) string { return c.URLAs(Superuser, database) }

// URLAs is URL for connecting as role.
func (c *Cluster) URLAs(role, database string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d&sslmode=disable",
		Escape(role), Escape(database), Escape(c.socketDir), c.port)
}

// Escape percent-encodes s for any part of a postgres:// URL. libpq and pgx
// decode %XX only (a '+' stays a '+'), so everything but RFC 3986's
// unreserved characters is encoded.
func Escape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9',
			ch == '-', ch == '.', ch == '_', ch == '~':
			b.WriteByte(ch)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[ch>>4])
			b.WriteByte(hexDigits[ch&15])
		}
	}
	return b.String()
}

// EnsureDatabase creates the database name unless it exists.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("localpg: connect: %w", err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("localpg: look up database %q: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: a concurrent caller won
		return nil
	}
	if err != nil {
		return fmt.Errorf("localpg: create database %q: %w", name, err)
	}
	c.log.Info("created database", "name", name)
	return nil
}

// EnsureRole creates role unless it exists: a login role that is no
// superuser and may create neither databases nor roles. Local connections
// need no password (see the package doc). What it may read and write is
// granted by the migrations' owner (postgres.GrantApplication).
func (c *Cluster) EnsureRole(ctx context.Context, role string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("localpg: connect: %w", err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)", role).Scan(&exists); err != nil {
		return fmt.Errorf("localpg: look up role %q: %w", role, err)
	}
	if !exists {
		_, err = conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{role}.Sanitize()+" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42710" { // duplicate_object: a concurrent caller won
			return nil
		}
		if err != nil {
			return fmt.Errorf("localpg: create role %q: %w", role, err)
		}
		c.log.Info("created role", "name", role)
	}
	return nil
}

// Stop shuts the server down (pg_ctl stop -m fast) if this handle started or
// took it over; for a reused server it does nothing. Calling Stop more than
// once is fine.
func (c *Cluster) Stop(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started || c.stopped {
		return nil
	}
	unlock, err := c.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	out, err := c.run(ctx, c.bins.pgCtl, "stop", "-D", c.dataDir, "-m", "fast", "-w", "-t", strconv.Itoa(int(startTimeout/time.Second)))
	if err != nil {
		if _, statErr := os.Stat(filepath.Join(c.dataDir, "postmaster.pid")); errors.Is(statErr, os.ErrNotExist) {
			c.stopped = true // someone else stopped it already
			return nil
		}
		return fmt.Errorf("localpg: pg_ctl stop: %w\n%s", err, out)
	}
	c.stopped = true
	_ = os.Remove(c.ownerPath())
	c.log.Info("stopped PostgreSQL cluster", "dir", c.root)
	return nil
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

func relocatedRoot(dir string) string {
	return filepath.Join(os.TempDir(), "radhus-pg-"+shortHash(dir))
}

// lock takes the cluster's lock file, waiting for other processes (or other
// handles in this process) until ctx is done.
func (c *Cluster) lock(ctx context.Context) (func(), error) {
	path := filepath.Join(c.root, ".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("localpg: lock: %w", err)
	}
	if c.runAs != nil {
		_ = f.Chown(int(c.runAs.uid), int(c.runAs.gid))
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("localpg: lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("localpg: waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
