package localpg

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// debianRoot is where Debian and Ubuntu install the server binaries, one
// directory per major version.
const debianRoot = "/usr/lib/postgresql"

// binaries locates initdb and pg_ctl (pg_ctl finds postgres beside itself).
type binaries struct {
	dir    string
	initdb string
	pgCtl  string
}

var errNoBinaries = errors.New("no PostgreSQL server binaries (initdb, pg_ctl) found in $PG_BIN, " + debianRoot + "/*/bin or PATH; " +
	"install them with `apt-get install postgresql` (scripts/ensure-postgres does it), or set PG_BIN to the directory holding initdb and pg_ctl")

// findBinaries looks in $PG_BIN, then in the Debian layout (the version that
// created dataDir if it exists there, else the highest), then on PATH.
func findBinaries(dataDir string) (binaries, error) {
	if dir := os.Getenv("PG_BIN"); dir != "" {
		b, ok := binariesIn(dir)
		if !ok {
			return binaries{}, fmt.Errorf("PG_BIN=%s does not hold both initdb and pg_ctl", dir)
		}
		return b, nil
	}
	want, _ := dataVersion(dataDir)
	if b, ok := debianBinaries(debianRoot, want); ok {
		return b, nil
	}
	initdb, err1 := exec.LookPath("initdb")
	pgCtl, err2 := exec.LookPath("pg_ctl")
	if err1 == nil && err2 == nil {
		initdb, _ = filepath.Abs(initdb)
		pgCtl, _ = filepath.Abs(pgCtl)
		return binaries{dir: filepath.Dir(initdb), initdb: initdb, pgCtl: pgCtl}, nil
	}
	return binaries{}, errNoBinaries
}

func binariesIn(dir string) (binaries, bool) {
	b := binaries{dir: dir, initdb: filepath.Join(dir, "initdb"), pgCtl: filepath.Join(dir, "pg_ctl")}
	return b, isExecutable(b.initdb) && isExecutable(b.pgCtl)
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// debianBinaries picks <root>/<want>/bin when it is complete, else the
// highest complete version.
func debianBinaries(root, want string) (binaries, bool) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return binaries{}, false
	}
	var versions []string
	for _, e := range entries {
		if _, ok := binariesIn(filepath.Join(root, e.Name(), "bin")); ok {
			versions = append(versions, e.Name())
		}
	}
	if len(versions) == 0 {
		return binaries{}, false
	}
	if slices.Contains(versions, want) {
		return binariesIn(filepath.Join(root, want, "bin"))
	}
	return binariesIn(filepath.Join(root, slices.MaxFunc(versions, compareVersions), "bin"))
}

// compareVersions orders "9.6" < "15" < "16": numerically, part by part.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x - y
		}
	}
	return strings.Compare(a, b)
}
