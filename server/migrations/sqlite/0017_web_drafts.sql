-- Issue 13, parts 2 and 3: drafts of the server's own application form, filled in section by
-- section by a browser that runs no scripts (channel `web`, owned by the visitor's cookie) or by
-- an officer at the counter (channel `counter`, owned by the officer's account). One draft per
-- owner and service. Its id is a UUIDv7 made by the server: the upload key of its photos and,
-- once sent, the request's id (the idempotency key, so a repeated "Kirim" stores one request).
CREATE TABLE web_drafts (
    id            TEXT PRIMARY KEY,
    -- `web:<sha256 of the cookie's token>` or `counter:<account id>`.
    owner         TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('counter', 'web')),
    form_version  INTEGER NOT NULL,
    -- The answers so far (JSON, as the phone keeps them: also half-typed or invalid ones).
    answers       TEXT NOT NULL DEFAULT '{}',
    -- The files given, by SHA-256: name, size, media type (JSON).
    files         TEXT NOT NULL DEFAULT '{}',
    -- What the person expects (JSON, optional).
    expect        TEXT,
    -- Set once the draft became a request (its receipt is shown until a new draft starts).
    sent          INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),
    created_at    INTEGER NOT NULL,
    touched_at    INTEGER NOT NULL,
    UNIQUE (owner, service_slug)
) STRICT;

CREATE INDEX web_drafts_touched ON web_drafts (touched_at);

-- The officers an agency admin lets file applications at the counter (agency admins always may).
CREATE TABLE counter_officers (
    account_id  TEXT PRIMARY KEY REFERENCES accounts (id),
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
