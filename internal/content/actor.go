package content

import (
	"context"
	"time"
)

// Role is what a signed-in person may do. Roles are ordered: each includes the
// ones below it.
type Role int

// The roles, least first. RoleNone is an anonymous reader.
const (
	RoleNone      Role = iota
	RoleEditor         // edits drafts
	RolePublisher      // also publishes, unpublishes and schedules
	RoleAdmin          // also manages users and reads the audit log
)

// String returns the role as the API names it ("EDITOR").
func (r Role) String() string {
	switch r {
	case RoleEditor:
		return "EDITOR"
	case RolePublisher:
		return "PUBLISHER"
	case RoleAdmin:
		return "ADMIN"
	}
	return "NONE"
}

// ParseRole reads a role as the API names it; ok is false for anything else.
func ParseRole(s string) (r Role, ok bool) {
	switch s {
	case "EDITOR":
		return RoleEditor, true
	case "PUBLISHER":
		return RolePublisher, true
	case "ADMIN":
		return RoleAdmin, true
	}
	return RoleNone, false
}

// IdPActorPrefix starts the ID of an actor of the identity provider.
const IdPActorPrefix = "idp:"

// Actor is who makes a request: a verified user of Rådhus or of the
// municipality's identity provider.
type Actor struct {
	ID    string // stable: a Rådhus user ID, or "idp:" + the provider's subject
	Email string
	Role  Role
}

// Can reports whether the actor has at least role r.
func (a Actor) Can(r Role) bool { return a.Role >= r }

type actorKey struct{}

// WithActor returns ctx carrying the actor of a verified request.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; ok is false for an anonymous request.
func ActorFrom(ctx context.Context) (a Actor, ok bool) {
	a, ok = ctx.Value(actorKey{}).(Actor)
	return a, ok && a.Role > RoleNone
}

// Clock supplies the current instant to the write path and the scheduler, so
// that tests can control time.
type Clock interface {
	Now() time.Time
}

// PreviewGrant lets the bearer of a preview token read one page's draft, and
// nothing else, until Expires.
type PreviewGrant struct {
	PageID  int64
	Expires time.Time
}

type previewKey struct{}

// WithPreviewGrant returns ctx carrying a verified preview grant.
func WithPreviewGrant(ctx context.Context, g PreviewGrant) context.Context {
	return context.WithValue(ctx, previewKey{}, g)
}

// PreviewGrantFrom returns the preview grant of ctx, if any.
func PreviewGrantFrom(ctx context.Context) (g PreviewGrant, ok bool) {
	g, ok = ctx.Value(previewKey{}).(PreviewGrant)
	return g, ok
}
