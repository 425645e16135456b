package hours

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestServiceCentreDemo(t *testing.T) {
	c := compileT(t, serviceCentre())

	mid := oneDay(t, c, "2026-06-19")
	if !mid.Closed() || mid.Source != SourceHoliday || mid.Reason.SV != "Midsommarafton" || mid.Holiday == nil || mid.Holiday.Name != "Midsommarafton" {
		t.Errorf("Midsummer Eve 2026 = %+v", mid)
	}
	xmas := oneDay(t, c, "2026-12-25")
	if !xmas.Closed() || xmas.Source != SourceHoliday || xmas.Reason.SV != "Juldagen" || xmas.Holiday == nil || !xmas.Holiday.Public {
		t.Errorf("Christmas Day 2026 = %+v", xmas)
	}
	at := sthlm(2026, time.November, 24, 12, 0)
	if !c.OpenAt(at) {
		t.Error("closed on Tuesday 2026-11-24 12:00")
	}
	ch, ok := c.NextChange(at)
	if want := (Change{At: sthlm(2026, time.November, 24, 17, 0), Opens: false}); !ok || !ch.At.Equal(want.At) || ch.Opens {
		t.Errorf("NextChange = %v %v, want %v", ch, ok, want)
	}
	// Friday evening → Monday morning, skipping the weekend.
	ch, ok = c.NextChange(sthlm(2026, time.November, 27, 17, 0))
	if !ok || !ch.At.Equal(sthlm(2026, time.November, 30, 7, 30)) || !ch.Opens {
		t.Errorf("NextChange over weekend = %v %v", ch, ok)
	}
	// Christmas 2026: Thu 24 eve, Fri 25, Sat, Sun, Mon 28 opens.
	ch, ok = c.NextChange(sthlm(2026, time.December, 23, 17, 0))
	if !ok || !ch.At.Equal(sthlm(2026, time.December, 28, 7, 30)) {
		t.Errorf("NextChange over Christmas = %v %v", ch, ok)
	}
	if got, want := c.Summary("sv", date("2026-11-24")), "måndag–fredag 07.30–17.00; lördag–söndag stängt"; got != want {
		t.Errorf("Summary sv = %q, want %q", got, want)
	}
	if got, want := c.Summary("en", date("2026-11-24")), "Monday–Friday 07:30–17:00; Saturday–Sunday closed"; got != want {
		t.Errorf("Summary en = %q, want %q", got, want)
	}
	if got, want := osmOf(c), "Mo-Fr 07:30-17:00; PH off; easter -1 day off; Jun 19-25 Fr off; Dec 24 off; Dec 31 off"; got != want {
		t.Errorf("OSM = %q, want %q", got, want)
	}
	// Regular days and instants.
	tue := oneDay(t, c, "2026-11-24")
	if tue.Source != SourceRegular || tue.Reason.SV != "" || tue.Holiday != nil || len(tue.Intervals) != 1 {
		t.Fatalf("Tuesday = %+v", tue)
	}
	sp := tue.Intervals[0]
	if !sp.OpensAt.Equal(utc(2026, 11, 24, 6, 30)) || !sp.ClosesAt.Equal(utc(2026, 11, 24, 16, 0)) || sp.OpensAt.Location().String() != "Europe/Stockholm" {
		t.Errorf("Tuesday span = %+v", sp)
	}
}

func TestLibrarySelfService(t *testing.T) {
	c := compileT(t, librarySelfService())
	for d := date("2026-01-01"); d.Before(date("2027-01-10")); d = d.AddDays(1) {
		if !c.OpenAt(time.Date(d.Year, d.Month, d.Day, 3, 0, 0, 0, stockholm)) {
			t.Fatalf("closed at 03:00 on %s", d)
		}
	}
	if got := c.Summary("sv", date("2026-06-19")); got != "öppet dygnet runt" {
		t.Errorf("Summary = %q", got)
	}
	if got := c.Summary("en-GB", date("2026-06-19")); got != "open 24 hours" {
		t.Errorf("Summary en = %q", got)
	}
	if got := osmOf(c); got != "24/7" {
		t.Errorf("OSM = %q", got)
	}
	if ch, ok := c.NextChange(sthlm(2026, 3, 29, 1, 0)); ok {
		t.Errorf("24/7 NextChange = %v, want none", ch)
	}
	mid := oneDay(t, c, "2026-06-19")
	if mid.Source != SourceRegular || mid.Holiday == nil || mid.Reason.SV != "" || len(mid.Intervals) != 1 {
		t.Errorf("Midsummer Eve with regular policy = %+v", mid)
	}
	// With holidays closed, 24/7 closes at Christmas Day's midnight.
	s := librarySelfService()
	s.Holidays.PublicHolidays = ""
	c = compileT(t, s)
	ch, ok := c.NextChange(sthlm(2026, 12, 20, 12, 0))
	if !ok || ch.Opens || !ch.At.Equal(sthlm(2026, 12, 25, 0, 0)) {
		t.Errorf("NextChange = %v %v, want close at Christmas", ch, ok)
	}
	ch, ok = c.NextChange(ch.At)
	if !ok || !ch.Opens || !ch.At.Equal(sthlm(2026, 12, 27, 0, 0)) {
		t.Errorf("NextChange = %v %v, want open after Annandag jul", ch, ok)
	}
	if got := osmOf(c); got != "Mo-Su 00:00-24:00; PH off" {
		t.Errorf("OSM = %q", got)
	}
}

