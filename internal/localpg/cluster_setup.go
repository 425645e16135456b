package localpg

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// initdb creates the cluster in a scratch directory and renames it into
// place, so a crash half-way never leaves a data dir that looks usable.
func (c *Cluster) initdb(ctx context.Context) error {
	tmp := filepath.Join(c.root, "data.initdb")
	common := []string{
		"-D", tmp,
		"-U", Superuser,
		"--auth-local=trust",
		"--auth-host=reject",
		"--encoding=UTF8",
	}
	if c.fast {
		common = append(common, "--no-sync") // like fsync=off: a test cluster, not worth the seconds
	}
	var out []byte
	var err error
	// C.UTF-8 gives Unicode-aware upper()/lower() with code-point ordering
	// and is built into glibc; plain C works everywhere else.
	for _, locale := range []string{"C.UTF-8", "C"} {
		if err := os.RemoveAll(tmp); err != nil {
			return err
		}
		out, err = c.run(ctx, c.bins.initdb, append(slices.Clone(common), "--locale="+locale)...)
		if err == nil {
			break
		}
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	f, err := os.OpenFile(filepath.Join(tmp, "postgresql.conf"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\n# Rådhus: settings rewritten on every start.\ninclude_if_exists = '%s'\n", confFile)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, c.dataDir)
}

// checkVersion refuses binaries whose major version differs from the data
// directory's.
func (c *Cluster) checkVersion(ctx context.Context) error {
	want, err := dataVersion(c.dataDir)
	if err != nil {
		return err
	}
	out, err := c.run(ctx, c.bins.pgCtl, "--version")
	if err != nil {
		return fmt.Errorf("%s --version: %w\n%s", c.bins.pgCtl, err, out)
	}
	if got := majorVersion(string(out)); got != want {
		return fmt.Errorf("the cluster in %s was created by PostgreSQL %s but %s is version %s; install PostgreSQL %s, set PG_BIN to its bin directory, or remove %s",
			c.dataDir, want, c.bins.dir, got, want, c.root)
	}
	return nil
}

func dataVersion(dataDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
	return strings.TrimSpace(string(b)), err
}

// majorVersion extracts "15" from "pg_ctl (PostgreSQL) 15.14 (Debian ...)"
// (and "9.6" from a 9.6.x release).
func majorVersion(s string) string {
	if _, after, ok := strings.Cut(s, "(PostgreSQL) "); ok {
		s = after
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return ""
	}
	parts := strings.Split(fields[0], ".")
	if n, err := strconv.Atoi(parts[0]); err == nil && n < 10 && len(parts) > 1 {
		return parts[0] + "." + parts[1]
	}
	return parts[0]
}

// chooseSocketDir returns <root>/run, or a short directory under the
// temporary directory when the socket path would be too long.
func (c *Cluster) chooseSocketDir() (string, error) {
	dir := filepath.Join(c.root, "run")
	shared := false
	if !socketPathFits(dir) {
		dir = filepath.Join(os.TempDir(), "radhus-pgsock-"+shortHash(c.root))
		if !socketPathFits(dir) {
			dir = filepath.Join("/tmp", "radhus-pgsock-"+shortHash(c.root))
		}
		shared = true
		c.log.Info("socket path too long; using a short socket directory", "dir", c.root, "socket", dir)
	}
	if c.runAs != nil {
		return dir, ownedDir(dir, c.runAs, shared)
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return "", err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	if !st.IsDir() || st.Sys().(*syscall.Stat_t).Uid != uint32(os.Geteuid()) {
		return "", fmt.Errorf("socket directory %s is not a directory owned by this user", dir)
	}
	return dir, os.Chmod(dir, 0o700)
}

func socketPathFits(dir string) bool {
	return len(filepath.Join(dir, fmt.Sprintf(".s.PGSQL.%d.lock", port))) <= maxSocketPath
}

// writeConf writes the settings Rådhus owns; postgresql.conf includes the file.
func (c *Cluster) writeConf() error {
	conf := fmt.Sprintf(`# Written by Rådhus (internal/localpg) on every start; edits are lost.
# Unix socket only.
listen_addresses = ''
port = %d
unix_socket_directories = '%s'
max_connections = 200
`, c.port, strings.ReplaceAll(c.socketDir, "'", "''"))
	if c.fast {
		conf += `# A test cluster: durability traded for speed. A machine crash can
# corrupt this cluster; never use these settings for data you keep.
fsync = off
synchronous_commit = off
full_page_writes = off
`
	} else {
		conf += `# Durable: a crash of the machine loses no committed transaction.
fsync = on
synchronous_commit = on
full_page_writes = on
`
	}
	path := filepath.Join(c.dataDir, confFile)
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		return err
	}
	if c.runAs != nil {
		return os.Lchown(path, int(c.runAs.uid), int(c.runAs.gid))
	}
	return nil
}

func (c *Cluster) logPath() string { return filepath.Join(c.root, "postgres.log") }

// start runs pg_ctl start, retrying briefly while processes of a crashed
// server still hold its shared memory.
func (c *Cluster) start(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := c.run(ctx, c.bins.pgCtl, "start", "-D", c.dataDir, "-w",
			"-t", strconv.Itoa(int(startTimeout/time.Second)), "-l", c.logPath())
		if err == nil {
			if err := c.ping(ctx); err != nil {
				return fmt.Errorf("server started but refuses connections on %s: %w", c.socketDir, err)
			}
			return nil
		}
		tail := c.logTail()
		if strings.Contains(tail, "is still in use") && time.Now().Before(deadline) && ctx.Err() == nil {
			c.log.Warn("processes of a crashed server still hold its shared memory; retrying", "dir", c.root)
			time.Sleep(500 * time.Millisecond)
			continue
		}
		return fmt.Errorf("pg_ctl start: %w\n%s\nserver log %s:%s", err, bytes.TrimSpace(out), c.logPath(), tail)
	}
}

// logTail returns the last lines of the server log, indented, for errors.
func (c *Cluster) logTail() string {
	f, err := os.Open(c.logPath())
	if err != nil {
		return ""
	}
	defer f.Close()
	const window = 8 << 10
	if st, err := f.Stat(); err == nil && st.Size() > window {
		_, _ = f.Seek(st.Size()-window, io.SeekStart)
	}
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	if len(lines) == 0 {
		return ""
	}
	return "\n    " + strings.Join(lines, "\n    ")
}

// run executes a PostgreSQL binary, as the server account when we are root.
func (c *Cluster) run(ctx context.Context, bin string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = c.root
	cmd.WaitDelay = 5 * time.Second
	env := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		// PG* variables (PGDATA, PGHOST, ...) were meant for some other server.
		if strings.HasPrefix(kv, "PG") && !strings.HasPrefix(kv, "PG_BIN=") {
			continue
		}
		if c.runAs != nil && (strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "USER=") || strings.HasPrefix(kv, "LOGNAME=")) {
			continue
		}
		env = append(env, kv)
	}
	if c.runAs != nil {
		env = append(env, "HOME="+c.root, "USER="+c.runAs.name, "LOGNAME="+c.runAs.name)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{
			Uid:    c.runAs.uid,
			Gid:    c.runAs.gid,
			Groups: []uint32{},
		}}
	}
	cmd.Env = env
	return cmd.CombinedOutput()
}
