package hours

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Minutes the generator favours: midnight, DST hours and ordinary times.
var interestingMinutes = []int{0, 60, 90, 120, 150, 179, 180, 210, 450, 480, 720, 1020, 1320, 1439}

func genMinute(t *rapid.T, label string) int {
	if rapid.Bool().Draw(t, label+"Pick") {
		return rapid.SampledFrom(interestingMinutes).Draw(t, label)
	}
	return rapid.IntRange(0, 1439).Draw(t, label)
}

// genIntervals draws sorted, non-overlapping intervals; the last may be
// overnight. Overlaps with other rules are repaired after generation.
func genIntervals(t *rapid.T, label string) []Interval {
	n := rapid.IntRange(0, 3).Draw(t, label+"N")
	var bounds []int
	for i := 0; i < 2*n; i++ {
		bounds = append(bounds, genMinute(t, label+"B"))
	}
	if rapid.Bool().Draw(t, label+"ToMidnight") && len(bounds) > 0 {
		bounds[0] = minutesPerDay
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	var out []Interval
	for i := 0; i+1 < len(bounds); i += 2 {
		out = append(out, Interval{Opens: formatHHMM(bounds[i], ':'), Closes: formatHHMM(bounds[i+1], ':')})
	}
	// Touching intervals (08:00–12:00, 12:00–16:00) must read as one opening.
	for i := 1; i < len(out); i++ {
		if rapid.Bool().Draw(t, label+"Touch") {
			out[i].Opens = out[i-1].Closes
		}
	}
	if k := len(out); k > 0 && rapid.IntRange(0, 3).Draw(t, label+"Overnight") == 0 {
		last := &out[k-1]
		o, _ := parseHHMM(last.Opens, false)
		cl := rapid.IntRange(0, o).Draw(t, label+"OvernightClose")
		last.Closes, last.Overnight = formatHHMM(cl, ':'), true
	}
	return out
}

func genSchedule(t *rapid.T) Schedule {
	s := Schedule{
		Channel:  "staffed",
		TimeZone: rapid.SampledFrom([]string{"", "", "", "Europe/Stockholm", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "UTC"}).Draw(t, "zone"),
	}
	days := allDays()
	nRules := rapid.IntRange(0, 4).Draw(t, "rules")
	for i := range nRules {
		label := "rule" + strconv.Itoa(i)
		r := Rule{Intervals: genIntervals(t, label)}
		for _, d := range days {
			if rapid.Bool().Draw(t, label+d) {
				r.Days = append(r.Days, d)
			}
		}
		if len(r.Days) == 0 {
			r.Days = []string{rapid.SampledFrom(days).Draw(t, label+"day")}
		}
		switch rapid.IntRange(0, 3).Draw(t, label+"validity") {
		case 1:
			r.ValidFrom = rapid.SampledFrom([]string{"03-20", "06-15", "12-20", "10-25"}).Draw(t, label+"from")
			r.ValidTo = rapid.SampledFrom([]string{"04-05", "08-15", "01-06", "11-02"}).Draw(t, label+"to")
		case 2:
			r.ValidFrom = rapid.SampledFrom([]string{"2025-03-01", "2026-06-01", "2026-10-20"}).Draw(t, label+"from")
			r.ValidTo = rapid.SampledFrom([]string{"", "2026-03-31", "2027-01-10"}).Draw(t, label+"to")
		}
		s.Rules = append(s.Rules, r)
	}
	nEx := rapid.IntRange(0, 4).Draw(t, "exceptions")
	for i := range nEx {
		label := "ex" + strconv.Itoa(i)
		from := Date{2024, 1, 1}.AddDays(rapid.IntRange(0, 4*365).Draw(t, label+"from"))
		e := Exception{From: from.String(), Reason: T("Undantag " + strconv.Itoa(i))}
		if n := rapid.IntRange(0, 3).Draw(t, label+"len"); n > 0 {
			e.To = from.AddDays(n).String()
		}
		e.Intervals = genIntervals(t, label)
		e.Closed = len(e.Intervals) == 0
		s.Exceptions = append(s.Exceptions, e)
	}
	s.Holidays.PublicHolidays = rapid.SampledFrom([]string{"", "closed", "regular"}).Draw(t, "ph")
	s.Holidays.Eves = genPolicy(t, "eves")
	s.Holidays.DayBefore = genPolicy(t, "dayBefore")
	return repair(s)
}

func genPolicy(t *rapid.T, label string) DayPolicy {
	switch rapid.IntRange(0, 3).Draw(t, label) {
	case 1:
		return DayPolicy{Mode: ModeClosed}
	case 2:
		if ivs := genIntervals(t, label+"Iv"); len(ivs) > 0 {
			return DayPolicy{Mode: ModeHours, Intervals: ivs}
		}
		return DayPolicy{Mode: ModeClosed}
	case 3:
		return DayPolicy{Mode: ModeCloseEarly, ClosesAt: formatHHMM(genMinute(t, label+"At"), ':')}
	}
	return DayPolicy{}
}

// repair drops whatever Compile rejects (overlaps between random rules or
// exceptions) until the schedule is valid; the generator stays simple and
// every drawn schedule is used.
func repair(s Schedule) Schedule {
	for {
		err := Validate(s)
		if err == nil {
			return s
		}
		var fe *FieldError
		if !errors.As(err, &fe) {
			panic(err)
		}
		switch {
		case strings.HasPrefix(fe.Field, "rules["):
			i, _ := strconv.Atoi(fe.Field[len("rules["):strings.IndexByte(fe.Field, ']')])
			s.Rules = slices.Delete(s.Rules, i, i+1)
		case strings.HasPrefix(fe.Field, "exceptions["):
			i, _ := strconv.Atoi(fe.Field[len("exceptions["):strings.IndexByte(fe.Field, ']')])
			s.Exceptions = slices.Delete(s.Exceptions, i, i+1)
		case strings.HasPrefix(fe.Field, "holidays.eves"):
			s.Holidays.Eves = DayPolicy{}
		case strings.HasPrefix(fe.Field, "holidays.dayBefore"):
			s.Holidays.DayBefore = DayPolicy{}
		default:
			panic(fe)
		}
	}
}

// genInstant draws instants over 2024–2028, often on minute boundaries and
// near DST nights.
func genInstant(t *rapid.T, loc *time.Location) time.Time {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var at time.Time
	if rapid.Bool().Draw(t, "nearDST") {
		y := rapid.IntRange(2024, 2027).Draw(t, "dstYear")
		m := rapid.SampledFrom([]time.Month{time.March, time.April, time.September, time.October, time.November}).Draw(t, "dstMonth")
		d := rapid.IntRange(1, 31).Draw(t, "dstDay")
		at = time.Date(y, m, d, 0, 0, 0, 0, loc).Add(time.Duration(rapid.IntRange(-120, 30*60).Draw(t, "dstMin")) * time.Minute)
	} else {
		at = base.Add(time.Duration(rapid.IntRange(0, 4*366*24*60).Draw(t, "minute")) * time.Minute)
	}
	if rapid.Bool().Draw(t, "offMinute") {
		at = at.Add(time.Duration(rapid.IntRange(1, 59).Draw(t, "second")) * time.Second)
	}
	return at
}

// openByDays decides openness from the resolved Days alone.
func openByDays(c *Compiled, at time.Time) bool {
	d := DateOf(at.In(c.Location()))
	for _, day := range c.Days(d.AddDays(-1), d.AddDays(1)) {
		for _, s := range day.Intervals {
			if !s.OpensAt.After(at) && s.ClosesAt.After(at) {
				return true
			}
		}
	}
	return false
}

func TestPropertyOpenAtAgreesWithDays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSchedule(t)
		c, err := Compile(s)
		if err != nil {
			t.Fatalf("repaired schedule invalid: %v", err)
		}
		for i := range 5 {
			at := genInstant(t, c.Location())
			if got, want := c.OpenAt(at), openByDays(c, at); got != want {
				t.Fatalf("instant %d: OpenAt(%v) = %v, Days say %v", i, at.In(c.Location()), got, want)
			}
		}
	})
}

