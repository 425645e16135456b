package graph_test

import (
	"encoding/json"
	"testing"
	"time"
)

type hoursResult struct {
	Contacts struct {
		Nodes []struct {
			Name         string
			OpenNow      bool
			OpeningHours []struct {
				Channel   string
				TimeZone  string
				OpenNow   bool
				IsOpen    bool
				Summary   string
				SummaryEn string
				Full      string
				Osm       string
				SchemaOrg json.RawMessage
				Next      *struct {
					At    string
					Opens bool
				}
				Days []struct {
					Date      string
					Closed    bool
					Source    string
					Reason    string
					Intervals []struct{ Opens, Closes string }
					Holiday   *struct{ Name, NameEn string }
				}
				Rules []struct {
					Days      []string
					Intervals []struct{ Opens, Closes string }
				}
			}
		}
	}
}

const hoursQuery = `query($at: DateTime!, $from: Date!, $to: Date!) { contacts { nodes { name openNow
	openingHours { channel timeZone openNow isOpen(at: $at) summary summaryEn: summary(locale: "en") full: summary(includeClosed: true) osm
		schemaOrg(from: $from, to: $to)
		next: nextChange(after: $at) { at opens }
		days(from: $from, to: $to) { date closed source reason intervals { opens closes } holiday { name nameEn } }
		rules { days intervals { opens closes } } } } } }`

func stockholm(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestServiceCentreHours(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tuesdayNoon := time.Date(2026, 11, 24, 12, 0, 0, 0, stockholm(t))
	b.clock.set(tuesdayNoon)
	var got hoursResult
	b.query(t, hoursQuery, map[string]any{"at": tuesdayNoon.Format(time.RFC3339), "from": "2026-06-19", "to": "2026-12-25"}, &got)
	var centre = got.Contacts.Nodes[0]
	for _, c := range got.Contacts.Nodes {
		if c.Name == "Servicecenter" {
			centre = c
		}
	}
	if centre.Name != "Servicecenter" || len(centre.OpeningHours) != 1 {
		t.Fatalf("service centre = %+v", centre)
	}
	if !centre.OpenNow {
		t.Errorf("Contact.openNow on a Tuesday at 12:00 = false, want true")
	}
	h := centre.OpeningHours[0]
	if !h.OpenNow || !h.IsOpen {
		t.Errorf("openNow = %v, isOpen = %v on a Tuesday at 12:00, want open", h.OpenNow, h.IsOpen)
	}
	if h.Next == nil || h.Next.Opens || h.Next.At != "2026-11-24T17:00:00+01:00" {
		t.Errorf("nextChange = %+v, want closing at 2026-11-24T17:00:00+01:00", h.Next)
	}
	if h.Summary != "måndag–fredag 07.30–17.00" {
		t.Errorf("summary = %q, want måndag–fredag 07.30–17.00", h.Summary)
	}
	if h.SummaryEn != "Monday–Friday 07:30–17:00" {
		t.Errorf("English summary = %q", h.SummaryEn)
	}
	if h.Full != "måndag–fredag 07.30–17.00; lördag–söndag stängt" {
		t.Errorf("summary(includeClosed: true) = %q", h.Full)
	}
	if h.Osm != "Mo-Fr 07:30-17:00; PH -1 day off; PH -1 day Mo-Fr 07:30-15:00; PH off; easter -1 day off; Jun 19-25 Fr off; Dec 24 off; Dec 31 off" {
		t.Errorf("osm = %q", h.Osm)
	}
	if h.TimeZone != "Europe/Stockholm" {
		t.Errorf("timeZone = %q", h.TimeZone)
	}
	days := map[string]int{}
	for i, d := range h.Days {
		days[d.Date] = i
	}
	for date, name := range map[string]string{"2026-06-19": "Midsommarafton", "2026-12-25": "Juldagen"} {
		d := h.Days[days[date]]
		if d.Date != date || !d.Closed || d.Source != "HOLIDAY" || d.Holiday == nil || d.Holiday.Name != name || d.Reason != name {
			t.Errorf("%s = %+v, want closed for %s", date, d, name)
		}
	}
	if d := h.Days[days["2026-11-24"]]; d.Closed || d.Source != "REGULAR" || len(d.Intervals) != 1 || d.Intervals[0].Opens != "07:30" {
		t.Errorf("an ordinary Tuesday = %+v", d)
	}
	var ld map[string][]map[string]any
	if err := json.Unmarshal(h.SchemaOrg, &ld); err != nil || len(ld["openingHoursSpecification"]) == 0 || len(ld["specialOpeningHoursSpecification"]) == 0 {
		t.Errorf("schemaOrg = %s (%v), want regular and special specifications", h.SchemaOrg, err)
	}
}

func TestLibrarySelfServiceAroundTheClock(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, date := range []string{"2026-01-01", "2026-03-29", "2026-06-19", "2026-10-25", "2026-12-24"} {
		d, _ := time.ParseInLocation("2006-01-02", date, stockholm(t))
		at := d.Add(3 * time.Hour)
		b.clock.set(at)
		var got hoursResult
		b.query(t, hoursQuery, map[string]any{"at": at.Format(time.RFC3339), "from": date, "to": date}, &got)
		found := false
		for _, c := range got.Contacts.Nodes {
			for _, h := range c.OpeningHours {
				if h.Channel != "self_service" {
					continue
				}
				found = true
				if !h.OpenNow || !h.IsOpen {
					t.Errorf("%s 03:00: self-service openNow = %v, isOpen = %v, want open", date, h.OpenNow, h.IsOpen)
				}
				if h.Summary != "öppet dygnet runt" {
					t.Errorf("summary = %q, want open around the clock", h.Summary)
				}
				if h.Next != nil {
					t.Errorf("nextChange = %+v, want none for a 24/7 schedule", h.Next)
				}
			}
			if c.Name == "Biblioteket" && c.OpenNow {
				t.Errorf("%s 03:00: the library's staffed channel is closed, but Contact.openNow = true", date)
			}
		}
		if !found {
			t.Fatal("no self-service schedule in the demo content")
		}
	}
}

func TestHolidays(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got struct {
		Holidays []struct {
			Date, Name, NameEn string
			Public             bool
		}
	}
	b.query(t, `{ holidays(year: 2026) { date name nameEn public } }`, nil, &got)
	want := map[string]string{"2026-06-19": "Midsommarafton", "2026-06-20": "Midsommardagen", "2026-04-03": "Långfredagen", "2026-10-31": "Alla helgons dag"}
	for _, h := range got.Holidays {
		if name, ok := want[h.Date]; ok && name == h.Name {
			delete(want, h.Date)
		}
	}
	if len(want) > 0 {
		t.Errorf("holidays(2026) lacks %v", want)
	}
}
