package graph

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// Limits bound the work one GraphQL request may ask for. They are checked on
// the query text and its syntax tree before gqlparser validates it (some of its
// rules take time that grows with the square of the query's size) and before
// any SQL runs. A zero field takes its default (DefaultLimits).
type Limits struct {
	// BodyBytes bounds the JSON body of a request (uploads have their own
	// bound).
	BodyBytes int
	// QueryBytes bounds the length of the query text.
	QueryBytes int
	// Tokens bounds the number of lexical tokens of the query.
	Tokens int
	// Depth bounds how deeply selections nest, fragments included.
	Depth int
	// IntrospectionDepth bounds the nesting under __schema and __type, which
	// the standard introspection query takes to 15 levels.
	IntrospectionDepth int
	// Aliases bounds the aliased fields of the query.
	Aliases int
	// RootFields bounds the fields an operation selects at its root.
	RootFields int
	// FieldRepeats bounds how often one response name is selected in one
	// selection set, fragments included.
	FieldRepeats int
	// Directives bounds the directives of the query.
	Directives int
	// Complexity bounds an operation's cost: one per field, and a list
	// field's selections counted once per item it may return (its `first`,
	// the default page size when not given).
	Complexity int
	// ArgumentBytes bounds every string in a query's arguments (mutations
	// are bounded by the request body only).
	ArgumentBytes int
	// Timeout bounds the work of one request; reads still running then are
	// cancelled, in PostgreSQL too.
	Timeout time.Duration
}

// DefaultLimits are the limits of a server that is not told otherwise.
var DefaultLimits = Limits{
	BodyBytes:          DefaultBodyBytes,
	QueryBytes:         32 << 10,
	Tokens:             5000,
	Depth:              12,
	IntrospectionDepth: 16,
	Aliases:            30,
	RootFields:         10,
	FieldRepeats:       10,
	Directives:         50,
	Complexity:         5000,
	ArgumentBytes:      1024,
	Timeout:            10 * time.Second,
}

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.BodyBytes, d.BodyBytes)
	set(&l.QueryBytes, d.QueryBytes)
	set(&l.Tokens, d.Tokens)
	set(&l.Depth, d.Depth)
	set(&l.IntrospectionDepth, d.IntrospectionDepth)
	set(&l.Aliases, d.Aliases)
	set(&l.RootFields, d.RootFields)
	set(&l.FieldRepeats, d.FieldRepeats)
	set(&l.Directives, d.Directives)
	set(&l.Complexity, d.Complexity)
	set(&l.ArgumentBytes, d.ArgumentBytes)
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// Error codes of refused queries, in extensions.code.
const (
	CodeQueryTooLarge         = "QUERY_TOO_LARGE"
	CodeQueryTooDeep          = "QUERY_TOO_DEEP"
	CodeQueryTooComplex       = "QUERY_TOO_COMPLEX"
	CodeTooManyAliases        = "TOO_MANY_ALIASES"
	CodeTooManyRootFields     = "TOO_MANY_ROOT_FIELDS"
	CodeTooManyRepeats        = "TOO_MANY_REPEATED_FIELDS"
	CodeTooManyDirectives     = "TOO_MANY_DIRECTIVES"
	CodeIntrospectionDisabled = "INTROSPECTION_DISABLED"
	CodeParseFailed           = "GRAPHQL_PARSE_FAILED"
	CodeValidationFailed      = "GRAPHQL_VALIDATION_FAILED"
	CodeTimeout               = "TIMEOUT"
)

func init() {
	// Refused queries are answered like those that do not parse or validate:
	// HTTP 422, without data.
	for _, code := range []string{CodeQueryTooLarge, CodeQueryTooDeep, CodeQueryTooComplex, CodeTooManyAliases,
		CodeTooManyRootFields, CodeTooManyRepeats, CodeTooManyDirectives, CodeIntrospectionDisabled} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

func limitError(code string, limit int, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": code}
	if limit > 0 {
		err.Extensions["limit"] = limit
	}
	return err
}

// limiter is the gqlgen extension that checks the limits. It parses the query
// itself, with the token limit, and measures the syntax tree; only then does
// gqlgen parse and validate it (and keep it in its query cache).
type limiter struct {
	limits        Limits
	schema        *ast.Schema
	introspection bool
	suggestions   bool
	queries       *QueryCache
	persisted     *PersistedQueries
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = (*limiter)(nil)

func (*limiter) ExtensionName() string                   { return "Limits" }
func (*limiter) Validate(graphql.ExecutableSchema) error { return nil }

func (l *limiter) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if err := l.lookUpPersisted(p); err != nil {
		return err
	}
	if p.Query == "" {
		return nil // gqlgen answers that no operation was given
	}
	if len(p.Query) > l.limits.QueryBytes {
		return limitError(CodeQueryTooLarge, l.limits.QueryBytes, "the query is longer than %d bytes", l.limits.QueryBytes)
	}
	var doc *ast.QueryDocument
	entry, ok := l.queries.peek(p.Query)
	if ok {
		doc = entry.doc
	} else {
		if n := countTokens(p.Query, l.limits.Tokens); n > l.limits.Tokens {
			return limitError(CodeQueryTooLarge, l.limits.Tokens, "the query has more than %d tokens", l.limits.Tokens)
		}
		var err error
		doc, err = parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, l.limits.Tokens+1)
		if err != nil {
			gqlErr, ok := err.(*gqlerror.Error)
			if !ok {
				gqlErr = gqlerror.Errorf("%s", err)
			}
			gqlErr.Extensions = map[string]any{"code": CodeParseFailed}
			return gqlErr
		}
	}
	if entry == nil || !entry.withinLimits.Load() {
		readsVariables, err := l.measure(doc, p.Variables)
		if err != nil {
			return err
		}
		if entry != nil && !readsVariables {
			entry.withinLimits.Store(true)
		}
	}
	return undeclaredVariables(doc, p.OperationName, p.Variables)
}

// MutateOperationContext runs once the query is valid.
func (l *limiter) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if err := checkArguments(oc, l.limits.ArgumentBytes); err != nil {
		return err
	}
	l.keepPersisted(oc)
	return nil
}

// countTokens counts the query's tokens, stopping past limit. A lexical error
// stops the count; the parser reports it.
func countTokens(query string, limit int) int {
	lex := lexer.New(&ast.Source{Input: query})
	n := 0
	for n <= limit {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		n++
	}
	return n
}

// undeclaredVariables refuses variables that the operation does not declare:
// they would change nothing but the request's bytes.
func undeclaredVariables(doc *ast.QueryDocument, operationName string, vars map[string]any) *gqlerror.Error {
	if len(vars) == 0 {
		return nil
	}
	op := doc.Operations.ForName(operationName)
	if op == nil {
		return nil // gqlgen reports the missing operation
	}
	var undeclared []string
	for name := range vars {
		if op.VariableDefinitions.ForName(name) == nil {
			undeclared = append(undeclared, name)
		}
	}
	if len(undeclared) == 0 {
		return nil
	}
	name := slices.Min(undeclared)
	err := gqlerror.Errorf("variable $%.64s is not declared by the operation", name)
	err.Extensions = map[string]any{"code": "BAD_USER_INPUT", "field": name}
	return err
}

// InterceptResponse takes the suggestions out of validation errors when they
// are off: gqlgen turns off those of unknown fields, not those of unknown
// arguments, types or directives.
func (l *limiter) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || l.suggestions {
		return resp
	}
	for _, e := range resp.Errors {
		if i := strings.Index(e.Message, " Did you mean "); i >= 0 {
			e.Message = e.Message[:i]
		}
	}
	return resp
}
