package hours

import (
	"slices"
	"strconv"
	"time"
)

// FieldError reports an invalid field of a Schedule. Field is a path such as
// "rules[1].intervals[0].closes", "exceptions[2].from" or
// "holidays.eves.closesAt".
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Input limits keep validation and resolution cheap on hostile input; real
// schedules are far below them.
const (
	maxRules      = 100
	maxIntervals  = 24
	maxExceptions = 1000
	maxTextLen    = 200 // bytes of a label or reason, per language
)

var dayNames = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

// checkText validates a label or reason: Swedish whenever English is
// given, and short enough to show.
func checkText(t Text, path string) *FieldError {
	if t.SV == "" && t.EN != "" {
		return ferr(path+".sv", "required when en is given")
	}
	if len(t.SV) > maxTextLen {
		return ferr(path+".sv", "too long (max "+strconv.Itoa(maxTextLen)+" bytes)")
	}
	if len(t.EN) > maxTextLen {
		return ferr(path+".en", "too long (max "+strconv.Itoa(maxTextLen)+" bytes)")
	}
	return nil
}

func ferr(field, msg string) *FieldError { return &FieldError{Field: field, Message: msg} }

func idx(prefix string, i int) string { return prefix + "[" + strconv.Itoa(i) + "]" }

// compile validates s field by field, reporting the first problem in
// document order, and builds the engine on the way.
func compile(s Schedule) (*Compiled, *FieldError) {
	c := &Compiled{channel: s.Channel, label: s.Label}
	if s.Channel == "" {
		return nil, ferr("channel", "required")
	}
	if fe := checkText(s.Label, "label"); fe != nil {
		return nil, fe
	}
	tz := s.TimeZone
	if tz == "" {
		tz = DefaultTimeZone
	}
	// "Local" would make answers depend on the server's configuration.
	if tz == "Local" {
		return nil, ferr("timeZone", "must be an IANA zone name such as Europe/Stockholm")
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, ferr("timeZone", "unknown time zone "+strconv.Quote(tz))
	}
	c.loc = loc

	if fe := c.compileRules(s.Rules); fe != nil {
		return nil, fe
	}
	if fe := c.compileExceptions(s.Exceptions); fe != nil {
		return nil, fe
	}
	if fe := c.compileHolidays(s.Holidays); fe != nil {
		return nil, fe
	}
	return c, nil
}

// parseIntervals validates a list of intervals under path (e.g.
// "rules[0].intervals").
func parseIntervals(ivs []Interval, path string) ([]ispan, *FieldError) {
	if len(ivs) > maxIntervals {
		return nil, ferr(path, "too many intervals (max "+strconv.Itoa(maxIntervals)+")")
	}
	out := make([]ispan, 0, len(ivs))
	for k, iv := range ivs {
		p := idx(path, k)
		o, ok := parseHHMM(iv.Opens, false)
		if !ok {
			return nil, ferr(p+".opens", "want HH:MM between 00:00 and 23:59")
		}
		cl, ok := parseHHMM(iv.Closes, true)
		if !ok {
			return nil, ferr(p+".closes", "want HH:MM between 00:00 and 24:00")
		}
		if iv.Overnight {
			if cl > o {
				return nil, ferr(p+".overnight", "overnight needs closes at or before opens")
			}
			cl += minutesPerDay
		} else if cl <= o {
			return nil, ferr(p+".closes", "must be after opens (set overnight for hours past midnight)")
		}
		out = append(out, ispan{o: o, c: cl, opens: iv.Opens, closes: iv.Closes, overnight: iv.Overnight})
	}
	return out, nil
}

// slot is one interval placed on a weekday, remembered with its path so
// overlaps can be reported precisely.
type slot struct {
	wd   int // 0..6, or 0 for single-day checks
	o, c int
	path string
}

