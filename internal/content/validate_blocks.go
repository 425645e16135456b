package content

import "unicode/utf8"

// ValidateBlocks checks blocks' own rules and limits and trims their text in
// place: heading levels and text, image alt text (or an explicit decorative
// flag, as the accessibility law requires), link and media URL schemes, lengths
// of every string and list. Rich text must have been sanitised by the caller
// (internal/richtext.SanitizeBlocks); here only its size is checked. Errors:
// BAD_USER_INPUT naming the field under field ("variants[0].blocks[2].alt").
func ValidateBlocks(field string, blocks []Block) error {
	if err := CheckCount(field, len(blocks), MaxBlocks); err != nil {
		return err
	}
	for i, b := range blocks {
		if err := validateBlock(field+"["+itoa(i)+"]", b); err != nil {
			return err
		}
	}
	return nil
}

func validateBlock(f string, b Block) error {
	var err error
	switch b := b.(type) {
	case *HeadingBlock:
		if b.Level < 2 || b.Level > 6 {
			return Invalid(f+".level", "heading level must be 2 to 6")
		}
		b.Text, err = RequiredText(f+".text", b.Text, MaxTitleLen)
	case *RichTextBlock:
		switch {
		case !utf8.ValidString(b.HTML):
			err = Invalid(f+".html", "text is not valid UTF-8")
		case len(b.HTML) > MaxRichTextLen:
			err = Invalid(f+".html", "rich text is %d bytes long, at most %d are allowed", len(b.HTML), MaxRichTextLen)
		}
	case *ImageBlock:
		if b.URL, err = ParseMediaURL(f+".url", b.URL); err != nil {
			return err
		}
		if b.Alt, err = Text(f+".alt", b.Alt, MaxShortTextLen); err != nil {
			return err
		}
		switch {
		case b.Alt == "" && !b.Decorative:
			return Invalid(f+".alt", "an image needs alt text, or decorative: true when it adds nothing a screen reader should say")
		case b.Alt != "" && b.Decorative:
			return Invalid(f+".decorative", "a decorative image has no alt text: leave alt empty or set decorative to false")
		}
		b.Caption, err = Text(f+".caption", b.Caption, MaxShortTextLen)
	case *VideoBlock:
		if b.URL, err = ParseMediaURL(f+".url", b.URL); err != nil {
			return err
		}
		b.Caption, err = Text(f+".caption", b.Caption, MaxShortTextLen)
	case *QuoteBlock:
		if b.Text, err = RequiredText(f+".text", b.Text, MaxSummaryLen); err != nil {
			return err
		}
		b.Attribution, err = Text(f+".attribution", b.Attribution, MaxShortTextLen)
	case *LinkListBlock:
		if b.Title, err = Text(f+".title", b.Title, MaxTitleLen); err != nil {
			return err
		}
		err = ValidateLinks(f+".links", b.Links)
	case *DocumentListBlock:
		if b.Title, err = Text(f+".title", b.Title, MaxTitleLen); err != nil {
			return err
		}
		err = checkIDs(f+".documentIds", b.DocumentIDs)
	case *ContactBlock:
		if b.ContactID <= 0 {
			err = Invalid(f+".contactId", "a contact is required")
		}
	case *OpeningHoursBlock:
		if b.OpeningHoursID <= 0 {
			err = Invalid(f+".openingHoursId", "an opening-hours schedule is required")
		}
	case nil:
		err = Invalid(f, "a block is required")
	}
	return err
}

// checkIDs refuses more than MaxRelations IDs, IDs that cannot exist and
// repeated ones.
func checkIDs(field string, ids []int64) error {
	if err := CheckCount(field, len(ids), MaxRelations); err != nil {
		return err
	}
	seen := make(map[int64]bool, len(ids))
	for i, id := range ids {
		if id <= 0 {
			return Invalid(field+"["+itoa(i)+"]", "not a valid ID")
		}
		if seen[id] {
			return Invalid(field+"["+itoa(i)+"]", "the same item is listed twice")
		}
		seen[id] = true
	}
	return nil
}
