// Package scalar marshals Rådhus's custom GraphQL scalars: DateTime (RFC 3339),
// Date (YYYY-MM-DD) and JSON.
package scalar

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
)

// MarshalDateTime writes t as RFC 3339 with its offset.
func MarshalDateTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		b := make([]byte, 0, 40)
		b = append(b, '"')
		b = t.AppendFormat(b, time.RFC3339)
		b = append(b, '"')
		w.Write(b)
	})
}

// UnmarshalDateTime reads an RFC 3339 instant.
func UnmarshalDateTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, invalid("DateTime must be an RFC 3339 string such as 2026-11-24T12:00:00+01:00")
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, invalid("DateTime must be an RFC 3339 string such as 2026-11-24T12:00:00+01:00")
	}
	return t, nil
}

// MarshalDate writes d as YYYY-MM-DD.
func MarshalDate(d hours.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads a YYYY-MM-DD date.
func UnmarshalDate(v any) (hours.Date, error) {
	s, ok := v.(string)
	if !ok {
		return hours.Date{}, invalid("Date must be a string such as 2026-06-19")
	}
	d, err := hours.ParseDate(s)
	if err != nil {
		return hours.Date{}, invalid("Date must be a valid date such as 2026-06-19")
	}
	return d, nil
}

// RawJSON is a JSON value, written as it is. It is a type of its own, not
// json.RawMessage, so that the generated code names it alike on every Go
// release: from Go 1.27 json.RawMessage is an alias of jsontext.Value, a
// package earlier releases do not have.
type RawJSON []byte

// MarshalJSON writes raw JSON as it is.
func MarshalJSON(raw RawJSON) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if len(raw) == 0 {
			io.WriteString(w, "null")
			return
		}
		w.Write(raw)
	})
}

// UnmarshalJSON accepts any JSON value.
func UnmarshalJSON(v any) (RawJSON, error) {
	return json.Marshal(v)
}

// invalid is a BAD_USER_INPUT error; the error presenter names the argument from
// the error's path.
func invalid(msg string) error { return content.Invalid("", "%s", msg) }
