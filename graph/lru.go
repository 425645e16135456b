package graph

import (
	"container/list"
	"sync"
)

// CacheStats describe a cache, for metrics.
type CacheStats struct {
	Entries   int
	Bytes     int64 // estimated memory held by the entries
	Budget    int64 // the most Bytes may reach
	Hits      uint64
	Misses    uint64
	Evictions uint64
}

// lru is a map bounded in bytes: adding past the budget evicts the least
// recently used entries. Every cache of the GraphQL layer is one.
type lru[K comparable, V any] struct {
	mu        sync.Mutex
	budget    int64
	maxItems  int // 0: no bound but the budget
	bytes     int64
	order     *list.List // front: most recently used
	items     map[K]*list.Element
	hits      uint64
	misses    uint64
	evictions uint64
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	size int64
}

// lruOverhead is the memory an entry takes besides its value: the list
// element, the map slot and the key.
const lruOverhead = 160

func newLRU[K comparable, V any](budget int64) *lru[K, V] {
	return &lru[K, V]{budget: budget, order: list.New(), items: map[K]*list.Element{}}
}

// get returns the value under key and counts a hit or a miss.
func (c *lru[K, V]) get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		c.misses++
		var zero V
		return zero, false
	}
	c.hits++
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry[K, V]).val, true
}

// peek returns the value under key without counting it or refreshing it.
func (c *lru[K, V]) peek(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		return e.Value.(*lruEntry[K, V]).val, true
	}
	var zero V
	return zero, false
}

// add keeps val under key, size being an estimate of its memory; it evicts
// until the cache fits its budget. A value larger than an eighth of the
// budget is not kept, so that one entry cannot empty the cache.
func (c *lru[K, V]) add(key K, val V, size int64) bool {
	size += lruOverhead
	if size > c.budget/8 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.remove(e)
	}
	for c.bytes+size > c.budget || (c.maxItems > 0 && len(c.items) >= c.maxItems) {
		c.remove(c.order.Back())
		c.evictions++
	}
	c.items[key] = c.order.PushFront(&lruEntry[K, V]{key: key, val: val, size: size})
	c.bytes += size
	return true
}

func (c *lru[K, V]) remove(e *list.Element) {
	en := e.Value.(*lruEntry[K, V])
	c.order.Remove(e)
	delete(c.items, en.key)
	c.bytes -= en.size
}

// clear empties the cache.
func (c *lru[K, V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
	c.bytes = 0
}

func (c *lru[K, V]) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.items), Bytes: c.bytes, Budget: c.budget,
		Hits: c.hits, Misses: c.misses, Evictions: c.evictions}
}
