package hours

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// osmDays are OpenStreetMap weekday abbreviations, Monday first.
var osmDays = [7]string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

var osmMonths = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// osmSel is an OSM date selector for one holiday or eve of holidayDefs.
// weekday is its fixed weekday (Monday first) or -1 when it varies;
// window is the month-day range (month*100+day) its date falls in.
type osmSel struct {
	sel          string
	weekday      int
	fromMD, toMD int
}

var osmHolidaySels = [numHolidays]osmSel{
	{"Jan 01", -1, 101, 101},
	{"Jan 06", -1, 106, 106},
	{"easter -2 days", 4, 320, 423},
	{"easter -1 day", 5, 321, 424},
	{"easter", 6, 322, 425},
	{"easter +1 day", 0, 323, 426},
	{"May 01", -1, 501, 501},
	{"easter +39 days", 3, 430, 603},
	{"easter +49 days", 6, 510, 613},
	{"", 0, 0, 0}, // annandag pingst: a public holiday only before 2005
	{"Jun 06", -1, 606, 606},
	{"Jun 19-25 Fr", 4, 619, 625},
	{"Jun 20-26 Sa", 5, 620, 626},
	{"Oct 31-Nov 06 Sa", 5, 1031, 1106},
	{"Dec 24", -1, 1224, 1224},
	{"Dec 25", -1, 1225, 1225},
	{"Dec 26", -1, 1226, 1226},
	{"Dec 31", -1, 1231, 1231},
}

// osmWriter accumulates rules; later rules replace earlier ones on the days
// they select, which is how OSM's opening_hours reads them.
type osmWriter struct {
	c         *Compiled
	rules     [][]byte
	ok        bool
	overnight bool // the regular week has hours past midnight
}

// OSM renders the schedule in OpenStreetMap opening_hours syntax, e.g.
// "Mo-Fr 07:30-17:00; PH -1 day Mo-Fr 07:30-15:00; PH off; Dec 24 off".
// The string states the whole schedule as OSM parsers read it for 2005 and
// later, under OSM's Swedish public holidays: the regular week, seasons as
// date ranges, the day before a holiday as "PH -1 day", public holidays as
// "PH", eves and per-day overrides as their dates ("Dec 24",
// "easter -1 day", "Jun 19-25 Fr") and exceptions as dated rules. ok is
// false when OSM cannot say what Rådhus resolves, and then no string is
// given rather than a wrong one: overnight hours together with anything but
// the regular week (OSM moves the hours after midnight to the next day's
// rules), a time inside a daylight-saving transition, a recurring season
// starting or ending on 02-29, seasons whose precedence changes with leap
// years, and closing early or keeping regular hours on an eve or holiday
// that a season may cover.
func (c *Compiled) OSM() (string, bool) {
	w := &osmWriter{c: c, ok: true}
	if !c.osmExpressible() {
		return "", false
	}
	for _, ivs := range c.regular {
		for _, s := range ivs {
			w.overnight = w.overnight || s.c > minutesPerDay
		}
	}
	base := mondayFirst(&c.regular)
	onlyWeek := len(c.seasons) == 0 && len(c.exceptions) == 0 && c.nOverrides == 0 &&
		c.public.mode == ModeRegular && c.eves.mode == ModeRegular && c.dayBefore.mode == ModeRegular
	allDay := true
	for _, ivs := range base {
		allDay = allDay && wholeDay(ivs)
	}
	if onlyWeek && allDay {
		return "24/7", true
	}
	w.week("", base, false)
	seasons := w.seasonOrder()
	for _, i := range seasons {
		for _, sel := range osmSeasonSels(&c.seasons[i]) {
			w.week(sel, mondayFirst(&c.seasons[i].week), true)
		}
	}
	// Special days, from the weakest to the strongest.
	if c.dayBefore.mode != ModeRegular {
		w.policy(osmSel{sel: "PH -1 day", weekday: -1}, &c.dayBefore, true, false)
	}
	dayBeforeActs := c.dayBefore.mode != ModeRegular
	w.policy(osmSel{sel: "PH", weekday: -1}, &c.public, true, dayBeforeActs)
	for _, id := range []int{3, 11, 14, 17} {
		if c.overrides[id] == nil { // an override replaces the whole day below
			w.policy(osmHolidaySels[id], &c.eves, false, dayBeforeActs)
		}
	}
	for id := numHolidays - 1; id >= 0; id-- {
		p := c.overrides[id]
		if p == nil || osmHolidaySels[id].sel == "" {
			continue
		}
		// An override keeping regular hours is written out: the general
		// policies before it may have acted on its date.
		w.policy(osmHolidaySels[id], p, false, true)
	}
	for i := range c.exceptions {
		e := &c.exceptions[i]
		sel := osmDate(e.from, true)
		if e.toN != e.fromN {
			sel += "-" + osmDate(e.to, true)
		}
		w.times(sel, e.ivs)
	}
	if !w.ok {
		return "", false
	}
	open := false
	for _, r := range w.rules {
		open = open || !strings.HasSuffix(string(r), " off")
	}
	if !open {
		return "off", true
	}
	var b []byte
	for i, r := range w.rules {
		if i > 0 {
			// Only the regular week is written when it has overnight
			// hours; its rules then add to each other, so that a weekday's
			// own hours do not cut the hours after midnight of the day
			// before.
			if w.overnight {
				b = append(b, ", "...)
			} else {
				b = append(b, "; "...)
			}
		}
		b = append(b, r...)
	}
	return string(b), true
}

