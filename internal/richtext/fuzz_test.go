package richtext

import (
	"testing"
)

// FuzzSanitize: whatever HTML comes in, the output holds nothing that can run
// (the checker of the XSS corpus) and sanitising it again changes nothing.
func FuzzSanitize(f *testing.F) {
	for _, s := range xssCorpus {
		f.Add(s)
	}
	for _, s := range []string{"<p>Hej <strong>världen</strong></p>", `<a href="/kultur">Kultur</a>`, "<ul><li>ett</li></ul>", "", "<", "<<script>script>alert(1)<</script>/script>", "\x00<p>\xff</p>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if why := executable(t, out); why != "" {
			t.Fatalf("Sanitize(%q) = %q, which keeps %s", in, out, why)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("Sanitize not idempotent on %q: %q then %q", in, out, again)
		}
	})
}
