package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
	"github.com/radhus/radhus/internal/requestid"
)

// ErrorPresenter is the one place that turns errors into GraphQL errors. Content
// errors keep their code, message and field; an invalid opening-hours schedule is
// BAD_USER_INPUT naming its field; errors of the GraphQL layer itself (parsing,
// validation, arguments) keep their message; anything else is logged with the
// request ID and shown as an internal error, without its text.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var ce *content.Error
		var fe *hours.FieldError
		var ge *gqlerror.Error
		var rl *auth.RateLimitedError
		switch {
		case errors.As(err, &rl):
			secs := rl.Seconds()
			gqlErr.Message = fmt.Sprintf("too many sign-in attempts; try again in %d seconds", secs)
			setCode(gqlErr, content.ETOOMANYREQUESTS, "")
			gqlErr.Extensions["retryAfter"] = secs
			auth.SetRetryAfter(ctx, secs)
		case errors.As(err, &ce):
			gqlErr.Message = ce.Message
			field := ce.Field
			if field == "" && ce.Code == content.EINVALID {
				field = argumentName(gqlErr) // a scalar that did not parse
			}
			setCode(gqlErr, ce.Code, field)
			if ce.Version > 0 {
				gqlErr.Extensions["currentVersion"] = ce.Version
			}
			if ce.Location != "" {
				gqlErr.Extensions["location"] = ce.Location
			}
		case errors.As(err, &fe):
			gqlErr.Message = fe.Message
			setCode(gqlErr, content.EINVALID, fe.Field)
		case errors.As(err, &ge) && ge.Err == nil:
			// Raised by gqlgen from the request itself: an argument that does not
			// coerce, an unknown field, a query too complex. Safe to show.
			if gqlErr.Extensions["code"] == nil {
				setCode(gqlErr, content.EINVALID, argumentName(gqlErr))
			}
		case errors.Is(err, context.DeadlineExceeded):
			gqlErr.Message = "the request took longer than the server allows"
			setCode(gqlErr, CodeTimeout, "")
		case errors.Is(err, context.Canceled):
			gqlErr.Message = "the request was cancelled"
			setCode(gqlErr, content.EINTERNAL, "")
		default:
			log.ErrorContext(ctx, "internal error", "request_id", requestid.From(ctx),
				"path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = "internal server error (request " + requestid.From(ctx) + ")"
			setCode(gqlErr, content.EINTERNAL, "")
		}
		return gqlErr
	}
}

func setCode(e *gqlerror.Error, code, field string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
	if field != "" {
		e.Extensions["field"] = field
	}
}

// argumentName returns the argument an input error is about: the last element of
// its path when that names an argument.
func argumentName(e *gqlerror.Error) string {
	if len(e.Path) == 0 {
		return ""
	}
	if name, ok := e.Path[len(e.Path)-1].(ast.PathName); ok {
		return string(name)
	}
	return ""
}

// RecoverFunc logs a panic in a resolver with its stack and the request ID and
// hands the presenter an error that shows nothing of it.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "request_id", requestid.From(ctx),
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return errors.New("panic")
	}
}
