package hours

import "time"

// dstSlack bounds how far a wall-clock reading can be from the naive one
// around a zone transition; candidates within it get an exact instant check.
const dstSlack = 180

// horizonDays is how far NextChange looks ahead: about two years.
const horizonDays = 2*366 + 7

// Change is a flip of the open state.
type Change struct {
	At    time.Time `json:"at"`
	Opens bool      `json:"opens"` // true when the channel opens at At, false when it closes
}

// OpenAt reports whether the channel is open at instant t. Spans are
// half-open: open at OpensAt, closed at ClosesAt.
func (c *Compiled) OpenAt(t time.Time) bool {
	lt := t.In(c.loc)
	y, m, dd := lt.Date()
	d := Date{y, m, dd}
	h, mi, _ := lt.Clock()
	wall := h*60 + mi
	// The previous day's overnight spans reach into today.
	if c.dayContains(d.AddDays(-1), t, wall+minutesPerDay) {
		return true
	}
	if c.dayContains(d, t, wall) {
		return true
	}
	// Only a fall-back transition at midnight can put tomorrow's first
	// minutes before t; the check is skipped unless t is that close.
	return wall+dstSlack >= minutesPerDay && c.dayContains(d.AddDays(1), t, wall-minutesPerDay)
}

// dayContains reports whether a span of date d contains t, where wall is
// t's wall clock in minutes relative to d's midnight. Instants are only
// computed for spans near wall.
func (c *Compiled) dayContains(d Date, t time.Time, wall int) bool {
	r := c.resolve(d)
	for i := range r.ivs {
		s, ok := r.span(i)
		if !ok || s.o > wall+dstSlack || s.c <= wall-dstSlack {
			continue
		}
		if a := wallInstant(c.loc, d, s.o); a.After(t) {
			continue
		}
		if b := wallInstant(c.loc, d, s.c); b.After(t) {
			return true
		}
	}
	return false
}

// NextChange returns the first instant strictly after `after` at which the
// open state flips. Touching or overlapping spans (Monday 00:00–24:00 then
// Tuesday 00:00–24:00, or an overnight span running into the next day's
// opening) count as one opening, so no false change is reported at their
// seam. It looks about two years ahead; ok is false when the state does not
// change within that horizon (24/7, or never open).
func (c *Compiled) NextChange(after time.Time) (Change, bool) {
	d := DateOf(after.In(c.loc))
	// Spans are visited in opening order, merged into maximal open blocks
	// [bs, be); the first block that ends after `after` decides.
	var bs, be time.Time
	have := false
	for k := -1; k <= horizonDays; k++ {
		day := d.AddDays(k)
		r := c.resolve(day)
		for i := range r.ivs {
			s, ok := r.span(i)
			if !ok {
				continue
			}
			a := wallInstant(c.loc, day, s.o)
			b := wallInstant(c.loc, day, s.c)
			if !b.After(a) {
				continue
			}
			if have && !a.After(be) {
				if b.After(be) {
					be = b
				}
				continue
			}
			if have {
				if ch, ok := decide(bs, be, after); ok {
					return ch, true
				}
			}
			bs, be, have = a, b, true
		}
	}
	switch {
	case !have:
		return Change{}, false
	case bs.After(after):
		// Its start is a real opening even if its end lies beyond the
		// horizon.
		return Change{At: bs, Opens: true}, true
	case be.Before(wallInstant(c.loc, d.AddDays(horizonDays+1), 0)):
		// The block's end is only final if no span beyond the horizon
		// could touch it.
		return decide(bs, be, after)
	}
	return Change{}, false
}

// decide turns a final open block into the next change after `after`, if
// the block lies beyond it.
func decide(bs, be, after time.Time) (Change, bool) {
	switch {
	case !be.After(after):
		return Change{}, false
	case bs.After(after):
		return Change{At: bs, Opens: true}, true
	default:
		return Change{At: be, Opens: false}, true
	}
}
