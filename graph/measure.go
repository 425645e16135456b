package graph

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/radhus/radhus/internal/content"
)

// measure checks a parsed, not yet validated, query against the limits, and
// tells whether the verdict read any of the variables. Every fragment is
// measured once per operation (a fragment spread many times costs no more to
// measure), so the work is linear in the query's size.
func (l *limiter) measure(doc *ast.QueryDocument, vars map[string]any) (readsVariables bool, _ *gqlerror.Error) {
	lim := l.limits
	var aliases, directives int
	countSyntax(doc, &aliases, &directives)
	if aliases > lim.Aliases {
		return false, limitError(CodeTooManyAliases, lim.Aliases, "the query has more than %d aliases", lim.Aliases)
	}
	if directives > lim.Directives {
		return false, limitError(CodeTooManyDirectives, lim.Directives, "the query has more than %d directives", lim.Directives)
	}
	used := map[string]bool{}
	for _, op := range doc.Operations {
		m := l.newMeasurer(doc, op, vars)
		root := l.schema.Query
		switch op.Operation {
		case ast.Mutation:
			root = l.schema.Mutation
		case ast.Subscription:
			root = l.schema.Subscription
		}
		s, err := m.selectionSet(op.SelectionSet, root, false)
		if err != nil {
			return false, err
		}
		readsVariables = readsVariables || m.readsVariables
		for key := range m.done {
			used[key.name] = true
		}
		if err := l.check(s); err != nil {
			return false, err
		}
		if s.top > lim.RootFields {
			return false, limitError(CodeTooManyRootFields, lim.RootFields, "the operation selects more than %d root fields", lim.RootFields)
		}
		if s.cost > lim.Complexity {
			return false, limitError(CodeQueryTooComplex, lim.Complexity, "the operation costs %s, more than %d (a list field counts its selections once per item it may return)", costString(s.cost), lim.Complexity)
		}
	}
	// Fragments no operation spreads are still validated; they must be as small.
	m := l.newMeasurer(doc, nil, nil)
	for _, f := range doc.Fragments {
		if used[f.Name] {
			continue
		}
		s, err := m.fragment(f, false)
		if err != nil {
			return false, err
		}
		if err := l.check(s); err != nil {
			return false, err
		}
	}
	return readsVariables, nil
}

func (l *limiter) check(s shape) *gqlerror.Error {
	if s.depth > l.limits.Depth {
		return limitError(CodeQueryTooDeep, l.limits.Depth, "the query nests deeper than %d levels", l.limits.Depth)
	}
	if s.idepth > l.limits.IntrospectionDepth {
		return limitError(CodeQueryTooDeep, l.limits.IntrospectionDepth, "the introspection query nests deeper than %d levels", l.limits.IntrospectionDepth)
	}
	return nil
}

func costString(c int) string {
	if c >= maxCost {
		return "more than " + strconv.Itoa(maxCost)
	}
	return strconv.Itoa(c)
}

// countSyntax counts the aliases and directives written in the query.
func countSyntax(doc *ast.QueryDocument, aliases, directives *int) {
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				if s.Alias != "" && s.Alias != s.Name {
					*aliases++
				}
				*directives += len(s.Directives)
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				*directives += len(s.Directives)
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				*directives += len(s.Directives)
			}
		}
	}
	for _, op := range doc.Operations {
		*directives += len(op.Directives)
		for _, v := range op.VariableDefinitions {
			*directives += len(v.Directives)
		}
		walk(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		*directives += len(f.Directives)
		walk(f.SelectionSet)
	}
}

// shape is what the limits need to know of a selection set.
type shape struct {
	depth  int            // levels of nesting, outside introspection
	idepth int            // levels of nesting of introspection (__schema, __type)
	cost   int            // complexity
	top    int            // fields selected at its top, fragments included
	names  map[string]int // how often each response name is selected at its top
}

// maxCost saturates costs, so that a fragment spread twice in each of many
// nested fragments does not overflow.
const maxCost = math.MaxInt32

type fragmentKey struct {
	name  string
	intro bool
}

type measurer struct {
	l        *limiter
	doc      *ast.QueryDocument
	op       *ast.OperationDefinition
	vars     map[string]any
	done     map[fragmentKey]shape
	visiting map[string]bool
	// readsVariables is set once the measure read a variable.
	readsVariables bool
}

func (l *limiter) newMeasurer(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) *measurer {
	return &measurer{l: l, doc: doc, op: op, vars: vars, done: map[fragmentKey]shape{}, visiting: map[string]bool{}}
}

func (m *measurer) fragment(f *ast.FragmentDefinition, intro bool) (shape, *gqlerror.Error) {
	key := fragmentKey{f.Name, intro}
	if s, ok := m.done[key]; ok {
		return s, nil
	}
	if m.visiting[f.Name] {
		err := gqlerror.Errorf("fragment %s spreads itself", f.Name)
		err.Extensions = map[string]any{"code": CodeValidationFailed}
		return shape{}, err
	}
	m.visiting[f.Name] = true
	intro = intro || strings.HasPrefix(f.TypeCondition, "__") // a fragment on an introspection type
	s, err := m.selectionSet(f.SelectionSet, m.l.schema.Types[f.TypeCondition], intro)
	delete(m.visiting, f.Name)
	if err != nil {
		return shape{}, err
	}
	m.done[key] = s
	return s, nil
}

