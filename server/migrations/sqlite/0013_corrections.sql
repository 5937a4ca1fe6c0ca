-- Issue 11, part 3: corrections citizens send about a service's information, and the history of
-- every revision of every service (who published it, when, and the whole document).

-- "Apakah informasi ini benar?": what a citizen says is wrong, in the agency's queue until a
-- member of its staff resolves or dismisses it (with a note).
CREATE TABLE corrections (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    service_slug    TEXT NOT NULL REFERENCES services (slug),
    agency_slug     TEXT NOT NULL,               -- the service's agency when it was sent
    field           TEXT NOT NULL,               -- domain::correction::Field code
    saw             TEXT NOT NULL,               -- what the citizen saw (may be empty)
    should_say      TEXT NOT NULL,               -- what it should say
    evidence        TEXT,                        -- SHA-256 of a photo in `files`, if any
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
    closed_by       TEXT,                        -- account id of who resolved or dismissed it
    closed_at       TEXT,
    closing_note    TEXT
) STRICT;

CREATE INDEX corrections_queue ON corrections (agency_slug, status, created_at);

-- Every revision of every service, kept whole: the import (actor 'import'), a publication from
-- the back office, or "Masih benar" (a confirmation that renews the verified date).
CREATE TABLE service_revisions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    slug      TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    doc       TEXT NOT NULL,                     -- the service document as published
    actor     TEXT NOT NULL,                     -- an account id, or 'import'
    action    TEXT NOT NULL CHECK (action IN ('import', 'publish', 'confirm')),
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX service_revisions_by_slug ON service_revisions (slug, id);

-- History is append-only.
CREATE TRIGGER service_revisions_no_update BEFORE UPDATE ON service_revisions
BEGIN SELECT RAISE(ABORT, 'service_revisions is append-only'); END;
CREATE TRIGGER service_revisions_no_delete BEFORE DELETE ON service_revisions
BEGIN SELECT RAISE(ABORT, 'service_revisions is append-only'); END;

-- The revisions in force now are the first rows of the history.
INSERT INTO service_revisions (slug, revision, doc, actor, action)
SELECT slug, revision, doc, 'import', 'import' FROM services WHERE withdrawn = 0 ORDER BY revision, slug;
