package localpg

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// ServerAccount is the system account the server runs as when the process is
// root and the data directory does not already belong to another account.
// localpg creates it (useradd --system) when it is missing.
const ServerAccount = "radhus-pg"

// nobodyUID is the shared unprivileged account that clusters of earlier
// Rådhus versions ran as; such clusters are handed to ServerAccount.
const nobodyUID = 65534

// account is the unprivileged user the server runs as when we are root.
type account struct {
	name     string
	uid, gid uint32
}

// prepareAsRoot picks the server account and the cluster root, creating the
// root with the right owner, relocating it when the account cannot reach dir.
func (c *Cluster) prepareAsRoot(dir string) error {
	acct, err := c.accountFor(filepath.Join(dir, "data"))
	if err != nil {
		return err
	}
	root := dir
	if !canTraverse(acct, dir) {
		root = relocatedRoot(dir)
	} else if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	} else if !canTraverse(acct, dir) { // a restrictive umask made the new parents private
		root = relocatedRoot(dir)
	}
	if root != dir {
		if acct, err = c.accountFor(filepath.Join(root, "data")); err != nil {
			return err
		}
		if !canTraverse(acct, root) {
			return fmt.Errorf("neither %s nor %s is reachable by user %s; pass a dir under a world-traversable directory", dir, root, acct.name)
		}
		c.log.Info("relocating PostgreSQL cluster: the server user cannot reach the requested dir",
			"requested", dir, "dir", root, "user", acct.name)
	}
	if err := ownedDir(root, acct, root != dir); err != nil {
		return err
	}
	c.root = root
	c.dataDir = filepath.Join(root, "data")
	c.runAs = acct
	return nil
}

// accountFor returns the account the server in dataDir runs as: the owner of
// an existing data directory, so that a cluster keeps working whoever created
// it, else ServerAccount. A stopped cluster owned by the shared `nobody`
// account is handed over to ServerAccount (chown -R of its root); a running
// one keeps `nobody` until it is stopped.
func (c *Cluster) accountFor(dataDir string) (*account, error) {
	st, err := os.Stat(dataDir)
	if err != nil {
		return serverAccount()
	}
	sys := st.Sys().(*syscall.Stat_t)
	if sys.Uid == 0 {
		return nil, fmt.Errorf("data directory %s belongs to root; PostgreSQL cannot run as root", dataDir)
	}
	name := strconv.Itoa(int(sys.Uid))
	if u, err := user.LookupId(name); err == nil {
		name = u.Username
	}
	owner := &account{name: name, uid: sys.Uid, gid: sys.Gid}
	if sys.Uid != nobodyUID {
		return owner, nil
	}
	if pf, err := readPidFile(filepath.Join(dataDir, "postmaster.pid")); err == nil && processAlive(pf.pid) {
		c.log.Warn("the running PostgreSQL cluster runs as the shared account nobody; it moves to its own account when next started here",
			"dir", filepath.Dir(dataDir), "account", ServerAccount)
		return owner, nil
	}
	acct, err := serverAccount()
	if err != nil {
		return nil, err
	}
	root := filepath.Dir(dataDir)
	if err := chownTree(root, acct); err != nil {
		return nil, fmt.Errorf("hand %s over from nobody to %s: %w", root, acct.name, err)
	}
	c.log.Info("PostgreSQL cluster handed over from nobody to its own account", "dir", root, "account", acct.name)
	return acct, nil
}

// chownTree gives root and everything below it to acct, without following
// symbolic links.
func chownTree(root string, acct *account) error {
	return filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(acct.uid), int(acct.gid))
	})
}

var accountMu sync.Mutex

// serverAccount looks up ServerAccount and creates it when it is missing. A
// concurrent creation by another process (useradd exits non-zero when the
// user exists or /etc/passwd is locked) is waited out.
func serverAccount() (*account, error) {
	accountMu.Lock()
	defer accountMu.Unlock()
	var lastErr error
	for attempt := range 10 {
		if u, err := user.Lookup(ServerAccount); err == nil {
			uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
			gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
			if err1 != nil || err2 != nil || uid == 0 {
				return nil, fmt.Errorf("system account %s has uid %s, gid %s; PostgreSQL needs an unprivileged account", ServerAccount, u.Uid, u.Gid)
			}
			return &account{name: ServerAccount, uid: uint32(uid), gid: uint32(gid)}, nil
		}
		if attempt > 0 {
			time.Sleep(time.Duration(attempt) * 50 * time.Millisecond)
		}
		useradd, err := exec.LookPath("useradd")
		if err != nil {
			useradd = "/usr/sbin/useradd"
		}
		out, err := exec.Command(useradd, "--system", "--user-group", "--no-create-home",
			"--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
			"--comment", "Radhus local PostgreSQL", ServerAccount).CombinedOutput()
		if err != nil {
			lastErr = fmt.Errorf("useradd %s: %w: %s", ServerAccount, err, out)
		}
	}
	return nil, fmt.Errorf("create the system account the local PostgreSQL runs as (or create it yourself: useradd --system --user-group %s): %w", ServerAccount, lastErr)
}

// canTraverse reports whether acct (with its primary group only, as the
// server processes run without supplementary groups) may search every
// existing ancestor of path. Missing ancestors are created 0755 later.
func canTraverse(acct *account, path string) bool {
	for p := filepath.Dir(path); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err == nil {
			sys := st.Sys().(*syscall.Stat_t)
			mode := st.Mode().Perm()
			var ok bool
			switch {
			case sys.Uid == acct.uid:
				ok = mode&0o100 != 0
			case sys.Gid == acct.gid:
				ok = mode&0o010 != 0
			default:
				ok = mode&0o001 != 0
			}
			if !ok {
				return false
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			return false
		}
		if p == filepath.Dir(p) {
			return true
		}
	}
}

// ownedDir makes dir a directory owned by acct with mode 0700. With shared
// set, dir sits in a world-writable place, so a pre-existing dir must already
// belong to acct or root (anything else may have been planted).
func ownedDir(dir string, acct *account, shared bool) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s exists and is not a directory", dir)
	}
	if uid := st.Sys().(*syscall.Stat_t).Uid; shared && uid != 0 && uid != acct.uid {
		return fmt.Errorf("%s belongs to uid %d, expected %s (uid %d); remove it", dir, uid, acct.name, acct.uid)
	}
	if err := os.Lchown(dir, int(acct.uid), int(acct.gid)); err != nil {
		return err
	}
	return os.Chmod(dir, 0o700)
}
