package content

import (
	"errors"
	"fmt"
)

// Error codes, as clients see them in a GraphQL error's extensions.code.
const (
	ENOTFOUND     = "NOT_FOUND"
	EINVALID      = "BAD_USER_INPUT"
	EUNAUTHORIZED = "UNAUTHENTICATED"
	EFORBIDDEN    = "FORBIDDEN"
	ECONFLICT     = "CONFLICT"
	EMOVED        = "MOVED_PERMANENTLY"
	EINTERNAL     = "INTERNAL_SERVER_ERROR"
	// EUNAVAILABLE: the database cannot be reached right now; the request
	// may be retried shortly.
	EUNAVAILABLE = "UNAVAILABLE"
)

// Error is an error meant for the client: a code, a message safe to show, and, for
// bad input, the argument or field at fault.
type Error struct {
	Code    string
	Message string
	Field   string
	// Version is, on a CONFLICT over a stale expectedVersion, the item's
	// current version.
	Version int
	// Location is, on MOVED_PERMANENTLY, the path the page lives at now.
	Location string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a BAD_USER_INPUT error naming the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Unavailable returns the UNAVAILABLE error: the database cannot be reached.
func Unavailable() *Error {
	return &Error{Code: EUNAVAILABLE, Message: "the service is temporarily unavailable; try again shortly"}
}

// NotFound returns a NOT_FOUND error for a kind of item ("page", "contact").
func NotFound(kind string) *Error {
	return &Error{Code: ENOTFOUND, Message: kind + " not found"}
}

// Moved returns the MOVED_PERMANENTLY error of an old path of a page that now
// lives at location.
func Moved(location string) *Error {
	return &Error{Code: EMOVED, Message: "the page has moved to " + location, Location: location}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}
