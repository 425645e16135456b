package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/radhus/radhus/internal/blob"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/postgres"
	"github.com/radhus/radhus/internal/upload"
)

// SyntheticVersion changes whenever the synthetic site changes for the same size.
const SyntheticVersion = 2

// DefaultSyntheticPages is the size of the synthetic site unless asked otherwise.
const DefaultSyntheticPages = 10_000

// SyntheticShape is how a synthetic site of some size is laid out.
type SyntheticShape struct {
	Pages, Sections, Topics, Leaves int
	Contacts                        int
	DocumentsPerPage                int
}

// ShapeOf returns the layout of a synthetic site of n pages: 20 sections, 400
// topics and the rest leaves below the topics (fewer sections and topics for a
// small site), 200 contacts and two documents per page.
func ShapeOf(n int) SyntheticShape {
	n = max(n, 3)
	s := SyntheticShape{Pages: n, DocumentsPerPage: 2}
	s.Sections = min(20, max(1, n/500))
	s.Topics = min(20*s.Sections, max(s.Sections, n/25))
	s.Leaves = n - s.Sections - s.Topics
	s.Contacts = min(200, max(2, n/50))
	return s
}

// SyntheticSummary says what LoadSynthetic wrote.
type SyntheticSummary struct {
	SyntheticShape
	English, SwedishOnly int // pages with an English variant; pages without one
	Drafts               int // leaves never published
	Documents            int
	OpeningRules         int
	Took                 time.Duration
}

// LoadSynthetic fills an empty database with a generated site of n pages, the
// same every time for the same n, through the same write path as any content
// (validation, sanitising, sniffing and storing documents' bytes): a three-level
// tree of sections, topics and leaves with paths like
// /bygga-bo-och-miljo/bygglov/ansokan-for-foretag, one rich-text block of about
// 2.6 KB per page in Swedish and, for 95 % of the pages, in English (a page
// always has a Swedish variant); 5 % of the leaves drafts that were never
// published; contacts with phones, e-mail, a visiting address and weekly opening
// hours, two on every leaf; two small PDF documents attached to every page. progress (may be nil)
// gets a line every thousand pages. A database that already has pages is left
// alone and reported with ok false.
func LoadSynthetic(ctx context.Context, st *postgres.Store, blobs blob.Store, n int, progress io.Writer) (sum SyntheticSummary, ok bool, err error) {
	empty, err := st.IsEmpty(ctx)
	if err != nil || !empty {
		return sum, false, err
	}
	if progress == nil {
		progress = io.Discard
	}
	g := &generator{st: st, blobs: blobs, progress: progress, start: time.Now()}
	g.sum.SyntheticShape = ShapeOf(n)
	if err := g.run(ctx); err != nil {
		return g.sum, false, fmt.Errorf("synthetic content: %w", err)
	}
	g.sum.Took = time.Since(g.start)
	return g.sum, true, nil
}

type generator struct {
	st       *postgres.Store
	blobs    blob.Store
	progress io.Writer
	start    time.Time
	sum      SyntheticSummary
	contacts []int64
	written  int // pages so far
}

// pageSpec is one page to write: where it hangs and what it is called.
type pageSpec struct {
	index    int   // 0-based, in the order pages are written
	pageID   int64 // once written
	draft    bool  // written as a draft, never published
	parentID int64
	position int
	title    word
	parent   *pageSpec // nil at the top
	slugSv   string
	slugEn   string
	contacts []int64
}

func (g *generator) run(ctx context.Context) error {
	if err := g.writeContacts(ctx); err != nil {
		return err
	}
	shape := g.sum.SyntheticShape
	// Sections first, then topics, then leaves, dealt out over their parents in
	// turn: siblings are spread over the tables as on a site that grew over years.
	secs := make([]*pageSpec, shape.Sections)
	for i := range secs {
		w := sections[i%len(sections)]
		if i >= len(sections) {
			w = word{w.sv + " " + itoa(i/len(sections)+1), w.en + " " + itoa(i/len(sections)+1)}
		}
		secs[i] = &pageSpec{position: i + 1, title: w}
		if err := g.writePage(ctx, secs[i]); err != nil {
			return err
		}
	}
	topics := make([]*pageSpec, shape.Topics)
	for i := range topics {
		sec := secs[i%len(secs)]
		nth := i / len(secs)
		w := nouns[(i%len(secs)+nth)%len(nouns)]
		w = word{capitalise(w.sv), capitalise(w.en)}
		if nth >= len(nouns) {
			w = word{w.sv + " " + itoa(nth/len(nouns)+1), w.en + " " + itoa(nth/len(nouns)+1)}
		}
		topics[i] = &pageSpec{parentID: sec.id(), position: nth + 1, title: w, parent: sec}
		if err := g.writePage(ctx, topics[i]); err != nil {
			return err
		}
	}
	for i := 0; i < shape.Leaves; i++ {
		topic := topics[i%len(topics)]
		nth := i / len(topics)
		n, q := nouns[(topic.index+1+nth)%len(nouns)], qualifiers[nth%len(qualifiers)]
		w := word{capitalise(n.sv) + " " + q.sv, capitalise(n.en) + " " + q.en}
		if nth >= len(qualifiers) {
			w = word{w.sv + " " + itoa(nth/len(qualifiers)+1), w.en + " " + itoa(nth/len(qualifiers)+1)}
		}
		c := g.contacts
		leaf := &pageSpec{parentID: topic.id(), position: nth + 1, title: w, parent: topic,
			contacts: []int64{c[(i*7)%len(c)], c[(i*13+1)%len(c)]}, draft: i%20 == 11}
		if leaf.contacts[0] == leaf.contacts[1] {
			leaf.contacts = leaf.contacts[:1]
		}
		if err := g.writePage(ctx, leaf); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.progress, "synthetic: %d pages, %d documents, %d contacts in %s\n",
		g.written, g.sum.Documents, len(g.contacts), time.Since(g.start).Round(time.Millisecond))
	return nil
}

