package hours

// osmDays are OpenStreetMap weekday abbreviations, Monday first.
var osmDays = [7]string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// OSM renders the regular weekly rules in OpenStreetMap opening_hours
// syntax, e.g. "Mo-Fr 07:30-17:00; PH off". Weekdays with equal hours are
// combined ("Mo-We,Fr 08:00-16:00"), closed weekdays are left out, a week
// of whole days is "24/7", and "PH off" is added when public holidays are
// closed. Seasons, exceptions and eves are not expressed.
func (c *Compiled) OSM() string {
	w := mondayFirst(&c.regular)
	allDay, allClosed := true, true
	for _, ivs := range w {
		allDay = allDay && wholeDay(ivs)
		allClosed = allClosed && len(ivs) == 0
	}
	var b []byte
	switch {
	case allClosed:
		// Public holidays cannot be more closed than every day is.
		return "off"
	case allDay:
		b = append(b, "24/7"...)
	default:
		var done [7]bool
		for i := range 7 {
			if done[i] || len(w[i]) == 0 {
				continue
			}
			if len(b) > 0 {
				b = append(b, "; "...)
			}
			// Collect every weekday sharing day i's hours, as runs.
			var same [7]bool
			for j := i; j < 7; j++ {
				if !done[j] && sameHours(w[i], w[j]) {
					same[j], done[j] = true, true
				}
			}
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
			for n, s := range w[i] {
				if n > 0 {
					b = append(b, ',')
				}
				b = appendHHMM(b, s.o, ':')
				b = append(b, '-')
				b = appendHHMM(b, closesWall(s), ':')
			}
		}
	}
	if !c.publicRegular {
		b = append(b, "; PH off"...)
	}
	return string(b)
}
