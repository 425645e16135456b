// Package upload turns uploaded bytes into a stored document: the type is sniffed
// from the bytes (never taken from the client), the SHA-256 names the blob.
package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
)

// MaxSize bounds an uploaded document.
const MaxSize = 50 << 20

// allowed are the document types Rådhus accepts.
var allowed = map[string]bool{
	"application/pdf": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         true,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": true,
	"application/vnd.oasis.opendocument.text":                                   true,
	"application/vnd.oasis.opendocument.spreadsheet":                            true,
	"text/plain": true,
	"text/csv":   true,
	"image/png":  true,
	"image/jpeg": true,
}

// Creator stores a document row.
type Creator interface {
	CreateDocument(ctx context.Context, d *content.Document) (int64, error)
}

// Input is a document to store.
type Input struct {
	Title    string
	FileName string
	Language string
	Body     []byte
}

// Document checks in, sniffs its type, puts its bytes in blobs and creates its row.
// Errors: BAD_USER_INPUT naming the field at fault.
func Document(ctx context.Context, blobs blob.Store, db Creator, in Input) (*content.Document, error) {
	if strings.TrimSpace(in.Title) == "" {
		return nil, content.Invalid("title", "title is required")
	}
	name := filepath.Base(strings.ReplaceAll(in.FileName, `\`, "/"))
	if name == "." || name == "/" || name == "" || !utf8.ValidString(name) || len(name) > 255 {
		return nil, content.Invalid("fileName", "a file name is required")
	}
	lang, err := content.ParseLocale("language", in.Language)
	if err != nil {
		return nil, err
	}
	if len(in.Body) == 0 {
		return nil, content.Invalid("file", "the file is empty")
	}
	if len(in.Body) > MaxSize {
		return nil, content.Invalid("file", "the file is larger than %d MiB", MaxSize>>20)
	}
	mt := mimetype.Detect(in.Body)
	typ, _, _ := strings.Cut(mt.String(), ";")
	if !allowed[typ] {
		return nil, content.Invalid("file", "files of type %s are not accepted", typ)
	}
	sum := sha256.Sum256(in.Body)
	d := &content.Document{
		Title:     strings.TrimSpace(in.Title),
		FileName:  name,
		MimeType:  typ,
		SizeBytes: int64(len(in.Body)),
		SHA256:    hex.EncodeToString(sum[:]),
		Language:  lang,
	}
	d.StorageKey = d.SHA256
	if err := blobs.Put(ctx, d.StorageKey, bytes.NewReader(in.Body)); err != nil {
		return nil, err
	}
	if d.ID, err = db.CreateDocument(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}