func TestLibrarySelfServiceRandomDates(t *testing.T) {
	c := compileT(t, librarySelfService())
	// A simple deterministic scramble across 1950–2150.
	x := uint64(12345)
	for range 2000 {
		x = x*6364136223846793005 + 1442695040888963407
		d := date("1950-01-01").AddDays(int(x>>33) % (200 * 365))
		if !c.OpenAt(time.Date(d.Year, d.Month, d.Day, 3, 0, 0, 0, stockholm)) {
			t.Fatalf("closed at 03:00 on %s", d)
		}
	}
}

func TestSplitDaysAndOvernight(t *testing.T) {
	c := compileT(t, Schedule{
		Channel: "phone",
		Rules: []Rule{
			{Days: []string{"mon", "tue"}, Intervals: []Interval{iv("13:00", "16:00"), iv("08:00", "12:00")}},
			{Days: []string{"fri", "sat"}, Intervals: []Interval{ovn("22:00", "02:00")}},
			{Days: []string{"sun"}, Intervals: []Interval{iv("02:00", "04:00")}},
		},
	})
	mon := oneDay(t, c, "2026-11-23")
	if diff := cmp.Diff([]string{"08:00-12:00", "13:00-16:00"}, wallSpans(mon)); diff != "" {
		t.Errorf("Monday (-want +got):\n%s", diff)
	}
	cases := []struct {
		at   time.Time
		open bool
	}{
		{sthlm(2026, 11, 23, 7, 59), false},
		{sthlm(2026, 11, 23, 8, 0), true},
		{sthlm(2026, 11, 23, 12, 0), false},
		{sthlm(2026, 11, 23, 12, 30), false},
		{sthlm(2026, 11, 23, 15, 59), true},
		{sthlm(2026, 11, 27, 23, 0), true}, // Friday night
		{sthlm(2026, 11, 28, 1, 59), true}, // Friday's overnight on Saturday
		{sthlm(2026, 11, 28, 2, 0), false},
		{sthlm(2026, 11, 29, 3, 0), true}, // Saturday's overnight runs into Sunday's own hours
	}
	for _, tc := range cases {
		if got := c.OpenAt(tc.at); got != tc.open {
			t.Errorf("OpenAt(%v) = %v, want %v", tc.at, got, tc.open)
		}
	}
	// 12:00 is a real pause between the split intervals.
	ch, _ := c.NextChange(sthlm(2026, 11, 23, 9, 0))
	if !ch.At.Equal(sthlm(2026, 11, 23, 12, 0)) || ch.Opens {
		t.Errorf("NextChange at 09:00 = %v", ch)
	}
	// Saturday 22:00–02:00 touches Sunday 02:00–04:00: one opening.
	ch, _ = c.NextChange(sthlm(2026, 11, 28, 23, 0))
	if !ch.At.Equal(sthlm(2026, 11, 29, 4, 0)) || ch.Opens {
		t.Errorf("NextChange Saturday night = %v, want close Sunday 04:00", ch)
	}
	sat := oneDay(t, c, "2026-11-28")
	if diff := cmp.Diff([]string{"22:00-02:00+1"}, wallSpans(sat)); diff != "" {
		t.Errorf("Saturday (-want +got):\n%s", diff)
	}
	if !sat.Intervals[0].ClosesAt.Equal(sthlm(2026, 11, 29, 2, 0)) {
		t.Errorf("overnight ClosesAt = %v", sat.Intervals[0].ClosesAt)
	}
	if got, want := c.Summary("sv", date("2026-11-23")), "måndag–tisdag 08.00–12.00, 13.00–16.00; onsdag–torsdag stängt; fredag–lördag 22.00–02.00; söndag 02.00–04.00"; got != want {
		t.Errorf("Summary = %q\nwant      %q", got, want)
	}
	if got, want := osmOf(c), "<null>"; got != want {
		t.Errorf("OSM = %q, want %q", got, want)
	}
}

