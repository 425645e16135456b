package hours

import "strings"

type summaryLang struct {
	days           [7]string // Monday first
	closed, allDay string    // per group
	allWeek        string    // whole summary when every day is 00:00–24:00
	sep            byte      // between hours and minutes
}

var (
	langSV = summaryLang{
		days:    [7]string{"måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"},
		closed:  "stängt",
		allDay:  "dygnet runt",
		allWeek: "öppet dygnet runt",
		sep:     '.',
	}
	langEN = summaryLang{
		days:    [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
		closed:  "closed",
		allDay:  "open 24 hours",
		allWeek: "open 24 hours",
		sep:     ':',
	}
)

// pickLang maps a locale ("sv", "sv-SE", "en", "en_GB", ...) to a language;
// anything that is not English falls back to Swedish.
func pickLang(locale string) *summaryLang {
	if len(locale) >= 2 && strings.EqualFold(locale[:2], "en") && (len(locale) == 2 || locale[2] == '-' || locale[2] == '_') {
		return &langEN
	}
	return &langSV
}

// Summary describes the weekly hours in force in the Monday–Sunday week
// containing on, e.g. "måndag–fredag 07.30–17.00; lördag–söndag stängt".
// Each weekday takes the seasonal period covering that date, else the
// regular rules; exceptions and holidays are ignored. Consecutive weekdays
// with equal hours are folded. locale "en…" gives English, anything else
// Swedish.
func (c *Compiled) Summary(locale string, on Date) string {
	return c.summary(locale, on, true)
}

// OpenSummary is Summary without the closed days, as a page says its hours:
// "måndag–fredag 07.30–17.00". A week closed every day reads "stängt".
func (c *Compiled) OpenSummary(locale string, on Date) string {
	return c.summary(locale, on, false)
}

func (c *Compiled) summary(locale string, on Date, withClosed bool) string {
	l := pickLang(locale)
	monday := on.AddDays(-((int(on.Weekday()) + 6) % 7))
	var w [7][]ispan
	for i := range 7 {
		w[i], _ = c.normal(monday.AddDays(i))
	}
	return l.describe(w, withClosed)
}

func (l *summaryLang) describe(w [7][]ispan, withClosed bool) string {
	rs := runs(w)
	if len(rs) == 1 && wholeDay(rs[0].ivs) {
		return l.allWeek
	}
	var b []byte
	for _, r := range rs {
		if len(r.ivs) == 0 && !withClosed {
			continue
		}
		if len(b) > 0 {
			b = append(b, "; "...)
		}
		b = append(b, l.days[r.first]...)
		if r.last != r.first {
			b = append(b, "–"...)
			b = append(b, l.days[r.last]...)
		}
		b = append(b, ' ')
		switch {
		case len(r.ivs) == 0:
			b = append(b, l.closed...)
		case wholeDay(r.ivs):
			b = append(b, l.allDay...)
		default:
			for i, s := range r.ivs {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = appendHHMM(b, s.o, l.sep)
				b = append(b, "–"...)
				b = appendHHMM(b, closesWall(s), l.sep)
			}
		}
	}
	if len(b) == 0 {
		return l.closed
	}
	return string(b)
}
