package localpg

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The owner file (<root>/owner) names the process that started the running
// server and so will stop it: its pid and its start time in clock ticks since
// boot (field 22 of /proc/<pid>/stat), which tells a live owner from an
// unrelated process that got the same pid later.
const ownerFile = "owner"

type processID struct {
	pid   int
	start uint64
}

func self() processID {
	pid := os.Getpid()
	start, _ := processStart(pid)
	return processID{pid: pid, start: start}
}

// processStart reads a process's start time from /proc.
func processStart(pid int) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, errors.New("unreadable /proc stat")
	}
	fields := strings.Fields(string(b[i+1:]))
	if len(fields) < 20 { // field 22 overall is the 20th after the name
		return 0, errors.New("short /proc stat")
	}
	return strconv.ParseUint(fields[19], 10, 64)
}

func (p processID) alive() bool {
	if p.pid <= 0 || !processAlive(p.pid) {
		return false
	}
	start, err := processStart(p.pid)
	if err != nil {
		return !errors.Is(err, os.ErrNotExist) // cannot tell: assume alive
	}
	return start == p.start
}

func (c *Cluster) ownerPath() string { return filepath.Join(c.root, ownerFile) }

// writeOwner records this process as the one that stops the server.
func (c *Cluster) writeOwner() error {
	me := self()
	path := c.ownerPath()
	if err := os.WriteFile(path, fmt.Appendf(nil, "%d %d\n", me.pid, me.start), 0o600); err != nil {
		return err
	}
	if c.runAs != nil {
		return os.Lchown(path, int(c.runAs.uid), int(c.runAs.gid))
	}
	return nil
}

// orphaned reports whether the running server was left behind: the process
// that started it is gone (killed, say, with SIGKILL before it could stop
// it), or nothing says who started it.
func (c *Cluster) orphaned() bool {
	b, err := os.ReadFile(c.ownerPath())
	if err != nil {
		return true
	}
	var owner processID
	if _, err := fmt.Sscanf(string(b), "%d %d", &owner.pid, &owner.start); err != nil {
		return true
	}
	return !owner.alive()
}
