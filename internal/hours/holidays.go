package hours

import (
	"sync/atomic"
	"time"
)

// Holiday is a Swedish public holiday or a de facto eve.
type Holiday struct {
	Date   Date   `json:"date"`
	Name   string `json:"name"`   // Swedish, e.g. "Midsommarafton"
	NameEN string `json:"nameEn"` // English, e.g. "Midsummer Eve"
	Public bool   `json:"public"` // false for the de facto eves
}

// easter returns Easter Sunday of the Gregorian calendar (the anonymous
// Gregorian computus, also known as Meeus/Jones/Butcher).
func easter(y int) Date {
	a := y % 19
	b := y / 100
	c := y % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{y, time.Month(month), day}
}

// firstWeekdayFrom returns the first date on or after d that falls on wd.
func firstWeekdayFrom(d Date, wd time.Weekday) Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// computeHolidays builds the sorted holiday list of one year.
func computeHolidays(y int) []Holiday {
	e := easter(y)
	pub := func(d Date, sv, en string) Holiday { return Holiday{d, sv, en, true} }
	eve := func(d Date, sv, en string) Holiday { return Holiday{d, sv, en, false} }
	// Listed in date order for the earliest and latest possible Easter;
	// a final insertion sort keeps the list sorted even when movable feasts
	// pass fixed ones (Ascension can fall on 1 May).
	hs := []Holiday{
		pub(Date{y, time.January, 1}, "Nyårsdagen", "New Year's Day"),
		pub(Date{y, time.January, 6}, "Trettondedag jul", "Epiphany"),
		pub(e.AddDays(-2), "Långfredagen", "Good Friday"),
		eve(e.AddDays(-1), "Påskafton", "Easter Eve"),
		pub(e, "Påskdagen", "Easter Sunday"),
		pub(e.AddDays(1), "Annandag påsk", "Easter Monday"),
		pub(Date{y, time.May, 1}, "Första maj", "May Day"),
		pub(e.AddDays(39), "Kristi himmelsfärdsdag", "Ascension Day"),
		pub(e.AddDays(49), "Pingstdagen", "Whit Sunday"),
		pub(Date{y, time.June, 6}, "Sveriges nationaldag", "National Day of Sweden"),
		eve(firstWeekdayFrom(Date{y, time.June, 19}, time.Friday), "Midsommarafton", "Midsummer Eve"),
		pub(firstWeekdayFrom(Date{y, time.June, 20}, time.Saturday), "Midsommardagen", "Midsummer Day"),
		pub(firstWeekdayFrom(Date{y, time.October, 31}, time.Saturday), "Alla helgons dag", "All Saints' Day"),
		eve(Date{y, time.December, 24}, "Julafton", "Christmas Eve"),
		pub(Date{y, time.December, 25}, "Juldagen", "Christmas Day"),
		pub(Date{y, time.December, 26}, "Annandag jul", "Boxing Day"),
		eve(Date{y, time.December, 31}, "Nyårsafton", "New Year's Eve"),
	}
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
	return hs
}

// holidayYear is the cached calendar of one year: the list and a
// month/day index into it (index+1, 0 = no holiday) for O(1) look-ups.
type holidayYear struct {
	list   []Holiday
	before []string // "Dag före <name>", precomputed so resolving a day never concatenates
	idx    [12][31]int8
}

const (
	cacheFirstYear = 1900
	cacheYears     = 400
)

// yearCache holds computed years. Entries are filled lazily and race
// benignly: two goroutines may compute the same year, both results are equal.
var yearCache [cacheYears]atomic.Pointer[holidayYear]

func holidaysOf(y int) *holidayYear {
	i := y - cacheFirstYear
	if i >= 0 && i < cacheYears {
		if hy := yearCache[i].Load(); hy != nil {
			return hy
		}
	}
	hy := &holidayYear{list: computeHolidays(y)}
	hy.before = make([]string, len(hy.list))
	for k, h := range hy.list {
		hy.before[k] = "Dag före " + h.Name
	}
	for k := len(hy.list) - 1; k >= 0; k-- {
		// Walking backwards leaves the first listed holiday of a date in
		// the index when two coincide.
		d := hy.list[k].Date
		hy.idx[d.Month-1][d.Day-1] = int8(k + 1)
	}
	if i >= 0 && i < cacheYears {
		yearCache[i].Store(hy)
	}
	return hy
}

// SwedishHolidays returns the public holidays of the Swedish holidays act
// (lag 1989:253, Sundays not listed) and the de facto eves Påskafton,
// Midsommarafton, Julafton and Nyårsafton of year y, sorted by date. The
// returned slice is the caller's own.
func SwedishHolidays(year int) []Holiday {
	src := holidaysOf(year).list
	out := make([]Holiday, len(src))
	copy(out, src)
	return out
}

// HolidayOn returns the holiday or eve falling on d. When two coincide
// (Kristi himmelsfärdsdag on Första maj, as in 2008) the one listed first by
// SwedishHolidays is returned.
func HolidayOn(d Date) (Holiday, bool) {
	hy, k := lookupHoliday(d)
	if k < 0 {
		return Holiday{}, false
	}
	return hy.list[k], true
}

// lookupHoliday returns the cached year of d and the index of d's holiday
// in it, or -1.
func lookupHoliday(d Date) (*holidayYear, int) {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return nil, -1
	}
	hy := holidaysOf(d.Year)
	return hy, int(hy.idx[d.Month-1][d.Day-1]) - 1
}
