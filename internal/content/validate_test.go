package content

import (
	"errors"
	"strings"
	"testing"
)

func TestSlugify(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Medborgardialogen om biblioteket", "medborgardialogen-om-biblioteket"},
		{"Öppettider & Återvinning", "oppettider-atervinning"},
		{"Kultur och fritid", "kultur-och-fritid"},
		{"Mötesplats 24-7", "motesplats-24-7"},
		{"  Bygga, bo och miljö  ", "bygga-bo-och-miljo"},
		{"ÅÄÖ åäö", "aao-aao"},
		{"Æble Øre Straße", "aeble-ore-strasse"},
		{"Crème brûlée à la façon", "creme-brulee-a-la-facon"},
		{"Łódź Čeština Şişli Țară", "lodz-cestina-sisli-tara"},
		{"a\u030angstrom", "angstrom"}, // decomposed å
		{"Barn's hörna", "barns-horna"},
		{"kultur--och__fritid", "kultur-och-fritid"},
		{"Ärende: 2026/123 (ny)", "arende-2026-123-ny"},
		{"!!!", ""},
		{"日本語", ""},
		{"already-a-slug", "already-a-slug"},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Slugify(tt.in); got != "" && !ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q, not a valid slug", tt.in, got)
		}
	}
}

func TestParseSlug(t *testing.T) {
	t.Parallel()
	if got, err := ParseSlug("input.slug", "Medborgardialogen om biblioteket"); err != nil || got != "medborgardialogen-om-biblioteket" {
		t.Errorf("ParseSlug = %q, %v", got, err)
	}
	for _, bad := range []string{"", "---", "日本語", strings.Repeat("a", MaxSlugLen+1)} {
		_, err := ParseSlug("input.slug", bad)
		wantField(t, "ParseSlug("+bad+")", err, "input.slug")
	}
}

