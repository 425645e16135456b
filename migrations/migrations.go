// Package migrations holds Rådhus's numbered SQL migrations, embedded in the binary
// and applied with goose.
package migrations

import "embed"

// FS holds every migration file, in the order goose applies them.
//
//go:embed *.sql
var FS embed.FS
