package content

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Block is one typed piece of a page's content. The concrete types are the
// *Block structs of this file.
type Block interface{ IsBlock() }

// HeadingBlock is a section heading, level 2 to 6.
type HeadingBlock struct {
	Text  string `json:"text"`
	Level int    `json:"level"`
}

// RichTextBlock holds HTML that was sanitised when it was saved.
type RichTextBlock struct {
	HTML string `json:"html"`
}

// ImageBlock is an image with its alternative text. A decorative image (one
// that adds nothing a screen reader should say) has no alt text and says so.
type ImageBlock struct {
	URL        string `json:"url"`
	Alt        string `json:"alt"`
	Decorative bool   `json:"decorative,omitempty"`
	Caption    string `json:"caption,omitempty"`
}

// VideoBlock is an embedded video.
type VideoBlock struct {
	URL     string `json:"url"`
	Caption string `json:"caption,omitempty"`
}

// QuoteBlock is a quotation.
type QuoteBlock struct {
	Text        string `json:"text"`
	Attribution string `json:"attribution,omitempty"`
}

// LinkListBlock is a titled list of links.
type LinkListBlock struct {
	Title string `json:"title,omitempty"`
	Links []Link `json:"links"`
}

// DocumentListBlock lists documents by ID.
type DocumentListBlock struct {
	Title       string  `json:"title,omitempty"`
	DocumentIDs []int64 `json:"documentIds"`
}

// ContactBlock shows a contact card.
type ContactBlock struct {
	ContactID int64 `json:"contactId"`
}

// OpeningHoursBlock shows one opening-hours schedule.
type OpeningHoursBlock struct {
	OpeningHoursID int64 `json:"openingHoursId"`
}

func (*HeadingBlock) IsBlock()      {}
func (*RichTextBlock) IsBlock()     {}
func (*ImageBlock) IsBlock()        {}
func (*VideoBlock) IsBlock()        {}
func (*QuoteBlock) IsBlock()        {}
func (*LinkListBlock) IsBlock()     {}
func (*DocumentListBlock) IsBlock() {}
func (*ContactBlock) IsBlock()      {}
func (*OpeningHoursBlock) IsBlock() {}

// Link is a titled URL.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Block type names as stored.
var blockTypes = map[string]func() Block{
	"heading":      func() Block { return &HeadingBlock{} },
	"richText":     func() Block { return &RichTextBlock{} },
	"image":        func() Block { return &ImageBlock{} },
	"video":        func() Block { return &VideoBlock{} },
	"quote":        func() Block { return &QuoteBlock{} },
	"linkList":     func() Block { return &LinkListBlock{} },
	"documentList": func() Block { return &DocumentListBlock{} },
	"contact":      func() Block { return &ContactBlock{} },
	"openingHours": func() Block { return &OpeningHoursBlock{} },
}

func blockType(b Block) string {
	switch b.(type) {
	case *HeadingBlock:
		return "heading"
	case *RichTextBlock:
		return "richText"
	case *ImageBlock:
		return "image"
	case *VideoBlock:
		return "video"
	case *QuoteBlock:
		return "quote"
	case *LinkListBlock:
		return "linkList"
	case *DocumentListBlock:
		return "documentList"
	case *ContactBlock:
		return "contact"
	case *OpeningHoursBlock:
		return "openingHours"
	}
	panic(fmt.Sprintf("content: unknown block %T", b))
}

// MarshalBlocks encodes blocks as stored: a JSON array of objects tagged by "type".
func MarshalBlocks(blocks []Block) ([]byte, error) {
	out := make([]json.RawMessage, 0, len(blocks))
	for _, b := range blocks {
		body, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		tag := `{"type":"` + blockType(b) + `"`
		if len(body) > 2 {
			tag += ","
		}
		out = append(out, append([]byte(tag), body[1:]...))
	}
	return json.Marshal(out)
}

// UnmarshalBlocks decodes blocks as stored by MarshalBlocks.
func UnmarshalBlocks(data []byte) ([]Block, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("blocks: %w", err)
	}
	blocks := make([]Block, 0, len(raw))
	for i, r := range raw {
		var head struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(r, &head); err != nil {
			return nil, fmt.Errorf("blocks[%d]: %w", i, err)
		}
		mk, ok := blockTypes[head.Type]
		if !ok {
			return nil, fmt.Errorf("blocks[%d]: unknown type %q", i, head.Type)
		}
		b := mk()
		if err := json.Unmarshal(r, b); err != nil {
			return nil, fmt.Errorf("blocks[%d]: %w", i, err)
		}
		blocks = append(blocks, b)
	}
	return blocks, nil
}

// UnmarshalBlocksSkipping decodes blocks as UnmarshalBlocks does, but skips a
// block that does not decode (or all of them, when the array itself does not)
// and reports it in errs, so that one bad stored block does not take down its
// page, or the lists and parents that show the page.
func UnmarshalBlocksSkipping(data []byte) (blocks []Block, errs []error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return []Block{}, []error{fmt.Errorf("blocks: %w", err)}
	}
	blocks = make([]Block, 0, len(raw))
	for i, r := range raw {
		b, err := UnmarshalBlocks(append(append([]byte{'['}, r...), ']'))
		if err != nil {
			errs = append(errs, fmt.Errorf("blocks[%d]: %w", i, errors.Unwrap(err)))
			continue
		}
		blocks = append(blocks, b...)
	}
	return blocks, errs
}

// ReferencedIDs returns the IDs of documents, contacts and opening hours that
// blocks point at, in order of first appearance.
func ReferencedIDs(blocks []Block) (documents, contacts, hours []int64) {
	for _, b := range blocks {
		switch b := b.(type) {
		case *DocumentListBlock:
			documents = append(documents, b.DocumentIDs...)
		case *ContactBlock:
			contacts = append(contacts, b.ContactID)
		case *OpeningHoursBlock:
			hours = append(hours, b.OpeningHoursID)
		}
	}
	return documents, contacts, hours
}
