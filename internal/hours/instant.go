package hours

import "time"

// wallInstant maps a wall-clock time on date d (min minutes after its
// midnight; values past 24:00 land on the following days) to a real instant
// in loc. This is the engine's single DST rule:
//
//   - a wall time that does not exist (the spring-forward gap, 02:00–02:59
//     on the last Sunday of March in Stockholm) maps forward to the first
//     instant after the gap (03:00), so an interval never gains an hour;
//   - a wall time that exists twice (the fall-back overlap) maps to the
//     earlier of the two instants, so an interval that spans the overlap
//     keeps the repeated hour.
func wallInstant(loc *time.Location, d Date, min int) time.Time {
	if min >= minutesPerDay {
		d = d.AddDays(min / minutesPerDay)
		min %= minutesPerDay
	}
	t := time.Date(d.Year, d.Month, d.Day, min/60, min%60, 0, 0, loc)
	want := d.unixDay() + int64(min)*60
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	if got := t.Unix() + int64(off); got != want {
		// time.Date moved a non-existent wall time by the gap's length,
		// forwards or backwards depending on the zone data; either way the
		// transition is the edge of the zone period t landed in.
		if got > want {
			return start
		}
		return end
	}
	// Only the first few hours of a zone period can repeat wall times of
	// the previous one; skip the extra zone look-up otherwise.
	if start.IsZero() || t.Sub(start) >= 4*time.Hour {
		return t
	}
	_, prevOff := start.Add(-time.Second).Zone()
	if prevOff > off {
		// time.Date picked the later of two readings; the earlier one is
		// valid if it still lies in the previous zone period.
		if cand := t.Add(-time.Duration(prevOff-off) * time.Second); cand.Before(start) {
			return cand
		}
	}
	return t
}
