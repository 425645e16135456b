package hours_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/radhus/radhus/internal/hours"
)

// randomOSMCases are schedules drawn from a fixed seed out of the pieces
// real schedules are made of, so that the parser test also meets
// combinations nobody wrote by hand. Their osm may be null; when it is not,
// it must read as Rådhus resolves.
func randomOSMCases(n int) []osmCase {
	r := rand.New(rand.NewPCG(2026, 9))
	pick := func(k int) int { return r.IntN(k) }
	hoursPalette := [][]string{
		{"08:00", "12:00", "13:00", "17:00"}, {"07:30", "16:00"}, {"10:00", "19:00"}, {"00:00", "24:00"}, {"11:00", "15:00"},
	}
	dayGroups := [][]string{weekdays, weekend, {"mon", "wed", "fri"}, {"tue", "thu"}, {"sat"}, {"sun"}, week}
	seasons := [][2]string{{"06-15", "08-15"}, {"11-01", "03-31"}, {"12-20", "01-06"}, {"2026-07-01", "2026-07-31"}, {"2027-09-01", ""}, {"", "2026-05-31"}, {"06-01", "06-21"}}
	policy := func() hours.DayPolicy {
		switch pick(5) {
		case 0:
			return closed
		case 1:
			return regular
		case 2:
			return own("10:00", "14:00")
		case 3:
			return closeEarly("13:00")
		}
		return hours.DayPolicy{}
	}
	var out []osmCase
	for i := range n {
		var rules []hours.Rule
		used := map[string]bool{}
		addRules := func(from, to string) {
			for range 1 + pick(2) {
				g := dayGroups[pick(len(dayGroups))]
				clash := false
				for _, d := range g {
					clash = clash || used[from+to+d]
				}
				if clash {
					continue
				}
				for _, d := range g {
					used[from+to+d] = true
				}
				rr := rule(g, hoursPalette[pick(len(hoursPalette))]...)
				rr.ValidFrom, rr.ValidTo = from, to
				rules = append(rules, rr)
			}
		}
		addRules("", "")
		if pick(6) == 0 {
			// Overnight hours on a day of their own.
			if !used["sat"] {
				rules = append(rules, hours.Rule{Days: []string{"sat"}, Intervals: []hours.Interval{{Opens: "20:00", Closes: "01:00", Overnight: true}}})
				used["sat"] = true
			}
		}
		for range pick(3) {
			s := seasons[pick(len(seasons))]
			addRules(s[0], s[1])
		}
		h := hours.HolidayPolicy{Public: policy(), Eves: policy(), DayBefore: policy()}
		keys := hours.HolidayKeys()
		seen := map[string]bool{}
		for range pick(4) {
			k := keys[pick(len(keys))]
			if seen[k] {
				continue
			}
			seen[k] = true
			p := policy()
			if p.Mode == "" {
				p = closed
			}
			h.Overrides = append(h.Overrides, override(k, p))
		}
		var ex []hours.Exception
		if pick(2) == 0 {
			ex = append(ex, hours.Exception{From: "2026-12-28", To: "2027-01-03", Closed: true})
		}
		if pick(2) == 0 {
			ex = append(ex, hours.Exception{From: "2027-06-18", Intervals: ivs("09:00", "11:00")})
		}
		out = append(out, osmCase{
			name:   fmt.Sprintf("random %d", i),
			s:      hours.Schedule{Channel: "staffed", Rules: rules, Holidays: h, Exceptions: ex},
			random: true,
		})
	}
	return out
}
