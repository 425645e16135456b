package graph_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/jobs"
)

func init() {
	schedule := func(action string) mutationCase {
		return mutationCase{
			query: `mutation($id: ID!) { ` + action + `(id: $id, at: "2030-01-01T08:00:00+01:00") { itemId action at } }`,
			vars: func(t *testing.T, b *bundle) map[string]any {
				return map[string]any{"id": firstPageID(t, b)}
			},
		}
	}
	registerMutation("schedulePublish", schedule("schedulePublish"))
	registerMutation("scheduleUnpublish", schedule("scheduleUnpublish"))
	registerMutation("cancelSchedule", mutationCase{
		query: `mutation($id: ID!) { cancelSchedule(id: $id, action: PUBLISH) }`,
		vars: func(t *testing.T, b *bundle) map[string]any {
			id := firstPageID(t, b)
			_, pid, _ := content.ParseGlobalID("id", id)
			if _, err := b.scheduler.Schedule(publisherCtx(), content.KindPage, pid, content.SchedulePublish,
				time.Now().Add(time.Hour), nil); err != nil {
				t.Fatal(err)
			}
			return map[string]any{"id": id}
		},
	})
}

func publisherCtx() context.Context {
	return content.WithActor(context.Background(), content.Actor{ID: "p1", Email: "pia@kommun.se", Role: content.RolePublisher})
}

type scheduleData struct {
	ItemID          string
	Action          string
	At              string
	ExpectedVersion *int
	ScheduledBy     string
}

