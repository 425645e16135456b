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
	seen := map[string]bool{}
	for i, v := range p.Variants {
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
		if v.Title == "" {
			return Invalid(field("title"), "title is required")
		}
		if err := ValidateBlocks(field("blocks"), v.Blocks); err != nil {
			return err
		}
	}
	return nil
}

// ValidateBlocks checks the blocks' own rules (heading levels, required text).
func ValidateBlocks(field string, blocks []Block) error {
	for i, b := range blocks {
		f := field + "[" + itoa(i) + "]"
		switch b := b.(type) {
		case *HeadingBlock:
			if b.Level < 2 || b.Level > 6 {
				return Invalid(f+".level", "heading level must be 2 to 6")
			}
			if b.Text == "" {
				return Invalid(f+".text", "heading text is required")
			}
		case *ImageBlock:
			if b.URL == "" {
				return Invalid(f+".url", "image url is required")
			}
		case *VideoBlock:
			if b.URL == "" {
				return Invalid(f+".url", "video url is required")
			}
		case *LinkListBlock:
			for j, l := range b.Links {
				if l.Title == "" || l.URL == "" {
					return Invalid(f+".links["+itoa(j)+"]", "a link needs a title and a url")
				}
			}
		}
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
