-- The catalogue. Each service is kept as the JSON document phones receive (domain::catalogue::Service),
-- beside the columns we query by. `revision` only grows: an import that changes or withdraws a
-- service gives it the next revision, and a phone asks for everything after its cursor.

CREATE TABLE agencies (
    slug        TEXT PRIMARY KEY NOT NULL,
    doc         TEXT NOT NULL,               -- JSON of domain::catalogue::Agency
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE services (
    slug          TEXT PRIMARY KEY NOT NULL,
    agency_slug   TEXT NOT NULL REFERENCES agencies (slug),
    category_slug TEXT NOT NULL,
    doc           TEXT NOT NULL,             -- JSON of domain::catalogue::Service
    verified_at   TEXT NOT NULL,             -- YYYY-MM-DD, copied from doc for queries
    revision      INTEGER NOT NULL,
    withdrawn     INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE INDEX services_by_revision ON services (revision);
CREATE INDEX services_by_agency ON services (agency_slug);
