package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
)

// A page view is one statement, however much the page holds: the page's row,
// and beside it, as JSON built by PostgreSQL, each kind of item the view reads
// (ancestors, translations, documents, contacts, their opening hours, the
// schedules its blocks show). One statement finds the page by path once, runs
// once through the executor and sends one result; five statements in a batch,
// each finding the page again, cost PostgreSQL three times the CPU. There is one
// statement text per combination of wants, so that each keeps a generic plan.
//
// The page is found by any of its variants' paths ($1), the asked locale's ($2)
// first; it is then its row of served_pages in that locale (the variant in the
// locale asked for, else Swedish), and that variant's row c for its blocks.
// Its ancestors are their rows in the locale of the page's variant, and its
// relations' IDs are those stored with it: no probe of both variants and sort
// per page, no subquery per relation.
const viewPageFrom = `
FROM (SELECT page_id FROM page_contents
      WHERE state = @state AND path = $1
      ORDER BY (locale = $2) DESC, (locale = 'sv') DESC
      LIMIT 1) hit
JOIN served_pages s ON s.state = @state AND s.locale = $2 AND s.page_id = hit.page_id
` + blocksJoin

// viewAncestorsJSON: the ancestors, top first, each in the page's locale or
// Swedish, as the objects pageJSON reads. For breadcrumbs only (not full), a
// breadcrumb's fields and the page's key: the loader they prime serves
// breadcrumbs and nothing else, and building the rest of each page as JSON
// cost more than finding it.
func viewAncestorsJSON(full bool) string {
	fields := `'id', a.page_id, 'locale', a.variant, 'path', a.path, 'title', a.title`
	join := ""
	if full {
		fields = `'id', a.page_id, 'parent', coalesce(a.parent_id, 0), 'ancestors', a.ancestor_ids, 'locale', a.variant,
		'slug', a.slug, 'path', a.path, 'title', a.title, 'summary', a.summary,
		'seoTitle', a.seo_title, 'seoDescription', a.seo_description, 'owner', a.owner,
		'reviewDueAt', a.review_due_at, 'publishedAt', a.published_at, 'updatedAt', a.updated_at, 'version', a.version,
		'blocks', x.blocks, 'documents', a.document_ids, 'contacts', a.contact_ids`
		join = `
	JOIN page_contents x ON x.page_id = a.page_id AND x.state = @state AND x.locale = a.variant`
	}
	return `(SELECT json_agg(json_build_object(` + fields + `) ORDER BY u.n)
	FROM unnest(s.ancestor_ids) WITH ORDINALITY u(id, n)
	JOIN served_pages a ON a.state = @state AND a.locale = s.variant AND a.page_id = u.id` + join + `)`
}

const viewTranslationsJSON = `(SELECT json_agg(json_build_object('locale', t.locale, 'path', t.path, 'title', t.title)
		ORDER BY t.locale = 'sv' DESC, t.locale)
	FROM page_contents t WHERE t.page_id = s.page_id AND t.state = @state)`

// blockIDs returns the IDs that the page's blocks of a type hold under a key:
// a number (contactId) or an array of numbers (documentIds).
func blockIDs(typ, key string, array bool) string {
	if array {
		return `SELECT x.id::bigint FROM jsonb_array_elements(c.blocks) b,
			jsonb_array_elements_text(b -> '` + key + `') x(id) WHERE b ->> 'type' = '` + typ + `'`
	}
	return `SELECT (b ->> '` + key + `')::bigint FROM jsonb_array_elements(c.blocks) b
		WHERE b ->> 'type' = '` + typ + `'`
}

// relationIDs selects the IDs of a relation's items, each once: those attached
// to the page (direct: stored with its row of served_pages) and those its
// blocks show (inBlocks).
func relationIDs(column string, direct, inBlocks bool, fromBlocks string) string {
	switch {
	case direct && inBlocks:
		return `SELECT unnest(s.` + column + `) UNION ` + fromBlocks
	case direct:
		return `SELECT DISTINCT unnest(s.` + column + `)`
	}
	return fromBlocks
}

