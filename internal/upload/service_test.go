package upload_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/pgtest"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/internal/upload"
	"github.com/radhus/radhus/internal/upload/uploadtest"
)

// failAfterPlacing is the real store, except that the transaction that saves a
// new document fails after its bytes were put in place, as when the database
// goes away before the commit.
type failAfterPlacing struct{ *postgres.Store }

var errLate = errors.New("connection lost before commit")

func (f failAfterPlacing) CreateDocumentDraft(ctx context.Context, db postgres.DB, d *content.Document, place postgres.PlaceBlob) (*content.Document, error) {
	return f.Store.CreateDocumentDraft(ctx, db, d, func(ctx context.Context) error {
		if err := place(ctx); err != nil {
			return err
		}
		return errLate
	})
}

func TestFailedSaveLeavesNoBlob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	store := postgres.NewStore(pool)
	dir := t.TempDir()
	blobs, err := blob.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	good := &upload.Service{Blobs: blobs, Store: store, DB: pool}
	failing := &upload.Service{Blobs: blobs, Store: failAfterPlacing{store}, DB: pool}
	count := func() (files, docs int) {
		t.Helper()
		list, err := blob.ListFiles(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&docs); err != nil {
			t.Fatal(err)
		}
		return len(list), docs
	}
	file := func(body []byte) upload.File {
		return upload.File{Name: "rapport.pdf", Body: bytes.NewReader(body), Size: -1}
	}

	pdf := uploadtest.PDF(5000)
	if _, err := failing.Create(ctx, upload.NewDocument{Title: "Rapport", File: file(pdf)}); !errors.Is(err, errLate) {
		t.Fatalf("Create = %v, want the late failure", err)
	}
	if f, d := count(); f != 0 || d != 0 {
		t.Errorf("after a failed save: %d files, %d documents, want none", f, d)
	}

	// When another document has the same bytes, the blob stays.
	doc, err := good.Create(ctx, upload.NewDocument{Title: "Rapport", File: file(pdf)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := failing.Create(ctx, upload.NewDocument{Title: "Samma", File: file(pdf)}); !errors.Is(err, errLate) {
		t.Fatalf("Create = %v, want the late failure", err)
	}
	if f, d := count(); f != 1 || d != 1 {
		t.Errorf("after a failed save of shared bytes: %d files, %d documents, want 1, 1", f, d)
	}
	// A stale replace stores nothing.
	if _, err := good.Replace(ctx, doc.ID, doc.Version+1, file(uploadtest.PNG())); content.ErrorCode(err) != content.ECONFLICT {
		t.Errorf("stale Replace = %v, want CONFLICT", err)
	}
	if f, _ := count(); f != 1 {
		t.Errorf("after a stale replace: %d files, want 1", f)
	}
	// Deleting the last document with the bytes releases them: collecting
	// the blobs released until now deletes them.
	if err := good.Delete(ctx, doc.ID, doc.Version); err != nil {
		t.Fatal(err)
	}
	if f, d := count(); f != 1 || d != 0 {
		t.Errorf("after delete: %d files, %d documents, want the file until it is collected", f, d)
	}
	if n, err := good.CollectBlobs(ctx, time.Now().Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("CollectBlobs = %d, %v; want 1", n, err)
	}
	if f, d := count(); f != 0 || d != 0 {
		t.Errorf("after collecting: %d files, %d documents, want none", f, d)
	}
}
