package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// A page view sends every statement it needs in one batch, so it costs one round
// trip however much the page holds. Each statement finds the page again from the
// path ($1) and locale ($2), as pageByPathSQL does: an index probe is cheaper
// than a second round trip.
const chosenPageCTE = `
WITH chosen AS (
	SELECT c.page_id, c.locale, c.blocks, s.ancestor_ids
	FROM page_contents c ` + pageJoin + `
	WHERE c.state = @state AND c.locale IN ($2, 'sv') AND c.page_id = (
		SELECT page_id FROM page_contents
		WHERE state = @state AND path = $1
		ORDER BY (locale = $2) DESC, (locale = 'sv') DESC
		LIMIT 1)
	ORDER BY (c.locale = $2) DESC
	LIMIT 1
)`

// blockIDs returns the IDs that blocks of a type hold under a key: a number
// (contactId) or an array of numbers (documentIds); only when cond holds.
func blockIDs(typ, key string, array bool, cond string) string {
	if array {
		return `SELECT x.id::bigint FROM chosen, jsonb_array_elements(chosen.blocks) b,
			jsonb_array_elements_text(b -> '` + key + `') x(id) WHERE ` + cond + ` AND b ->> 'type' = '` + typ + `'`
	}
	return `SELECT (b ->> '` + key + `')::bigint FROM chosen, jsonb_array_elements(chosen.blocks) b
		WHERE ` + cond + ` AND b ->> 'type' = '` + typ + `'`
}

// relationIDs is the CTE of the IDs of a relation's items: those attached to the
// page (direct) and those its blocks show (inBlocks), one statement text per
// combination, so that none has a parameter deciding which branch runs: a
// boolean parameter in the query made PostgreSQL plan it anew on every call.
func relationIDs(table, column string, direct, inBlocks bool, blockIDsSQL string) string {
	var parts []string
	if direct {
		parts = append(parts, `SELECT k.`+column+` AS id FROM chosen
	JOIN `+table+` k ON k.page_id = chosen.page_id AND k.state = @state`)
	}
	if inBlocks {
		parts = append(parts, blockIDsSQL)
	}
	return `, ids AS (
	` + strings.Join(parts, "\n\tUNION ") + `
)`
}

// both lists the two booleans' combinations that read anything.
var both = [][2]bool{{true, false}, {false, true}, {true, true}}

var (
	viewAncestorsSQL = scoped(chosenPageCTE + `
SELECT DISTINCT ON (k.id) ` + pageColumns + `, chosen.locale
FROM chosen CROSS JOIN unnest(chosen.ancestor_ids) AS k(id)
JOIN page_contents c ON c.page_id = k.id AND c.state = @state AND c.locale IN (chosen.locale, 'sv')
` + pageJoin + `
ORDER BY k.id, (c.locale = chosen.locale) DESC`)

	viewTranslationsSQL = scoped(chosenPageCTE + `
SELECT c.page_id, c.locale, c.path, c.title FROM chosen
JOIN page_contents c ON c.page_id = chosen.page_id AND c.state = @state
ORDER BY c.locale = 'sv' DESC, c.locale`)

	viewBlockHoursSQL = scoped(chosenPageCTE + `
SELECT ` + openingHoursColumns + openingHoursFrom + `
WHERE h.id IN (` + blockIDs("openingHours", "openingHoursId", false, "true") + `)`)

	// By [direct, in blocks].
	viewDocumentsSQL      = map[[2]bool]scopedSQL{}
	viewContactsSQL       = map[[2]bool]scopedSQL{}
	viewHoursByContactSQL = map[[2]bool]scopedSQL{}
)

func init() {
	for _, b := range both {
		docs := relationIDs("page_documents", "document_id", b[0], b[1], blockIDs("documentList", "documentIds", true, "true"))
		contacts := relationIDs("page_contacts", "contact_id", b[0], b[1], blockIDs("contact", "contactId", false, "true"))
		viewDocumentsSQL[b] = scoped(chosenPageCTE + docs + `
SELECT ` + documentColumns + `
FROM documents d JOIN document_contents c ON c.document_id = d.id AND c.state = @state
WHERE d.id IN (SELECT id FROM ids)`)
		viewContactsSQL[b] = scoped(chosenPageCTE + contacts + `
SELECT ` + contactColumns + ` FROM contact_contents c
WHERE c.state = @state AND c.contact_id IN (SELECT id FROM ids)`)
		viewHoursByContactSQL[b] = scoped(chosenPageCTE + contacts + `
SELECT ` + openingHoursColumns + openingHoursFrom + `
WHERE h.contact_id IN (SELECT id FROM ids)
ORDER BY h.contact_id, c.position, h.id`)
	}
}

// PageView implements content.PageViewer.
func (s *Reader) PageView(ctx context.Context, path, locale string, w content.PageWants) (*content.PageView, error) {
	b := &pgx.Batch{}
	sc := s.scope
	b.Queue(pageByPathSQL.in(sc), path, locale)
	if w.Ancestors {
		b.Queue(viewAncestorsSQL.in(sc), path, locale)
	}
	if w.Translations {
		b.Queue(viewTranslationsSQL.in(sc), path, locale)
	}
	if w.Documents || w.BlockDocuments {
		b.Queue(viewDocumentsSQL[[2]bool{w.Documents, w.BlockDocuments}].in(sc), path, locale)
	}
	if w.Contacts || w.BlockContacts {
		which := [2]bool{w.Contacts, w.BlockContacts}
		b.Queue(viewContactsSQL[which].in(sc), path, locale)
		if w.ContactHours {
			b.Queue(viewHoursByContactSQL[which].in(sc), path, locale)
		}
	}
	if w.BlockHours {
		b.Queue(viewBlockHoursSQL.in(sc), path, locale)
	}

	br := s.db.SendBatch(ctx, b)
	defer br.Close()
	v := &content.PageView{}
	var err error
	if v.Page, err = s.scanPage(br.QueryRow()); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			br.Close()
			return nil, s.movedOrNotFound(ctx, path, locale)
		}
		return nil, interpretError(err, "page")
	}
	if w.Ancestors {
		if v.Ancestors, err = s.collectPages(br.Query()); err != nil {
			return nil, err
		}
	}
	if w.Translations {
		translations, err := collectTranslations(br.Query())
		if err != nil {
			return nil, err
		}
		v.Translations = translations[v.Page.ID]
	}
	if w.Documents || w.BlockDocuments {
		if v.Documents, err = collectDocuments(br.Query()); err != nil {
			return nil, err
		}
	}
	if w.Contacts || w.BlockContacts {
		if v.Contacts, err = collectContacts(br.Query()); err != nil {
			return nil, err
		}
		if w.ContactHours {
			if v.HoursByContact, err = collectHoursByContact(br.Query()); err != nil {
				return nil, err
			}
		}
	}
	if w.BlockHours {
		if v.OpeningHours, err = collectOpeningHours(br.Query()); err != nil {
			return nil, err
		}
	}
	return v, interpretError(br.Close(), "page")
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
