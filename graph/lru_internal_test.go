package graph

import (
	"fmt"
	"testing"
)

func TestLRUStaysWithinItsBudget(t *testing.T) {
	c := newLRU[string, []byte](64 << 10)
	for i := range 1000 {
		if !c.add(fmt.Sprint(i), make([]byte, 1000), 1000) {
			t.Fatalf("entry %d not kept", i)
		}
		if s := c.stats(); s.Bytes > s.Budget {
			t.Fatalf("after %d entries: %d bytes, budget %d", i+1, s.Bytes, s.Budget)
		}
	}
	// The most recent entries are kept, the oldest evicted.
	if _, ok := c.get("999"); !ok {
		t.Error("the newest entry was evicted")
	}
	if _, ok := c.get("0"); ok {
		t.Error("the oldest entry is still there")
	}
	// A used entry survives newer ones.
	c.get("950")
	for i := 1000; i < 1040; i++ {
		c.add(fmt.Sprint(i), make([]byte, 1000), 1000)
	}
	if _, ok := c.get("950"); !ok {
		t.Error("a recently used entry was evicted before older ones")
	}
	if c.add("huge", nil, 9<<10) {
		t.Error("an entry over an eighth of the budget was kept")
	}
	s := c.stats()
	if s.Hits != 3 || s.Misses != 1 || s.Evictions == 0 || s.Entries == 0 {
		t.Errorf("stats = %+v", s)
	}
	c.clear()
	if s := c.stats(); s.Entries != 0 || s.Bytes != 0 {
		t.Errorf("after clear: %+v", s)
	}
}

func TestLRUBoundsItsEntries(t *testing.T) {
	c := newLRU[string, string](1 << 20)
	c.maxItems = 10
	for i := range 100 {
		c.add(fmt.Sprint(i), "q", 1)
	}
	if n := c.stats().Entries; n != 10 {
		t.Errorf("%d entries, want 10", n)
	}
}