func (p *pageSpec) id() int64 { return p.pageID }

func (g *generator) writePage(ctx context.Context, p *pageSpec) error {
	p.index = g.written
	rng := rand.New(rand.NewPCG(uint64(p.index), 0x5ad_4105))
	p.slugSv, p.slugEn = slugify(p.title.sv), slugify(p.title.en)
	published := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC).Add(-time.Duration(p.index) * 37 * time.Minute)

	np := &content.NewPage{ParentID: p.parentID, Position: p.position, PublishedAt: &published,
		Owner: sections[p.top().position%len(sections)].sv, ContactIDs: p.contacts}
	for d := 0; d < g.sum.DocumentsPerPage; d++ {
		doc, err := g.writeDocument(ctx, p, d)
		if err != nil {
			return err
		}
		np.DocumentIDs = append(np.DocumentIDs, doc)
	}
	np.Variants = []content.PageVariant{{Locale: "sv", Slug: p.slugSv, Title: p.title.sv,
		Summary: summary(p.title.sv, rng, false),
		Blocks:  []content.Block{&content.RichTextBlock{HTML: rt(body(p.title.sv, rng, false))}}}}
	// One page in twenty has no English variant.
	if p.index%20 != 3 {
		np.Variants = append(np.Variants, content.PageVariant{Locale: "en", Slug: p.slugEn, Title: p.title.en,
			Summary: summary(p.title.en, rng, true),
			Blocks:  []content.Block{&content.RichTextBlock{HTML: rt(body(p.title.en, rng, true))}}})
		g.sum.English++
	} else {
		g.sum.SwedishOnly++
	}
	if p.draft {
		page, err := g.st.CreatePageDraft(ctx, g.st.Pool(), np.Draft())
		if err != nil {
			return fmt.Errorf("draft %s: %w", p.title.sv, err)
		}
		p.pageID = page.ID
		g.sum.Drafts++
	} else {
		id, err := g.st.CreatePage(ctx, np)
		if err != nil {
			return fmt.Errorf("page %s: %w", p.title.sv, err)
		}
		p.pageID = id
	}
	g.written++
	if g.written%1000 == 0 {
		fmt.Fprintf(g.progress, "synthetic: %d of %d pages (%s)\n", g.written, g.sum.Pages, time.Since(g.start).Round(time.Second))
	}
	return nil
}

func (p *pageSpec) top() *pageSpec {
	for p.parent != nil {
		p = p.parent
	}
	return p
}

var documentKinds = []word{{"Beslut", "Decision"}, {"Blankett", "Form"}, {"Riktlinjer", "Guidelines"}, {"Taxa", "Fees"}}

// writeDocument stores a small PDF that names its page, through the upload path.
func (g *generator) writeDocument(ctx context.Context, p *pageSpec, n int) (int64, error) {
	kind := documentKinds[(p.index+n)%len(documentKinds)]
	title := kind.sv + ": " + p.title.sv
	pdf := reportPDF(title, []string{
		fmt.Sprintf("Dokument %d för sidan %s.", n+1, p.title.sv),
		"",
		prose[(p.index+n)%len(prose)].sv,
		prose[(p.index+n+5)%len(prose)].sv,
	})
	d, err := upload.Document(ctx, g.blobs, g.st, upload.Input{
		Title: title, FileName: fmt.Sprintf("%s-%s-%d.pdf", slugify(kind.sv), p.slugSv, p.index), Language: "sv", Body: pdf,
	})
	if err != nil {
		return 0, fmt.Errorf("document %s: %w", title, err)
	}
	g.sum.Documents++
	return d.ID, nil
}

var (
	firstNames = []string{"Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Anders", "Sara", "Per"}
	lastNames  = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson"}
)

