package graph

import (
	"strings"
	"testing"
)

func TestLeadingOperationName(t *testing.T) {
	for doc, want := range map[string]string{
		"query Page { page }":                      "Page",
		"\ufeff # comment\n mutation M($x: Int) {": "M",
		"{ page }":                  "",
		"query { page }":            "",
		"subscription S_1{":         "S_1",
		"fragment F on Page { id }": "",
		"query 1x":                  "",
	} {
		if got := leadingOperationName(doc); got != want {
			t.Errorf("leadingOperationName(%q) = %q, want %q", doc, got, want)
		}
	}
}

// FuzzLeadingOperationName: the name read from a document's start is a
// GraphQL name found in the document, or "".
func FuzzLeadingOperationName(f *testing.F) {
	for _, s := range []string{"query Page { page }", "mutation", "query\n#x\nQ", "\ufeffquery A", "{", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		name := leadingOperationName(doc)
		if name == "" {
			return
		}
		if !strings.Contains(doc, name) || strings.ContainsAny(name, " \t\n{}()#,") || name[0] >= '0' && name[0] <= '9' {
			t.Fatalf("leadingOperationName(%q) = %q", doc, name)
		}
	})
}
