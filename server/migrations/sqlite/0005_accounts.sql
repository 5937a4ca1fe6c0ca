-- Accounts, sessions and the audit log (issue 4: accounts and security).
--
-- `login` is the normal form of a phone (`+62…`) or a lower-cased e-mail (domain::account::Login).
-- `password_hash` is an argon2id PHC string; passwords themselves are never stored or logged.
-- Officers and agency admins belong to one agency; citizens and system admins to none.
CREATE TABLE accounts (
    id             TEXT PRIMARY KEY NOT NULL,            -- UUIDv7
    login          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('citizen', 'officer', 'agency_admin', 'system_admin')),
    agency_slug    TEXT NULL REFERENCES agencies (slug),
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at     TEXT NOT NULL,
    invited_by     TEXT NULL REFERENCES accounts (id),
    CHECK ((role IN ('officer', 'agency_admin')) = (agency_slug IS NOT NULL))
) STRICT;

CREATE INDEX accounts_by_agency ON accounts (agency_slug);

-- A browser's session. The cookie holds 32 random bytes; only their SHA-256 (hex) is kept, so a
-- copy of the database signs nobody in. `account_id` NULL: an anonymous device session.
-- `expires_at` slides forward as the session is used (`last_seen_at`).
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    account_id    TEXT NULL REFERENCES accounts (id),
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_account ON sessions (account_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- What staff did, append-only: one row per action, with the subject's state before and after
-- (JSON, never a password). The triggers refuse any change to a written row.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor_id  TEXT NOT NULL,                 -- an account id, or `cli` for the command line
    action    TEXT NOT NULL,                 -- e.g. `staff.invite`, `staff.disable`
    subject   TEXT NOT NULL,                 -- the account acted on
    before    TEXT NULL,
    after     TEXT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;
