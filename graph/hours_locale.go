package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
)

// requestLocale is the locale opening-hours texts are served in: the
// field's own locale argument when given; else the nearest on the path to
// the field, where a page counts with the locale it is served in (a page
// asked for in English but served in Swedish shows Swedish hours); else
// Swedish. Only the field's own argument can be invalid: an ancestor's has
// already been refused by its own field.
func requestLocale(ctx context.Context, own *string) (string, error) {
	if own != nil {
		return content.ParseLocale("locale", *own)
	}
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		switch p := fc.Result.(type) {
		case *content.Page:
			if p != nil {
				return p.Locale, nil
			}
		case **content.Page:
			if p != nil && *p != nil {
				return (*p).Locale, nil
			}
		}
		if v, ok := fc.Args["locale"].(*string); ok && v != nil {
			if l, err := content.ParseLocale("locale", *v); err == nil {
				return l, nil
			}
		}
	}
	return content.DefaultLocale, nil
}

// localized serves a text in the request's locale; nil when it is empty.
func localized(ctx context.Context, t hours.Text, own *string) (*string, error) {
	loc, err := requestLocale(ctx, own)
	if err != nil {
		return nil, err
	}
	s := t.In(loc)
	if s == "" {
		return nil, nil
	}
	return &s, nil
}
