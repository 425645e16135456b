package hours

import "time"

// Clock supplies the current instant. The engine itself never reads the
// time; callers resolve "now" through a Clock so tests can pin it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock always returns the same instant; use it in tests:
// hours.FixedClock(time.Date(2026, 11, 24, 12, 0, 0, 0, loc)).
type FixedClock time.Time

// Now returns the fixed instant.
func (f FixedClock) Now() time.Time { return time.Time(f) }
