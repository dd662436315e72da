-- Password accounts, and the bookkeeping for pre-issued (stateless) sign-in challenges.

-- An argon2id hash in PHC string format (parameters and salt included). NULL: this account has no password.
ALTER TABLE users ADD COLUMN password_hash TEXT;

-- Pre-issued sign-in challenges travel with the client as server-signed tickets, so a page view writes nothing.
-- A ticket's id is written here only when it is redeemed; the primary key makes a second redemption fail, which
-- is what keeps each pre-issued challenge single-use. Rows can go once the ticket has expired.
CREATE TABLE redeemed_sign_in_tickets (
    id         TEXT    NOT NULL PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX redeemed_sign_in_tickets_expires_at ON redeemed_sign_in_tickets (expires_at);

-- Keys the server generates for itself on first start (so no secret needs a built-in default) and that every
-- server process on this database shares.
CREATE TABLE server_secrets (
    name  TEXT NOT NULL PRIMARY KEY,
    value BLOB NOT NULL
);
