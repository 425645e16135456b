package hours

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// FuzzSchedule feeds the engine schedules as editors send them (JSON). An
// invalid one is a *FieldError naming a field; a valid one answers every
// question without panicking, with days in order and changes in the future.
func FuzzSchedule(f *testing.F) {
	for _, s := range []Schedule{serviceCentre(), librarySelfService(), {
		Channel: "staffed",
		Rules: []Rule{
			{Days: []string{"mon", "tue"}, Intervals: []Interval{iv("22:00", "02:00")}},
			{Days: []string{"sat"}, Intervals: []Interval{iv("10:00", "14:00")}, ValidFrom: "06-01", ValidTo: "08-31"},
		},
		Exceptions: []Exception{{From: "2026-12-23", To: "2026-12-27", Closed: true, Reason: T("Jul")}},
		Holidays:   HolidayPolicy{Eves: DayPolicy{Mode: ModeClosed}},
	}} {
		b, err := json.Marshal(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"channel":"staffed","rules":[{"days":["mon"],"intervals":[{"opens":"25:00","closes":"17:00"}]}]}`))
	f.Add([]byte(`{"channel":"x","timeZone":"Mars/Olympus","rules":[]}`))
	f.Add([]byte(`{"channel":"x","rules":[{"days":["mon"],"intervals":[{"opens":"10:00","closes":"09:00"}]}],"exceptions":[{"from":"2026-02-30"}]}`))
	f.Add([]byte(`{"channel":"x","holidays":{"publicHolidays":"closed","public":{"mode":"closed"},"overrides":[{"day":"nosuchday"}]}}`))

	from := date("2026-03-25") // across the change to summer time
	at := sthlm(2026, time.March, 29, 1, 30)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var s Schedule
		if err := json.Unmarshal(raw, &s); err != nil {
			return
		}
		c, err := Compile(s)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field == "" || fe.Message == "" {
				t.Fatalf("Compile(%s) = %v, want a *FieldError naming a field", raw, err)
			}
			return
		}
		days := c.Days(from, from.AddDays(40))
		if len(days) != 41 {
			t.Fatalf("Days over 41 dates gave %d", len(days))
		}
		for i, d := range days {
			if d.Date != from.AddDays(i) {
				t.Fatalf("day %d is %v, want %v", i, d.Date, from.AddDays(i))
			}
		}
		c.OpenAt(at)
		if ch, ok := c.NextChange(at); ok && !ch.At.After(at) {
			t.Fatalf("NextChange(%v) = %v, not after it", at, ch.At)
		}
		c.Summary("sv", from)
		c.OpenSummary("en", from)
		c.OSM()
		if b := c.SchemaOrg("sv", from, from.AddDays(7)); !json.Valid(b) {
			t.Fatalf("SchemaOrg is not JSON: %s", b)
		}
	})
}

// FuzzParseDate: a date either parses to one that prints back the same, or
// is refused.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-24", "2024-02-29", "2025-02-29", "1953-01-01", "26-12-24", "2026-13-01", "２０２６-12-24", "+2026-12-24", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) prints back as %q", s, d.String())
		}
	})
}
