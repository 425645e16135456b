package graph_test

import (
	"encoding/json"
	"strings"
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

func TestHolidaysByYear(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var got struct {
		Y2004, Y2005 []struct{ Key, Date string }
	}
	b.query(t, `{ y2004: holidays(year: 2004) { key date } y2005: holidays(year: 2005) { key date } }`, nil, &got)
	keys := func(hs []struct{ Key, Date string }) map[string]string {
		m := map[string]string{}
		for _, h := range hs {
			m[h.Key] = h.Date
		}
		return m
	}
	k4, k5 := keys(got.Y2004), keys(got.Y2005)
	if k4["annandag_pingst"] != "2004-05-31" || k4["nationaldagen"] != "" {
		t.Errorf("2004 = %v, want annandag pingst on 31 May and no national day", k4)
	}
	if k5["annandag_pingst"] != "" || k5["nationaldagen"] != "2005-06-06" {
		t.Errorf("2005 = %v, want the national day and no annandag pingst", k5)
	}
	r := b.do(t, `{ holidays(year: 1952) { date } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions.Code != "BAD_USER_INPUT" || r.Errors[0].Extensions.Field != "year" {
		t.Errorf("holidays(1952) errors = %+v, want BAD_USER_INPUT on year", r.Errors)
	}
}

// Labels and reasons are served in the locale of the request: a page's
// served locale, a field's own locale argument, else Swedish.
func TestHoursTextsInTheRequestLocale(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const q = `{
		en: page(path: "/culture-and-leisure/library", locale: "en") { locale blocks { ... on OpeningHoursBlock { openingHours {
			label labels { sv en } days(from: "2026-12-24", to: "2026-12-24") { reason } } } } }
		sv: page(path: "/kultur-och-fritid/bibliotek") { locale blocks { ... on OpeningHoursBlock { openingHours {
			label own: label(locale: "en") days(from: "2026-12-24", to: "2026-12-24") { reason reasonEn: reason(locale: "en") } } } } }
		contacts { nodes { openingHours { label } } } }`
	type hoursBlock struct {
		OpeningHours *struct {
			Label  string
			Own    string
			Labels *struct{ Sv, En string }
			Days   []struct{ Reason, ReasonEn string }
		}
	}
	var got struct {
		En, Sv struct {
			Locale string
			Blocks []hoursBlock
		}
		Contacts struct {
			Nodes []struct{ OpeningHours []struct{ Label string } }
		}
	}
	b.query(t, q, nil, &got)
	var en, sv []string
	for _, bl := range got.En.Blocks {
		if h := bl.OpeningHours; h != nil {
			en = append(en, h.Label, h.Days[0].Reason)
			if h.Labels == nil || h.Labels.Sv == "" || h.Labels.En != h.Label {
				t.Errorf("labels = %+v for %q", h.Labels, h.Label)
			}
		}
	}
	for _, bl := range got.Sv.Blocks {
		if h := bl.OpeningHours; h != nil {
			sv = append(sv, h.Label, h.Days[0].Reason, h.Own, h.Days[0].ReasonEn)
		}
	}
	if got.En.Locale != "en" || strings.Join(en, "|") != "Staffed hours|Christmas Eve|Self-service|" {
		t.Errorf("English page: %s %q", got.En.Locale, en)
	}
	if got.Sv.Locale != "sv" || strings.Join(sv, "|") != "Bemannade öppettider|Julafton|Staffed hours|Christmas Eve|Självservice||Self-service|" {
		t.Errorf("Swedish page: %s %q", got.Sv.Locale, sv)
	}
	for _, c := range got.Contacts.Nodes {
		for _, h := range c.OpeningHours {
			if h.Label == "Staffed hours" || h.Label == "Self-service" || h.Label == "Regular opening hours" {
				t.Errorf("contacts outside a page served %q, want Swedish", h.Label)
			}
		}
	}
}
