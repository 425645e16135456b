package hours

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateArithmeticAgainstTime(t *testing.T) {
	start := time.Date(1850, 1, 1, 12, 0, 0, 0, time.UTC)
	base := Date{1850, 1, 1}
	for i := 0; i < 200*366; i += 7 {
		tt := start.AddDate(0, 0, i)
		want := DateOf(tt)
		got := base.AddDays(i)
		if got != want {
			t.Fatalf("AddDays(%d) = %v, want %v", i, got, want)
		}
		if got.Weekday() != tt.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", got, got.Weekday(), tt.Weekday())
		}
		if back := got.AddDays(-i); back != base {
			t.Fatalf("round trip of %d gave %v", i, back)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-06-19", "2024-02-29", "0001-01-01", "9999-12-31"} {
		d, err := ParseDate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2026-6-19", "2026-06-31", "2025-02-29", "2026/06/19", "2026-13-01", "2026-00-10", "20260619", "2026-06-19T00", "abcd-ef-gh"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
}

func TestDateCompareAndJSON(t *testing.T) {
	a, b := Date{2026, 6, 19}, Date{2026, 6, 20}
	if !a.Before(b) || a.After(b) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("comparison broken")
	}
	if (Date{2025, 12, 31}).Compare(Date{2026, 1, 1}) != -1 {
		t.Error("year comparison broken")
	}
	raw, err := json.Marshal(struct{ D Date }{a})
	if err != nil || string(raw) != `{"D":"2026-06-19"}` {
		t.Fatalf("marshal = %s, %v", raw, err)
	}
	var back struct{ D Date }
	if err := json.Unmarshal(raw, &back); err != nil || back.D != a {
		t.Fatalf("unmarshal = %v, %v", back.D, err)
	}
	if err := json.Unmarshal([]byte(`{"D":"2026-02-30"}`), &back); err == nil {
		t.Error("unmarshal accepted 2026-02-30")
	}
}
