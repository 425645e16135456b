package graph_test

import (
	"fmt"
	"strings"
	"testing"
)

func weekdays(intervals ...map[string]any) map[string]any {
	return map[string]any{"days": []string{"mon", "tue", "wed", "thu", "fri"}, "intervals": intervals}
}

func interval(opens, closes string) map[string]any {
	return map[string]any{"opens": opens, "closes": closes}
}

const previewQuery = `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) {
	channel timeZone summary(includeClosed: true) osm days(from: "2026-12-24", to: "2026-12-25") { date closed reason } } }`

func TestPreviewOpeningHours(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got struct {
		PreviewOpeningHours struct {
			Channel, TimeZone, Summary, Osm string
			Days                            []struct {
				Date   string
				Closed bool
				Reason string
			}
		}
	}
	b.query(t, previewQuery, map[string]any{"s": map[string]any{
		"channel": "phone",
		"rules":   []any{weekdays(interval("08:00", "12:00"), interval("13:00", "16:00"))},
	}}, &got)
	p := got.PreviewOpeningHours
	if p.Summary != "måndag–fredag 08.00–12.00, 13.00–16.00; lördag–söndag stängt" || p.TimeZone != "Europe/Stockholm" {
		t.Errorf("preview = %+v", p)
	}
	if len(p.Days) != 2 || !p.Days[1].Closed || p.Days[1].Reason != "Juldagen" {
		t.Errorf("days = %+v, want Christmas Day closed", p.Days)
	}
}

// Each rule of a valid schedule, broken once: BAD_USER_INPUT naming the field.
func TestPreviewOpeningHoursInvalid(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name     string
		schedule map[string]any
		field    string
	}{
		{"time not HH:MM", map[string]any{"channel": "staffed", "rules": []any{weekdays(interval("7.30", "17:00"))}},
			"schedule.rules[0].intervals[0].opens"},
		{"24:00 only as closing", map[string]any{"channel": "staffed", "rules": []any{weekdays(interval("24:00", "24:00"))}},
			"schedule.rules[0].intervals[0].opens"},
		{"closes before opens", map[string]any{"channel": "staffed", "rules": []any{weekdays(interval("17:00", "07:30"))}},
			"schedule.rules[0].intervals[0].closes"},
		{"past midnight said explicitly", map[string]any{"channel": "staffed", "rules": []any{weekdays(
			map[string]any{"opens": "22:00", "closes": "02:00", "overnight": true})}}, ""},
		{"overlapping intervals", map[string]any{"channel": "staffed", "rules": []any{
			weekdays(interval("08:00", "12:00")),
			map[string]any{"days": []string{"wed"}, "intervals": []any{interval("11:00", "13:00")}}}},
			"schedule.rules[1].intervals[0]"},
		{"overlapping exceptions", map[string]any{"channel": "staffed", "rules": []any{weekdays(interval("08:00", "12:00"))},
			"exceptions": []any{
				map[string]any{"from": "2026-12-01", "to": "2026-12-05", "closed": true, "reason": "Stängt för inventering"},
				map[string]any{"from": "2026-12-04", "closed": true}}},
			"schedule.exceptions[1].from"},
		{"unknown time zone", map[string]any{"channel": "staffed", "timeZone": "Europe/Karlskoga", "rules": []any{weekdays(interval("08:00", "12:00"))}},
			"schedule.timeZone"},
		{"unknown weekday", map[string]any{"channel": "staffed", "rules": []any{
			map[string]any{"days": []string{"mån"}, "intervals": []any{interval("08:00", "12:00")}}}},
			"schedule.rules[0].days[0]"},
		{"close early without a time", map[string]any{"channel": "staffed", "rules": []any{weekdays(interval("08:00", "12:00"))},
			"holidayPolicy": map[string]any{"dayBefore": map[string]any{"mode": "closeEarly"}}},
			"schedule.holidayPolicy.dayBefore.closesAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.do(t, previewQuery, map[string]any{"s": tt.schedule})
			if tt.field == "" {
				if len(r.Errors) > 0 {
					t.Fatalf("errors = %+v, want none", r.Errors)
				}
				return
			}
			if len(r.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions.Code != "BAD_USER_INPUT" || e.Extensions.Field != tt.field || strings.TrimSpace(e.Message) == "" {
				t.Errorf("error = %q code %q field %q, want BAD_USER_INPUT on %s", e.Message, e.Extensions.Code, e.Extensions.Field, tt.field)
			}
			if string(r.Data) != "null" {
				t.Errorf("data = %s, want null", r.Data)
			}
		})
	}
}

