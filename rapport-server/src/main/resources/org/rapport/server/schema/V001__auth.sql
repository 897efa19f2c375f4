-- Rapport store, module "server", version 1: who may use the server, and what they changed.
-- docs/server.md documents these tables. Never edit this file once released: add V002__....sql instead.

-- One row per user. password_hash is a BCrypt hash (cost 10) or NULL for a token-only user;
-- role is cco | analyst | segment_manager | agent; segments is a comma-separated list of the
-- segment names a segment manager owns (NULL for other roles).
CREATE TABLE users (
    name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL,
    segments VARCHAR,
    password_hash VARCHAR,
    created TIMESTAMP NOT NULL
);

-- API tokens: only the SHA-256 of the token (hex) is stored; the token is shown once at creation.
CREATE TABLE tokens (
    token_hash VARCHAR PRIMARY KEY,
    user_name VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL
);

-- Browser sessions: the SHA-256 of the session cookie's value, the CSRF token of its forms.
CREATE TABLE sessions (
    session_hash VARCHAR PRIMARY KEY,
    user_name VARCHAR NOT NULL,
    csrf VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL,
    expires TIMESTAMP NOT NULL
);

CREATE SEQUENCE audit_id_seq START 1;

-- Every change made through the server: who, when, what (action), on what (target), the value
-- before and after (JSON text).
CREATE TABLE audit_log (
    audit_id BIGINT PRIMARY KEY,
    changed_at TIMESTAMP NOT NULL,
    user_name VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    before_json VARCHAR,
    after_json VARCHAR
);
