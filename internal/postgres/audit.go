package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/radhus/radhus/internal/content"
)

// actorOf returns who makes the request of ctx; changes without a signed-in
// person (demo content, imports) are the system's.
func actorOf(ctx context.Context) content.Actor {
	if a, ok := content.ActorFrom(ctx); ok {
		return a
	}
	return content.SystemActor
}

// audit records a change in the audit log. Every change calls it inside its own
// transaction, so that a change and its entry are committed together or not at
// all. The audit table notifies no one.
func audit(ctx context.Context, db DB, at time.Time, a content.Actor, action, kind string, id int64, version int, summary string) error {
	var v *int
	if version > 0 {
		v = &version
	}
	if r := []rune(summary); len(r) > 500 {
		summary = string(r[:500]) + "…"
	}
	_, err := db.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor_email, action, item_kind, item_id, version, summary)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, at, a.ID, a.Email, action, kind, id, v, summary)
	return err
}

// Audit records a change made outside the store's own methods, in the
// transaction (or on the executor) db. Errors are internal.
func (s *Store) Audit(ctx context.Context, db DB, action, kind string, id int64, version int, summary string) error {
	return interpretError(audit(ctx, db, s.now(), actorOf(ctx), action, kind, id, version, summary), "audit entry")
}

// AuditLog lists audit entries, newest first, optionally of one item.
func (s *Store) AuditLog(ctx context.Context, db DB, f content.AuditFilter) (content.List[*content.AuditEntry], error) {
	list := content.List[*content.AuditEntry]{HasPrev: f.Page.After != nil}
	var kind *string
	if f.ItemKind != "" {
		kind = &f.ItemKind
	}
	var item *int64
	if f.ItemID != 0 {
		item = &f.ItemID
	}
	var before *int64
	if f.Page.After != nil {
		before = &f.Page.After.ID
	}
	rows, err := db.Query(ctx, `SELECT id, at, actor_id, actor_email, action, item_kind, item_id, coalesce(version, 0), summary
		FROM audit_log
		WHERE ($1::text IS NULL OR item_kind = $1) AND ($2::bigint IS NULL OR item_id = $2) AND ($3::bigint IS NULL OR id < $3)
		ORDER BY id DESC LIMIT $4`, kind, item, before, f.Page.First+1)
	if err != nil {
		return list, interpretError(err, "audit log")
	}
	defer rows.Close()
	for rows.Next() {
		var e content.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor.ID, &e.Actor.Email, &e.Action, &e.ItemKind, &e.ItemID, &e.Version, &e.Summary); err != nil {
			return list, interpretError(err, "audit log")
		}
		if len(list.Items) == f.Page.First {
			list.HasNext = true
			continue
		}
		list.Items = append(list.Items, &e)
		list.Cursors = append(list.Cursors, content.Cursor{Key: strconv.FormatInt(e.ID, 10), ID: e.ID})
	}
	return list, interpretError(rows.Err(), "audit log")
}
