-- The signature counter of each passkey, beside the webauthn-rs JSON that also holds it, so that saving a sign-in
-- can be conditional on it: two sign-ins that race with the same passkey can never write the counter backwards
-- (the older one finds a higher counter stored and is refused). Synced passkeys report 0 every time.
ALTER TABLE passkeys ADD COLUMN sign_count INTEGER NOT NULL DEFAULT 0;
UPDATE passkeys SET sign_count = COALESCE(json_extract(passkey, '$.cred.counter'), 0);
