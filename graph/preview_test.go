package graph_test

import (
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
