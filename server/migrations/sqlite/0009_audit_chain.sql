-- The audit chain and the answer sets (issue 8, items 3 and 9).
--
-- Every row of `audit_log`, `request_events` and `request_answers` carries `prev_hash` (the
-- `hash` of the row before it in the same table, or 64 zeros for the first) and `hash`
-- (SHA-256 over the table's name, `prev_hash` and the row's fields in a fixed encoding:
-- `app::store::audit`). The store writes both in the transaction that writes the row, so a row
-- changed, deleted or inserted by someone who dropped the triggers breaks the chain, and
-- `server audit verify` names the first broken row.
--
-- SQLite has no SHA-256 of its own, so the rows that exist before this migration are chained
-- from Rust, once, when the server opens the database (`app::store::audit::seal_legacy`, called
-- by `server::db::connect` right after the migrations): only while the row of `audit_seal` below
-- is there, which it deletes in the same transaction (rows whose hash is blanked later are never
-- adopted). Until then their `hash` is '' — the one change the update triggers below let
-- through, and only from '' to a hash, with every other field unchanged.
CREATE TABLE audit_seal (
    id  INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;
INSERT INTO audit_seal (id) VALUES (1);

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE request_events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE request_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Every set of answers a request had, append-only: the first written at submit, one more for
-- each answer to "more information needed". `requests.answers` keeps the latest, for reading.
CREATE TABLE request_answers (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id    TEXT NOT NULL REFERENCES requests (id),
    form_version  INTEGER NOT NULL,
    answers       TEXT NOT NULL,                 -- the cleaned answers (JSON), as checked
    at            TEXT NOT NULL,
    actor_id      TEXT NOT NULL,                 -- `citizen` (holder of the request's key) or an account id
    prev_hash     TEXT NOT NULL DEFAULT '',
    hash          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX request_answers_by_request ON request_answers (request_id, seq);

-- Requests stored before: their answers as they are now are the first set we know.
INSERT INTO request_answers (request_id, form_version, answers, at, actor_id)
    SELECT id, form_version, answers, received_at, 'citizen' FROM requests ORDER BY received_at, id;

-- Updates: refused, except chaining a row written before this migration (hash '' → a hash).
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash <> '' OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
    OR NEW.action IS NOT OLD.action OR NEW.subject IS NOT OLD.subject OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;

DROP TRIGGER request_events_append_only_update;
CREATE TRIGGER request_events_append_only_update BEFORE UPDATE ON request_events
WHEN OLD.hash <> '' OR NEW.seq IS NOT OLD.seq OR NEW.request_id IS NOT OLD.request_id OR NEW.at IS NOT OLD.at
    OR NEW.status IS NOT OLD.status OR NEW.action IS NOT OLD.action OR NEW.note IS NOT OLD.note
    OR NEW.internal_note IS NOT OLD.internal_note OR NEW.actor_id IS NOT OLD.actor_id
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;

CREATE TRIGGER request_answers_no_update BEFORE UPDATE ON request_answers
WHEN OLD.hash <> '' OR NEW.seq IS NOT OLD.seq OR NEW.request_id IS NOT OLD.request_id OR NEW.form_version IS NOT OLD.form_version
    OR NEW.answers IS NOT OLD.answers OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
BEGIN SELECT RAISE(ABORT, 'request_answers is append-only: rows cannot be changed'); END;
CREATE TRIGGER request_answers_no_delete BEFORE DELETE ON request_answers
BEGIN SELECT RAISE(ABORT, 'request_answers is append-only: rows cannot be deleted'); END;

-- A new row must come chained (the store computes the hash; a forgotten code path fails loudly).
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log WHEN length(NEW.hash) <> 64 OR length(NEW.prev_hash) <> 64
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: a new row must carry its chain hash'); END;
CREATE TRIGGER request_events_chained BEFORE INSERT ON request_events WHEN length(NEW.hash) <> 64 OR length(NEW.prev_hash) <> 64
BEGIN SELECT RAISE(ABORT, 'request_events is append-only: a new row must carry its chain hash'); END;
CREATE TRIGGER request_answers_chained BEFORE INSERT ON request_answers WHEN length(NEW.hash) <> 64 OR length(NEW.prev_hash) <> 64
BEGIN SELECT RAISE(ABORT, 'request_answers is append-only: a new row must carry its chain hash'); END;
