package phone

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/content"
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

func TestNormalize(t *testing.T) {
	t.Parallel()
	got, err := NormalizeAll("input.phones", []content.Phone{
		{Label: " Servicecenter ", Number: " 0586-610 00 ", E164: "+1 ignored"},
		{Number: "+46 8 123 456 78"},
	})
	want := []content.Phone{
		{Label: "Servicecenter", Number: "0586-610 00", E164: "+4658661000"},
		{Number: "+46 8 123 456 78", E164: "+46812345678"},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("NormalizeAll = %+v, %v, want %+v", got, err, want)
	}
	tests := []struct {
		phones []content.Phone
		field  string
	}{
		{[]content.Phone{{Number: "0586-610 00"}, {Number: "ring oss"}}, "input.phones[1].number"},
		{[]content.Phone{{Number: ""}}, "input.phones[0].number"},
		{[]content.Phone{{Number: strings.Repeat("1", content.MaxPhoneLen+1)}}, "input.phones[0].number"},
		{[]content.Phone{{Label: strings.Repeat("x", content.MaxTitleLen+1), Number: "0586-610 00"}}, "input.phones[0].label"},
		{make([]content.Phone, content.MaxPhones+1), "input.phones"},
	}
	for _, tt := range tests {
		_, err := NormalizeAll("input.phones", tt.phones)
		var e *content.Error
		if !errors.As(err, &e) || e.Code != content.EINVALID || e.Field != tt.field {
			t.Errorf("NormalizeAll(%v) error = %v, want BAD_USER_INPUT on %s", tt.phones, err, tt.field)
		}
	}
}
