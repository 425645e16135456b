package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/radhus/radhus/graph/model"
	"github.com/radhus/radhus/graph/scalar"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
)

// directFields are the fields direct execution writes, by GraphQL type: the
// read side of pages, listings and menus, with their blocks, documents,
// contacts and weekly opening hours. Each is written as gqlgen's generated
// code writes it (the same getter, the same marshaller); TestDirectExecution
// compares the two on every field here.
var directFields map[string]map[string]directField

func init() {
	directFields = map[string]map[string]directField{
		"Query": {
			"page": rootField("Page", true, func(x *directRun, ctx context.Context, f graphql.CollectedField) (*graphql.FieldContext, error) {
				return x.ec.fieldContext_Query_page(ctx, f)
			}, func(x *directRun, ctx context.Context, a map[string]any) (*content.Page, error) {
				return x.ec.Resolvers.Query().Page(ctx, a["path"].(string), a["locale"].(*string), a["preview"].(*bool))
			}),
			"pages": rootField("PageConnection", false, func(x *directRun, ctx context.Context, f graphql.CollectedField) (*graphql.FieldContext, error) {
				return x.ec.fieldContext_Query_pages(ctx, f)
			}, func(x *directRun, ctx context.Context, a map[string]any) (*model.PageConnection, error) {
				return x.ec.Resolvers.Query().Pages(ctx, a["parentId"].(*string), a["locale"].(*string), a["first"].(*int),
					a["after"].(*string), a["orderBy"].(*content.PageOrder), a["preview"].(*bool))
			}),
			"menu": rootList("MenuItem", func(x *directRun, ctx context.Context, f graphql.CollectedField) (*graphql.FieldContext, error) {
				return x.ec.fieldContext_Query_menu(ctx, f)
			}, func(x *directRun, ctx context.Context, a map[string]any) ([]*content.MenuItem, error) {
				return x.ec.Resolvers.Query().Menu(ctx, a["rootPath"].(*string), a["depth"].(*int), a["locale"].(*string), a["preview"].(*bool))
			}),
		},
		"Page": {
			"id":          str(func(p *content.Page) string { return p.GlobalID() }),
			"title":       str(func(p *content.Page) string { return p.Title }),
			"slug":        str(func(p *content.Page) string { return p.Slug }),
			"path":        str(func(p *content.Page) string { return p.Path }),
			"summary":     str(func(p *content.Page) string { return p.Summary }),
			"locale":      str(func(p *content.Page) string { return p.Locale }),
			"owner":       str(func(p *content.Page) string { return p.Owner }),
			"reviewDueAt": optional(scalar.MarshalDateTime, func(p *content.Page) *time.Time { return p.ReviewDueAt }),
			"publishedAt": optional(scalar.MarshalDateTime, func(p *content.Page) *time.Time { return p.PublishedAt }),
			"updatedAt":   scalarOf(scalar.MarshalDateTime, func(p *content.Page) time.Time { return p.UpdatedAt }),
			"version":     scalarOf(graphql.MarshalInt, func(p *content.Page) int { return p.Version }),
			"seo": objectOf("Seo", false, func(p *content.Page) *content.Seo {
				seo := p.SEO()
				return &seo
			}),
			"blocks": writeBlocks,
			"documents": resolvedList("Document", func(x *directRun, ctx context.Context, p *content.Page) ([]*content.Document, error) {
				return x.ec.Resolvers.Page().Documents(ctx, p)
			}),
			"contacts": resolvedList("Contact", func(x *directRun, ctx context.Context, p *content.Page) ([]*content.Contact, error) {
				return x.ec.Resolvers.Page().Contacts(ctx, p)
			}),
			"breadcrumbs": resolvedList("Breadcrumb", func(x *directRun, ctx context.Context, p *content.Page) ([]*content.Breadcrumb, error) {
				return x.ec.Resolvers.Page().Breadcrumbs(ctx, p)
			}),
			"translations": resolvedList("Translation", func(x *directRun, ctx context.Context, p *content.Page) ([]*content.Translation, error) {
				return x.ec.Resolvers.Page().Translations(ctx, p)
			}),
		},
		"Seo": {
			"title":       str(func(s *content.Seo) string { return s.Title }),
			"description": str(func(s *content.Seo) string { return s.Description }),
		},
		"Breadcrumb": {
			"title": str(func(b *content.Breadcrumb) string { return b.Title }),
			"path":  str(func(b *content.Breadcrumb) string { return b.Path }),
		},
		"Translation": {
			"locale": str(func(t *content.Translation) string { return t.Locale }),
			"path":   str(func(t *content.Translation) string { return t.Path }),
			"title":  str(func(t *content.Translation) string { return t.Title }),
		},
		"RichTextBlock": {
			"html": str(func(b *content.RichTextBlock) string { return b.HTML }),
		},
		"HeadingBlock": {
			"text":  str(func(b *content.HeadingBlock) string { return b.Text }),
			"level": scalarOf(graphql.MarshalInt, func(b *content.HeadingBlock) int { return b.Level }),
		},
		"QuoteBlock": {
			"text":        str(func(b *content.QuoteBlock) string { return b.Text }),
			"attribution": str(func(b *content.QuoteBlock) string { return b.Attribution }),
		},
		"Document": {
			"id":        str(func(d *content.Document) string { return d.GlobalID() }),
			"title":     str(func(d *content.Document) string { return d.Title }),
			"fileName":  str(func(d *content.Document) string { return d.FileName }),
			"mimeType":  str(func(d *content.Document) string { return d.MimeType }),
			"sizeBytes": scalarOf(graphql.MarshalInt64, func(d *content.Document) int64 { return d.SizeBytes }),
			"language":  str(func(d *content.Document) string { return d.Language }),
			"createdAt": scalarOf(scalar.MarshalDateTime, func(d *content.Document) time.Time { return d.CreatedAt }),
			"url": resolvedScalar(graphql.MarshalString, func(x *directRun, ctx context.Context, d *content.Document) (string, error) {
				return x.ec.Resolvers.Document().URL(ctx, d)
			}),
		},
		"Contact": {
			"id":              str(func(c *content.Contact) string { return c.GlobalID() }),
			"name":            str(func(c *content.Contact) string { return c.Name }),
			"tagline":         str(func(c *content.Contact) string { return c.Tagline }),
			"email":           str(func(c *content.Contact) string { return c.Email }),
			"updatedAt":       scalarOf(scalar.MarshalDateTime, func(c *content.Contact) time.Time { return c.UpdatedAt }),
			"phones":          valuesOf("Phone", func(c *content.Contact) []content.Phone { return c.Phones }),
			"visitingAddress": objectOf("Address", true, func(c *content.Contact) *content.Address { return c.VisitingAddress }),
			"postalAddress":   objectOf("Address", true, func(c *content.Contact) *content.Address { return c.PostalAddress }),
			"openingHours": resolvedList("OpeningHours", func(x *directRun, ctx context.Context, c *content.Contact) ([]*content.OpeningHours, error) {
				return x.ec.Resolvers.Contact().OpeningHours(ctx, c)
			}),
		},
		"Phone": {
			"label":  str(func(p *content.Phone) string { return p.Label }),
			"number": str(func(p *content.Phone) string { return p.Number }),
			"e164":   str(func(p *content.Phone) string { return p.E164 }),
		},
		"Address": {
			"street":     str(func(a *content.Address) string { return a.Street }),
			"postalCode": str(func(a *content.Address) string { return a.PostalCode }),
			"city":       str(func(a *content.Address) string { return a.City }),
			"country":    str(func(a *content.Address) string { return a.Country }),
		},
		"OpeningHours": {
			"id":      str(func(o *content.OpeningHours) string { return o.GlobalID() }),
			"channel": str(func(o *content.OpeningHours) string { return o.Channel }),
			"rules":   valuesOf("OpeningRule", func(o *content.OpeningHours) []hours.Rule { return o.Rules }),
		},
		"OpeningRule": {
			"days":      stringList(func(r *hours.Rule) []string { return r.Days }),
			"intervals": valuesOf("OpeningInterval", func(r *hours.Rule) []hours.Interval { return r.Intervals }),
			"validFrom": str(func(r *hours.Rule) string { return r.ValidFrom }),
			"validTo":   str(func(r *hours.Rule) string { return r.ValidTo }),
		},
		"OpeningInterval": {
			"opens":     str(func(i *hours.Interval) string { return i.Opens }),
			"closes":    str(func(i *hours.Interval) string { return i.Closes }),
			"overnight": scalarOf(graphql.MarshalBoolean, func(i *hours.Interval) bool { return i.Overnight }),
		},
		"PageConnection": {
			"edges":    listOf("PageEdge", func(c *model.PageConnection) []*model.PageEdge { return c.Edges }),
			"nodes":    listOf("Page", func(c *model.PageConnection) []*content.Page { return c.Nodes }),
			"pageInfo": objectOf("PageInfo", false, func(c *model.PageConnection) *model.PageInfo { return c.PageInfo }),
		},
		"PageEdge": {
			"cursor": str(func(e *model.PageEdge) string { return e.Cursor }),
			"node":   objectOf("Page", false, func(e *model.PageEdge) *content.Page { return e.Node }),
		},
		"PageInfo": {
			"hasNextPage":     scalarOf(graphql.MarshalBoolean, func(p *model.PageInfo) bool { return p.HasNextPage }),
			"hasPreviousPage": scalarOf(graphql.MarshalBoolean, func(p *model.PageInfo) bool { return p.HasPreviousPage }),
			"startCursor":     optional(graphql.MarshalString, func(p *model.PageInfo) *string { return p.StartCursor }),
			"endCursor":       optional(graphql.MarshalString, func(p *model.PageInfo) *string { return p.EndCursor }),
		},
		"MenuItem": {
			"id":       str(func(m *content.MenuItem) string { return m.GlobalID() }),
			"title":    str(func(m *content.MenuItem) string { return m.Title }),
			"path":     str(func(m *content.MenuItem) string { return m.Path }),
			"children": listOf("MenuItem", func(m *content.MenuItem) []*content.MenuItem { return m.Children }),
		},
	}
}

