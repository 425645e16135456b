package hours

import "testing"

func TestOpenSummary(t *testing.T) {
	t.Parallel()
	weekdays := []string{"mon", "tue", "wed", "thu", "fri"}
	centre := MustCompile(Schedule{Channel: "staffed", Rules: []Rule{{Days: weekdays, Intervals: []Interval{{Opens: "07:30", Closes: "17:00"}}}}})
	always := MustCompile(Schedule{Channel: "self_service", Rules: []Rule{{
		Days: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, Intervals: []Interval{{Opens: "00:00", Closes: "24:00"}}}}})
	never := MustCompile(Schedule{Channel: "phone", Rules: []Rule{{Days: weekdays}}})
	on := Date{2026, 11, 24}
	tests := []struct {
		c      *Compiled
		locale string
		want   string
	}{
		{centre, "sv", "måndag–fredag 07.30–17.00"},
		{centre, "en", "Monday–Friday 07:30–17:00"},
		{always, "sv", "öppet dygnet runt"},
		{never, "sv", "stängt"},
		{never, "en", "closed"},
	}
	for _, tt := range tests {
		if got := tt.c.OpenSummary(tt.locale, on); got != tt.want {
			t.Errorf("OpenSummary(%s) = %q, want %q", tt.locale, got, tt.want)
		}
	}
	if got, want := centre.Summary("sv", on), "måndag–fredag 07.30–17.00; lördag–söndag stängt"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}
