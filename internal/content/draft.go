package content

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// PageDraft is everything one version of a page covers: its place in the tree,
// its owner and review date, its locale variants (slug, title, summary, blocks,
// SEO) and its relations. Saving changes the draft; publishing copies it to the
// published state; a revision keeps it as it was published.
type PageDraft struct {
	ParentID    int64         `json:"parentId,omitempty"` // 0: top of the tree
	Position    int           `json:"position"`           // among siblings; equal positions order by ID
	Owner       string        `json:"owner,omitempty"`
	ReviewDueAt *time.Time    `json:"reviewDueAt,omitempty"`
	Variants    []PageVariant `json:"variants"` // Swedish first
	DocumentIDs []int64       `json:"documentIds"`
	ContactIDs  []int64       `json:"contactIds"`
}

// MaxPosition bounds a page's position among its siblings.
const MaxPosition = 1_000_000

// Validate checks a draft and trims its text in place; errors name the field
// at fault under prefix ("input").
func (d *PageDraft) Validate(prefix string) error {
	field := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	if d.ParentID < 0 {
		return Invalid(field("parentId"), "malformed parent")
	}
	if d.Position < 0 || d.Position > MaxPosition {
		return Invalid(field("position"), "position must be 0 to %d", MaxPosition)
	}
	np := NewPage{Owner: d.Owner, Variants: d.Variants, DocumentIDs: d.DocumentIDs, ContactIDs: d.ContactIDs}
	if err := np.Validate(); err != nil {
		if e, ok := err.(*Error); ok && prefix != "" && e.Field != "" {
			out := *e
			out.Field = field(e.Field)
			return &out
		}
		return err
	}
	d.Owner = np.Owner
	return nil
}

// Variant returns the draft's variant in locale, or nil.
func (d *PageDraft) Variant(locale string) *PageVariant {
	for i := range d.Variants {
		if d.Variants[i].Locale == locale {
			return &d.Variants[i]
		}
	}
	return nil
}

// Draft returns the draft a new page starts from.
func (p *NewPage) Draft() *PageDraft {
	return &PageDraft{
		ParentID: p.ParentID, Position: p.Position, Owner: p.Owner, ReviewDueAt: p.ReviewDueAt,
		Variants: p.Variants, DocumentIDs: p.DocumentIDs, ContactIDs: p.ContactIDs,
	}
}

type pageVariantJSON struct {
	Locale   string          `json:"locale"`
	Slug     string          `json:"slug"`
	Title    string          `json:"title"`
	Summary  string          `json:"summary,omitempty"`
	Blocks   json.RawMessage `json:"blocks"`
	SEOTitle string          `json:"seoTitle,omitempty"`
	SEODesc  string          `json:"seoDescription,omitempty"`
}