// osmExpressible checks what no rule order can fix.
func (c *Compiled) osmExpressible() bool {
	var all [][]ispan
	for _, ivs := range c.regular {
		all = append(all, ivs)
	}
	special := len(c.seasons) > 0 || len(c.exceptions) > 0 || c.nOverrides > 0 ||
		c.public.mode != ModeRegular || c.eves.mode != ModeRegular || c.dayBefore.mode != ModeRegular
	for i := range c.seasons {
		s := &c.seasons[i]
		if s.recurring && (s.fromMD == 229 || s.toMD == 229) {
			return false
		}
		for _, ivs := range s.week {
			all = append(all, ivs)
		}
	}
	for i := range c.exceptions {
		all = append(all, c.exceptions[i].ivs)
	}
	pols := []*dayPolicy{&c.public, &c.eves, &c.dayBefore}
	for _, p := range c.overrides {
		if p != nil {
			pols = append(pols, p)
		}
	}
	gaps := transitionWindows(c.loc)
	inGap := func(m int) bool {
		m %= minutesPerDay
		for _, g := range gaps {
			if g[0] <= m && m < g[1] {
				return true
			}
		}
		return false
	}
	for _, p := range pols {
		all = append(all, p.ivs)
		if p.mode == ModeCloseEarly && inGap(p.closesAt) {
			return false
		}
	}
	// Parsers also misplace hours after midnight that run through a
	// transition.
	spansGap := func(s ispan) bool {
		for _, g := range gaps {
			if s.c > minutesPerDay && s.c-minutesPerDay > g[0] {
				return true
			}
		}
		return false
	}
	for _, ivs := range all {
		for _, s := range ivs {
			if (special && s.c > minutesPerDay) || inGap(s.o) || inGap(s.c) || spansGap(s) {
				return false
			}
		}
	}
	return true
}

// transitionWindows returns the wall-clock minutes of a day that a zone's
// daylight-saving transitions skip or repeat (02:00–03:00 in Stockholm),
// as seen in 2026 and 2027.
func transitionWindows(loc *time.Location) [][2]int {
	var out [][2]int
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(2028, 1, 1, 0, 0, 0, 0, loc)
	for t.Before(end) {
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(end) {
			break
		}
		last := next.Add(-time.Minute)
		_, before := last.Zone()
		_, after := next.Zone()
		// The wall clock jumps from w to w+delta (spring) or back from w
		// to w-delta (autumn); either way the hour between is unsafe.
		w := last.Hour()*60 + last.Minute() + 1
		delta := (after - before) / 60
		lo, hi := w, w+delta
		if delta < 0 {
			lo, hi = w+delta, w
		}
		out = append(out, [2]int{lo, hi})
		t = next
	}
	return out
}

// seasonOrder returns the seasons weakest first, so that the rule of the
// season Rådhus picks comes last. It gives up (w.ok = false) when the
// order depends on the year.
func (w *osmWriter) seasonOrder() []int {
	ss := w.c.seasons
	n := len(ss)
	if n == 0 {
		return nil
	}
	lenIn := func(i, y int) int {
		s := &ss[i]
		if !s.recurring {
			if !s.hasFrom || !s.hasTo {
				return 1 << 30
			}
			return s.toN - s.fromN + 1
		}
		f, t := s.occurrenceFrom(y)
		return t.days() - f.days() + 1
	}
	// wins reports whether season a beats b in year y.
	wins := func(a, b, y int) bool {
		la, lb := lenIn(a, y), lenIn(b, y)
		return la < lb || (la == lb && a < b)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if wins(a, b, 2027) {
			return 1
		}
		return -1
	})
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if wins(order[i], order[j], 2027) != wins(order[i], order[j], 2028) ||
				wins(order[i], order[j], 2027) != wins(order[i], order[j], 2026) {
				w.ok = false
			}
		}
	}
	return order
}

