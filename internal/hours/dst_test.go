package hours

import (
	"testing"
	"time"
)

// dstYears lists Stockholm's transition Sundays: spring forward 02:00→03:00
// (CET→CEST, 01:00 UTC), fall back 03:00→02:00 (CEST→CET, 01:00 UTC).
var dstYears = []struct {
	year         int
	spring, fall int // day of month in March / October
}{
	{2024, 31, 27},
	{2025, 30, 26},
	{2026, 29, 25},
	{2030, 31, 27},
}

func TestDSTSpans(t *testing.T) {
	c := compileT(t, Schedule{
		Channel:  "self_service",
		Rules:    []Rule{{Days: allDays(), Intervals: []Interval{iv("01:00", "04:00")}}},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular},
	})
	gap := compileT(t, Schedule{
		Channel:  "self_service",
		Rules:    []Rule{{Days: allDays(), Intervals: []Interval{iv("02:30", "05:00")}}},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular},
	})
	inside := compileT(t, Schedule{
		Channel:  "self_service",
		Rules:    []Rule{{Days: allDays(), Intervals: []Interval{iv("02:10", "02:50"), iv("12:00", "13:00")}}},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular},
	})
	for _, y := range dstYears {
		spring := Date{y.year, time.March, y.spring}
		fall := Date{y.year, time.October, y.fall}
		if spring.Weekday() != time.Sunday || fall.Weekday() != time.Sunday {
			t.Fatalf("%d: table dates are not Sundays", y.year)
		}
		// Spring: 01:00 CET (00:00Z) – 04:00 CEST (02:00Z) = 2 real hours.
		sp := oneDay(t, c, spring.String()).Intervals[0]
		if !sp.OpensAt.Equal(utc(y.year, 3, y.spring, 0, 0)) || !sp.ClosesAt.Equal(utc(y.year, 3, y.spring, 2, 0)) {
			t.Errorf("%d spring span = %v – %v", y.year, sp.OpensAt, sp.ClosesAt)
		}
		if d := sp.ClosesAt.Sub(sp.OpensAt); d != 2*time.Hour {
			t.Errorf("%d spring span lasts %v, want 2h", y.year, d)
		}
		// Fall: 01:00 CEST (23:00Z the day before) – 04:00 CET (03:00Z) = 4 real hours.
		sp = oneDay(t, c, fall.String()).Intervals[0]
		if !sp.OpensAt.Equal(utc(y.year, 10, y.fall-1, 23, 0)) || !sp.ClosesAt.Equal(utc(y.year, 10, y.fall, 3, 0)) {
			t.Errorf("%d fall span = %v – %v", y.year, sp.OpensAt, sp.ClosesAt)
		}
		if d := sp.ClosesAt.Sub(sp.OpensAt); d != 4*time.Hour {
			t.Errorf("%d fall span lasts %v, want 4h", y.year, d)
		}
		// A normal day next to it lasts 3 hours.
		sp = oneDay(t, c, spring.AddDays(-1).String()).Intervals[0]
		if d := sp.ClosesAt.Sub(sp.OpensAt); d != 3*time.Hour {
			t.Errorf("%d Saturday span lasts %v, want 3h", y.year, d)
		}

		// 02:30 does not exist in spring: it maps forward to 03:00 CEST (01:00Z).
		sp = oneDay(t, gap, spring.String()).Intervals[0]
		if !sp.OpensAt.Equal(utc(y.year, 3, y.spring, 1, 0)) || sp.Opens != "02:30" {
			t.Errorf("%d gap opening = %v (%s)", y.year, sp.OpensAt, sp.Opens)
		}
		// 02:30 exists twice in autumn: the first reading, 02:30 CEST (00:30Z).
		sp = oneDay(t, gap, fall.String()).Intervals[0]
		if !sp.OpensAt.Equal(utc(y.year, 10, y.fall, 0, 30)) || !sp.ClosesAt.Equal(utc(y.year, 10, y.fall, 4, 0)) {
			t.Errorf("%d repeated opening = %v – %v", y.year, sp.OpensAt, sp.ClosesAt)
		}

		// A span entirely inside the gap is dropped that night only.
		if n := len(oneDay(t, inside, spring.String()).Intervals); n != 1 {
			t.Errorf("%d: %d spans on spring night, want 1 (gap span dropped)", y.year, n)
		}
		if n := len(oneDay(t, inside, spring.AddDays(7).String()).Intervals); n != 2 {
			t.Errorf("%d: %d spans a week later, want 2", y.year, n)
		}

		// OpenAt and NextChange on the spring night.
		open := []struct {
			at   time.Time
			want bool
		}{
			{utc(y.year, 3, y.spring, 0, 0).Add(-time.Nanosecond), false},
			{utc(y.year, 3, y.spring, 0, 0), true},                 // 01:00 CET
			{utc(y.year, 3, y.spring, 0, 59), true},                // 01:59 CET
			{utc(y.year, 3, y.spring, 1, 0), true},                 // 03:00 CEST
			{utc(y.year, 3, y.spring, 1, 59), true},                // 03:59 CEST
			{utc(y.year, 3, y.spring, 2, 0), false},                // 04:00 CEST
			{utc(y.year, 10, y.fall-1, 22, 59), false},             // 00:59 CEST
			{utc(y.year, 10, y.fall-1, 23, 0), true},               // 01:00 CEST
			{utc(y.year, 10, y.fall, 0, 30), true},                 // 02:30 CEST
			{utc(y.year, 10, y.fall, 1, 30), true},                 // 02:30 CET
			{utc(y.year, 10, y.fall, 2, 59), true},                 // 03:59 CET
			{utc(y.year, 10, y.fall, 3, 0), false},                 // 04:00 CET
			{utc(y.year, 10, y.fall, 3, 0).Add(-1), true},          // just before
			{utc(y.year, 10, y.fall+1, 0, 0), true},                // Monday 01:00 CET
			{utc(y.year, 10, y.fall+1, 3, 0), false},               // Monday 04:00 CET
			{utc(y.year, 3, y.spring-1, 3, 0), false},              // Saturday 04:00 CET
			{utc(y.year, 3, y.spring-1, 2, 59), true},              // Saturday 03:59 CET
			{utc(y.year, 3, y.spring+1, 1, 59), true},              // Monday 03:59 CEST
			{utc(y.year, 3, y.spring+1, 2, 0), false},              // Monday 04:00 CEST
			{utc(y.year, 3, y.spring, 0, 30).Add(time.Hour), true}, // 03:30 CEST
		}
		for _, o := range open {
			if got := c.OpenAt(o.at); got != o.want {
				t.Errorf("%d OpenAt(%v) = %v, want %v", y.year, o.at.In(stockholm), got, o.want)
			}
		}
		changes := []struct {
			after time.Time
			want  Change
		}{
			{utc(y.year, 3, y.spring-1, 12, 0), Change{utc(y.year, 3, y.spring, 0, 0), true}},
			{utc(y.year, 3, y.spring, 0, 0), Change{utc(y.year, 3, y.spring, 2, 0), false}},
			{utc(y.year, 3, y.spring, 0, 30), Change{utc(y.year, 3, y.spring, 2, 0), false}},
			{utc(y.year, 3, y.spring, 2, 0), Change{utc(y.year, 3, y.spring, 23, 0), true}}, // Monday 01:00 CEST
			{utc(y.year, 10, y.fall-1, 12, 0), Change{utc(y.year, 10, y.fall-1, 23, 0), true}},
			{utc(y.year, 10, y.fall, 1, 0), Change{utc(y.year, 10, y.fall, 3, 0), false}},
			{utc(y.year, 10, y.fall, 3, 0), Change{utc(y.year, 10, y.fall, 0, 0).Add(24 * time.Hour), true}}, // Monday 01:00 CET
		}
		for _, ch := range changes {
			got, ok := c.NextChange(ch.after)
			if !ok || !got.At.Equal(ch.want.At) || got.Opens != ch.want.Opens {
				t.Errorf("%d NextChange(%v) = %v %v, want %v %v", y.year, ch.after.In(stockholm), got.At.In(stockholm), got.Opens, ch.want.At.In(stockholm), ch.want.Opens)
			}
		}
		// In the gap schedule the opening instant 03:00 CEST is also where
		// the wall clock jumps.
		if got, _ := gap.NextChange(utc(y.year, 3, y.spring, 0, 0)); !got.At.Equal(utc(y.year, 3, y.spring, 1, 0)) || !got.Opens {
			t.Errorf("%d gap NextChange = %v", y.year, got)
		}
	}
}

