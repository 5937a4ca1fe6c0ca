-- The whole schema as SQLite has it after migrations 0001-0019 (server/migrations/00NN_*.sql),
-- written for PostgreSQL 15 (issue 14, docs/design/issue-14.md §1.2, §2.3). A PostgreSQL
-- database starts here; from 0020 on, every change is a pair: the SQLite file and the
-- PostgreSQL file with the same number and description.
--
-- Table, column and index names, and the order of every table's columns, are SQLite's, so one
-- statement text runs on both. Trigger names are SQLite's too (each trigger's function has its
-- trigger's name); PostgreSQL keeps triggers per table, so tests switch one off with
-- `ALTER TABLE t DISABLE TRIGGER name` where SQLite drops it.
--
-- Where this differs from SQLite, and why:
-- * Types. Every INTEGER is BIGINT (sqlx-postgres decodes i64 only from INT8); TEXT stays TEXT;
--   SQLite's REAL (an 8-byte double) is DOUBLE PRECISION (PostgreSQL's REAL is 4 bytes and
--   sqlx decodes f64 only from FLOAT8). STRICT and WITHOUT ROWID have no counterpart (every
--   table is a heap with a primary-key index); nothing else is needed for them.
-- * Flags the store reads and writes as Rust `bool` are BOOLEAN (services.withdrawn,
--   accounts.disabled, accounts.must_change_password, qa_answers.official, uploads.complete):
--   `CHECK (x IN (0, 1))` is the type itself, and `official = 0 OR …` is `NOT official OR …`.
--   web_drafts.sent stays BIGINT with its CHECK: store::web_drafts reads it as i64 and writes
--   0 and 1 (make it BOOLEAN in both only when that code reads and writes a bool).
-- * Ids. The hash chains' `seq` (audit_log, request_events, request_answers) is written by the
--   store (store::audit::tail): plain BIGINT PRIMARY KEY. Ids the database hands out
--   (qa_reports.seq, corrections.id, service_revisions.id: AUTOINCREMENT; open311_keys.id: a
--   rowid) are identities. There is no `sqlite_sequence`: a sequence is not transactional (a
--   rolled-back insert leaves a gap), and an explicit id does not move it.
-- * Times. Every time the store writes is bound from Rust (store::clock), so SQLite's
--   `DEFAULT (strftime(…, 'now'))` has no counterpart here: agencies.updated_at,
--   services.updated_at, corrections.created_at, service_revisions.at,
--   calendar_years.imported_at, open311_keys.created_at, counter_officers.granted_at are NOT
--   NULL without a default (an INSERT that leaves one out fails here, and is a bug).
-- * catalogue_meta's `catalogue_id` is 16 lowercase hex characters, as SQLite's
--   `lower(hex(randomblob(8)))`, from md5 (no extension needed); only an id, not a secret.
-- * Not here: `server_secret` (0006), SQLite-only legacy: secrets live in a file since issue 8
--   (store::requests::legacy_secret drops it); a PostgreSQL database never had one. The data
--   migrations (0006, 0007, 0009, 0010, 0013, 0015 filling new columns and tallies from rows
--   already stored) have nothing to do in a new database.
-- * audit_seal (0009) is kept, without its row: that row asks store::audit::seal_legacy to
--   chain rows written before 0009, and a PostgreSQL database has none.
-- * Triggers are plpgsql functions raising SQLite's RAISE(ABORT) messages word for word;
--   `IS NOT` is `IS DISTINCT FROM`. Each append-only table also refuses TRUNCATE (a statement
--   trigger: TRUNCATE fires no row triggers), with its delete message.
-- * The tallies (0015) are one INSERT … ON CONFLICT DO UPDATE each instead of SQLite's
--   INSERT OR IGNORE + UPDATE (safe with concurrent writers). `answers ->> 0` on the TEXT
--   column is `(answers::jsonb ->> 0)::bigint`. SQLite's INSERT OR IGNORE skips a finished
--   request whose finished_as or worked_days is NULL (NOT NULL in finished_monthly): so do
--   these.
-- * Text compares bytewise only under the C collation: create the database with
--   `TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'` (or initdb --locale=C).

