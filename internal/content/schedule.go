package content

import (
	"context"
	"time"
)

// ScheduleAction is what a scheduled change does to an item.
type ScheduleAction string

// Scheduled actions.
const (
	SchedulePublish   ScheduleAction = "publish"
	ScheduleUnpublish ScheduleAction = "unpublish"
)

// Valid reports whether a is a known action.
func (a ScheduleAction) Valid() bool { return a == SchedulePublish || a == ScheduleUnpublish }

// Audit actions of scheduling.
const (
	ActionSchedule       = "schedule"
	ActionCancelSchedule = "cancelSchedule"
	ActionScheduleFailed = "scheduleFailed"
)

// Schedule is a publish or unpublish of an item at an instant, carried out by a
// background job once, on whichever server is running then.
type Schedule struct {
	ItemKind string // KindPage
	ItemID   int64
	Action   ScheduleAction
	At       time.Time // UTC
	// ExpectedVersion, when set, is the only version the job will publish: a
	// draft changed after scheduling is left alone (the job records why in the
	// audit log). Nil publishes the draft as it is at the time.
	ExpectedVersion *int
	ScheduledBy     Actor // ID and e-mail
	CreatedAt       time.Time
	JobID           int64
}

// Scheduler schedules publishing. Implementations check that the item exists
// (and is at expectedVersion, when given) and record every change in the audit
// log.
type Scheduler interface {
	// Schedule replaces any pending schedule of the same action on the item.
	// Errors: BAD_USER_INPUT, NOT_FOUND, CONFLICT.
	Schedule(ctx context.Context, kind string, id int64, action ScheduleAction, at time.Time, expectedVersion *int) (*Schedule, error)
	// CancelSchedule cancels the pending schedule of action on the item; with
	// at, only if it is still the one due at that instant. Errors: NOT_FOUND
	// when nothing is scheduled, CONFLICT when at is not the pending one's.
	CancelSchedule(ctx context.Context, kind string, id int64, action ScheduleAction, at *time.Time) error
	// Schedules returns an item's pending schedules, soonest first.
	Schedules(ctx context.Context, kind string, id int64) ([]*Schedule, error)
}
