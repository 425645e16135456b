// Package jobs runs Rådhus's background work on River, a job queue in the same
// PostgreSQL: scheduled publishing and unpublishing, and the periodic deletion
// of stored files no document refers to any more. Every server runs a River
// client; River hands each job to one of them, and the job's effect, the
// removal of its schedule and its completion commit in one transaction, so a
// scheduled change happens once however many servers run and whenever they
// restart. A job whose time passed while no server ran runs when one starts.
package jobs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/postgres"
)

// Publisher publishes and unpublishes pages in the caller's transaction and
// writes audit entries; the content store implements it.
type Publisher interface {
	// PublishPage and UnpublishPage: errors NOT_FOUND, CONFLICT (a stale
	// expectedVersion).
	PublishPage(ctx context.Context, db postgres.DB, id int64, expectedVersion int) (*content.Page, error)
	UnpublishPage(ctx context.Context, db postgres.DB, id int64, expectedVersion int) (*content.Page, error)
	// PageVersion returns a page's current version. Errors: NOT_FOUND.
	PageVersion(ctx context.Context, db postgres.DB, id int64) (int, error)
	// Audit records a change made by the actor of ctx.
	Audit(ctx context.Context, db postgres.DB, action, kind string, id int64, version int, summary string) error
}

// Config is what a Runner needs.
type Config struct {
	Pool      *pgxpool.Pool
	Publisher Publisher
	Logger    *slog.Logger
	// Clock, when set, is River's clock too: tests move time with it. Nil is
	// the system clock.
	Clock content.Clock
	// Workers bounds the jobs one server runs at once; 0 means 4.
	Workers int
	// Blobs, when set, is collected by a periodic job every BlobInterval
	// (default: a tenth of BlobGrace, at most an hour): blobs released more
	// than BlobGrace ago (default DefaultBlobGrace) that no state refers to
	// are deleted.
	Blobs        BlobCollector
	BlobGrace    time.Duration
	BlobInterval time.Duration
}

// BlobCollector deletes the blobs released at or before cutoff that no state
// refers to and says how many; upload.Service implements it.
type BlobCollector interface {
	CollectBlobs(ctx context.Context, cutoff time.Time) (int, error)
}

// DefaultBlobGrace is how long a released blob is kept: a reader may still be
// downloading it, and a database restored from a recent backup may refer to
// it again.
const DefaultBlobGrace = 24 * time.Hour

// Runner schedules jobs and, once started, works them.
type Runner struct {
	db        postgres.DB // the pool, with a deadline on taking a connection
	client    *river.Client[pgx.Tx]
	publisher Publisher
	clock     content.Clock
	schedules postgres.Schedules
	log       *slog.Logger
	blobs     BlobCollector
	blobGrace time.Duration
}

var _ content.Scheduler = (*Runner)(nil)

// Timing of jobs.
const (
	// JobTimeout bounds one run of a job.
	JobTimeout = time.Minute
	// rescueAfter is when a job whose server died while running it is run
	// again (its transaction never committed, so nothing of it happened).
	rescueAfter = 5 * time.Minute
	// maxAttempts bounds retries of a job that fails for reasons other than
	// the content (the database unreachable, say), with River's backoff.
	maxAttempts = 10
)

// New returns a Runner on cfg.Pool; Start makes it work jobs.
func New(cfg Config) (*Runner, error) {
	r := &Runner{db: postgres.Bounded(cfg.Pool), publisher: cfg.Publisher, clock: cfg.Clock, log: cfg.Logger}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &scheduleWorker{r: r})
	var periodic []*river.PeriodicJob
	if cfg.Blobs != nil {
		r.blobs, r.blobGrace = cfg.Blobs, cmp.Or(cfg.BlobGrace, DefaultBlobGrace)
		every := cmp.Or(cfg.BlobInterval, min(r.blobGrace/10, time.Hour))
		river.AddWorker(workers, &collectWorker{r: r})
		periodic = append(periodic, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return collectBlobsArgs{}, nil },
			&river.PeriodicJobOpts{ID: collectBlobsArgs{}.Kind(), RunOnStart: true}))
	}
	rc := &river.Config{
		PeriodicJobs:         periodic,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max(cfg.Workers, 4)}},
		Workers:              workers,
		JobTimeout:           JobTimeout,
		RescueStuckJobsAfter: rescueAfter,
		MaxAttempts:          maxAttempts,
		Logger:               quiet(r.log),
	}
	if cfg.Clock != nil {
		rc.Test.Time = riverTime{cfg.Clock}
	}
	client, err := river.NewClient(riverpgxv5.New(cfg.Pool), rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	r.client = client
	return r, nil
}

// Start works jobs until Stop or until ctx is done.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for running ones (or until ctx is done).
// Jobs not yet run stay queued for any server.
func (r *Runner) Stop(ctx context.Context) error {
	return r.client.Stop(ctx)
}

func (r *Runner) now() time.Time {
	if r.clock != nil {
		return r.clock.Now()
	}
	return time.Now()
}

