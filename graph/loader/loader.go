// Package loader batches the nested reads of one GraphQL request: every loader
// gathers the keys asked for by many resolvers and reads them in one query.
// Loaders live for one request, so nothing is cached across requests.
package loader

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/radhus/radhus/internal/content"
)

// wait is how long a batch gathers keys before it runs. A sleep of less than a
// millisecond rounds up to one on Linux, which would cost every nested level a
// millisecond, so the wait is short and batching does not rely on it: resolvers
// that fetch a page or a list look ahead at the query and preload every nested
// read in one query per loader (see Preload and graph's prefetch).
const wait = 100 * time.Microsecond

// Loaders are the batch loaders of one request.
type Loaders struct {
	Pages *dataloadgen.Loader[content.PageKey, *content.Page]
	// Crumbs are pages for breadcrumbs: a page view may prime it with pages
	// whose blocks and relations it did not read. Anything not primed is
	// loaded through Pages, in full.
	Crumbs         *dataloadgen.Loader[content.PageKey, *content.Page]
	Children       *dataloadgen.Loader[content.ChildrenKey, content.List[*content.Page]]
	Translations   *dataloadgen.Loader[int64, []content.Translation]
	Contacts       *dataloadgen.Loader[int64, *content.Contact]
	Documents      *dataloadgen.Loader[int64, *content.Document]
	OpeningHours   *dataloadgen.Loader[int64, *content.OpeningHours]
	HoursByContact *dataloadgen.Loader[int64, []*content.OpeningHours]

	reader content.Reader
}

// New returns fresh loaders reading from r.
func New(r content.Reader) *Loaders {
	opt := dataloadgen.WithWait(wait)
	l := &Loaders{
		reader:         r,
		Pages:          dataloadgen.NewLoader(fromMap(r.PagesByKey), opt),
		Children:       dataloadgen.NewLoader(fromMap(r.Children), opt),
		Translations:   dataloadgen.NewLoader(fromMap(r.Translations), opt),
		Contacts:       dataloadgen.NewLoader(fromMap(r.ContactsByID), opt),
		Documents:      dataloadgen.NewLoader(fromMap(r.DocumentsByID), opt),
		OpeningHours:   dataloadgen.NewLoader(fromMap(r.OpeningHoursByID), opt),
		HoursByContact: dataloadgen.NewLoader(fromMap(r.OpeningHoursByContact), opt),
	}
	l.Crumbs = dataloadgen.NewLoader(func(ctx context.Context, keys []content.PageKey) ([]*content.Page, []error) {
		pages, err := l.Pages.LoadAll(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		return pages, nil
	}, opt)
	return l
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

// Into returns ctx with l as its request's loaders, for a request that reads
// in another scope (an editor's drafts).
func Into(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// Reader returns the reader the loaders read from.
func (l *Loaders) Reader() content.Reader { return l.reader }

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

// Preload is a set of reads that fill the loaders before resolvers ask: each
// Add runs one batch query, all of them concurrently, and Wait primes the
// loaders with the results (a key not found is cached as missing). Resolvers
// then never wait on a batch, so the number of queries is fixed by the query's
// shape, not by timing.
type Preload struct {
	ctx  context.Context
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error
	done []func()
}

// Preload starts a set of reads.
func (l *Loaders) Preload(ctx context.Context) *Preload { return &Preload{ctx: ctx} }

// Wait waits for every read and primes the loaders; it returns the first error.
func (p *Preload) Wait() error {
	p.wg.Wait()
	for _, prime := range p.done {
		prime()
	}
	return p.err
}

func preload[K comparable, V any](p *Preload, l *dataloadgen.Loader[K, V], fetch func(context.Context, []K) (map[K]V, error), keys []K) {
	preloadBoth(p, l, nil, fetch, keys)
}

// preloadBoth is preload that primes a second loader with the same results.
func preloadBoth[K comparable, V any](p *Preload, l, also *dataloadgen.Loader[K, V], fetch func(context.Context, []K) (map[K]V, error), keys []K) {
	keys = unique(keys)
	if len(keys) == 0 {
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		m, err := fetch(p.ctx, keys)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil {
			if p.err == nil {
				p.err = err
			}
			return
		}
		p.done = append(p.done, func() {
			for _, k := range keys {
				l.Prime(k, m[k])
			}
			if also != nil {
				for _, k := range keys {
					also.Prime(k, m[k])
				}
			}
		})
	}()
}

// Pages preloads pages, for breadcrumbs too.
func (p *Preload) Pages(l *Loaders, keys []content.PageKey) {
	preloadBoth(p, l.Pages, l.Crumbs, l.reader.PagesByKey, keys)
}

// Translations preloads the translations of pages.
func (p *Preload) Translations(l *Loaders, ids []int64) {
	preload(p, l.Translations, l.reader.Translations, ids)
}

// Documents preloads documents.
func (p *Preload) Documents(l *Loaders, ids []int64) {
	preload(p, l.Documents, l.reader.DocumentsByID, ids)
}

// Contacts preloads contacts.
func (p *Preload) Contacts(l *Loaders, ids []int64) {
	preload(p, l.Contacts, l.reader.ContactsByID, ids)
}

// OpeningHours preloads schedules.
func (p *Preload) OpeningHours(l *Loaders, ids []int64) {
	preload(p, l.OpeningHours, l.reader.OpeningHoursByID, ids)
}

// HoursByContact preloads the schedules of contacts.
func (p *Preload) HoursByContact(l *Loaders, ids []int64) {
	preload(p, l.HoursByContact, l.reader.OpeningHoursByContact, ids)
}

func unique[K comparable](keys []K) []K {
	seen := make(map[K]struct{}, len(keys))
	out := keys[:0:0]
	for _, k := range keys {
		if _, ok := seen[k]; !ok {
			seen[k] = struct{}{}
			out = append(out, k)
		}
	}
	return out
}

// PrimeView fills the loaders with what a page view read, so that resolvers
// below the page find it without a query. Keys the page refers to that the view
// did not find are primed as missing.
func (l *Loaders) PrimeView(v *content.PageView, w content.PageWants) {
	refs := w.Refs(v.Page)
	for _, k := range refs.Ancestors {
		if w.Ancestors {
			l.Pages.Prime(k, v.Ancestors[k])
		}
		l.Crumbs.Prime(k, v.Ancestors[k])
	}
	if w.Translations {
		l.Translations.Prime(v.Page.ID, v.Translations)
	}
	for _, id := range refs.Documents {
		l.Documents.Prime(id, v.Documents[id])
	}
	for _, id := range refs.Contacts {
		l.Contacts.Prime(id, v.Contacts[id])
		if w.ContactHours {
			l.HoursByContact.Prime(id, v.HoursByContact[id])
		}
	}
	for _, id := range refs.Hours {
		l.OpeningHours.Prime(id, v.OpeningHours[id])
	}
}
