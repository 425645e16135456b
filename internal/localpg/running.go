package localpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// pidFile is what postmaster.pid says about a server.
type pidFile struct {
	pid       int
	port      int
	socketDir string
}

func readPidFile(path string) (pidFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return pidFile{}, err
	}
	// Lines: pid, data dir, start time, port, first socket dir, listen
	// address, shared memory key, status.
	lines := strings.Split(string(b), "\n")
	var pf pidFile
	if len(lines) > 0 {
		pf.pid, _ = strconv.Atoi(strings.TrimSpace(lines[0]))
	}
	if len(lines) > 3 {
		pf.port, _ = strconv.Atoi(strings.TrimSpace(lines[3]))
	}
	if len(lines) > 4 {
		pf.socketDir = strings.TrimSpace(lines[4])
	}
	if pf.pid <= 0 {
		return pf, fmt.Errorf("%s: no pid on its first line", path)
	}
	return pf, nil
}

// adoptRunning reuses a server that postmaster.pid says is running. It clears
// a stale postmaster.pid left by a crash whose pid now belongs to an
// unrelated process (postgres itself copes with dead pids but not with
// reused ones).
func (c *Cluster) adoptRunning(ctx context.Context) (bool, error) {
	pidPath := filepath.Join(c.dataDir, "postmaster.pid")
	pf, err := readPidFile(pidPath)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		// Written half-way by a crashing server; postgres rewrites it.
		c.log.Warn("ignoring unreadable postmaster.pid", "err", err)
		return false, nil
	}
	ping := func() error {
		if pf.socketDir == "" || pf.port == 0 {
			return errors.New("postmaster.pid names no socket yet")
		}
		c.socketDir, c.port = pf.socketDir, pf.port
		return c.ping(ctx)
	}
	if ping() == nil {
		return true, nil
	}
	if !processAlive(pf.pid) {
		return false, nil // postgres removes a dead server's pid file itself
	}
	if !c.isOurPostmaster(pf.pid) {
		c.log.Warn("removing stale postmaster.pid: its pid now belongs to another process", "pid", pf.pid)
		if err := os.Remove(pidPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, err
		}
		if pf.socketDir != "" && pf.port != 0 {
			lockPath := filepath.Join(pf.socketDir, fmt.Sprintf(".s.PGSQL.%d.lock", pf.port))
			if other, err := readPidFile(lockPath); err == nil && other.pid == pf.pid {
				_ = os.Remove(lockPath)
			}
		}
		return false, nil
	}
	// Our server, but not answering yet: starting up, recovering or shutting
	// down. Wait for it to either accept connections or go away.
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if fresh, err := readPidFile(pidPath); err == nil {
			pf = fresh
		}
		if ping() == nil {
			return true, nil
		}
		if !processAlive(pf.pid) {
			return false, nil
		}
	}
	return false, fmt.Errorf("a server (pid %d) is running in %s but does not accept connections; see %s%s",
		pf.pid, c.dataDir, c.logPath(), c.logTail())
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// isOurPostmaster reports whether pid is a postgres serving c.dataDir: the
// postmaster's working directory is its data directory. When that cannot be
// read, it answers yes, the cautious answer.
func (c *Cluster) isOurPostmaster(pid int) bool {
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	want, err := filepath.EvalSymlinks(c.dataDir)
	if err != nil {
		want = c.dataDir
	}
	return cwd == want || cwd == c.dataDir
}

func (c *Cluster) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return conn.Ping(ctx)
}
