package content

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what editors may store. Lengths of text are counted in characters
// (runes), of rich text and URLs in bytes.
const (
	MaxTitleLen     = 200     // titles, names, headings, labels, link titles
	MaxSlugLen      = 200     // one path segment
	MaxShortTextLen = 500     // taglines, captions, alt texts, attributions, SEO fields, owners
	MaxSummaryLen   = 2_000   // summaries, quotes
	MaxRichTextLen  = 200_000 // one rich-text block's HTML, after sanitising
	MaxURLLen       = 2_048
	MaxEmailLen     = 254
	MaxPhoneLen     = 40 // a phone number as written
	MaxFileNameLen  = 255
	MaxBlocks       = 200 // blocks of one page variant
	MaxLinks        = 50  // links of a block or a contact
	MaxPhones       = 20  // phone numbers of a contact
	MaxRelations    = 100 // documents or contacts attached to a page, IDs in a block
)

// Text trims s and checks it: valid UTF-8, no control characters other than
// newlines and tabs, at most max characters. "" is allowed. Errors:
// BAD_USER_INPUT naming field.
func Text(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", Invalid(field, "text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", Invalid(field, "text is %d characters long, at most %d are allowed", n, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return "", Invalid(field, "text holds a control character (U+%04X)", r)
		}
	}
	return s, nil
}

// RequiredText is Text that also refuses an empty (or all-blank) s.
func RequiredText(field, s string, max int) (string, error) {
	s, err := Text(field, s, max)
	if err == nil && s == "" {
		return "", Invalid(field, "%s is required", lastSegment(field))
	}
	return s, err
}

// CheckCount refuses a list of more than max items.
func CheckCount(field string, n, max int) error {
	if n > max {
		return Invalid(field, "%d items given, at most %d are allowed", n, max)
	}
	return nil
}

// Slugify turns a title into a slug: lowercase ASCII letters and digits with
// single dashes between words. Swedish and other Latin letters with diacritics
// are folded (å, ä → a; ö, ø → o; æ → ae; ß → ss); combining marks are dropped;
// apostrophes vanish; any other run of characters becomes one dash.
//
//	Slugify("Medborgardialogen om biblioteket") == "medborgardialogen-om-biblioteket"
//	Slugify("Öppettider & Återvinning")         == "oppettider-atervinning"
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	put := func(t string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(t)
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			put(string(r))
		case foldTable[r] != "":
			put(foldTable[r])
		case r == '\'' || r == '’' || unicode.Is(unicode.Mn, r):
			// "Barnens" from "Barn's"; marks of decomposed letters ("a\u030a").
		default:
			dash = true
		}
	}
	return b.String()
}

// foldTable spells lowercase Latin letters with diacritics, and ligatures, in
// ASCII.
var foldTable = func() map[rune]string {
	groups := map[string]string{
		"a": "àáâãäåāăąǎȁȃạảấầẩẫậắằẳẵặ", "ae": "æǣǽ", "c": "çćĉċč", "d": "ďđð",
		"e": "èéêëēĕėęěȅȇẹẻẽếềểễệ", "g": "ĝğġģǧ", "h": "ĥħ", "i": "ìíîïĩīĭįıǐȉȋỉị",
		"ij": "ĳ", "j": "ĵ", "k": "ķĸǩ", "l": "ĺļľŀł", "n": "ñńņňŉŋǹ",
		"o": "òóôõöøōŏőǒȍȏọỏốồổỗộớờởỡợơ", "oe": "œ", "r": "ŕŗřȑȓ", "s": "śŝşšſș",
		"ss": "ß", "t": "ţťŧț", "th": "þ", "u": "ùúûüũūŭůűųǔȕȗụủứừửữựư", "w": "ŵ",
		"y": "ýÿŷỳỵỷỹ", "z": "źżž",
	}
	m := map[rune]string{}
	for ascii, letters := range groups {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()

// ParseSlug normalises an editor's slug (or a title standing in for one) with
// Slugify and checks the result. Errors: BAD_USER_INPUT naming field.
func ParseSlug(field, s string) (string, error) {
	slug := Slugify(s)
	switch {
	case slug == "":
		return "", Invalid(field, "a slug needs at least one letter or digit")
	case len(slug) > MaxSlugLen:
		return "", Invalid(field, "slug is %d characters long, at most %d are allowed", len(slug), MaxSlugLen)
	}
	return slug, nil
}

// ParseEmail checks an e-mail address as written in a contact: a bare address
// (no display name) with a domain that has a dot. It returns it trimmed.
// Errors: BAD_USER_INPUT naming field.
func ParseEmail(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxEmailLen {
		return "", Invalid(field, "an e-mail address of at most %d characters is required", MaxEmailLen)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", Invalid(field, "%q is not an e-mail address (name@example.se)", s)
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || !validDomain(domain) {
		return "", Invalid(field, "%q is not an e-mail address (name@example.se)", s)
	}
	return s, nil
}

// validDomain reports whether d is a host name with at least two labels of
// letters, digits and inner dashes (internationalised names in any script).
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
				return false
			}
		}
	}
	return true
}

