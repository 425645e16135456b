package localpg

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func settings(t *testing.T, c *Cluster, names ...string) map[string]string {
	t.Helper()
	conn := connect(t, c, "postgres")
	got := map[string]string{}
	for _, name := range names {
		var v string
		if err := conn.QueryRow(context.Background(), "SELECT current_setting($1)", name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		got[name] = v
	}
	return got
}

var durabilitySettings = []string{"fsync", "synchronous_commit", "full_page_writes"}

// A cluster is durable unless asked for Fast, and Fast does not stick to the
// cluster: the next start without it is durable again.
func TestDurableUnlessFast(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := context.Background()
	dir := clusterDir(t)
	fast := start(t, dir, Fast())
	for name, v := range settings(t, fast, durabilitySettings...) {
		if v != "off" {
			t.Errorf("Fast: %s = %s, want off", name, v)
		}
	}
	if err := fast.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	durable := start(t, dir, func(*Cluster) {})
	for name, v := range settings(t, durable, durabilitySettings...) {
		if v != "on" {
			t.Errorf("default: %s = %s, want on", name, v)
		}
	}
}

func TestEnsureRole(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := context.Background()
	c := start(t, clusterDir(t))
	for range 2 {
		if err := c.EnsureRole(ctx, "radhus_app"); err != nil {
			t.Fatal(err)
		}
	}
	conn := connect(t, c, "postgres")
	var super, createDB, createRole bool
	err := conn.QueryRow(ctx, "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'radhus_app'").Scan(&super, &createDB, &createRole)
	if err != nil || super || createDB || createRole {
		t.Fatalf("radhus_app: superuser %v, createdb %v, createrole %v, %v", super, createDB, createRole, err)
	}
	app, err := pgx.Connect(ctx, c.URLAs("radhus_app", "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close(ctx)
	var user string
	if err := app.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != "radhus_app" {
		t.Fatalf("current_user = %q, %v", user, err)
	}
}

// A cluster of an earlier version, run as the shared nobody account, moves to
// the dedicated account on its next start.
func TestNobodysClusterHandedOver(t *testing.T) {
	skipWithoutPostgres(t)
	if os.Geteuid() != 0 {
		t.Skip("server accounts only matter when running as root")
	}
	ctx := context.Background()
	dir := clusterDir(t)
	c := start(t, dir)
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := chownTree(dir, &account{name: "nobody", uid: nobodyUID, gid: nobodyUID}); err != nil {
		t.Fatal(err)
	}
	again := start(t, dir)
	selectOne(t, again)
	acct, err := serverAccount()
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if uid := info.Sys().(*syscall.Stat_t).Uid; uid != acct.uid {
			return fmt.Errorf("%s belongs to uid %d, want %s (%d)", path, uid, acct.name, acct.uid)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// orphanHelperEnv makes the test binary a process that starts a cluster and
// waits to be killed (see TestOrphanTakenOver).
const orphanHelperEnv = "RADHUS_LOCALPG_ORPHAN_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(orphanHelperEnv); dir != "" {
		if _, err := Start(context.Background(), dir, nil, Fast()); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("started")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A process that started a cluster and was killed with SIGKILL leaves the
// server running; the next Start takes it over, and its Stop stops it.
func TestOrphanTakenOver(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := context.Background()
	dir := clusterDir(t)
	helper := exec.Command(os.Args[0], "-test.run=^$")
	helper.Env = append(os.Environ(), orphanHelperEnv+"="+dir)
	out, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "started\n" {
		helper.Process.Kill()
		helper.Wait()
		t.Fatalf("helper said %q", line)
	}
	if err := helper.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	helper.Wait()
	pidPath := filepath.Join(dir, "data", "postmaster.pid")
	if _, err := os.Stat(pidPath); err != nil {
		t.Fatalf("the server did not outlive its starter: %v", err)
	}

	c, err := Start(ctx, dir, testLogger(t), Fast())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Started() {
		t.Fatal("the orphaned server was not taken over")
	}
	selectOne(t, c)
	// A further handle in a live process does not take it over again.
	other := start(t, dir)
	if other.Started() {
		t.Fatal("a server with a live owner was taken over")
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pidPath); !os.IsNotExist(err) {
		t.Fatalf("server still running after the taking-over handle stopped: %v", err)
	}
}