func TestPropertyNextChangeFlips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSchedule(t)
		c := MustCompile(s)
		at := genInstant(t, c.Location())
		before := c.OpenAt(at)
		ch, ok := c.NextChange(at)
		if !ok {
			// No change within the horizon: spot-check that nothing changes.
			for _, d := range []time.Duration{time.Minute, time.Hour, 36 * time.Hour, 40 * 24 * time.Hour, 400 * 24 * time.Hour} {
				if c.OpenAt(at.Add(d)) != before {
					t.Fatalf("no change reported after %v but state differs at +%v", at, d)
				}
			}
			return
		}
		if !ch.At.After(at) {
			t.Fatalf("NextChange(%v).At = %v, not after", at, ch.At)
		}
		if before == ch.Opens {
			t.Fatalf("state at %v is %v, change says opens=%v", at, before, ch.Opens)
		}
		if got := c.OpenAt(ch.At.Add(-time.Nanosecond)); got != !ch.Opens {
			t.Fatalf("OpenAt just before %v = %v, want %v", ch.At, got, !ch.Opens)
		}
		if got := c.OpenAt(ch.At); got != ch.Opens {
			t.Fatalf("OpenAt(%v) = %v, want %v", ch.At, got, ch.Opens)
		}
		// It is the first flip: no span edge in between changes the state.
		if ch.At.Sub(at) < 60*24*time.Hour {
			from := DateOf(at.In(c.Location())).AddDays(-1)
			to := DateOf(ch.At.In(c.Location())).AddDays(1)
			for _, day := range c.Days(from, to) {
				for _, sp := range day.Intervals {
					for _, edge := range []time.Time{sp.OpensAt, sp.ClosesAt} {
						if edge.After(at) && edge.Before(ch.At) && c.OpenAt(edge) != before {
							t.Fatalf("state flips at %v, before reported change %v", edge, ch.At)
						}
					}
				}
			}
		}
	})
}

func TestPropertyDaysInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := MustCompile(genSchedule(t))
		from := Date{2024, 1, 1}.AddDays(rapid.IntRange(0, 4*365).Draw(t, "from"))
		days := c.Days(from, from.AddDays(40))
		for _, d := range days {
			h, isHol := HolidayOn(d.Date)
			if isHol != (d.Holiday != nil) || (isHol && *d.Holiday != h) {
				t.Fatalf("%s: Holiday = %v, want %v", d.Date, d.Holiday, h)
			}
			for i, s := range d.Intervals {
				if !s.ClosesAt.After(s.OpensAt) {
					t.Fatalf("%s: empty span %+v", d.Date, s)
				}
				if i > 0 && s.OpensAt.Before(d.Intervals[i-1].ClosesAt) {
					t.Fatalf("%s: spans out of order", d.Date)
				}
				if got := DateOf(s.OpensAt.In(c.Location())); got != d.Date {
					t.Fatalf("%s: span opens on %s", d.Date, got)
				}
			}
		}
	})
}