func viewDocumentsJSON(direct, inBlocks bool) string {
	return `(SELECT json_agg(json_build_object('id', d.id, 'title', dc.title, 'fileName', dc.file_name,
		'mimeType', dc.mime_type, 'sizeBytes', dc.size_bytes, 'sha256', dc.sha256, 'language', dc.language,
		'storageKey', dc.storage_key, 'createdAt', d.created_at, 'updatedAt', dc.updated_at))
	FROM documents d JOIN document_contents dc ON dc.document_id = d.id AND dc.state = @state
	WHERE d.id IN (` + relationIDs("document_ids", direct, inBlocks, blockIDs("documentList", "documentIds", true)) + `))`
}

// viewContactsJSON probes contact_contents once per ID: with no estimate of how
// many IDs there are, PostgreSQL would otherwise scan all contacts to hash them.
func viewContactsJSON(ids string) string {
	return `(SELECT json_agg(k.j)
	FROM (` + ids + `) u(id)
	CROSS JOIN LATERAL (
		SELECT json_build_object('id', k.contact_id, 'kind', k.kind, 'name', k.name, 'tagline', k.tagline,
			'email', k.email, 'phones', k.phones, 'visitingAddress', k.visiting_address, 'postalAddress', k.postal_address,
			'links', k.links, 'updatedAt', k.updated_at, 'version', k.version) j
		FROM contact_contents k WHERE k.contact_id = u.id AND k.state = @state
		LIMIT 1) k)`
}

// viewHoursJSON: as openingHoursFrom, schedules of contacts in the same state
// only; with aliases of its own, so that c is still the page's variant.
func viewHoursJSON(where string) string {
	return `(SELECT json_agg(json_build_object('id', h.id, 'contactId', h.contact_id, 'schedule', hx.schedule)
		ORDER BY h.contact_id, hx.position, h.id)
	FROM opening_hours h JOIN opening_hours_contents hx ON hx.opening_hours_id = h.id AND hx.state = @state
	JOIN contact_contents hc ON hc.contact_id = h.contact_id AND hc.state = @state
	WHERE ` + where + `)`
}

// pageViewSQL builds the statement of a page view for what w asks.
func pageViewSQL(w content.PageWants) string {
	part := func(want bool, sql string) string {
		if !want {
			return `NULL::json`
		}
		return sql
	}
	contactIDs := relationIDs("contact_ids", w.Contacts, w.BlockContacts, blockIDs("contact", "contactId", false))
	return `
SELECT ` + pageColumns + `,
	` + part(w.Ancestors || w.Breadcrumbs, viewAncestorsJSON(w.Ancestors)) + `,
	` + part(w.Translations, viewTranslationsJSON) + `,
	` + part(w.Documents || w.BlockDocuments, viewDocumentsJSON(w.Documents, w.BlockDocuments)) + `,
	` + part(w.Contacts || w.BlockContacts, viewContactsJSON(contactIDs)) + `,
	` + part((w.Contacts || w.BlockContacts) && w.ContactHours, viewHoursJSON(`h.contact_id IN (`+contactIDs+`)`)) + `,
	` + part(w.BlockHours, viewHoursJSON(`h.id IN (`+blockIDs("openingHours", "openingHoursId", false)+`)`)) + `
` + viewPageFrom
}

// pageViewSQLs holds a statement per combination of wants, made on first use.
var pageViewSQLs sync.Map // content.PageWants → scopedSQL

