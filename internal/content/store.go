package content

import "context"

// PageKey names a page in a locale; the store falls back to DefaultLocale.
type PageKey struct {
	ID     int64
	Locale string
}

// ChildrenKey names one page of a page's children.
type ChildrenKey struct {
	ParentID int64
	Locale   string
	Order    PageOrder
	First    int
	After    Cursor // zero: from the start
	Fields   ListFields
}

// Reader reads published content. Batch methods take many keys and return a map
// that holds the items found; missing keys are simply absent.
type Reader interface {
	PagesByKey(ctx context.Context, keys []PageKey) (map[PageKey]*Page, error)
	Pages(ctx context.Context, f PageFilter) (List[*Page], error)
	Children(ctx context.Context, keys []ChildrenKey) (map[ChildrenKey]List[*Page], error)
	Translations(ctx context.Context, pageIDs []int64) (map[int64][]Translation, error)
	// Menu returns the tree below rootPath ("" for the top), depth levels deep.
	// Errors: NOT_FOUND when rootPath names no page.
	Menu(ctx context.Context, rootPath, locale string, depth int) ([]*MenuItem, error)

	ContactsByID(ctx context.Context, ids []int64) (map[int64]*Contact, error)
	Contacts(ctx context.Context, f ContactFilter) (List[*Contact], error)
	DocumentsByID(ctx context.Context, ids []int64) (map[int64]*Document, error)
	OpeningHoursByID(ctx context.Context, ids []int64) (map[int64]*OpeningHours, error)
	OpeningHoursByContact(ctx context.Context, contactIDs []int64) (map[int64][]*OpeningHours, error)

	// Search returns ranked hits and whether more follow.
	Search(ctx context.Context, q SearchQuery) (hits []SearchHit, hasNext bool, err error)

	PageViewer
}

// PageWants says what a page view reads along with the page.
type PageWants struct {
	Ancestors      bool // in full: for parent
	Breadcrumbs    bool // the ancestors' titles and paths: their blocks and relations may be left unread
	Translations   bool
	Documents      bool // the page's attached documents
	BlockDocuments bool // the documents its blocks list
	Contacts       bool // the page's contacts
	BlockContacts  bool // the contacts its blocks show
	ContactHours   bool // the opening hours of those contacts
	BlockHours     bool // the schedules its blocks show
}

// PageView is a page with what rendering it needs, read in one round trip.
// Maps hold what was found; an item linked but not published is absent.
type PageView struct {
	Page           *Page
	Ancestors      map[PageKey]*Page
	Translations   []Translation
	Documents      map[int64]*Document
	Contacts       map[int64]*Contact
	HoursByContact map[int64][]*OpeningHours
	OpeningHours   map[int64]*OpeningHours
}

// PageViewer reads a page view: the page at path in locale, or in DefaultLocale
// when the page has no variant in locale, and what w asks for. Errors: NOT_FOUND.
type PageViewer interface {
	PageView(ctx context.Context, path, locale string, w PageWants) (*PageView, error)
}

// PageRefs are the items a page refers to that a view with some wants reads.
type PageRefs struct {
	Ancestors []PageKey // top first, in the page's locale
	Documents []int64
	Contacts  []int64
	Hours     []int64 // schedules its blocks show
}

// Refs returns what of p the wants ask to read along with it.
func (w PageWants) Refs(p *Page) PageRefs {
	var r PageRefs
	blockDocs, blockContacts, blockHours := ReferencedIDs(p.Blocks)
	if w.Ancestors || w.Breadcrumbs {
		r.Ancestors = p.AncestorKeys()
	}
	if w.Documents {
		r.Documents = append(r.Documents, p.DocumentIDs...)
	}
	if w.BlockDocuments {
		r.Documents = append(r.Documents, blockDocs...)
	}
	if w.Contacts {
		r.Contacts = append(r.Contacts, p.ContactIDs...)
	}
	if w.BlockContacts {
		r.Contacts = append(r.Contacts, blockContacts...)
	}
	if w.BlockHours {
		r.Hours = blockHours
	}
	return r
}
