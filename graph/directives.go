package graph

import (
	"context"
	"reflect"

	"github.com/99designs/gqlgen/graphql"

	"github.com/radhus/radhus/internal/content"
)

// PublicMutations are the mutations anyone may call, signed in or not. Every
// other mutation names its minimum role with @hasRole in the schema; a test
// fails for a mutation that does neither.
var PublicMutations = map[string]bool{
	"login":   true,
	"refresh": true,
	"logout":  true,
}

// Errors of a denied call: the same for every field, so that they say nothing
// about what the field would have done.
var (
	errSignIn    = content.Errorf(content.EUNAUTHORIZED, "sign in to do this")
	errForbidden = content.Errorf(content.EFORBIDDEN, "your role may not do this")
)

// directives returns the implementations of the schema's directives.
func directives() DirectiveRoot {
	return DirectiveRoot{HasRole: hasRole}
}

// hasRole lets the call through when the request's actor has at least role:
// anonymous callers get UNAUTHENTICATED and others FORBIDDEN, before the
// resolver runs, so that a denied call writes nothing. On an argument (obj is
// then the raw arguments) only a value other than null or false needs the
// role.
func hasRole(ctx context.Context, obj any, next graphql.Resolver, role content.Role) (any, error) {
	if _, isArg := obj.(map[string]any); isArg {
		v, err := next(ctx)
		if err != nil || !meaningful(v) {
			return v, err
		}
		if err := allow(ctx, role); err != nil {
			return nil, err
		}
		return v, nil
	}
	if err := allow(ctx, role); err != nil {
		return nil, err
	}
	return next(ctx)
}

func allow(ctx context.Context, role content.Role) error {
	a, ok := content.ActorFrom(ctx)
	switch {
	case !ok:
		return errSignIn
	case !a.Can(role):
		return errForbidden
	}
	return nil
}

// meaningful reports whether an argument's value asks for something: not
// null, not false and not a nil pointer.
func meaningful(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return false
		}
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Bool {
		return rv.Bool()
	}
	return true
}
