package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
)

// clusterKey signs the tokens of every server of the cluster test.
const clusterKey = "a signing key for the cluster test of 32+ bytes"

// node is one `radhus serve` process.
type node struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
}

// startNode starts `radhus serve` on the database at url with its own data
// folder, and waits until it answers.
func startNode(t *testing.T, bin, url, data string) *node {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+url, "RADHUS_DATA="+data, "RADHUS_JWT_KEY="+clusterKey,
		"RADHUS_LOG_LEVEL=error", "RADHUS_GRAPHIQL=false", "RADHUS_SHUTDOWN_DELAY=10ms")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &node{cmd: cmd}
	t.Cleanup(func() { n.stop() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.Contains(line, "http://") {
		t.Fatalf("serve printed %q: %v", line, err)
	}
	go io.Copy(io.Discard, stdout)
	n.base = strings.TrimSuffix(strings.TrimSpace(line[strings.Index(line, "http://"):]), "/graphql")
	waitFor(t, n.base+"/readyz")
	return n
}

// kill ends the process at once, as a crash or a power cut would: it neither
// finishes its requests nor stops its job client.
func (n *node) kill(t *testing.T) {
	t.Helper()
	if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	n.cmd.Wait()
}

// stop shuts the process down gracefully (SIGINT).
func (n *node) stop() {
	if n.cmd.ProcessState == nil {
		n.cmd.Process.Signal(os.Interrupt)
		n.cmd.Wait()
	}
}

func (n *node) schedulePublish(t *testing.T, token string, page int64, at time.Time, version int) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($id: ID!, $at: DateTime!, $v: Int) { schedulePublish(id: $id, at: $at, expectedVersion: $v) { at } }`,
		"variables": map[string]any{"id": content.GlobalID(content.KindPage, page), "at": at.Format(time.RFC3339Nano), "v": version},
	})
	req, _ := http.NewRequest(http.MethodPost, n.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil || res.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("schedulePublish: HTTP %d %v %+v", res.StatusCode, err, r.Errors)
	}
}

// publishes counts a page's publish revisions and publish audit entries, and
// returns when it was published (zero when it is not).
func publishes(t *testing.T, pool *pgxpool.Pool, page int64) (revisions, audits int, at time.Time) {
	t.Helper()
	ctx := context.Background()
	if err := pool.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM page_revisions WHERE page_id = $1 AND reason = 'publish'),
			(SELECT count(*) FROM audit_log WHERE item_kind = 'Page' AND item_id = $1 AND action = 'publish'),
			coalesce((SELECT min(created_at) FROM page_revisions WHERE page_id = $1 AND reason = 'publish'), 'epoch')`,
		page).Scan(&revisions, &audits, &at); err != nil {
		t.Fatal(err)
	}
	return revisions, audits, at
}

// waitPublished waits until page has a publish revision.
func waitPublished(t *testing.T, pool *pgxpool.Pool, page int64, within time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if n, _, at := publishes(t, pool, page); n > 0 {
			return at
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("page %d was not published within %s", page, within)
	return time.Time{}
}

// TestTwoServersPublishOnce builds radhus and runs two `radhus serve`
// processes on one database. A publisher schedules a page's publish a few
// seconds ahead through one of them, which is then killed with SIGKILL before
// the time: the other publishes it, once (one revision, one audit entry), and
// a server started again afterwards does not publish it again. Then a publish
// falls due while no server runs, and the next server to start carries it out.
func TestTwoServersPublishOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	bin := filepath.Join(dir, "radhus")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	url := pgtest.URL(t)
	pool, err := postgres.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	accounts := postgres.NewAccounts(pool)
	u, err := accounts.CreateUser(ctx, content.NewUser{Email: "publicist@test.radhus.example",
		PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$unused$unused", Role: content.RolePublisher}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := auth.New(ctx, auth.Config{Key: []byte(clusterKey), Clock: hours.SystemClock{}}, accounts)
	if err != nil {
		t.Fatal(err)
	}
	session, err := svc.StartSession(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	store := postgres.NewStore(pool)
	newPage := func(slug string) *content.Page {
		p, err := store.CreatePageDraft(ctx, pool, &content.PageDraft{
			Variants: []content.PageVariant{{Locale: "sv", Slug: slug, Title: "Sida " + slug}}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	first, second := newPage("nyhet-ett"), newPage("nyhet-tva")

	a := startNode(t, bin, url, filepath.Join(dir, "a"))
	b := startNode(t, bin, url, filepath.Join(dir, "b"))

	// Scheduled through a, which dies before the time.
	const ahead = 8 * time.Second
	at := time.Now().Add(ahead).Truncate(time.Millisecond)
	a.schedulePublish(t, session.AccessToken, first.ID, at, first.Version)
	a.kill(t)
	if !time.Now().Before(at) {
		t.Fatalf("the machine is too slow: server a was killed after the publish time")
	}
	publishedAt := waitPublished(t, pool, first.ID, ahead+90*time.Second)
	if publishedAt.Before(at) {
		t.Errorf("published at %s, before its time %s", publishedAt, at)
	}
	// a restarts: nothing runs twice.
	a = startNode(t, bin, url, filepath.Join(dir, "a"))
	time.Sleep(2 * time.Second)
	if revs, audits, _ := publishes(t, pool, first.ID); revs != 1 || audits != 1 {
		t.Errorf("page published %d times (audit entries %d), want once", revs, audits)
	}
	t.Logf("scheduled %s ahead on server a, a killed: published by b %.1f s after its time, once (1 revision, 1 audit entry)",
		ahead, publishedAt.Sub(at).Seconds())

	// Due while no server runs: the next one to start publishes it.
	at = time.Now().Add(3 * time.Second).Truncate(time.Millisecond)
	b.schedulePublish(t, session.AccessToken, second.ID, at, second.Version)
	a.stop()
	b.stop()
	time.Sleep(time.Until(at) + time.Second)
	if revs, _, _ := publishes(t, pool, second.ID); revs != 0 {
		t.Fatalf("published with no server running")
	}
	started := time.Now()
	startNode(t, bin, url, filepath.Join(dir, "c"))
	overdueAt := waitPublished(t, pool, second.ID, 90*time.Second)
	if revs, audits, _ := publishes(t, pool, second.ID); revs != 1 || audits != 1 {
		t.Errorf("overdue page published %d times (audit entries %d), want once", revs, audits)
	}
	t.Logf("overdue publish (%.1f s late when the server started) ran %.1f s after the start", started.Sub(at).Seconds(),
		overdueAt.Sub(started).Seconds())
}
