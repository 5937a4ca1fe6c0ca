-- Satisfaction (issue 11): the SKM of PermenPANRB 14/2017 and what citizens expected.
--
-- One row per completed questionnaire. No column names a request, a citizen, an account or an
-- address, so nothing staff can reach leads from an answer to a person: the back office reads
-- aggregates only. `key` is the SHA-256 (hex) of the id the client made (a UUIDv7 carries the
-- moment it was made; its hash does not); the same id with the same content is the same answer.
-- `answered_on` is a day in Indonesia (WIB), enough for quarters and years. WITHOUT ROWID: rows
-- are kept in the order of their keys' hashes, not in the order they came.
CREATE TABLE survey_answers (
    key           TEXT PRIMARY KEY NOT NULL CHECK (length(key) = 64),
    service_slug  TEXT NOT NULL REFERENCES services (slug),
    agency_slug   TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('app', 'walk_in')),
    answered_on   TEXT NOT NULL CHECK (length(answered_on) = 10),
    answers       TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX survey_answers_by_service ON survey_answers (service_slug, answered_on);
CREATE INDEX survey_answers_by_agency ON survey_answers (agency_slug, answered_on);

-- The requests whose survey was answered (one survey per request). `mac` is a keyed hash of the
-- answer's id made with the server's secret (kept outside the database): it lets a resent survey
-- be recognised, and names no row of `survey_answers` to anyone holding the database alone.
CREATE TABLE surveyed_requests (
    request_id  TEXT PRIMARY KEY NOT NULL REFERENCES requests (id),
    mac         TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Expectations the citizen gave when submitting (all optional): working days, cost in rupiah,
-- and how ready they felt (1-4).
ALTER TABLE requests ADD COLUMN expected_days INTEGER CHECK (expected_days BETWEEN 0 AND 365);
ALTER TABLE requests ADD COLUMN expected_cost INTEGER CHECK (expected_cost BETWEEN 0 AND 1000000000);
ALTER TABLE requests ADD COLUMN expected_ready INTEGER CHECK (expected_ready BETWEEN 1 AND 4);
