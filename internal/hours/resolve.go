package hours

import "time"

// noClip marks a resolved day whose intervals are not shortened.
const noClip = 3 * minutesPerDay

// resolved is a day's hours in minutes, before instants are computed. It
// points into the compiled schedule, so resolving allocates nothing.
type resolved struct {
	ivs     []ispan
	clip    int // closeEarly: every interval ends by this minute
	clipStr string
	src     Source
	kind    Kind
	reason  Text
	hy      *holidayYear
	hol     int // index into hy.list, -1 when the day is no holiday
	nextHy  *holidayYear
	next    int // on a day before a public holiday, its index into nextHy.list
}

// span returns the i-th interval with closeEarly applied; ok is false when
// clipping removes it.
func (r *resolved) span(i int) (ispan, bool) {
	s := r.ivs[i]
	if s.c <= r.clip {
		return s, true
	}
	if s.o >= r.clip {
		return ispan{}, false
	}
	s.c, s.closes, s.overnight = r.clip, r.clipStr, false
	return s, true
}

// classify sets the kind of d and the holiday it is or precedes.
func (r *resolved) classify(d Date) {
	r.hol, r.next, r.kind = -1, -1, KindOrdinary
	r.hy, r.hol = lookupHoliday(d)
	if r.hol >= 0 {
		if r.hy.list[r.hol].Public {
			r.kind = KindPublic
		} else {
			r.kind = KindEve
		}
		return
	}
	if hy, k := lookupHoliday(d.AddDays(1)); k >= 0 && hy.list[k].Public {
		r.nextHy, r.next, r.kind = hy, k, KindDayBefore
	}
}

// policyFor returns the policy acting on a classified day and the reason it
// gives: an override of a holiday on that date (the first listed when two
// coincide), else the general policy of the day's kind.
func (c *Compiled) policyFor(r *resolved) (*dayPolicy, Text) {
	switch r.kind {
	case KindPublic, KindEve:
		if c.nOverrides > 0 {
			for k := r.hol; k < len(r.hy.list) && r.hy.list[k].Date == r.hy.list[r.hol].Date; k++ {
				if p := c.overrides[r.hy.ids[k]]; p != nil {
					return p, r.hy.names[k]
				}
			}
		}
		if r.kind == KindPublic {
			return &c.public, r.hy.names[r.hol]
		}
		return &c.eves, r.hy.names[r.hol]
	case KindDayBefore:
		return &c.dayBefore, r.nextHy.before[r.next]
	}
	return nil, Text{}
}

// resolve applies the precedence exception > holiday override > holiday
// policy > seasonal rule > regular rule to date d.
func (c *Compiled) resolve(d Date) resolved {
	r := resolved{clip: noClip}
	r.classify(d)
	if e := c.exceptionOn(d.days()); e != nil {
		r.ivs, r.src, r.reason = e.ivs, SourceException, e.reason
		return r
	}
	pol, reason := c.policyFor(&r)
	ivs, src := c.normal(d)
	if pol == nil || pol.mode == ModeRegular {
		r.ivs, r.src = ivs, src
		return r
	}
	r.src, r.reason = SourceHoliday, reason
	switch pol.mode {
	case ModeHours:
		r.ivs = pol.ivs
	case ModeCloseEarly:
		// Clipping the normal hours can only shorten them, so a day that is
		// normally closed stays closed.
		r.ivs, r.clip, r.clipStr = ivs, pol.closesAt, pol.closesAtStr
	}
	return r
}

// exceptionOn finds the exception covering day number dn.
func (c *Compiled) exceptionOn(dn int) *exception {
	lo, hi := 0, len(c.exceptions)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.exceptions[m].fromN <= dn {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return nil
	}
	if e := &c.exceptions[lo-1]; dn <= e.toN {
		return e
	}
	return nil
}

// normal returns the weekly hours of d: the seasonal period covering d, or
// the regular rules. When several periods cover d the shortest occurrence
// wins (a fixed July 2026 period beats a recurring summer), ties going to
// the period declared first.
func (c *Compiled) normal(d Date) ([]ispan, Source) {
	best, bestLen := -1, 0
	for i := range c.seasons {
		s := &c.seasons[i]
		if !s.covers(d) {
			continue
		}
		if best < 0 && i == len(c.seasons)-1 {
			best = i // the only candidate left; its length does not matter
			break
		}
		if l := s.length(d); best < 0 || l < bestLen {
			best, bestLen = i, l
		}
	}
	if best < 0 {
		return c.regular[d.Weekday()], SourceRegular
	}
	return c.seasons[best].week[d.Weekday()], SourceSeasonal
}

