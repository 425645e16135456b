package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/jobs"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/internal/upload"
	"github.com/radhus/radhus/internal/upload/uploadtest"
)

// Released document files are deleted by River's periodic job once their grace
// period has passed, and never while a state refers to them: a replaced file
// stays while readers have it, a published-over one stays for the grace
// period, bytes shared with another document stay with it. The clock is
// River's and the store's; moving it on is how the grace period passes.
func TestReleasedBlobsCollected(t *testing.T) {
	t.Parallel()
	b := setup(t, 0)
	ctx := b.ctx
	store := postgres.NewStore(b.pool, postgres.WithClock(b.clock))
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	docs := &upload.Service{Blobs: blobs, Store: store, DB: b.pool}
	const grace = time.Hour
	r, err := jobs.New(jobs.Config{Pool: b.pool, Publisher: pagePublisher{}, Clock: b.clock,
		Blobs: docs, BlobGrace: grace, BlobInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(context.Background()) })

	// runs waits until the collector has run twice more, so that one whole
	// run began after the call, and returns the count of runs.
	runs := func() int {
		t.Helper()
		count := func() (n int) {
			if err := b.pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'radhus.collect_blobs' AND state = 'completed'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		start := count()
		deadline := time.Now().Add(30 * time.Second)
		for n := count(); n < start+2; n = count() {
			if time.Now().After(deadline) {
				t.Fatalf("the collector ran %d times in 30 s, want 2", n-start)
			}
			time.Sleep(20 * time.Millisecond)
		}
		return count()
	}
	exists := func(key string) bool {
		t.Helper()
		f, err := blobs.Open(context.Background(), key)
		if errors.Is(err, blob.ErrNotFound) {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		return true
	}
	file := func(name string, body []byte) upload.File {
		return upload.File{Name: name, Body: bytes.NewReader(body), Size: int64(len(body))}
	}
	create := func(title string, body []byte) *content.Document {
		t.Helper()
		d, err := docs.Create(ctx, upload.NewDocument{Title: title, File: file("rapport.pdf", body)})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	check := func(when string, want map[string]bool) {
		t.Helper()
		for key, kept := range want {
			if got := exists(key); got != kept {
				t.Errorf("%s: blob %.8s… exists = %v, want %v", when, key, got, kept)
			}
		}
	}

	pdf := create("Rapport", uploadtest.PDF(4000))
	pdf, err = docs.Publish(ctx, pdf.ID, pdf.Version)
	if err != nil {
		t.Fatal(err)
	}
	replaced, err := docs.Replace(ctx, pdf.ID, pdf.Version, file("karta.png", uploadtest.PNG()))
	if err != nil {
		t.Fatal(err)
	}
	oldKey, newKey := pdf.StorageKey, replaced.StorageKey
	runs()
	check("replaced, not yet published", map[string]bool{oldKey: true, newKey: true})
	b.clock.Advance(2 * grace)
	runs()
	check("replaced, grace period over, readers still have the old file", map[string]bool{oldKey: true, newKey: true})

	if _, err := docs.Publish(ctx, replaced.ID, replaced.Version); err != nil {
		t.Fatal(err)
	}
	runs()
	check("published over, within the grace period", map[string]bool{oldKey: true, newKey: true})
	b.clock.Advance(2 * grace)
	n := runs()
	check("published over, grace period over", map[string]bool{oldKey: false, newKey: true})

	// Equal bytes in two documents: deleting one keeps the blob for the other.
	shared := uploadtest.PDF(6000)
	one, two := create("Ett", shared), create("Två", shared)
	if err := docs.Delete(ctx, one.ID, one.Version); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(2 * grace)
	runs()
	check("one of two documents with the bytes deleted", map[string]bool{two.StorageKey: true})
	for _, d := range []*content.Document{two, replaced} {
		cur, err := store.Drafts().DocumentsByID(ctx, []int64{d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if err := docs.Delete(ctx, d.ID, cur[d.ID].Version); err != nil {
			t.Fatal(err)
		}
	}
	runs()
	check("deleted, within the grace period", map[string]bool{two.StorageKey: true, newKey: true})
	b.clock.Advance(2 * grace)
	total := runs()
	check("deleted, grace period over", map[string]bool{two.StorageKey: false, newKey: false})
	var left int
	if err := b.pool.QueryRow(ctx, `SELECT count(*) FROM released_blobs`).Scan(&left); err != nil || left != 0 {
		t.Errorf("released blobs left: %d (%v), want none", left, err)
	}
	t.Logf("collector runs: %d (%d when the published-over file went)", total, n)
}