// LinkSchemes are the schemes a stored link may have.
var LinkSchemes = []string{"http", "https", "mailto", "tel"}

// ParseLinkURL checks a link's target: an absolute http, https, mailto or tel
// URL, or a path on this site ("/kultur-och-fritid/bibliotek"). It returns it
// trimmed. Errors: BAD_USER_INPUT naming field.
func ParseLinkURL(field, s string) (string, error) {
	return parseURL(field, s, LinkSchemes)
}

// ParseMediaURL checks where an image or a video is: an http or https URL, or a
// path on this site.
func ParseMediaURL(field, s string) (string, error) {
	return parseURL(field, s, []string{"http", "https"})
}

func parseURL(field, s string, schemes []string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", Invalid(field, "a url is required")
	case len(s) > MaxURLLen:
		return "", Invalid(field, "url is %d bytes long, at most %d are allowed", len(s), MaxURLLen)
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return "", Invalid(field, "a url cannot hold spaces or control characters")
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", Invalid(field, "%q is not a url", s)
	}
	if u.Scheme == "" {
		// Only a path on this site; "//host/x" would silently take the page's scheme.
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, `/\`) {
			return "", Invalid(field, "a url needs a scheme (%s) or must be a path starting with /", strings.Join(schemes, ", "))
		}
		return s, nil
	}
	scheme := strings.ToLower(u.Scheme)
	allowed := false
	for _, sc := range schemes {
		allowed = allowed || scheme == sc
	}
	if !allowed {
		return "", Invalid(field, "links with the scheme %q are not allowed (allowed: %s)", scheme, strings.Join(schemes, ", "))
	}
	switch scheme {
	case "http", "https":
		if u.Host == "" || u.Opaque != "" {
			return "", Invalid(field, "%q has no host", s)
		}
	case "mailto":
		addr, _, _ := strings.Cut(u.Opaque, "?")
		if addr, err = url.PathUnescape(addr); err != nil {
			return "", Invalid(field, "%q is not a mailto link", s)
		}
		for _, a := range strings.Split(addr, ",") {
			if _, err := ParseEmail(field, a); err != nil {
				return "", Invalid(field, "%q is not a mailto link with an e-mail address", s)
			}
		}
	case "tel":
		if !validTel(u.Opaque) {
			return "", Invalid(field, "%q is not a tel link (tel:+4658661000)", s)
		}
	}
	return s, nil
}

func validTel(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 20
}

// ValidateLinks checks and trims a list of links in place.
func ValidateLinks(field string, links []Link) error {
	if err := CheckCount(field, len(links), MaxLinks); err != nil {
		return err
	}
	for i := range links {
		f := field + "[" + itoa(i) + "]"
		var err error
		if links[i].Title, err = RequiredText(f+".title", links[i].Title, MaxTitleLen); err != nil {
			return err
		}
		if links[i].URL, err = ParseLinkURL(f+".url", links[i].URL); err != nil {
			return err
		}
	}
	return nil
}

func lastSegment(field string) string {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	if field == "" {
		return "a value"
	}
	return field
}
