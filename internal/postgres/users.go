package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/radhus/radhus/internal/content"
)

// Accounts stores users, their sessions and refresh tokens.
type Accounts struct {
	db DB // the pool, with a deadline on taking a connection
}

var _ content.Accounts = (*Accounts)(nil)

// NewAccounts returns the account store on pool.
func NewAccounts(pool *pgxpool.Pool) *Accounts { return &Accounts{db: Bounded(pool)} }

const userColumns = `id, email, role, active, created_at, updated_at`

func scanUser(row pgx.Row, extra ...any) (*content.User, error) {
	var u content.User
	var role string
	if err := row.Scan(append([]any{&u.ID, &u.Email, &role, &u.Active, &u.CreatedAt, &u.UpdatedAt}, extra...)...); err != nil {
		return nil, err
	}
	r, ok := content.ParseRole(role)
	if !ok {
		return nil, errors.New("stored user has an unknown role " + role)
	}
	u.Role = r
	return &u, nil
}

// CreateUser implements content.Accounts.
func (a *Accounts) CreateUser(ctx context.Context, nu content.NewUser, now time.Time) (*content.User, error) {
	var u *content.User
	err := InTx(ctx, a.db, func(tx pgx.Tx) error {
		var err error
		if u, err = InsertUser(ctx, tx, nu, now); err != nil {
			return err
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionCreate, content.KindUser, u.ID, 0, u.Email+" as "+u.Role.String())
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// InsertUser stores a new user. Errors: CONFLICT when the e-mail is taken in
// any letter case.
func InsertUser(ctx context.Context, db DB, nu content.NewUser, now time.Time) (*content.User, error) {
	u, err := scanUser(db.QueryRow(ctx, `
		INSERT INTO users (email, password_hash, role, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4)
		RETURNING `+userColumns, nu.Email, nu.PasswordHash, nu.Role.String(), now))
	if err != nil {
		return nil, interpretError(err, "a user with this e-mail")
	}
	return u, nil
}

// UpdateUser implements content.Accounts. It refuses (CONFLICT) a change that
// would leave no active admin.
func (a *Accounts) UpdateUser(ctx context.Context, id int64, c content.UserChange, now time.Time) (*content.User, error) {
	var u *content.User
	err := InTx(ctx, a.db, func(tx pgx.Tx) error {
		// Changes to admins are serialised, so that two admins demoting each
		// other cannot both succeed.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('radhus users'))`); err != nil {
			return err
		}
		var wasAdmin bool
		if err := tx.QueryRow(ctx, `SELECT role = 'ADMIN' AND active FROM users WHERE id = $1`, id).Scan(&wasAdmin); err != nil {
			return interpretError(err, "user")
		}
		var role *string
		if c.Role != nil {
			s := c.Role.String()
			role = &s
		}
		var err error
		u, err = scanUser(tx.QueryRow(ctx, `
			UPDATE users SET
				role = coalesce($2, role),
				active = coalesce($3, active),
				password_hash = coalesce($4, password_hash),
				updated_at = $5
			WHERE id = $1
			RETURNING `+userColumns, id, role, c.Active, c.PasswordHash, now))
		if err != nil {
			return interpretError(err, "user")
		}
		if wasAdmin && !(u.Role == content.RoleAdmin && u.Active) {
			var admins int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE role = 'ADMIN' AND active`).Scan(&admins); err != nil {
				return err
			}
			if admins == 0 {
				return content.Errorf(content.ECONFLICT, "this would leave no active admin")
			}
		}
		if !u.Active || c.PasswordHash != nil {
			if err := endUserSessions(ctx, tx, id, now); err != nil {
				return err
			}
		}
		return audit(ctx, tx, now, actorOf(ctx), content.ActionUpdate, content.KindUser, id, 0, changeSummary(u, c))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// changeSummary says what a change did, for the audit log.
func changeSummary(u *content.User, c content.UserChange) string {
	var parts []string
	if c.Role != nil {
		parts = append(parts, "role "+u.Role.String())
	}
	if c.Active != nil {
		parts = append(parts, map[bool]string{true: "activated", false: "deactivated"}[u.Active])
	}
	if c.PasswordHash != nil {
		parts = append(parts, "new password")
	}
	return u.Email + ": " + strings.Join(parts, ", ")
}

func endUserSessions(ctx context.Context, db DB, userID int64, now time.Time) error {
	_, err := db.Exec(ctx, `UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL`, userID, now)
	return err
}

// UserByID implements content.Accounts.
func (a *Accounts) UserByID(ctx context.Context, id int64) (*content.User, error) {
	u, err := scanUser(a.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, interpretError(err, "user")
	}
	return u, nil
}

// UserByEmail implements content.Accounts.
func (a *Accounts) UserByEmail(ctx context.Context, email string) (*content.User, string, error) {
	var hash string
	u, err := scanUser(a.db.QueryRow(ctx,
		`SELECT `+userColumns+`, password_hash FROM users WHERE lower(email) = lower($1)`, email), &hash)
	if err != nil {
		return nil, "", interpretError(err, "user")
	}
	return u, hash, nil
}

// Users implements content.Accounts.
func (a *Accounts) Users(ctx context.Context, p content.PageRequest) (content.List[*content.User], error) {
	var after int64
	if p.After != nil {
		after = p.After.ID
	}
	var l content.List[*content.User]
	rows, err := a.db.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id > $1 ORDER BY id LIMIT $2`, after, p.First+1)
	if err != nil {
		return l, interpretError(err, "users")
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return l, err
		}
		l.Items = append(l.Items, u)
	}
	if err := rows.Err(); err != nil {
		return l, interpretError(err, "users")
	}
	if len(l.Items) > p.First {
		l.Items, l.HasNext = l.Items[:p.First], true
	}
	for _, u := range l.Items {
		l.Cursors = append(l.Cursors, content.Cursor{ID: u.ID})
	}
	l.HasPrev = p.After != nil
	return l, nil
}
