package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/postgres"
)

// scheduleWorker carries out a scheduled publish or unpublish.
type scheduleWorker struct {
	river.WorkerDefaults[scheduleArgs]
	r *Runner
}

// Work publishes (or unpublishes) the item, removes the schedule and completes
// the job in one transaction, as the person who scheduled it. A job whose
// schedule is gone (cancelled, replaced, or done by an earlier run that died
// before River heard of it) does nothing. A change the content refuses (the page
// is gone, or changed since an expectedVersion was given) is recorded in the
// audit log and the job is cancelled rather than retried.
func (w *scheduleWorker) Work(ctx context.Context, job *river.Job[scheduleArgs]) error {
	r := w.r
	var s *content.Schedule
	err := postgres.InTx(ctx, r.db, func(tx pgx.Tx) error {
		var ok bool
		var err error
		if s, ok, err = r.schedules.LockForJob(ctx, tx, job.ID); err != nil || !ok {
			return err
		}
		actx := content.WithActor(ctx, content.Actor{ID: s.ScheduledBy.ID, Email: s.ScheduledBy.Email, Role: content.RolePublisher})
		v := 0
		if s.ExpectedVersion != nil {
			v = *s.ExpectedVersion
		} else if v, err = r.publisher.PageVersion(actx, tx, s.ItemID); err != nil {
			return err
		}
		switch s.Action {
		case content.SchedulePublish:
			_, err = r.publisher.PublishPage(actx, tx, s.ItemID, v)
		case content.ScheduleUnpublish:
			_, err = r.publisher.UnpublishPage(actx, tx, s.ItemID, v)
		default:
			err = fmt.Errorf("unknown action %q", s.Action)
		}
		if err != nil {
			return err
		}
		if err := r.schedules.Delete(ctx, tx, job.ID); err != nil {
			return err
		}
		_, err = river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		return err
	})
	var ce *content.Error
	if s == nil || !errors.As(err, &ce) {
		return err // nil, or retried later
	}
	r.log.WarnContext(ctx, "scheduled change refused", "job", job.ID, "action", s.Action,
		"kind", s.ItemKind, "item", s.ItemID, "err", err)
	if ferr := r.recordFailure(ctx, job.ID, s, ce); ferr != nil {
		return ferr
	}
	return river.JobCancel(err)
}

// recordFailure removes the schedule of a refused change and says why in the
// audit log.
func (r *Runner) recordFailure(ctx context.Context, jobID int64, s *content.Schedule, cause *content.Error) error {
	return postgres.InTx(ctx, r.db, func(tx pgx.Tx) error {
		cur, ok, err := r.schedules.LockForJob(ctx, tx, jobID)
		if err != nil || !ok {
			return err
		}
		if err := r.schedules.Delete(ctx, tx, jobID); err != nil {
			return err
		}
		actx := content.WithActor(ctx, content.Actor{ID: cur.ScheduledBy.ID, Email: cur.ScheduledBy.Email, Role: content.RolePublisher})
		return r.publisher.Audit(actx, tx, content.ActionScheduleFailed, s.ItemKind, s.ItemID, 0,
			string(s.Action)+" scheduled for "+s.At.Format("2006-01-02T15:04:05Z")+" not done: "+cause.Message)
	})
}

// collectBlobsArgs is the periodic collection of released blobs. River runs
// periodic jobs from its elected leader only, so one server collects at a
// time; a second run at once would be harmless (each blob is deleted under its
// lock, after checking that no state refers to it).
type collectBlobsArgs struct{}

func (collectBlobsArgs) Kind() string { return "radhus.collect_blobs" }

// collectWorker deletes blobs released longer than the grace period ago that
// no state refers to.
type collectWorker struct {
	river.WorkerDefaults[collectBlobsArgs]
	r *Runner
}

func (w *collectWorker) Work(ctx context.Context, job *river.Job[collectBlobsArgs]) error {
	n, err := w.r.blobs.CollectBlobs(ctx, w.r.now().Add(-w.r.blobGrace))
	if n > 0 {
		w.r.log.InfoContext(ctx, "released blobs deleted", "count", n)
	}
	return err
}
