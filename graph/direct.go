package graph

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/radhus/radhus/internal/content"
)

// Direct execution: an anonymous query that asks only for what pages,
// listings, menus and their documents, contacts and weekly opening hours hold
// (the fields of directFields) is answered by the same resolvers as every
// query, but written straight to JSON, one field after another. gqlgen's
// executor spends, per field, a context, a field context, a deferred recover
// and, per item of a list, a goroutine: on a page with its contacts and their
// opening hours, or on a listing of twenty pages, that is most of the
// server's time. The loaders the resolvers read are filled up front (a page
// view, the prefetch of a list), so nothing here waits on a batch.
//
// Anything else goes to gqlgen: a field outside the table, a draft or a
// signed-in request (whose scope and roles gqlgen's extensions decide), and
// any answer with an error but that of a nullable root field (a page that
// does not exist), which is reported as gqlgen reports it, through the same
// error presenter; other answers with errors are dropped and computed again
// by gqlgen. A field in the table has no
// directive (TestDirectFieldsAreDirect), so no role or @volatile check is
// bypassed; limits, validation and timeouts ran before.

// errIndirect: the operation leaves direct execution for gqlgen.
var errIndirect = errors.New("not directly executable")

// directRun is one operation being written.
type directRun struct {
	ec  *executionContext
	oc  *graphql.OperationContext
	buf *bytes.Buffer
	// reported counts the errors of nullable root fields reported as gqlgen
	// reports them (the field null, its error beside); any other error sends
	// the operation to gqlgen.
	reported int
}

// directField writes the value of one field of obj, whose GraphQL type is
// parent, or fails with errIndirect (or a resolver's error).
type directField func(x *directRun, ctx context.Context, parent string, obj any, f graphql.CollectedField) error

var directBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// directAnswers counts the operations answered directly.
var directAnswers atomic.Int64

// executeDirect answers an operation directly, or returns false when gqlgen
// is to answer it. present presents errors as gqlgen's server does. The
// response's data is held in a buffer that release gives back, once written.
func (es *executableSchema) executeDirect(ctx context.Context, oc *graphql.OperationContext, present graphql.ErrorPresenterFunc) (resp *graphql.Response, release func(), ok bool) {
	if oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return nil, nil, false
	}
	if _, ok := content.ActorFrom(ctx); ok {
		return nil, nil, false
	}
	if _, ok := content.PreviewGrantFrom(ctx); ok {
		return nil, nil, false
	}
	if !directable(es.Schema(), oc, "Query", oc.Operation.SelectionSet, 0) {
		return nil, nil, false
	}
	buf := directBufs.Get().(*bytes.Buffer)
	buf.Reset()
	release = func() {
		if buf.Cap() <= maxPooledBuffer {
			directBufs.Put(buf)
		}
	}
	x := &directRun{ec: newExecutionContext(oc, es, nil), oc: oc, buf: buf}
	ctx = graphql.WithOperationContext(ctx, oc)
	ctx = graphql.WithResponseContext(ctx, present, graphql.DefaultRecover)
	defer func() {
		if r := recover(); r != nil {
			release()
			resp, release, ok = nil, nil, false // gqlgen answers it again, and reports the panic
		}
	}()
	if err := x.object(ctx, "Query", nil, oc.Operation.SelectionSet); err != nil {
		release()
		return nil, nil, false
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != x.reported {
		release()
		return nil, nil, false
	}
	directAnswers.Add(1)
	return &graphql.Response{Data: buf.Bytes(), Errors: errs}, release, true
}

// maxPooledBuffer bounds the buffers kept for the next answers: a rare large
// answer is not held for the life of the server.
const maxPooledBuffer = 256 << 10