func (s *season) covers(d Date) bool {
	if s.recurring {
		md := int(d.Month)*100 + d.Day
		if s.fromMD <= s.toMD {
			return s.fromMD <= md && md <= s.toMD
		}
		return md >= s.fromMD || md <= s.toMD
	}
	n := d.days()
	return (!s.hasFrom || s.fromN <= n) && (!s.hasTo || n <= s.toN)
}

// length is the number of days of the occurrence covering d; open-ended
// periods are treated as endless.
func (s *season) length(d Date) int {
	if s.recurring {
		from, to := s.occurrence(d)
		return to.days() - from.days() + 1
	}
	if !s.hasFrom || !s.hasTo {
		return 1 << 30
	}
	return s.toN - s.fromN + 1
}

// occurrence returns the first and last day of the recurring period's
// occurrence that covers d (or, for a date outside it, the one starting in
// d's year).
func (s *season) occurrence(d Date) (from, to Date) {
	y := d.Year
	if s.fromMD > s.toMD && int(d.Month)*100+d.Day <= s.toMD {
		y-- // d is in the part after new year
	}
	return s.occurrenceFrom(y)
}

// occurrenceFrom returns the occurrence starting in year y. A 02-29 start
// in a common year begins on 1 March, a 02-29 end finishes on 28 February.
func (s *season) occurrenceFrom(y int) (from, to Date) {
	from = fromDays(Date{y, time.Month(s.fromMD / 100), s.fromMD % 100}.days())
	ty := y
	if s.fromMD > s.toMD {
		ty++
	}
	tm := time.Month(s.toMD / 100)
	to = Date{ty, tm, min(s.toMD%100, daysIn(ty, tm))}
	return from, to
}

// Days resolves every date from from to to inclusive. The caller caps the
// range. Spans that the spring-forward gap reduces to nothing are left out.
func (c *Compiled) Days(from, to Date) []Day {
	n := to.days() - from.days() + 1
	if n <= 0 {
		return nil
	}
	days := make([]Day, n)
	// One backing array for all spans and holidays keeps a year down to a
	// handful of allocations; the slices are handed out at the end because
	// appends may move the arrays.
	spans := make([]Span, 0, n*2)
	var hols []Holiday
	ends := make([]int32, n)
	holAt := make([]int32, n)
	for i := range n {
		d := from.AddDays(i)
		r := c.resolve(d)
		days[i] = Day{Date: d, Source: r.src, Kind: r.kind, Reason: r.reason}
		spans = c.appendSpans(spans, d, &r)
		ends[i] = int32(len(spans))
		holAt[i] = -1
		switch {
		case r.hol >= 0:
			hols = append(hols, r.hy.list[r.hol])
			holAt[i] = int32(len(hols) - 1)
		case r.next >= 0:
			hols = append(hols, r.nextHy.list[r.next])
			holAt[i] = int32(len(hols) - 1)
		}
	}
	start := 0
	for i := range days {
		// Closed days get an empty, non-nil slice so JSON shows [].
		e := int(ends[i])
		days[i].Intervals = spans[start:e:e]
		start = e
		if k := holAt[i]; k >= 0 {
			if days[i].Kind == KindDayBefore {
				days[i].Before = &hols[k]
			} else {
				days[i].Holiday = &hols[k]
			}
		}
	}
	return days
}

// appendSpans appends the real spans of a resolved day.
func (c *Compiled) appendSpans(dst []Span, d Date, r *resolved) []Span {
	for i := range r.ivs {
		s, ok := r.span(i)
		if !ok {
			continue
		}
		a := wallInstant(c.loc, d, s.o)
		b := wallInstant(c.loc, d, s.c)
		if !b.After(a) {
			continue
		}
		dst = append(dst, Span{Opens: s.opens, Closes: s.closes, Overnight: s.overnight, OpensAt: a, ClosesAt: b})
	}
	return dst
}
