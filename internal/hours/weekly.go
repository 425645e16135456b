package hours

import "time"

// weekOrder lists weekdays Monday first, as Swedish and ISO weeks do.
var weekOrder = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// sameHours reports whether two days have identical intervals.
func sameHours(a, b []ispan) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].o != b[i].o || a[i].c != b[i].c {
			return false
		}
	}
	return true
}

// wholeDay reports whether a day is exactly one 00:00–24:00 opening.
func wholeDay(ivs []ispan) bool {
	return len(ivs) == 1 && ivs[0].o == 0 && ivs[0].c == minutesPerDay
}

// dayRun is a maximal run of consecutive weekdays (indexes into weekOrder)
// with the same hours.
type dayRun struct {
	first, last int
	ivs         []ispan
}

// runs folds a Monday-first week into runs of equal consecutive days.
func runs(w [7][]ispan) []dayRun {
	var out []dayRun
	for i := range 7 {
		if n := len(out); n > 0 && sameHours(out[n-1].ivs, w[i]) {
			out[n-1].last = i
			continue
		}
		out = append(out, dayRun{first: i, last: i, ivs: w[i]})
	}
	return out
}

// mondayFirst reorders a Sunday-indexed week.
func mondayFirst(w *week) [7][]ispan {
	var out [7][]ispan
	for i, wd := range weekOrder {
		out[i] = w[wd]
	}
	return out
}

// closesWall is the closing wall-clock minute of a span: an overnight
// span's closing is shown on the next day's clock.
func closesWall(s ispan) int {
	if s.c > minutesPerDay {
		return s.c - minutesPerDay
	}
	return s.c
}
