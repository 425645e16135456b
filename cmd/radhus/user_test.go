package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/radhus/radhus/internal/pgtest"
)

// TestFirstAdmin creates the first admin from the command line, with the
// password on standard input, then signs in to the real server and makes an
// admin's mutation with the token, as the README shows.
func TestFirstAdmin(t *testing.T) {
	vars := map[string]string{
		"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": t.TempDir(), "RADHUS_LOG_LEVEL": "warn",
		"RADHUS_JWT_KEY": "a signing key for this test, long enough",
	}
	env := envOf(vars)
	const password = "a password for the first admin"
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = strings.NewReader(password + "\n")
	var out syncBuffer
	if err := run(t.Context(), []string{"user", "add", "--email", "Admin@Kommun.example", "--role", "ADMIN"}, env, &out, io.Discard); err != nil {
		t.Fatalf("user add: %v", err)
	}
	if !strings.Contains(out.String(), "created Admin@Kommun.example (ADMIN)") {
		t.Errorf("user add said %q", out.String())
	}
	stdin = strings.NewReader("short\n")
	if err := run(t.Context(), []string{"user", "add", "--email", "b@kommun.example", "--role", "EDITOR"}, env, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "at least 12") {
		t.Errorf("user add with a short password: %v, want an error about its length", err)
	}
	stdin = strings.NewReader(password + "\n")
	if err := run(t.Context(), []string{"user", "add", "--email", "admin@kommun.example", "--role", "EDITOR"}, env, io.Discard, io.Discard); err == nil {
		t.Error("user add with a taken e-mail (other letter case) succeeded")
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, env, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v (exit: %v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	base := strings.TrimSuffix(strings.TrimSpace(line[strings.Index(line, "http://"):]), "/graphql")
	waitFor(t, base+"/healthz")

	post := func(token, body string) map[string]any {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var got map[string]any
		if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := post("", `{"query":"mutation { login(email: \"admin@kommun.example\", password: \"`+password+`\") { accessToken } }"}`)
	token, _ := got["data"].(map[string]any)["login"].(map[string]any)["accessToken"].(string)
	if token == "" {
		t.Fatalf("login: %v", got)
	}
	got = post(token, `{"query":"mutation { createUser(input: {email: \"editor@kommun.example\", password: \"another long password\", role: EDITOR}) { user { email role } } }"}`)
	if got["errors"] != nil {
		t.Fatalf("createUser with the admin's token: %v", got["errors"])
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}

	// Deactivate and list.
	if err := run(t.Context(), []string{"user", "set", "--email", "editor@kommun.example", "--active=false"}, env, io.Discard, io.Discard); err != nil {
		t.Fatalf("user set: %v", err)
	}
	out = syncBuffer{}
	if err := run(t.Context(), []string{"user", "list"}, env, &out, io.Discard); err != nil {
		t.Fatalf("user list: %v", err)
	}
	if want := "Admin@Kommun.example\tADMIN\tactive\neditor@kommun.example\tEDITOR\tdeactivated\n"; out.String() != want {
		t.Errorf("user list = %q, want %q", out.String(), want)
	}
}

// In production, serve refuses to start without a signing key.
func TestProductionNeedsASigningKey(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.URL(t), "RADHUS_DATA": t.TempDir(), "RADHUS_ENV": "production", "RADHUS_LOG_LEVEL": "warn"}
	err := run(t.Context(), []string{"serve", "--addr", "127.0.0.1:0"}, envOf(vars), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "RADHUS_JWT_KEY") {
		t.Errorf("serve in production without a key: %v, want an error naming RADHUS_JWT_KEY", err)
	}
}
