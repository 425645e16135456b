// Package upload turns uploaded bytes into a stored document: the bytes are
// read once as a stream (never held in memory whole), the type is sniffed from
// them (never taken from the client's header or file name), the SHA-256 names
// the blob, and the file name is cleaned and kept as metadata.
package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/text/unicode/norm"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
)

// DefaultMaxBytes bounds an uploaded document unless configured otherwise
// (RADHUS_MAX_UPLOAD_BYTES).
const DefaultMaxBytes = 50 << 20

// Allowed are the document types Rådhus accepts, as sniffed from the bytes:
// PDF, images for the web and office documents. Everything else, HTML and SVG
// (which can carry script) among them, is refused.
var Allowed = map[string]bool{
	"application/pdf": true,
	"image/png":       true,
	"image/jpeg":      true,
	"image/webp":      true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   true, // .docx
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         true, // .xlsx
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": true, // .pptx
	"application/vnd.oasis.opendocument.text":                                   true, // .odt
	"application/vnd.oasis.opendocument.spreadsheet":                            true, // .ods
	"application/vnd.oasis.opendocument.presentation":                           true, // .odp
	"application/msword":            true, // .doc
	"application/vnd.ms-excel":      true, // .xls
	"application/vnd.ms-powerpoint": true, // .ppt
}

// sniffLen is how much of the head the type is sniffed from (mimetype's own
// read limit).
const sniffLen = 4096

// Checked is what reading an upload once tells: its size, SHA-256 and type.
type Checked struct {
	Size     int64
	SHA256   string
	MimeType string
}

// Check reads body to its end (at most max bytes) and sniffs its type. Errors:
// BAD_USER_INPUT on field for an empty file, one larger than max, or a type
// that is not Allowed; a failing read is returned as it is.
func Check(field string, body io.Reader, max int64) (Checked, error) {
	h := sha256.New()
	head := &headWriter{max: sniffLen}
	n, err := io.Copy(io.MultiWriter(h, head), io.LimitReader(body, max+1))
	if err != nil {
		// The HTTP server's body limit stops a streamed upload early.
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return Checked{}, TooLarge(field, max)
		}
		return Checked{}, err
	}
	switch {
	case n == 0:
		return Checked{}, content.Invalid(field, "the file is empty")
	case n > max:
		return Checked{}, TooLarge(field, max)
	}
	typ, _, _ := strings.Cut(mimetype.Detect(head.b).String(), ";")
	if !Allowed[typ] {
		return Checked{}, content.Invalid(field, "files of type %s are not accepted (accepted: PDF, PNG, JPEG, WebP and office documents)", typ)
	}
	return Checked{Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), MimeType: typ}, nil
}

// TooLarge is the error for an upload of more than max bytes.
func TooLarge(field string, max int64) error {
	return content.Invalid(field, "the file is larger than the upload limit of %s", FormatBytes(max))
}

// FormatBytes writes a byte count for people: "50 MiB", "1.5 MiB", "900 bytes".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa(n>>20) + " MiB"
	case n >= 1<<20:
		tenths := n * 10 / (1 << 20)
		return itoa(tenths/10) + "." + itoa(tenths%10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return itoa(n>>10) + " KiB"
	}
	return itoa(n) + " bytes"
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	b   []byte
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - len(w.b); room > 0 {
		w.b = append(w.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// CleanFileName checks and cleans a file name as the uploader sent it, to be
// kept as metadata and used in download URLs: trimmed, in Unicode NFC (so that a
// "å" from macOS is the same as one from Windows), at most
// content.MaxFileNameLen bytes. Names with path parts ("../x.pdf", "a/b.pdf",
// `C:\x.pdf`), control characters or a leading dot are refused rather than
// guessed at. Errors: BAD_USER_INPUT on field.
func CleanFileName(field, name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", content.Invalid(field, "the file name is not valid UTF-8")
	}
	name = strings.TrimSpace(norm.NFC.String(name))
	switch {
	case name == "":
		return "", content.Invalid(field, "a file name is required")
	case len(name) > content.MaxFileNameLen:
		return "", content.Invalid(field, "the file name is longer than %d bytes", content.MaxFileNameLen)
	case strings.ContainsAny(name, `/\`) || strings.Contains(name, ".."):
		return "", content.Invalid(field, "the file name %q has path parts; send the name alone (report.pdf)", name)
	case strings.HasPrefix(name, "."):
		return "", content.Invalid(field, "the file name cannot start with a dot")
	case strings.ContainsAny(name, `<>:"|?*`):
		return "", content.Invalid(field, "the file name cannot hold any of < > : \" | ? *")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) {
			return "", content.Invalid(field, "the file name holds a control or formatting character (U+%04X)", r)
		}
	}
	return name, nil
}

// Creator stores a document row.
type Creator interface {
	CreateDocument(ctx context.Context, d *content.Document) (int64, error)
}

// Input is a document to store at once, published (demo content and imports).
type Input struct {
	Title    string
	FileName string
	Language string
	Body     []byte
}

// Document checks in, sniffs its type, puts its bytes in blobs and creates its
// published row; when the row cannot be created the bytes are removed again.
// Errors: BAD_USER_INPUT naming the field at fault.
func Document(ctx context.Context, blobs blob.Store, db Creator, in Input) (*content.Document, error) {
	title, err := content.RequiredText("title", in.Title, content.MaxTitleLen)
	if err != nil {
		return nil, err
	}
	name, err := CleanFileName("fileName", in.FileName)
	if err != nil {
		return nil, err
	}
	lang, err := content.ParseLocale("language", in.Language)
	if err != nil {
		return nil, err
	}
	c, err := Check("file", bytes.NewReader(in.Body), DefaultMaxBytes)
	if err != nil {
		return nil, err
	}
	d := &content.Document{
		Title:      title,
		FileName:   name,
		MimeType:   c.MimeType,
		SizeBytes:  c.Size,
		SHA256:     c.SHA256,
		Language:   lang,
		StorageKey: c.SHA256,
	}
	if err := blobs.Put(ctx, d.StorageKey, bytes.NewReader(in.Body)); err != nil {
		return nil, err
	}
	if d.ID, err = db.CreateDocument(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