func TestParseEmail(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"kommun@karlskoga.se":         "kommun@karlskoga.se",
		"  kommun@karlskoga.se ":      "kommun@karlskoga.se",
		"förnamn.efternamn@kommun.se": "förnamn.efternamn@kommun.se",
		"a+b@sub.example.se":          "a+b@sub.example.se",
		"info@växjö.se":               "info@växjö.se",
	}
	for in, want := range good {
		if got, err := ParseEmail("email", in); err != nil || got != want {
			t.Errorf("ParseEmail(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "kommun", "kommun@", "@karlskoga.se", "kommun@karlskoga",
		"Kommun <kommun@karlskoga.se>", "a@b@c.se", "kommun@-x.se", "kommun@x..se", "kommun@x.se.",
		"a b@c.se", "kommun@karl\nskoga.se", strings.Repeat("a", 65) + "@x.se", "x@" + strings.Repeat("a.", 130) + "se"} {
		_, err := ParseEmail("input.email", bad)
		wantField(t, "ParseEmail("+bad+")", err, "input.email")
	}
}

func TestParseLinkURL(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{
		"https://karlskoga.se/", "http://example.se/a?b=c#d", "HTTPS://KARLSKOGA.SE",
		"mailto:kommun@karlskoga.se", "mailto:kommun@karlskoga.se?subject=Hej",
		"tel:+4658661000", "tel:0586-61000",
		"/kultur-och-fritid/bibliotek/motesplats-24-7", "/",
	} {
		if got, err := ParseLinkURL("url", ok); err != nil || got != ok {
			t.Errorf("ParseLinkURL(%q) = %q, %v", ok, got, err)
		}
	}
	for _, bad := range []string{
		"", "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
		"file:///etc/passwd", "ftp://example.se/", "//evil.example/", `/\evil.example`,
		"karlskoga.se", "https://", "https:///path", "mailto:", "mailto:nobody", "tel:abc", "tel:+",
		"https://exa mple.se/", "https://example.se/\x00", "https://example.se/" + strings.Repeat("a", MaxURLLen),
	} {
		_, err := ParseLinkURL("links[0].url", bad)
		wantField(t, "ParseLinkURL("+bad+")", err, "links[0].url")
	}
	if _, err := ParseMediaURL("url", "mailto:kommun@karlskoga.se"); err == nil {
		t.Error("ParseMediaURL(mailto:) = nil error, want one")
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	if got, err := Text("f", "  rad ett\nrad två\t ", 20); err != nil || got != "rad ett\nrad två" {
		t.Errorf("Text = %q, %v", got, err)
	}
	if got, err := Text("f", strings.Repeat("ö", 10), 10); err != nil || got != strings.Repeat("ö", 10) {
		t.Errorf("Text counts bytes, not characters: %q, %v", got, err)
	}
	for _, bad := range []string{strings.Repeat("ö", 11), "a\x00b", "a\x1bb", "\xff"} {
		_, err := Text("input.name", bad, 10)
		wantField(t, "Text("+bad+")", err, "input.name")
	}
	_, err := RequiredText("input.name", "  ", 10)
	wantField(t, "RequiredText(blank)", err, "input.name")
}

func TestValidateBlocks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		block Block
		field string // "" when valid
	}{
		{"heading", &HeadingBlock{Text: "Så vad händer nu?", Level: 2}, ""},
		{"heading level", &HeadingBlock{Text: "x", Level: 1}, "blocks[0].level"},
		{"heading blank", &HeadingBlock{Text: " ", Level: 2}, "blocks[0].text"},
		{"heading long", &HeadingBlock{Text: strings.Repeat("x", MaxTitleLen+1), Level: 2}, "blocks[0].text"},
		{"image with alt", &ImageBlock{URL: "https://bild.example/a.jpg", Alt: "Biblioteket i Karlskoga"}, ""},
		{"decorative image", &ImageBlock{URL: "/files/3/ram.png", Decorative: true}, ""},
		{"image without alt", &ImageBlock{URL: "https://bild.example/a.jpg"}, "blocks[0].alt"},
		{"image blank alt", &ImageBlock{URL: "https://bild.example/a.jpg", Alt: "   "}, "blocks[0].alt"},
		{"decorative with alt", &ImageBlock{URL: "https://bild.example/a.jpg", Alt: "x", Decorative: true}, "blocks[0].decorative"},
		{"image data url", &ImageBlock{URL: "data:image/svg+xml,<svg onload=alert(1)>", Alt: "x"}, "blocks[0].url"},
		{"image javascript", &ImageBlock{URL: "javascript:alert(1)", Alt: "x"}, "blocks[0].url"},
		{"video", &VideoBlock{URL: "https://media.example/v.mp4"}, ""},
		{"video mailto", &VideoBlock{URL: "mailto:a@b.se"}, "blocks[0].url"},
		{"quote", &QuoteBlock{Text: "Citat"}, ""},
		{"quote blank", &QuoteBlock{}, "blocks[0].text"},
		{"links", &LinkListBlock{Links: []Link{{Title: "Ring", URL: "tel:+4658661000"}}}, ""},
		{"link javascript", &LinkListBlock{Links: []Link{{Title: "a", URL: "https://a.se"}, {Title: "x", URL: "javascript:alert(1)"}}}, "blocks[0].links[1].url"},
		{"link no title", &LinkListBlock{Links: []Link{{URL: "https://a.se"}}}, "blocks[0].links[0].title"},
		{"too many links", &LinkListBlock{Links: make([]Link, MaxLinks+1)}, "blocks[0].links"},
		{"documents", &DocumentListBlock{DocumentIDs: []int64{1, 2}}, ""},
		{"document twice", &DocumentListBlock{DocumentIDs: []int64{1, 1}}, "blocks[0].documentIds[1]"},
		{"document zero", &DocumentListBlock{DocumentIDs: []int64{0}}, "blocks[0].documentIds[0]"},
		{"contact", &ContactBlock{ContactID: 0}, "blocks[0].contactId"},
		{"hours", &OpeningHoursBlock{OpeningHoursID: -1}, "blocks[0].openingHoursId"},
		{"rich text long", &RichTextBlock{HTML: strings.Repeat("a", MaxRichTextLen+1)}, "blocks[0].html"},
	}
	for _, tt := range tests {
		err := ValidateBlocks("blocks", []Block{tt.block})
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: ValidateBlocks = %v, want nil", tt.name, err)
			}
			continue
		}
		wantField(t, tt.name, err, tt.field)
	}
	many := make([]Block, MaxBlocks+1)
	for i := range many {
		many[i] = &QuoteBlock{Text: "x"}
	}
	wantField(t, "too many blocks", ValidateBlocks("blocks", many), "blocks")
}

func TestValidateBlocksTrims(t *testing.T) {
	t.Parallel()
	h := &HeadingBlock{Text: "  Rubrik  ", Level: 2}
	l := &LinkListBlock{Links: []Link{{Title: " Ring oss ", URL: " tel:+4658661000 "}}}
	if err := ValidateBlocks("blocks", []Block{h, l}); err != nil {
		t.Fatal(err)
	}
	if h.Text != "Rubrik" || l.Links[0].Title != "Ring oss" || l.Links[0].URL != "tel:+4658661000" {
		t.Errorf("not trimmed: %q %+v", h.Text, l.Links[0])
	}
}

func TestNewPageValidateLimits(t *testing.T) {
	t.Parallel()
	page := func() *NewPage {
		return &NewPage{Variants: []PageVariant{{Locale: "sv", Slug: "a", Title: "A"}}}
	}
	p := page()
	p.Variants[0].Summary = strings.Repeat("x", MaxSummaryLen+1)
	wantField(t, "summary", p.Validate(), "variants[0].summary")
	p = page()
	p.DocumentIDs = make([]int64, MaxRelations+1)
	wantField(t, "documents", p.Validate(), "documentIds")
	p = page()
	p.Variants[0].Title = "  Titel  "
	if err := p.Validate(); err != nil || p.Variants[0].Title != "Titel" {
		t.Errorf("Validate = %v, title %q", err, p.Variants[0].Title)
	}
}

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID || e.Field != field {
		t.Errorf("%s: error = %v, want BAD_USER_INPUT on %s", what, err, field)
	}
}
