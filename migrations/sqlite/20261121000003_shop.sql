-- The shop: products, carts, orders, and the customer details a returning customer finds filled in.

-- Saved checkout details of an account (filled in at its first order, editable at each checkout).
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN full_name TEXT;
ALTER TABLE users ADD COLUMN address TEXT;

-- The catalogue. Prices are integer cents: no floating point near money.
CREATE TABLE products (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents > 0),
    image       TEXT    NOT NULL,
    position    INTEGER NOT NULL
);

INSERT INTO products (id, name, description, price_cents, image, position) VALUES
    ('security-key', 'Hardware security key', 'A USB-C and NFC FIDO2 key that keeps its passkeys to itself.', 4900, '/products/security-key.svg', 1),
    ('passkey-mug', 'Passkey mug', 'Holds 350 ml of coffee and zero passwords.', 1600, '/products/passkey-mug.svg', 2),
    ('phishing-net', 'Phishing net', 'For fish. Passkeys are bound to their website, so they never need one.', 2200, '/products/phishing-net.svg', 3),
    ('webauthn-book', 'The WebAuthn book', 'Every ceremony, flag and extension, explained with diagrams.', 3400, '/products/webauthn-book.svg', 4),
    ('sticker-pack', 'Sticker pack', 'Seven stickers for laptops that sign in with a fingerprint.', 500, '/products/sticker-pack.svg', 5);

-- A cart belongs to an account (user_id) or to a guest's session, which holds the cart id. When a guest signs in,
-- their cart's lines move into the account's cart.
CREATE TABLE carts (
    id         TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);

CREATE TABLE cart_items (
    cart_id    TEXT    NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id TEXT    NOT NULL REFERENCES products (id),
    -- Also enforced (with a clear message) by the server function; this is the last line of defence.
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    PRIMARY KEY (cart_id, product_id)
);

-- An order is written once, with its lines, in one transaction. `order_key` comes from the checkout page the
-- customer submitted: a second submission of the same page (double click, resubmit, retry) finds the first
-- order instead of creating another.
CREATE TABLE orders (
    id          TEXT    NOT NULL PRIMARY KEY,
    order_key   TEXT    NOT NULL,
    user_id     TEXT    REFERENCES users (id) ON DELETE SET NULL,
    -- The guest cart the order came from; with order_key it identifies who may see a guest order again.
    cart_id     TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    full_name   TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    total_cents INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    CONSTRAINT orders_order_key_key UNIQUE (order_key)
);
CREATE INDEX orders_user_id ON orders (user_id, created_at);

-- Lines copy name and price, so an order keeps what the customer paid even if the catalogue changes.
CREATE TABLE order_lines (
    order_id         TEXT    NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id       TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    quantity         INTEGER NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