// writeContacts writes the site's contacts: every tenth a service centre, then
// departments, facilities and people, each with one or two phones, an e-mail,
// a visiting address and staffed hours (a rule per weekday, Saturdays for half).
func (g *generator) writeContacts(ctx context.Context) error {
	for i := 0; i < g.sum.Contacts; i++ {
		n := nouns[i%len(nouns)]
		c := &content.Contact{
			Email:           fmt.Sprintf("kontakt%d@kommun.example.se", i+1),
			Phones:          []content.Phone{mustPhone("Växel", fmt.Sprintf("0586-6%02d %02d", i%100, (i*7)%100))},
			VisitingAddress: &content.Address{Street: fmt.Sprintf("%s %d", streets[i%len(streets)], i%40+1), PostalCode: fmt.Sprintf("691 %02d", 30+i%60), City: "Karlskoga", Country: "SE"},
		}
		switch k := i % 10; {
		case k == 0:
			c.Kind, c.Name, c.Tagline = content.ContactServiceCentre, fmt.Sprintf("Servicecenter %d", i/10+1), "Din väg in i kommunen"
		case k <= 4:
			c.Kind, c.Name, c.Tagline = content.ContactDepartment, fmt.Sprintf("Enheten för %s %d", n.sv, i+1), capitalise(n.sv)+" och "+nouns[(i+3)%len(nouns)].sv
		case k <= 7:
			c.Kind, c.Name, c.Tagline = content.ContactFacility, fmt.Sprintf("%s %s", capitalise(n.sv), streets[i%len(streets)]), "Besöksadress och öppettider"
		default:
			c.Kind, c.Name, c.Tagline = content.ContactPerson, firstNames[i%len(firstNames)]+" "+lastNames[(i/10)%len(lastNames)], "Handläggare, "+n.sv
		}
		if i%2 == 0 {
			c.Phones = append(c.Phones, mustPhone("Direkt", fmt.Sprintf("0586-6%02d %02d", (i+50)%100, (i*3)%100)))
		}
		id, err := g.st.CreateContact(ctx, c)
		if err != nil {
			return fmt.Errorf("contact %s: %w", c.Name, err)
		}
		g.contacts = append(g.contacts, id)
		sched := weeklyHours(i)
		if _, err := createHours(ctx, g.st, id, 0, sched); err != nil {
			return fmt.Errorf("opening hours of %s: %w", c.Name, err)
		}
		g.sum.OpeningRules += len(sched.Rules)
	}
	return nil
}

func weeklyHours(i int) hours.Schedule {
	opens := []string{"07:30", "08:00", "08:30", "09:00"}[i%4]
	s := hours.Schedule{Channel: "staffed", Label: hours.Text{SV: "Ordinarie öppettider", EN: "Regular opening hours"}, TimeZone: "Europe/Stockholm",
		Holidays: hours.HolidayPolicy{PublicHolidays: hours.PublicHolidaysClosed, Eves: hours.DayPolicy{Mode: "closed"}}}
	for d, day := range []string{"mon", "tue", "wed", "thu", "fri"} {
		closes := "16:30"
		if d == 4 {
			closes = "15:00"
		}
		s.Rules = append(s.Rules, hours.Rule{Days: []string{day}, Intervals: []hours.Interval{{Opens: opens, Closes: closes}}})
	}
	if i%2 == 1 {
		s.Rules = append(s.Rules, hours.Rule{Days: []string{"sat"}, Intervals: []hours.Interval{{Opens: "10:00", Closes: "14:00"}}})
	}
	return s
}

// body writes about 2.6 KB of HTML about title.
func body(title string, rng *rand.Rand, en bool) string {
	var b strings.Builder
	sentence := func() string {
		w := prose[rng.IntN(len(prose))]
		if en {
			return w.en
		}
		return w.sv
	}
	fmt.Fprintf(&b, "<p><strong>%s</strong>: %s %s</p>", title, sentence(), sentence())
	for b.Len() < 2500 {
		b.WriteString("<p>")
		for s := 0; s < 4; s++ {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sentence())
		}
		b.WriteString("</p>")
		if rng.IntN(4) == 0 {
			n := nouns[rng.IntN(len(nouns))]
			label := n.sv
			if en {
				label = n.en
			}
			fmt.Fprintf(&b, `<ul><li>%s</li><li><a href="/kommun-och-politik/%s">%s</a></li></ul>`, capitalise(label), slugify(n.sv), sentence())
		}
	}
	return b.String()
}

func summary(title string, rng *rand.Rand, en bool) string {
	w := prose[rng.IntN(len(prose))]
	if en {
		return title + ". " + w.en
	}
	return title + ". " + w.sv
}

// slugify folds a title to a slug: "Bygga, bo och miljö" → "bygga-bo-och-miljo".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å', 'ä':
			r = 'a'
		case 'ö':
			r = 'o'
		case 'é':
			r = 'e'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func itoa(i int) string { return fmt.Sprint(i) }