// PageView implements content.PageViewer.
func (s *Reader) PageView(ctx context.Context, path, locale string, w content.PageWants) (*content.PageView, error) {
	q, ok := pageViewSQLs.Load(w)
	if !ok {
		q, _ = pageViewSQLs.LoadOrStore(w, scoped(pageViewSQL(w)))
	}
	query := q.(scopedSQL).in(s.scope)
	var ancestors, translations, documents, contacts, hoursByContact, blockHours []byte
	p, err := s.scanPage(s.db.QueryRow(ctx, query, path, servedLocale(locale)),
		&ancestors, &translations, &documents, &contacts, &hoursByContact, &blockHours)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, s.movedOrNotFound(ctx, path, locale)
	}
	if err != nil {
		return nil, interpretError(err, "page")
	}
	v := &content.PageView{Page: p}
	if w.Ancestors || w.Breadcrumbs {
		if v.Ancestors, err = s.decodeAncestors(ancestors, p.Locale); err != nil {
			return nil, err
		}
	}
	if w.Translations {
		if err := decodeJSON(translations, &v.Translations, "translations"); err != nil {
			return nil, err
		}
	}
	if w.Documents || w.BlockDocuments {
		if v.Documents, err = decodeDocuments(documents); err != nil {
			return nil, err
		}
	}
	if w.Contacts || w.BlockContacts {
		if v.Contacts, err = s.decodeContacts(contacts); err != nil {
			return nil, err
		}
		if w.ContactHours {
			hs, err := s.decodeHours(hoursByContact)
			if err != nil {
				return nil, err
			}
			v.HoursByContact = map[int64][]*content.OpeningHours{}
			for _, h := range hs {
				v.HoursByContact[h.ContactID] = append(v.HoursByContact[h.ContactID], h)
			}
		}
	}
	if w.BlockHours {
		hs, err := s.decodeHours(blockHours)
		if err != nil {
			return nil, err
		}
		v.OpeningHours = make(map[int64]*content.OpeningHours, len(hs))
		for _, h := range hs {
			v.OpeningHours[h.ID] = h
		}
	}
	return v, nil
}

// decodeJSON decodes one of a view's JSON parts; NULL (nothing found) leaves
// dst as it is.
func decodeJSON(raw []byte, dst any, what string) error {
	if raw == nil {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("page view %s: %w", what, err)
	}
	return nil
}

// pageJSON is a page as viewAncestorsJSON builds it.
type pageJSON struct {
	ID             int64           `json:"id"`
	Parent         int64           `json:"parent"`
	Ancestors      []int64         `json:"ancestors"`
	Locale         string          `json:"locale"`
	Slug           string          `json:"slug"`
	Path           string          `json:"path"`
	Title          string          `json:"title"`
	Summary        string          `json:"summary"`
	Blocks         json.RawMessage `json:"blocks"`
	SEOTitle       string          `json:"seoTitle"`
	SEODescription string          `json:"seoDescription"`
	Owner          string          `json:"owner"`
	ReviewDueAt    *time.Time      `json:"reviewDueAt"`
	PublishedAt    *time.Time      `json:"publishedAt"`
	UpdatedAt      time.Time       `json:"updatedAt"`
	Version        int             `json:"version"`
	Documents      []int64         `json:"documents"`
	Contacts       []int64         `json:"contacts"`
}

// decodeAncestors returns the ancestors keyed as the page asked for them: in its
// locale.
func (s *Reader) decodeAncestors(raw []byte, locale string) (map[content.PageKey]*content.Page, error) {
	var rows []pageJSON
	if err := decodeJSON(raw, &rows, "ancestors"); err != nil {
		return nil, err
	}
	out := make(map[content.PageKey]*content.Page, len(rows))
	for _, r := range rows {
		p := &content.Page{ID: r.ID, ParentID: r.Parent, AncestorIDs: r.Ancestors, Locale: r.Locale, Slug: r.Slug,
			Path: r.Path, Title: r.Title, Summary: r.Summary, SEOTitle: r.SEOTitle, SEODesc: r.SEODescription,
			Owner: r.Owner, ReviewDueAt: r.ReviewDueAt, PublishedAt: r.PublishedAt, UpdatedAt: r.UpdatedAt,
			Version: r.Version, DocumentIDs: r.Documents, ContactIDs: r.Contacts, Draft: s.scope == scopeDraft}
		if p.AncestorIDs == nil {
			p.AncestorIDs = []int64{}
		}
		if r.Blocks != nil {
			var err error
			if p.Blocks, err = s.blocks.decode(r.Blocks); err != nil {
				return nil, fmt.Errorf("page %d: %w", p.ID, err)
			}
		}
		out[content.PageKey{ID: p.ID, Locale: locale}] = p
	}
	return out, nil
}

