package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/radhus/radhus/internal/requestid"
)

// observeOperations records each request's operation name and the codes of
// the errors in its response into the request's requestid.Info, which the
// HTTP layer's log line and metrics read. It sees refused requests too
// (parse and validation errors, limits), as they are answered through the
// same response chain.
type observeOperations struct{}

var (
	_ graphql.HandlerExtension    = observeOperations{}
	_ graphql.ResponseInterceptor = observeOperations{}
)

func (observeOperations) ExtensionName() string                   { return "ObserveOperations" }
func (observeOperations) Validate(graphql.ExecutableSchema) error { return nil }
func (observeOperations) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	info := requestid.InfoFrom(ctx)
	if info == nil {
		return resp
	}
	if graphql.HasOperationContext(ctx) {
		recordOperation(ctx, graphql.GetOperationContext(ctx))
	}
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			info.AddErrorCode(code)
		}
	}
	return resp
}

// recordOperation records the operation's name in the request's Info.
func recordOperation(ctx context.Context, oc *graphql.OperationContext) {
	info := requestid.InfoFrom(ctx)
	if info == nil {
		return
	}
	name := oc.OperationName
	switch {
	case name != "":
	case oc.Operation != nil:
		name = oc.Operation.Name
	case oc.Doc != nil && len(oc.Doc.Operations) == 1:
		name = oc.Doc.Operations[0].Name
	default:
		// Refused before an operation was chosen (it did not parse or
		// validate): the name the query starts with, if any.
		name = leadingOperationName(oc.RawQuery)
	}
	info.SetOperation(name)
}

// leadingOperationName returns the name of the operation a query document
// starts with ("Page" for "query Page { ... }"), or "". It reads a few tokens
// only, so it costs nothing whatever the document holds.
func leadingOperationName(doc string) string {
	i := 0
	skip := func() {
		for i < len(doc) {
			switch c := doc[i]; {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',':
				i++
			case c == '#':
				for i < len(doc) && doc[i] != '\n' {
					i++
				}
			case strings.HasPrefix(doc[i:], "\ufeff"):
				i += len("\ufeff")
			default:
				return
			}
		}
	}
	name := func() string {
		start := i
		for i < len(doc) {
			c := doc[i]
			if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > start && c >= '0' && c <= '9' {
				i++
				continue
			}
			break
		}
		return doc[start:i]
	}
	skip()
	switch name() {
	case "query", "mutation", "subscription":
		skip()
		return name()
	}
	return ""
}
