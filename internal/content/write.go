package content

import (
	"strconv"
	"time"
)

// NewPage is a page to create with its locale variants, published at once (demo
// content and imports).
type NewPage struct {
	ParentID    int64 // 0: top of the tree
	Position    int
	Owner       string
	ReviewDueAt *time.Time
	PublishedAt *time.Time // nil: now
	Variants    []PageVariant
	DocumentIDs []int64
	ContactIDs  []int64
}

// PageVariant is a page's content in one locale.
type PageVariant struct {
	Locale   string
	Slug     string
	Title    string
	Summary  string
	Blocks   []Block
	SEOTitle string
	SEODesc  string
}

// Validate checks a new page; errors name the field at fault.
func (p *NewPage) Validate() error {
	if len(p.Variants) == 0 || p.Variants[0].Locale != DefaultLocale {
		return Invalid("variants", "a page needs a %s variant first", DefaultLocale)
	}
	if err := CheckCount("variants", len(p.Variants), len(locales)); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range p.Variants {
		v := &p.Variants[i]
		field := func(name string) string { return "variants[" + itoa(i) + "]." + name }
		if _, err := ParseLocale(field("locale"), v.Locale); err != nil {
			return err
		}
		if seen[v.Locale] {
			return Invalid(field("locale"), "locale %q given twice", v.Locale)
		}
		seen[v.Locale] = true
		if !ValidSlug(v.Slug) {
			return Invalid(field("slug"), "slug must be lowercase letters a-z, digits and single dashes")
		}
		if err := v.validateText(field); err != nil {
			return err
		}
		if err := ValidateBlocks(field("blocks"), v.Blocks); err != nil {
			return err
		}
	}
	if err := checkIDs("documentIds", p.DocumentIDs); err != nil {
		return err
	}
	if err := checkIDs("contactIds", p.ContactIDs); err != nil {
		return err
	}
	var err error
	p.Owner, err = Text("owner", p.Owner, MaxShortTextLen)
	return err
}

// validateText checks and trims a variant's own strings.
func (v *PageVariant) validateText(field func(string) string) error {
	var err error
	if v.Title, err = RequiredText(field("title"), v.Title, MaxTitleLen); err != nil {
		return err
	}
	if v.Summary, err = Text(field("summary"), v.Summary, MaxSummaryLen); err != nil {
		return err
	}
	if v.SEOTitle, err = Text(field("seoTitle"), v.SEOTitle, MaxShortTextLen); err != nil {
		return err
	}
	v.SEODesc, err = Text(field("seoDescription"), v.SEODesc, MaxShortTextLen)
	return err
}

func itoa(i int) string { return strconv.Itoa(i) }
