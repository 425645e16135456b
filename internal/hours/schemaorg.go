package hours

import (
	"encoding/json"
	"slices"
)

// ohSpec is one schema.org OpeningHoursSpecification.
type ohSpec struct {
	Type         string   `json:"@type"`
	Description  string   `json:"description,omitempty"`
	DayOfWeek    []string `json:"dayOfWeek,omitempty"`
	Opens        string   `json:"opens"`
	Closes       string   `json:"closes"`
	ValidFrom    string   `json:"validFrom,omitempty"`
	ValidThrough string   `json:"validThrough,omitempty"`
}

type ohDoc struct {
	Regular []ohSpec `json:"openingHoursSpecification"`
	Special []ohSpec `json:"specialOpeningHoursSpecification"`
}

var schemaDays = [7]string{
	"https://schema.org/Monday", "https://schema.org/Tuesday", "https://schema.org/Wednesday",
	"https://schema.org/Thursday", "https://schema.org/Friday", "https://schema.org/Saturday",
	"https://schema.org/Sunday",
}

// schemaTime formats a wall-clock minute for schema.org, whose Time type has
// no 24:00: midnight at the end of a day becomes 23:59, the form search
// engines document for "open until midnight".
func schemaTime(min int) string {
	if min == minutesPerDay {
		return "23:59"
	}
	return formatHHMM(min, ':')
}

// SchemaOrg returns JSON-LD for a Place, descriptions in locale:
//
//	{"openingHoursSpecification":[...],"specialOpeningHoursSpecification":[...]}
//
// openingHoursSpecification has one entry per interval of each group of
// weekdays with equal hours: first the regular rules (closed weekdays left
// out), then every occurrence of a seasonal period that overlaps [from, to]
// with validFrom/validThrough (its closed weekdays as opens = closes =
// "00:00", because a season replaces the regular week).
// specialOpeningHoursSpecification lists the exception and holiday-policy
// days in [from, to], consecutive days with identical hours and reason
// merged into one validFrom–validThrough range; closed is "00:00"–"00:00".
func (c *Compiled) SchemaOrg(locale string, from, to Date) json.RawMessage {
	doc := ohDoc{Regular: []ohSpec{}, Special: []ohSpec{}}
	doc.Regular = appendWeekSpecs(doc.Regular, mondayFirst(&c.regular), false, "", "")
	for i := range c.seasons {
		s := &c.seasons[i]
		if !s.recurring {
			if (s.hasTo && s.to.Before(from)) || (s.hasFrom && s.from.After(to)) {
				continue
			}
			vf, vt := "", ""
			if s.hasFrom {
				vf = s.from.String()
			}
			if s.hasTo {
				vt = s.to.String()
			}
			doc.Regular = appendWeekSpecs(doc.Regular, mondayFirst(&s.week), true, vf, vt)
			continue
		}
		for y := from.Year - 1; y <= to.Year; y++ {
			of, ot := s.occurrenceFrom(y)
			if ot.Before(from) || of.After(to) {
				continue
			}
			doc.Regular = appendWeekSpecs(doc.Regular, mondayFirst(&s.week), true, of.String(), ot.String())
		}
	}
	doc.Special = c.specialSpecs(doc.Special, locale, from, to)
	b, err := json.Marshal(doc)
	if err != nil {
		// Only strings and slices of strings are marshalled; this cannot
		// fail, but an empty object is safer than a panic in a page render.
		return json.RawMessage(`{}`)
	}
	return b
}

// appendWeekSpecs groups weekdays with equal hours (not only consecutive
// ones: schema.org takes a dayOfWeek list) and emits one spec per interval.
func appendWeekSpecs(dst []ohSpec, w [7][]ispan, withClosed bool, validFrom, validThrough string) []ohSpec {
	var done [7]bool
	for i := range 7 {
		if done[i] || (len(w[i]) == 0 && !withClosed) {
			continue
		}
		var days []string
		for j := i; j < 7; j++ {
			if !done[j] && sameHours(w[i], w[j]) {
				done[j] = true
				days = append(days, schemaDays[j])
			}
		}
		spec := ohSpec{Type: "OpeningHoursSpecification", DayOfWeek: days, ValidFrom: validFrom, ValidThrough: validThrough}
		if len(w[i]) == 0 {
			spec.Opens, spec.Closes = "00:00", "00:00"
			dst = append(dst, spec)
			continue
		}
		for _, s := range w[i] {
			spec.Opens, spec.Closes = schemaTime(s.o), schemaTime(closesWall(s))
			dst = append(dst, spec)
		}
	}
	return dst
}

// specialSpecs lists exception and holiday-policy days.
func (c *Compiled) specialSpecs(dst []ohSpec, locale string, from, to Date) []ohSpec {
	days := c.Days(from, to)
	for i := 0; i < len(days); {
		d := days[i]
		if d.Source != SourceException && d.Source != SourceHoliday {
			i++
			continue
		}
		j := i + 1
		for j < len(days) && days[j].Source == d.Source && days[j].Reason == d.Reason && sameWall(days[j].Intervals, d.Intervals) {
			j++
		}
		spec := ohSpec{Type: "OpeningHoursSpecification", Description: d.Reason.In(locale), ValidFrom: d.Date.String(), ValidThrough: days[j-1].Date.String()}
		if d.Closed() {
			spec.Opens, spec.Closes = "00:00", "00:00"
			dst = append(dst, spec)
		}
		for _, s := range d.Intervals {
			spec.Opens, spec.Closes = s.Opens, s.Closes
			if s.Closes == "24:00" {
				spec.Closes = "23:59"
			}
			dst = append(dst, spec)
		}
		i = j
	}
	return dst
}

// sameWall compares spans by their published wall-clock times.
func sameWall(a, b []Span) bool {
	return slices.EqualFunc(a, b, func(x, y Span) bool {
		return x.Opens == y.Opens && x.Closes == y.Closes && x.Overnight == y.Overnight
	})
}
