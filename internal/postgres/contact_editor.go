package postgres

import (
	"context"
	"strings"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/hours"
)

// ContactEditor returns the content.ContactEditor of the store, on its pool.
func (s *Store) ContactEditor() content.ContactEditor { return contactEditor{s} }

type contactEditor struct{ s *Store }

func (e contactEditor) CreateContact(ctx context.Context, c *content.Contact) (*content.Contact, error) {
	return e.s.CreateContactDraft(ctx, e.s.db, c)
}

func (e contactEditor) UpdateContact(ctx context.Context, id int64, v int, c *content.Contact) (*content.Contact, error) {
	return e.s.UpdateContactDraft(ctx, e.s.db, id, v, c)
}

func (e contactEditor) DeleteContact(ctx context.Context, id int64, v int) error {
	return e.s.DeleteContact(ctx, e.s.db, id, v)
}

func (e contactEditor) PublishContact(ctx context.Context, id int64, v int) (*content.Contact, error) {
	return e.s.PublishContact(ctx, e.s.db, id, v)
}

func (e contactEditor) UnpublishContact(ctx context.Context, id int64, v int) (*content.Contact, error) {
	return e.s.UnpublishContact(ctx, e.s.db, id, v)
}

func (e contactEditor) AddOpeningHours(ctx context.Context, contactID int64, position int, sched hours.Schedule) (*content.OpeningHours, error) {
	return e.s.CreateOpeningHoursDraft(ctx, e.s.db, contactID, position, sched)
}

func (e contactEditor) UpdateOpeningHours(ctx context.Context, id int64, v int, position *int, sched hours.Schedule) (*content.OpeningHours, error) {
	return e.s.UpdateOpeningHoursDraft(ctx, e.s.db, id, v, position, sched)
}

// SetOpeningExceptions reads the draft, replaces its exceptions and saves it
// with expectedVersion, so that a change in between is a CONFLICT, not lost.
func (e contactEditor) SetOpeningExceptions(ctx context.Context, id int64, v int, ex []hours.Exception) (*content.OpeningHours, error) {
	cur, err := e.s.DraftOpeningHours(ctx, e.s.db, id)
	if err != nil {
		return nil, err
	}
	sched := cur.Schedule
	sched.Exceptions = ex
	if err := content.CheckSchedule("schedule", sched); err != nil {
		if ce, ok := err.(*content.Error); ok && strings.HasPrefix(ce.Field, "schedule.exceptions") {
			return nil, &content.Error{Code: ce.Code, Message: ce.Message, Field: strings.TrimPrefix(ce.Field, "schedule.")}
		}
		return nil, err
	}
	return e.s.UpdateOpeningHoursDraft(ctx, e.s.db, id, v, nil, sched)
}

func (e contactEditor) DeleteOpeningHours(ctx context.Context, id int64, v int) error {
	return e.s.DeleteOpeningHours(ctx, e.s.db, id, v)
}
