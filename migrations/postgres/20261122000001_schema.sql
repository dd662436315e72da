-- The whole schema on PostgreSQL, with the same meaning as migrations/sqlite/ up to 20261122000002 (one file:
-- the PostgreSQL store starts at today's schema). Times are Unix seconds and every integer is BIGINT (SQLite's
-- INTEGER is 64-bit), ids TEXT, as on SQLite, so the
-- store code and the tests see the same values on both backends. Constraint names are the ones the store matches
-- unique violations by.

-- One row per account. `id` is a random UUID and is also the WebAuthn user handle stored inside each passkey.
CREATE TABLE users (
    id            TEXT   NOT NULL PRIMARY KEY,
    username      TEXT   NOT NULL,
    display_name  TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    -- An argon2id hash in PHC string format. NULL: this account has no password.
    password_hash TEXT,
    -- Saved checkout details (filled in at the first order, editable at each checkout).
    email         TEXT,
    full_name     TEXT,
    address       TEXT,
    -- Usernames are stored normalised (lower case), so this also makes them unique case-insensitively.
    CONSTRAINT users_username_key UNIQUE (username)
);

-- One row per registered passkey: webauthn-rs's `Passkey` as JSON, and its signature counter beside it so that
-- saving a sign-in can be conditional on it (a racing older sign-in never writes the counter backwards).
CREATE TABLE passkeys (
    credential_id BYTEA  NOT NULL,
    user_id       TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    passkey       TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    sign_count    BIGINT NOT NULL DEFAULT 0,
    -- Insertion order, for listing passkeys created in the same second (SQLite's rowid does this there).
    seq           BIGINT GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT passkeys_pkey PRIMARY KEY (credential_id)
);
CREATE INDEX passkeys_user_id ON passkeys (user_id);

-- Ceremonies in progress; finishing deletes the row (DELETE ... RETURNING): every challenge is single-use.
CREATE TABLE ceremonies (
    id         TEXT   NOT NULL PRIMARY KEY,
    kind       TEXT   NOT NULL,
    state      TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX ceremonies_expires_at ON ceremonies (expires_at);

-- Redeemed pre-issued sign-in tickets: the primary key makes a second redemption fail.
CREATE TABLE redeemed_sign_in_tickets (
    id         TEXT   NOT NULL PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX redeemed_sign_in_tickets_expires_at ON redeemed_sign_in_tickets (expires_at);

-- Keys the server generates on first start and every process on this database shares.
CREATE TABLE server_secrets (
    name  TEXT  NOT NULL PRIMARY KEY,
    value BYTEA NOT NULL
);

-- The catalogue. Prices are integer cents.
CREATE TABLE products (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    price_cents BIGINT  NOT NULL CHECK (price_cents > 0),
    image       TEXT    NOT NULL,
    position    BIGINT  NOT NULL
);

INSERT INTO products (id, name, description, price_cents, image, position) VALUES
    ('security-key', 'Hardware security key', 'A USB-C and NFC FIDO2 key that keeps its passkeys to itself.', 4900, '/products/security-key.svg', 1),
    ('passkey-mug', 'Passkey mug', 'Holds 350 ml of coffee and zero passwords.', 1600, '/products/passkey-mug.svg', 2),
    ('phishing-net', 'Phishing net', 'For fish. Passkeys are bound to their website, so they never need one.', 2200, '/products/phishing-net.svg', 3),
    ('webauthn-book', 'The WebAuthn book', 'Every ceremony, flag and extension, explained with diagrams.', 3400, '/products/webauthn-book.svg', 4),
    ('sticker-pack', 'Sticker pack', 'Seven stickers for laptops that sign in with a fingerprint.', 500, '/products/sticker-pack.svg', 5);

-- A cart belongs to an account or to a guest's session (which holds the cart id).
CREATE TABLE carts (
    id         TEXT   NOT NULL PRIMARY KEY,
    user_id    TEXT   UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    touched_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX carts_guest_touched_at ON carts (touched_at) WHERE user_id IS NULL;

CREATE TABLE cart_items (
    cart_id    TEXT    NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id TEXT    NOT NULL REFERENCES products (id),
    quantity   BIGINT  NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    PRIMARY KEY (cart_id, product_id)
);

-- An order is written once, with its lines, in one transaction; `order_key` makes a resubmission find it.
CREATE TABLE orders (
    id          TEXT   NOT NULL PRIMARY KEY,
    order_key   TEXT   NOT NULL,
    user_id     TEXT   REFERENCES users (id) ON DELETE SET NULL,
    cart_id     TEXT   NOT NULL,
    email       TEXT   NOT NULL,
    full_name   TEXT   NOT NULL,
    address     TEXT   NOT NULL,
    total_cents BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    -- Insertion order, for orders placed in the same second (SQLite's rowid does this there).
    seq         BIGINT GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT orders_order_key_key UNIQUE (order_key)
);
CREATE INDEX orders_user_id ON orders (user_id, created_at);

CREATE TABLE order_lines (
    order_id         TEXT    NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id       TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    unit_price_cents BIGINT  NOT NULL,
    quantity         BIGINT  NOT NULL,
    seq              BIGINT  GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (order_id, product_id)
);

-- Each signed-in session points at one row here; signing out deletes it.
CREATE TABLE sign_ins (
    id         TEXT   NOT NULL PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sign_ins_user_id ON sign_ins (user_id);
CREATE INDEX sign_ins_expires_at ON sign_ins (expires_at);

-- tower-sessions' PostgreSQL store, created here rather than by the library's own `migrate()`: its
-- `CREATE SCHEMA IF NOT EXISTS` fails when two processes run it at the same moment, and migrations run under
-- sqlx's advisory lock, one process at a time. The same schema, table and columns as the library's.
CREATE SCHEMA tower_sessions;
CREATE TABLE tower_sessions.session (
    id          TEXT        PRIMARY KEY NOT NULL,
    data        BYTEA       NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
CREATE INDEX session_expiry_date ON tower_sessions.session (expiry_date);
