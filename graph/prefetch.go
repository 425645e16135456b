package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/radhus/radhus/graph/loader"
	"github.com/radhus/radhus/internal/content"
)

// pageWants says what of a page the current field's selection asks for.
func pageWants(ctx context.Context) content.PageWants {
	w, ok := wanted(ctx, nil)
	if !ok {
		return content.PageWants{}
	}
	return w.page()
}

// page says what of the pages at the selection's prefixes is asked for.
func (w want) page() content.PageWants {
	contactHours := func(prefix ...string) bool {
		return w.has(append(prefix, "openingHours")...) || w.has(append(prefix, "openNow")...)
	}
	return content.PageWants{
		Ancestors:      w.has("parent"),
		Breadcrumbs:    w.has("breadcrumbs"),
		Translations:   w.has("translations"),
		Documents:      w.has("documents"),
		BlockDocuments: w.has("blocks", "documents"),
		Contacts:       w.has("contacts"),
		BlockContacts:  w.has("blocks", "contact"),
		ContactHours:   contactHours("contacts") || contactHours("blocks", "contact"),
		BlockHours:     w.has("blocks", "openingHours"),
	}
}

// listFields says what of the costlier parts of a list's pages (whose selection
// is at each of prefixes) the query reads: a listing reads no blocks and no
// relations that nothing asks for.
func listFields(ctx context.Context, prefixes [][]string) content.ListFields {
	w, ok := wanted(ctx, prefixes)
	if !ok {
		return content.ListFields{Blocks: true, Relations: true}
	}
	return content.ListFields{Blocks: w.has("blocks"), Relations: w.has("documents") || w.has("contacts")}
}

// Where a connection's items are in its selection.
var connectionItems = [][]string{{"nodes"}, {"edges", "node"}}

// prefetchPages reads, at once and in one query per loader, what the query asks
// of the pages of a list (whose selection is at each of prefixes): the same
// reads a page view makes for one page. Resolvers below then find their items
// in the loaders' caches, so a list costs the same number of queries whatever
// its pages hold, and nothing is read that the query does not ask for.
func prefetchPages(ctx context.Context, pages []*content.Page, prefixes [][]string) error {
	w, ok := wanted(ctx, prefixes)
	if !ok || len(pages) == 0 {
		return nil
	}
	wants := w.page()
	var all content.PageRefs
	ids := make([]int64, len(pages))
	for i, p := range pages {
		ids[i] = p.ID
		r := wants.Refs(p)
		all.Ancestors = append(all.Ancestors, r.Ancestors...)
		all.Documents = append(all.Documents, r.Documents...)
		all.Contacts = append(all.Contacts, r.Contacts...)
		all.Hours = append(all.Hours, r.Hours...)
	}
	l := loader.For(ctx)
	pre := l.Preload(ctx)
	if wants.Translations {
		pre.Translations(l, ids)
	}
	pre.Pages(l, all.Ancestors)
	pre.Documents(l, all.Documents)
	pre.Contacts(l, all.Contacts)
	if wants.ContactHours {
		pre.HoursByContact(l, all.Contacts)
	}
	pre.OpeningHours(l, all.Hours)
	return pre.Wait()
}

// prefetchContacts starts the reads of the opening hours of a list of contacts.
func prefetchContacts(ctx context.Context, contacts []*content.Contact, prefixes [][]string) error {
	w, ok := wanted(ctx, prefixes)
	if !ok || len(contacts) == 0 || !(w.has("openingHours") || w.has("openNow")) {
		return nil
	}
	ids := make([]int64, len(contacts))
	for i, c := range contacts {
		ids[i] = c.ID
	}
	l := loader.For(ctx)
	pre := l.Preload(ctx)
	pre.HoursByContact(l, ids)
	return pre.Wait()
}

func wanted(ctx context.Context, prefixes [][]string) (want, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return want{}, false
	}
	if prefixes == nil {
		prefixes = [][]string{nil}
	}
	return want{set: fc.Field.Selections, frags: graphql.GetOperationContext(ctx).Doc.Fragments, prefixes: prefixes}, true
}

// want answers whether a selection set asks for a path of fields, through
// fragments of any type (asking a little too often only costs a batched read).
type want struct {
	set      ast.SelectionSet
	frags    ast.FragmentDefinitionList
	prefixes [][]string
}

func (w want) has(path ...string) bool {
	var buf [8]string // the path under its prefix, without an allocation
	for _, prefix := range w.prefixes {
		if w.in(w.set, append(append(buf[:0], prefix...), path...), 0) {
			return true
		}
	}
	return false
}

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
