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
}

// Path is where Rådhus serves the document's bytes: /files/{id}/{fileName}.
func (d *Document) Path() string {
	return "/files/" + strconv.FormatInt(d.ID, 10) + "/" + url.PathEscape(d.FileName)
}
