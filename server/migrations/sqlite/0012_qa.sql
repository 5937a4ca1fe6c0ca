-- Questions on a service, answered in the open (issue 11). Ids are made by the client (UUIDv7),
-- so a question or answer sent twice (an outbox retry) is stored once: the same id with the
-- same text is the same item, with another text a conflict.

CREATE TABLE qa_questions (
    id           TEXT PRIMARY KEY NOT NULL,
    service_slug TEXT NOT NULL REFERENCES services (slug),
    -- The service's agency when the question was asked: whose queue it is in.
    agency_slug  TEXT NOT NULL,
    body         TEXT NOT NULL,
    -- Who asked: an account id, or `device:<session id>` for someone not signed in.
    asker        TEXT NOT NULL,
    asked_at     TEXT NOT NULL,
    -- The accepted answer (Discourse-style: one per question, who accepted it and when).
    accepted_answer_id TEXT,
    accepted_by  TEXT,
    accepted_at  TEXT,
    -- Hidden by staff, with the reason (also in the audit log).
    hidden_at    TEXT,
    hidden_by    TEXT,
    hidden_reason TEXT,
    -- Promoted to the service's FAQ: the provenance of the entry in the service document
    -- (which answer, who promoted it, when; the entry carries this question's id).
    promoted_answer_id TEXT,
    promoted_by  TEXT,
    promoted_at  TEXT,
    CHECK ((promoted_answer_id IS NULL) = (promoted_by IS NULL) AND (promoted_by IS NULL) = (promoted_at IS NULL)),
    CHECK ((accepted_answer_id IS NULL) = (accepted_by IS NULL) AND (accepted_by IS NULL) = (accepted_at IS NULL)),
    CHECK ((hidden_at IS NULL) = (hidden_by IS NULL) AND (hidden_by IS NULL) = (hidden_reason IS NULL))
) STRICT;

CREATE INDEX qa_questions_by_service ON qa_questions (service_slug, asked_at);
CREATE INDEX qa_questions_by_agency ON qa_questions (agency_slug, asked_at);

CREATE TABLE qa_answers (
    id           TEXT PRIMARY KEY NOT NULL,
    question_id  TEXT NOT NULL REFERENCES qa_questions (id),
    body         TEXT NOT NULL,
    -- Who answered: an account id, or `device:<session id>`.
    author       TEXT NOT NULL,
    -- Stored when written, as FixMyStreet does (not recomputed from today's role): a staff
    -- member of the question's agency answering for it gives an official answer, and their
    -- agency is kept with the row.
    official     INTEGER NOT NULL DEFAULT 0 CHECK (official IN (0, 1)),
    author_agency TEXT,
    answered_at  TEXT NOT NULL,
    hidden_at    TEXT,
    hidden_by    TEXT,
    hidden_reason TEXT,
    CHECK (official = 0 OR author_agency IS NOT NULL),
    CHECK ((hidden_at IS NULL) = (hidden_by IS NULL) AND (hidden_by IS NULL) = (hidden_reason IS NULL))
) STRICT;

CREATE INDEX qa_answers_by_question ON qa_answers (question_id, answered_at);

-- A citizen's report of a question or answer, for staff to look at.
CREATE TABLE qa_reports (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    target_kind  TEXT NOT NULL CHECK (target_kind IN ('question', 'answer')),
    target_id    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    reporter     TEXT NOT NULL,
    reported_at  TEXT NOT NULL
) STRICT;

CREATE INDEX qa_reports_by_target ON qa_reports (target_kind, target_id);
