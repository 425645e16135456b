package graph

import (
	"context"

	"github.com/radhus/radhus/graph/loader"
	"github.com/radhus/radhus/graph/model"
	"github.com/radhus/radhus/internal/content"
)

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func orderOrDefault(o *content.PageOrder) content.PageOrder {
	if o == nil {
		return content.PageOrderPosition
	}
	return *o
}

// mustFind turns a loader's nil result into a NOT_FOUND error.
func mustFind[T any](v *T, err error) func(kind string) (*T, error) {
	return func(kind string) (*T, error) {
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, content.NotFound(kind)
		}
		return v, nil
	}
}

// asNode returns what mustFind found as a Node, for node(id:).
func asNode[T content.Node](v T, err error) (content.Node, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

func pageInfo(cursors []content.Cursor, hasNext, hasPrev bool) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if len(cursors) > 0 {
		start, end := cursors[0].Encode(), cursors[len(cursors)-1].Encode()
		pi.StartCursor, pi.EndCursor = &start, &end
	}
	return pi
}

func pageConnection(l content.List[*content.Page]) *model.PageConnection {
	c := &model.PageConnection{
		Edges:    make([]*model.PageEdge, len(l.Items)),
		Nodes:    l.Items,
		PageInfo: pageInfo(l.Cursors, l.HasNext, l.HasPrev),
	}
	for i, p := range l.Items {
		c.Edges[i] = &model.PageEdge{Cursor: l.Cursors[i].Encode(), Node: p}
	}
	if c.Nodes == nil {
		c.Nodes = []*content.Page{}
	}
	return c
}

func contactConnection(l content.List[*content.Contact]) *model.ContactConnection {
	c := &model.ContactConnection{
		Edges:    make([]*model.ContactEdge, len(l.Items)),
		Nodes:    l.Items,
		PageInfo: pageInfo(l.Cursors, l.HasNext, l.HasPrev),
	}
	for i, x := range l.Items {
		c.Edges[i] = &model.ContactEdge{Cursor: l.Cursors[i].Encode(), Node: x}
	}
	if c.Nodes == nil {
		c.Nodes = []*content.Contact{}
	}
	return c
}

// searchConnection loads the items of the hits in one batch per kind and keeps
// the hits' order; an item unpublished since the search ran is left out.
func searchConnection(ctx context.Context, q content.SearchQuery, hits []content.SearchHit, hasNext bool) (*model.SearchConnection, error) {
	l := loader.For(ctx)
	thunks := make([]func() (content.SearchResult, error), len(hits))
	for i, h := range hits {
		switch h.Kind {
		case content.KindPage:
			t := l.Pages.LoadThunk(ctx, content.PageKey{ID: h.ID, Locale: h.Locale})
			thunks[i] = func() (content.SearchResult, error) { return nilIfMissing(t()) }
		case content.KindContact:
			t := l.Contacts.LoadThunk(ctx, h.ID)
			thunks[i] = func() (content.SearchResult, error) { return nilIfMissing(t()) }
		case content.KindDocument:
			t := l.Documents.LoadThunk(ctx, h.ID)
			thunks[i] = func() (content.SearchResult, error) { return nilIfMissing(t()) }
		}
	}
	conn := &model.SearchConnection{Edges: []*model.SearchEdge{}}
	var cursors []content.Cursor
	for i, h := range hits {
		node, err := thunks[i]()
		if err != nil {
			return nil, err
		}
		if node == nil {
			continue
		}
		cur := content.Cursor{ID: int64(q.Offset + i + 1)}
		cursors = append(cursors, cur)
		conn.Edges = append(conn.Edges, &model.SearchEdge{Cursor: cur.Encode(), Node: node, Rank: h.Rank, Snippet: h.Snippet})
	}
	conn.PageInfo = pageInfo(cursors, hasNext, q.Offset > 0)
	return conn, nil
}

func nilIfMissing[T any, P interface {
	*T
	content.SearchResult
}](v P, err error) (content.SearchResult, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}

// stored answers a preview's questions as a stored schedule's.
func (r *openingHoursPreviewResolver) stored() *openingHoursResolver {
	return &openingHoursResolver{r.Resolver}
}