-- ---- 0001 the catalogue ------------------------------------------------------------------------

CREATE TABLE agencies (
    slug        TEXT PRIMARY KEY NOT NULL,
    doc         TEXT NOT NULL,               -- JSON of domain::catalogue::Agency
    updated_at  TEXT NOT NULL                -- bound by the store (SQLite: DEFAULT now)
);

CREATE TABLE services (
    slug          TEXT PRIMARY KEY NOT NULL,
    agency_slug   TEXT NOT NULL REFERENCES agencies (slug),
    category_slug TEXT NOT NULL,
    doc           TEXT NOT NULL,             -- JSON of domain::catalogue::Service
    verified_at   TEXT NOT NULL,             -- YYYY-MM-DD, copied from doc for queries
    revision      BIGINT NOT NULL,
    withdrawn     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at    TEXT NOT NULL              -- bound by the store (SQLite: DEFAULT now)
);

CREATE INDEX services_by_revision ON services (revision);
CREATE INDEX services_by_agency ON services (agency_slug);

-- ---- 0002 catalogue id -------------------------------------------------------------------------

CREATE TABLE catalogue_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

INSERT INTO catalogue_meta (key, value)
VALUES ('catalogue_id', substr(md5(random()::text || clock_timestamp()::text), 1, 16));

-- ---- 0003 requests, 0006 tracking, 0011 expectations, 0015 performance, 0019 pin key ------------

CREATE TABLE requests (
    id             TEXT PRIMARY KEY NOT NULL,
    reference      TEXT NOT NULL UNIQUE,
    service_slug   TEXT NOT NULL REFERENCES services (slug),
    form_version   BIGINT NOT NULL,
    envelope       TEXT NOT NULL,
    answers        TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'submitted',
    received_at    TEXT NOT NULL,
    agency_slug    TEXT NOT NULL DEFAULT '',
    due_date       TEXT NOT NULL DEFAULT '',
    assigned_to    TEXT,
    owner_id       TEXT,
    pin_hash       TEXT NOT NULL DEFAULT '',
    last_seq       BIGINT NOT NULL DEFAULT 0,
    expected_days  BIGINT CHECK (expected_days BETWEEN 0 AND 365),
    expected_cost  BIGINT CHECK (expected_cost BETWEEN 0 AND 1000000000),
    expected_ready BIGINT CHECK (expected_ready BETWEEN 1 AND 4),
    channel        TEXT NOT NULL DEFAULT 'app'
                   CHECK (channel IN ('app', 'counter', 'open311', 'web')),
    finished_on    TEXT CHECK (finished_on IS NULL OR length(finished_on) = 10),
    finished_as    TEXT CHECK (finished_as IN ('completed', 'rejected')),
    worked_days    BIGINT CHECK (worked_days >= 0),
    pin_key        TEXT NOT NULL DEFAULT ''
);

CREATE INDEX requests_by_service ON requests (service_slug);
CREATE INDEX requests_by_last_seq ON requests (last_seq);
CREATE INDEX requests_by_owner ON requests (owner_id);
CREATE INDEX requests_by_agency ON requests (agency_slug, status);
CREATE INDEX requests_overdue ON requests (due_date, received_at, agency_slug, service_slug)
    WHERE status IN ('submitted', 'received', 'in_review', 'needs_info') AND due_date <> '';
CREATE INDEX requests_by_received ON requests (received_at);
CREATE INDEX requests_pin_hashed ON requests (id) WHERE pin_hash <> '';

-- ---- 0004 files --------------------------------------------------------------------------------

