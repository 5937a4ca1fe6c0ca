-- Issue 12, part 2: the performance figures (`/kinerja`, its CSV and JSON, the staff dashboard).
-- Read from facts kept on each request and from monthly tallies the database keeps exact itself
-- (triggers, in the transaction of every change), so a year of 100,000 requests is a sum over a
-- few thousand rows, not a walk through the requests or their timelines.

-- The door a request came in through (domain::channel). Every request so far came from the app;
-- issue 13 adds the counter, Open311 and the web form.
ALTER TABLE requests ADD COLUMN channel TEXT NOT NULL DEFAULT 'app'
    CHECK (channel IN ('app', 'counter', 'open311', 'web'));

-- When a request was finished (the first time it reached `completed` or `rejected`; a rejected
-- request is closed as `completed` later, which changes none of these), how, and its working
-- days from arrival to that day, counted with the calendar as it stood then. Written once, in
-- the transaction of the step that finished it (store::requests::step); a later calendar import
-- never changes them. Requests finished before this migration are filled in at the next start
-- (store::performance::fill_finished).
ALTER TABLE requests ADD COLUMN finished_on TEXT CHECK (finished_on IS NULL OR length(finished_on) = 10);
ALTER TABLE requests ADD COLUMN finished_as TEXT CHECK (finished_as IN ('completed', 'rejected'));
ALTER TABLE requests ADD COLUMN worked_days INTEGER CHECK (worked_days >= 0);

-- Requests received per month (`YYYY-MM` of `received_at`), agency, service and channel, and how
-- many of them are open now (status submitted, received, in_review or needs_info: the statuses
-- domain::status::Status::is_open names). Keyed month last, so a period's sums per agency and
-- service come out in key order, with no sorting.
CREATE TABLE received_monthly (
    month         TEXT NOT NULL,
    agency_slug   TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    channel       TEXT NOT NULL,
    received      INTEGER NOT NULL DEFAULT 0,
    open          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_slug, service_slug, channel, month)
) STRICT, WITHOUT ROWID;

-- Requests finished per month (of `finished_on`), agency, service, outcome and working days.
CREATE TABLE finished_monthly (
    month         TEXT NOT NULL,
    agency_slug   TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    finished_as   TEXT NOT NULL,
    worked_days   INTEGER NOT NULL,
    n             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_slug, service_slug, finished_as, worked_days, month)
) STRICT, WITHOUT ROWID;

INSERT INTO received_monthly (month, agency_slug, service_slug, channel, received, open)
SELECT substr(received_at, 1, 7), agency_slug, service_slug, channel, COUNT(*),
       SUM(status IN ('submitted', 'received', 'in_review', 'needs_info'))
FROM requests GROUP BY 1, 2, 3, 4;