// directSatisfies are the type conditions each type's fragments may have,
// as gqlgen's generated code has them.
var directSatisfies = map[string][]string{
	"Query": queryImplementors, "Page": pageImplementors, "Seo": seoImplementors,
	"Breadcrumb": breadcrumbImplementors, "Translation": translationImplementors,
	"RichTextBlock": richTextBlockImplementors, "HeadingBlock": headingBlockImplementors,
	"QuoteBlock": quoteBlockImplementors, "Document": documentImplementors,
	"Contact": contactImplementors, "Phone": phoneImplementors, "Address": addressImplementors,
	"OpeningHours": openingHoursImplementors, "OpeningRule": openingRuleImplementors,
	"OpeningInterval": openingIntervalImplementors, "PageConnection": pageConnectionImplementors,
	"PageEdge": pageEdgeImplementors, "PageInfo": pageInfoImplementors, "MenuItem": menuItemImplementors,
	// Blocks outside directFields, of which only __typename is written.
	"ImageBlock": imageBlockImplementors, "VideoBlock": videoBlockImplementors,
	"LinkListBlock": linkListBlockImplementors, "DocumentListBlock": documentListBlockImplementors,
	"ContactBlock": contactBlockImplementors, "OpeningHoursBlock": openingHoursBlockImplementors,
}

