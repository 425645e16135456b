package content

import (
	"context"
	"time"
)

// KindUser is the kind of a user's global ID.
const KindUser = "User"

// ETOOMANYREQUESTS is the code of a refused sign-in attempt when too many were
// made from one address or for one account.
const ETOOMANYREQUESTS = "TOO_MANY_REQUESTS"

// Actions in the audit log of sign-in and users (with ActionCreate and
// ActionUpdate for users).
const (
	ActionLogin         = "login"
	ActionLogout        = "logout"
	ActionEndSession    = "endSession" // a refresh token was used twice
	ActionCreatePreview = "createPreviewToken"
)

// User is a person who signs in to Rådhus with a password.
type User struct {
	ID        int64
	Email     string
	Role      Role
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// GlobalID returns the user's Relay ID.
func (u *User) GlobalID() string { return GlobalID(KindUser, u.ID) }

// Actor returns the user as the actor of a request.
func (u *User) Actor() Actor {
	return Actor{ID: UserActorID(u.ID), Email: u.Email, Role: u.Role}
}

// UserActorID is the actor ID of a Rådhus user.
func UserActorID(id int64) string { return GlobalID(KindUser, id) }

// NewUser is a user to create, with the password already hashed.
type NewUser struct {
	Email        string
	PasswordHash string
	Role         Role
}

// UserChange changes a user; nil fields stay as they are.
type UserChange struct {
	Role         *Role
	Active       *bool
	PasswordHash *string
}

// NewSession is a session to start for a user, with the hash of its first
// refresh token.
type NewSession struct {
	UserID      int64
	SessionID   string
	TokenHash   []byte
	TokenExpiry time.Time
}

// Accounts stores users, sessions and the hashed refresh tokens of sessions.
// Times come from the caller's clock. Every method owns its transaction, and
// every change records an audit entry in it: its actor is the actor of ctx,
// or for sign-in, refresh and logout the session's user.
type Accounts interface {
	// CreateUser errors: CONFLICT when the e-mail is taken in any letter case.
	CreateUser(ctx context.Context, u NewUser, now time.Time) (*User, error)
	// UpdateUser applies c. Deactivating a user or changing the password ends
	// every session of the user. Errors: NOT_FOUND.
	UpdateUser(ctx context.Context, id int64, c UserChange, now time.Time) (*User, error)
	// UserByID errors: NOT_FOUND.
	UserByID(ctx context.Context, id int64) (*User, error)
	// UserByEmail finds a user by e-mail in any letter case, with the password
	// hash. Errors: NOT_FOUND.
	UserByEmail(ctx context.Context, email string) (*User, string, error)
	// Users lists users in the order they were created.
	Users(ctx context.Context, p PageRequest) (List[*User], error)

	// StartSession stores a new session and its first refresh token.
	StartSession(ctx context.Context, s NewSession, now time.Time) error
	// RotateRefreshToken spends the refresh token with hash old and stores its
	// successor with hash next in the same session. A token that was already
	// spent ends its whole session (the token was copied). Expired tokens of
	// the session are forgotten. Errors: UNAUTHENTICATED for an unknown, spent
	// or expired token, an ended session, a session started before
	// startedAfter, or a deactivated user.
	RotateRefreshToken(ctx context.Context, old, next []byte, nextExpiry, startedAfter, now time.Time) (*User, string, error)
	// EndSession ends the session of the refresh token with hash h, if any.
	EndSession(ctx context.Context, h []byte, now time.Time) error
	// RecordPreview records in the audit log that the actor of ctx minted a
	// preview token for page pageID. Errors: NOT_FOUND when no page has it.
	RecordPreview(ctx context.Context, pageID int64, expires, now time.Time) error
	// SessionUser returns the user of a live session of an active user.
	// Errors: UNAUTHENTICATED otherwise.
	SessionUser(ctx context.Context, userID int64, sessionID string) (*User, error)
}
