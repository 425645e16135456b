package hours

import (
	"time"
	_ "time/tzdata" // so Compile accepts every IANA zone even without system zoneinfo
)

// ispan is a validated interval in minutes after the midnight of the day it
// opens. c > o always; overnight intervals have c > minutesPerDay.
type ispan struct {
	o, c          int
	opens, closes string
	overnight     bool
}

// week holds one rule set's intervals per time.Weekday, sorted by opening.
type week [7][]ispan

// season is one seasonal period: all rules sharing the same validity.
type season struct {
	recurring          bool
	fromMD, toMD       int // month*100+day, recurring form
	from, to           Date
	fromN, toN         int // days since epoch, fixed form
	hasFrom, hasTo     bool
	validFrom, validTo string
	week               week
}

// exception is a validated Exception; exceptions never overlap.
type exception struct {
	from, to   Date
	fromN, toN int
	closed     bool
	ivs        []ispan
	reason     Text
}

// dayPolicy is a validated DayPolicy.
type dayPolicy struct {
	mode        string // one of the Mode constants, never ""
	ivs         []ispan
	closesAt    int
	closesAtStr string
}

// Compiled is a validated schedule ready to answer questions. It is
// immutable and safe for concurrent use.
type Compiled struct {
	channel    string
	label      Text
	loc        *time.Location
	regular    week
	seasons    []season
	exceptions []exception // sorted by from
	public     dayPolicy
	eves       dayPolicy
	dayBefore  dayPolicy
	overrides  [numHolidays]*dayPolicy // by holiday id; nil = the general policy
	nOverrides int
}

// Compile validates s and builds its engine. Invalid input yields a
// *FieldError naming the offending field.
func Compile(s Schedule) (*Compiled, error) {
	c, fe := compile(s)
	if fe != nil {
		return nil, fe
	}
	return c, nil
}

// Validate reports whether s is valid; the error is a *FieldError.
func Validate(s Schedule) error {
	_, err := Compile(s)
	return err
}

// MustCompile is Compile for schedules known to be valid (tests, fixtures);
// it panics on invalid input.
func MustCompile(s Schedule) *Compiled {
	c, err := Compile(s)
	if err != nil {
		panic(err)
	}
	return c
}

// Location returns the schedule's time zone.
func (c *Compiled) Location() *time.Location { return c.loc }

// Channel returns the schedule's channel name.
func (c *Compiled) Channel() string { return c.channel }

// Label returns the schedule's label.
func (c *Compiled) Label() Text { return c.label }