-- The tallies follow every insert, change and removal of a request.
CREATE TRIGGER requests_tally_insert AFTER INSERT ON requests
BEGIN
    INSERT OR IGNORE INTO received_monthly (month, agency_slug, service_slug, channel)
    VALUES (substr(NEW.received_at, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.channel);
    UPDATE received_monthly
    SET received = received + 1,
        open = open + (NEW.status IN ('submitted', 'received', 'in_review', 'needs_info'))
    WHERE month = substr(NEW.received_at, 1, 7) AND agency_slug = NEW.agency_slug
      AND service_slug = NEW.service_slug AND channel = NEW.channel;
    INSERT OR IGNORE INTO finished_monthly (month, agency_slug, service_slug, finished_as, worked_days)
    SELECT substr(NEW.finished_on, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.finished_as, NEW.worked_days
    WHERE NEW.finished_on IS NOT NULL;
    UPDATE finished_monthly SET n = n + 1
    WHERE NEW.finished_on IS NOT NULL AND month = substr(NEW.finished_on, 1, 7)
      AND agency_slug = NEW.agency_slug AND service_slug = NEW.service_slug
      AND finished_as = NEW.finished_as AND worked_days = NEW.worked_days;
END;

CREATE TRIGGER requests_tally_received AFTER UPDATE OF received_at, agency_slug, service_slug, channel, status ON requests
BEGIN
    UPDATE received_monthly
    SET received = received - 1,
        open = open - (OLD.status IN ('submitted', 'received', 'in_review', 'needs_info'))
    WHERE month = substr(OLD.received_at, 1, 7) AND agency_slug = OLD.agency_slug
      AND service_slug = OLD.service_slug AND channel = OLD.channel;
    INSERT OR IGNORE INTO received_monthly (month, agency_slug, service_slug, channel)
    VALUES (substr(NEW.received_at, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.channel);
    UPDATE received_monthly
    SET received = received + 1,
        open = open + (NEW.status IN ('submitted', 'received', 'in_review', 'needs_info'))
    WHERE month = substr(NEW.received_at, 1, 7) AND agency_slug = NEW.agency_slug
      AND service_slug = NEW.service_slug AND channel = NEW.channel;
END;

CREATE TRIGGER requests_tally_finished AFTER UPDATE OF finished_on, finished_as, worked_days, agency_slug, service_slug ON requests
BEGIN
    UPDATE finished_monthly SET n = n - 1
    WHERE OLD.finished_on IS NOT NULL AND month = substr(OLD.finished_on, 1, 7)
      AND agency_slug = OLD.agency_slug AND service_slug = OLD.service_slug
      AND finished_as = OLD.finished_as AND worked_days = OLD.worked_days;
    INSERT OR IGNORE INTO finished_monthly (month, agency_slug, service_slug, finished_as, worked_days)
    SELECT substr(NEW.finished_on, 1, 7), NEW.agency_slug, NEW.service_slug, NEW.finished_as, NEW.worked_days
    WHERE NEW.finished_on IS NOT NULL;
    UPDATE finished_monthly SET n = n + 1
    WHERE NEW.finished_on IS NOT NULL AND month = substr(NEW.finished_on, 1, 7)
      AND agency_slug = NEW.agency_slug AND service_slug = NEW.service_slug
      AND finished_as = NEW.finished_as AND worked_days = NEW.worked_days;
END;

CREATE TRIGGER requests_tally_delete AFTER DELETE ON requests
BEGIN
    UPDATE received_monthly
    SET received = received - 1,
        open = open - (OLD.status IN ('submitted', 'received', 'in_review', 'needs_info'))
    WHERE month = substr(OLD.received_at, 1, 7) AND agency_slug = OLD.agency_slug
      AND service_slug = OLD.service_slug AND channel = OLD.channel;
    UPDATE finished_monthly SET n = n - 1
    WHERE OLD.finished_on IS NOT NULL AND month = substr(OLD.finished_on, 1, 7)
      AND agency_slug = OLD.agency_slug AND service_slug = OLD.service_slug
      AND finished_as = OLD.finished_as AND worked_days = OLD.worked_days;
END;

-- Overdue now: the open requests whose due date has passed, by due date (few, in an agency
-- that keeps up), with what the count needs.
CREATE INDEX requests_overdue ON requests (due_date, received_at, agency_slug, service_slug)
    WHERE status IN ('submitted', 'received', 'in_review', 'needs_info') AND due_date <> '';

-- Survey answers per month (of `answered_on`), agency and service: how many, and the sum of each
-- of the nine answers (U1-U9): what the IKM of a quarter or a year is computed from
-- (store::survey::tallies), kept by the database at every answer stored.
CREATE TABLE survey_monthly (
    month         TEXT NOT NULL,
    agency_slug   TEXT NOT NULL,
    service_slug  TEXT NOT NULL,
    n             INTEGER NOT NULL DEFAULT 0,
    u1 INTEGER NOT NULL DEFAULT 0, u2 INTEGER NOT NULL DEFAULT 0, u3 INTEGER NOT NULL DEFAULT 0,
    u4 INTEGER NOT NULL DEFAULT 0, u5 INTEGER NOT NULL DEFAULT 0, u6 INTEGER NOT NULL DEFAULT 0,
    u7 INTEGER NOT NULL DEFAULT 0, u8 INTEGER NOT NULL DEFAULT 0, u9 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_slug, service_slug, month)
) STRICT, WITHOUT ROWID;

INSERT INTO survey_monthly (month, agency_slug, service_slug, n, u1, u2, u3, u4, u5, u6, u7, u8, u9)
SELECT substr(answered_on, 1, 7), agency_slug, service_slug, COUNT(*),
       SUM(answers ->> 0), SUM(answers ->> 1), SUM(answers ->> 2), SUM(answers ->> 3), SUM(answers ->> 4),
       SUM(answers ->> 5), SUM(answers ->> 6), SUM(answers ->> 7), SUM(answers ->> 8)
FROM survey_answers GROUP BY 1, 2, 3;

CREATE TRIGGER survey_tally_insert AFTER INSERT ON survey_answers
BEGIN
    INSERT OR IGNORE INTO survey_monthly (month, agency_slug, service_slug)
    VALUES (substr(NEW.answered_on, 1, 7), NEW.agency_slug, NEW.service_slug);
    UPDATE survey_monthly
    SET n = n + 1,
        u1 = u1 + (NEW.answers ->> 0), u2 = u2 + (NEW.answers ->> 1), u3 = u3 + (NEW.answers ->> 2),
        u4 = u4 + (NEW.answers ->> 3), u5 = u5 + (NEW.answers ->> 4), u6 = u6 + (NEW.answers ->> 5),
        u7 = u7 + (NEW.answers ->> 6), u8 = u8 + (NEW.answers ->> 7), u9 = u9 + (NEW.answers ->> 8)
    WHERE month = substr(NEW.answered_on, 1, 7) AND agency_slug = NEW.agency_slug
      AND service_slug = NEW.service_slug;
END;

CREATE TRIGGER survey_tally_delete AFTER DELETE ON survey_answers
BEGIN
    UPDATE survey_monthly
    SET n = n - 1,
        u1 = u1 - (OLD.answers ->> 0), u2 = u2 - (OLD.answers ->> 1), u3 = u3 - (OLD.answers ->> 2),
        u4 = u4 - (OLD.answers ->> 3), u5 = u5 - (OLD.answers ->> 4), u6 = u6 - (OLD.answers ->> 5),
        u7 = u7 - (OLD.answers ->> 6), u8 = u8 - (OLD.answers ->> 7), u9 = u9 - (OLD.answers ->> 8)
    WHERE month = substr(OLD.answered_on, 1, 7) AND agency_slug = OLD.agency_slug
      AND service_slug = OLD.service_slug;
END;

-- Questions asked in a period, and their first official answer.
CREATE INDEX qa_questions_asked ON qa_questions (asked_at, agency_slug, service_slug);
CREATE INDEX qa_answers_official ON qa_answers (question_id, answered_at) WHERE official = 1 AND hidden_at IS NULL;

-- Corrections sent in a period, and those closed in one.
CREATE INDEX corrections_sent ON corrections (created_at, agency_slug, service_slug, status);
CREATE INDEX corrections_closed ON corrections (closed_at, agency_slug, service_slug)
    WHERE closed_at IS NOT NULL;
