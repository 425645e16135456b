package graph

import (
	"context"

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
		oc := graphql.GetOperationContext(ctx)
		name := oc.OperationName
		if name == "" && oc.Operation != nil {
			name = oc.Operation.Name
		}
		info.SetOperation(name)
	}
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			info.AddErrorCode(code)
		}
	}
	return resp
}