// directable tells, before anything runs, whether every field the selection
// set asks of type typ, through fragments, is in directFields, and so on
// down; of an abstract type, for each of its types (those outside
// directFields may be asked their __typename only).
func directable(schema *ast.Schema, oc *graphql.OperationContext, typ string, set ast.SelectionSet, depth int) bool {
	if depth > 32 {
		return false
	}
	def := schema.Types[typ]
	if def == nil {
		return false
	}
	if def.IsAbstractType() {
		for _, t := range schema.GetPossibleTypes(def) {
			if !directable(schema, oc, t.Name, set, depth+1) {
				return false
			}
		}
		return true
	}
	fields := directFields[typ]
	for _, f := range graphql.CollectFields(oc, set, directSatisfies[typ]) {
		if f.Name == "__typename" {
			continue
		}
		if _, ok := fields[f.Name]; !ok || f.Definition == nil {
			return false
		}
		if len(f.Selections) > 0 && !directable(schema, oc, f.Definition.Type.Name(), f.Selections, depth+1) {
			return false
		}
	}
	return true
}

// object writes the fields of obj, of GraphQL type typ, that set selects.
func (x *directRun) object(ctx context.Context, typ string, obj any, set ast.SelectionSet) error {
	fields := directFields[typ] // none: only __typename can be asked
	x.buf.WriteByte('{')
	for i, f := range graphql.CollectFields(x.oc, set, directSatisfies[typ]) {
		if i > 0 {
			x.buf.WriteByte(',')
		}
		graphql.MarshalString(f.Alias).MarshalGQL(x.buf)
		x.buf.WriteByte(':')
		if f.Name == "__typename" {
			graphql.MarshalString(typ).MarshalGQL(x.buf)
			continue
		}
		write, ok := fields[f.Name]
		if !ok {
			return errIndirect
		}
		if err := write(x, ctx, typ, obj, f); err != nil {
			return err
		}
	}
	x.buf.WriteByte('}')
	return nil
}

// Writers of fields by the kind of their value, from a getter on the Go type
// T that the GraphQL type is bound to.

func scalarOf[T, V any](marshal func(V) graphql.Marshaler, get func(*T) V) directField {
	return func(x *directRun, _ context.Context, _ string, obj any, _ graphql.CollectedField) error {
		marshal(get(obj.(*T))).MarshalGQL(x.buf)
		return nil
	}
}

func str[T any](get func(*T) string) directField { return scalarOf(graphql.MarshalString, get) }

// objectOf writes an object of GraphQL type typ; null when nullable, else
// gqlgen reports the missing value.
func objectOf[T, V any](typ string, nullable bool, get func(*T) *V) directField {
	return func(x *directRun, ctx context.Context, _ string, obj any, f graphql.CollectedField) error {
		v := get(obj.(*T))
		if v == nil {
			return x.null(nullable)
		}
		return x.object(ctx, typ, v, f.Selections)
	}
}

func (x *directRun) null(nullable bool) error {
	if !nullable {
		return errIndirect // gqlgen reports the missing value
	}
	x.buf.WriteString("null")
	return nil
}

// listOf writes a non-null list of non-null objects of GraphQL type typ.
func listOf[T, V any](typ string, get func(*T) []*V) directField {
	return func(x *directRun, ctx context.Context, _ string, obj any, f graphql.CollectedField) error {
		return writeList(x, ctx, typ, get(obj.(*T)), f)
	}
}

// valuesOf is listOf for a slice of values.
func valuesOf[T, V any](typ string, get func(*T) []V) directField {
	return func(x *directRun, ctx context.Context, _ string, obj any, f graphql.CollectedField) error {
		items := get(obj.(*T))
		x.buf.WriteByte('[')
		for i := range items {
			if i > 0 {
				x.buf.WriteByte(',')
			}
			if err := x.object(ctx, typ, &items[i], f.Selections); err != nil {
				return err
			}
		}
		x.buf.WriteByte(']')
		return nil
	}
}

