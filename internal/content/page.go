package content

import (
	"strings"
	"time"
)

// Page is a page's variant in one locale, in its published state (or, for
// editors, its draft).
type Page struct {
	ID          int64
	ParentID    int64   // 0 at the top of the tree
	AncestorIDs []int64 // from the top of the tree down to the parent
	Locale      string
	Slug        string
	Path        string
	Title       string
	Summary     string
	Blocks      []Block
	SEOTitle    string
	SEODesc     string
	Owner       string
	ReviewDueAt *time.Time
	PublishedAt *time.Time
	UpdatedAt   time.Time
	Version     int
	DocumentIDs []int64 // attached documents, in order
	ContactIDs  []int64 // contacts shown with the page, in order
	Draft       bool    // read from the draft state (editors' previews)
}

// AncestorKeys names the page's ancestors, top first, in the page's locale.
func (p *Page) AncestorKeys() []PageKey {
	keys := make([]PageKey, len(p.AncestorIDs))
	for i, id := range p.AncestorIDs {
		keys[i] = PageKey{ID: id, Locale: p.Locale}
	}
	return keys
}

// Seo is what a page tells search engines.
type Seo struct {
	Title       string
	Description string
}

// SEO returns the page's SEO fields, falling back to its title and summary.
func (p *Page) SEO() Seo {
	s := Seo{Title: p.SEOTitle, Description: p.SEODesc}
	if s.Title == "" {
		s.Title = p.Title
	}
	if s.Description == "" {
		s.Description = p.Summary
	}
	return s
}

// Breadcrumb is one step on the way from the top of the tree to a page.
type Breadcrumb struct {
	Title string
	Path  string
}

// Translation names a locale a page exists in.
type Translation struct {
	Locale string
	Path   string
	Title  string
}

// MenuItem is a node of the navigation tree.
type MenuItem struct {
	ID       int64
	Title    string
	Path     string
	Children []*MenuItem
}

// PageOrder is the order of a page listing.
type PageOrder string

// Page orders.
const (
	PageOrderPosition  PageOrder = "POSITION"
	PageOrderTitle     PageOrder = "TITLE"
	PageOrderPath      PageOrder = "PATH"
	PageOrderUpdatedAt PageOrder = "UPDATED_AT"
)

// PageFilter selects a page listing.
type PageFilter struct {
	ParentID int64 // 0: all pages
	Locale   string
	Order    PageOrder
	Page     PageRequest
	Fields   ListFields
}

// ListFields says which of the costlier parts of each listed page a listing
// reads; a listed page's Blocks, DocumentIDs and ContactIDs are empty unless
// asked for.
type ListFields struct {
	Blocks    bool
	Relations bool // DocumentIDs and ContactIDs
}

// MaxMenuDepth bounds Menu's depth.
const MaxMenuDepth = 6

// ValidatePath checks a path argument: absolute, without empty or dot segments.
func ValidatePath(field, path string) error {
	if !strings.HasPrefix(path, "/") || len(path) > 1024 {
		return Invalid(field, "path must start with /")
	}
	if path == "/" {
		return nil
	}
	for _, seg := range strings.Split(strings.TrimSuffix(path[1:], "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return Invalid(field, "path %q has an empty or relative segment", path)
		}
	}
	return nil
}

// CleanPath drops a trailing slash so that "/a/b/" and "/a/b" are the same page.
func CleanPath(path string) string {
	if len(path) > 1 {
		return strings.TrimSuffix(path, "/")
	}
	return path
}

// ValidSlug reports whether s is a lowercase ASCII slug: "kultur-och-fritid".
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') || (c == '-' && s[i-1] == '-') {
			return false
		}
	}
	return true
}
