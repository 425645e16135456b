package graph

import (
	"context"
	"log/slog"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/upload"
)

// Resolver is the root resolver and the one place where the API's dependencies
// come in. Resolvers read arguments, call the reader or a loader, and return.
type Resolver struct {
	// Reader reads published content, for anonymous readers; Drafts reads
	// drafts, for editors' previews and the answers to their changes.
	Reader content.Reader
	Drafts content.Reader
	// Editor changes pages.
	Editor content.PageEditor
	Clock  hours.Clock
	// FilesURL prefixes document URLs ("https://cms.example.se"); "" keeps them
	// relative to the server ("/files/...").
	FilesURL string
	Logger   *slog.Logger
	// MaxUploadBytes bounds an uploaded file; 0: upload.DefaultMaxBytes.
	MaxUploadBytes int64
	// Auth signs people in and verifies their tokens (see internal/auth).
	Auth *auth.Service
	// Scheduler schedules publishing (see internal/jobs).
	Scheduler content.Scheduler
	// Documents takes uploads and edits documents (see internal/upload).
	Documents DocumentEditor
	// Contacts changes contacts and their opening hours.
	Contacts content.ContactEditor
}

func (r *Resolver) maxUploadBytes() int64 {
	if r.MaxUploadBytes > 0 {
		return r.MaxUploadBytes
	}
	return upload.DefaultMaxBytes
}

// DocumentEditor takes uploaded documents and edits them; upload.Service
// implements it.
type DocumentEditor interface {
	Create(ctx context.Context, in upload.NewDocument) (*content.Document, error)
	Replace(ctx context.Context, id int64, expectedVersion int, f upload.File) (*content.Document, error)
	Update(ctx context.Context, id int64, expectedVersion int, u content.DocumentUpdate) (*content.Document, error)
	Delete(ctx context.Context, id int64, expectedVersion int) error
	Publish(ctx context.Context, id int64, expectedVersion int) (*content.Document, error)
	Unpublish(ctx context.Context, id int64, expectedVersion int) (*content.Document, error)
}
