package content

import (
	"encoding/json"
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

// PageUpdate is a change to a page's draft: the fields that are set replace
// the draft's; a variant given replaces the draft's variant in its locale.
type PageUpdate struct {
	Variants       []PageVariant
	RemoveLocales  []string
	Owner          *string
	ReviewDueAt    *time.Time
	ClearReviewDue bool
}

// Apply returns the draft with u applied.
func (u *PageUpdate) Apply(d *PageDraft) *PageDraft {
	out := *d
	out.Variants = append([]PageVariant(nil), d.Variants...)
	for _, v := range u.Variants {
		if cur := out.Variant(v.Locale); cur != nil {
			*cur = v
		} else {
			out.Variants = append(out.Variants, v)
		}
	}
	for _, loc := range u.RemoveLocales {
		for i := range out.Variants {
			if out.Variants[i].Locale == loc {
				out.Variants = append(out.Variants[:i], out.Variants[i+1:]...)
				break
			}
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
	return &out
}

// Stale returns the CONFLICT of an expectedVersion that is not the item's
// current version; the error carries the current one.
func Stale(kind string, current int) *Error {
	return &Error{Code: ECONFLICT, Message: kind + " was changed by someone else; reload it and try again", Version: current}
}
