package graph

import (
	"github.com/radhus/radhus/graph/model"
	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
)

func loginPayload(s *auth.Session) *model.LoginPayload {
	return &model.LoginPayload{
		AccessToken:      s.AccessToken,
		ExpiresAt:        s.AccessExpires,
		RefreshToken:     s.RefreshToken,
		RefreshExpiresAt: s.RefreshExpiresAt,
		User:             s.User,
	}
}

func userConnection(l content.List[*content.User]) *model.UserConnection {
	c := &model.UserConnection{
		Edges:    make([]*model.UserEdge, len(l.Items)),
		Nodes:    l.Items,
		PageInfo: pageInfo(l.Cursors, l.HasNext, l.HasPrev),
	}
	for i, u := range l.Items {
		c.Edges[i] = &model.UserEdge{Cursor: l.Cursors[i].Encode(), Node: u}
	}
	if c.Nodes == nil {
		c.Nodes = []*content.User{}
	}
	return c
}
