package hours

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// policyDay is a date of one kind, with the reason the holiday policy gives
// it. The 2027 Easter dates lie on and around the spring-forward night
// (påskdagen 2027 is 28 March); the fall-back nights (25 October 2026, 31
// October 2027) are ordinary Sundays, tested with exceptions.
type policyDay struct {
	date, reason string
	kind         Kind
}

var policyKinds = []struct {
	name string
	set  func(h *HolidayPolicy, p DayPolicy)
	days []policyDay
}{
	{"public holidays", func(h *HolidayPolicy, p DayPolicy) { h.Public = p }, []policyDay{
		{"2026-04-05", "Påskdagen", KindPublic},
		{"2026-10-31", "Alla helgons dag", KindPublic},
		{"2027-03-28", "Påskdagen", KindPublic},
		{"2027-11-06", "Alla helgons dag", KindPublic},
	}},
	{"eves", func(h *HolidayPolicy, p DayPolicy) { h.Eves = p }, []policyDay{
		{"2026-04-04", "Påskafton", KindEve},
		{"2026-12-24", "Julafton", KindEve},
		{"2027-03-27", "Påskafton", KindEve},
		{"2027-12-31", "Nyårsafton", KindEve},
	}},
	{"days before holidays", func(h *HolidayPolicy, p DayPolicy) { h.DayBefore = p }, []policyDay{
		{"2026-04-02", "Dag före långfredagen", KindDayBefore},
		{"2026-10-30", "Dag före alla helgons dag", KindDayBefore},
		{"2027-03-25", "Dag före långfredagen", KindDayBefore},
		{"2027-11-05", "Dag före alla helgons dag", KindDayBefore},
	}},
}

// policyActions are the four actions, each with the wall spans it gives a
// day whose normal hours are normal.
var policyActions = []struct {
	name   string
	policy DayPolicy
	spans  func(normal []string) []string
}{
	{"closed", DayPolicy{Mode: ModeClosed}, func([]string) []string { return nil }},
	{"regular", DayPolicy{Mode: ModeRegular}, func(n []string) []string { return n }},
	{"own hours", DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("01:00", "04:00"), iv("10:00", "14:00")}},
		func([]string) []string { return []string{"01:00-04:00", "10:00-14:00"} }},
	{"close early", DayPolicy{Mode: ModeCloseEarly, ClosesAt: "12:00"}, func(n []string) []string {
		out := []string{}
		for _, s := range n {
			switch s {
			case "08:00-17:00":
				out = append(out, "08:00-12:00")
			case "09:00-15:00":
				out = append(out, "09:00-12:00")
			default:
				out = append(out, s) // 01:00-04:00 ends before 12:00
			}
		}
		return out
	}},
}

// baseWeek opens every day 01:00–04:00 (through the daylight-saving hour)
// and 08:00–17:00.
func baseWeek() []Rule {
	return []Rule{{Days: allDays(), Intervals: []Interval{iv("01:00", "04:00"), iv("08:00", "17:00")}}}
}

// realHours sums a day's spans in real time.
func realHours(d Day) time.Duration {
	var sum time.Duration
	for _, s := range d.Intervals {
		sum += s.ClosesAt.Sub(s.OpensAt)
	}
	return sum
}

// dstNight reports whether 01:00–04:00 on d lasts 2 (spring) or 4 (autumn)
// real hours instead of 3.
func dstNight(d string) time.Duration {
	switch d {
	case "2026-03-29", "2027-03-28":
		return -time.Hour
	case "2026-10-25", "2027-10-31":
		return time.Hour
	}
	return 0
}

func wantReal(spans []string, d string) time.Duration {
	var sum time.Duration
	for _, s := range spans {
		o, _ := parseHHMM(s[:5], false)
		c, _ := parseHHMM(s[6:], true)
		sum += time.Duration(c-o) * time.Minute
		if s[:5] == "01:00" {
			sum += dstNight(d)
		}
	}
	return sum
}

func checkDay(t *testing.T, c *Compiled, d policyDay, src Source, reason string, want []string) {
	t.Helper()
	got := oneDay(t, c, d.date)
	if want == nil {
		want = []string{}
	}
	if diff := cmp.Diff(want, wallSpans(got)); diff != "" {
		t.Errorf("%s spans (-want +got):\n%s", d.date, diff)
	}
	if got.Kind != d.kind || got.Source != src || got.Reason.SV != reason {
		t.Errorf("%s = kind %s source %s reason %q; want %s %s %q", d.date, got.Kind, got.Source, got.Reason.SV, d.kind, src, reason)
	}
	if r, w := realHours(got), wantReal(want, d.date); r != w {
		t.Errorf("%s lasts %v in real time, want %v", d.date, r, w)
	}
	switch d.kind {
	case KindPublic, KindEve:
		if got.Holiday == nil || got.Before != nil {
			t.Errorf("%s holiday = %v, before = %v", d.date, got.Holiday, got.Before)
		}
	case KindDayBefore:
		if got.Holiday != nil || got.Before == nil || !got.Before.Public || got.Before.Date != date(d.date).AddDays(1) {
			t.Errorf("%s holiday = %v, before = %+v", d.date, got.Holiday, got.Before)
		}
	}
}

