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
