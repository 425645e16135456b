package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/radhus/radhus/internal/content"
)

var errUnauthenticated = content.Errorf(content.EUNAUTHORIZED, "invalid or expired credentials")

// StartSession implements content.Accounts.
func (a *Accounts) StartSession(ctx context.Context, s content.NewSession, now time.Time) error {
	return InTx(ctx, a.db, func(tx pgx.Tx) error {
		if err := InsertSession(ctx, tx, s, now); err != nil {
			return err
		}
		// Forget the user's sessions that can no longer be refreshed.
		if _, err := tx.Exec(ctx, `
			DELETE FROM sessions s WHERE s.user_id = $1 AND s.id <> $2
			AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.session_id = s.id AND t.expires_at > $3)`,
			s.UserID, s.SessionID, now); err != nil {
			return err
		}
		return auditSession(ctx, tx, now, s.SessionID, content.ActionLogin, "signed in")
	})
}

// auditSession records an action on a session, with the session's user as
// the actor.
func auditSession(ctx context.Context, db DB, now time.Time, sessionID, action, summary string) error {
	var id int64
	var email string
	if err := db.QueryRow(ctx, `SELECT u.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
		sessionID).Scan(&id, &email); err != nil {
		return interpretError(err, "session")
	}
	return audit(ctx, db, now, content.Actor{ID: content.UserActorID(id), Email: email}, action, content.KindUser, id, 0, summary)
}

// InsertSession stores a session and its first refresh token.
func InsertSession(ctx context.Context, db DB, s content.NewSession, now time.Time) error {
	if _, err := db.Exec(ctx, `INSERT INTO sessions (id, user_id, created_at) VALUES ($1, $2, $3)`,
		s.SessionID, s.UserID, now); err != nil {
		return interpretError(err, "session")
	}
	_, err := db.Exec(ctx, `INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		s.TokenHash, s.SessionID, now, s.TokenExpiry)
	return interpretError(err, "refresh token")
}

// RotateRefreshToken implements content.Accounts. The token's row is locked,
// so that of two requests with one token, one rotates it and the other finds
// it spent, which ends the session.
func (a *Accounts) RotateRefreshToken(ctx context.Context, old, next []byte, nextExpiry, startedAfter, now time.Time) (*content.User, string, error) {
	var u *content.User
	var sid string
	var reused bool
	err := InTx(ctx, a.db, func(tx pgx.Tx) error {
		var expires, started time.Time
		var spent, ended *time.Time
		err := tx.QueryRow(ctx, `
			SELECT t.session_id, t.expires_at, t.spent_at, s.created_at, s.ended_at
			FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
			WHERE t.token_hash = $1
			FOR UPDATE OF t, s`, old).Scan(&sid, &expires, &spent, &started, &ended)
		switch {
		case err == pgx.ErrNoRows:
			return errUnauthenticated
		case err != nil:
			return err
		case ended != nil:
			return errUnauthenticated
		case spent != nil:
			// A copy of a spent token: whoever holds the other copy must lose
			// the session too. The session ends and the error is returned after
			// commit.
			reused = true
			if _, err := tx.Exec(ctx, `UPDATE sessions SET ended_at = $2 WHERE id = $1`, sid, now); err != nil {
				return err
			}
			return auditSession(ctx, tx, now, sid, content.ActionEndSession, "a spent refresh token was used again; session ended")
		case !now.Before(expires), started.Before(startedAfter):
			return errUnauthenticated
		}
		if u, err = scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = (SELECT user_id FROM sessions WHERE id = $1)`, sid)); err != nil {
			return err
		}
		if !u.Active {
			return errUnauthenticated
		}
		if _, err := tx.Exec(ctx, `UPDATE refresh_tokens SET spent_at = $2 WHERE token_hash = $1`, old, now); err != nil {
			return err
		}
		// An expired token is refused whether or not it was spent, so it need
		// not be kept to detect a reuse.
		if _, err := tx.Exec(ctx, `DELETE FROM refresh_tokens WHERE session_id = $1 AND expires_at <= $2`, sid, now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			next, sid, now, nextExpiry)
		return err
	})
	switch {
	case err != nil:
		return nil, "", err
	case reused:
		return nil, "", errUnauthenticated
	}
	return u, sid, nil
}

// EndSession implements content.Accounts.
func (a *Accounts) EndSession(ctx context.Context, h []byte, now time.Time) error {
	return InTx(ctx, a.db, func(tx pgx.Tx) error {
		var sid string
		err := tx.QueryRow(ctx, `
			UPDATE sessions SET ended_at = $2
			WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1) AND ended_at IS NULL
			RETURNING id`, h, now).Scan(&sid)
		switch {
		case err == pgx.ErrNoRows:
			return nil
		case err != nil:
			return err
		}
		return auditSession(ctx, tx, now, sid, content.ActionLogout, "signed out")
	})
}

// RecordPreview implements content.Accounts.
func (a *Accounts) RecordPreview(ctx context.Context, pageID int64, expires, now time.Time) error {
	return InTx(ctx, a.db, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pages WHERE id = $1)`, pageID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return content.NotFound("page")
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreatePreview, content.KindPage, pageID, 0,
			"preview token until "+expires.UTC().Format(time.RFC3339))
	})
}

// SessionUser implements content.Accounts: one query on two primary keys,
// made for every request with an access token, so that deactivation, a role
// change and logout take effect at the next request.
func (a *Accounts) SessionUser(ctx context.Context, userID int64, sessionID string) (*content.User, error) {
	u, err := scanUser(a.db.QueryRow(ctx, `
		SELECT u.id, u.email, u.role, u.active, u.created_at, u.updated_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = $1 AND u.id = $2 AND s.ended_at IS NULL AND u.active`, sessionID, userID))
	switch {
	case err == pgx.ErrNoRows:
		return nil, errUnauthenticated
	case err != nil:
		return nil, interpretError(err, "session")
	}
	return u, nil
}
