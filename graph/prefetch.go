package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/radhus/radhus/graph/loader"
	"github.com/radhus/radhus/internal/content"
)

// prefetchPage starts, at once and in one batch per loader, every nested read the
// query asks of a page: its ancestors, its documents and contacts and those its
// blocks point at, and the contacts' opening hours. Resolvers below then find their
// items in the loaders' caches, so a page costs the same number of queries whether
// it has one block or fifty.
func prefetchPage(ctx context.Context, p *content.Page) {
	fields := collected(graphql.CollectFieldsCtx(ctx, pageTypes))
	l := loader.For(ctx)
	_, wantBlocks := fields["blocks"]
	docs, contacts, schedules := content.ReferencedIDs(p.Blocks)
	if !wantBlocks {
		docs, contacts, schedules = nil, nil, nil
	}
	if _, ok := fields["documents"]; ok {
		docs = append(docs, p.DocumentIDs...)
	}
	contactSel, ok := fields["contacts"]
	if ok {
		contacts = append(contacts, p.ContactIDs...)
	}
	if _, ok := fields["breadcrumbs"]; ok {
		l.Pages.LoadAllThunk(ctx, ancestorKeys(p))
	} else if _, ok := fields["parent"]; ok && p.ParentID != 0 {
		l.Pages.LoadThunk(ctx, content.PageKey{ID: p.ParentID, Locale: p.Locale})
	}
	if len(docs) > 0 {
		l.Documents.LoadAllThunk(ctx, docs)
	}
	if len(contacts) > 0 {
		l.Contacts.LoadAllThunk(ctx, contacts)
		if wantsHours(ctx, contactSel) || wantBlocks {
			l.HoursByContact.LoadAllThunk(ctx, contacts)
		}
	}
	if len(schedules) > 0 {
		l.OpeningHours.LoadAllThunk(ctx, schedules)
	}
}

// The types a selection on a page or a contact may name in fragments.
var (
	pageTypes    = []string{"Page", "Node", "SearchResult"}
	contactTypes = []string{"Contact", "Node", "SearchResult"}
)

// collected returns the fields selected on the current object, by name.
func collected(sel []graphql.CollectedField) map[string]graphql.CollectedField {
	m := make(map[string]graphql.CollectedField, len(sel))
	for _, f := range sel {
		m[f.Name] = f
	}
	return m
}

func wantsHours(ctx context.Context, contactSel graphql.CollectedField) bool {
	if contactSel.Field == nil {
		return false
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), contactSel.Selections, contactTypes) {
		if f.Name == "openingHours" || f.Name == "openNow" {
			return true
		}
	}
	return false
}