func TestAdjacentWholeDays(t *testing.T) {
	c := compileT(t, Schedule{
		Channel:  "self_service",
		Rules:    []Rule{{Days: []string{"mon", "tue"}, Intervals: []Interval{iv("00:00", "24:00")}}},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular},
	})
	// Monday noon: the next change is Wednesday 00:00, not Tuesday 00:00.
	ch, ok := c.NextChange(sthlm(2026, 11, 23, 12, 0))
	if !ok || ch.Opens || !ch.At.Equal(sthlm(2026, 11, 25, 0, 0)) {
		t.Errorf("NextChange = %v %v", ch, ok)
	}
	ch, ok = c.NextChange(sthlm(2026, 11, 25, 0, 0))
	if !ok || !ch.Opens || !ch.At.Equal(sthlm(2026, 11, 30, 0, 0)) {
		t.Errorf("NextChange from close = %v %v", ch, ok)
	}
	if got := c.Summary("sv", date("2026-11-23")); got != "måndag–tisdag dygnet runt; onsdag–söndag stängt" {
		t.Errorf("Summary = %q", got)
	}
}

func TestSeasons(t *testing.T) {
	c := compileT(t, Schedule{
		Channel: "staffed",
		Rules: []Rule{
			{Days: weekdays(), Intervals: []Interval{iv("08:00", "17:00")}},
			{Days: []string{"sat"}, Intervals: []Interval{iv("10:00", "14:00")}},
			// Summer: weekdays shorter, Saturday not listed so closed.
			{Days: weekdays(), Intervals: []Interval{iv("09:00", "15:00")}, ValidFrom: "06-15", ValidTo: "08-15"},
			// Winter break wraps over new year.
			{Days: []string{"mon", "wed"}, Intervals: []Interval{iv("10:00", "12:00")}, ValidFrom: "12-20", ValidTo: "01-06"},
			// A fixed renovation period inside summer 2026 wins over the
			// recurring summer because it is shorter.
			{Days: []string{"tue"}, Intervals: []Interval{iv("12:00", "13:00")}, ValidFrom: "2026-07-01", ValidTo: "2026-07-31"},
			// New hours from 2027 onwards, open-ended.
			{Days: weekdays(), Intervals: []Interval{iv("07:00", "16:00")}, ValidFrom: "2027-09-01"},
		},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular},
	})
	cases := []struct {
		date  string
		src   Source
		spans []string
	}{
		{"2026-06-12", SourceRegular, []string{"08:00-17:00"}},  // Friday before summer
		{"2026-06-13", SourceRegular, []string{"10:00-14:00"}},  // Saturday before summer
		{"2026-06-15", SourceSeasonal, []string{"09:00-15:00"}}, // first summer day (inclusive)
		{"2026-06-20", SourceSeasonal, []string{}},              // Saturday in summer: closed
		{"2026-06-30", SourceSeasonal, []string{"09:00-15:00"}},
		{"2026-07-07", SourceSeasonal, []string{"12:00-13:00"}}, // Tuesday in renovation
		{"2026-07-08", SourceSeasonal, []string{}},              // Wednesday in renovation: not listed
		{"2026-08-03", SourceSeasonal, []string{"09:00-15:00"}},
		{"2026-08-15", SourceSeasonal, []string{}}, // last summer day is a Saturday
		{"2026-08-17", SourceRegular, []string{"08:00-17:00"}},
		{"2026-12-21", SourceSeasonal, []string{"10:00-12:00"}}, // Monday in winter break
		{"2026-12-22", SourceSeasonal, []string{}},
		{"2027-01-04", SourceSeasonal, []string{"10:00-12:00"}}, // after new year, still in break
		{"2027-01-06", SourceSeasonal, []string{"10:00-12:00"}}, // last day inclusive (Wednesday)
		{"2027-01-07", SourceRegular, []string{"08:00-17:00"}},
		{"2027-07-06", SourceSeasonal, []string{"09:00-15:00"}}, // renovation was 2026 only
		{"2027-09-01", SourceSeasonal, []string{"07:00-16:00"}}, // open-ended period starts
		{"2028-07-04", SourceSeasonal, []string{"09:00-15:00"}}, // summer beats the endless period
		{"2028-12-20", SourceSeasonal, []string{"10:00-12:00"}},
		{"2030-03-05", SourceSeasonal, []string{"07:00-16:00"}},
	}
	for _, tc := range cases {
		d := oneDay(t, c, tc.date)
		if d.Source != tc.src {
			t.Errorf("%s: Source = %s, want %s", tc.date, d.Source, tc.src)
		}
		if diff := cmp.Diff(tc.spans, wallSpans(d)); diff != "" {
			t.Errorf("%s spans (-want +got):\n%s", tc.date, diff)
		}
	}
	// Each weekday of the week takes the rules in force on that date: the
	// renovation starts on Wednesday 2026-07-01.
	if got, want := c.Summary("sv", date("2026-07-01")), "måndag–tisdag 09.00–15.00; onsdag–söndag stängt"; got != want {
		t.Errorf("Summary in week renovation starts = %q", got)
	}
	if got, want := c.Summary("sv", date("2026-07-12")), "måndag stängt; tisdag 12.00–13.00; onsdag–söndag stängt"; got != want {
		t.Errorf("Summary in renovation week = %q", got)
	}
	// The week of 2026-06-15 (Mon) is entirely summer.
	if got, want := c.Summary("sv", date("2026-06-17")), "måndag–fredag 09.00–15.00; lördag–söndag stängt"; got != want {
		t.Errorf("Summary in summer = %q", got)
	}
	if got, want := c.Summary("en", date("2026-03-02")), "Monday–Friday 08:00–17:00; Saturday 10:00–14:00; Sunday closed"; got != want {
		t.Errorf("Summary regular = %q", got)
	}
	if got, want := osmOf(c), "Mo-Fr 08:00-17:00; Sa 10:00-14:00; 2027 Sep 01-2027 Dec 31 off; 2027 Sep 01-2027 Dec 31 Mo-Fr 07:00-16:00; 2028+ off; 2028+ Mo-Fr 07:00-16:00; Jun 15-Aug 15 off; Jun 15-Aug 15 Mo-Fr 09:00-15:00; 2026 Jul 01-2026 Jul 31 off; 2026 Jul 01-2026 Jul 31 Tu 12:00-13:00; Dec 20-Jan 06 off; Dec 20-Jan 06 Mo,We 10:00-12:00"; got != want {
		t.Errorf("OSM = %q", got)
	}
}

