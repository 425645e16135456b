package graph

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// checkArguments refuses, before anything runs, an argument holding a string
// with a NUL character or invalid UTF-8 (which PostgreSQL cannot store or
// compare), or, in a query, a string longer than maxBytes. The error is
// BAD_USER_INPUT naming the argument, with the path into an input object
// (schedule.rules[1].intervals[0].opens). Every field's arguments are
// checked, in fragments too, with variables resolved.
func checkArguments(oc *graphql.OperationContext, maxBytes int) *gqlerror.Error {
	if oc.Operation.Operation != ast.Query {
		maxBytes = 0 // mutations are bounded by the request body
	}
	c := argChecker{doc: oc.Doc, vars: oc.Variables, maxBytes: maxBytes, seen: map[string]bool{}}
	return c.selectionSet(oc.Operation.SelectionSet)
}

type argChecker struct {
	doc      *ast.QueryDocument
	vars     map[string]any
	maxBytes int
	seen     map[string]bool
}

func (c *argChecker) selectionSet(set ast.SelectionSet) *gqlerror.Error {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			for _, arg := range sel.Arguments {
				v, err := arg.Value.Value(c.vars)
				if err != nil {
					continue // validation has checked the variables
				}
				if err := c.value(arg.Name, v); err != nil {
					return err
				}
			}
			if err := c.selectionSet(sel.SelectionSet); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := c.selectionSet(sel.SelectionSet); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if c.seen[sel.Name] {
				continue
			}
			c.seen[sel.Name] = true
			if f := c.doc.Fragments.ForName(sel.Name); f != nil {
				if err := c.selectionSet(f.SelectionSet); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (c *argChecker) value(path string, v any) *gqlerror.Error {
	switch v := v.(type) {
	case string:
		if strings.IndexByte(v, 0) >= 0 || !utf8.ValidString(v) {
			return inputError(path, "%s must not contain NUL characters or invalid UTF-8", path)
		}
		if c.maxBytes > 0 && len(v) > c.maxBytes {
			return inputError(path, "%s is longer than %d bytes", path, c.maxBytes)
		}
	case []any:
		for i, e := range v {
			if err := c.value(path+"["+strconv.Itoa(i)+"]", e); err != nil {
				return err
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if err := c.value(path+"."+k, v[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

func inputError(field, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": "BAD_USER_INPUT", "field": field}
	return err
}
