package hours

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// holidayTable is written out by hand from the Easter dates of each year;
// it is deliberately not computed so it can catch computus mistakes.
var holidayTable = []struct {
	date   string
	name   string
	public bool
}{
	// 2020 (Easter 2020-04-12)
	{"2020-01-01", "Nyårsdagen", true},
	{"2020-01-06", "Trettondedag jul", true},
	{"2020-04-10", "Långfredagen", true},
	{"2020-04-11", "Påskafton", false},
	{"2020-04-12", "Påskdagen", true},
	{"2020-04-13", "Annandag påsk", true},
	{"2020-05-01", "Första maj", true},
	{"2020-05-21", "Kristi himmelsfärdsdag", true},
	{"2020-05-31", "Pingstdagen", true},
	{"2020-06-06", "Sveriges nationaldag", true},
	{"2020-06-19", "Midsommarafton", false},
	{"2020-06-20", "Midsommardagen", true},
	{"2020-10-31", "Alla helgons dag", true},
	{"2020-12-24", "Julafton", false},
	{"2020-12-25", "Juldagen", true},
	{"2020-12-26", "Annandag jul", true},
	{"2020-12-31", "Nyårsafton", false},
	// 2021 (Easter 2021-04-04)
	{"2021-01-01", "Nyårsdagen", true},
	{"2021-01-06", "Trettondedag jul", true},
	{"2021-04-02", "Långfredagen", true},
	{"2021-04-03", "Påskafton", false},
	{"2021-04-04", "Påskdagen", true},
	{"2021-04-05", "Annandag påsk", true},
	{"2021-05-01", "Första maj", true},
	{"2021-05-13", "Kristi himmelsfärdsdag", true},
	{"2021-05-23", "Pingstdagen", true},
	{"2021-06-06", "Sveriges nationaldag", true},
	{"2021-06-25", "Midsommarafton", false},
	{"2021-06-26", "Midsommardagen", true},
	{"2021-11-06", "Alla helgons dag", true},
	{"2021-12-24", "Julafton", false},
	{"2021-12-25", "Juldagen", true},
	{"2021-12-26", "Annandag jul", true},
	{"2021-12-31", "Nyårsafton", false},
	// 2022 (Easter 2022-04-17)
	{"2022-01-01", "Nyårsdagen", true},
	{"2022-01-06", "Trettondedag jul", true},
	{"2022-04-15", "Långfredagen", true},
	{"2022-04-16", "Påskafton", false},
	{"2022-04-17", "Påskdagen", true},
	{"2022-04-18", "Annandag påsk", true},
	{"2022-05-01", "Första maj", true},
	{"2022-05-26", "Kristi himmelsfärdsdag", true},
	{"2022-06-05", "Pingstdagen", true},
	{"2022-06-06", "Sveriges nationaldag", true},
	{"2022-06-24", "Midsommarafton", false},
	{"2022-06-25", "Midsommardagen", true},
	{"2022-11-05", "Alla helgons dag", true},
	{"2022-12-24", "Julafton", false},
	{"2022-12-25", "Juldagen", true},
	{"2022-12-26", "Annandag jul", true},
	{"2022-12-31", "Nyårsafton", false},
	// 2023 (Easter 2023-04-09)
	{"2023-01-01", "Nyårsdagen", true},
	{"2023-01-06", "Trettondedag jul", true},
	{"2023-04-07", "Långfredagen", true},
	{"2023-04-08", "Påskafton", false},
	{"2023-04-09", "Påskdagen", true},
	{"2023-04-10", "Annandag påsk", true},
	{"2023-05-01", "Första maj", true},
	{"2023-05-18", "Kristi himmelsfärdsdag", true},
	{"2023-05-28", "Pingstdagen", true},
	{"2023-06-06", "Sveriges nationaldag", true},
	{"2023-06-23", "Midsommarafton", false},
	{"2023-06-24", "Midsommardagen", true},
	{"2023-11-04", "Alla helgons dag", true},
	{"2023-12-24", "Julafton", false},
	{"2023-12-25", "Juldagen", true},
	{"2023-12-26", "Annandag jul", true},
	{"2023-12-31", "Nyårsafton", false},
	// 2024 (Easter 2024-03-31)
	{"2024-01-01", "Nyårsdagen", true},
	{"2024-01-06", "Trettondedag jul", true},
	{"2024-03-29", "Långfredagen", true},
	{"2024-03-30", "Påskafton", false},
	{"2024-03-31", "Påskdagen", true},
	{"2024-04-01", "Annandag påsk", true},
	{"2024-05-01", "Första maj", true},
	{"2024-05-09", "Kristi himmelsfärdsdag", true},
	{"2024-05-19", "Pingstdagen", true},
	{"2024-06-06", "Sveriges nationaldag", true},
	{"2024-06-21", "Midsommarafton", false},
	{"2024-06-22", "Midsommardagen", true},
	{"2024-11-02", "Alla helgons dag", true},
	{"2024-12-24", "Julafton", false},
	{"2024-12-25", "Juldagen", true},
	{"2024-12-26", "Annandag jul", true},
	{"2024-12-31", "Nyårsafton", false},
	// 2025 (Easter 2025-04-20)
	{"2025-01-01", "Nyårsdagen", true},
	{"2025-01-06", "Trettondedag jul", true},
	{"2025-04-18", "Långfredagen", true},
	{"2025-04-19", "Påskafton", false},
	{"2025-04-20", "Påskdagen", true},
	{"2025-04-21", "Annandag påsk", true},
	{"2025-05-01", "Första maj", true},
	{"2025-05-29", "Kristi himmelsfärdsdag", true},
	{"2025-06-06", "Sveriges nationaldag", true},
	{"2025-06-08", "Pingstdagen", true},
	{"2025-06-20", "Midsommarafton", false},
	{"2025-06-21", "Midsommardagen", true},
	{"2025-11-01", "Alla helgons dag", true},
	{"2025-12-24", "Julafton", false},
	{"2025-12-25", "Juldagen", true},
	{"2025-12-26", "Annandag jul", true},
	{"2025-12-31", "Nyårsafton", false},
	// 2026 (Easter 2026-04-05)
	{"2026-01-01", "Nyårsdagen", true},
	{"2026-01-06", "Trettondedag jul", true},
	{"2026-04-03", "Långfredagen", true},
	{"2026-04-04", "Påskafton", false},
	{"2026-04-05", "Påskdagen", true},
	{"2026-04-06", "Annandag påsk", true},
	{"2026-05-01", "Första maj", true},
	{"2026-05-14", "Kristi himmelsfärdsdag", true},
	{"2026-05-24", "Pingstdagen", true},
	{"2026-06-06", "Sveriges nationaldag", true},
	{"2026-06-19", "Midsommarafton", false},
	{"2026-06-20", "Midsommardagen", true},
	{"2026-10-31", "Alla helgons dag", true},
	{"2026-12-24", "Julafton", false},
	{"2026-12-25", "Juldagen", true},
	{"2026-12-26", "Annandag jul", true},
	{"2026-12-31", "Nyårsafton", false},
	// 2027 (Easter 2027-03-28)
	{"2027-01-01", "Nyårsdagen", true},
	{"2027-01-06", "Trettondedag jul", true},
	{"2027-03-26", "Långfredagen", true},
	{"2027-03-27", "Påskafton", false},
	{"2027-03-28", "Påskdagen", true},
	{"2027-03-29", "Annandag påsk", true},
	{"2027-05-01", "Första maj", true},
	{"2027-05-06", "Kristi himmelsfärdsdag", true},
	{"2027-05-16", "Pingstdagen", true},
	{"2027-06-06", "Sveriges nationaldag", true},
	{"2027-06-25", "Midsommarafton", false},
	{"2027-06-26", "Midsommardagen", true},
	{"2027-11-06", "Alla helgons dag", true},
	{"2027-12-24", "Julafton", false},
	{"2027-12-25", "Juldagen", true},
	{"2027-12-26", "Annandag jul", true},
	{"2027-12-31", "Nyårsafton", false},
	// 2028 (Easter 2028-04-16)
	{"2028-01-01", "Nyårsdagen", true},
	{"2028-01-06", "Trettondedag jul", true},
	{"2028-04-14", "Långfredagen", true},
	{"2028-04-15", "Påskafton", false},
	{"2028-04-16", "Påskdagen", true},
	{"2028-04-17", "Annandag påsk", true},
	{"2028-05-01", "Första maj", true},
	{"2028-05-25", "Kristi himmelsfärdsdag", true},
	{"2028-06-04", "Pingstdagen", true},
	{"2028-06-06", "Sveriges nationaldag", true},
	{"2028-06-23", "Midsommarafton", false},
	{"2028-06-24", "Midsommardagen", true},
	{"2028-11-04", "Alla helgons dag", true},
	{"2028-12-24", "Julafton", false},
	{"2028-12-25", "Juldagen", true},
	{"2028-12-26", "Annandag jul", true},
	{"2028-12-31", "Nyårsafton", false},
	// 2029 (Easter 2029-04-01)
	{"2029-01-01", "Nyårsdagen", true},
	{"2029-01-06", "Trettondedag jul", true},
	{"2029-03-30", "Långfredagen", true},
	{"2029-03-31", "Påskafton", false},
	{"2029-04-01", "Påskdagen", true},
	{"2029-04-02", "Annandag påsk", true},
	{"2029-05-01", "Första maj", true},
	{"2029-05-10", "Kristi himmelsfärdsdag", true},
	{"2029-05-20", "Pingstdagen", true},
	{"2029-06-06", "Sveriges nationaldag", true},
	{"2029-06-22", "Midsommarafton", false},
	{"2029-06-23", "Midsommardagen", true},
	{"2029-11-03", "Alla helgons dag", true},
	{"2029-12-24", "Julafton", false},
	{"2029-12-25", "Juldagen", true},
	{"2029-12-26", "Annandag jul", true},
	{"2029-12-31", "Nyårsafton", false},
	// 2030 (Easter 2030-04-21)
	{"2030-01-01", "Nyårsdagen", true},
	{"2030-01-06", "Trettondedag jul", true},
	{"2030-04-19", "Långfredagen", true},
	{"2030-04-20", "Påskafton", false},
	{"2030-04-21", "Påskdagen", true},
	{"2030-04-22", "Annandag påsk", true},
	{"2030-05-01", "Första maj", true},
	{"2030-05-30", "Kristi himmelsfärdsdag", true},
	{"2030-06-06", "Sveriges nationaldag", true},
	{"2030-06-09", "Pingstdagen", true},
	{"2030-06-21", "Midsommarafton", false},
	{"2030-06-22", "Midsommardagen", true},
	{"2030-11-02", "Alla helgons dag", true},
	{"2030-12-24", "Julafton", false},
	{"2030-12-25", "Juldagen", true},
	{"2030-12-26", "Annandag jul", true},
	{"2030-12-31", "Nyårsafton", false},
	// 2031 (Easter 2031-04-13)
	{"2031-01-01", "Nyårsdagen", true},
	{"2031-01-06", "Trettondedag jul", true},
	{"2031-04-11", "Långfredagen", true},
	{"2031-04-12", "Påskafton", false},
	{"2031-04-13", "Påskdagen", true},
	{"2031-04-14", "Annandag påsk", true},
	{"2031-05-01", "Första maj", true},
	{"2031-05-22", "Kristi himmelsfärdsdag", true},
	{"2031-06-01", "Pingstdagen", true},
	{"2031-06-06", "Sveriges nationaldag", true},
	{"2031-06-20", "Midsommarafton", false},
	{"2031-06-21", "Midsommardagen", true},
	{"2031-11-01", "Alla helgons dag", true},
	{"2031-12-24", "Julafton", false},
	{"2031-12-25", "Juldagen", true},
	{"2031-12-26", "Annandag jul", true},
	{"2031-12-31", "Nyårsafton", false},
	// 2032 (Easter 2032-03-28)
	{"2032-01-01", "Nyårsdagen", true},
	{"2032-01-06", "Trettondedag jul", true},
	{"2032-03-26", "Långfredagen", true},
	{"2032-03-27", "Påskafton", false},
	{"2032-03-28", "Påskdagen", true},
	{"2032-03-29", "Annandag påsk", true},
	{"2032-05-01", "Första maj", true},
	{"2032-05-06", "Kristi himmelsfärdsdag", true},
	{"2032-05-16", "Pingstdagen", true},
	{"2032-06-06", "Sveriges nationaldag", true},
	{"2032-06-25", "Midsommarafton", false},
	{"2032-06-26", "Midsommardagen", true},
	{"2032-11-06", "Alla helgons dag", true},
	{"2032-12-24", "Julafton", false},
	{"2032-12-25", "Juldagen", true},
	{"2032-12-26", "Annandag jul", true},
	{"2032-12-31", "Nyårsafton", false},
	// 2033 (Easter 2033-04-17)
	{"2033-01-01", "Nyårsdagen", true},
	{"2033-01-06", "Trettondedag jul", true},
	{"2033-04-15", "Långfredagen", true},
	{"2033-04-16", "Påskafton", false},
	{"2033-04-17", "Påskdagen", true},
	{"2033-04-18", "Annandag påsk", true},
	{"2033-05-01", "Första maj", true},
	{"2033-05-26", "Kristi himmelsfärdsdag", true},
	{"2033-06-05", "Pingstdagen", true},
	{"2033-06-06", "Sveriges nationaldag", true},
	{"2033-06-24", "Midsommarafton", false},
	{"2033-06-25", "Midsommardagen", true},
	{"2033-11-05", "Alla helgons dag", true},
	{"2033-12-24", "Julafton", false},
	{"2033-12-25", "Juldagen", true},
	{"2033-12-26", "Annandag jul", true},
	{"2033-12-31", "Nyårsafton", false},
	// 2034 (Easter 2034-04-09)
	{"2034-01-01", "Nyårsdagen", true},
	{"2034-01-06", "Trettondedag jul", true},
	{"2034-04-07", "Långfredagen", true},
	{"2034-04-08", "Påskafton", false},
	{"2034-04-09", "Påskdagen", true},
	{"2034-04-10", "Annandag påsk", true},
	{"2034-05-01", "Första maj", true},
	{"2034-05-18", "Kristi himmelsfärdsdag", true},
	{"2034-05-28", "Pingstdagen", true},
	{"2034-06-06", "Sveriges nationaldag", true},
	{"2034-06-23", "Midsommarafton", false},
	{"2034-06-24", "Midsommardagen", true},
	{"2034-11-04", "Alla helgons dag", true},
	{"2034-12-24", "Julafton", false},
	{"2034-12-25", "Juldagen", true},
	{"2034-12-26", "Annandag jul", true},
	{"2034-12-31", "Nyårsafton", false},
	// 2035 (Easter 2035-03-25)
	{"2035-01-01", "Nyårsdagen", true},
	{"2035-01-06", "Trettondedag jul", true},
	{"2035-03-23", "Långfredagen", true},
	{"2035-03-24", "Påskafton", false},
	{"2035-03-25", "Påskdagen", true},
	{"2035-03-26", "Annandag påsk", true},
	{"2035-05-01", "Första maj", true},
	{"2035-05-03", "Kristi himmelsfärdsdag", true},
	{"2035-05-13", "Pingstdagen", true},
	{"2035-06-06", "Sveriges nationaldag", true},
	{"2035-06-22", "Midsommarafton", false},
	{"2035-06-23", "Midsommardagen", true},
	{"2035-11-03", "Alla helgons dag", true},
	{"2035-12-24", "Julafton", false},
	{"2035-12-25", "Juldagen", true},
	{"2035-12-26", "Annandag jul", true},
	{"2035-12-31", "Nyårsafton", false},
}

