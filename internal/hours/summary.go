package hours

import (
	"strconv"
	"strings"
)

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
	if isEnglish(locale) {
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

// Deviation is a run of days whose hours differ from the week in force:
// an exception, or a holiday, eve or day before a holiday that the policy
// treats differently.
type Deviation struct {
	From, To Date
	Days     []Day // the resolved days From..To, all with the same hours and reason
}

// Line says the deviation in a few words in locale: "Julafton stängt",
// "Nyårsafton 10.00–14.00", "Inventering 3–5 mars stängt", or with no
// reason the dates alone: "27 december–2 januari stängt".
func (v Deviation) Line(locale string) string {
	l := pickLang(locale)
	var b []byte
	d := v.Days[0]
	if r := d.Reason.In(locale); r != "" {
		b = append(b, r...)
		if v.To != v.From {
			b = append(b, ' ')
			b = l.appendRange(b, v.From, v.To)
		}
	} else {
		b = l.appendRange(b, v.From, v.To)
	}
	b = append(b, ' ')
	if d.Closed() {
		return string(append(b, l.closed...))
	}
	for i, s := range d.Intervals {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, strings.Replace(s.Opens, ":", string(l.sep), 1)...)
		b = append(b, "–"...)
		b = append(b, strings.Replace(s.Closes, ":", string(l.sep), 1)...)
	}
	return string(b)
}

var (
	monthsSV = [13]string{"", "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
	monthsEN = [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// appendRange writes "3–5 mars", "30 mars–2 april" or "27 december 2026–2
// januari 2027" (English: "3–5 March").
func (l *summaryLang) appendRange(b []byte, from, to Date) []byte {
	months := &monthsSV
	if l == &langEN {
		months = &monthsEN
	}
	day := func(b []byte, d Date, month, year bool) []byte {
		b = strconv.AppendInt(b, int64(d.Day), 10)
		if month {
			b = append(b, ' ')
			b = append(b, months[d.Month]...)
		}
		if year {
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(d.Year), 10)
		}
		return b
	}
	if from == to {
		return day(b, from, true, false)
	}
	crossYear := from.Year != to.Year
	b = day(b, from, from.Month != to.Month || crossYear, crossYear)
	b = append(b, "–"...)
	return day(b, to, true, crossYear)
}

// NextDeviation returns the first deviation starting on or after from and
// within the following days, merged over consecutive days with the same
// hours and reason; ok is false when there is none.
func (c *Compiled) NextDeviation(from Date, within int) (Deviation, bool) {
	var run []Day
	for k := 0; k < within+MaxDeviationDays; k++ {
		day, dev := c.deviationOn(from.AddDays(k))
		if len(run) > 0 {
			if dev && day.Reason == run[0].Reason && sameWall(day.Intervals, run[0].Intervals) {
				run = append(run, day)
				continue
			}
			break
		}
		if k >= within {
			break
		}
		if dev {
			run = append(run, day)
		}
	}
	if len(run) == 0 {
		return Deviation{}, false
	}
	return Deviation{From: run[0].Date, To: run[len(run)-1].Date, Days: run}, true
}

// MaxDeviationDays bounds how long one merged deviation may run.
const MaxDeviationDays = 366

// deviationOn resolves d and reports whether its hours differ from the
// week in force that day.
func (c *Compiled) deviationOn(d Date) (Day, bool) {
	day := c.Days(d, d)[0]
	if day.Source != SourceException && day.Source != SourceHoliday {
		return day, false
	}
	normal, _ := c.normal(d)
	if len(normal) != len(day.Intervals) {
		return day, true
	}
	for i, s := range normal {
		if s.opens != day.Intervals[i].Opens || s.closes != day.Intervals[i].Closes {
			return day, true
		}
	}
	return day, false
}
