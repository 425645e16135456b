package richtext

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"pgregory.net/rapid"

	"github.com/radhus/radhus/internal/content"
)

// xssCorpus holds ways to smuggle script into HTML: script and style elements,
// event handlers, javascript:, vbscript: and data: URLs (plain, encoded, split
// by whitespace or entities), SVG and MathML, frames, objects, forms, meta
// refresh, base, templates, comments and broken markup.
var xssCorpus = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//xss.example/x.js></SCRIPT>`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<<script>script>alert(1)<</script>/script>`,
	`<p onclick="alert(1)">klick</p>`,
	`<p ONMOUSEOVER=alert(1)>x</p>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="javascript:alert(1)">`,
	`<body onload=alert(1)>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="JaVaScRiPt:alert(1)">x</a>`,
	`<a href=" javascript:alert(1)">x</a>`,
	`<a href="java&#x09;script:alert(1)">x</a>`,
	`<a href="java&#9;script:alert(1)">x</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
	`<a href="&#x6A;avascript:alert(1)">x</a>`,
	`<a href="javascript&colon;alert(1)">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
	`<a href="//xss.example/">x</a>`,
	`<a href="/\xss.example/">x</a>`,
	`<a href="https://ok.example/" onclick="alert(1)" style="x:expression(alert(1))">x</a>`,
	`<a href="https://ok.example/" target="_blank" formaction="javascript:alert(1)">x</a>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
	`<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x"/></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>`,
	`<embed src="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><button>x</button></form>`,
	`<input onfocus=alert(1) autofocus>`,
	`<details open ontoggle=alert(1)>`,
	`<video><source onerror=alert(1)></video>`,
	`<audio src=x onerror=alert(1)>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<link rel=stylesheet href="javascript:alert(1)">`,
	`<style>@import 'javascript:alert(1)';</style>`,
	`<p style="background:url(javascript:alert(1))">x</p>`,
	`<div style="behavior: url(x.htc)">x</div>`,
	`<template><script>alert(1)</script></template>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<!--<script>alert(1)</script>-->`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`<p title="x" onclick="alert(1)">x</p>`,
	`<abbr title="&quot; onmouseover=alert(1) x=&quot;">x</abbr>`,
	`<a href="https://ok.example/&quot; onclick=&quot;alert(1)">x</a>`,
	`<img src="x` + "`" + ` onerror=alert(1)">`,
	`<x onclick=alert(1)>x</x>`,
	`<p>ok</p><script>alert(1)`,
	`<a href="https://ok.example/">unclosed`,
	`<h2 id="x" class="y">rubrik</h2>`,
}

// allowedElements are the elements Sanitize may leave.
var allowedElements = map[string]bool{
	"p": true, "br": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "strong": true, "em": true, "b": true, "i": true,
	"blockquote": true, "abbr": true, "sub": true, "sup": true, "a": true,
}

