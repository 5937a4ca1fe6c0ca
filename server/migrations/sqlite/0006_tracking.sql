-- Tracking (issue 4): a request's status timeline, its agency and due date, who works on it,
-- and how a citizen proves it is theirs without an account (a PIN given with the receipt,
-- stored only as an argon2 hash; a device token derived from the server secret, never stored).

-- A secret made once per database: PINs and device tokens are derived from it (HMAC), so the
-- same request always yields the same receipt, and nothing that unlocks a request is stored.
CREATE TABLE server_secret (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    secret  BLOB NOT NULL
) STRICT;
INSERT INTO server_secret (id, secret) VALUES (1, randomblob(32));

ALTER TABLE requests ADD COLUMN agency_slug TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN due_date TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN assigned_to TEXT;
ALTER TABLE requests ADD COLUMN owner_id TEXT;
ALTER TABLE requests ADD COLUMN pin_hash TEXT NOT NULL DEFAULT '';
-- The seq of the request's latest event: what `request_updates(since)` compares.
ALTER TABLE requests ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;

-- Every change of status, append-only: the citizen's timeline (note) and the staff's (internal).
CREATE TABLE request_events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id     TEXT NOT NULL REFERENCES requests (id),
    at             TEXT NOT NULL,
    status         TEXT NOT NULL,
    action         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    internal_note  TEXT NOT NULL DEFAULT '',
    actor_id       TEXT
) STRICT;
CREATE INDEX request_events_by_request ON request_events (request_id, seq);
CREATE INDEX requests_by_last_seq ON requests (last_seq);
CREATE INDEX requests_by_owner ON requests (owner_id);
CREATE INDEX requests_by_agency ON requests (agency_slug, status);
CREATE TRIGGER request_events_append_only_update BEFORE UPDATE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;
CREATE TRIGGER request_events_append_only_delete BEFORE DELETE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;

-- Requests stored before this migration: their first event, agency and due date.
INSERT INTO request_events (request_id, at, status, action)
    SELECT id, received_at, 'submitted', 'submit' FROM requests;
UPDATE requests SET last_seq = (SELECT MAX(seq) FROM request_events e WHERE e.request_id = requests.id);
UPDATE requests SET agency_slug = (SELECT agency_slug FROM services s WHERE s.slug = requests.service_slug);
