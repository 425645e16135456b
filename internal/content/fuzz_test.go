package content

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPath: ValidatePath never panics, refuses with BAD_USER_INPUT naming the
// field, and what it accepts is absolute, free of empty and dot segments, and
// unchanged by a second CleanPath.
func FuzzPath(f *testing.F) {
	for _, s := range []string{"/", "/kultur-och-fritid/bibliotek", "/a/b/", "", "a", "//", "/a/../b", "/./", "/a\x00b", "/\xff", "/" + strings.Repeat("x", 1100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		err := ValidatePath("path", path)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Field != "path" {
				t.Fatalf("ValidatePath(%q) = %v, want BAD_USER_INPUT naming path", path, err)
			}
			return
		}
		if !strings.HasPrefix(path, "/") || len(path) > 1024 {
			t.Fatalf("ValidatePath accepted %q", path)
		}
		clean := CleanPath(path)
		if CleanPath(clean) != clean {
			t.Fatalf("CleanPath not idempotent on %q: %q", path, clean)
		}
		if clean != "/" {
			for _, seg := range strings.Split(clean[1:], "/") {
				if seg == "" || seg == "." || seg == ".." {
					t.Fatalf("ValidatePath accepted %q with segment %q", path, seg)
				}
			}
		}
	})
}

// FuzzSlug: whatever an editor types, ParseSlug either refuses it with
// BAD_USER_INPUT or returns a slug that ValidSlug accepts and Slugify keeps.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Medborgardialogen om biblioteket", "Öppettider & Återvinning", "Barn's", "---", "", "a\u030a", "ĳ", "日本語", "\xff\xfe", "kultur-och-fritid", strings.Repeat("å", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		slug, err := ParseSlug("slug", title)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Field != "slug" {
				t.Fatalf("ParseSlug(%q) = %v, want BAD_USER_INPUT naming slug", title, err)
			}
			return
		}
		if !ValidSlug(slug) {
			t.Fatalf("ParseSlug(%q) = %q, which ValidSlug refuses", title, slug)
		}
		if again := Slugify(slug); again != slug {
			t.Fatalf("Slugify(%q) = %q: not a fixed point", slug, again)
		}
		if !utf8.ValidString(slug) {
			t.Fatalf("slug %q is not UTF-8", slug)
		}
	})
}