// overlap reports the weekday on which two slots share a minute. Each slot
// is split into its part on its own weekday and, when spill is set, the
// overnight part on the next weekday.
func (s slot) overlap(t slot, spill bool) (int, bool) {
	type seg struct{ wd, a, b int }
	segs := func(x slot) [2]seg {
		r := [2]seg{{x.wd, x.o, min(x.c, minutesPerDay)}, {-1, 0, 0}}
		if spill && x.c > minutesPerDay {
			r[1] = seg{(x.wd + 1) % 7, 0, x.c - minutesPerDay}
		}
		return r
	}
	for _, a := range segs(s) {
		for _, b := range segs(t) {
			if a.wd >= 0 && a.wd == b.wd && a.a < b.b && b.a < a.b {
				return a.wd, true
			}
		}
	}
	return 0, false
}

// firstOverlap returns the first slot (in declaration order) that overlaps
// an earlier one.
func firstOverlap(slots []slot, spill bool, dayName func(int) string) *FieldError {
	for j := range slots {
		for i := 0; i < j; i++ {
			if wd, ok := slots[j].overlap(slots[i], spill); ok {
				msg := "overlaps " + slots[i].path
				if dayName != nil {
					msg += " on " + dayName(wd)
				}
				return ferr(slots[j].path, msg)
			}
		}
	}
	return nil
}

func weekdayEN(wd int) string { return time.Weekday(wd).String() }

// parseMonthDay parses the recurring "MM-DD" form; 02-29 is allowed.
func parseMonthDay(s string) (int, bool) {
	if len(s) != 5 || s[2] != '-' {
		return 0, false
	}
	m, ok1 := digits(s[0:2])
	d, ok2 := digits(s[3:5])
	if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 || d > daysIn(2000, time.Month(m)) {
		return 0, false
	}
	return m*100 + d, true
}

// parseValidity returns the season described by a rule's validity, or nil
// for a regular rule.
func parseValidity(from, to, path string) (*season, *FieldError) {
	if from == "" && to == "" {
		return nil, nil
	}
	s := &season{validFrom: from, validTo: to}
	fp, tp := path+".validFrom", path+".validTo"
	recurring := len(from) == 5 || len(to) == 5
	if recurring {
		s.recurring = true
		var ok bool
		if from == "" {
			return nil, ferr(fp, "required with the MM-DD form")
		}
		if s.fromMD, ok = parseMonthDay(from); !ok {
			return nil, ferr(fp, "want MM-DD or YYYY-MM-DD")
		}
		if to == "" {
			return nil, ferr(tp, "required with the MM-DD form")
		}
		if len(to) != 5 {
			return nil, ferr(tp, "must use the same MM-DD form as validFrom")
		}
		if s.toMD, ok = parseMonthDay(to); !ok {
			return nil, ferr(tp, "want MM-DD")
		}
		return s, nil
	}
	if from != "" {
		d, err := ParseDate(from)
		if err != nil {
			return nil, ferr(fp, "want MM-DD or YYYY-MM-DD")
		}
		s.from, s.fromN, s.hasFrom = d, d.days(), true
	}
	if to != "" {
		d, err := ParseDate(to)
		if err != nil {
			return nil, ferr(tp, "want YYYY-MM-DD like validFrom")
		}
		s.to, s.toN, s.hasTo = d, d.days(), true
		if s.hasFrom && d.Before(s.from) {
			return nil, ferr(tp, "must not be before validFrom")
		}
	}
	return s, nil
}

// ruleGroup collects the rules of one kind: the regular rules or one
// seasonal period.
type ruleGroup struct {
	season *season // nil for regular
	slots  []slot
	week   week
}

