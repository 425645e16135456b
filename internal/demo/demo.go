// Package demo loads a demo municipality modelled on Karlskoga's library page: a
// page tree three levels deep with English variants, the service centre and the
// library with their opening hours, and an attached PDF report.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/phone"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/internal/richtext"
	"github.com/radhus/radhus/internal/upload"
)

// ReferencePath is the path of the demo's reference page.
const ReferencePath = "/kultur-och-fritid/bibliotek/medborgardialogen-om-biblioteket"

// Load fills an empty database with the demo content and reports whether it did;
// a database that already has pages is left alone.
func Load(ctx context.Context, st *postgres.Store, blobs blob.Store) (bool, error) {
	empty, err := st.IsEmpty(ctx)
	if err != nil || !empty {
		return false, err
	}
	if err := load(ctx, st, blobs); err != nil {
		return false, fmt.Errorf("demo content: %w", err)
	}
	return true, nil
}

func load(ctx context.Context, st *postgres.Store, blobs blob.Store) error {
	report, err := upload.Document(ctx, blobs, st, upload.Input{
		Title:    "Rapporten om Mötesplats 24-7",
		FileName: "rapport-motesplats-24-7.pdf",
		Language: "sv",
		Body:     ReportPDF(),
	})
	if err != nil {
		return err
	}

	centre, err := st.CreateContact(ctx, &content.Contact{
		Name:    "Servicecenter",
		Kind:    content.ContactServiceCentre,
		Tagline: "Din väg in i kommunen",
		Email:   "kommun@karlskoga.se",
		Phones: []content.Phone{
			mustPhone("Servicecenter", "0586-610 00"),
			mustPhone("Automatisk växel: säg namnet på personen du söker, så kopplas samtalet direkt", "0586-622 00"),
		},
		VisitingAddress: &content.Address{Street: "Katrinedalsgatan 4", City: "Karlskoga", Country: "SE"},
		Links:           []content.Link{{Title: "Fler kontaktuppgifter", URL: "/kommun-och-politik/kontakta-oss"}},
	})
	if err != nil {
		return err
	}
	centreHours, err := createHours(ctx, st, centre, 0, ServiceCentreHours())
	if err != nil {
		return err
	}

	library, err := st.CreateContact(ctx, &content.Contact{
		Name:    "Biblioteket",
		Kind:    content.ContactFacility,
		Tagline: "Mötesplats 24-7: bemannat dagtid, självservice dygnet runt",
		Email:   "kommun@karlskoga.se",
		Phones:  []content.Phone{mustPhone("Via servicecenter", "0586-610 00")},
		Links:   []content.Link{{Title: "Mötesplats 24-7", URL: "/kultur-och-fritid/bibliotek/motesplats-24-7"}},
	})
	if err != nil {
		return err
	}
	libraryStaffed, err := createHours(ctx, st, library, 0, LibraryStaffedHours())
	if err != nil {
		return err
	}
	librarySelf, err := createHours(ctx, st, library, 1, LibrarySelfServiceHours())
	if err != nil {
		return err
	}

	updated := time.Date(2014, 6, 25, 9, 30, 0, 0, stockholm())
	review := time.Date(2027, 6, 25, 0, 0, 0, 0, stockholm())
	page := func(np *content.NewPage) (int64, error) { return st.CreatePage(ctx, np) }

	culture, err := page(&content.NewPage{Position: 1, Owner: "Kultur- och föreningsförvaltningen", Variants: []content.PageVariant{
		{Locale: "sv", Slug: "kultur-och-fritid", Title: "Kultur och fritid",
			Summary: "Bibliotek, idrott, föreningsliv och evenemang i Karlskoga."},
		{Locale: "en", Slug: "culture-and-leisure", Title: "Culture and leisure",
			Summary: "Library, sports, clubs and events in Karlskoga."},
	}})
	if err != nil {
		return err
	}
	municipality, err := page(&content.NewPage{Position: 2, Owner: "Kommunledningsförvaltningen", Variants: []content.PageVariant{
		{Locale: "sv", Slug: "kommun-och-politik", Title: "Kommun och politik",
			Summary: "Hur kommunen styrs och hur du når oss."},
	}})
	if err != nil {
		return err
	}
	if _, err := page(&content.NewPage{ParentID: municipality, Position: 1, Owner: "Servicecenter",
		ContactIDs: []int64{centre},
		Variants: []content.PageVariant{{Locale: "sv", Slug: "kontakta-oss", Title: "Kontakta oss",
			Summary: "Servicecenter svarar på frågor om allt kommunen gör.",
			Blocks: []content.Block{
				&content.RichTextBlock{HTML: rt(`<p>Ring, mejla eller kom förbi. Servicecenter hjälper dig direkt eller ser till att du hamnar rätt.</p>`)},
				&content.ContactBlock{ContactID: centre},
				&content.OpeningHoursBlock{OpeningHoursID: centreHours},
			}}}}); err != nil {
		return err
	}
	libraryPage, err := page(&content.NewPage{ParentID: culture, Position: 1, Owner: "Biblioteket",
		ContactIDs: []int64{library},
		Variants: []content.PageVariant{
			{Locale: "sv", Slug: "bibliotek", Title: "Bibliotek",
				Summary: "Låna, läs, studera och träffas på biblioteket.",
				Blocks: []content.Block{
					&content.RichTextBlock{HTML: rt(`<p>Biblioteket är öppet för alla. Med självservice kommer du in även när personalen har gått hem.</p>`)},
					&content.OpeningHoursBlock{OpeningHoursID: libraryStaffed},
					&content.OpeningHoursBlock{OpeningHoursID: librarySelf},
				}},
			{Locale: "en", Slug: "library", Title: "Library",
				Summary: "Borrow, read, study and meet at the library.",
				Blocks: []content.Block{
					&content.RichTextBlock{HTML: rt(`<p>The library is open to everyone. With self-service you can come in after the staff have gone home.</p>`)},
					&content.OpeningHoursBlock{OpeningHoursID: libraryStaffed},
					&content.OpeningHoursBlock{OpeningHoursID: librarySelf},
				}},
		}})
	if err != nil {
		return err
	}
	if _, err := page(&content.NewPage{ParentID: libraryPage, Position: 2, Owner: "Biblioteket",
		ContactIDs: []int64{library},
		Variants: []content.PageVariant{
			{Locale: "sv", Slug: "motesplats-24-7", Title: "Mötesplats 24-7",
				Summary: "Biblioteket som en mötesplats som är tillgänglig dygnet runt, alla dagar.",
				Blocks: []content.Block{
					&content.RichTextBlock{HTML: rt(`<p>Mötesplats 24-7 är bibliotekets arbete för att vara tillgängligt och öppet alla timmar på dygnet, alla dagar i veckan.</p>`)},
					&content.OpeningHoursBlock{OpeningHoursID: librarySelf},
				}},
			{Locale: "en", Slug: "meeting-place-24-7", Title: "Meeting place 24-7",
				Summary: "The library as a meeting place open around the clock, every day.",
				Blocks: []content.Block{
					&content.RichTextBlock{HTML: rt(`<p>Meeting place 24-7 is the library's work towards being open at every hour of the day, every day of the week.</p>`)},
					&content.OpeningHoursBlock{OpeningHoursID: librarySelf},
				}},
		}}); err != nil {
		return err
	}
	_, err = page(&content.NewPage{ParentID: libraryPage, Position: 1, Owner: "Biblioteket",
		PublishedAt: &updated, ReviewDueAt: &review,
		DocumentIDs: []int64{report.ID}, ContactIDs: []int64{centre},
		Variants: []content.PageVariant{{Locale: "sv", Slug: "medborgardialogen-om-biblioteket",
			Title:   "Medborgardialogen om biblioteket",
			Summary: "Vad karlskogaborna tyckte om bibliotekets framtid, och vad som händer nu.",
			Blocks:  referenceBlocks(report.ID),
		}}})
	return err
}

