package hours

import (
	"sync/atomic"
	"time"
)

// Holiday is a Swedish public holiday or a de facto eve.
type Holiday struct {
	Date   Date   `json:"date"`
	Key    string `json:"key"`    // stable identifier, e.g. "midsommarafton", "annandag_jul"
	Name   string `json:"name"`   // Swedish, e.g. "Midsommarafton"
	NameEN string `json:"nameEn"` // English, e.g. "Midsummer Eve"
	Public bool   `json:"public"` // false for the de facto eves
}

// holidayDef is one holiday of the calendar: its key, names and whether it
// is public. inPhrase is the Swedish name as written inside a phrase
// ("Dag före långfredagen"): lower case except for proper nouns.
type holidayDef struct {
	key, sv, inPhrase, en string
	public                bool
}

// numHolidays is the number of holidays and eves any year may have.
const numHolidays = 18

// Holiday keys, in calendar order; their index is the holiday's id.
var holidayDefs = [numHolidays]holidayDef{
	{"nyarsdagen", "Nyårsdagen", "nyårsdagen", "New Year's Day", true},
	{"trettondedag_jul", "Trettondedag jul", "trettondedag jul", "Epiphany", true},
	{"langfredagen", "Långfredagen", "långfredagen", "Good Friday", true},
	{"paskafton", "Påskafton", "påskafton", "Easter Eve", false},
	{"paskdagen", "Påskdagen", "påskdagen", "Easter Sunday", true},
	{"annandag_pask", "Annandag påsk", "annandag påsk", "Easter Monday", true},
	{"forsta_maj", "Första maj", "första maj", "May Day", true},
	{"kristi_himmelsfardsdag", "Kristi himmelsfärdsdag", "Kristi himmelsfärdsdag", "Ascension Day", true},
	{"pingstdagen", "Pingstdagen", "pingstdagen", "Whit Sunday", true},
	{"annandag_pingst", "Annandag pingst", "annandag pingst", "Whit Monday", true},
	{"nationaldagen", "Sveriges nationaldag", "Sveriges nationaldag", "National Day of Sweden", true},
	{"midsommarafton", "Midsommarafton", "midsommarafton", "Midsummer Eve", false},
	{"midsommardagen", "Midsommardagen", "midsommardagen", "Midsummer Day", true},
	{"alla_helgons_dag", "Alla helgons dag", "alla helgons dag", "All Saints' Day", true},
	{"julafton", "Julafton", "julafton", "Christmas Eve", false},
	{"juldagen", "Juldagen", "juldagen", "Christmas Day", true},
	{"annandag_jul", "Annandag jul", "annandag jul", "Boxing Day", true},
	{"nyarsafton", "Nyårsafton", "nyårsafton", "New Year's Eve", false},
}

// Ids of the holidays whose rules changed over the years.
const (
	hAnnandagPingst = 9
	hNationaldagen  = 10
)

// holidayID maps a key to its index in holidayDefs.
var holidayID = func() map[string]int {
	m := make(map[string]int, len(holidayDefs))
	for i, d := range holidayDefs {
		m[d.key] = i
	}
	return m
}()

// HolidayKeys lists every key a HolidayOverride may name, in calendar order.
func HolidayKeys() []string {
	out := make([]string, len(holidayDefs))
	for i, d := range holidayDefs {
		out[i] = d.key
	}
	return out
}

// FirstHolidayYear is the first year whose calendar SwedishHolidays knows:
// the calendar of 1953 (midsommardagen and alla helgons dag on Saturdays)
// held until 2004, when Sveriges nationaldag replaced annandag pingst.
// Earlier years had other holidays and are refused by the API.
const FirstHolidayYear = 1953

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

// computeHolidays builds the sorted holiday list of one year, with each
// entry's id into holidayDefs. Until 2004 annandag pingst was a public
// holiday and 6 June was not; from 2005 it is the other way round.
func computeHolidays(y int) ([]Holiday, []int) {
	e := easter(y)
	dates := [...]Date{
		{y, time.January, 1},
		{y, time.January, 6},
		e.AddDays(-2),
		e.AddDays(-1),
		e,
		e.AddDays(1),
		{y, time.May, 1},
		e.AddDays(39),
		e.AddDays(49),
		e.AddDays(50),
		{y, time.June, 6},
		firstWeekdayFrom(Date{y, time.June, 19}, time.Friday),
		firstWeekdayFrom(Date{y, time.June, 20}, time.Saturday),
		firstWeekdayFrom(Date{y, time.October, 31}, time.Saturday),
		{y, time.December, 24},
		{y, time.December, 25},
		{y, time.December, 26},
		{y, time.December, 31},
	}
	hs := make([]Holiday, 0, len(dates))
	ids := make([]int, 0, len(dates))
	for id, d := range dates {
		if (id == hAnnandagPingst && y >= 2005) || (id == hNationaldagen && y < 2005) {
			continue
		}
		def := &holidayDefs[id]
		hs = append(hs, Holiday{Date: d, Key: def.key, Name: def.sv, NameEN: def.en, Public: def.public})
		ids = append(ids, id)
	}
	// Movable feasts can pass fixed ones (Ascension can fall on 1 May);
	// an insertion sort keeps equal dates in calendar order.
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return hs, ids
}

// holidayYear is the cached calendar of one year: the list and a
// month/day index into it (index+1, 0 = no holiday) for O(1) look-ups.
type holidayYear struct {
	list   []Holiday
	ids    []int  // index into holidayDefs of each entry
	names  []Text // each entry's names as a Text
	before []Text // "Dag före <name>", precomputed so resolving a day never concatenates
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
	hy := &holidayYear{}
	hy.list, hy.ids = computeHolidays(y)
	hy.names = make([]Text, len(hy.list))
	hy.before = make([]Text, len(hy.list))
	for k, h := range hy.list {
		def := &holidayDefs[hy.ids[k]]
		hy.names[k] = Text{SV: h.Name, EN: h.NameEN}
		hy.before[k] = Text{SV: "Dag före " + def.inPhrase, EN: "Day before " + h.NameEN}
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
// (lag 1989:253 and, before 2005, its earlier wording; Sundays not listed) and the de facto eves Påskafton,
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
