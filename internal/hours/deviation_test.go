package hours

import "testing"

func TestNextDeviation(t *testing.T) {
	s := serviceCentre()
	s.Holidays.DayBefore = DayPolicy{Mode: ModeCloseEarly, ClosesAt: "15:00"}
	s.Exceptions = []Exception{
		{From: "2026-03-02", To: "2026-03-04", Closed: true, Reason: Text{SV: "Inventering", EN: "Stocktaking"}},
		{From: "2026-03-10", Intervals: []Interval{iv("07:30", "17:00")}, Reason: T("Samma tider")},
		{From: "2026-12-28", To: "2027-01-02", Closed: true},
	}
	s.Holidays.Overrides = []HolidayOverride{{Day: "nyarsafton", DayPolicy: DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("10:00", "14:00")}}}}
	c := compileT(t, s)
	for _, tc := range []struct {
		from       string
		within     int
		sv, en     string
		start, end string
	}{
		{"2026-03-01", 60, "Inventering 2–4 mars stängt", "Stocktaking 2–4 March closed", "2026-03-02", "2026-03-04"},
		// An exception with the week's own hours is no deviation.
		{"2026-03-05", 30, "Dag före långfredagen 07.30–15.00", "Day before Good Friday 07:30–15:00", "2026-04-02", "2026-04-02"},
		// 23 December precedes an eve, not a holiday: no deviation.
		{"2026-12-20", 10, "Julafton stängt", "Christmas Eve closed", "2026-12-24", "2026-12-24"},
		{"2026-12-24", 3, "Julafton stängt", "Christmas Eve closed", "2026-12-24", "2026-12-24"},
		// Annandag jul 2026 is a Saturday, closed anyway.
		{"2026-12-25", 3, "Juldagen stängt", "Christmas Day closed", "2026-12-25", "2026-12-25"},
		// Saturday 2 January is closed anyway, so the run ends on the 1st.
		{"2026-12-26", 10, "28 december 2026–1 januari 2027 stängt", "28 December 2026–1 January 2027 closed", "2026-12-28", "2027-01-01"},
	} {
		d, ok := c.NextDeviation(date(tc.from), tc.within)
		if !ok {
			t.Errorf("from %s: no deviation", tc.from)
			continue
		}
		if got := d.Line("sv"); got != tc.sv {
			t.Errorf("from %s: %q, want %q", tc.from, got, tc.sv)
		}
		if got := d.Line("en"); got != tc.en {
			t.Errorf("from %s: English %q, want %q", tc.from, got, tc.en)
		}
		if d.From.String() != tc.start || d.To.String() != tc.end || len(d.Days) != d.To.days()-d.From.days()+1 {
			t.Errorf("from %s: %s..%s (%d days), want %s..%s", tc.from, d.From, d.To, len(d.Days), tc.start, tc.end)
		}
	}
	// The exception over new year hides nyårsafton's own hours; without it
	// the override shows.
	s.Exceptions = s.Exceptions[:2]
	c = compileT(t, s)
	if d, ok := c.NextDeviation(date("2026-12-29"), 5); !ok || d.Line("sv") != "Nyårsafton 10.00–14.00" {
		t.Errorf("nyårsafton = %q, %v", d.Line("sv"), ok)
	}
	if _, ok := c.NextDeviation(date("2026-05-15"), 5); ok {
		t.Error("a deviation in an ordinary week")
	}
}

func TestSummaryOfAnotherWeek(t *testing.T) {
	c := compileT(t, Schedule{Channel: "staffed", Rules: []Rule{
		{Days: []string{"mon", "tue", "wed", "thu", "fri"}, Intervals: []Interval{iv("10:00", "19:00")}},
		{Days: []string{"mon", "tue", "wed", "thu", "fri"}, Intervals: []Interval{iv("10:00", "16:00")}, ValidFrom: "06-15", ValidTo: "08-15"},
	}})
	for on, want := range map[string]string{
		"2026-06-01": "måndag–fredag 10.00–19.00",
		"2026-06-17": "måndag–fredag 10.00–16.00",
		// The week of 15 June 2026 begins on that Monday.
		"2026-06-21": "måndag–fredag 10.00–16.00",
		// 10–14 August 2026, then the season ends on Saturday the 15th.
		"2026-08-16": "måndag–fredag 10.00–16.00",
		"2026-08-17": "måndag–fredag 10.00–19.00",
	} {
		if got := c.OpenSummary("sv", date(on)); got != want {
			t.Errorf("week of %s = %q, want %q", on, got, want)
		}
	}
}
