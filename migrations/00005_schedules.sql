-- +goose Up
-- Scheduled publishing: at most one pending publish and one pending unpublish
-- per item, each carried out by the River job it names. Rescheduling replaces
-- the row and cancels the old job in the same transaction; a job whose row is
-- gone or names another job does nothing. Schedules are not content: the table
-- does not notify the content channel.
CREATE TABLE schedules (
    item_kind        text        NOT NULL,
    item_id          bigint      NOT NULL,
    action           text        NOT NULL CHECK (action IN ('publish', 'unpublish')),
    at               timestamptz NOT NULL,
    expected_version integer, -- NULL: the draft as it is at the time
    job_id           bigint      NOT NULL,
    actor_id         text        NOT NULL,
    actor_email      text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (item_kind, item_id, action)
);
CREATE UNIQUE INDEX schedules_job ON schedules (job_id);
CREATE INDEX schedules_at ON schedules (at);

-- +goose Down
DROP TABLE schedules;
