package upload

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/upload/uploadtest"
)

func TestCheckAcceptsBySniffing(t *testing.T) {
	t.Parallel()
	for _, f := range uploadtest.Accepted() {
		c, err := Check("file", bytes.NewReader(f.Body), DefaultMaxBytes)
		if err != nil {
			t.Errorf("Check(%s) = %v, want it accepted", f.Name, err)
			continue
		}
		if c.MimeType != f.MimeType || c.Size != int64(len(f.Body)) || len(c.SHA256) != 64 {
			t.Errorf("Check(%s) = %+v, want type %s, size %d", f.Name, c, f.MimeType, len(f.Body))
		}
	}
}

func TestCheckRefuses(t *testing.T) {
	t.Parallel()
	for _, f := range uploadtest.Refused() {
		_, err := Check("input.file", bytes.NewReader(f.Body), DefaultMaxBytes)
		wantInvalid(t, "Check("+f.Name+")", err, "input.file")
	}
	_, err := Check("input.file", bytes.NewReader(nil), DefaultMaxBytes)
	wantInvalid(t, "Check(empty)", err, "input.file")

	pdf := uploadtest.PDF(1000)
	if _, err := Check("file", bytes.NewReader(pdf), int64(len(pdf))); err != nil {
		t.Errorf("Check(exactly the limit) = %v", err)
	}
	_, err = Check("input.file", bytes.NewReader(pdf), int64(len(pdf)-1))
	wantInvalid(t, "Check(one byte over)", err, "input.file")
	if err == nil || !strings.Contains(err.Error(), "upload limit") {
		t.Errorf("over the limit: %v, want the limit named", err)
	}
}

func TestCleanFileName(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"rapport.pdf":                   "rapport.pdf",
		"  Rapport om Mötesplats.pdf ":  "Rapport om Mötesplats.pdf",
		"mo\u0308tesplats.pdf":          "mötesplats.pdf", // NFD from macOS
		"Protokoll 2026-01-12 (1).docx": "Protokoll 2026-01-12 (1).docx",
	}
	for in, want := range good {
		if got, err := CleanFileName("fileName", in); err != nil || got != want {
			t.Errorf("CleanFileName(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "  ", "../rapport.pdf", "../../etc/passwd", "a/b.pdf", `C:\fakepath\x.pdf`,
		"..", "x..pdf", ".htaccess", "a\x00.pdf", "a\n.pdf", "a\u202egnp.pdf", "a<b>.pdf", "a:b.pdf",
		strings.Repeat("a", content.MaxFileNameLen) + ".pdf", "\xff.pdf"} {
		_, err := CleanFileName("input.fileName", bad)
		wantInvalid(t, "CleanFileName("+bad+")", err, "input.fileName")
	}
}

func TestFormatBytes(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{50 << 20: "50 MiB", 3 << 19: "1.5 MiB", 1 << 10: "1 KiB", 900: "900 bytes"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func wantInvalid(t *testing.T, what string, err error, field string) {
	t.Helper()
	var e *content.Error
	if !errors.As(err, &e) || e.Code != content.EINVALID || e.Field != field {
		t.Errorf("%s: error = %v, want BAD_USER_INPUT on %s", what, err, field)
	}
}
