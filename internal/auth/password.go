package auth

import (
	"sync"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"github.com/radhus/radhus/internal/content"
)

// Password limits. The upper one bounds the work of hashing a hostile input.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// hashParams are the argon2id parameters of new password hashes: 64 MiB, two
// passes, two lanes. Stored hashes carry their own parameters, so these can
// grow without invalidating old ones.
var hashParams = &argon2id.Params{
	Memory:      64 * 1024,
	Iterations:  2,
	Parallelism: 2,
	SaltLength:  16,
	KeyLength:   32,
}

// HashPassword validates a new password and returns its argon2id hash.
// Errors: BAD_USER_INPUT naming field.
func HashPassword(field, password string) (string, error) {
	if err := checkPassword(field, password); err != nil {
		return "", err
	}
	return argon2id.CreateHash(password, hashParams)
}

func checkPassword(field, password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return content.Invalid(field, "the password is not valid UTF-8")
	case n < MinPasswordLen:
		return content.Invalid(field, "the password must have at least %d characters", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return content.Invalid(field, "the password must have at most %d bytes", MaxPasswordLen)
	}
	return nil
}

// dummyHash is compared against when no user has the e-mail given, so that a
// failed sign-in takes as long whether or not the account exists. It is made on
// first use: made at start-up, its 64 MiB of argon2 memory were still live at
// the first collection, which set the heap goal of every later one at five times
// that (GOGC 400), and it cost a second of CPU at every start.
var dummyHash = sync.OnceValue(func() string {
	h, err := argon2id.CreateHash("not a password of anyone", hashParams)
	if err != nil {
		panic(err)
	}
	return h
})

// passwordMatches reports whether password matches the stored hash; a
// malformed hash matches nothing.
func passwordMatches(password, hash string) bool {
	if len(password) > MaxPasswordLen {
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}