func TestScheduleThroughTheAPI(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tok := b.signIn(t, content.RolePublisher)
	id := firstPageID(t, b)
	const m = `mutation($id: ID!, $at: DateTime!, $v: Int) { schedulePublish(id: $id, at: $at, expectedVersion: $v) {
		itemId action at expectedVersion scheduledBy } }`

	r := b.doAs(t, tok, m, map[string]any{"id": id, "at": "2030-01-01T08:00:00+01:00"})
	var d struct{ SchedulePublish scheduleData }
	ok(t, r, &d)
	if got := d.SchedulePublish; got.ItemID != id || got.Action != "PUBLISH" || got.At != "2030-01-01T07:00:00Z" ||
		got.ExpectedVersion != nil || got.ScheduledBy == "" {
		t.Errorf("schedulePublish = %+v, want PUBLISH of %s at 07:00 UTC", got, id)
	}

	// Rescheduling replaces the pending publish.
	var page struct{ Node struct{ Version int } }
	b.query(t, `query($id: ID!) { node(id: $id) { ... on Page { version } } }`, map[string]any{"id": id}, &page)
	r = b.doAs(t, tok, m, map[string]any{"id": id, "at": "2030-02-01T08:00:00+01:00", "v": page.Node.Version})
	ok(t, r, &d)
	var list struct{ Schedules []scheduleData }
	ok(t, b.doAs(t, tok, `query($id: ID!) { schedules(id: $id) { action at expectedVersion } }`, map[string]any{"id": id}), &list)
	if len(list.Schedules) != 1 || list.Schedules[0].At != "2030-02-01T07:00:00Z" || list.Schedules[0].ExpectedVersion == nil {
		t.Errorf("schedules = %+v, want the February one only", list.Schedules)
	}
	var jobsLeft int
	if err := b.pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE state = 'scheduled'`).Scan(&jobsLeft); err != nil || jobsLeft != 1 {
		t.Errorf("scheduled jobs = %d, %v, want 1", jobsLeft, err)
	}

	errs := []struct {
		name string
		vars map[string]any
		code string
	}{
		{"stale version", map[string]any{"id": id, "at": "2030-01-01T08:00:00Z", "v": page.Node.Version + 5}, content.ECONFLICT},
		{"malformed id", map[string]any{"id": "nope", "at": "2030-01-01T08:00:00Z"}, content.EINVALID},
		{"missing page", map[string]any{"id": content.GlobalID(content.KindPage, 999999), "at": "2030-01-01T08:00:00Z"}, content.ENOTFOUND},
		{"no offset", map[string]any{"id": id, "at": "2030-01-01T08:00:00"}, content.EINVALID},
	}
	for _, e := range errs {
		if got := b.doAs(t, tok, m, e.vars).code(t); got != e.code {
			t.Errorf("%s: code %q, want %s", e.name, got, e.code)
		}
	}

	// Cancelling what the publisher read in January, after it was moved to
	// February, cancels nothing.
	const cancelAt = `mutation($id: ID!, $at: DateTime) { cancelSchedule(id: $id, action: PUBLISH, at: $at) }`
	before := b.snapshot(t)
	if got := b.doAs(t, tok, cancelAt, map[string]any{"id": id, "at": "2030-01-01T08:00:00+01:00"}).code(t); got != content.ECONFLICT {
		t.Errorf("cancel of a replaced schedule: code %q, want CONFLICT", got)
	}
	if diff := cmp.Diff(before, b.snapshot(t)); diff != "" {
		t.Errorf("a refused cancel changed the database:\n%s", diff)
	}
	const cancel = `mutation($id: ID!) { cancelSchedule(id: $id, action: PUBLISH) }`
	if r := b.doAs(t, tok, cancelAt, map[string]any{"id": id, "at": "2030-02-01T08:00:00+01:00"}); r.code(t) != "" {
		t.Fatalf("cancel: %+v", r.Errors)
	}
	if got := b.doAs(t, tok, cancel, map[string]any{"id": id}).code(t); got != content.ENOTFOUND {
		t.Errorf("second cancel: code %q, want NOT_FOUND", got)
	}
	// Editors may read schedules, anonymous readers may not.
	if got := b.doAs(t, "", `query($id: ID!) { schedules(id: $id) { at } }`, map[string]any{"id": id}).code(t); got != content.EUNAUTHORIZED {
		t.Errorf("anonymous schedules: code %q, want UNAUTHENTICATED", got)
	}
}

// A scheduled publish of a draft page, through the API, carried out by a
// running job runner: readers see the page once it has run, and it ran once.
func TestScheduledPublishThroughTheAPI(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := publisherCtx()
	p, err := b.store.CreatePageDraft(ctx, b.pool, &content.PageDraft{ParentID: 1, Position: 99,
		Variants: []content.PageVariant{{Locale: "sv", Slug: "planerad-nyhet", Title: "Planerad nyhet"}}})
	if err != nil {
		t.Fatal(err)
	}
	path := "/kultur-och-fritid/planerad-nyhet"
	if got := b.do(t, `query($p: String!) { page(path: $p) { id } }`, map[string]any{"p": path}).code(t); got != content.ENOTFOUND {
		t.Fatalf("draft visible before publishing: code %q", got)
	}
	runner, err := jobs.New(jobs.Config{Pool: b.pool, Publisher: b.store})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer runner.Stop(context.Background())

	tok := b.signIn(t, content.RolePublisher)
	at := time.Now().Add(-time.Second).Format(time.RFC3339) // due: runs at once
	r := b.doAs(t, tok, `mutation($id: ID!, $at: DateTime!) { schedulePublish(id: $id, at: $at) { at } }`,
		map[string]any{"id": content.GlobalID(content.KindPage, p.ID), "at": at})
	if r.code(t) != "" {
		t.Fatalf("schedulePublish: %+v", r.Errors)
	}
	deadline := time.Now().Add(time.Minute)
	for b.do(t, `query($p: String!) { page(path: $p) { id } }`, map[string]any{"p": path}).code(t) != "" {
		if time.Now().After(deadline) {
			t.Fatal("the scheduled page was never published")
		}
		time.Sleep(100 * time.Millisecond)
	}
	var publishes, revisions int
	if err := b.pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM audit_log WHERE action = 'publish' AND item_id = $1 AND actor_id =
			(SELECT actor_id FROM audit_log WHERE action = 'schedule' AND item_id = $1)),
		(SELECT count(*) FROM page_revisions WHERE page_id = $1 AND reason = 'publish')`, p.ID).Scan(&publishes, &revisions); err != nil {
		t.Fatal(err)
	}
	if publishes != 1 || revisions != 1 {
		t.Errorf("publish audit entries %d, revisions %d, want 1 each (as the scheduling publisher)", publishes, revisions)
	}
}

// ok decodes a response that must have no errors.
func ok(t *testing.T, r response, out any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	decode(t, r, out)
}
