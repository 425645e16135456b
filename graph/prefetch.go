package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/radhus/radhus/graph/loader"
	"github.com/radhus/radhus/internal/content"
)

// prefetchPage starts, at once and in one batch per loader, every nested read the
// query asks of a page: its ancestors, its documents and contacts and those its
// blocks point at, and the contacts' opening hours. Resolvers below then find their
// items in the loaders' caches, so a page costs the same number of queries whether
// it has one block or fifty, and nothing is read that the query does not ask for.
func prefetchPage(ctx context.Context, p *content.Page) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return
	}
	w := want{set: fc.Field.Selections, frags: graphql.GetOperationContext(ctx).Doc.Fragments}
	l := loader.For(ctx)
	blockDocs, blockContacts, blockHours := content.ReferencedIDs(p.Blocks)

	var docs, contacts []int64
	if w.has("documents") {
		docs = append(docs, p.DocumentIDs...)
	}
	if w.has("blocks", "documents") {
		docs = append(docs, blockDocs...)
	}
	if w.has("contacts") {
		contacts = append(contacts, p.ContactIDs...)
	}
	if w.has("blocks", "contact") {
		contacts = append(contacts, blockContacts...)
	}
	if w.has("breadcrumbs") {
		l.Pages.LoadAllThunk(ctx, ancestorKeys(p))
	} else if w.has("parent") && p.ParentID != 0 {
		l.Pages.LoadThunk(ctx, content.PageKey{ID: p.ParentID, Locale: p.Locale})
	}
	if len(docs) > 0 {
		l.Documents.LoadAllThunk(ctx, docs)
	}
	if len(contacts) > 0 {
		l.Contacts.LoadAllThunk(ctx, contacts)
		if w.has("contacts", "openingHours") || w.has("contacts", "openNow") ||
			w.has("blocks", "contact", "openingHours") || w.has("blocks", "contact", "openNow") {
			l.HoursByContact.LoadAllThunk(ctx, contacts)
		}
	}
	if len(blockHours) > 0 && w.has("blocks", "openingHours") {
		l.OpeningHours.LoadAllThunk(ctx, blockHours)
	}
}

// want answers whether a selection set asks for a path of fields, through
// fragments of any type (asking a little too often only costs a batched read).
type want struct {
	set   ast.SelectionSet
	frags ast.FragmentDefinitionList
}

func (w want) has(path ...string) bool { return w.in(w.set, path, 0) }

func (w want) in(set ast.SelectionSet, path []string, depth int) bool {
	if len(path) == 0 {
		return true
	}
	if depth > 32 {
		return false
	}
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == path[0] && w.in(s.SelectionSet, path[1:], depth+1) {
				return true
			}
		case *ast.InlineFragment:
			if w.in(s.SelectionSet, path, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			if f := w.frags.ForName(s.Name); f != nil && w.in(f.SelectionSet, path, depth+1) {
				return true
			}
		}
	}
	return false
}