// TestPolicyMatrix applies each action to each kind of day, on dates of
// 2026 and 2027 around both daylight-saving nights, under the regular week
// and under a season, and checks that exceptions still win.
func TestPolicyMatrix(t *testing.T) {
	normal := []string{"01:00-04:00", "08:00-17:00"}
	seasonNormal := []string{"01:00-04:00", "09:00-15:00"}
	for _, k := range policyKinds {
		for _, a := range policyActions {
			t.Run(k.name+"/"+a.name, func(t *testing.T) {
				s := Schedule{Channel: "staffed", Rules: baseWeek()}
				s.Holidays.Public = DayPolicy{Mode: ModeRegular}
				k.set(&s.Holidays, a.policy)
				c := compileT(t, s)
				src, reason := SourceHoliday, ""
				for _, d := range k.days {
					reason = d.reason
					if a.policy.Mode == ModeRegular {
						src, reason = SourceRegular, ""
					}
					checkDay(t, c, d, src, reason, a.spans(normal))
				}

				// A season covering every date: the policy acts on the
				// season's hours, and "regular" gives the season.
				s.Rules = append(baseWeek(), Rule{Days: allDays(), Intervals: []Interval{iv("01:00", "04:00"), iv("09:00", "15:00")}, ValidFrom: "01-01", ValidTo: "12-31"})
				c = compileT(t, s)
				for _, d := range k.days {
					src, reason = SourceHoliday, d.reason
					if a.policy.Mode == ModeRegular {
						src, reason = SourceSeasonal, ""
					}
					checkDay(t, c, d, src, reason, a.spans(seasonNormal))
				}

				// An exception on each date wins over the policy; so it does on
				// the fall-back nights.
				days := append(slices.Clone(k.days), policyDay{"2026-10-25", "", KindOrdinary}, policyDay{"2027-10-31", "", KindOrdinary})
				for _, d := range days {
					s.Exceptions = append(s.Exceptions, Exception{From: d.date, Intervals: []Interval{iv("01:00", "04:00"), iv("10:00", "11:00")}, Reason: T("Extra")})
				}
				c = compileT(t, s)
				for _, d := range days {
					checkDay(t, c, d, SourceException, "Extra", []string{"01:00-04:00", "10:00-11:00"})
				}
			})
		}
	}
}

// TestOverrides checks each action as an override of each holiday and eve
// key against every general policy: the override decides its own date
// only, beats the general policy and seasons, and loses to exceptions.
func TestOverrides(t *testing.T) {
	normal := []string{"01:00-04:00", "08:00-17:00"}
	general := DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("11:00", "12:00")}}
	for _, y := range []int{2026, 2027} {
		for _, h := range SwedishHolidays(y) {
			for _, a := range policyActions {
				s := Schedule{Channel: "staffed", Rules: baseWeek()}
				s.Holidays = HolidayPolicy{Public: general, Eves: general, Overrides: []HolidayOverride{{Day: h.Key, DayPolicy: a.policy}}}
				c := compileT(t, s)
				kind := KindEve
				if h.Public {
					kind = KindPublic
				}
				d := policyDay{h.Date.String(), h.Name, kind}
				src, reason := SourceHoliday, h.Name
				if a.policy.Mode == ModeRegular {
					src, reason = SourceRegular, ""
				}
				checkDay(t, c, d, src, reason, a.spans(normal))
				// Every other holiday keeps the general policy.
				for _, o := range SwedishHolidays(y) {
					if o.Key == h.Key || o.Date == h.Date {
						continue
					}
					if got := wallSpans(oneDay(t, c, o.Date.String())); !slices.Equal(got, []string{"11:00-12:00"}) {
						t.Errorf("override of %s: %s %s = %v, want the general 11:00-12:00", h.Key, o.Key, o.Date, got)
					}
				}
				// Under a season covering the date the override acts on the
				// season's hours.
				s.Rules = append(baseWeek(), Rule{Days: allDays(), Intervals: []Interval{iv("01:00", "04:00"), iv("09:00", "15:00")}, ValidFrom: "01-01", ValidTo: "12-31"})
				c = compileT(t, s)
				if a.policy.Mode == ModeRegular {
					src = SourceSeasonal
				}
				checkDay(t, c, d, src, reason, a.spans([]string{"01:00-04:00", "09:00-15:00"}))
				// An exception still wins.
				s.Exceptions = []Exception{{From: h.Date.String(), Closed: true, Reason: T("Stängt")}}
				c = compileT(t, s)
				checkDay(t, c, d, SourceException, "Stängt", nil)
			}
		}
	}
}

