// Package richtext sanitises editors' HTML before it is stored: what is kept is
// paragraphs, headings, lists, emphasis, quotes and links (http, https, mailto, tel).
package richtext

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

var (
	once   sync.Once
	policy *bluemonday.Policy
)

func build() {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
		"strong", "em", "b", "i", "blockquote", "abbr", "sub", "sup")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").Matching(regexp.MustCompile(`^[\p{L}\p{N}\s.,:;!?'"()–-]{0,200}$`)).OnElements("a", "abbr")
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnFullyQualifiedLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	policy = p
}

// Sanitize returns html with everything outside the allowed subset removed.
func Sanitize(html string) string {
	once.Do(build)
	return policy.Sanitize(html)
}