// selectionSet measures a selection set on the type parent (nil when unknown:
// validation will refuse the query, and it is measured without page sizes).
func (m *measurer) selectionSet(set ast.SelectionSet, parent *ast.Definition, intro bool) (shape, *gqlerror.Error) {
	var s shape
	addNames := func(names map[string]int) *gqlerror.Error {
		for name, n := range names {
			if s.names == nil {
				s.names = map[string]int{}
			}
			s.names[name] += n
			if s.names[name] > m.l.limits.FieldRepeats {
				return limitError(CodeTooManyRepeats, m.l.limits.FieldRepeats, "%s is selected more than %d times in one selection set", name, m.l.limits.FieldRepeats)
			}
		}
		return nil
	}
	merge := func(c shape) *gqlerror.Error {
		s.depth = max(s.depth, c.depth)
		s.idepth = max(s.idepth, c.idepth)
		s.cost = min(s.cost+c.cost, maxCost)
		s.top += c.top
		return addNames(c.names)
	}
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			c, err := m.field(sel, parent, intro)
			if err != nil {
				return shape{}, err
			}
			if err := merge(c); err != nil {
				return shape{}, err
			}
		case *ast.InlineFragment:
			on := parent
			if sel.TypeCondition != "" {
				on = m.l.schema.Types[sel.TypeCondition]
			}
			c, err := m.selectionSet(sel.SelectionSet, on, intro)
			if err != nil {
				return shape{}, err
			}
			if err := merge(c); err != nil {
				return shape{}, err
			}
		case *ast.FragmentSpread:
			f := m.doc.Fragments.ForName(sel.Name)
			if f == nil {
				continue // validation reports it
			}
			c, err := m.fragment(f, intro)
			if err != nil {
				return shape{}, err
			}
			if err := merge(c); err != nil {
				return shape{}, err
			}
		}
	}
	return s, nil
}

// field measures one field as a selection set of one.
func (m *measurer) field(f *ast.Field, parent *ast.Definition, intro bool) (shape, *gqlerror.Error) {
	enters := f.Name == "__schema" || f.Name == "__type"
	if enters && !m.l.introspection {
		return shape{}, limitError(CodeIntrospectionDisabled, 0, "introspection is disabled")
	}
	var def *ast.FieldDefinition
	var typ *ast.Definition
	if parent != nil {
		def = parent.Fields.ForName(f.Name)
	}
	if def != nil {
		typ = m.l.schema.Types[def.Type.Name()]
	}
	child, err := m.selectionSet(f.SelectionSet, typ, intro || enters)
	if err != nil {
		return shape{}, err
	}
	s := shape{top: 1, names: map[string]int{f.Alias: 1}}
	switch {
	case enters:
		s.depth = 1
		s.idepth = 1 + max(child.depth, child.idepth)
	case intro:
		s.idepth = 1 + max(child.depth, child.idepth)
	default:
		s.depth = 1 + child.depth
		if child.idepth > 0 {
			s.idepth = 1 + child.idepth
		}
	}
	items := m.pageSize(f, def)
	s.cost = min(1+items*child.cost, maxCost)
	if child.cost > 0 && items > 0 && child.cost > maxCost/items {
		s.cost = maxCost
	}
	return s, nil
}

// pageSize is the number of items a list field with a `first` argument may
// return: its value, else the argument's default, capped at the largest page;
// 1 for every other field.
func (m *measurer) pageSize(f *ast.Field, def *ast.FieldDefinition) int {
	if def == nil {
		return 1
	}
	argDef := def.Arguments.ForName("first")
	if argDef == nil {
		return 1
	}
	n, ok := -1, false
	if arg := f.Arguments.ForName("first"); arg != nil && arg.Value != nil {
		n, ok = m.intValue(arg.Value)
	}
	if !ok && argDef.DefaultValue != nil {
		n, ok = m.intValue(argDef.DefaultValue)
	}
	if !ok {
		n = content.DefaultPageSize
	}
	return max(0, min(n, content.MaxPageSize))
}

func (m *measurer) intValue(v *ast.Value) (int, bool) {
	switch v.Kind {
	case ast.IntValue:
		n, err := strconv.Atoi(v.Raw)
		if err != nil {
			return content.MaxPageSize, true // too large to be an Int: the largest page
		}
		return n, true
	case ast.Variable:
		m.readsVariables = true
		if raw, ok := m.vars[v.Raw]; ok {
			return anyInt(raw)
		}
		if m.op != nil {
			if d := m.op.VariableDefinitions.ForName(v.Raw); d != nil && d.DefaultValue != nil {
				return m.intValue(d.DefaultValue)
			}
		}
	}
	return 0, false
}

func anyInt(v any) (int, bool) {
	switch v := v.(type) {
	case json.Number:
		n, err := strconv.ParseFloat(string(v), 64)
		return int(max(min(n, content.MaxPageSize), -1)), err == nil
	case float64:
		return int(max(min(v, content.MaxPageSize), -1)), true
	case int:
		return v, true
	case int64:
		return int(max(min(v, content.MaxPageSize), -1)), true
	}
	return 0, false
}
