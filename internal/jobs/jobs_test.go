package jobs_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/jobs"
	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
)

// testClock is the system clock moved by an offset, so that time goes on (River
// measures intervals with it) and a test can jump ahead.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// pagePublisher is a small real publisher: pages in a table of the test's
// database, with a version checked and raised on every change, and counts of
// how often each was published.
type pagePublisher struct{}

func (pagePublisher) change(ctx context.Context, db postgres.DB, id int64, expected int, publish bool) (*content.Page, error) {
	tag, err := db.Exec(ctx, `UPDATE test_pages SET version = version + 1, published = $3,
		publishes = publishes + $3::boolean::int, unpublishes = unpublishes + (NOT $3::boolean)::int
		WHERE id = $1 AND version = $2`, id, expected, publish)
	if err != nil {
		return nil, err
	}
	if tag.RowsAffected() == 0 {
		if _, err := (pagePublisher{}).PageVersion(ctx, db, id); err != nil {
			return nil, err
		}
		return nil, content.Errorf(content.ECONFLICT, "stale version")
	}
	return &content.Page{ID: id}, nil
}

func (p pagePublisher) PublishPage(ctx context.Context, db postgres.DB, id int64, v int) (*content.Page, error) {
	return p.change(ctx, db, id, v, true)
}

func (p pagePublisher) UnpublishPage(ctx context.Context, db postgres.DB, id int64, v int) (*content.Page, error) {
	return p.change(ctx, db, id, v, false)
}

func (pagePublisher) PageVersion(ctx context.Context, db postgres.DB, id int64) (int, error) {
	var v int
	err := db.QueryRow(ctx, `SELECT version FROM test_pages WHERE id = $1`, id).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, content.NotFound("page")
	}
	return v, err
}

func (pagePublisher) Audit(ctx context.Context, db postgres.DB, action, kind string, id int64, version int, summary string) error {
	a, _ := content.ActorFrom(ctx)
	_, err := db.Exec(ctx, `INSERT INTO test_audit (action, item_id, actor_id, summary) VALUES ($1, $2, $3, $4)`,
		action, id, a.ID, summary)
	return err
}

type bundle struct {
	pool  *pgxpool.Pool
	clock *testClock
	ctx   context.Context // a publisher's request
}

