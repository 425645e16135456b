package graph

import (
	"fmt"

	"github.com/radhus/radhus/graph/model"
	"github.com/radhus/radhus/internal/content"
)

// The arguments of the page mutations, read into the domain's types. Field
// names in errors are the argument paths ("input.blocks[2].contactId").

func newPageDraft(in model.CreatePageInput) (*content.PageDraft, error) {
	loc, err := content.ParseLocale("input.locale", deref(in.Locale))
	if err != nil {
		return nil, err
	}
	if loc != content.DefaultLocale {
		return nil, content.Invalid("input.locale", "a page is created in %s; add other locales with updatePage", content.DefaultLocale)
	}
	title, err := content.RequiredText("input.title", in.Title, content.MaxTitleLen)
	if err != nil {
		return nil, err
	}
	slugField, slug := "input.slug", deref(in.Slug)
	if in.Slug == nil {
		slugField, slug = "input.title", title
	}
	if slug, err = content.ParseSlug(slugField, slug); err != nil {
		return nil, err
	}
	d := &content.PageDraft{Position: -1, Owner: deref(in.Owner), ReviewDueAt: in.ReviewDueAt}
	if in.Position != nil {
		d.Position = *in.Position
		if d.Position < 0 {
			return nil, content.Invalid("input.position", "position must not be negative")
		}
	}
	if in.ParentID != nil {
		if d.ParentID, err = content.ParseIDOf("input.parentId", content.KindPage, *in.ParentID); err != nil {
			return nil, err
		}
	}
	v := content.PageVariant{Locale: loc, Slug: slug, Title: title, Summary: deref(in.Summary)}
	if in.Seo != nil {
		v.SEOTitle, v.SEODesc = deref(in.Seo.Title), deref(in.Seo.Description)
	}
	if v.Blocks, err = blocksOf("input.blocks", in.Blocks); err != nil {
		return nil, err
	}
	d.Variants = []content.PageVariant{v}
	if d.DocumentIDs, err = idsOf("input.documentIds", content.KindDocument, in.DocumentIds); err != nil {
		return nil, err
	}
	if d.ContactIDs, err = idsOf("input.contactIds", content.KindContact, in.ContactIds); err != nil {
		return nil, err
	}
	return d, nil
}

func pageUpdate(in model.UpdatePageInput) (*content.PageUpdate, error) {
	u := &content.PageUpdate{
		Locale: deref(in.Locale), Title: in.Title, Slug: in.Slug, Summary: in.Summary,
		RemoveLocale: deref(in.RemoveLocale), Owner: in.Owner, ReviewDueAt: in.ReviewDueAt,
		ClearReviewDue: deref(in.ClearReviewDueAt),
	}
	if u.Locale == "" {
		u.Locale = content.DefaultLocale
	}
	if in.Seo != nil {
		u.SEOTitle, u.SEODesc = in.Seo.Title, in.Seo.Description
	}
	if in.Blocks != nil {
		blocks, err := blocksOf("input.blocks", in.Blocks)
		if err != nil {
			return nil, err
		}
		u.Blocks = &blocks
	}
	return u, nil
}

