package content

import "testing"

func TestUnmarshalBlocksSkipping(t *testing.T) {
	good := `{"type":"heading","text":"Hej","level":2}`
	blocks, errs := UnmarshalBlocksSkipping([]byte(`[` + good + `,{"type":"nope"},{"type":"heading","level":"two"},` + good + `]`))
	if len(blocks) != 2 || len(errs) != 2 {
		t.Fatalf("got %d blocks and errors %v, want 2 blocks and 2 errors", len(blocks), errs)
	}
	if h, ok := blocks[1].(*HeadingBlock); !ok || h.Text != "Hej" {
		t.Errorf("blocks[1] = %#v", blocks[1])
	}
	blocks, errs = UnmarshalBlocksSkipping([]byte(`{not json`))
	if blocks == nil || len(blocks) != 0 || len(errs) != 1 {
		t.Errorf("undecodable array: %v, %v", blocks, errs)
	}
}
