-- Each signed-in session points at one row here (the session keeps only this row's random id). A session is
-- signed in exactly as long as its row exists and has not expired:
--   * signing out deletes the row, so a request that was in flight and writes the session back afterwards
--     brings back nothing but a dead id;
--   * changing the password deletes the account's other rows: every other browser is signed out;
--   * `expires_at` is the absolute lifetime, however active the session has been.
CREATE TABLE sign_ins (
    id         TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sign_ins_user_id ON sign_ins (user_id);
CREATE INDEX sign_ins_expires_at ON sign_ins (expires_at);

-- When a cart last changed, so that guest carts nobody came back to can be deleted.
ALTER TABLE carts ADD COLUMN touched_at INTEGER NOT NULL DEFAULT 0;
UPDATE carts SET touched_at = created_at;
CREATE INDEX carts_guest_touched_at ON carts (touched_at) WHERE user_id IS NULL;