func TestLeapDaySeason(t *testing.T) {
	c := compileT(t, Schedule{
		Channel: "staffed",
		Rules: []Rule{
			{Days: allDays(), Intervals: []Interval{iv("08:00", "09:00")}},
			{Days: allDays(), Intervals: []Interval{iv("10:00", "11:00")}, ValidFrom: "02-29", ValidTo: "03-02"},
		},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular},
	})
	for d, want := range map[string]Source{
		"2028-02-28": SourceRegular, "2028-02-29": SourceSeasonal, "2028-03-02": SourceSeasonal, "2028-03-03": SourceRegular,
		"2027-02-28": SourceRegular, "2027-03-01": SourceSeasonal,
	} {
		if got := oneDay(t, c, d).Source; got != want {
			t.Errorf("%s: %s, want %s", d, got, want)
		}
	}
}

func TestExceptionPrecedence(t *testing.T) {
	s := serviceCentre()
	s.Rules = append(s.Rules, Rule{Days: weekdays(), Intervals: []Interval{iv("09:00", "15:00")}, ValidFrom: "06-15", ValidTo: "08-15"})
	s.Exceptions = []Exception{
		// Open on Midsummer Eve despite the eves policy.
		{From: "2026-06-19", Intervals: []Interval{iv("10:00", "12:00")}, Reason: T("Extraöppet midsommarafton")},
		// Closed inside summer for stocktaking.
		{From: "2026-07-06", To: "2026-07-08", Closed: true, Reason: T("Stängt för inventering")},
		// Open on a public holiday (Christmas Day).
		{From: "2026-12-25", Intervals: []Interval{ovn("22:00", "01:00")}},
		// Open on a Sunday, which the rules close.
		{From: "2026-11-29", Intervals: []Interval{iv("11:00", "15:00")}, Reason: T("Julmarknad")},
	}
	c := compileT(t, s)
	cases := []struct {
		date   string
		src    Source
		reason string
		spans  []string
		hol    string
	}{
		{"2026-06-19", SourceException, "Extraöppet midsommarafton", []string{"10:00-12:00"}, "Midsommarafton"},
		{"2026-06-20", SourceHoliday, "Midsommardagen", []string{}, "Midsommardagen"},
		{"2026-07-06", SourceException, "Stängt för inventering", []string{}, ""},
		{"2026-07-08", SourceException, "Stängt för inventering", []string{}, ""},
		{"2026-07-09", SourceSeasonal, "", []string{"09:00-15:00"}, ""},
		{"2026-12-25", SourceException, "", []string{"22:00-01:00+1"}, "Juldagen"},
		{"2026-11-29", SourceException, "Julmarknad", []string{"11:00-15:00"}, ""},
	}
	for _, tc := range cases {
		d := oneDay(t, c, tc.date)
		hol := ""
		if d.Holiday != nil {
			hol = d.Holiday.Name
		}
		if d.Source != tc.src || d.Reason.SV != tc.reason || hol != tc.hol {
			t.Errorf("%s = %s %q holiday %q; want %s %q %q", tc.date, d.Source, d.Reason.SV, hol, tc.src, tc.reason, tc.hol)
		}
		if diff := cmp.Diff(tc.spans, wallSpans(d)); diff != "" {
			t.Errorf("%s spans (-want +got):\n%s", tc.date, diff)
		}
	}
	// The Christmas Day exception's overnight span is open early on Annandag jul.
	if !c.OpenAt(sthlm(2026, 12, 26, 0, 30)) || c.OpenAt(sthlm(2026, 12, 26, 1, 0)) {
		t.Error("exception overnight span not honoured")
	}
}

