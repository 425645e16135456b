package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/demo"
)

// A stored block that does not decode is left out of its page; the page, and
// the lists that show it, are still served.
func TestBadStoredBlock(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if _, err := b.pool.Exec(context.Background(),
		`UPDATE page_contents SET blocks = '[{"type":"heading","text":"Kvar","level":2},{"type":"nope"},{"type":"heading","level":"two"}]'::jsonb
		 WHERE path = $1`, demo.ReferencePath); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Page struct {
			Title  string
			Blocks []struct{ Text string }
		}
	}
	b.query(t, `query($p: String!) { page(path: $p) { title blocks { ... on HeadingBlock { text } } } }`, map[string]any{"p": demo.ReferencePath}, &got)
	if len(got.Page.Blocks) != 1 || got.Page.Blocks[0].Text != "Kvar" {
		t.Errorf("blocks = %+v, want the one that decodes", got.Page.Blocks)
	}
	r := b.do(t, `{ pages(first: 100) { nodes { title } } }`, nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Medborgardialogen") {
		t.Errorf("the list with the page: %+v %.200s", r.Errors, r.Data)
	}
}