// MarshalJSON encodes a variant with its blocks as stored (MarshalBlocks).
func (v PageVariant) MarshalJSON() ([]byte, error) {
	blocks, err := MarshalBlocks(v.Blocks)
	if err != nil {
		return nil, err
	}
	return json.Marshal(pageVariantJSON{Locale: v.Locale, Slug: v.Slug, Title: v.Title,
		Summary: v.Summary, Blocks: blocks, SEOTitle: v.SEOTitle, SEODesc: v.SEODesc})
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (v *PageVariant) UnmarshalJSON(data []byte) error {
	var j pageVariantJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*v = PageVariant{Locale: j.Locale, Slug: j.Slug, Title: j.Title, Summary: j.Summary,
		SEOTitle: j.SEOTitle, SEODesc: j.SEODesc}
	if len(j.Blocks) > 0 && string(j.Blocks) != "null" {
		var err error
		if v.Blocks, err = UnmarshalBlocks(j.Blocks); err != nil {
			return err
		}
	}
	return nil
}

// Revision is a page's draft as it was published (Reason "publish") or moved to
// the trash ("delete").
type Revision struct {
	ID        int64
	PageID    int64
	Version   int
	Reason    string
	Author    Actor // ID and e-mail; Role is not kept
	CreatedAt time.Time
	Draft     *PageDraft
}

// AuditEntry is one change: who, what, which item, when.
type AuditEntry struct {
	ID       int64
	At       time.Time
	Actor    Actor // ID and e-mail
	Action   string
	ItemKind string // KindPage, KindContact, ...
	ItemID   int64
	Version  int // the item's version after the change; 0 when none
	Summary  string
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	ItemKind string // "": any
	ItemID   int64  // 0: any
	Page     PageRequest
}

// Actions in the audit log.
const (
	ActionCreate          = "create"
	ActionUpdate          = "update"
	ActionMove            = "move"
	ActionReorder         = "reorder"
	ActionDelete          = "delete"
	ActionRestore         = "restore"
	ActionRestoreRevision = "restoreRevision"
	ActionPublish         = "publish"
	ActionUnpublish       = "unpublish"
)

// SystemActor is the actor of changes made without a signed-in person (demo
// content, imports).
var SystemActor = Actor{ID: "system"}

// PageUpdate is a change to a page's draft in one locale: the fields that are
// set replace the variant's; a locale the page lacks is added.
type PageUpdate struct {
	Locale       string
	Title        *string
	Slug         *string // normalised with Slugify
	Summary      *string
	SEOTitle     *string
	SEODesc      *string
	Blocks       *[]Block
	RemoveLocale bool
	// Not per locale.
	Owner          *string
	ReviewDueAt    *time.Time
	ClearReviewDue bool
}

// Apply returns the draft with u applied, and the index of the variant it
// changed (-1 when it removed one). Errors: BAD_USER_INPUT naming the field
// under "input".
func (u *PageUpdate) Apply(d *PageDraft) (*PageDraft, int, error) {
	out := *d
	out.Variants = append([]PageVariant(nil), d.Variants...)
	loc, err := ParseLocale("input.locale", u.Locale)
	if err != nil {
		return nil, 0, err
	}
	i := -1
	for k := range out.Variants {
		if out.Variants[k].Locale == loc {
			i = k
		}
	}
	if u.RemoveLocale {
		switch {
		case loc == DefaultLocale:
			return nil, 0, Invalid("input.removeLocale", "the Swedish variant cannot be removed")
		case u.Title != nil || u.Slug != nil || u.Summary != nil || u.SEOTitle != nil || u.SEODesc != nil || u.Blocks != nil:
			return nil, 0, Invalid("input.removeLocale", "remove a locale without changing it")
		case i < 0:
			return nil, 0, Invalid("input.locale", "the page has no %s variant", loc)
		}
		out.Variants = append(out.Variants[:i], out.Variants[i+1:]...)
		i = -1
	} else {
		if i < 0 {
			if u.Title == nil {
				return nil, 0, Invalid("input.title", "a new locale needs a title")
			}
			out.Variants = append(out.Variants, PageVariant{Locale: loc})
			i = len(out.Variants) - 1
		}
		v := &out.Variants[i]
		if u.Title != nil {
			v.Title = *u.Title
		}
		switch {
		case u.Slug != nil:
			if v.Slug, err = ParseSlug("input.slug", *u.Slug); err != nil {
				return nil, 0, err
			}
		case v.Slug == "":
			if v.Slug, err = ParseSlug("input.title", v.Title); err != nil {
				return nil, 0, err
			}
		}
		if u.Summary != nil {
			v.Summary = *u.Summary
		}
		if u.SEOTitle != nil {
			v.SEOTitle = *u.SEOTitle
		}
		if u.SEODesc != nil {
			v.SEODesc = *u.SEODesc
		}
		if u.Blocks != nil {
			v.Blocks = *u.Blocks
		}
	}
	if u.Owner != nil {
		out.Owner = *u.Owner
	}
	if u.ReviewDueAt != nil {
		t := *u.ReviewDueAt
		out.ReviewDueAt = &t
	}
	if u.ClearReviewDue {
		out.ReviewDueAt = nil
	}
	return &out, i, nil
}

// Describe says in a few words what u changes, for the audit log.
func (u *PageUpdate) Describe() string {
	var parts []string
	add := func(set bool, what string) {
		if set {
			parts = append(parts, what)
		}
	}
	if u.RemoveLocale {
		return "removed " + u.Locale
	}
	add(u.Title != nil, "title")
	add(u.Slug != nil, "slug")
	add(u.Summary != nil, "summary")
	add(u.SEOTitle != nil || u.SEODesc != nil, "SEO")
	add(u.Blocks != nil, "blocks")
	add(u.Owner != nil, "owner")
	add(u.ReviewDueAt != nil || u.ClearReviewDue, "review date")
	return u.Locale + ": " + strings.Join(parts, ", ")
}

// PageEditor changes pages: drafts, publishing, revisions, the trash. Every
// change checks the version it started from (CONFLICT with the current one
// when stale, writing nothing) and is written to the audit log.
type PageEditor interface {
	CreatePage(ctx context.Context, d *PageDraft) (*Page, error)
	UpdatePage(ctx context.Context, id int64, expectedVersion int, u *PageUpdate) (*Page, error)
	// MovePage places a page below parentID (0: the top) at position (-1:
	// after the last sibling).
	MovePage(ctx context.Context, id int64, expectedVersion int, parentID int64, position int) (*Page, error)
	ReorderPages(ctx context.Context, parentID int64, ids []int64, expectedVersions []int) ([]*Page, error)
	SetPageDocuments(ctx context.Context, id int64, expectedVersion int, ids []int64) (*Page, error)
	SetPageContacts(ctx context.Context, id int64, expectedVersion int, ids []int64) (*Page, error)
	DeletePage(ctx context.Context, id int64, expectedVersion int) error
	RestorePage(ctx context.Context, id int64) (*Page, error)
	PublishPage(ctx context.Context, id int64, expectedVersion int) (*Page, error)
	UnpublishPage(ctx context.Context, id int64, expectedVersion int) (*Page, error)
	Revisions(ctx context.Context, pageID int64, req PageRequest) (List[*Revision], error)
	RestoreRevision(ctx context.Context, revisionID int64, expectedVersion int) (*Page, error)
	AuditLog(ctx context.Context, f AuditFilter) (List[*AuditEntry], error)
}

// Kinds of global ID of the editorial side.
const (
	KindRevision   = "Revision"
	KindAuditEntry = "AuditEntry"
)

// GlobalID returns the revision's Relay ID.
func (r *Revision) GlobalID() string { return GlobalID(KindRevision, r.ID) }

// GlobalID returns the entry's Relay ID.
func (e *AuditEntry) GlobalID() string { return GlobalID(KindAuditEntry, e.ID) }

// Stale returns the CONFLICT of an expectedVersion that is not the item's
// current version; the error carries the current one.
func Stale(kind string, current int) *Error {
	return &Error{Code: ECONFLICT, Message: kind + " was changed by someone else; reload it and try again", Version: current}
}