// blocksOf reads blocks; each type takes its own fields (the rest are
// ignored). The domain validates them afterwards.
func blocksOf(field string, in []*model.BlockInput) ([]content.Block, error) {
	if err := content.CheckCount(field, len(in), content.MaxBlocks); err != nil {
		return nil, err
	}
	out := make([]content.Block, 0, len(in))
	for i, b := range in {
		f := fmt.Sprintf("%s[%d]", field, i)
		var blk content.Block
		switch b.Type {
		case model.BlockTypeHeading:
			blk = &content.HeadingBlock{Text: deref(b.Text), Level: deref(b.Level)}
		case model.BlockTypeRichText:
			blk = &content.RichTextBlock{HTML: deref(b.HTML)}
		case model.BlockTypeImage:
			blk = &content.ImageBlock{URL: deref(b.URL), Alt: deref(b.Alt), Decorative: deref(b.Decorative), Caption: deref(b.Caption)}
		case model.BlockTypeVideo:
			blk = &content.VideoBlock{URL: deref(b.URL), Caption: deref(b.Caption)}
		case model.BlockTypeQuote:
			blk = &content.QuoteBlock{Text: deref(b.Text), Attribution: deref(b.Attribution)}
		case model.BlockTypeLinkList:
			l := &content.LinkListBlock{Title: deref(b.Title), Links: []content.Link{}}
			if err := content.CheckCount(f+".links", len(b.Links), content.MaxLinks); err != nil {
				return nil, err
			}
			for _, link := range b.Links {
				l.Links = append(l.Links, content.Link{Title: link.Title, URL: link.URL})
			}
			blk = l
		case model.BlockTypeDocumentList:
			ids, err := idsOf(f+".documentIds", content.KindDocument, b.DocumentIds)
			if err != nil {
				return nil, err
			}
			blk = &content.DocumentListBlock{Title: deref(b.Title), DocumentIDs: ids}
		case model.BlockTypeContact:
			id, err := requiredID(f+".contactId", content.KindContact, b.ContactID)
			if err != nil {
				return nil, err
			}
			blk = &content.ContactBlock{ContactID: id}
		case model.BlockTypeOpeningHours:
			id, err := requiredID(f+".openingHoursId", content.KindOpeningHours, b.OpeningHoursID)
			if err != nil {
				return nil, err
			}
			blk = &content.OpeningHoursBlock{OpeningHoursID: id}
		default:
			return nil, content.Invalid(f+".type", "unknown block type %q", b.Type)
		}
		out = append(out, blk)
	}
	if err := content.ValidateBlocks(field, out); err != nil {
		return nil, err
	}
	return out, nil
}

func requiredID(field, kind string, id *string) (int64, error) {
	if id == nil {
		return 0, content.Invalid(field, "required")
	}
	return content.ParseIDOf(field, kind, *id)
}

// idsOf reads global IDs of one kind; nil stays nil.
func idsOf(field, kind string, ids []string) ([]int64, error) {
	if ids == nil {
		return nil, nil
	}
	if err := content.CheckCount(field, len(ids), content.MaxRelations); err != nil {
		return nil, err
	}
	out := make([]int64, len(ids))
	for i, gid := range ids {
		id, err := content.ParseIDOf(fmt.Sprintf("%s[%d]", field, i), kind, gid)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

func optionalPageID(field string, gid *string) (int64, error) {
	if gid == nil {
		return 0, nil
	}
	return content.ParseIDOf(field, content.KindPage, *gid)
}

func pagePayload(p *content.Page, err error) (*model.PagePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.PagePayload{Page: p}, nil
}

func revisionConnection(l content.List[*content.Revision]) *model.RevisionConnection {
	c := &model.RevisionConnection{
		Edges:    make([]*model.RevisionEdge, len(l.Items)),
		Nodes:    l.Items,
		PageInfo: pageInfo(l.Cursors, l.HasNext, l.HasPrev),
	}
	for i, n := range l.Items {
		c.Edges[i] = &model.RevisionEdge{Cursor: l.Cursors[i].Encode(), Node: n}
	}
	if c.Nodes == nil {
		c.Nodes = []*content.Revision{}
	}
	return c
}

func auditConnection(l content.List[*content.AuditEntry]) *model.AuditEntryConnection {
	c := &model.AuditEntryConnection{
		Edges:    make([]*model.AuditEntryEdge, len(l.Items)),
		Nodes:    l.Items,
		PageInfo: pageInfo(l.Cursors, l.HasNext, l.HasPrev),
	}
	for i, n := range l.Items {
		c.Edges[i] = &model.AuditEntryEdge{Cursor: l.Cursors[i].Encode(), Node: n}
	}
	if c.Nodes == nil {
		c.Nodes = []*content.AuditEntry{}
	}
	return c
}
