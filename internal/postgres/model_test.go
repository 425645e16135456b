package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type bundle struct {
	pool  *pgxpool.Pool
	store *postgres.Store
	clock *testClock
	url   string
}

func setup(t *testing.T) *bundle {
	t.Helper()
	url := pgtest.URL(t)
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	c := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	return &bundle{pool: pool, store: postgres.NewStore(pool, postgres.WithClock(c)), clock: c, url: url}
}

var editor = content.Actor{ID: "u1", Email: "redaktor@karlskoga.se", Role: content.RolePublisher}

func ctxAs(a content.Actor) context.Context { return content.WithActor(context.Background(), a) }

func variant(locale, slug, title string, blocks ...content.Block) content.PageVariant {
	return content.PageVariant{Locale: locale, Slug: slug, Title: title, Blocks: blocks}
}

// published creates and publishes a page under parent.
func (b *bundle) published(t *testing.T, parent int64, position int, variants ...content.PageVariant) *content.Page {
	t.Helper()
	ctx := ctxAs(editor)
	p, err := b.store.CreatePageDraft(ctx, b.pool, &content.PageDraft{ParentID: parent, Position: position, Variants: variants})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = b.store.PublishPage(ctx, b.pool, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	return p
}

func pageAt(t *testing.T, r content.Reader, path string) (*content.Page, error) {
	t.Helper()
	v, err := r.PageView(context.Background(), path, "sv", content.PageWants{Ancestors: true})
	if err != nil {
		return nil, err
	}
	return v.Page, nil
}

func mustPageAt(t *testing.T, r content.Reader, path string) *content.Page {
	t.Helper()
	p, err := pageAt(t, r, path)
	if err != nil {
		t.Fatalf("page at %s: %v", path, err)
	}
	return p
}

func ptr[T any](v T) *T { return &v }

func code(err error) string { return content.ErrorCode(err) }

// The tree is versioned: a draft move changes the draft's place and the paths
// below it, nothing that readers see; publishing moves the published page and
// its published pages below, and old paths say where they went.
func TestTreePlacementBelongsToState(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	culture := b.published(t, 0, 1, variant("sv", "kultur", "Kultur"))
	school := b.published(t, 0, 2, variant("sv", "skola", "Skola"))
	library := b.published(t, culture.ID, 1, variant("sv", "bibliotek", "Bibliotek"), variant("en", "library", "Library"))
	report := b.published(t, library.ID, 1, variant("sv", "rapport", "Rapport"))

	moved, err := b.store.MovePage(ctx, b.pool, library.ID, library.Version, school.ID, 5)
	if err != nil {
		t.Fatal(err)
	}
	if moved.Path != "/skola/bibliotek" || moved.ParentID != school.ID || !moved.Draft {
		t.Errorf("draft after move = %s under %d (draft %v)", moved.Path, moved.ParentID, moved.Draft)
	}
	// Readers see the old tree.
	pub := b.store.Published()
	if p := mustPageAt(t, pub, "/kultur/bibliotek/rapport"); !cmp.Equal(p.AncestorIDs, []int64{culture.ID, library.ID}) {
		t.Errorf("published report ancestors = %v, want the old ones", p.AncestorIDs)
	}
	if _, err := pageAt(t, pub, "/skola/bibliotek"); code(err) != content.ENOTFOUND {
		t.Errorf("published page at the draft path: err = %v, want NOT_FOUND", err)
	}
	menu, err := pub.Menu(context.Background(), "", "sv", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(menu[0].Children) != 1 || len(menu[1].Children) != 0 {
		t.Errorf("published menu changed by a draft move: %+v / %+v", menu[0].Children, menu[1].Children)
	}
	// Editors see the new one, down to the pages below.
	drafts := b.store.Drafts()
	if p := mustPageAt(t, drafts, "/skola/bibliotek/rapport"); !cmp.Equal(p.AncestorIDs, []int64{school.ID, library.ID}) {
		t.Errorf("draft report ancestors = %v", p.AncestorIDs)
	}

	// Publishing moves it and the published pages below it.
	if _, err := b.store.PublishPage(ctx, b.pool, library.ID, moved.Version); err != nil {
		t.Fatal(err)
	}
	p := mustPageAt(t, pub, "/skola/bibliotek/rapport")
	if p.ID != report.ID || !cmp.Equal(p.AncestorIDs, []int64{school.ID, library.ID}) {
		t.Errorf("published report = %d with ancestors %v", p.ID, p.AncestorIDs)
	}
	for old, now := range map[string]string{
		"/kultur/bibliotek":         "/skola/bibliotek",
		"/kultur/bibliotek/rapport": "/skola/bibliotek/rapport",
		"/kultur/library":           "/skola/library",
	} {
		_, err := pageAt(t, pub, old)
		var e *content.Error
		if !errors.As(err, &e) || e.Code != content.EMOVED || e.Location != now {
			t.Errorf("old path %s: err = %v, want MOVED_PERMANENTLY to %s", old, err, now)
		}
	}
	// A new page may take an old path; it is then served, not redirected.
	b.published(t, culture.ID, 1, variant("sv", "bibliotek", "Nytt bibliotek"))
	if p := mustPageAt(t, pub, "/kultur/bibliotek"); p.Title != "Nytt bibliotek" {
		t.Errorf("page at a reused path = %q", p.Title)
	}
	// A page cannot be moved below itself.
	lib, _ := b.store.Drafts().PagesByKey(context.Background(), []content.PageKey{{ID: library.ID, Locale: "sv"}})
	_, err = b.store.MovePage(ctx, b.pool, library.ID, lib[content.PageKey{ID: library.ID, Locale: "sv"}].Version, report.ID, 0)
	if e := (*content.Error)(nil); !errors.As(err, &e) || e.Code != content.EINVALID || e.Field != "parentId" {
		t.Errorf("move below itself: err = %v, want BAD_USER_INPUT on parentId", err)
	}
}

// One version per item: every change to any locale, block, place or relation
// raises it, and a stale expectedVersion is refused with the current one,
// writing nothing.
func TestOneVersionPerItem(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	top := b.published(t, 0, 1, variant("sv", "kommun", "Kommun"))
	p := b.published(t, 0, 2, variant("sv", "om", "Om"), variant("en", "about", "About"))
	v := p.Version
	steps := []func(int) (*content.Page, error){
		func(v int) (*content.Page, error) {
			return b.store.UpdatePageDraft(ctx, b.pool, p.ID, v, &content.PageUpdate{Locale: "en", Title: ptr("About us"),
				Slug: ptr("about-us"), Blocks: &[]content.Block{&content.HeadingBlock{Text: "Hi", Level: 2}}})
		},
		func(v int) (*content.Page, error) {
			return b.store.MovePage(ctx, b.pool, p.ID, v, top.ID, 0)
		},
		func(v int) (*content.Page, error) {
			return b.store.SetPageContacts(ctx, b.pool, p.ID, v, nil)
		},
		func(v int) (*content.Page, error) { return b.store.PublishPage(ctx, b.pool, p.ID, v) },
	}
	for i, step := range steps {
		got, err := step(v)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got.Version != v+1 {
			t.Errorf("step %d: version %d, want %d", i, got.Version, v+1)
		}
		v = got.Version
		// The same step again from the old version is refused, with the current one.
		_, err = step(v - 1)
		var e *content.Error
		if !errors.As(err, &e) || e.Code != content.ECONFLICT || e.Version != v {
			t.Errorf("step %d from a stale version: err = %+v, want CONFLICT with version %d", i, err, v)
		}
	}
	var audits int
	if err := b.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE item_id = $1 AND item_kind = 'Page'`, p.ID).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits != 2+len(steps) {
		t.Errorf("audit entries = %d, want %d (refused changes write none)", audits, 2+len(steps))
	}
}

// Publishing is one transaction on the executor it is given: rolled back with
// its caller's transaction, it leaves nothing behind.
func TestPublishJoinsTransaction(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	d, err := b.store.CreatePageDraft(ctx, b.pool, &content.PageDraft{Variants: []content.PageVariant{variant("sv", "nyheter", "Nyheter")}})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := b.pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.PublishPage(ctx, tx, d.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := pageAt(t, b.store.Published().On(tx), "/nyheter"); err != nil {
		t.Errorf("inside the transaction: %v, want the published page", err)
	}
	if _, err := pageAt(t, b.store.Published(), "/nyheter"); code(err) != content.ENOTFOUND {
		t.Errorf("outside before commit: err = %v, want NOT_FOUND", err)
	}
	if err := tx.Rollback(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n int
	b.pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM page_revisions) + (SELECT count(*) FROM audit_log WHERE action = 'publish')
		+ (SELECT count(*) FROM page_states WHERE state = 'published')`).Scan(&n)
	if n != 0 {
		t.Errorf("%d revisions, audit entries and published rows after rollback, want 0", n)
	}
	// The same call on the pool commits by itself.
	if _, err := b.store.PublishPage(ctx, b.pool, d.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	mustPageAt(t, b.store.Published(), "/nyheter")
}

// The write path takes its time from the injected clock.
func TestWritePathUsesClock(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	created := b.clock.Now()
	d, err := b.store.CreatePageDraft(ctx, b.pool, &content.PageDraft{Variants: []content.PageVariant{variant("sv", "tid", "Tid")}})
	if err != nil {
		t.Fatal(err)
	}
	b.clock.advance(36 * time.Hour)
	publishedAt := b.clock.Now()
	p, err := b.store.PublishPage(ctx, b.pool, d.ID, d.Version)
	if err != nil {
		t.Fatal(err)
	}
	if !d.UpdatedAt.Equal(created) || p.PublishedAt == nil || !p.PublishedAt.Equal(publishedAt) || !p.UpdatedAt.Equal(publishedAt) {
		t.Errorf("draft updated %v, published %v / %v; want %v and %v", d.UpdatedAt, p.PublishedAt, p.UpdatedAt, created, publishedAt)
	}
	revs, err := b.store.PageRevisions(ctx, b.pool, p.ID, content.PageRequest{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(revs.Items) != 1 || !revs.Items[0].CreatedAt.Equal(publishedAt) || revs.Items[0].Author.Email != editor.Email {
		t.Errorf("revisions = %+v, want one by %s at %v", revs.Items, editor.Email, publishedAt)
	}
	log, err := b.store.AuditLog(ctx, b.pool, content.AuditFilter{ItemKind: content.KindPage, ItemID: p.ID, Page: content.PageRequest{First: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(log.Items) != 2 || !log.Items[0].At.Equal(publishedAt) || !log.Items[1].At.Equal(created) || log.Items[0].Action != "publish" {
		t.Errorf("audit log = %+v", log.Items)
	}
}

// notifications receives the content channel and a probe channel on a
// connection of its own. A probe sent after a commit arrives after every
// notification of that commit, so the first notification after a change
// tells whether the change notified.
type notifications struct {
	conn *pgx.Conn
}

func listen(t *testing.T, url string) *notifications {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	for _, ch := range []string{postgres.ContentChannel, "radhus_probe"} {
		if _, err := conn.Exec(context.Background(), "LISTEN "+ch); err != nil {
			t.Fatal(err)
		}
	}
	return &notifications{conn: conn}
}

// notified reports whether changes committed since the last call notified the
// content channel.
func (n *notifications) notified(t *testing.T, pool *pgxpool.Pool) bool {
	t.Helper()
	if _, err := pool.Exec(context.Background(), "NOTIFY radhus_probe"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := false
	for {
		msg, err := n.conn.WaitForNotification(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if msg.Channel == "radhus_probe" {
			return got
		}
		got = true
	}
}

// Caches stay right: draft saves, revisions and the audit log notify no one;
// publishing and unpublishing do; decoded blocks follow the stored bytes.
func TestNotifiesOnPublishedChangesOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	n := listen(t, b.url)
	p := b.published(t, 0, 1, variant("sv", "start", "Start"))
	if !n.notified(t, b.pool) {
		t.Error("publishing a new page did not notify")
	}
	d, err := b.store.UpdatePageDraft(ctx, b.pool, p.ID, p.Version, &content.PageUpdate{Locale: "sv", Title: ptr("Utkast")})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = b.store.MovePage(ctx, b.pool, p.ID, d.Version, 0, 7); err != nil {
		t.Fatal(err)
	}
	if err := b.store.Audit(ctx, b.pool, "update", content.KindPage, p.ID, 0, "by hand"); err != nil {
		t.Fatal(err)
	}
	if n.notified(t, b.pool) {
		t.Error("a draft save, a draft move or an audit entry notified the content channel")
	}
	if _, err := b.store.PublishPage(ctx, b.pool, p.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	if !n.notified(t, b.pool) {
		t.Error("publishing did not notify")
	}
	if _, err := b.store.UnpublishPage(ctx, b.pool, p.ID, d.Version+1); err != nil {
		t.Fatal(err)
	}
	if !n.notified(t, b.pool) {
		t.Error("unpublishing did not notify")
	}
}

// The decoded-blocks cache never serves blocks that differ from the stored
// ones, even when nothing else about the row changed.
func TestBlockCacheFollowsStoredBytes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.published(t, 0, 1, variant("sv", "start", "Start", &content.HeadingBlock{Text: "Före", Level: 2}))
	heading := func() string {
		p := mustPageAt(t, b.store.Published(), "/start")
		return p.Blocks[0].(*content.HeadingBlock).Text
	}
	if got := heading(); got != "Före" {
		t.Fatalf("heading = %q", got)
	}
	// An update that keeps the version and every time stamp.
	if _, err := b.pool.Exec(context.Background(), `UPDATE page_contents SET blocks = '[{"type":"heading","text":"Efter","level":2}]'
		WHERE path = '/start'`); err != nil {
		t.Fatal(err)
	}
	if got := heading(); got != "Efter" {
		t.Errorf("heading after an update that kept version and time = %q, want Efter", got)
	}
}

// Anonymous readers never get the opening hours of an unpublished contact, nor
// a page below an unpublished page.
func TestUnpublishedParentsHideWhatIsBelow(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxAs(editor)
	bg := context.Background()
	contact, err := b.store.CreateContact(bg, &content.Contact{Name: "Simhallen", Kind: content.ContactFacility})
	if err != nil {
		t.Fatal(err)
	}
	sched := content.OpeningHoursBlock{}
	if sched.OpeningHoursID, err = b.store.CreateOpeningHours(bg, contact, 0, testSchedule()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(bg, `DELETE FROM contact_contents WHERE contact_id = $1 AND state = 'published'`, contact); err != nil {
		t.Fatal(err)
	}
	pub, drafts := b.store.Published(), b.store.Drafts()
	if got, _ := pub.OpeningHoursByContact(bg, []int64{contact}); len(got[contact]) != 0 {
		t.Errorf("published hours of an unpublished contact: %v", got)
	}
	if got, _ := pub.OpeningHoursByID(bg, []int64{sched.OpeningHoursID}); len(got) != 0 {
		t.Errorf("published hours by ID of an unpublished contact: %v", got)
	}
	if got, _ := drafts.OpeningHoursByContact(bg, []int64{contact}); len(got[contact]) != 1 {
		t.Errorf("draft hours of the contact = %v, want its schedule", got)
	}

	parent := b.published(t, 0, 1, variant("sv", "fritid", "Fritid"))
	child := b.published(t, parent.ID, 1, variant("sv", "bad", "Bad", &sched))
	if _, err := b.store.UnpublishPage(ctx, b.pool, parent.ID, parent.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := pageAt(t, pub, "/fritid/bad"); code(err) != content.ENOTFOUND {
		t.Errorf("page below an unpublished page: err = %v, want NOT_FOUND", err)
	}
	list, err := pub.Pages(bg, content.PageFilter{Locale: "sv", Order: content.PageOrderPath, Page: content.PageRequest{First: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 0 {
		t.Errorf("published pages = %d, want none", len(list.Items))
	}
	mustPageAt(t, drafts, "/fritid/bad") // the drafts stay
	// The database itself refuses a published page below an unpublished one.
	_, err = b.pool.Exec(bg, `INSERT INTO page_states (page_id, state, parent_id, version, updated_at)
		VALUES ($1, 'published', $2, 1, now())`, child.ID, parent.ID)
	if err == nil {
		t.Error("a published page below an unpublished one was stored")
	}
	// Publishing below an unpublished page is a conflict.
	cur := mustPageAt(t, drafts, "/fritid/bad")
	if _, err := b.store.PublishPage(ctx, b.pool, child.ID, cur.Version); code(err) != content.ECONFLICT {
		t.Errorf("publish below an unpublished page: err = %v, want CONFLICT", err)
	}
}

func testSchedule() hours.Schedule {
	return hours.Schedule{
		Channel: "staffed", TimeZone: "Europe/Stockholm",
		Rules: []hours.Rule{{Days: []string{"mon"}, Intervals: []hours.Interval{{Opens: "08:00", Closes: "16:00"}}}},
	}
}
