// Package blob stores documents' bytes. Dir keeps them in a local folder; an
// S3-compatible store can implement Store for larger installations.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotFound is returned by Open for a key that holds nothing.
var ErrNotFound = errors.New("blob: not found")

// File is stored bytes open for reading, seeking (range requests) and closing.
type File interface {
	io.ReadSeekCloser
}

// Store puts, opens and deletes blobs by key. Keys are chosen by the caller
// (Rådhus uses the content's SHA-256), so a put of the same key holds the same
// bytes.
type Store interface {
	Put(ctx context.Context, key string, r io.Reader) error
	Open(ctx context.Context, key string) (File, error)
	// Delete removes the blob of key; deleting a key that holds nothing is no
	// error.
	Delete(ctx context.Context, key string) error
}

// Dir is a Store in a local folder.
type Dir struct {
	root string
}

// NewDir returns a Store in root, creating the folder when missing.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("blob dir: %w", err)
	}
	return &Dir{root: root}, nil
}

func (d *Dir) path(key string) (string, error) {
	if len(key) < 3 || strings.ContainsAny(key, `/\.`) {
		return "", fmt.Errorf("blob: invalid key %q", key)
	}
	// Two levels keep folders small with many files.
	return filepath.Join(d.root, key[:2], key), nil
}

// Put implements Store: it writes to a temporary file and renames it into place,
// so a reader never sees a half-written blob. A key already stored is left as
// it is (same key, same bytes); r is not read then. A failed put leaves no
// temporary file.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("blob put: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("blob put: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, contextReader{ctx, r}); err != nil {
		tmp.Close()
		return fmt.Errorf("blob put: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("blob put: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("blob put: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("blob put: %w", err)
	}
	return nil
}

// Open implements Store.
func (d *Dir) Open(ctx context.Context, key string) (File, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("blob open: %w", err)
	}
	return f, nil
}

// Delete implements Store.
func (d *Dir) Delete(ctx context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blob delete: %w", err)
	}
	return nil
}

// contextReader stops a copy when ctx is done, so that a cancelled request does
// not go on writing a large file.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
