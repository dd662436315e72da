-- The name a user gives a passkey on the account page ("Work laptop"). NULL: the passkey shows its provider's
-- name.
ALTER TABLE passkeys ADD COLUMN label TEXT;

-- The AAGUID the authenticator reported at registration (the model of authenticator or the passkey manager), for
-- showing its provider's name and icon. NULL: it reported none (all zeros), or the passkey is older than this.
ALTER TABLE passkeys ADD COLUMN aaguid TEXT;
