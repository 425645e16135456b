package hours

import (
	"testing"
	"time"
)

// realisticSchedule is a library's staffed hours: split days, a late
// evening, summer hours, Christmas break, some exceptions and every holiday
// policy in use.
func realisticSchedule() Schedule {
	return Schedule{
		Channel: "staffed",
		Label:   T("Stadsbiblioteket"),
		Rules: []Rule{
			{Days: []string{"mon", "tue", "wed", "fri"}, Intervals: []Interval{iv("10:00", "12:00"), iv("12:30", "19:00")}},
			{Days: []string{"thu"}, Intervals: []Interval{iv("10:00", "20:00")}},
			{Days: []string{"sat"}, Intervals: []Interval{iv("11:00", "15:00")}},
			{Days: weekdays(), Intervals: []Interval{iv("10:00", "16:00")}, ValidFrom: "06-15", ValidTo: "08-15"},
			{Days: []string{"mon", "wed", "fri"}, Intervals: []Interval{iv("12:00", "16:00")}, ValidFrom: "12-27", ValidTo: "01-05"},
		},
		Exceptions: []Exception{
			{From: "2026-03-12", Closed: true, Reason: T("Stängt för inventering")},
			{From: "2026-09-25", Intervals: []Interval{iv("10:00", "23:00")}, Reason: T("Kulturnatten")},
			{From: "2026-10-05", To: "2026-10-09", Closed: true, Reason: T("Ombyggnad")},
		},
		Holidays: HolidayPolicy{
			Eves:      DayPolicy{Mode: ModeClosed},
			DayBefore: DayPolicy{Mode: ModeCloseEarly, ClosesAt: "15:00"},
		},
	}
}

func BenchmarkDays366(b *testing.B) {
	c := MustCompile(realisticSchedule())
	from := Date{2026, 1, 1}
	to := from.AddDays(365)
	b.ReportAllocs()
	for b.Loop() {
		if len(c.Days(from, to)) != 366 {
			b.Fatal("wrong length")
		}
	}
}

func BenchmarkOpenAt200(b *testing.B) {
	var cs []*Compiled
	for i := range 200 {
		var s Schedule
		switch i % 4 {
		case 0:
			s = realisticSchedule()
		case 1:
			s = serviceCentre()
		case 2:
			s = librarySelfService()
		default:
			s = Schedule{Channel: "phone", Rules: []Rule{{Days: allDays(), Intervals: []Interval{ovn("20:00", "02:00"), iv("08:00", "12:00")}}}}
		}
		cs = append(cs, MustCompile(s))
	}
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, stockholm)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, c := range cs {
			if c.OpenAt(at) {
				n++
			}
		}
		if n == 0 {
			b.Fatal("nothing open")
		}
	}
}

func BenchmarkNextChange(b *testing.B) {
	c := MustCompile(realisticSchedule())
	at := time.Date(2026, 12, 23, 18, 0, 0, 0, stockholm)
	b.ReportAllocs()
	for b.Loop() {
		c.NextChange(at)
	}
}

func BenchmarkNextChange247(b *testing.B) {
	c := MustCompile(librarySelfService())
	at := time.Date(2026, 12, 23, 18, 0, 0, 0, stockholm)
	b.ReportAllocs()
	for b.Loop() {
		c.NextChange(at)
	}
}
