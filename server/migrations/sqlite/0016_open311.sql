-- Issue 13, part 1: Open311 GeoReport v2 for other systems (partners).

-- One key per partner system: shown once by `server open311-key create`, kept only as its
-- SHA-256 (32 random bytes: no slow hash needed). A revoked key opens nothing; its requests keep
-- naming it.
CREATE TABLE open311_keys (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash    TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;

-- What a request filed through Open311 carries beyond the app's: the key that filed it, the
-- location as given (and the address kept from it), the citizen's description, a link to a
-- photo on the partner's side (never fetched), and the contact the partner sent (JSON). Only
-- staff see these; the public GET resources show none of it.
CREATE TABLE open311_requests (
    request_id   TEXT PRIMARY KEY NOT NULL REFERENCES requests (id),
    key_id       INTEGER NOT NULL REFERENCES open311_keys (id),
    address      TEXT NOT NULL,
    address_id   TEXT,
    lat          REAL,
    long         REAL,
    description  TEXT NOT NULL DEFAULT '',
    media_url    TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE INDEX open311_requests_by_key ON open311_requests (key_id);
-- The list (newest first, in a window of days) reads requests by time.
CREATE INDEX IF NOT EXISTS requests_by_received ON requests (received_at);
