package hours

import (
	"errors"
	"testing"
)

func iv(o, c string) Interval { return Interval{Opens: o, Closes: c} }

func ovn(o, c string) Interval { return Interval{Opens: o, Closes: c, Overnight: true} }

func weekdays() []string { return []string{"mon", "tue", "wed", "thu", "fri"} }

// validBase is a valid schedule the validation cases break one field at a
// time.
func validBase() Schedule {
	return Schedule{
		Channel: "staffed",
		Rules:   []Rule{{Days: weekdays(), Intervals: []Interval{iv("07:30", "17:00")}}},
	}
}

func TestValidateFieldPaths(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(s *Schedule)
		field string
	}{
		{"channel required", func(s *Schedule) { s.Channel = "" }, "channel"},
		{"unknown zone", func(s *Schedule) { s.TimeZone = "Europe/Gothenburg" }, "timeZone"},
		{"Local zone", func(s *Schedule) { s.TimeZone = "Local" }, "timeZone"},
		{"bad opens", func(s *Schedule) { s.Rules[0].Intervals[0].Opens = "7:30" }, "rules[0].intervals[0].opens"},
		{"opens 24:00", func(s *Schedule) { s.Rules[0].Intervals[0].Opens = "24:00" }, "rules[0].intervals[0].opens"},
		{"bad minutes", func(s *Schedule) { s.Rules[0].Intervals[0].Closes = "17:60" }, "rules[0].intervals[0].closes"},
		{"closes 24:30", func(s *Schedule) { s.Rules[0].Intervals[0].Closes = "24:30" }, "rules[0].intervals[0].closes"},
		{"closes before opens", func(s *Schedule) { s.Rules[0].Intervals[0] = iv("17:00", "07:30") }, "rules[0].intervals[0].closes"},
		{"closes equals opens", func(s *Schedule) { s.Rules[0].Intervals[0] = iv("08:00", "08:00") }, "rules[0].intervals[0].closes"},
		{"overnight but closes after opens", func(s *Schedule) { s.Rules[0].Intervals[0] = ovn("08:00", "17:00") }, "rules[0].intervals[0].overnight"},
		{"unknown day", func(s *Schedule) { s.Rules[0].Days[3] = "tors" }, "rules[0].days[3]"},
		{"capitalised day", func(s *Schedule) { s.Rules[0].Days[0] = "Mon" }, "rules[0].days[0]"},
		{"duplicate day", func(s *Schedule) { s.Rules[0].Days = []string{"mon", "tue", "mon"} }, "rules[0].days[2]"},
		{"no days", func(s *Schedule) { s.Rules[0].Days = nil }, "rules[0].days"},
		{"overlap within rule", func(s *Schedule) {
			s.Rules[0].Intervals = []Interval{iv("08:00", "12:00"), iv("11:00", "16:00")}
		}, "rules[0].intervals[1]"},
		{"overlap across regular rules", func(s *Schedule) {
			s.Rules = append(s.Rules, Rule{Days: []string{"sat", "wed"}, Intervals: []Interval{iv("16:00", "18:00")}})
		}, "rules[1].intervals[0]"},
		{"overnight spills into next day", func(s *Schedule) {
			s.Rules = append(s.Rules, Rule{Days: []string{"sun"}, Intervals: []Interval{ovn("22:00", "08:00")}})
		}, "rules[1].intervals[0]"},
		{"overlap within a season", func(s *Schedule) {
			s.Rules = append(s.Rules,
				Rule{Days: []string{"mon"}, Intervals: []Interval{iv("10:00", "14:00")}, ValidFrom: "06-15", ValidTo: "08-15"},
				Rule{Days: []string{"mon"}, Intervals: []Interval{iv("13:00", "15:00")}, ValidFrom: "06-15", ValidTo: "08-15"})
		}, "rules[2].intervals[0]"},
		{"bad validFrom", func(s *Schedule) { s.Rules[0].ValidFrom, s.Rules[0].ValidTo = "6-15", "08-15" }, "rules[0].validFrom"},
		{"bad recurring day", func(s *Schedule) { s.Rules[0].ValidFrom, s.Rules[0].ValidTo = "06-31", "08-15" }, "rules[0].validFrom"},
		{"recurring without validTo", func(s *Schedule) { s.Rules[0].ValidFrom = "06-15" }, "rules[0].validTo"},
		{"recurring without validFrom", func(s *Schedule) { s.Rules[0].ValidTo = "08-15" }, "rules[0].validFrom"},
		{"mixed forms", func(s *Schedule) { s.Rules[0].ValidFrom, s.Rules[0].ValidTo = "06-15", "2026-08-15" }, "rules[0].validTo"},
		{"fixed bad date", func(s *Schedule) { s.Rules[0].ValidFrom = "2026-02-30" }, "rules[0].validFrom"},
		{"fixed to before from", func(s *Schedule) { s.Rules[0].ValidFrom, s.Rules[0].ValidTo = "2026-08-15", "2026-06-15" }, "rules[0].validTo"},
		{"exception bad from", func(s *Schedule) { s.Exceptions = []Exception{{From: "2026-13-01", Closed: true}} }, "exceptions[0].from"},
		{"exception bad to", func(s *Schedule) { s.Exceptions = []Exception{{From: "2026-01-01", To: "2026-1-2", Closed: true}} }, "exceptions[0].to"},
		{"exception to before from", func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-01-05", To: "2026-01-02", Closed: true}}
		}, "exceptions[0].to"},
		{"exception closed with hours", func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-01-05", Closed: true, Intervals: []Interval{iv("10:00", "12:00")}}}
		}, "exceptions[0].intervals"},
		{"exception without hours", func(s *Schedule) { s.Exceptions = []Exception{{From: "2026-01-05"}} }, "exceptions[0].intervals"},
		{"exception bad interval", func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-01-05", Intervals: []Interval{iv("10:00", "09:00")}}}
		}, "exceptions[0].intervals[0].closes"},
		{"exception intervals overlap", func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-01-05", Intervals: []Interval{iv("10:00", "12:00"), iv("09:00", "10:30")}}}
		}, "exceptions[0].intervals[1]"},
		{"multi-day exception overnight spill overlaps", func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-01-05", To: "2026-01-06", Intervals: []Interval{iv("01:00", "05:00"), ovn("20:00", "02:00")}}}
		}, "exceptions[0].intervals[0]"},
		{"overlapping exceptions", func(s *Schedule) {
			s.Exceptions = []Exception{
				{From: "2026-01-10", To: "2026-01-12", Closed: true},
				{From: "2026-01-01", To: "2026-01-03", Closed: true},
				{From: "2026-01-12", Closed: true},
			}
		}, "exceptions[2].from"},
		{"public holidays mode", func(s *Schedule) { s.Holidays.PublicHolidays = "open" }, "holidays.publicHolidays"},
		{"eves mode", func(s *Schedule) { s.Holidays.Eves.Mode = "shortened" }, "holidays.eves.mode"},
		{"closeEarly needs closesAt", func(s *Schedule) { s.Holidays.Eves.Mode = ModeCloseEarly }, "holidays.eves.closesAt"},
		{"closeEarly bad closesAt", func(s *Schedule) {
			s.Holidays.Eves = DayPolicy{Mode: ModeCloseEarly, ClosesAt: "13"}
		}, "holidays.eves.closesAt"},
		{"closesAt without closeEarly", func(s *Schedule) {
			s.Holidays.DayBefore = DayPolicy{Mode: ModeClosed, ClosesAt: "13:00"}
		}, "holidays.dayBefore.closesAt"},
		{"hours needs intervals", func(s *Schedule) { s.Holidays.DayBefore.Mode = ModeHours }, "holidays.dayBefore.intervals"},
		{"intervals without hours", func(s *Schedule) {
			s.Holidays.Eves = DayPolicy{Mode: ModeClosed, Intervals: []Interval{iv("10:00", "12:00")}}
		}, "holidays.eves.intervals"},
		{"policy interval invalid", func(s *Schedule) {
			s.Holidays.Eves = DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("10:00", "25:00")}}
		}, "holidays.eves.intervals[0].closes"},
		{"policy intervals overlap", func(s *Schedule) {
			s.Holidays.Eves = DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("10:00", "12:00"), iv("11:59", "13:00")}}
		}, "holidays.eves.intervals[1]"},
		{"dayBefore mode", func(s *Schedule) { s.Holidays.DayBefore.Mode = "Closed" }, "holidays.dayBefore.mode"},
		{"public mode", func(s *Schedule) { s.Holidays.Public.Mode = "open" }, "holidays.public.mode"},
		{"public hours need intervals", func(s *Schedule) { s.Holidays.Public.Mode = ModeHours }, "holidays.public.intervals"},
		{"public closesAt", func(s *Schedule) {
			s.Holidays.Public = DayPolicy{Mode: ModeCloseEarly, ClosesAt: "25:00"}
		}, "holidays.public.closesAt"},
		{"public and publicHolidays", func(s *Schedule) {
			s.Holidays.Public.Mode, s.Holidays.PublicHolidays = ModeClosed, PublicHolidaysRegular
		}, "holidays.publicHolidays"},
		{"override unknown day", func(s *Schedule) {
			s.Holidays.Overrides = []HolidayOverride{{Day: "Julafton", DayPolicy: DayPolicy{Mode: ModeClosed}}}
		}, "holidays.overrides[0].day"},
		{"override twice", func(s *Schedule) {
			s.Holidays.Overrides = []HolidayOverride{{Day: "julafton", DayPolicy: DayPolicy{Mode: ModeClosed}}, {Day: "julafton", DayPolicy: DayPolicy{Mode: ModeRegular}}}
		}, "holidays.overrides[1].day"},
		{"override without mode", func(s *Schedule) {
			s.Holidays.Overrides = []HolidayOverride{{Day: "juldagen"}}
		}, "holidays.overrides[0].mode"},
		{"override hours", func(s *Schedule) {
			s.Holidays.Overrides = []HolidayOverride{{Day: "juldagen", DayPolicy: DayPolicy{Mode: ModeHours, Intervals: []Interval{iv("10:00", "09:00")}}}}
		}, "holidays.overrides[0].intervals[0].closes"},
		{"override closesAt without closeEarly", func(s *Schedule) {
			s.Holidays.Overrides = []HolidayOverride{{Day: "juldagen", DayPolicy: DayPolicy{Mode: ModeClosed, ClosesAt: "12:00"}}}
		}, "holidays.overrides[0].closesAt"},
		{"english label without swedish", func(s *Schedule) { s.Label = Text{EN: "Extended hours"} }, "label.sv"},
		{"label too long", func(s *Schedule) { s.Label = T(string(make([]byte, 201))) }, "label.sv"},
		{"english reason too long", func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-03-02", Closed: true, Reason: Text{SV: "Stängt", EN: string(make([]byte, 201))}}}
		}, "exceptions[0].reason.en"},
		{"english reason without swedish", func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-03-02", Closed: true, Reason: Text{EN: "Closed"}}}
		}, "exceptions[0].reason.sv"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := validBase()
			tc.edit(&s)
			err := Validate(s)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate = %v, want *FieldError for %s", err, tc.field)
			}
			if fe.Field != tc.field {
				t.Fatalf("Field = %q (%s), want %q", fe.Field, fe.Message, tc.field)
			}
			if fe.Error() != fe.Field+": "+fe.Message || fe.Message == "" {
				t.Fatalf("Error() = %q", fe.Error())
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	cases := map[string]func(s *Schedule){
		"base":                      func(s *Schedule) {},
		"touching intervals":        func(s *Schedule) { s.Rules[0].Intervals = []Interval{iv("08:00", "12:00"), iv("12:00", "16:00")} },
		"24:00 close":               func(s *Schedule) { s.Rules[0].Intervals[0].Closes = "24:00" },
		"overnight equal times":     func(s *Schedule) { s.Rules[0].Intervals = []Interval{ovn("22:00", "22:00")} },
		"overnight to next opening": func(s *Schedule) { s.Rules[0].Intervals = []Interval{iv("02:00", "06:00"), ovn("22:00", "02:00")} },
		"empty rules":               func(s *Schedule) { s.Rules = nil },
		"closed season days": func(s *Schedule) {
			s.Rules = append(s.Rules, Rule{Days: []string{"sat"}, ValidFrom: "12-20", ValidTo: "01-06"})
		},
		"fixed open-ended":   func(s *Schedule) { s.Rules[0].ValidFrom = "2027-01-01" },
		"fixed open start":   func(s *Schedule) { s.Rules[0].ValidTo = "2026-12-31" },
		"recurring leap day": func(s *Schedule) { s.Rules[0].ValidFrom, s.Rules[0].ValidTo = "02-29", "03-10" },
		"season may overlap regular": func(s *Schedule) {
			s.Rules = append(s.Rules, Rule{Days: weekdays(), Intervals: []Interval{iv("10:00", "15:00")}, ValidFrom: "06-15", ValidTo: "08-15"})
		},
		"explicit defaults": func(s *Schedule) {
			s.TimeZone = "Europe/Stockholm"
			s.Holidays = HolidayPolicy{PublicHolidays: "closed", Eves: DayPolicy{Mode: "regular"}, DayBefore: DayPolicy{Mode: "regular"}}
		},
		"adjacent exceptions": func(s *Schedule) {
			s.Exceptions = []Exception{{From: "2026-01-01", To: "2026-01-03", Closed: true}, {From: "2026-01-04", Intervals: []Interval{iv("10:00", "12:00")}}}
		},
		"other zone": func(s *Schedule) { s.TimeZone = "America/New_York" },
	}
	for name, edit := range cases {
		s := validBase()
		edit(&s)
		if err := Validate(s); err != nil {
			t.Errorf("%s: Validate = %v", name, err)
		}
	}
}
