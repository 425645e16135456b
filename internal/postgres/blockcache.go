package postgres

import (
	"log/slog"
	"sync"

	"github.com/radhus/radhus/internal/content"
)

// blockCache keeps decoded blocks keyed by the stored JSON itself: equal bytes
// decode to equal blocks, so an entry can never be stale, whatever changed
// around it (a draft and its published copy with the same blocks share one
// entry). Decoding the blocks' JSON was the largest cost of serving a page.
// Cached blocks are shared and must not be modified.
type blockCache struct {
	mu       sync.RWMutex
	entries  map[string][]content.Block
	size     int // bytes of keys held
	maxBytes int
}

func newBlockCache(maxBytes int) *blockCache {
	return &blockCache{entries: make(map[string][]content.Block), maxBytes: maxBytes}
}

// decode returns the blocks that raw encodes, from the cache when the same
// bytes were decoded before.
func (c *blockCache) decode(raw []byte) ([]content.Block, error) {
	c.mu.RLock()
	b, ok := c.entries[string(raw)] // no copy: the compiler looks up without allocating
	c.mu.RUnlock()
	if ok {
		return b, nil
	}
	// A block that does not decode is logged and left out (once: the
	// result is cached), rather than failing its page and every list
	// that shows the page.
	b, errs := content.UnmarshalBlocksSkipping(raw)
	for _, err := range errs {
		slog.Error("a stored block does not decode; it is left out", "err", err)
	}
	if len(raw) > c.maxBytes/64 {
		return b, nil // too large to be worth keeping
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size+len(raw) > c.maxBytes {
		// Old versions pile up as pages change; starting afresh is simpler than
		// an LRU and costs one decode per page.
		clear(c.entries)
		c.size = 0
	}
	if _, ok := c.entries[string(raw)]; !ok {
		c.entries[string(raw)] = b
		c.size += len(raw)
	}
	return b, nil
}
