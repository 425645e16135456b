package requestid

import (
	"context"
	"log/slog"
)

// LogHandler adds the request's ID and GraphQL operation to every record
// logged with a request's context, unless the record names them already.
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ slog.Handler }

func (h logHandler) Handle(ctx context.Context, r slog.Record) error {
	id, op := From(ctx), InfoFrom(ctx).Operation()
	if id != "" || op != "" {
		hasID, hasOp := false, false
		r.Attrs(func(a slog.Attr) bool {
			hasID = hasID || a.Key == "request_id"
			hasOp = hasOp || a.Key == "operation"
			return true
		})
		if id != "" && !hasID {
			r.AddAttrs(slog.String("request_id", id))
		}
		if op != "" && !hasOp {
			r.AddAttrs(slog.String("operation", op))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{h.Handler.WithAttrs(attrs)}
}

func (h logHandler) WithGroup(name string) slog.Handler {
	return logHandler{h.Handler.WithGroup(name)}
}