func TestSwedishHolidaysTable(t *testing.T) {
	want := map[int][]Holiday{}
	for _, h := range holidayTable {
		d, err := ParseDate(h.date)
		if err != nil {
			t.Fatalf("bad table date %q: %v", h.date, err)
		}
		want[d.Year] = append(want[d.Year], Holiday{Date: d, Name: h.name, Public: h.public})
	}
	for y := 2020; y <= 2035; y++ {
		got := SwedishHolidays(y)
		// NameEN is checked separately; the table holds the Swedish facts.
		for i := range got {
			got[i].NameEN, got[i].Key = "", ""
		}
		if diff := cmp.Diff(want[y], got); diff != "" {
			t.Errorf("SwedishHolidays(%d) mismatch (-want +got):\n%s", y, diff)
		}
	}
	for _, h := range holidayTable {
		d, _ := ParseDate(h.date)
		got, ok := HolidayOn(d)
		if !ok || got.Name != h.name || got.Public != h.public || got.Date != d {
			t.Errorf("HolidayOn(%s) = %+v, %v; want %s", h.date, got, ok, h.name)
		}
	}
}

func TestHolidayOnOrdinaryDays(t *testing.T) {
	listed := map[Date]bool{}
	for _, h := range holidayTable {
		d, _ := ParseDate(h.date)
		listed[d] = true
	}
	count := 0
	for d := (Date{2020, 1, 1}); !d.After(Date{2035, 12, 31}); d = d.AddDays(1) {
		_, ok := HolidayOn(d)
		if ok != listed[d] {
			t.Errorf("HolidayOn(%s) ok = %v, want %v", d, ok, listed[d])
		}
		if ok {
			count++
		}
	}
	if count != 16*17 {
		t.Errorf("found %d holidays in 2020–2035, want %d", count, 16*17)
	}
}

