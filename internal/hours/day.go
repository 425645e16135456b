package hours

import "time"

// Source says which layer of the schedule decided a day's hours.
type Source string

// Sources, from lowest to highest precedence.
const (
	SourceRegular   Source = "REGULAR"
	SourceSeasonal  Source = "SEASONAL"
	SourceHoliday   Source = "HOLIDAY"
	SourceException Source = "EXCEPTION"
)

// Kind says what kind of day a date is in the Swedish calendar, whatever
// the schedule does with it.
type Kind string

// Kinds of day. A date that is both the day before a public holiday and
// itself an eve or a holiday (julafton, juldagen) is of the more specific
// kind, EVE or PUBLIC_HOLIDAY.
const (
	KindOrdinary  Kind = "ORDINARY"
	KindPublic    Kind = "PUBLIC_HOLIDAY"
	KindEve       Kind = "EVE"
	KindDayBefore Kind = "DAY_BEFORE_HOLIDAY"
)

// Day is the resolved opening hours of one civil date.
type Day struct {
	Date      Date     `json:"date"`
	Intervals []Span   `json:"intervals"` // local wall time, in order; an overnight span belongs to the day it opens
	Source    Source   `json:"source"`
	Kind      Kind     `json:"kind"`
	Reason    Text     `json:"reason,omitzero"`   // exception reason, holiday/eve name, or "Dag före <helgdag>"
	Holiday   *Holiday `json:"holiday,omitempty"` // set on public holidays and eves, whatever the policy
	Before    *Holiday `json:"before,omitempty"`  // on a DAY_BEFORE_HOLIDAY, the holiday it precedes
}

// Closed reports whether the day has no opening at all.
func (d Day) Closed() bool { return len(d.Intervals) == 0 }

// Span is one opening of a day, both as published wall-clock times and as
// real instants in the schedule's zone.
type Span struct {
	Opens     string    `json:"opens"`  // "HH:MM"
	Closes    string    `json:"closes"` // "HH:MM"; "24:00" for midnight at the end of the day
	Overnight bool      `json:"overnight,omitempty"`
	OpensAt   time.Time `json:"opensAt"`
	ClosesAt  time.Time `json:"closesAt"`
}