// executable returns why h, parsed as a browser would, could run script or
// load something, or "" when it cannot.
func executable(t *testing.T, h string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(h), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return "unparseable: " + err.Error()
	}
	var why string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if why != "" {
			return
		}
		switch n.Type {
		case html.CommentNode:
			why = "comment"
		case html.ElementNode:
			if !allowedElements[n.Data] || n.Namespace != "" {
				why = "element " + n.Data
				return
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "href" && n.Data == "a":
					if !safeHref(a.Val) {
						why = "href " + a.Val
					}
				case a.Key == "title" && (n.Data == "a" || n.Data == "abbr"):
				default:
					why = "attribute " + a.Key + " on " + n.Data
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return why
}

// safeHref reports whether a decoded href is http(s), mailto, tel or a path on
// this site.
func safeHref(v string) bool {
	if strings.HasPrefix(v, "/") {
		return !strings.HasPrefix(v, "//") && !strings.HasPrefix(v, `/\`)
	}
	lower := strings.ToLower(v)
	for _, s := range []string{"http://", "https://", "mailto:", "tel:"} {
		if strings.HasPrefix(lower, s) {
			return true
		}
	}
	return false
}

func TestSanitizeXSSCorpus(t *testing.T) {
	t.Parallel()
	for _, in := range xssCorpus {
		out := Sanitize(in)
		if why := executable(t, out); why != "" {
			t.Errorf("Sanitize(%q) = %q: %s", in, out, why)
		}
		if strings.Contains(strings.ToLower(out), "<script") || strings.Contains(strings.ToLower(out), "<svg") {
			t.Errorf("Sanitize(%q) = %q keeps markup", in, out)
		}
		if again := Sanitize(out); again != out {
			t.Errorf("Sanitize not idempotent on %q: %q, then %q", in, out, again)
		}
	}
}

// The checker itself must catch what the corpus is about.
func TestExecutableCatches(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{`<script>x</script>`, `<p onclick=x>a</p>`, `<a href="javascript:x">a</a>`,
		`<svg></svg>`, `<a href="//x.example">a</a>`, `<img src=x>`, `<!-- x -->`, `<p style="x">a</p>`} {
		if executable(t, bad) == "" {
			t.Errorf("executable(%q) = \"\", want a reason", bad)
		}
	}
	if why := executable(t, `<p>Hej <a href="/bibliotek" title="Biblioteket">här</a> och <a href="tel:+4658661000">ring</a></p>`); why != "" {
		t.Errorf("executable(safe) = %q", why)
	}
}

func TestSanitizeKeepsSafeMarkup(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`<p>Hej <strong>världen</strong></p>`,
		`<h2>Så vad händer nu?</h2><ul><li>ett</li><li><em>två</em></li></ul>`,
		`<p><a href="https://karlskoga.se/">k</a> <a href="/kultur-och-fritid/bibliotek">b</a> <a href="mailto:kommun@karlskoga.se">e</a> <a href="tel:+4658661000">t</a></p>`,
		`<blockquote>Citat</blockquote><p>H<sub>2</sub>O, x<sup>2</sup>, <abbr title="Sveriges kommuner och regioner">SKR</abbr></p>`,
	} {
		if got := Sanitize(in); got != in {
			t.Errorf("Sanitize(%q) = %q, want it unchanged", in, got)
		}
	}
}

// Sanitising twice changes nothing, for any mix of markup fragments.
func TestSanitizeIdempotent(t *testing.T) {
	t.Parallel()
	pieces := []string{"<", ">", "</", "/>", "<p>", "</p>", "<a href=\"", "\">", "<script>", "</script>",
		"<svg>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "&", "&amp;", "&lt;", "&#", "x", "å", " ",
		"\"", "'", "=", "onclick=", "javascript:", "https://a.se/", "/sida", "<b>", "</b>", "<li>",
		"<textarea>", "<title>", "<noscript>", "<iframe>", "<math>", "<table>", "\x00", "\n"}
	rapid.Check(t, func(t *rapid.T) {
		parts := rapid.SliceOfN(rapid.SampledFrom(pieces), 0, 40).Draw(t, "parts")
		in := strings.Join(parts, "")
		once := Sanitize(in)
		if twice := Sanitize(once); twice != once {
			t.Fatalf("Sanitize(%q) = %q, Sanitize of that = %q", in, once, twice)
		}
	})
}

func TestSanitizeBlocks(t *testing.T) {
	t.Parallel()
	blocks := []content.Block{
		&content.HeadingBlock{Text: "<b>stays text</b>", Level: 2},
		&content.RichTextBlock{HTML: `<p onclick="x()">a</p><script>alert(1)</script>`},
	}
	SanitizeBlocks(blocks)
	if got := blocks[1].(*content.RichTextBlock).HTML; got != "<p>a</p>" {
		t.Errorf("rich text = %q, want <p>a</p>", got)
	}
	if got := blocks[0].(*content.HeadingBlock).Text; got != "<b>stays text</b>" {
		t.Errorf("heading = %q, plain text is escaped when served, not here", got)
	}
}
