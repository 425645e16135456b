package graph

import (
	"context"
	"testing"

	"github.com/radhus/radhus/internal/content"
)

// On a field, @hasRole decides before the resolver runs; on an argument, only
// a value that asks for something needs the role.
func TestHasRole(t *testing.T) {
	anon := context.Background()
	editor := content.WithActor(anon, content.Actor{ID: "e", Role: content.RoleEditor})
	admin := content.WithActor(anon, content.Actor{ID: "a", Role: content.RoleAdmin})
	preview := content.WithPreviewGrant(anon, content.PreviewGrant{PageID: 1})
	tr, fa := true, false
	for _, c := range []struct {
		name  string
		ctx   context.Context
		obj   any
		value any
		want  string // error code, "" for allowed
		ran   bool
	}{
		{"field, anonymous", anon, nil, 1, content.EUNAUTHORIZED, false},
		{"field, preview grant", preview, nil, 1, content.EUNAUTHORIZED, false},
		{"field, lower role", editor, nil, 1, content.EFORBIDDEN, false},
		{"field, the role", admin, nil, 1, "", true},
		{"argument null, anonymous", anon, map[string]any{}, nil, "", true},
		{"argument false, anonymous", anon, map[string]any{}, false, "", true},
		{"argument *false, anonymous", anon, map[string]any{}, &fa, "", true},
		{"argument (*bool)(nil), anonymous", anon, map[string]any{}, (*bool)(nil), "", true},
		{"argument true, anonymous", anon, map[string]any{}, true, content.EUNAUTHORIZED, true},
		{"argument *true, lower role", editor, map[string]any{}, &tr, content.EFORBIDDEN, true},
		{"argument a string, the role", admin, map[string]any{}, "x", "", true},
	} {
		ran := false
		got, err := hasRole(c.ctx, c.obj, func(context.Context) (any, error) { ran = true; return c.value, nil }, content.RoleAdmin)
		if code := content.ErrorCode(err); code != c.want || ran != c.ran {
			t.Errorf("%s: code %q, resolver ran %v; want %q, %v", c.name, code, ran, c.want, c.ran)
		}
		if err == nil && got != c.value {
			t.Errorf("%s: value %v, want %v", c.name, got, c.value)
		}
	}
}
