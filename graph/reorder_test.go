package graph_test

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/radhus/radhus/internal/content"
)

const reorderMutation = `mutation($p: ID, $ids: [ID!]!, $vs: [Int!]!) {
	reorderPages(parentId: $p, pageIds: $ids, expectedVersions: $vs) { pages { id version } } }`

// Reordering carries each page's version: a page changed since the editor read
// the list is a CONFLICT naming it and its version, and nothing is written.
func TestReorderPagesChecksVersions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	editor := b.signIn(t, content.RoleEditor)
	ref, other := b.draftOf(t, demoReference), b.draftOf(t, 5)
	ids := []string{pageGID(ref.ID), pageGID(other.ID)}
	vars := func(vs ...int) map[string]any {
		return map[string]any{"p": pageGID(demoLibrary), "ids": ids, "vs": vs}
	}

	// Someone else saves the second page after the list was read.
	if r := b.doAs(t, editor, `mutation($id: ID!, $v: Int!) { updatePage(id: $id, expectedVersion: $v, input: {summary: "Ny"}) { page { version } } }`,
		idVersion(other)); r.code(t) != "" {
		t.Fatal(r.Errors)
	}
	before := b.snapshot(t)
	r := b.doAs(t, editor, reorderMutation, vars(ref.Version, other.Version))
	if r.code(t) != content.ECONFLICT || r.Errors[0].Extensions.Field != "expectedVersions[1]" ||
		r.Errors[0].Extensions.CurrentVersion != other.Version+1 {
		t.Fatalf("stale reorder: %+v, want CONFLICT on expectedVersions[1] with version %d", r.Errors, other.Version+1)
	}
	if diff := cmp.Diff(before, b.snapshot(t)); diff != "" {
		t.Errorf("a stale reorder changed the database:\n%s", diff)
	}
	if r := b.doAs(t, editor, reorderMutation, vars(ref.Version)); r.code(t) != content.EINVALID || r.Errors[0].Extensions.Field != "expectedVersions" {
		t.Errorf("one version for two pages: %+v, want BAD_USER_INPUT on expectedVersions", r.Errors)
	}

	// With the current versions it is written, and every page's version rises.
	var out struct {
		ReorderPages struct {
			Pages []struct {
				ID      string
				Version int
			}
		}
	}
	b.queryAs(t, editor, reorderMutation, vars(ref.Version, other.Version+1), &out)
	want := []struct {
		ID      string
		Version int
	}{{ids[0], ref.Version + 1}, {ids[1], other.Version + 2}}
	if diff := cmp.Diff(want, out.ReorderPages.Pages); diff != "" {
		t.Errorf("reordered pages (-want +got):\n%s", diff)
	}

	// Two editors reorder from the same versions at once: one wins each round.
	for round := 0; round < 20; round++ {
		vs := []int{b.draftOf(t, ref.ID).Version, b.draftOf(t, other.ID).Version}
		var wg sync.WaitGroup
		codes := make([]string, 2)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = b.doAs(t, editor, reorderMutation, vars(vs...)).code(t)
			}()
		}
		wg.Wait()
		if !(codes[0] == "" && codes[1] == content.ECONFLICT || codes[0] == content.ECONFLICT && codes[1] == "") {
			t.Fatalf("round %d: %q, want one success and one CONFLICT", round, codes)
		}
		if v := b.draftOf(t, ref.ID).Version; v != vs[0]+1 {
			t.Fatalf("round %d: version %d, want %d", round, v, vs[0]+1)
		}
	}
}
