package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

func TestDirPutOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	want := []byte("%PDF-1.4 hello")
	if err := d.Put(ctx, "abcdef", bytes.NewReader(want)); err != nil {
		t.Fatal(err)
	}
	f, err := d.Open(ctx, "abcdef")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if !bytes.Equal(got, want) {
		t.Errorf("Open(abcdef) = %q, want %q", got, want)
	}
	if _, err := d.Open(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open(missing) error = %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"../etc", "a/b", "x"} {
		if err := d.Put(ctx, bad, bytes.NewReader(nil)); err == nil {
			t.Errorf("Put(%q) succeeded, want an error", bad)
		}
	}
}

func TestDirDeleteAndFailedPut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	d, err := NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "abcdef", bytes.NewReader([]byte("one"))); err != nil {
		t.Fatal(err)
	}
	// The same key again keeps what is stored and does not read r.
	if err := d.Put(ctx, "abcdef", iotestErrReader{}); err != nil {
		t.Fatalf("Put(existing) = %v", err)
	}
	if err := d.Delete(ctx, "abcdef"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, "abcdef"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open after Delete error = %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, "abcdef"); err != nil {
		t.Errorf("Delete(missing) = %v, want nil", err)
	}
	// A put whose reader fails leaves neither the blob nor a temporary file.
	if err := d.Put(ctx, "fedcba", iotestErrReader{}); err == nil {
		t.Fatal("Put(failing reader) = nil, want an error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := d.Put(cctx, "aabbcc", bytes.NewReader([]byte("x"))); err == nil {
		t.Fatal("Put(cancelled) = nil, want an error")
	}
	if files, err := ListFiles(root); err != nil || len(files) != 0 {
		t.Errorf("files left: %v, %v", files, err)
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("read failed") }
