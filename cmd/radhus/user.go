package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/radhus/radhus/internal/auth"
	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/postgres"
)

// stdin is where `radhus user` reads passwords; tests replace it.
var stdin io.Reader = os.Stdin

const userUsage = `usage:
  radhus user add --email ADDRESS --role EDITOR|PUBLISHER|ADMIN
  radhus user set --email ADDRESS [--role ROLE] [--active=true|false] [--password]
  radhus user list

The password is read from the terminal (asked twice), or from the first line
of standard input when that is not a terminal; never from an argument.
`

// user manages Rådhus's users from the command line; add creates the first
// admin.
func user(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return errors.New("user: no action given")
	}
	action, rest := args[0], args[1:]
	var email, role, active string
	var newPassword bool
	flags := func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's e-mail address")
		fs.StringVar(&role, "role", "", "EDITOR, PUBLISHER or ADMIN")
		if action == "set" {
			fs.StringVar(&active, "active", "", "false deactivates the user, true activates them again")
			fs.BoolVar(&newPassword, "password", false, "set a new password (read as for add)")
		}
	}
	switch action {
	case "add", "set", "list":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, userUsage)
		return nil
	default:
		fmt.Fprint(stderr, userUsage)
		return fmt.Errorf("user: unknown action %q", action)
	}
	e, err := openEnv(ctx, "user "+action, rest, getenv, stderr, flags)
	if err != nil {
		return err
	}
	defer e.close()
	accounts := postgres.NewAccounts(e.db.pool)
	switch action {
	case "list":
		p := content.PageRequest{First: content.MaxPageSize}
		for {
			l, err := accounts.Users(ctx, p)
			if err != nil {
				return err
			}
			for _, u := range l.Items {
				state := "active"
				if !u.Active {
					state = "deactivated"
				}
				fmt.Fprintf(stdout, "%s\t%s\t%s\n", u.Email, u.Role, state)
			}
			if !l.HasNext {
				return nil
			}
			p.After = &l.Cursors[len(l.Cursors)-1]
		}
	case "add":
		r, ok := content.ParseRole(strings.ToUpper(role))
		if !ok {
			return errors.New("user add: --role must be EDITOR, PUBLISHER or ADMIN")
		}
		if email == "" {
			return errors.New("user add: --email is needed")
		}
		password, err := readPassword(stderr)
		if err != nil {
			return err
		}
		svc, err := commandService(ctx, accounts)
		if err != nil {
			return err
		}
		u, err := svc.CreateUser(ctx, email, password, r)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "created %s (%s)\n", u.Email, u.Role)
		return nil
	}
	// set
	u, _, err := accounts.UserByEmail(ctx, email)
	if err != nil {
		return cliError(err)
	}
	var up auth.UserUpdate
	if role != "" {
		r, ok := content.ParseRole(strings.ToUpper(role))
		if !ok {
			return errors.New("user set: --role must be EDITOR, PUBLISHER or ADMIN")
		}
		up.Role = &r
	}
	switch active {
	case "":
	case "true", "false":
		v := active == "true"
		up.Active = &v
	default:
		return errors.New("user set: --active must be true or false")
	}
	if newPassword {
		p, err := readPassword(stderr)
		if err != nil {
			return err
		}
		up.Password = &p
	}
	if up == (auth.UserUpdate{}) {
		return errors.New("user set: nothing to change: give --role, --active or --password")
	}
	svc, err := commandService(ctx, accounts)
	if err != nil {
		return err
	}
	if u, err = svc.UpdateUser(ctx, u.ID, up); err != nil {
		return cliError(err)
	}
	state := "active"
	if !u.Active {
		state = "deactivated"
	}
	fmt.Fprintf(stdout, "updated %s (%s, %s)\n", u.Email, u.Role, state)
	return nil
}

// commandService is a sign-in service for user management only: it signs no
// tokens, so any key will do.
func commandService(ctx context.Context, accounts *postgres.Accounts) (*auth.Service, error) {
	return auth.New(ctx, auth.Config{Key: auth.RandomKey()}, accounts)
}

// readPassword reads a new password: twice without echo from a terminal, or
// the first line of a pipe.
func readPassword(stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stderr, "Password again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// cliError shows a content error as a sentence.
func cliError(err error) error {
	var ce *content.Error
	if errors.As(err, &ce) {
		if ce.Field != "" {
			return fmt.Errorf("%s: %s", strings.TrimPrefix(ce.Field, "input."), ce.Message)
		}
		return errors.New(ce.Message)
	}
	return err
}