func setup(t *testing.T, pages int) *bundle {
	t.Helper()
	pool := pgtest.Pool(t)
	ctx := context.Background()
	for _, sql := range []string{
		`CREATE TABLE test_pages (id bigint PRIMARY KEY, version int NOT NULL DEFAULT 1,
			published boolean NOT NULL DEFAULT false, publishes int NOT NULL DEFAULT 0, unpublishes int NOT NULL DEFAULT 0)`,
		`CREATE TABLE test_audit (action text, item_id bigint, actor_id text, summary text)`,
		`INSERT INTO test_pages (id) SELECT generate_series(1, ` + strconv.Itoa(pages) + `)`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	return &bundle{pool: pool, clock: &testClock{},
		ctx: content.WithActor(ctx, content.Actor{ID: "u1", Email: "ann@kommun.se", Role: content.RolePublisher})}
}

// server is one Rådhus node's job runner; stop it to simulate a restart.
func (b *bundle) server(t *testing.T) *jobs.Runner {
	t.Helper()
	r, err := jobs.New(jobs.Config{Pool: b.pool, Publisher: pagePublisher{}, Clock: b.clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(context.Background()) })
	return r
}

func (b *bundle) counts(t *testing.T, id int64) (publishes, unpublishes int) {
	t.Helper()
	if err := b.pool.QueryRow(context.Background(), `SELECT publishes, unpublishes FROM test_pages WHERE id = $1`, id).
		Scan(&publishes, &unpublishes); err != nil {
		t.Fatal(err)
	}
	return publishes, unpublishes
}

func (b *bundle) int(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := b.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor polls cond until it holds; jobs run within seconds of their time
// (River moves due jobs every few seconds), so a minute means it never will.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// settle waits long enough for River to have moved due jobs at least twice
// (its scheduler runs every 5 s), for checking that something did not happen.
func settle() { time.Sleep(11 * time.Second) }

func TestScheduledPublishRunsOnceAtItsTime(t *testing.T) {
	t.Parallel()
	b := setup(t, 1)
	r := b.server(t)
	at := b.clock.Now().Add(time.Hour).In(time.FixedZone("CET", 3600))
	s, err := r.Schedule(b.ctx, content.KindPage, 1, content.SchedulePublish, at, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.At.Location() != time.UTC || !s.At.Equal(at) || s.ScheduledBy.ID != "u1" {
		t.Errorf("schedule = %+v, want UTC %v by u1", s, at)
	}
	settle()
	if p, _ := b.counts(t, 1); p != 0 {
		t.Fatalf("published %d times an hour early", p)
	}
	b.clock.Advance(time.Hour + time.Second)
	waitFor(t, "the scheduled publish", func() bool { p, _ := b.counts(t, 1); return p > 0 })
	settle()
	if p, _ := b.counts(t, 1); p != 1 {
		t.Errorf("published %d times, want once", p)
	}
	if n := b.int(t, `SELECT count(*) FROM schedules`); n != 0 {
		t.Errorf("%d schedules left, want 0", n)
	}
	if n := b.int(t, `SELECT count(*) FROM river_job WHERE id = $1 AND state = 'completed'`, s.JobID); n != 1 {
		t.Errorf("job %d not completed", s.JobID)
	}
	// The audit log says who scheduled it; the publish itself is the
	// publisher's to record, as the same person.
	if n := b.int(t, `SELECT count(*) FROM test_audit WHERE action = 'schedule' AND actor_id = 'u1'`); n != 1 {
		t.Errorf("schedule audit entries = %d, want 1", n)
	}
}

func TestTwoServersPublishOnce(t *testing.T) {
	t.Parallel()
	const pages = 40
	b := setup(t, pages)
	r1 := b.server(t)
	b.server(t)
	for id := int64(1); id <= pages; id++ {
		if _, err := r1.Schedule(b.ctx, content.KindPage, id, content.SchedulePublish, b.clock.Now().Add(time.Minute), nil); err != nil {
			t.Fatal(err)
		}
	}
	b.clock.Advance(2 * time.Minute)
	waitFor(t, "every page published", func() bool {
		return b.int(t, `SELECT count(*) FROM test_pages WHERE publishes > 0`) == pages
	})
	settle()
	if n := b.int(t, `SELECT count(*) FROM test_pages WHERE publishes <> 1`); n != 0 {
		t.Errorf("%d pages not published exactly once", n)
	}
	if n := b.int(t, `SELECT count(*) FROM river_job WHERE state <> 'completed'`); n != 0 {
		t.Errorf("%d jobs not completed", n)
	}
}

func TestRestartLosesNoJob(t *testing.T) {
	t.Parallel()
	b := setup(t, 2)
	first := b.server(t)
	if _, err := first.Schedule(b.ctx, content.KindPage, 1, content.SchedulePublish, b.clock.Now().Add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Schedule(b.ctx, content.KindPage, 2, content.ScheduleUnpublish, b.clock.Now().Add(2*time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if err := first.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	// While no server runs, both become overdue; the next server to start runs
	// them.
	b.clock.Advance(3 * time.Hour)
	b.server(t)
	waitFor(t, "both overdue changes", func() bool {
		p, _ := b.counts(t, 1)
		_, u := b.counts(t, 2)
		return p == 1 && u == 1
	})
	settle()
	if p, u := b.counts(t, 1); p != 1 || u != 0 {
		t.Errorf("page 1: %d publishes, %d unpublishes, want 1, 0", p, u)
	}
	if p, u := b.counts(t, 2); p != 0 || u != 1 {
		t.Errorf("page 2: %d publishes, %d unpublishes, want 0, 1", p, u)
	}
}

func TestRescheduleAndCancelReplaceTheJob(t *testing.T) {
	t.Parallel()
	b := setup(t, 2)
	r := b.server(t)
	first, err := r.Schedule(b.ctx, content.KindPage, 1, content.SchedulePublish, b.clock.Now().Add(time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.Schedule(b.ctx, content.KindPage, 1, content.SchedulePublish, b.clock.Now().Add(3*time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Schedule(b.ctx, content.KindPage, 2, content.SchedulePublish, b.clock.Now().Add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	stale := b.clock.Now().Add(2 * time.Hour)
	if err := r.CancelSchedule(b.ctx, content.KindPage, 2, content.SchedulePublish, &stale); content.ErrorCode(err) != content.ECONFLICT {
		t.Errorf("cancel with another instant: %v, want CONFLICT", err)
	}
	if err := r.CancelSchedule(b.ctx, content.KindPage, 2, content.SchedulePublish, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.CancelSchedule(b.ctx, content.KindPage, 2, content.SchedulePublish, nil); content.ErrorCode(err) != content.ENOTFOUND {
		t.Errorf("second cancel error = %v, want NOT_FOUND", err)
	}
	list, err := r.Schedules(b.ctx, content.KindPage, 1)
	if err != nil || len(list) != 1 || list[0].JobID != second.JobID {
		t.Fatalf("Schedules = %+v, %v, want the second only", list, err)
	}
	if n := b.int(t, `SELECT count(*) FROM river_job WHERE id = $1 AND state = 'cancelled'`, first.JobID); n != 1 {
		t.Errorf("the replaced job is not cancelled")
	}

	b.clock.Advance(2 * time.Hour) // past the first time, before the second
	settle()
	if p, _ := b.counts(t, 1); p != 0 {
		t.Fatalf("page 1 published at the replaced time")
	}
	if p, _ := b.counts(t, 2); p != 0 {
		t.Fatalf("page 2 published though cancelled")
	}
	b.clock.Advance(2 * time.Hour)
	waitFor(t, "the rescheduled publish", func() bool { p, _ := b.counts(t, 1); return p == 1 })
	if p, _ := b.counts(t, 2); p != 0 {
		t.Errorf("page 2 published though cancelled")
	}
}

func TestScheduleVersions(t *testing.T) {
	t.Parallel()
	b := setup(t, 2)
	r := b.server(t)
	stale := 7
	_, err := r.Schedule(b.ctx, content.KindPage, 1, content.SchedulePublish, b.clock.Now(), &stale)
	if content.ErrorCode(err) != content.ECONFLICT {
		t.Errorf("stale expectedVersion: error = %v, want CONFLICT", err)
	}
	if _, err := r.Schedule(b.ctx, content.KindPage, 99, content.SchedulePublish, b.clock.Now(), nil); content.ErrorCode(err) != content.ENOTFOUND {
		t.Errorf("missing page: error = %v, want NOT_FOUND", err)
	}
	if _, err := r.Schedule(context.Background(), content.KindPage, 1, content.SchedulePublish, b.clock.Now(), nil); content.ErrorCode(err) != content.EUNAUTHORIZED {
		t.Errorf("anonymous: error = %v, want UNAUTHENTICATED", err)
	}
	if n := b.int(t, `SELECT count(*) FROM river_job`); n != 0 {
		t.Errorf("%d jobs after refused schedules, want 0", n)
	}

	// With expectedVersion the job publishes that version only: an edit after
	// scheduling leaves the page alone, and the audit log says why.
	v1 := 1
	if _, err := r.Schedule(b.ctx, content.KindPage, 1, content.SchedulePublish, b.clock.Now().Add(time.Hour), &v1); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Schedule(b.ctx, content.KindPage, 2, content.SchedulePublish, b.clock.Now().Add(time.Hour), &v1); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(context.Background(), `UPDATE test_pages SET version = 2 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(2 * time.Hour)
	waitFor(t, "page 2 published", func() bool { p, _ := b.counts(t, 2); return p == 1 })
	waitFor(t, "page 1's refusal recorded", func() bool {
		return b.int(t, `SELECT count(*) FROM test_audit WHERE action = 'scheduleFailed' AND item_id = 1 AND actor_id = 'u1'`) == 1
	})
	if p, _ := b.counts(t, 1); p != 0 {
		t.Errorf("page 1 published though changed after scheduling")
	}
	if n := b.int(t, `SELECT count(*) FROM schedules`); n != 0 {
		t.Errorf("%d schedules left, want 0", n)
	}
}

// Scheduling from an editor's request waits for a connection of the pool at
// most postgres.AcquireTimeout, then fails as unavailable, like every other
// statement of the server.
func TestScheduleWaitsForAConnectionWithADeadline(t *testing.T) {
	t.Parallel()
	b := setup(t, 1)
	r, err := jobs.New(jobs.Config{Pool: b.pool, Publisher: pagePublisher{}, Clock: b.clock})
	if err != nil {
		t.Fatal(err)
	}
	for range b.pool.Stat().MaxConns() {
		c, err := b.pool.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Release()
	}
	// A context far longer than the acquire deadline: only that can make the
	// wait end unavailable.
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err = r.Schedule(ctx, content.KindPage, 1, content.SchedulePublish, b.clock.Now().Add(time.Hour), nil)
	if content.ErrorCode(err) != content.EUNAVAILABLE {
		t.Errorf("scheduling while every connection is taken: %v, want unavailable", err)
	}
	if took := time.Since(start); took > postgres.AcquireTimeout+5*time.Second {
		t.Errorf("scheduling waited %v for a connection, want about %v", took, postgres.AcquireTimeout)
	}
}
