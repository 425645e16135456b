package content

import (
	"html"
	"strings"
)

// PlainText returns the words of blocks for full-text search: headings, rich text
// without its tags, captions, quotes and link titles.
func PlainText(blocks []Block) string {
	var b strings.Builder
	add := func(s string) {
		if s != "" {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	for _, blk := range blocks {
		switch blk := blk.(type) {
		case *HeadingBlock:
			add(blk.Text)
		case *RichTextBlock:
			add(stripTags(blk.HTML))
		case *ImageBlock:
			add(blk.Alt)
			add(blk.Caption)
		case *VideoBlock:
			add(blk.Caption)
		case *QuoteBlock:
			add(blk.Text)
			add(blk.Attribution)
		case *LinkListBlock:
			add(blk.Title)
			for _, l := range blk.Links {
				add(l.Title)
			}
		case *DocumentListBlock:
			add(blk.Title)
		}
	}
	return strings.TrimSpace(b.String())
}

// stripTags drops HTML tags (the input is already sanitised) and decodes entities.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}
