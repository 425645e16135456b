package richtext

import "testing"

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`<p>Hej <strong>världen</strong></p>`, `<p>Hej <strong>världen</strong></p>`},
		{`<p onclick="x()">a</p><script>alert(1)</script>`, `<p>a</p>`},
		{`<a href="javascript:alert(1)">x</a>`, `x`},
		{`<a href="https://karlskoga.se/">k</a>`, `<a href="https://karlskoga.se/">k</a>`},
		{`<img src=x onerror=alert(1)>`, ``},
		{`<p style="color:red">r</p>`, `<p>r</p>`},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
