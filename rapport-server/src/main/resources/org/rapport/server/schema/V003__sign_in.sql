-- Rapport store, module "server", version 3: sign-in throttling that survives a restart, CSRF tokens
-- no longer kept in clear. docs/server.md documents this. Never edit this file once released: add
-- V004__....sql instead.

-- Failed sign-ins per key: 'name:<lower-cased user name>' or 'client:<address>'. failures counts
-- the failures since `since` (a window of 15 minutes); locked_until is set when the count reached
-- the limit (5 per name, 20 per address). A successful sign-in clears the name's row, never the
-- address's.
CREATE TABLE sign_in_failures (
    key VARCHAR PRIMARY KEY,
    failures INTEGER NOT NULL,
    since TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

-- The CSRF token of a session is derived from the session id (HMAC-SHA256), which only the browser
-- holds; the column keeps its SHA-256, as for session ids and tokens. Tokens stored in clear by
-- earlier versions are hashed here.
UPDATE sessions SET csrf = sha256(csrf);