func writeList[V any](x *directRun, ctx context.Context, typ string, items []*V, f graphql.CollectedField) error {
	x.buf.WriteByte('[')
	for i, item := range items {
		if item == nil {
			return errIndirect
		}
		if i > 0 {
			x.buf.WriteByte(',')
		}
		if err := x.object(ctx, typ, item, f.Selections); err != nil {
			return err
		}
	}
	x.buf.WriteByte(']')
	return nil
}

// resolverContext is the context a resolver of the field f of obj (of type
// parent) is called in, with the field context gqlgen would give it (the
// prefetches read the field's selection from it).
func resolverContext(ctx context.Context, parent string, f graphql.CollectedField, obj any) context.Context {
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: parent, Field: f, IsMethod: true, IsResolver: true, Result: obj})
}

// resolvedList writes the list a resolver returns.
func resolvedList[T, V any](typ string, resolve func(x *directRun, ctx context.Context, obj *T) ([]*V, error)) directField {
	return func(x *directRun, ctx context.Context, parent string, obj any, f graphql.CollectedField) error {
		ctx = resolverContext(ctx, parent, f, obj)
		items, err := resolve(x, ctx, obj.(*T))
		if err != nil {
			return err
		}
		return writeList(x, ctx, typ, items, f)
	}
}

// resolvedScalar writes the scalar a resolver returns.
func resolvedScalar[T, V any](marshal func(V) graphql.Marshaler, resolve func(x *directRun, ctx context.Context, obj *T) (V, error)) directField {
	return func(x *directRun, ctx context.Context, parent string, obj any, f graphql.CollectedField) error {
		v, err := resolve(x, resolverContext(ctx, parent, f, obj), obj.(*T))
		if err != nil {
			return err
		}
		marshal(v).MarshalGQL(x.buf)
		return nil
	}
}

// rootField writes a field of Query whose value is an object of GraphQL
// type typ: args gives its arguments, as gqlgen coerces them, and the field
// context to resolve it in. A nullable one that fails is null, and its error
// is reported as gqlgen reports it (a page that does not exist is not read
// again).
func rootField[V any](typ string, nullable bool, args func(x *directRun, ctx context.Context, f graphql.CollectedField) (*graphql.FieldContext, error),
	resolve func(x *directRun, ctx context.Context, args map[string]any) (*V, error)) directField {
	return rootWith(nullable, args, resolve, func(x *directRun, ctx context.Context, v *V, f graphql.CollectedField) error {
		if v == nil {
			return x.null(nullable)
		}
		return x.object(ctx, typ, v, f.Selections)
	})
}

// rootList is rootField for a non-null list of objects.
func rootList[V any](typ string, args func(x *directRun, ctx context.Context, f graphql.CollectedField) (*graphql.FieldContext, error),
	resolve func(x *directRun, ctx context.Context, args map[string]any) ([]*V, error)) directField {
	return rootWith(false, args, resolve, func(x *directRun, ctx context.Context, v []*V, f graphql.CollectedField) error {
		return writeList(x, ctx, typ, v, f)
	})
}

func rootWith[R any](nullable bool, args func(x *directRun, ctx context.Context, f graphql.CollectedField) (*graphql.FieldContext, error),
	resolve func(x *directRun, ctx context.Context, args map[string]any) (R, error),
	write func(x *directRun, ctx context.Context, v R, f graphql.CollectedField) error) directField {
	return func(x *directRun, ctx context.Context, _ string, _ any, f graphql.CollectedField) error {
		fc, err := args(x, ctx, f)
		if err != nil {
			return err
		}
		if preview, _ := fc.Args["preview"].(*bool); preview != nil && *preview {
			return errIndirect // drafts are read in the scope gqlgen's extension sets
		}
		ctx = graphql.WithFieldContext(ctx, fc)
		v, err := resolve(x, ctx, fc.Args)
		if err != nil {
			if !nullable {
				return err
			}
			x.oc.Error(ctx, graphql.AddFieldLocationToError(ctx, err))
			x.reported++
			return x.null(true)
		}
		return write(x, ctx, v, f)
	}
}