func TestOverrideCoincidingHolidays(t *testing.T) {
	// 2008: Kristi himmelsfärdsdag on första maj. An override of either
	// decides the day; with both, the first in calendar order.
	base := Schedule{Channel: "staffed", Rules: baseWeek()}
	for _, tc := range []struct {
		overrides []HolidayOverride
		want      []string
		reason    string
	}{
		{[]HolidayOverride{{Day: "kristi_himmelsfardsdag", DayPolicy: DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("10:00", "11:00")}}}}, []string{"10:00-11:00"}, "Kristi himmelsfärdsdag"},
		{[]HolidayOverride{
			{Day: "kristi_himmelsfardsdag", DayPolicy: DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("10:00", "11:00")}}},
			{Day: "forsta_maj", DayPolicy: DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("12:00", "13:00")}}},
		}, []string{"12:00-13:00"}, "Första maj"},
		{nil, []string{}, "Första maj"},
	} {
		s := base
		s.Holidays.Overrides = tc.overrides
		d := oneDay(t, compileT(t, s), "2008-05-01")
		if diff := cmp.Diff(tc.want, wallSpans(d)); diff != "" || d.Reason.SV != tc.reason || d.Kind != KindPublic {
			t.Errorf("%v: %v %q %s", tc.overrides, wallSpans(d), d.Reason.SV, d.Kind)
		}
	}
}

func TestKindOnEveryDate(t *testing.T) {
	// Kinds are reported whatever the policy does, also when it does nothing.
	c := compileT(t, Schedule{Channel: "staffed", Rules: baseWeek(), Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular}})
	days := c.Days(date("2026-01-01"), date("2027-12-31"))
	count := map[Kind]int{}
	for _, d := range days {
		count[d.Kind]++
		if d.Source != SourceRegular || !d.Reason.IsZero() {
			t.Errorf("%s: source %s reason %q under a regular policy", d.Date, d.Source, d.Reason.SV)
		}
	}
	// 13 public holidays and 4 eves a year.
	if count[KindPublic] != 26 || count[KindEve] != 8 {
		t.Errorf("kinds = %v", count)
	}
	for _, d := range []struct {
		date string
		kind Kind
	}{
		{"2026-12-23", KindOrdinary}, {"2026-12-24", KindEve}, {"2026-12-25", KindPublic}, {"2026-12-26", KindPublic},
		{"2026-01-05", KindDayBefore}, {"2026-06-05", KindDayBefore}, {"2026-06-06", KindPublic},
		{"2026-04-30", KindDayBefore}, {"2026-10-30", KindDayBefore}, {"2026-06-20", KindPublic},
	} {
		if got := oneDay(t, c, d.date).Kind; got != d.kind {
			t.Errorf("%s kind = %s, want %s", d.date, got, d.kind)
		}
	}
}

func TestHolidaysBefore2005(t *testing.T) {
	keys := func(y int) []string {
		var out []string
		for _, h := range SwedishHolidays(y) {
			out = append(out, h.Key)
		}
		return out
	}
	k2004, k2005 := keys(2004), keys(2005)
	if !slices.Contains(k2004, "annandag_pingst") || slices.Contains(k2004, "nationaldagen") {
		t.Errorf("2004 = %v, want annandag pingst and no national day", k2004)
	}
	if slices.Contains(k2005, "annandag_pingst") || !slices.Contains(k2005, "nationaldagen") {
		t.Errorf("2005 = %v, want the national day and no annandag pingst", k2005)
	}
	// Annandag pingst 2004 was 31 May; 6 June 2004 an ordinary Sunday.
	if h, ok := HolidayOn(date("2004-05-31")); !ok || h.Name != "Annandag pingst" || !h.Public {
		t.Errorf("2004-05-31 = %+v, %v", h, ok)
	}
	if _, ok := HolidayOn(date("2004-06-06")); ok {
		t.Error("6 June 2004 is a holiday")
	}
	c := compileT(t, Schedule{Channel: "staffed", Rules: baseWeek(), Holidays: HolidayPolicy{DayBefore: DayPolicy{Mode: ModeClosed}}})
	if d := oneDay(t, c, "2004-05-30"); d.Kind != KindPublic || d.Reason.SV != "Pingstdagen" {
		t.Errorf("pingstdagen 2004 = %+v", d)
	}
	if d := oneDay(t, c, "2004-06-05"); d.Kind != KindOrdinary {
		t.Errorf("5 June 2004 = %s", d.Kind)
	}
	if d := oneDay(t, c, "2026-06-05"); d.Reason.SV != "Dag före Sveriges nationaldag" || d.Reason.EN != "Day before National Day of Sweden" {
		t.Errorf("5 June 2026 reason = %+v", d.Reason)
	}
}

