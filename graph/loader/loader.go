// Package loader batches the nested reads of one GraphQL request: every loader
// gathers the keys asked for by many resolvers and reads them in one query.
// Loaders live for one request, so nothing is cached across requests.
package loader

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/radhus/radhus/internal/content"
)

// wait is how long a batch gathers keys before it runs. Resolvers that know their
// keys in advance prime loaders (see graph's prefetch), so the count of queries
// does not depend on this; it only helps loads nobody primed.
const wait = 250 * time.Microsecond

// Loaders are the batch loaders of one request.
type Loaders struct {
	Pages          *dataloadgen.Loader[content.PageKey, *content.Page]
	Children       *dataloadgen.Loader[content.ChildrenKey, content.List[*content.Page]]
	Translations   *dataloadgen.Loader[int64, []content.Translation]
	Contacts       *dataloadgen.Loader[int64, *content.Contact]
	Documents      *dataloadgen.Loader[int64, *content.Document]
	OpeningHours   *dataloadgen.Loader[int64, *content.OpeningHours]
	HoursByContact *dataloadgen.Loader[int64, []*content.OpeningHours]
}

// New returns fresh loaders reading from r.
func New(r content.Reader) *Loaders {
	opt := dataloadgen.WithWait(wait)
	return &Loaders{
		Pages:          dataloadgen.NewLoader(fromMap(r.PagesByKey), opt),
		Children:       dataloadgen.NewLoader(fromMap(r.Children), opt),
		Translations:   dataloadgen.NewLoader(fromMap(r.Translations), opt),
		Contacts:       dataloadgen.NewLoader(fromMap(r.ContactsByID), opt),
		Documents:      dataloadgen.NewLoader(fromMap(r.DocumentsByID), opt),
		OpeningHours:   dataloadgen.NewLoader(fromMap(r.OpeningHoursByID), opt),
		HoursByContact: dataloadgen.NewLoader(fromMap(r.OpeningHoursByContact), opt),
	}
}

// fromMap adapts a store's batch method to a loader's fetch: a key the store did
// not find gets the zero value (an item unpublished since it was linked is left
// out, not an error); a store error fails every key of the batch.
func fromMap[K comparable, V any](batch func(context.Context, []K) (map[K]V, error)) func(context.Context, []K) ([]V, []error) {
	return func(ctx context.Context, keys []K) ([]V, []error) {
		m, err := batch(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		out := make([]V, len(keys))
		for i, k := range keys {
			out[i] = m[k]
		}
		return out, nil
	}
}

type ctxKey struct{}

// Middleware gives every request its own loaders.
func Middleware(r content.Reader, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx := context.WithValue(req.Context(), ctxKey{}, New(r))
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}

// For returns the request's loaders.
func For(ctx context.Context) *Loaders {
	return ctx.Value(ctxKey{}).(*Loaders)
}

// Found loads keys with l and returns the values found, in the order of keys.
func Found[K comparable, V comparable](ctx context.Context, l *dataloadgen.Loader[K, V], keys []K) ([]V, error) {
	if len(keys) == 0 {
		return []V{}, nil
	}
	vals, err := l.LoadAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	var zero V
	out := vals[:0]
	for _, v := range vals {
		if v != zero {
			out = append(out, v)
		}
	}
	return out, nil
}
