// Package richtext sanitises editors' HTML before it is stored: what is kept is
// paragraphs, headings, lists, emphasis, quotes and links (http, https, mailto,
// tel, and paths on this site). Everything else, scripts, event handlers, styles,
// images, SVG, forms, frames and other URL schemes, is dropped.
package richtext

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"

	"github.com/radhus/radhus/internal/content"
)

var (
	once   sync.Once
	policy *bluemonday.Policy
)

func build() {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
		"strong", "em", "b", "i", "blockquote", "abbr", "sub", "sup")
	// A link is absolute with an allowed scheme or a path on this site; not
	// "//host" (another site with the page's scheme), nor "http:x" (whose
	// target depends on the page's own scheme), nor a path relative to the
	// page, whose target depends on where the text is shown.
	p.AllowAttrs("href").Matching(regexp.MustCompile(`^(?i:https?://|(mailto|tel):|/([^/\\]|$))`)).OnElements("a")
	p.AllowAttrs("title").Matching(regexp.MustCompile(`^[\p{L}\p{N}\s.,:;!?'"()–-]{0,200}$`)).OnElements("a", "abbr")
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnFullyQualifiedLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	policy = p
}

// maxPasses bounds Sanitize's passes; in practice the second changes nothing.
const maxPasses = 4

// Sanitize returns html with everything outside the allowed subset removed.
// It is idempotent: Sanitize(Sanitize(s)) == Sanitize(s). The policy is applied
// until the output no longer changes, since removing an element can join text
// into something the next pass reads differently.
func Sanitize(html string) string {
	once.Do(build)
	out := policy.Sanitize(html)
	for i := 1; i < maxPasses; i++ {
		next := policy.Sanitize(out)
		if next == out {
			break
		}
		out = next
	}
	return out
}

// SanitizeBlocks sanitises the HTML of every rich-text block in place. Call it on
// an editor's blocks before content.ValidateBlocks and before storing them.
func SanitizeBlocks(blocks []content.Block) {
	for _, b := range blocks {
		if rt, ok := b.(*content.RichTextBlock); ok && rt != nil {
			rt.HTML = Sanitize(rt.HTML)
		}
	}
}