func TestDSTOvernight(t *testing.T) {
	// Saturday 22:00 – Sunday 02:30 overnight: on the spring night the close
	// falls in the gap and maps to 03:00 CEST; on the autumn night 02:30 is
	// read the first time.
	c := compileT(t, Schedule{
		Channel: "phone",
		Rules:   []Rule{{Days: []string{"sat"}, Intervals: []Interval{ovn("22:00", "02:30")}}},
	})
	for _, y := range dstYears {
		sp := oneDay(t, c, Date{y.year, time.March, y.spring - 1}.String()).Intervals[0]
		if !sp.ClosesAt.Equal(utc(y.year, 3, y.spring, 1, 0)) || sp.ClosesAt.Sub(sp.OpensAt) != 4*time.Hour {
			t.Errorf("%d spring overnight = %v – %v", y.year, sp.OpensAt, sp.ClosesAt)
		}
		sp = oneDay(t, c, Date{y.year, time.October, y.fall - 1}.String()).Intervals[0]
		if !sp.ClosesAt.Equal(utc(y.year, 10, y.fall, 0, 30)) || sp.ClosesAt.Sub(sp.OpensAt) != 4*time.Hour+30*time.Minute {
			t.Errorf("%d fall overnight = %v – %v", y.year, sp.OpensAt, sp.ClosesAt)
		}
		if !c.OpenAt(utc(y.year, 3, y.spring, 0, 59)) || c.OpenAt(utc(y.year, 3, y.spring, 1, 0)) {
			t.Errorf("%d spring overnight OpenAt wrong", y.year)
		}
		if ch, _ := c.NextChange(utc(y.year, 3, y.spring-1, 22, 0)); !ch.At.Equal(utc(y.year, 3, y.spring, 1, 0)) || ch.Opens {
			t.Errorf("%d spring overnight NextChange = %v", y.year, ch)
		}
	}
}

func TestWallInstantOtherZones(t *testing.T) {
	cases := []struct {
		zone string
		d    Date
		min  int
		want time.Time
	}{
		// New York springs forward at 02:00 to 03:00 (07:00Z).
		{"America/New_York", Date{2026, 3, 8}, 150, time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		// And falls back at 02:00 to 01:00: 01:30 first as EDT (05:30Z).
		{"America/New_York", Date{2026, 11, 1}, 90, time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)},
		// Lord Howe moves by 30 minutes: 02:00 → 02:30 local (15:30Z).
		{"Australia/Lord_Howe", Date{2026, 10, 4}, 135, time.Date(2026, 10, 3, 15, 30, 0, 0, time.UTC)},
		// UTC never shifts.
		{"UTC", Date{2026, 3, 29}, 150, time.Date(2026, 3, 29, 2, 30, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		got := wallInstant(mustLoad(tc.zone), tc.d, tc.min)
		if !got.Equal(tc.want) {
			t.Errorf("%s %s +%d = %v, want %v", tc.zone, tc.d, tc.min, got.UTC(), tc.want)
		}
	}
}
