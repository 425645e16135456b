package postgres

import (
	"sync"

	"github.com/radhus/radhus/internal/content"
)

// blockCache keeps decoded blocks of page variants, keyed by page, locale,
// version and update time. The key changes with every saved change, so an entry
// is never stale and nothing needs invalidating; decoding the blocks' JSON was
// the largest cost of serving a page. Cached blocks are shared and must not be
// modified.
type blockCache struct {
	mu      sync.RWMutex
	entries map[blockKey][]content.Block
	max     int
}

type blockKey struct {
	page    int64
	locale  string
	version int
	updated int64
}

func newBlockCache(max int) *blockCache {
	return &blockCache{entries: make(map[blockKey][]content.Block), max: max}
}

func (c *blockCache) get(k blockKey) ([]content.Block, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.entries[k]
	return b, ok
}

func (c *blockCache) put(k blockKey, b []content.Block) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		// Old versions pile up as pages change; starting afresh is simpler than
		// an LRU and costs one decode per page.
		clear(c.entries)
	}
	c.entries[k] = b
}

// decode returns the blocks of a page variant from raw JSON, from the cache when
// the same version was decoded before.
func (c *blockCache) decode(p *content.Page, raw []byte) ([]content.Block, error) {
	k := blockKey{page: p.ID, locale: p.Locale, version: p.Version, updated: p.UpdatedAt.UnixNano()}
	if b, ok := c.get(k); ok {
		return b, nil
	}
	b, err := content.UnmarshalBlocks(raw)
	if err != nil {
		return nil, err
	}
	c.put(k, b)
	return b, nil
}
