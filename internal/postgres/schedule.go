package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

// Schedules keeps scheduled publishing: one row per item and action, naming the
// job that carries it out. Every method runs on the executor it is given, so
// that a schedule, its job and the change it makes share one transaction.
type Schedules struct{}

const scheduleColumns = `item_kind, item_id, action, at, expected_version, job_id, actor_id, actor_email, created_at`

func scanSchedule(row pgx.Row) (*content.Schedule, error) {
	s := &content.Schedule{}
	var action string
	err := row.Scan(&s.ItemKind, &s.ItemID, &action, &s.At, &s.ExpectedVersion, &s.JobID,
		&s.ScheduledBy.ID, &s.ScheduledBy.Email, &s.CreatedAt)
	s.Action = content.ScheduleAction(action)
	s.At, s.CreatedAt = s.At.UTC(), s.CreatedAt.UTC()
	return s, err
}

// Lock returns the pending schedule of an item's action, locked until db's
// transaction ends; ok is false when there is none.
func (Schedules) Lock(ctx context.Context, db DB, kind string, id int64, action content.ScheduleAction) (s *content.Schedule, ok bool, err error) {
	s, err = scanSchedule(db.QueryRow(ctx, `SELECT `+scheduleColumns+` FROM schedules
		WHERE item_kind = $1 AND item_id = $2 AND action = $3 FOR UPDATE`, kind, id, string(action)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, interpretError(err, "schedule")
	}
	return s, true, nil
}

// LockForJob returns the schedule that job carries out, locked until db's
// transaction ends; ok is false when the schedule was cancelled, replaced by
// another job or already carried out.
func (Schedules) LockForJob(ctx context.Context, db DB, jobID int64) (s *content.Schedule, ok bool, err error) {
	s, err = scanSchedule(db.QueryRow(ctx, `SELECT `+scheduleColumns+` FROM schedules
		WHERE job_id = $1 FOR UPDATE`, jobID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, interpretError(err, "schedule")
	}
	return s, true, nil
}

// Put stores s, replacing a pending schedule of the same item and action.
func (Schedules) Put(ctx context.Context, db DB, s *content.Schedule) error {
	_, err := db.Exec(ctx, `INSERT INTO schedules (`+scheduleColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (item_kind, item_id, action) DO UPDATE SET at = EXCLUDED.at,
			expected_version = EXCLUDED.expected_version, job_id = EXCLUDED.job_id,
			actor_id = EXCLUDED.actor_id, actor_email = EXCLUDED.actor_email, created_at = EXCLUDED.created_at`,
		s.ItemKind, s.ItemID, string(s.Action), s.At.UTC(), s.ExpectedVersion, s.JobID,
		s.ScheduledBy.ID, s.ScheduledBy.Email, s.CreatedAt.UTC())
	return interpretError(err, "schedule")
}

// Delete removes the schedule that job carries out.
func (Schedules) Delete(ctx context.Context, db DB, jobID int64) error {
	_, err := db.Exec(ctx, `DELETE FROM schedules WHERE job_id = $1`, jobID)
	return interpretError(err, "schedule")
}

// Of returns the pending schedules of items of one kind, soonest first.
func (Schedules) Of(ctx context.Context, db DB, kind string, ids []int64) ([]*content.Schedule, error) {
	rows, err := db.Query(ctx, `SELECT `+scheduleColumns+` FROM schedules
		WHERE item_kind = $1 AND item_id = ANY($2) ORDER BY at, action`, kind, ids)
	if err != nil {
		return nil, interpretError(err, "schedules")
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*content.Schedule, error) { return scanSchedule(r) })
	return out, interpretError(err, "schedules")
}

// PageVersion returns a page's current version, on db. Errors: NOT_FOUND (no
// such page, or in the trash).
func (s *Store) PageVersion(ctx context.Context, db DB, id int64) (int, error) {
	var v int
	err := db.QueryRow(ctx, `SELECT version FROM pages WHERE id = $1 AND deleted_at IS NULL`, id).Scan(&v)
	return v, interpretError(err, "page")
}