CREATE TABLE files (
    sha256      TEXT PRIMARY KEY NOT NULL,
    size        BIGINT NOT NULL,
    media_type  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- ---- 0005 accounts, sessions, audit log; 0010 account lifecycle --------------------------------

CREATE TABLE accounts (
    id                    TEXT PRIMARY KEY NOT NULL,            -- UUIDv7
    login                 TEXT NOT NULL UNIQUE,
    password_hash         TEXT NOT NULL,
    role                  TEXT NOT NULL
                          CHECK (role IN ('citizen', 'officer', 'agency_admin', 'system_admin')),
    agency_slug           TEXT NULL REFERENCES agencies (slug),
    disabled              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TEXT NOT NULL,
    invited_by            TEXT NULL REFERENCES accounts (id),
    must_change_password  BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK ((role IN ('officer', 'agency_admin')) = (agency_slug IS NOT NULL))
);

CREATE INDEX accounts_by_agency ON accounts (agency_slug);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    account_id    TEXT NULL REFERENCES accounts (id),
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_creation ON sessions (created_at);

-- Append-only and chained (0005, 0009): `seq` is written by the store.
CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   TEXT NOT NULL,                -- an account id, or `cli` for the command line
    action     TEXT NOT NULL,                -- e.g. `staff.invite`, `staff.disable`
    subject    TEXT NOT NULL,                -- the account acted on
    before     TEXT NULL,
    after      TEXT NULL,
    prev_hash  TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL DEFAULT ''
);

-- ---- 0006 tracking -----------------------------------------------------------------------------
-- (server_secret: SQLite-only legacy, see the top.)

CREATE TABLE request_events (
    seq            BIGINT PRIMARY KEY,
    request_id     TEXT NOT NULL REFERENCES requests (id),
    at             TEXT NOT NULL,
    status         TEXT NOT NULL,
    action         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    internal_note  TEXT NOT NULL DEFAULT '',
    actor_id       TEXT,
    prev_hash      TEXT NOT NULL DEFAULT '',
    hash           TEXT NOT NULL DEFAULT ''
);

CREATE INDEX request_events_by_request ON request_events (request_id, seq);

-- ---- 0007 uploads (times in Unix seconds) ------------------------------------------------------

CREATE TABLE uploads (
    upload_key  TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    total       BIGINT NOT NULL,
    received    BIGINT NOT NULL,
    complete    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL,
    touched_at  BIGINT NOT NULL,
    PRIMARY KEY (upload_key, sha256)
);

CREATE INDEX uploads_by_file ON uploads (sha256);
CREATE INDEX uploads_by_age ON uploads (complete, touched_at);

CREATE TABLE upload_volume (
    client  TEXT NOT NULL,
    hour    BIGINT NOT NULL,
    bytes   BIGINT NOT NULL,
    PRIMARY KEY (client, hour)
);

-- ---- 0008 rate limits --------------------------------------------------------------------------

CREATE TABLE rate_limits (
    name     TEXT NOT NULL,
    key      TEXT NOT NULL,
    full_at  BIGINT NOT NULL,                -- milliseconds since the Unix epoch
    PRIMARY KEY (name, key)
);

CREATE INDEX rate_limits_by_full_at ON rate_limits (name, full_at);

-- ---- 0009 the audit chain and the answer sets --------------------------------------------------

-- No row: there are no rows from before 0009 to chain (see the top).
CREATE TABLE audit_seal (
    id  BIGINT PRIMARY KEY CHECK (id = 1)
);

CREATE TABLE request_answers (
    seq           BIGINT PRIMARY KEY,
    request_id    TEXT NOT NULL REFERENCES requests (id),
    form_version  BIGINT NOT NULL,
    answers       TEXT NOT NULL,                 -- the cleaned answers (JSON), as checked
    at            TEXT NOT NULL,
    actor_id      TEXT NOT NULL,                 -- `citizen` or an account id
    prev_hash     TEXT NOT NULL DEFAULT '',
    hash          TEXT NOT NULL DEFAULT ''
);

CREATE INDEX request_answers_by_request ON request_answers (request_id, seq);

-- ---- 0011 satisfaction surveys -----------------------------------------------------------------

CREATE TABLE survey_answers (
    key           TEXT PRIMARY KEY NOT NULL CHECK (length(key) = 64),
    service_slug  TEXT NOT NULL REFERENCES services (slug),
    agency_slug   TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('app', 'walk_in')),
    answered_on   TEXT NOT NULL CHECK (length(answered_on) = 10),
    answers       TEXT NOT NULL
);

CREATE INDEX survey_answers_by_service ON survey_answers (service_slug, answered_on);
CREATE INDEX survey_answers_by_agency ON survey_answers (agency_slug, answered_on);

