package hours

import "testing"

func TestSummaryAndOSM(t *testing.T) {
	cases := []struct {
		name       string
		rules      []Rule
		ph         string
		sv, en, os string
	}{
		{
			name:  "single days and split hours",
			rules: []Rule{{Days: []string{"mon", "wed", "fri"}, Intervals: []Interval{iv("08:00", "12:00"), iv("13:00", "16:00")}}, {Days: []string{"sat"}, Intervals: []Interval{iv("10:00", "14:00")}}},
			sv:    "måndag 08.00–12.00, 13.00–16.00; tisdag stängt; onsdag 08.00–12.00, 13.00–16.00; torsdag stängt; fredag 08.00–12.00, 13.00–16.00; lördag 10.00–14.00; söndag stängt",
			en:    "Monday 08:00–12:00, 13:00–16:00; Tuesday closed; Wednesday 08:00–12:00, 13:00–16:00; Thursday closed; Friday 08:00–12:00, 13:00–16:00; Saturday 10:00–14:00; Sunday closed",
			os:    "Mo,We,Fr 08:00-12:00,13:00-16:00; Sa 10:00-14:00; PH off",
		},
		{
			name:  "whole week same hours",
			rules: []Rule{{Days: allDays(), Intervals: []Interval{iv("06:00", "22:00")}}},
			ph:    PublicHolidaysRegular,
			sv:    "måndag–söndag 06.00–22.00",
			en:    "Monday–Sunday 06:00–22:00",
			os:    "Mo-Su 06:00-22:00",
		},
		{
			name:  "overnight and whole days",
			rules: []Rule{{Days: []string{"fri", "sat"}, Intervals: []Interval{ovn("22:00", "03:00")}}, {Days: []string{"sun"}, Intervals: []Interval{iv("03:00", "24:00")}}, {Days: []string{"mon"}, Intervals: []Interval{iv("00:00", "24:00")}}},
			sv:    "måndag dygnet runt; tisdag–torsdag stängt; fredag–lördag 22.00–03.00; söndag 03.00–24.00",
			en:    "Monday open 24 hours; Tuesday–Thursday closed; Friday–Saturday 22:00–03:00; Sunday 03:00–24:00",
			os:    "<null>", // overnight hours with PH off
		},
		{
			name: "never open",
			sv:   "måndag–söndag stängt",
			en:   "Monday–Sunday closed",
			os:   "off",
		},
	}
	for _, tc := range cases {
		c := compileT(t, Schedule{Channel: "staffed", Rules: tc.rules, Holidays: HolidayPolicy{PublicHolidays: tc.ph}})
		if got := c.Summary("sv-SE", date("2026-03-04")); got != tc.sv {
			t.Errorf("%s: sv\n got %q\nwant %q", tc.name, got, tc.sv)
		}
		if got := c.Summary("xx", date("2026-03-04")); got != tc.sv {
			t.Errorf("%s: unknown locale should fall back to Swedish, got %q", tc.name, got)
		}
		if got := c.Summary("en_US", date("2026-03-04")); got != tc.en {
			t.Errorf("%s: en\n got %q\nwant %q", tc.name, got, tc.en)
		}
		if got := osmOf(c); got != tc.os {
			t.Errorf("%s: OSM\n got %q\nwant %q", tc.name, got, tc.os)
		}
	}
}

func TestSummaryIgnoresExceptionsAndHolidays(t *testing.T) {
	s := serviceCentre()
	s.Exceptions = []Exception{{From: "2026-12-21", To: "2026-12-23", Closed: true}}
	c := compileT(t, s)
	// Christmas week 2026: exceptions, eve and holidays do not change the summary.
	if got := c.Summary("sv", date("2026-12-24")); got != "måndag–fredag 07.30–17.00; lördag–söndag stängt" {
		t.Errorf("Summary = %q", got)
	}
}

func TestClocks(t *testing.T) {
	at := sthlm(2026, 11, 24, 12, 0)
	var clk Clock = FixedClock(at)
	if !clk.Now().Equal(at) {
		t.Error("FixedClock")
	}
	clk = SystemClock{}
	if clk.Now().IsZero() {
		t.Error("SystemClock")
	}
	c := compileT(t, serviceCentre())
	if !c.OpenAt(FixedClock(at).Now()) {
		t.Error("closed at fixed noon")
	}
}