// validSchedule is a schedule the field cases below extend or break.
func validSchedule(extra map[string]any) map[string]any {
	s := map[string]any{"channel": "staffed", "rules": []any{weekdays(interval("08:00", "16:00"))}}
	for k, v := range extra {
		s[k] = v
	}
	return s
}

func policy(fields map[string]any) map[string]any {
	return map[string]any{"holidayPolicy": fields}
}

func overrides(os ...map[string]any) map[string]any {
	return policy(map[string]any{"overrides": os})
}

// Each field of the schedule input added for holiday hours, overrides and
// two languages: a valid value is accepted, an invalid one is refused with
// BAD_USER_INPUT naming the field.
func TestPreviewOpeningHoursNewFields(t *testing.T) {
	t.Parallel()
	b := setup(t)
	long := strings.Repeat("x", 201)
	exception := func(fields map[string]any) map[string]any {
		e := map[string]any{"from": "2026-03-02", "closed": true}
		for k, v := range fields {
			e[k] = v
		}
		return map[string]any{"exceptions": []any{e}}
	}
	tests := []struct {
		name     string
		schedule map[string]any
		field    string
	}{
		{"label", validSchedule(map[string]any{"label": "Meröppet"}), ""},
		{"label too long", validSchedule(map[string]any{"label": long}), "schedule.label"},
		{"labelEn", validSchedule(map[string]any{"label": "Meröppet", "labelEn": "Extended hours"}), ""},
		{"labelEn without label", validSchedule(map[string]any{"labelEn": "Extended hours"}), "schedule.label"},
		{"labelEn too long", validSchedule(map[string]any{"label": "Meröppet", "labelEn": long}), "schedule.labelEn"},
		{"reason", validSchedule(exception(map[string]any{"reason": "Inventering"})), ""},
		{"reason too long", validSchedule(exception(map[string]any{"reason": long})), "schedule.exceptions[0].reason"},
		{"reasonEn", validSchedule(exception(map[string]any{"reason": "Inventering", "reasonEn": "Stocktaking"})), ""},
		{"reasonEn without reason", validSchedule(exception(map[string]any{"reasonEn": "Stocktaking"})), "schedule.exceptions[0].reason"},
		{"reasonEn too long", validSchedule(exception(map[string]any{"reason": "Inventering", "reasonEn": long})), "schedule.exceptions[0].reasonEn"},
		{"public own hours", validSchedule(policy(map[string]any{"public": map[string]any{"mode": "hours", "intervals": []any{interval("11:00", "16:00")}}})), ""},
		{"public close early", validSchedule(policy(map[string]any{"public": map[string]any{"mode": "closeEarly", "closesAt": "12:00"}})), ""},
		{"public mode", validSchedule(policy(map[string]any{"public": map[string]any{"mode": "open"}})), "schedule.holidayPolicy.public.mode"},
		{"public intervals", validSchedule(policy(map[string]any{"public": map[string]any{"mode": "hours", "intervals": []any{interval("16:00", "11:00")}}})),
			"schedule.holidayPolicy.public.intervals[0].closes"},
		{"public intervals missing", validSchedule(policy(map[string]any{"public": map[string]any{"mode": "hours"}})), "schedule.holidayPolicy.public.intervals"},
		{"public closesAt", validSchedule(policy(map[string]any{"public": map[string]any{"mode": "closeEarly", "closesAt": "noon"}})), "schedule.holidayPolicy.public.closesAt"},
		{"publicHolidays still read", validSchedule(policy(map[string]any{"publicHolidays": "regular"})), ""},
		{"publicHolidays with public", validSchedule(policy(map[string]any{"publicHolidays": "regular", "public": map[string]any{"mode": "closed"}})),
			"schedule.holidayPolicy.publicHolidays"},
		{"override", validSchedule(overrides(map[string]any{"day": "annandag_jul", "mode": "hours", "intervals": []any{interval("10:00", "16:00")}})), ""},
		{"override day", validSchedule(overrides(map[string]any{"day": "Annandag jul", "mode": "closed"})), "schedule.holidayPolicy.overrides[0].day"},
		{"override day twice", validSchedule(overrides(map[string]any{"day": "julafton", "mode": "closed"}, map[string]any{"day": "julafton", "mode": "regular"})),
			"schedule.holidayPolicy.overrides[1].day"},
		{"override mode", validSchedule(overrides(map[string]any{"day": "julafton", "mode": "shut"})), "schedule.holidayPolicy.overrides[0].mode"},
		{"override mode empty", validSchedule(overrides(map[string]any{"day": "julafton", "mode": ""})), "schedule.holidayPolicy.overrides[0].mode"},
		{"override intervals", validSchedule(overrides(map[string]any{"day": "julafton", "mode": "hours", "intervals": []any{interval("8:00", "12:00")}})),
			"schedule.holidayPolicy.overrides[0].intervals[0].opens"},
		{"override intervals without hours", validSchedule(overrides(map[string]any{"day": "julafton", "mode": "closed", "intervals": []any{interval("08:00", "12:00")}})),
			"schedule.holidayPolicy.overrides[0].intervals"},
		{"override closesAt", validSchedule(overrides(map[string]any{"day": "nyarsafton", "mode": "closeEarly", "closesAt": "24:30"})),
			"schedule.holidayPolicy.overrides[0].closesAt"},
		{"override closesAt valid", validSchedule(overrides(map[string]any{"day": "nyarsafton", "mode": "closeEarly", "closesAt": "13:00"})), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.do(t, previewQuery, map[string]any{"s": tt.schedule})
			if tt.field == "" {
				if len(r.Errors) > 0 {
					t.Fatalf("errors = %+v, want none", r.Errors)
				}
				return
			}
			if len(r.Errors) != 1 {
				t.Fatalf("errors = %+v, want one", r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions.Code != "BAD_USER_INPUT" || e.Extensions.Field != tt.field || strings.TrimSpace(e.Message) == "" {
				t.Errorf("error = %q code %q field %q, want BAD_USER_INPUT on %s", e.Message, e.Extensions.Code, e.Extensions.Field, tt.field)
			}
			if string(r.Data) != "null" {
				t.Errorf("data = %s, want null", r.Data)
			}
		})
	}
}

// A swimming hall's year through the preview: holiday hours, overrides,
// kinds of day, both languages, another week's summary, the next deviation
// and the OSM string.
func TestPreviewHolidayYear(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const q = `query($s: OpeningHoursInput!) { p: previewOpeningHours(schedule: $s) {
		label labelEn: label(locale: "en")
		days(from: "2026-12-23", to: "2026-12-27") { date kind source reason intervals { opens closes } holiday { key name } before { key } }
		daysEn: days(from: "2026-12-24", to: "2026-12-24", locale: "en") { reason }
		summer: summary(week: "2026-07-01", includeClosed: true)
		summerEn: summary(week: "2026-07-01", locale: "en")
		next: nextDeviation(from: "2026-12-20") { from to closed reason line lineEn: line(locale: "en") days { date } }
		none: nextDeviation(from: "2026-05-15", within: 5) { from }
		osm } }`
	s := map[string]any{
		"channel": "staffed", "label": "Simhallen", "labelEn": "Swimming hall",
		"rules": []any{
			map[string]any{"days": []string{"mon", "tue", "wed", "thu", "fri"}, "intervals": []any{interval("06:30", "20:00")}},
			map[string]any{"days": []string{"sat", "sun"}, "intervals": []any{interval("09:00", "16:00")}},
			map[string]any{"days": []string{"mon", "tue", "wed", "thu", "fri"}, "intervals": []any{interval("09:00", "18:00")}, "validFrom": "06-15", "validTo": "08-15"},
		},
		"holidayPolicy": map[string]any{
			"public":    map[string]any{"mode": "closed"},
			"dayBefore": map[string]any{"mode": "closeEarly", "closesAt": "18:00"},
			"overrides": []any{
				map[string]any{"day": "annandag_jul", "mode": "hours", "intervals": []any{interval("10:00", "16:00")}},
				map[string]any{"day": "julafton", "mode": "hours", "intervals": []any{interval("08:00", "12:00")}},
			},
		},
	}
	var got struct {
		P struct {
			Label, LabelEn string
			Days           []struct {
				Date, Kind, Source string
				Reason             *string
				Intervals          []struct{ Opens, Closes string }
				Holiday            *struct{ Key, Name string }
				Before             *struct{ Key string }
			}
			DaysEn           []struct{ Reason string }
			Summer, SummerEn string
			Next             *struct {
				From, To, Reason, Line, LineEn string
				Closed                         bool
				Days                           []struct{ Date string }
			}
			None *struct{ From string }
			Osm  *string
		}
	}
	b.query(t, q, map[string]any{"s": s}, &got)
	p := got.P
	if p.Label != "Simhallen" || p.LabelEn != "Swimming hall" {
		t.Errorf("labels = %q, %q", p.Label, p.LabelEn)
	}
	type day struct{ date, kind, source, reason, hours, holiday, before string }
	var days []day
	for _, d := range p.Days {
		x := day{date: d.Date, kind: d.Kind, source: d.Source}
		if d.Reason != nil {
			x.reason = *d.Reason
		}
		for _, iv := range d.Intervals {
			x.hours += iv.Opens + "-" + iv.Closes + " "
		}
		if d.Holiday != nil {
			x.holiday = d.Holiday.Key
		}
		if d.Before != nil {
			x.before = d.Before.Key
		}
		days = append(days, x)
	}
	want := []day{
		{"2026-12-23", "ORDINARY", "REGULAR", "", "06:30-20:00 ", "", ""},
		{"2026-12-24", "EVE", "HOLIDAY", "Julafton", "08:00-12:00 ", "julafton", ""},
		{"2026-12-25", "PUBLIC_HOLIDAY", "HOLIDAY", "Juldagen", "", "juldagen", ""},
		{"2026-12-26", "PUBLIC_HOLIDAY", "HOLIDAY", "Annandag jul", "10:00-16:00 ", "annandag_jul", ""},
		{"2026-12-27", "ORDINARY", "REGULAR", "", "09:00-16:00 ", "", ""},
	}
	if fmt.Sprint(days) != fmt.Sprint(want) {
		t.Errorf("days =\n%v\nwant\n%v", days, want)
	}
	if len(p.DaysEn) != 1 || p.DaysEn[0].Reason != "Christmas Eve" {
		t.Errorf("English days = %+v", p.DaysEn)
	}
	if p.Summer != "måndag–fredag 09.00–18.00; lördag–söndag stängt" || p.SummerEn != "Monday–Friday 09:00–18:00" {
		t.Errorf("summer = %q / %q", p.Summer, p.SummerEn)
	}
	if n := p.Next; n == nil || n.From != "2026-12-24" || n.To != "2026-12-24" || n.Line != "Julafton 08.00–12.00" || n.LineEn != "Christmas Eve 08:00–12:00" || n.Closed || n.Reason != "Julafton" || len(n.Days) != 1 {
		t.Errorf("nextDeviation = %+v", n)
	}
	if p.None != nil {
		t.Errorf("nextDeviation in an ordinary week = %+v", p.None)
	}
	if p.Osm == nil || !strings.Contains(*p.Osm, "Dec 26 10:00-16:00") || !strings.Contains(*p.Osm, "PH off") {
		t.Errorf("osm = %v", p.Osm)
	}

	// Overnight hours with holidays closed cannot be said in OSM: null.
	var night struct{ P struct{ Osm *string } }
	b.query(t, `query($s: OpeningHoursInput!) { p: previewOpeningHours(schedule: $s) { osm } }`, map[string]any{"s": map[string]any{
		"channel": "phone", "rules": []any{map[string]any{"days": []string{"fri"}, "intervals": []any{map[string]any{"opens": "22:00", "closes": "01:00", "overnight": true}}}},
	}}, &night)
	if night.P.Osm != nil {
		t.Errorf("overnight osm = %q, want null", *night.P.Osm)
	}
}

// Arguments of the new read fields are checked like any other.
func TestPreviewArgumentsInvalid(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := map[string]any{"channel": "staffed", "rules": []any{weekdays(interval("08:00", "16:00"))}}
	for field, q := range map[string]string{
		"locale": `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { label(locale: "de") } }`,
		"within": `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { nextDeviation(within: 0) { from } } }`,
		// Dates outside the calendar Rådhus knows (1953 to 2200).
		"from":  `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { days(from: "1952-12-31", to: "1953-01-02") { date } } }`,
		"to":    `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { days(from: "2200-12-31", to: "2201-01-01") { date } } }`,
		"week":  `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { summary(week: "1900-06-01") } }`,
		"at":    `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { isOpen(at: "1950-06-01T12:00:00+01:00") } }`,
		"after": `query($s: OpeningHoursInput!) { previewOpeningHours(schedule: $s) { nextChange(after: "1950-06-01T12:00:00+01:00") { at } } }`,
	} {
		r := b.do(t, q, map[string]any{"s": s})
		if len(r.Errors) != 1 || r.Errors[0].Extensions.Code != "BAD_USER_INPUT" || r.Errors[0].Extensions.Field != field {
			t.Errorf("%s: errors = %+v", field, r.Errors)
		}
	}
}
