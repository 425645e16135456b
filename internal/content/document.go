package content

import (
	"net/url"
	"strconv"
	"time"
)

// Document is a published file attached to pages.
type Document struct {
	ID         int64
	Title      string
	FileName   string
	MimeType   string
	SizeBytes  int64
	SHA256     string
	Language   string
	StorageKey string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int
}

// DocumentUpdate is a change to a document's draft metadata: the fields that
// are set replace the draft's.
type DocumentUpdate struct {
	Title    *string
	Language *string
	FileName *string
}

// Path is where Rådhus serves the document's bytes: /files/{id}/{fileName}.
func (d *Document) Path() string {
	return "/files/" + strconv.FormatInt(d.ID, 10) + "/" + url.PathEscape(d.FileName)
}