CREATE TABLE surveyed_requests (
    request_id  TEXT PRIMARY KEY NOT NULL REFERENCES requests (id),
    mac         TEXT NOT NULL
);

-- ---- 0012 questions and answers ----------------------------------------------------------------

CREATE TABLE qa_questions (
    id                  TEXT PRIMARY KEY NOT NULL,
    service_slug        TEXT NOT NULL REFERENCES services (slug),
    agency_slug         TEXT NOT NULL,
    body                TEXT NOT NULL,
    asker               TEXT NOT NULL,
    asked_at            TEXT NOT NULL,
    accepted_answer_id  TEXT,
    accepted_by         TEXT,
    accepted_at         TEXT,
    hidden_at           TEXT,
    hidden_by           TEXT,
    hidden_reason       TEXT,
    promoted_answer_id  TEXT,
    promoted_by         TEXT,
    promoted_at         TEXT,
    CHECK ((promoted_answer_id IS NULL) = (promoted_by IS NULL) AND (promoted_by IS NULL) = (promoted_at IS NULL)),
    CHECK ((accepted_answer_id IS NULL) = (accepted_by IS NULL) AND (accepted_by IS NULL) = (accepted_at IS NULL)),
    CHECK ((hidden_at IS NULL) = (hidden_by IS NULL) AND (hidden_by IS NULL) = (hidden_reason IS NULL))
);

CREATE INDEX qa_questions_by_service ON qa_questions (service_slug, asked_at);
CREATE INDEX qa_questions_by_agency ON qa_questions (agency_slug, asked_at);
CREATE INDEX qa_questions_asked ON qa_questions (asked_at, agency_slug, service_slug);

CREATE TABLE qa_answers (
    id             TEXT PRIMARY KEY NOT NULL,
    question_id    TEXT NOT NULL REFERENCES qa_questions (id),
    body           TEXT NOT NULL,
    author         TEXT NOT NULL,
    official       BOOLEAN NOT NULL DEFAULT FALSE,
    author_agency  TEXT,
    answered_at    TEXT NOT NULL,
    hidden_at      TEXT,
    hidden_by      TEXT,
    hidden_reason  TEXT,
    CHECK (NOT official OR author_agency IS NOT NULL),
    CHECK ((hidden_at IS NULL) = (hidden_by IS NULL) AND (hidden_by IS NULL) = (hidden_reason IS NULL))
);

CREATE INDEX qa_answers_by_question ON qa_answers (question_id, answered_at);
CREATE INDEX qa_answers_official ON qa_answers (question_id, answered_at)
    WHERE official = TRUE AND hidden_at IS NULL;

CREATE TABLE qa_reports (
    seq          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    target_kind  TEXT NOT NULL CHECK (target_kind IN ('question', 'answer')),
    target_id    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    reporter     TEXT NOT NULL,
    reported_at  TEXT NOT NULL
);

CREATE INDEX qa_reports_by_target ON qa_reports (target_kind, target_id);

-- ---- 0013 corrections and service revisions ----------------------------------------------------

CREATE TABLE corrections (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    service_slug    TEXT NOT NULL REFERENCES services (slug),
    agency_slug     TEXT NOT NULL,               -- the service's agency when it was sent
    field           TEXT NOT NULL,               -- domain::correction::Field code
    saw             TEXT NOT NULL,
    should_say      TEXT NOT NULL,
    evidence        TEXT,                        -- SHA-256 of a photo in `files`, if any
    created_at      TEXT NOT NULL,               -- bound by the store (SQLite: DEFAULT now)
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
    closed_by       TEXT,
    closed_at       TEXT,
    closing_note    TEXT
);

CREATE INDEX corrections_queue ON corrections (agency_slug, status, created_at);
CREATE INDEX corrections_sent ON corrections (created_at, agency_slug, service_slug, status);
CREATE INDEX corrections_closed ON corrections (closed_at, agency_slug, service_slug)
    WHERE closed_at IS NOT NULL;

