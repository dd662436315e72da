-- The name a user gives a passkey on the account page ("Work laptop"). NULL: the passkey shows its provider's
-- name.
ALTER TABLE passkeys ADD COLUMN label TEXT;
