package postgres

import (
	"encoding/json"
	"sync"
)

// decodeCache keeps items decoded from the JSON of page views, keyed by the
// bytes they came from, as blockCache keeps blocks: equal bytes decode to equal
// items, so an entry is never stale. The same contacts and schedules come with
// most pages; decoding their JSON again was a fifth of the server's time for a
// page. Cached items are shared between requests and must not be modified.
type decodeCache[T any] struct {
	mu       sync.RWMutex
	entries  map[string]T
	size     int // bytes of keys held
	maxBytes int
}

func newDecodeCache[T any](maxBytes int) *decodeCache[T] {
	return &decodeCache[T]{entries: make(map[string]T), maxBytes: maxBytes}
}

// get returns the item raw encodes, decoding it with decode the first time.
func (c *decodeCache[T]) get(raw []byte, decode func([]byte) (T, error)) (T, error) {
	c.mu.RLock()
	v, ok := c.entries[string(raw)]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := decode(raw)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size+len(raw) > c.maxBytes {
		clear(c.entries) // as blockCache: simpler than an LRU, one decode per item
		c.size = 0
	}
	if _, ok := c.entries[string(raw)]; !ok {
		c.entries[string(raw)] = v
		c.size += len(raw)
	}
	return v, nil
}

// each decodes a JSON array (NULL: none) item by item through the cache.
func (c *decodeCache[T]) each(raw []byte, decode func([]byte) (T, error)) ([]T, error) {
	if raw == nil {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	out := make([]T, len(items))
	for i, item := range items {
		var err error
		if out[i], err = c.get(item, decode); err != nil {
			return nil, err
		}
	}
	return out, nil
}