CREATE TABLE service_revisions (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    slug      TEXT NOT NULL,
    revision  BIGINT NOT NULL,
    doc       TEXT NOT NULL,
    actor     TEXT NOT NULL,                     -- an account id, or 'import'
    action    TEXT NOT NULL CHECK (action IN ('import', 'publish', 'confirm')),
    at        TEXT NOT NULL                      -- bound by the store (SQLite: DEFAULT now)
);

CREATE INDEX service_revisions_by_slug ON service_revisions (slug, id);

-- ---- 0014 calendar -----------------------------------------------------------------------------

CREATE TABLE calendar_years (
    year         BIGINT PRIMARY KEY,
    source       TEXT NOT NULL,
    revision     TEXT NOT NULL,
    imported_at  TEXT NOT NULL                   -- bound by the store (SQLite: DEFAULT now)
);

CREATE TABLE calendar_days (
    day   TEXT PRIMARY KEY,                      -- YYYY-MM-DD
    year  BIGINT NOT NULL REFERENCES calendar_years (year),
    name  TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('libur', 'cuti_bersama'))
);

-- ---- 0015 performance tallies ------------------------------------------------------------------

CREATE TABLE received_monthly (
    month         TEXT NOT NULL,
    agency_slug   TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    channel       TEXT NOT NULL,
    received      BIGINT NOT NULL DEFAULT 0,
    open          BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_slug, service_slug, channel, month)
);

CREATE TABLE finished_monthly (
    month         TEXT NOT NULL,
    agency_slug   TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    finished_as   TEXT NOT NULL,
    worked_days   BIGINT NOT NULL,
    n             BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_slug, service_slug, finished_as, worked_days, month)
);

CREATE TABLE survey_monthly (
    month         TEXT NOT NULL,
    agency_slug   TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    n             BIGINT NOT NULL DEFAULT 0,
    u1 BIGINT NOT NULL DEFAULT 0, u2 BIGINT NOT NULL DEFAULT 0, u3 BIGINT NOT NULL DEFAULT 0,
    u4 BIGINT NOT NULL DEFAULT 0, u5 BIGINT NOT NULL DEFAULT 0, u6 BIGINT NOT NULL DEFAULT 0,
    u7 BIGINT NOT NULL DEFAULT 0, u8 BIGINT NOT NULL DEFAULT 0, u9 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_slug, service_slug, month)
);

-- ---- 0016 Open311 ------------------------------------------------------------------------------

CREATE TABLE open311_keys (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash    TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
    created_at  TEXT NOT NULL,                   -- bound by the store (SQLite: DEFAULT now)
    created_by  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE TABLE open311_requests (
    request_id   TEXT PRIMARY KEY NOT NULL REFERENCES requests (id),
    key_id       BIGINT NOT NULL REFERENCES open311_keys (id),
    address      TEXT NOT NULL,
    address_id   TEXT,
    lat          DOUBLE PRECISION,
    long         DOUBLE PRECISION,
    description  TEXT NOT NULL DEFAULT '',
    media_url    TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '{}'
);

CREATE INDEX open311_requests_by_key ON open311_requests (key_id);

-- ---- 0017 web drafts ---------------------------------------------------------------------------

CREATE TABLE web_drafts (
    id            TEXT PRIMARY KEY,
    owner         TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('counter', 'web')),
    form_version  BIGINT NOT NULL,
    answers       TEXT NOT NULL DEFAULT '{}',
    files         TEXT NOT NULL DEFAULT '{}',
    expect        TEXT,
    sent          BIGINT NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),  -- read as i64 (see the top)
    created_at    BIGINT NOT NULL,
    touched_at    BIGINT NOT NULL,
    UNIQUE (owner, service_slug)
);

CREATE INDEX web_drafts_touched ON web_drafts (touched_at);

CREATE TABLE counter_officers (
    account_id  TEXT PRIMARY KEY REFERENCES accounts (id),
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL                    -- bound by the store (SQLite: DEFAULT now)
);

-- ---- 0018 OpenID Connect -----------------------------------------------------------------------

CREATE TABLE identities (
    provider      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    account_id    TEXT NOT NULL REFERENCES accounts (id),
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL,
    PRIMARY KEY (provider, subject)
);

CREATE INDEX identities_by_account ON identities (account_id, provider);