// osmSeasonSels returns the date selectors of a season: one range, or two
// rules for a fixed season open at one end (OSM has no open date range).
func osmSeasonSels(s *season) []string {
	if s.recurring {
		from := osmMD(s.fromMD)
		if s.fromMD == s.toMD {
			return []string{from}
		}
		return []string{from + "-" + osmMD(s.toMD)}
	}
	switch {
	case s.hasFrom && s.hasTo:
		if s.fromN == s.toN {
			return []string{osmDate(s.from, true)}
		}
		return []string{osmDate(s.from, true) + "-" + osmDate(s.to, true)}
	case s.hasFrom:
		return []string{
			osmDate(s.from, true) + "-" + osmDate(Date{s.from.Year, time.December, 31}, true),
			strconv.Itoa(s.from.Year+1) + "+",
		}
	default:
		// OSM parsers take years after 1900; Rådhus answers from
		// FirstHolidayYear on.
		last := osmDate(Date{s.to.Year, time.January, 1}, true) + "-" + osmDate(s.to, true)
		switch y := s.to.Year - 1; {
		case y < FirstHolidayYear:
			return []string{last}
		case y == FirstHolidayYear:
			return []string{strconv.Itoa(y), last}
		default:
			return []string{strconv.Itoa(FirstHolidayYear) + "-" + strconv.Itoa(y), last}
		}
	}
}

func osmMD(md int) string {
	return osmMonths[md/100] + " " + string([]byte{byte('0' + md%100/10), byte('0' + md%10)})
}

func osmDate(d Date, withYear bool) string {
	s := osmMD(int(d.Month)*100 + d.Day)
	if withYear {
		return strconv.Itoa(d.Year) + " " + s
	}
	return s
}

// policy writes the rules of one day policy on the days sel selects.
// combinable says whether sel may be joined with a season's date range
// (holiday selectors can, dates cannot). restate says whether an earlier
// rule may have acted on those days, so that "regular" must be written out.
func (w *osmWriter) policy(sel osmSel, p *dayPolicy, combinable, restate bool) {
	switch p.mode {
	case ModeClosed:
		w.rule(sel.sel + " off")
	case ModeHours:
		w.times(sel.sel, p.ivs)
	case ModeRegular:
		if restate {
			w.normalOn(sel, combinable, minutesPerDay*3)
		}
	case ModeCloseEarly:
		w.normalOn(sel, combinable, p.closesAt)
	}
}

// normalOn writes the regular week and the seasons again, restricted to
// the days sel selects and clipped at clip.
func (w *osmWriter) normalOn(sel osmSel, combinable bool, clip int) {
	c := w.c
	if !combinable {
		// A date cannot be joined with a season's date range: the week on
		// that date must be the same in every year, from no season or from
		// recurring seasons that cover its whole window.
		wk, ok := w.weekOnWindow(sel.fromMD, sel.toMD)
		if !ok {
			w.ok = false
			return
		}
		w.weekOn(sel.sel, sel.weekday, clipWeek(mondayFirst(wk), clip))
		return
	}
	w.weekOn(sel.sel, sel.weekday, clipWeek(mondayFirst(&c.regular), clip))
	for _, i := range w.seasonOrder() {
		for _, ss := range osmSeasonSels(&c.seasons[i]) {
			w.weekOn(ss+" "+sel.sel, sel.weekday, clipWeek(mondayFirst(&c.seasons[i].week), clip))
		}
	}
}

// weekOnWindow returns the week in force on every day of the month-day
// window from..to in every year; ok is false when that depends on the
// date or the year.
func (w *osmWriter) weekOnWindow(from, to int) (*week, bool) {
	c := w.c
	best := -1
	for i := range c.seasons {
		s := &c.seasons[i]
		if !s.touches(from, to) {
			continue
		}
		if !s.recurring || !s.coversWindow(from, to) {
			return nil, false
		}
		// Precedence as in normal: the shortest occurrence, then the first
		// declared; seasonOrder has checked it does not change with years.
		if best < 0 {
			best = i
			continue
		}
		bf, bt := c.seasons[best].occurrenceFrom(2027)
		sf, st := s.occurrenceFrom(2027)
		if st.days()-sf.days() < bt.days()-bf.days() {
			best = i
		}
	}
	if best < 0 {
		return &c.regular, true
	}
	return &c.seasons[best].week, true
}