func (c *Compiled) compileRules(rules []Rule) *FieldError {
	if len(rules) > maxRules {
		return ferr("rules", "too many rules (max "+strconv.Itoa(maxRules)+")")
	}
	regular := &ruleGroup{}
	var groups []*ruleGroup
	byKey := map[string]*ruleGroup{}
	for i, r := range rules {
		p := idx("rules", i)
		sea, fe := parseValidity(r.ValidFrom, r.ValidTo, p)
		if fe != nil {
			return fe
		}
		g := regular
		if sea != nil {
			key := r.ValidFrom + "|" + r.ValidTo
			if g = byKey[key]; g == nil {
				g = &ruleGroup{season: sea}
				byKey[key] = g
				groups = append(groups, g)
			}
		}
		if len(r.Days) == 0 {
			return ferr(p+".days", "at least one day is required")
		}
		var seen [7]bool
		wds := make([]int, 0, len(r.Days))
		for j, name := range r.Days {
			wd, ok := dayNames[name]
			if !ok {
				return ferr(idx(p+".days", j), "unknown day "+strconv.Quote(name)+", want mon..sun")
			}
			if seen[wd] {
				return ferr(idx(p+".days", j), "day "+name+" listed twice")
			}
			seen[wd] = true
			wds = append(wds, int(wd))
		}
		ivs, fe := parseIntervals(r.Intervals, p+".intervals")
		if fe != nil {
			return fe
		}
		for _, wd := range wds {
			for k, iv := range ivs {
				g.slots = append(g.slots, slot{wd: wd, o: iv.o, c: iv.c, path: idx(p+".intervals", k)})
				g.week[wd] = append(g.week[wd], iv)
			}
		}
	}
	for _, g := range append([]*ruleGroup{regular}, groups...) {
		// Overnight spill into the next weekday counts: Monday 22:00–02:00
		// and Tuesday 01:00–05:00 of the same rule set overlap.
		if fe := firstOverlap(g.slots, true, weekdayEN); fe != nil {
			return fe
		}
		for wd := range g.week {
			slices.SortFunc(g.week[wd], func(a, b ispan) int { return a.o - b.o })
		}
	}
	c.regular = regular.week
	for _, g := range groups {
		g.season.week = g.week
		c.seasons = append(c.seasons, *g.season)
	}
	return nil
}

func (c *Compiled) compileExceptions(exs []Exception) *FieldError {
	if len(exs) > maxExceptions {
		return ferr("exceptions", "too many exceptions (max "+strconv.Itoa(maxExceptions)+")")
	}
	out := make([]exception, 0, len(exs))
	paths := make([]int, 0, len(exs))
	for i, e := range exs {
		p := idx("exceptions", i)
		from, err := ParseDate(e.From)
		if err != nil {
			return ferr(p+".from", "want YYYY-MM-DD")
		}
		to := from
		if e.To != "" {
			if to, err = ParseDate(e.To); err != nil {
				return ferr(p+".to", "want YYYY-MM-DD")
			}
			if to.Before(from) {
				return ferr(p+".to", "must not be before from")
			}
		}
		if fe := checkText(e.Reason, p+".reason"); fe != nil {
			return fe
		}
		if e.Closed && len(e.Intervals) > 0 {
			return ferr(p+".intervals", "must be empty when closed")
		}
		if !e.Closed && len(e.Intervals) == 0 {
			return ferr(p+".intervals", "required unless closed")
		}
		ivs, fe := parseIntervals(e.Intervals, p+".intervals")
		if fe != nil {
			return fe
		}
		slots := make([]slot, len(ivs))
		for k, iv := range ivs {
			slots[k] = slot{o: iv.o, c: iv.c, path: idx(p+".intervals", k)}
		}
		// A multi-day exception repeats its hours, so its own overnight
		// spill lands on its next day.
		spill := to.After(from)
		if fe := firstOverlap(selfSpill(slots, spill), spill, nil); fe != nil {
			return fe
		}
		slices.SortFunc(ivs, func(a, b ispan) int { return a.o - b.o })
		out = append(out, exception{from: from, to: to, fromN: from.days(), toN: to.days(), closed: e.Closed, ivs: ivs, reason: e.Reason})
		paths = append(paths, i)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return out[a].fromN - out[b].fromN })
	for k := 1; k < len(order); k++ {
		prev, cur := out[order[k-1]], out[order[k]]
		if cur.fromN <= prev.toN {
			return ferr(idx("exceptions", paths[order[k]])+".from", "overlaps "+idx("exceptions", paths[order[k-1]]))
		}
	}
	c.exceptions = make([]exception, len(out))
	for k, i := range order {
		c.exceptions[k] = out[i]
	}
	return nil
}