func decodeDocuments(raw []byte) (map[int64]*content.Document, error) {
	var rows []struct {
		ID         int64     `json:"id"`
		Title      string    `json:"title"`
		FileName   string    `json:"fileName"`
		MimeType   string    `json:"mimeType"`
		SizeBytes  int64     `json:"sizeBytes"`
		SHA256     string    `json:"sha256"`
		Language   string    `json:"language"`
		StorageKey string    `json:"storageKey"`
		CreatedAt  time.Time `json:"createdAt"`
		UpdatedAt  time.Time `json:"updatedAt"`
	}
	if err := decodeJSON(raw, &rows, "documents"); err != nil {
		return nil, err
	}
	out := make(map[int64]*content.Document, len(rows))
	for _, r := range rows {
		out[r.ID] = &content.Document{ID: r.ID, Title: r.Title, FileName: r.FileName, MimeType: r.MimeType,
			SizeBytes: r.SizeBytes, SHA256: r.SHA256, Language: r.Language, StorageKey: r.StorageKey,
			CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	}
	return out, nil
}

func decodeContact(raw []byte) (*content.Contact, error) {
	var r struct {
		ID              int64            `json:"id"`
		Kind            string           `json:"kind"`
		Name            string           `json:"name"`
		Tagline         string           `json:"tagline"`
		Email           string           `json:"email"`
		Phones          []content.Phone  `json:"phones"`
		VisitingAddress *content.Address `json:"visitingAddress"`
		PostalAddress   *content.Address `json:"postalAddress"`
		Links           []content.Link   `json:"links"`
		UpdatedAt       time.Time        `json:"updatedAt"`
		Version         int              `json:"version"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("page view contact: %w", err)
	}
	return &content.Contact{ID: r.ID, Kind: content.ContactKind(r.Kind), Name: r.Name, Tagline: r.Tagline,
		Email: r.Email, Phones: r.Phones, VisitingAddress: r.VisitingAddress, PostalAddress: r.PostalAddress,
		Links: r.Links, UpdatedAt: r.UpdatedAt, Version: r.Version}, nil
}

func (s *Reader) decodeContacts(raw []byte) (map[int64]*content.Contact, error) {
	cs, err := s.cache.contacts.each(raw, decodeContact)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*content.Contact, len(cs))
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}

func decodeOpeningHours(raw []byte) (*content.OpeningHours, error) {
	var r struct {
		ID        int64          `json:"id"`
		ContactID int64          `json:"contactId"`
		Schedule  hours.Schedule `json:"schedule"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("page view opening hours: %w", err)
	}
	return &content.OpeningHours{ID: r.ID, ContactID: r.ContactID, Schedule: r.Schedule}, nil
}

// decodeHours shares schedules between requests: a schedule's compiled form
// (OpeningHours compiles once, safely for concurrent use) is then made once too.
func (s *Reader) decodeHours(raw []byte) ([]*content.OpeningHours, error) {
	return s.cache.hours.each(raw, decodeOpeningHours)
}

// An old path of a published page (before it moved or was renamed) answers
// with where the page lives now, in the locale the old path was in or in
// Swedish; drafts have no redirects.
const redirectSQL = `
SELECT c.path FROM page_redirects r
JOIN page_contents c ON c.page_id = r.page_id AND c.state = 'published' AND c.locale IN (r.locale, 'sv')
WHERE r.path = $1
ORDER BY (r.locale = $2) DESC, (c.locale = r.locale) DESC
LIMIT 1`

func (s *Reader) movedOrNotFound(ctx context.Context, path, locale string) error {
	if s.scope != scopePublished {
		return content.NotFound("page")
	}
	var now string
	if err := s.db.QueryRow(ctx, redirectSQL, path, locale).Scan(&now); err != nil {
		return interpretError(err, "page")
	}
	return content.Moved(now)
}