// coversWindow reports whether a recurring season covers every month-day
// of from..to.
func (s *season) coversWindow(from, to int) bool {
	in := func(md int) bool {
		if s.fromMD <= s.toMD {
			return s.fromMD <= md && md <= s.toMD
		}
		return md >= s.fromMD || md <= s.toMD
	}
	if !in(from) || !in(to) {
		return false
	}
	// Both ends inside; the season must not end and restart between them.
	if s.fromMD <= s.toMD {
		return true
	}
	return !(from <= s.toMD && to >= s.fromMD) || from > to
}

// weekOn writes "sel off" and the week's hours on sel; with a fixed weekday
// only that day's hours.
func (w *osmWriter) weekOn(sel string, weekday int, wk [7][]ispan) {
	if weekday >= 0 {
		w.times(sel, wk[weekday])
		return
	}
	w.week(sel, wk, true)
}

// touches reports whether the season may cover a day in the month-day
// window from..to (not wrapping) of some year.
func (s *season) touches(from, to int) bool {
	if s.recurring {
		if s.fromMD <= s.toMD {
			return s.fromMD <= to && from <= s.toMD
		}
		return from <= s.toMD || to >= s.fromMD
	}
	if !s.hasFrom || !s.hasTo {
		return true
	}
	for y := s.from.Year; y <= s.to.Year; y++ {
		a := Date{y, time.Month(from / 100), from % 100}.days()
		b := Date{y, time.Month(to / 100), to % 100}.days()
		if a <= s.toN && s.fromN <= b {
			return true
		}
	}
	return false
}

// clipWeek applies closeEarly at clip to every day of a week.
func clipWeek(wk [7][]ispan, clip int) [7][]ispan {
	if clip >= minutesPerDay*2 {
		return wk
	}
	var out [7][]ispan
	for d, ivs := range wk {
		for _, s := range ivs {
			if s.o >= clip {
				continue
			}
			if s.c > clip {
				s.c = clip
			}
			out[d] = append(out[d], s)
		}
	}
	return out
}

// rule appends one rule.
func (w *osmWriter) rule(r string) { w.rules = append(w.rules, []byte(r)) }

// times writes "sel HH:MM-HH:MM,..." or "sel off".
func (w *osmWriter) times(sel string, ivs []ispan) {
	var b []byte
	if sel != "" {
		b = append(b, sel...)
		b = append(b, ' ')
	}
	if len(ivs) == 0 {
		w.rules = append(w.rules, append(b, "off"...))
		return
	}
	w.rules = append(w.rules, appendOSMTimes(b, ivs))
}

func appendOSMTimes(b []byte, ivs []ispan) []byte {
	for n, s := range ivs {
		if n > 0 {
			b = append(b, ',')
		}
		b = appendHHMM(b, s.o, ':')
		b = append(b, '-')
		b = appendHHMM(b, closesWall(s), ':')
	}
	return b
}

// week writes a week's hours, weekdays with equal hours combined
// ("Mo-We,Fr 08:00-16:00"). With a selector and withOff, the days it
// selects are first closed ("Jun 15-Aug 15 off"), since its closed
// weekdays must replace earlier rules too.
func (w *osmWriter) week(sel string, wk [7][]ispan, withOff bool) {
	prefix := ""
	if sel != "" {
		prefix = sel + " "
	}
	allClosed, someClosed := true, false
	for _, ivs := range wk {
		allClosed = allClosed && len(ivs) == 0
		someClosed = someClosed || len(ivs) == 0
	}
	// When every weekday has hours, the rules below replace all of them.
	if (withOff && someClosed) || (sel != "" && allClosed) {
		w.rule(prefix + "off")
	}
	var done [7]bool
	for i := range 7 {
		if done[i] || len(wk[i]) == 0 {
			continue
		}
		var same [7]bool
		for j := i; j < 7; j++ {
			if !done[j] && sameHours(wk[i], wk[j]) {
				same[j], done[j] = true, true
			}
		}
		b := []byte(prefix)
		first := true
		for j := 0; j < 7; j++ {
			if !same[j] {
				continue
			}
			k := j
			for k+1 < 7 && same[k+1] {
				k++
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, osmDays[j]...)
			if k > j {
				b = append(b, '-')
				b = append(b, osmDays[k]...)
			}
			j = k
		}
		b = append(b, ' ')
		w.rules = append(w.rules, appendOSMTimes(b, wk[i]))
	}
}
