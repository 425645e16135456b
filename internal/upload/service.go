package upload

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/postgres"
)

// File is an uploaded file as the API receives it: the name its sender gave it
// and its bytes, which may be read more than once (gqlgen keeps them in a
// temporary file).
type File struct {
	Name string
	Body io.ReadSeeker
	// Size as the multipart request declared it; -1 when unknown.
	Size int64
}

// NewDocument is a document to upload as a draft.
type NewDocument struct {
	Title    string
	Language string
	File     File
}

// Store is where documents' rows go (postgres.Store).
type Store interface {
	CreateDocumentDraft(ctx context.Context, db postgres.DB, d *content.Document, place postgres.PlaceBlob) (*content.Document, error)
	ReplaceDocumentFile(ctx context.Context, db postgres.DB, id int64, expectedVersion int, f *content.Document, place postgres.PlaceBlob) (*content.Document, error)
	DeleteDocument(ctx context.Context, db postgres.DB, id int64, expectedVersion int) error
	ReleaseBlob(ctx context.Context, db postgres.DB, key string, drop func(context.Context) error) error
	CollectBlobs(ctx context.Context, db postgres.DB, cutoff time.Time, drop func(ctx context.Context, key string) error) (int, error)
	UpdateDocumentDraft(ctx context.Context, db postgres.DB, id int64, expectedVersion int, u content.DocumentUpdate) (*content.Document, error)
	PublishDocument(ctx context.Context, db postgres.DB, id int64, expectedVersion int) (*content.Document, error)
	UnpublishDocument(ctx context.Context, db postgres.DB, id int64, expectedVersion int) (*content.Document, error)
}

var _ Store = (*postgres.Store)(nil)

// Service stores uploaded documents: bytes in Blobs by their SHA-256, rows in
// Store on DB. A save that fails leaves no blob behind that no row refers to.
type Service struct {
	Blobs    blob.Store
	Store    Store
	DB       postgres.DB
	MaxBytes int64 // 0: DefaultMaxBytes
	Logger   *slog.Logger
}

// Create checks and stores a new document as a draft. Errors: BAD_USER_INPUT
// on input.title, input.language or input.file.
func (s *Service) Create(ctx context.Context, in NewDocument) (*content.Document, error) {
	title, err := content.RequiredText("input.title", in.Title, content.MaxTitleLen)
	if err != nil {
		return nil, err
	}
	lang, err := content.ParseLocale("input.language", in.Language)
	if err != nil {
		return nil, err
	}
	d, err := s.check("input.file", in.File)
	if err != nil {
		return nil, err
	}
	d.Title, d.Language = title, lang
	return s.save(ctx, d, in.File, func(place postgres.PlaceBlob) (*content.Document, error) {
		return s.Store.CreateDocumentDraft(ctx, s.DB, d, place)
	})
}

// Replace gives a document's draft another file; readers get it when the
// document is published. Errors: BAD_USER_INPUT on file, NOT_FOUND, CONFLICT.
func (s *Service) Replace(ctx context.Context, id int64, expectedVersion int, f File) (*content.Document, error) {
	d, err := s.check("file", f)
	if err != nil {
		return nil, err
	}
	return s.save(ctx, d, f, func(place postgres.PlaceBlob) (*content.Document, error) {
		return s.Store.ReplaceDocumentFile(ctx, s.DB, id, expectedVersion, d, place)
	})
}

// Delete deletes a document; CollectBlobs deletes its blobs later, once no
// state refers to them. Errors: NOT_FOUND, CONFLICT.
func (s *Service) Delete(ctx context.Context, id int64, expectedVersion int) error {
	return s.Store.DeleteDocument(ctx, s.DB, id, expectedVersion)
}

// CollectBlobs deletes the blobs released (replaced and published over,
// unpublished, deleted) at or before cutoff that no document state refers
// to, and returns how many. The periodic job of internal/jobs calls it.
func (s *Service) CollectBlobs(ctx context.Context, cutoff time.Time) (int, error) {
	return s.Store.CollectBlobs(ctx, s.DB, cutoff, s.Blobs.Delete)
}

// Update changes a document's title, language or file name. Errors:
// BAD_USER_INPUT on input.title, input.language or input.fileName, NOT_FOUND,
// CONFLICT.
func (s *Service) Update(ctx context.Context, id int64, expectedVersion int, u content.DocumentUpdate) (*content.Document, error) {
	if u.Title != nil {
		t, err := content.RequiredText("input.title", *u.Title, content.MaxTitleLen)
		if err != nil {
			return nil, err
		}
		u.Title = &t
	}
	if u.Language != nil {
		l, err := content.ParseLocale("input.language", *u.Language)
		if err != nil {
			return nil, err
		}
		u.Language = &l
	}
	if u.FileName != nil {
		n, err := CleanFileName("input.fileName", *u.FileName)
		if err != nil {
			return nil, err
		}
		u.FileName = &n
	}
	return s.Store.UpdateDocumentDraft(ctx, s.DB, id, expectedVersion, u)
}

// Publish publishes a document's draft. Errors: NOT_FOUND, CONFLICT.
func (s *Service) Publish(ctx context.Context, id int64, expectedVersion int) (*content.Document, error) {
	return s.Store.PublishDocument(ctx, s.DB, id, expectedVersion)
}

// Unpublish withdraws a document from readers. Errors: NOT_FOUND, CONFLICT.
func (s *Service) Unpublish(ctx context.Context, id int64, expectedVersion int) (*content.Document, error) {
	return s.Store.UnpublishDocument(ctx, s.DB, id, expectedVersion)
}

// check reads f once: file name, size, type and checksum.
func (s *Service) check(field string, f File) (*content.Document, error) {
	max := s.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	name, err := CleanFileName(field, f.Name)
	if err != nil {
		return nil, err
	}
	if f.Size > max {
		return nil, TooLarge(field, max)
	}
	c, err := Check(field, f.Body, max)
	if err != nil {
		return nil, err
	}
	if _, err := f.Body.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return &content.Document{FileName: name, MimeType: c.MimeType, SizeBytes: c.Size, SHA256: c.SHA256, StorageKey: c.SHA256}, nil
}

// save runs write, whose transaction puts the bytes in place; when it fails
// after that, the blob is deleted again unless another document has it.
func (s *Service) save(ctx context.Context, d *content.Document, f File, write func(postgres.PlaceBlob) (*content.Document, error)) (*content.Document, error) {
	placed := false
	out, err := write(func(ctx context.Context) error {
		placed = true
		return s.Blobs.Put(ctx, d.StorageKey, f.Body)
	})
	if err != nil && placed {
		s.release(ctx, d.StorageKey)
	}
	return out, err
}

// release deletes the blob of key if no document refers to it. It runs even
// when the request's context is done, since a failed save must not leave a
// blob behind.
func (s *Service) release(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	err := s.Store.ReleaseBlob(ctx, s.DB, key, func(ctx context.Context) error { return s.Blobs.Delete(ctx, key) })
	if err != nil && s.Logger != nil && !errors.Is(err, context.Canceled) {
		s.Logger.ErrorContext(ctx, "release blob", "key", key, "err", err)
	}
}