func referenceBlocks(reportID int64) []content.Block {
	return []content.Block{
		&content.LinkListBlock{Title: "Relaterat", Links: []content.Link{
			{Title: "Mötesplats 24-7", URL: "/kultur-och-fritid/bibliotek/motesplats-24-7"},
		}},
		&content.RichTextBlock{HTML: rt(`<p>Från oktober till december 2013 fick karlskogaborna säga sitt om hur biblioteket ska utvecklas. ` +
			`Dialogen gav många synpunkter, idéer och förslag på hur framtidens bibliotek kan se ut.</p>` +
			`<p>Parallellt drevs projektet Bibliotek 3.0, som nu lever vidare som <strong>Mötesplats 24-7</strong>: ` +
			`målet är ett bibliotek som på något sätt är tillgängligt dygnet runt, alla dagar i veckan. ` +
			`Ett café på biblioteket var en av frågorna i dialogen, och alla förslag tas med i det fortsatta arbetet.</p>`)},
		&content.HeadingBlock{Text: "Så vad händer nu?", Level: 2},
		&content.RichTextBlock{HTML: rt(`<p>I höst börjar arbetet med att förverkliga idéerna. Först ut är barns och ungas läsning, ` +
			`det digitala biblioteket och själva biblioteksrummet. Förhoppningen är också att ett brukarråd startas, ` +
			`så att besökarna får mer inflytande.</p>` +
			`<p>Biblioteket ser över hur ett café kan komma igång och lanserar en ny webbplattform, Arena, ` +
			`som gör bibliotekets digitala tjänster enklare att använda.</p>` +
			`<p>Följ utvecklingen av biblioteket under hösten här på webbplatsen.</p>`)},
		&content.DocumentListBlock{Title: "Rapport", DocumentIDs: []int64{reportID}},
		&content.VideoBlock{URL: "https://media.radhus.example/karlskoga/medborgardialogen-om-biblioteket.mp4",
			Caption: "Kristina Borén, ledamot i kultur- och föreningsnämnden, och bibliotekschef Maria Lobell om vad som händer efter medborgardialogen."},
	}
}

