-- Issue 12, part 2: the performance figures (`/kinerja`, its CSV and JSON, the staff dashboard),
-- computed with GROUP BY from facts kept on each request, so 100,000 requests cost a scan of
-- two covering indexes, not a walk through their timelines.

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

-- Requests received in a period, per agency, service and channel, with what open and overdue
-- are read from: every column the query needs, so it never reads the table.
CREATE INDEX requests_received ON requests (received_at, agency_slug, service_slug, channel, status, due_date);

-- Requests finished in a period, per agency, service, outcome and working days.
CREATE INDEX requests_finished ON requests (finished_on, agency_slug, service_slug, finished_as, worked_days)
    WHERE finished_on IS NOT NULL;

-- Questions asked in a period, and their first official answer.
CREATE INDEX qa_questions_asked ON qa_questions (asked_at, agency_slug, service_slug);
CREATE INDEX qa_answers_official ON qa_answers (question_id, answered_at) WHERE official = 1 AND hidden_at IS NULL;

-- Corrections sent in a period, and those closed in one.
CREATE INDEX corrections_sent ON corrections (created_at, agency_slug, service_slug, status);
CREATE INDEX corrections_closed ON corrections (closed_at, agency_slug, service_slug)
    WHERE closed_at IS NOT NULL;