// selfSpill makes a multi-day exception's overnight parts visible on the
// following day by duplicating each slot onto weekday 1, so the overlap
// check sees day 0 → day 1 spill against day 1's own hours.
func selfSpill(slots []slot, spill bool) []slot {
	if !spill {
		return slots
	}
	out := make([]slot, 0, 2*len(slots))
	out = append(out, slots...)
	for _, s := range slots {
		s.wd = 1
		out = append(out, s)
	}
	return out
}

func (c *Compiled) compileHolidays(h HolidayPolicy) *FieldError {
	pub := h.Public
	switch h.PublicHolidays {
	case "":
	case PublicHolidaysClosed, PublicHolidaysRegular:
		if h.Public.Mode != "" {
			return ferr("holidays.publicHolidays", "give public or publicHolidays, not both")
		}
		pub.Mode = h.PublicHolidays
	default:
		return ferr("holidays.publicHolidays", "want closed or regular")
	}
	if pub.Mode == "" {
		pub.Mode = ModeClosed
	}
	var fe *FieldError
	if c.public, fe = compilePolicy(pub, "holidays.public"); fe != nil {
		return fe
	}
	if c.eves, fe = compilePolicy(h.Eves, "holidays.eves"); fe != nil {
		return fe
	}
	if c.dayBefore, fe = compilePolicy(h.DayBefore, "holidays.dayBefore"); fe != nil {
		return fe
	}
	if len(h.Overrides) > len(holidayDefs) {
		return ferr("holidays.overrides", "too many overrides (max one per holiday, "+strconv.Itoa(len(holidayDefs))+")")
	}
	for i, o := range h.Overrides {
		p := idx("holidays.overrides", i)
		id, ok := holidayID[o.Day]
		if !ok {
			return ferr(p+".day", "unknown holiday "+strconv.Quote(o.Day)+", want a key such as julafton or annandag_jul")
		}
		if c.overrides[id] != nil {
			return ferr(p+".day", o.Day+" is overridden twice")
		}
		if o.Mode == "" {
			return ferr(p+".mode", "required: regular, closed, hours or closeEarly")
		}
		dp, fe := compilePolicy(o.DayPolicy, p)
		if fe != nil {
			return fe
		}
		c.overrides[id] = &dp
		c.nOverrides++
	}
	return nil
}

func compilePolicy(p DayPolicy, path string) (dayPolicy, *FieldError) {
	out := dayPolicy{mode: p.Mode}
	switch p.Mode {
	case "":
		out.mode = ModeRegular
	case ModeRegular, ModeClosed, ModeHours, ModeCloseEarly:
	default:
		return out, ferr(path+".mode", "want regular, closed, hours or closeEarly")
	}
	if out.mode == ModeHours {
		if len(p.Intervals) == 0 {
			return out, ferr(path+".intervals", "required for mode hours")
		}
		ivs, fe := parseIntervals(p.Intervals, path+".intervals")
		if fe != nil {
			return out, fe
		}
		slots := make([]slot, len(ivs))
		for k, iv := range ivs {
			slots[k] = slot{o: iv.o, c: iv.c, path: idx(path+".intervals", k)}
		}
		if fe := firstOverlap(slots, false, nil); fe != nil {
			return out, fe
		}
		slices.SortFunc(ivs, func(a, b ispan) int { return a.o - b.o })
		out.ivs = ivs
	} else if len(p.Intervals) > 0 {
		return out, ferr(path+".intervals", "only used with mode hours")
	}
	if out.mode == ModeCloseEarly {
		if p.ClosesAt == "" {
			return out, ferr(path+".closesAt", "required for mode closeEarly")
		}
		m, ok := parseHHMM(p.ClosesAt, true)
		if !ok {
			return out, ferr(path+".closesAt", "want HH:MM between 00:00 and 24:00")
		}
		out.closesAt, out.closesAtStr = m, p.ClosesAt
	} else if p.ClosesAt != "" {
		return out, ferr(path+".closesAt", "only used with mode closeEarly")
	}
	return out, nil
}