// writeBlocks writes a page's blocks; a block of a type outside directFields
// may be asked its __typename only (directable), and one of a type the
// schema does not know leaves direct execution.
func writeBlocks(x *directRun, ctx context.Context, _ string, obj any, f graphql.CollectedField) error {
	x.buf.WriteByte('[')
	for i, b := range obj.(*content.Page).Blocks {
		if i > 0 {
			x.buf.WriteByte(',')
		}
		typ := blockType(b)
		if typ == "" {
			return errIndirect
		}
		if err := x.object(ctx, typ, b, f.Selections); err != nil {
			return err
		}
	}
	x.buf.WriteByte(']')
	return nil
}

// blockType is the GraphQL type of a block, as gqlgen's generated _Block
// tells them apart.
func blockType(b content.Block) string {
	switch b.(type) {
	case *content.RichTextBlock:
		return "RichTextBlock"
	case *content.HeadingBlock:
		return "HeadingBlock"
	case *content.QuoteBlock:
		return "QuoteBlock"
	case *content.ImageBlock:
		return "ImageBlock"
	case *content.VideoBlock:
		return "VideoBlock"
	case *content.LinkListBlock:
		return "LinkListBlock"
	case *content.DocumentListBlock:
		return "DocumentListBlock"
	case *content.ContactBlock:
		return "ContactBlock"
	case *content.OpeningHoursBlock:
		return "OpeningHoursBlock"
	}
	return ""
}

// optional writes a nullable scalar held as a pointer.
func optional[T, V any](marshal func(V) graphql.Marshaler, get func(*T) *V) directField {
	return func(x *directRun, _ context.Context, _ string, obj any, _ graphql.CollectedField) error {
		if v := get(obj.(*T)); v != nil {
			marshal(*v).MarshalGQL(x.buf)
			return nil
		}
		return x.null(true)
	}
}

func stringList[T any](get func(*T) []string) directField {
	return func(x *directRun, _ context.Context, _ string, obj any, _ graphql.CollectedField) error {
		x.buf.WriteByte('[')
		for i, s := range get(obj.(*T)) {
			if i > 0 {
				x.buf.WriteByte(',')
			}
			graphql.MarshalString(s).MarshalGQL(x.buf)
		}
		x.buf.WriteByte(']')
		return nil
	}
}
