package hours

import (
	"testing"
	"time"
)

var stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// sthlm is a wall-clock instant in Stockholm.
func sthlm(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, stockholm)
}

func utc(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC)
}

func date(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func allDays() []string { return []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} }

// serviceCentre is the demo municipality's staffed service centre.
func serviceCentre() Schedule {
	return Schedule{
		Channel:  "staffed",
		Label:    T("Kontaktcenter"),
		Rules:    []Rule{{Days: weekdays(), Intervals: []Interval{iv("07:30", "17:00")}}},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysClosed, Eves: DayPolicy{Mode: ModeClosed}},
	}
}

// librarySelfService is a library's self-service channel: always open.
func librarySelfService() Schedule {
	return Schedule{
		Channel:  "self_service",
		Rules:    []Rule{{Days: allDays(), Intervals: []Interval{iv("00:00", "24:00")}}},
		Holidays: HolidayPolicy{PublicHolidays: PublicHolidaysRegular},
	}
}

func compileT(t testing.TB, s Schedule) *Compiled {
	t.Helper()
	c, err := Compile(s)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return c
}

func oneDay(t testing.TB, c *Compiled, d string) Day {
	t.Helper()
	days := c.Days(date(d), date(d))
	if len(days) != 1 {
		t.Fatalf("Days(%s) returned %d days", d, len(days))
	}
	return days[0]
}

// wallSpans renders a day's spans as "HH:MM-HH:MM" strings for compact
// comparisons.
func wallSpans(d Day) []string {
	out := []string{}
	for _, s := range d.Intervals {
		w := s.Opens + "-" + s.Closes
		if s.Overnight {
			w += "+1"
		}
		out = append(out, w)
	}
	return out
}

// osmOf returns a schedule's OSM string, or "<null>" when it has none.
func osmOf(c *Compiled) string {
	s, ok := c.OSM()
	if !ok {
		return "<null>"
	}
	return s
}