func TestNamesInPhrases(t *testing.T) {
	c := compileT(t, Schedule{Channel: "staffed", Rules: baseWeek(), Holidays: HolidayPolicy{DayBefore: DayPolicy{Mode: ModeClosed}}})
	for date, want := range map[string]string{
		"2026-01-05": "Dag före trettondedag jul",
		"2026-04-02": "Dag före långfredagen",
		"2026-04-30": "Dag före första maj",
		"2026-05-13": "Dag före Kristi himmelsfärdsdag",
		"2026-05-23": "Dag före pingstdagen",
		"2026-06-05": "Dag före Sveriges nationaldag",
		"2026-10-30": "Dag före alla helgons dag",
	} {
		if got := oneDay(t, c, date).Reason.SV; got != want {
			t.Errorf("%s = %q, want %q", date, got, want)
		}
	}
}

func TestStoredFormBackwardCompatible(t *testing.T) {
	// Schedules stored before labels and reasons had languages and before
	// public holidays took a day policy.
	old := `{"channel":"staffed","label":"Meröppet","rules":[{"days":["mon"],"intervals":[{"opens":"08:00","closes":"16:00"}]}],
	  "exceptions":[{"from":"2026-03-02","closed":true,"reason":"Inventering"}],
	  "holidays":{"publicHolidays":"regular","eves":{"mode":"closed"},"dayBefore":{}}}`
	var s Schedule
	if err := json.Unmarshal([]byte(old), &s); err != nil {
		t.Fatal(err)
	}
	if s.Label != T("Meröppet") || s.Exceptions[0].Reason != T("Inventering") || s.Holidays.PublicHolidays != "regular" {
		t.Fatalf("read %+v", s)
	}
	c := compileT(t, s)
	if d := oneDay(t, c, "2026-04-06"); d.Source != SourceRegular || len(d.Intervals) != 1 {
		t.Errorf("annandag påsk under the old regular form = %+v", d)
	}
	// Written back, it takes the new form and reads the same.
	b, _ := json.Marshal(s)
	var again Schedule
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, again); diff != "" {
		t.Errorf("round trip (-first +again):\n%s\n%s", diff, b)
	}
	nw := `{"channel":"staffed","label":{"sv":"Meröppet","en":"Extended hours"},"rules":[],
	  "holidays":{"public":{"mode":"hours","intervals":[{"opens":"11:00","closes":"16:00"}]},"overrides":[{"day":"juldagen","mode":"closed"}]}}`
	s = Schedule{}
	if err := json.Unmarshal([]byte(nw), &s); err != nil {
		t.Fatal(err)
	}
	c = compileT(t, s)
	if c.Label().In("en") != "Extended hours" || c.Label().In("sv") != "Meröppet" {
		t.Errorf("label = %+v", c.Label())
	}
	if got := wallSpans(oneDay(t, c, "2026-12-26")); !slices.Equal(got, []string{"11:00-16:00"}) {
		t.Errorf("annandag jul = %v", got)
	}
	if d := oneDay(t, c, "2026-12-25"); !d.Closed() || d.Reason.In("en") != "Christmas Day" {
		t.Errorf("juldagen = %+v", d)
	}
}

func TestTextFallback(t *testing.T) {
	for _, tc := range []struct {
		t            Text
		locale, want string
	}{
		{Text{SV: "Stängt", EN: "Closed"}, "en", "Closed"},
		{Text{SV: "Stängt", EN: "Closed"}, "en-GB", "Closed"},
		{Text{SV: "Stängt", EN: "Closed"}, "sv", "Stängt"},
		{Text{SV: "Stängt"}, "en", "Stängt"},
		{Text{SV: "Stängt", EN: "Closed"}, "de", "Stängt"},
	} {
		if got := tc.t.In(tc.locale); got != tc.want {
			t.Errorf("%+v.In(%q) = %q, want %q", tc.t, tc.locale, got, tc.want)
		}
	}
}