func TestEvesAndDayBefore(t *testing.T) {
	base := Schedule{
		Channel: "staffed",
		Rules: []Rule{
			{Days: weekdays(), Intervals: []Interval{iv("08:00", "12:00"), iv("13:00", "17:00")}},
			{Days: []string{"sat"}, Intervals: []Interval{iv("10:00", "14:00")}},
		},
	}
	t.Run("closeEarly", func(t *testing.T) {
		s := base
		s.Holidays.Eves = DayPolicy{Mode: ModeCloseEarly, ClosesAt: "13:30"}
		s.Holidays.DayBefore = DayPolicy{Mode: ModeCloseEarly, ClosesAt: "12:00"}
		c := compileT(t, s)
		cases := []struct {
			date, reason string
			src          Source
			spans        []string
		}{
			// Midsommarafton 2026 is a Friday: the second interval is clipped.
			{"2026-06-19", "Midsommarafton", SourceHoliday, []string{"08:00-12:00", "13:00-13:30"}},
			// Julafton 2026 is a Thursday.
			{"2026-12-24", "Julafton", SourceHoliday, []string{"08:00-12:00", "13:00-13:30"}},
			// Påskafton is a Saturday: 10–14 clipped to 10–13:30.
			{"2026-04-04", "Påskafton", SourceHoliday, []string{"10:00-13:30"}},
			// Nyårsafton 2028 is a Sunday, normally closed: closeEarly never opens it.
			{"2028-12-31", "Nyårsafton", SourceHoliday, []string{}},
			// Day before Kristi himmelsfärdsdag (Wed 2026-05-13): clipped at 12:00, the 13–17 interval is gone.
			{"2026-05-13", "Dag före Kristi himmelsfärdsdag", SourceHoliday, []string{"08:00-12:00"}},
			// Valborgsmässoafton 2026 (Thu 30 April) is the day before Första maj.
			{"2026-04-30", "Dag före första maj", SourceHoliday, []string{"08:00-12:00"}},
			// Skärtorsdagen: day before Långfredagen.
			{"2026-04-02", "Dag före långfredagen", SourceHoliday, []string{"08:00-12:00"}},
			// Påskdagen's day before is Påskafton (an eve, not a day before).
			// Annandag påsk's day before is Påskdagen, a holiday: closed as a holiday.
			{"2026-04-05", "Påskdagen", SourceHoliday, []string{}},
			// Day before Alla helgons dag 2026 (Sat 31 Oct) is Friday 30 Oct.
			{"2026-10-30", "Dag före alla helgons dag", SourceHoliday, []string{"08:00-12:00"}},
			// Day before Pingstdagen (Sun 2026-05-24) is Saturday 23: 10–14 clipped to 10–12.
			{"2026-05-23", "Dag före pingstdagen", SourceHoliday, []string{"10:00-12:00"}},
			// An ordinary day.
			{"2026-05-12", "", SourceRegular, []string{"08:00-12:00", "13:00-17:00"}},
		}
		for _, tc := range cases {
			d := oneDay(t, c, tc.date)
			if d.Source != tc.src || d.Reason.SV != tc.reason {
				t.Errorf("%s = %s %q; want %s %q", tc.date, d.Source, d.Reason.SV, tc.src, tc.reason)
			}
			if diff := cmp.Diff(tc.spans, wallSpans(d)); diff != "" {
				t.Errorf("%s spans (-want +got):\n%s", tc.date, diff)
			}
		}
		// The clipped span ends at the real instant of 13:30.
		d := oneDay(t, c, "2026-06-19")
		if !d.Intervals[1].ClosesAt.Equal(sthlm(2026, 6, 19, 13, 30)) {
			t.Errorf("clipped ClosesAt = %v", d.Intervals[1].ClosesAt)
		}
		if ch, _ := c.NextChange(sthlm(2026, 6, 19, 13, 10)); !ch.At.Equal(sthlm(2026, 6, 19, 13, 30)) || ch.Opens {
			t.Errorf("NextChange on eve = %v", ch)
		}
	})
	t.Run("closeEarly clips overnight", func(t *testing.T) {
		c := compileT(t, Schedule{
			Channel:  "phone",
			Rules:    []Rule{{Days: allDays(), Intervals: []Interval{iv("06:00", "08:00"), ovn("10:00", "01:00"), ovn("23:00", "05:00")}[1:2]}},
			Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular, Eves: DayPolicy{Mode: ModeCloseEarly, ClosesAt: "15:00"}},
		})
		d := oneDay(t, c, "2026-12-24")
		if diff := cmp.Diff([]string{"10:00-15:00"}, wallSpans(d)); diff != "" {
			t.Errorf("clipped overnight (-want +got):\n%s", diff)
		}
		if d.Intervals[0].Overnight {
			t.Error("clipped span still marked overnight")
		}
	})
	t.Run("hours and closed", func(t *testing.T) {
		s := base
		s.Holidays.Eves = DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("10:00", "13:00")}}
		s.Holidays.DayBefore = DayPolicy{Mode: ModeClosed}
		c := compileT(t, s)
		// Nyårsafton 2028 is a Sunday; "hours" does open it.
		if diff := cmp.Diff([]string{"10:00-13:00"}, wallSpans(oneDay(t, c, "2028-12-31"))); diff != "" {
			t.Errorf("eve hours (-want +got):\n%s", diff)
		}
		if d := oneDay(t, c, "2026-06-05"); !d.Closed() || d.Reason.SV != "Dag före Sveriges nationaldag" || d.Holiday != nil {
			t.Errorf("day before national day = %+v", d)
		}
		// 5 January: day before Trettondedag jul.
		if d := oneDay(t, c, "2026-01-05"); !d.Closed() || d.Reason.SV != "Dag före trettondedag jul" {
			t.Errorf("Trettondagsafton = %+v", d)
		}
		// 23 December is the day before an eve, not before a public holiday.
		if d := oneDay(t, c, "2026-12-23"); d.Source != SourceRegular {
			t.Errorf("23 December = %+v", d)
		}
	})
	t.Run("regular eves keep the weekly hours", func(t *testing.T) {
		c := compileT(t, base)
		d := oneDay(t, c, "2026-06-19")
		if d.Source != SourceRegular || d.Reason.SV != "" || d.Holiday == nil || len(d.Intervals) != 2 {
			t.Errorf("eve with regular policy = %+v", d)
		}
		// Public holidays are closed by default.
		if d := oneDay(t, c, "2026-05-01"); !d.Closed() || d.Source != SourceHoliday {
			t.Errorf("Första maj = %+v", d)
		}
	})
}

func TestDaysRange(t *testing.T) {
	c := compileT(t, serviceCentre())
	days := c.Days(date("2026-12-20"), date("2027-01-10"))
	if len(days) != 22 {
		t.Fatalf("got %d days", len(days))
	}
	for i, d := range days {
		if d.Date != date("2026-12-20").AddDays(i) {
			t.Fatalf("day %d is %s", i, d.Date)
		}
	}
	if got := c.Days(date("2026-12-20"), date("2026-12-19")); got != nil {
		t.Errorf("reversed range = %v", got)
	}
	// Appending to one day's spans must not clobber the next day's.
	days[1].Intervals = append(days[1].Intervals, Span{Opens: "x"})
	if days[2].Intervals[0].Opens != "07:30" {
		t.Error("day slices share capacity")
	}
}
