-- +goose Up
-- Rådhus's own users. E-mail is unique in any letter case; the password is an
-- argon2id hash (its parameters inside it).
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text        NOT NULL CHECK (email <> '' AND length(email) <= 254),
    password_hash text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    role          text        NOT NULL CHECK (role IN ('EDITOR', 'PUBLISHER', 'ADMIN')),
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- A session is one sign-in; its refresh tokens form a family. Every access
-- token names its session, so ending the session (logout, a reused refresh
-- token, deactivation, a new password) ends its access tokens too.
CREATE TABLE sessions (
    id         text        PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    ended_at   timestamptz
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- Refresh tokens, stored as SHA-256 hashes only. A token is spent when it is
-- traded for its successor; a spent token presented again ends its session.
CREATE TABLE refresh_tokens (
    token_hash bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    session_id text        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz
);
CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);

-- +goose Down
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE users;
