package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/content"
	"github.com/radhus/radhus/internal/requestid"
)

// Unexpected errors reach the client as INTERNAL_SERVER_ERROR naming only the
// request ID; their text goes to the log.
func TestErrorPresenterHidesInternals(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	present := ErrorPresenter(slog.New(slog.NewTextHandler(&logs, nil)))
	ctx := requestid.With(context.Background(), "req-42")
	secret := `ERROR: relation "page_contents" does not exist (SQLSTATE 42P01)`
	got := present(ctx, fmt.Errorf("pages: %w", errors.New(secret)))
	if got.Extensions["code"] != content.EINTERNAL || strings.Contains(got.Message, "SQLSTATE") || !strings.Contains(got.Message, "req-42") {
		t.Errorf("presented %q %v, want an internal error naming only the request", got.Message, got.Extensions)
	}
	if !strings.Contains(logs.String(), "SQLSTATE") || !strings.Contains(logs.String(), "req-42") {
		t.Errorf("log = %q, want the error and the request ID", logs.String())
	}

	got = present(ctx, fmt.Errorf("wrapped: %w", content.Invalid("first", "first must not be negative")))
	if got.Extensions["code"] != content.EINVALID || got.Extensions["field"] != "first" || got.Message != "first must not be negative" {
		t.Errorf("presented %q %v, want BAD_USER_INPUT on first", got.Message, got.Extensions)
	}

	panicErr := RecoverFunc(slog.New(slog.NewTextHandler(&logs, nil)))(ctx, "index out of range")
	got = present(ctx, panicErr)
	if got.Extensions["code"] != content.EINTERNAL || strings.Contains(got.Message, "index") {
		t.Errorf("a panic presented as %q %v", got.Message, got.Extensions)
	}
}
