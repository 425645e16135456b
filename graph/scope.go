package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/radhus/radhus/graph/loader"
	"github.com/radhus/radhus/internal/content"
)

// draftScope decides, before an operation runs, which state it reads. An
// editor's mutation, and an editor's query with a top-level field asking
// `preview: true`, read drafts throughout (the answer to a change shows the
// draft it saved; a preview shows breadcrumbs and menus as drafted). A preview
// token reads drafts only in an operation of `page` fields, and only its
// page (see previewPage). Everything else reads published content.
type draftScope struct{ drafts content.Reader }

type scopeKey struct{}

// scopeOf is the state an operation reads.
type scopeOf struct {
	drafts bool
	grant  *content.PreviewGrant // set when drafts are read for a preview token
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = draftScope{}

func (draftScope) ExtensionName() string                   { return "DraftScope" }
func (draftScope) Validate(graphql.ExecutableSchema) error { return nil }

func (d draftScope) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || d.drafts == nil {
		return next(ctx)
	}
	mutation := oc.Operation.Operation == ast.Mutation
	preview, onlyPages := previewFields(oc)
	if !mutation && !preview {
		return next(ctx)
	}
	var sc scopeOf
	if a, ok := content.ActorFrom(ctx); ok && a.Can(content.RoleEditor) {
		sc.drafts = true
	} else if g, ok := content.PreviewGrantFrom(ctx); ok && preview && onlyPages && !mutation {
		sc.drafts, sc.grant = true, &g
	}
	if sc.drafts {
		ctx = loader.Into(ctx, loader.New(d.drafts))
	}
	return next(context.WithValue(ctx, scopeKey{}, sc))
}

// previewFields reports whether a top-level field of the operation asks for
// `preview: true`, and whether every top-level field is `page`.
func previewFields(oc *graphql.OperationContext) (preview, onlyPages bool) {
	onlyPages = true
	var walk func(set ast.SelectionSet, depth int)
	walk = func(set ast.SelectionSet, depth int) {
		if depth > 8 {
			onlyPages = false
			return
		}
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				if s.Name == "__typename" {
					continue
				}
				if s.Name != "page" {
					onlyPages = false
				}
				if v, _ := s.ArgumentMap(oc.Variables)["preview"].(bool); v {
					preview = true
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet, depth+1)
			case *ast.FragmentSpread:
				if f := oc.Doc.Fragments.ForName(s.Name); f != nil {
					walk(f.SelectionSet, depth+1)
				} else {
					onlyPages = false
				}
			}
		}
	}
	walk(oc.Operation.SelectionSet, 0)
	return preview, onlyPages
}

// readerFor returns the reader of a field: the operation's scope, which for
// `preview: true` must be the drafts. Errors: UNAUTHENTICATED (anonymous
// preview), FORBIDDEN (a reader's role, or a preview token outside its page).
func readerFor(ctx context.Context, preview *bool) (content.Reader, error) {
	if preview != nil && *preview {
		sc, _ := ctx.Value(scopeKey{}).(scopeOf)
		if !sc.drafts {
			if a, ok := content.ActorFrom(ctx); ok && !a.Can(content.RoleEditor) {
				return nil, errForbidden
			}
			if _, ok := content.PreviewGrantFrom(ctx); ok {
				return nil, content.Errorf(content.EFORBIDDEN, "a preview token reads one page with page(path:, preview: true) and nothing else")
			}
			return nil, errSignIn
		}
	}
	return loader.For(ctx).Reader(), nil
}

// previewGrant returns the preview token's grant when the operation reads
// drafts for one.
func previewGrant(ctx context.Context) *content.PreviewGrant {
	sc, _ := ctx.Value(scopeKey{}).(scopeOf)
	return sc.grant
}

// previewAllows reports whether a page read in the operation's scope may be
// shown: always, except to a preview token, which reads its own page's draft
// until it expires and nothing else.
func previewAllows(ctx context.Context, p *content.Page, now time.Time) bool {
	g := previewGrant(ctx)
	return g == nil || (p.ID == g.PageID && now.Before(g.Expires))
}