// ReportPDF is the demo's attached report: a small, valid PDF.
func ReportPDF() []byte {
	return reportPDF("Rapporten om Mötesplats 24-7", []string{
		"Sammanfattning av medborgardialogen om biblioteket, oktober–december 2013.",
		"",
		"Karlskogaborna vill ha ett bibliotek som är öppet fler timmar, en plats att",
		"träffas på, ett café och digitala tjänster som är lätta att använda.",
		"",
		"Arbetet fortsätter inom Mötesplats 24-7.",
	})
}

// ServiceCentreHours are the service centre's staffed hours: weekdays 07.30–17.00,
// closed on public holidays and eves, closing at 15.00 the day before a holiday.
func ServiceCentreHours() hours.Schedule {
	return hours.Schedule{
		Channel:  "staffed",
		Label:    hours.Text{SV: "Ordinarie öppettider", EN: "Regular opening hours"},
		TimeZone: "Europe/Stockholm",
		Rules: []hours.Rule{{
			Days:      []string{"mon", "tue", "wed", "thu", "fri"},
			Intervals: []hours.Interval{{Opens: "07:30", Closes: "17:00"}},
		}},
		Holidays: hours.HolidayPolicy{
			PublicHolidays: "closed",
			Eves:           hours.DayPolicy{Mode: "closed"},
			DayBefore:      hours.DayPolicy{Mode: "closeEarly", ClosesAt: "15:00"},
		},
	}
}

// LibraryStaffedHours are the library's staffed hours, shorter in summer.
func LibraryStaffedHours() hours.Schedule {
	return hours.Schedule{
		Channel:  "staffed",
		Label:    hours.Text{SV: "Bemannade öppettider", EN: "Staffed hours"},
		TimeZone: "Europe/Stockholm",
		Rules: []hours.Rule{
			{Days: []string{"mon", "tue", "wed", "thu"}, Intervals: []hours.Interval{{Opens: "10:00", Closes: "19:00"}}},
			{Days: []string{"fri"}, Intervals: []hours.Interval{{Opens: "10:00", Closes: "18:00"}}},
			{Days: []string{"sat"}, Intervals: []hours.Interval{{Opens: "11:00", Closes: "15:00"}}},
			{Days: []string{"mon", "tue", "wed", "thu", "fri"}, Intervals: []hours.Interval{{Opens: "10:00", Closes: "16:00"}},
				ValidFrom: "06-15", ValidTo: "08-15"},
		},
		Holidays: hours.HolidayPolicy{
			PublicHolidays: "closed",
			Eves:           hours.DayPolicy{Mode: "closed"},
			DayBefore:      hours.DayPolicy{Mode: "closeEarly", ClosesAt: "15:00"},
		},
	}
}

// LibrarySelfServiceHours are the library's self-service hours: around the clock,
// holidays included.
func LibrarySelfServiceHours() hours.Schedule {
	return hours.Schedule{
		Channel:  "self_service",
		Label:    hours.Text{SV: "Självservice", EN: "Self-service"},
		TimeZone: "Europe/Stockholm",
		Rules: []hours.Rule{{
			Days:      []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
			Intervals: []hours.Interval{{Opens: "00:00", Closes: "24:00"}},
		}},
		Holidays: hours.HolidayPolicy{PublicHolidays: "regular"},
	}
}

func createHours(ctx context.Context, st *postgres.Store, contact int64, position int, s hours.Schedule) (int64, error) {
	if err := hours.Validate(s); err != nil {
		return 0, err
	}
	return st.CreateOpeningHours(ctx, contact, position, s)
}

func mustPhone(label, number string) content.Phone {
	e, err := phone.E164(number, "")
	if err != nil {
		panic(fmt.Sprintf("demo phone %q: %v", number, err))
	}
	return content.Phone{Label: label, Number: number, E164: e}
}

func rt(html string) string { return richtext.Sanitize(html) }

func stockholm() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return time.UTC
	}
	return loc
}
