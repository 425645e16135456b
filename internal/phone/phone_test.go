package phone

import (
	"errors"
	"testing"
)

func TestE164(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"0586-610 00", "+4658661000"},
		{"0586-622 00", "+4658662200"},
		{"08-123 456 78", "+46812345678"},
		{"+46 586 610 00", "+4658661000"},
	}
	for _, tt := range tests {
		got, err := E164(tt.in, "")
		if err != nil || got != tt.want {
			t.Errorf("E164(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "hello", "123"} {
		if _, err := E164(bad, ""); !errors.Is(err, ErrInvalid) {
			t.Errorf("E164(%q) error = %v, want ErrInvalid", bad, err)
		}
	}
}
