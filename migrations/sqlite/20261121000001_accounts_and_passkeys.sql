-- Accounts, their passkeys, and the server half of WebAuthn ceremonies in progress.
-- Times are Unix seconds (INTEGER): simple to compare in SQL and identical across backends.

-- One row per account. `id` is a random UUID and is also the WebAuthn user handle stored inside each passkey,
-- so the handle reveals nothing about the person; the username can change without touching any passkey.
CREATE TABLE users (
    id           TEXT    NOT NULL PRIMARY KEY,
    username     TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    -- Usernames are stored normalised (lower case), so this also makes them unique case-insensitively.
    CONSTRAINT users_username_key UNIQUE (username)
);

-- One row per registered passkey. `passkey` is webauthn-rs's `Passkey` as JSON: public key, signature counter
-- and backup flags, all of which a sign-in may update.
CREATE TABLE passkeys (
    credential_id BLOB    NOT NULL PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    passkey       TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
);
CREATE INDEX passkeys_user_id ON passkeys (user_id);

-- A ceremony is started by one request and finished by a later one. Its state lives here, not in memory, so a
-- restart loses nothing and several server processes can share it. The browser session holds only `id`.
-- Finishing deletes the row (DELETE ... RETURNING), which is what makes every challenge single-use.
CREATE TABLE ceremonies (
    id         TEXT    NOT NULL PRIMARY KEY,
    kind       TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX ceremonies_expires_at ON ceremonies (expires_at);