func TestEaster(t *testing.T) {
	want := map[int]string{
		2020: "2020-04-12", 2021: "2021-04-04", 2022: "2022-04-17", 2023: "2023-04-09",
		2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28",
		2028: "2028-04-16", 2029: "2029-04-01", 2030: "2030-04-21", 2031: "2031-04-13",
		2032: "2032-03-28", 2033: "2033-04-17", 2034: "2034-04-09", 2035: "2035-03-25",
		// Extremes of the Gregorian computus.
		1818: "1818-03-22", 2285: "2285-03-22", 1943: "1943-04-25", 2038: "2038-04-25",
	}
	for y, w := range want {
		if got := easter(y).String(); got != w {
			t.Errorf("easter(%d) = %s, want %s", y, got, w)
		}
	}
}

func TestHolidaysSortedAndCoinciding(t *testing.T) {
	for y := 1900; y <= 2300; y++ {
		hs := SwedishHolidays(y)
		for i := 1; i < len(hs); i++ {
			if hs[i].Date.Before(hs[i-1].Date) {
				t.Fatalf("%d: %s listed after %s", y, hs[i].Date, hs[i-1].Date)
			}
		}
		if len(hs) != 17 {
			t.Fatalf("%d: %d holidays, want 17", y, len(hs))
		}
	}
	// 2008: Easter 23 March, so Kristi himmelsfärdsdag fell on Första maj.
	h, ok := HolidayOn(Date{2008, time.May, 1})
	if !ok || h.Name != "Första maj" {
		t.Errorf("HolidayOn(2008-05-01) = %+v, want Första maj listed first", h)
	}
	var names []string
	for _, h := range SwedishHolidays(2008) {
		if h.Date == (Date{2008, time.May, 1}) {
			names = append(names, h.Name)
		}
	}
	if diff := cmp.Diff([]string{"Första maj", "Kristi himmelsfärdsdag"}, names); diff != "" {
		t.Errorf("2008-05-01 holidays (-want +got):\n%s", diff)
	}
}

func TestSwedishHolidaysReturnsCopy(t *testing.T) {
	hs := SwedishHolidays(2026)
	hs[0].Name = "changed"
	if h, _ := HolidayOn(Date{2026, 1, 1}); h.Name != "Nyårsdagen" {
		t.Fatal("mutating the returned slice changed the cache")
	}
}

func TestHolidayEnglishNames(t *testing.T) {
	h, _ := HolidayOn(Date{2026, time.June, 19})
	if h.NameEN != "Midsummer Eve" || h.Public {
		t.Errorf("got %+v", h)
	}
}
