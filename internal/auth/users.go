package auth

import (
	"context"
	"net/mail"
	"strings"

	"github.com/radhus/radhus/internal/content"
)

// MaxEmailLen bounds an e-mail address (RFC 5321's path limit).
const MaxEmailLen = 254

// CreateUser creates a user. Errors: BAD_USER_INPUT (input.email,
// input.password, input.role), CONFLICT when the e-mail is taken.
func (s *Service) CreateUser(ctx context.Context, email, password string, role content.Role) (*content.User, error) {
	email, err := checkEmail("input.email", email)
	if err != nil {
		return nil, err
	}
	if role < content.RoleEditor || role > content.RoleAdmin {
		return nil, content.Invalid("input.role", "unknown role")
	}
	hash, err := HashPassword("input.password", password)
	if err != nil {
		return nil, err
	}
	return s.accounts.CreateUser(ctx, content.NewUser{Email: email, PasswordHash: hash, Role: role}, s.cfg.Clock.Now())
}

// UserUpdate is a change to a user; nil fields stay as they are.
type UserUpdate struct {
	Role     *content.Role
	Active   *bool
	Password *string
}

// UpdateUser changes a user's role, active flag or password. Deactivating a
// user or setting a password ends the user's sessions. Errors: BAD_USER_INPUT
// (input.password), NOT_FOUND, CONFLICT when it would leave no active admin.
func (s *Service) UpdateUser(ctx context.Context, id int64, up UserUpdate) (*content.User, error) {
	c := content.UserChange{Role: up.Role, Active: up.Active}
	if up.Role != nil && (*up.Role < content.RoleEditor || *up.Role > content.RoleAdmin) {
		return nil, content.Invalid("input.role", "unknown role")
	}
	if up.Password != nil {
		hash, err := HashPassword("input.password", *up.Password)
		if err != nil {
			return nil, err
		}
		c.PasswordHash = &hash
	}
	return s.accounts.UpdateUser(ctx, id, c, s.cfg.Clock.Now())
}

// User returns a user by ID. Errors: NOT_FOUND.
func (s *Service) User(ctx context.Context, id int64) (*content.User, error) {
	return s.accounts.UserByID(ctx, id)
}

// Users lists users in the order they were created.
func (s *Service) Users(ctx context.Context, p content.PageRequest) (content.List[*content.User], error) {
	return s.accounts.Users(ctx, p)
}

// checkEmail validates a plain address (no display name) and returns it
// trimmed.
func checkEmail(field, email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", content.Invalid(field, "an e-mail address is needed")
	}
	if len(email) > MaxEmailLen {
		return "", content.Invalid(field, "the e-mail address is longer than %d bytes", MaxEmailLen)
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		return "", content.Invalid(field, "%q is not an e-mail address", email)
	}
	return email, nil
}