// scheduleArgs is a scheduled change. Its details live in the schedules table;
// the job carries the key, so that a listing of jobs says what each is for.
type scheduleArgs struct {
	ItemKind string                 `json:"itemKind"`
	ItemID   int64                  `json:"itemId"`
	Action   content.ScheduleAction `json:"action"`
}

func (scheduleArgs) Kind() string { return "radhus.schedule" }

// Schedule implements content.Scheduler: it replaces any pending schedule of
// the same action on the item, in one transaction with the job. at is stored
// in UTC; an instant already past runs at once. Errors: BAD_USER_INPUT,
// NOT_FOUND, CONFLICT (expectedVersion is not the item's version).
func (r *Runner) Schedule(ctx context.Context, kind string, id int64, action content.ScheduleAction, at time.Time, expectedVersion *int) (*content.Schedule, error) {
	actor, ok := content.ActorFrom(ctx)
	switch {
	case !ok:
		return nil, content.Errorf(content.EUNAUTHORIZED, "sign in to do this")
	case kind != content.KindPage:
		return nil, content.Invalid("id", "only pages can be scheduled")
	case !action.Valid():
		return nil, content.Invalid("action", "unknown action %q", action)
	case at.IsZero():
		return nil, content.Invalid("at", "an instant is required")
	}
	s := &content.Schedule{ItemKind: kind, ItemID: id, Action: action, At: at.UTC(),
		ExpectedVersion: expectedVersion, ScheduledBy: content.Actor{ID: actor.ID, Email: actor.Email},
		CreatedAt: r.now().UTC()}
	err := postgres.InTx(ctx, r.db, func(tx pgx.Tx) error {
		v, err := r.publisher.PageVersion(ctx, tx, id)
		if err != nil {
			return err
		}
		if expectedVersion != nil && *expectedVersion != v {
			return content.Stale("the page", v)
		}
		if err := r.cancelPending(ctx, tx, kind, id, action); err != nil {
			return err
		}
		res, err := r.client.InsertTx(ctx, tx, scheduleArgs{ItemKind: kind, ItemID: id, Action: action},
			&river.InsertOpts{ScheduledAt: s.At})
		if err != nil {
			return fmt.Errorf("insert job: %w", err)
		}
		s.JobID = res.Job.ID
		if err := r.schedules.Put(ctx, tx, s); err != nil {
			return err
		}
		return r.publisher.Audit(ctx, tx, content.ActionSchedule, kind, id, v,
			string(action)+" at "+s.At.Format(time.RFC3339))
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// CancelSchedule implements content.Scheduler. Errors: NOT_FOUND when nothing
// is scheduled, CONFLICT when at is given and the pending schedule is due at
// another instant (it was replaced since; nothing is cancelled).
func (r *Runner) CancelSchedule(ctx context.Context, kind string, id int64, action content.ScheduleAction, at *time.Time) error {
	return postgres.InTx(ctx, r.db, func(tx pgx.Tx) error {
		s, ok, err := r.schedules.Lock(ctx, tx, kind, id, action)
		switch {
		case err != nil:
			return err
		case !ok:
			return content.NotFound("schedule")
		case at != nil && !s.At.Equal(*at):
			return content.Errorf(content.ECONFLICT, "the pending %s was replaced by one at %s; reload and try again",
				action, s.At.Format(time.RFC3339))
		}
		if err := r.cancelPending(ctx, tx, kind, id, action); err != nil {
			return err
		}
		return r.publisher.Audit(ctx, tx, content.ActionCancelSchedule, kind, id, 0,
			string(action)+" at "+s.At.Format(time.RFC3339)+" cancelled")
	})
}

// cancelPending cancels the job of a pending schedule and removes its row.
func (r *Runner) cancelPending(ctx context.Context, tx pgx.Tx, kind string, id int64, action content.ScheduleAction) error {
	old, ok, err := r.schedules.Lock(ctx, tx, kind, id, action)
	if err != nil || !ok {
		return err
	}
	// A running job may still finish; without its row it changes nothing.
	if _, err := r.client.JobCancelTx(ctx, tx, old.JobID); err != nil && !errors.Is(err, rivertype.ErrNotFound) {
		return fmt.Errorf("cancel job: %w", err)
	}
	return r.schedules.Delete(ctx, tx, old.JobID)
}

// Schedules implements content.Scheduler: an item's pending schedules, soonest
// first.
func (r *Runner) Schedules(ctx context.Context, kind string, id int64) ([]*content.Schedule, error) {
	return r.schedules.Of(ctx, r.db, kind, []int64{id})
}

// riverTime gives River the injected clock.
type riverTime struct{ c content.Clock }

func (t riverTime) Now() time.Time { return t.c.Now() }

func (t riverTime) NowOrNil() *time.Time {
	now := t.c.Now().UTC()
	return &now
}

// quiet keeps River's own log to warnings and errors.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(minLevel{l.Handler(), slog.LevelWarn})
}

type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(a), h.min}
}
func (h minLevel) WithGroup(n string) slog.Handler { return minLevel{h.Handler.WithGroup(n), h.min} }

var _ Publisher = (*postgres.Store)(nil)