CREATE TABLE oidc_pending (
    handle_hash   TEXT PRIMARY KEY NOT NULL,
    provider      TEXT NOT NULL,
    state         TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    verifier      TEXT NOT NULL,
    account_id    TEXT NULL REFERENCES accounts (id),
    next          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE INDEX oidc_pending_by_age ON oidc_pending (created_at);

-- ---- append-only guards (0005, 0006, 0009, 0013) -----------------------------------------------
-- Each SQLite trigger is a trigger of the same name calling a function of that name. The update
-- guards keep 0009's one exception in their WHEN: a row whose hash is still '' may be chained
-- (prev_hash and hash set) with every other field unchanged.

CREATE FUNCTION audit_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: rows cannot be changed';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
WHEN (OLD.hash <> '' OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.at IS DISTINCT FROM OLD.at
      OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.action IS DISTINCT FROM OLD.action
      OR NEW.subject IS DISTINCT FROM OLD.subject OR NEW.before IS DISTINCT FROM OLD.before
      OR NEW.after IS DISTINCT FROM OLD.after)
EXECUTE FUNCTION audit_log_no_update();

CREATE FUNCTION audit_log_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: rows cannot be deleted';
END $$;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
EXECUTE FUNCTION audit_log_no_delete();

CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: rows cannot be deleted';
END $$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT
EXECUTE FUNCTION audit_log_no_truncate();

CREATE FUNCTION audit_log_chained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: a new row must carry its chain hash';
END $$;
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log FOR EACH ROW
WHEN (length(NEW.hash) <> 64 OR length(NEW.prev_hash) <> 64)
EXECUTE FUNCTION audit_log_chained();

CREATE FUNCTION request_events_append_only_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_events is append-only';
END $$;
CREATE TRIGGER request_events_append_only_update BEFORE UPDATE ON request_events FOR EACH ROW
WHEN (OLD.hash <> '' OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.request_id IS DISTINCT FROM OLD.request_id
      OR NEW.at IS DISTINCT FROM OLD.at OR NEW.status IS DISTINCT FROM OLD.status
      OR NEW.action IS DISTINCT FROM OLD.action OR NEW.note IS DISTINCT FROM OLD.note
      OR NEW.internal_note IS DISTINCT FROM OLD.internal_note OR NEW.actor_id IS DISTINCT FROM OLD.actor_id)
EXECUTE FUNCTION request_events_append_only_update();

CREATE FUNCTION request_events_append_only_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_events is append-only';
END $$;
CREATE TRIGGER request_events_append_only_delete BEFORE DELETE ON request_events FOR EACH ROW
EXECUTE FUNCTION request_events_append_only_delete();

CREATE FUNCTION request_events_append_only_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_events is append-only';
END $$;
CREATE TRIGGER request_events_append_only_truncate BEFORE TRUNCATE ON request_events FOR EACH STATEMENT
EXECUTE FUNCTION request_events_append_only_truncate();

CREATE FUNCTION request_events_chained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_events is append-only: a new row must carry its chain hash';
END $$;
CREATE TRIGGER request_events_chained BEFORE INSERT ON request_events FOR EACH ROW
WHEN (length(NEW.hash) <> 64 OR length(NEW.prev_hash) <> 64)
EXECUTE FUNCTION request_events_chained();

CREATE FUNCTION request_answers_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_answers is append-only: rows cannot be changed';
END $$;
CREATE TRIGGER request_answers_no_update BEFORE UPDATE ON request_answers FOR EACH ROW
WHEN (OLD.hash <> '' OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.request_id IS DISTINCT FROM OLD.request_id
      OR NEW.form_version IS DISTINCT FROM OLD.form_version OR NEW.answers IS DISTINCT FROM OLD.answers
      OR NEW.at IS DISTINCT FROM OLD.at OR NEW.actor_id IS DISTINCT FROM OLD.actor_id)
EXECUTE FUNCTION request_answers_no_update();

CREATE FUNCTION request_answers_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_answers is append-only: rows cannot be deleted';
END $$;
CREATE TRIGGER request_answers_no_delete BEFORE DELETE ON request_answers FOR EACH ROW
EXECUTE FUNCTION request_answers_no_delete();

CREATE FUNCTION request_answers_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_answers is append-only: rows cannot be deleted';
END $$;
CREATE TRIGGER request_answers_no_truncate BEFORE TRUNCATE ON request_answers FOR EACH STATEMENT
EXECUTE FUNCTION request_answers_no_truncate();

CREATE FUNCTION request_answers_chained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'request_answers is append-only: a new row must carry its chain hash';
END $$;
CREATE TRIGGER request_answers_chained BEFORE INSERT ON request_answers FOR EACH ROW
WHEN (length(NEW.hash) <> 64 OR length(NEW.prev_hash) <> 64)
EXECUTE FUNCTION request_answers_chained();

CREATE FUNCTION service_revisions_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'service_revisions is append-only';
END $$;
CREATE TRIGGER service_revisions_no_update BEFORE UPDATE ON service_revisions FOR EACH ROW
EXECUTE FUNCTION service_revisions_no_update();

CREATE FUNCTION service_revisions_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'service_revisions is append-only';
END $$;
CREATE TRIGGER service_revisions_no_delete BEFORE DELETE ON service_revisions FOR EACH ROW
EXECUTE FUNCTION service_revisions_no_delete();

CREATE FUNCTION service_revisions_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'service_revisions is append-only';
END $$;
CREATE TRIGGER service_revisions_no_truncate BEFORE TRUNCATE ON service_revisions FOR EACH STATEMENT
EXECUTE FUNCTION service_revisions_no_truncate();

-- ---- the tallies (0015) ------------------------------------------------------------------------
-- Open: the statuses domain::status::Status::is_open names.

CREATE FUNCTION requests_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO received_monthly (month, agency_slug, service_slug, channel, received, open)
    VALUES (substr(NEW.received_at, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.channel, 1,
            (NEW.status IN ('submitted', 'received', 'in_review', 'needs_info'))::int)
    ON CONFLICT (agency_slug, service_slug, channel, month) DO UPDATE
    SET received = received_monthly.received + 1,
        open = received_monthly.open + excluded.open;
    IF NEW.finished_on IS NOT NULL AND NEW.finished_as IS NOT NULL AND NEW.worked_days IS NOT NULL THEN
        INSERT INTO finished_monthly (month, agency_slug, service_slug, finished_as, worked_days, n)
        VALUES (substr(NEW.finished_on, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.finished_as,
                NEW.worked_days, 1)
        ON CONFLICT (agency_slug, service_slug, finished_as, worked_days, month) DO UPDATE
        SET n = finished_monthly.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER requests_tally_insert AFTER INSERT ON requests FOR EACH ROW
EXECUTE FUNCTION requests_tally_insert();

CREATE FUNCTION requests_tally_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE received_monthly
    SET received = received - 1,
        open = open - (OLD.status IN ('submitted', 'received', 'in_review', 'needs_info'))::int
    WHERE month = substr(OLD.received_at, 1, 7) AND agency_slug = OLD.agency_slug
      AND service_slug = OLD.service_slug AND channel = OLD.channel;
    INSERT INTO received_monthly (month, agency_slug, service_slug, channel, received, open)
    VALUES (substr(NEW.received_at, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.channel, 1,
            (NEW.status IN ('submitted', 'received', 'in_review', 'needs_info'))::int)
    ON CONFLICT (agency_slug, service_slug, channel, month) DO UPDATE
    SET received = received_monthly.received + 1,
        open = received_monthly.open + excluded.open;
    RETURN NULL;
END $$;
CREATE TRIGGER requests_tally_received
AFTER UPDATE OF received_at, agency_slug, service_slug, channel, status ON requests FOR EACH ROW
EXECUTE FUNCTION requests_tally_received();

CREATE FUNCTION requests_tally_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE finished_monthly SET n = n - 1
    WHERE OLD.finished_on IS NOT NULL AND month = substr(OLD.finished_on, 1, 7)
      AND agency_slug = OLD.agency_slug AND service_slug = OLD.service_slug
      AND finished_as = OLD.finished_as AND worked_days = OLD.worked_days;
    IF NEW.finished_on IS NOT NULL AND NEW.finished_as IS NOT NULL AND NEW.worked_days IS NOT NULL THEN
        INSERT INTO finished_monthly (month, agency_slug, service_slug, finished_as, worked_days, n)
        VALUES (substr(NEW.finished_on, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.finished_as,
                NEW.worked_days, 1)
        ON CONFLICT (agency_slug, service_slug, finished_as, worked_days, month) DO UPDATE
        SET n = finished_monthly.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER requests_tally_finished
AFTER UPDATE OF finished_on, finished_as, worked_days, agency_slug, service_slug ON requests FOR EACH ROW
EXECUTE FUNCTION requests_tally_finished();

CREATE FUNCTION requests_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE received_monthly
    SET received = received - 1,
        open = open - (OLD.status IN ('submitted', 'received', 'in_review', 'needs_info'))::int
    WHERE month = substr(OLD.received_at, 1, 7) AND agency_slug = OLD.agency_slug
      AND service_slug = OLD.service_slug AND channel = OLD.channel;
    UPDATE finished_monthly SET n = n - 1
    WHERE OLD.finished_on IS NOT NULL AND month = substr(OLD.finished_on, 1, 7)
      AND agency_slug = OLD.agency_slug AND service_slug = OLD.service_slug
      AND finished_as = OLD.finished_as AND worked_days = OLD.worked_days;
    RETURN NULL;
END $$;
CREATE TRIGGER requests_tally_delete AFTER DELETE ON requests FOR EACH ROW
EXECUTE FUNCTION requests_tally_delete();

CREATE FUNCTION survey_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    u jsonb := NEW.answers::jsonb;
BEGIN
    INSERT INTO survey_monthly (month, agency_slug, service_slug, n, u1, u2, u3, u4, u5, u6, u7, u8, u9)
    VALUES (substr(NEW.answered_on, 1, 7), NEW.agency_slug, NEW.service_slug, 1,
            (u ->> 0)::bigint, (u ->> 1)::bigint, (u ->> 2)::bigint, (u ->> 3)::bigint, (u ->> 4)::bigint,
            (u ->> 5)::bigint, (u ->> 6)::bigint, (u ->> 7)::bigint, (u ->> 8)::bigint)
    ON CONFLICT (agency_slug, service_slug, month) DO UPDATE
    SET n = survey_monthly.n + 1,
        u1 = survey_monthly.u1 + excluded.u1, u2 = survey_monthly.u2 + excluded.u2,
        u3 = survey_monthly.u3 + excluded.u3, u4 = survey_monthly.u4 + excluded.u4,
        u5 = survey_monthly.u5 + excluded.u5, u6 = survey_monthly.u6 + excluded.u6,
        u7 = survey_monthly.u7 + excluded.u7, u8 = survey_monthly.u8 + excluded.u8,
        u9 = survey_monthly.u9 + excluded.u9;
    RETURN NULL;
END $$;
CREATE TRIGGER survey_tally_insert AFTER INSERT ON survey_answers FOR EACH ROW
EXECUTE FUNCTION survey_tally_insert();

CREATE FUNCTION survey_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    u jsonb := OLD.answers::jsonb;
BEGIN
    UPDATE survey_monthly
    SET n = n - 1,
        u1 = u1 - (u ->> 0)::bigint, u2 = u2 - (u ->> 1)::bigint, u3 = u3 - (u ->> 2)::bigint,
        u4 = u4 - (u ->> 3)::bigint, u5 = u5 - (u ->> 4)::bigint, u6 = u6 - (u ->> 5)::bigint,
        u7 = u7 - (u ->> 6)::bigint, u8 = u8 - (u ->> 7)::bigint, u9 = u9 - (u ->> 8)::bigint
    WHERE month = substr(OLD.answered_on, 1, 7) AND agency_slug = OLD.agency_slug
      AND service_slug = OLD.service_slug;
    RETURN NULL;
END $$;
CREATE TRIGGER survey_tally_delete AFTER DELETE ON survey_answers FOR EACH ROW
EXECUTE FUNCTION survey_tally_delete();
