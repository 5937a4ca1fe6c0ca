-- Applications citizens submitted. `id` is the client-generated UUIDv7: the idempotency key.
-- `envelope` is the submission as received (canonical JSON), compared when the same key comes
-- again; `answers` the validated, cleaned answers.
CREATE TABLE requests (
    id            TEXT PRIMARY KEY NOT NULL,
    reference     TEXT NOT NULL UNIQUE,
    service_slug  TEXT NOT NULL REFERENCES services (slug),
    form_version  INTEGER NOT NULL,
    envelope      TEXT NOT NULL,
    answers       TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'submitted',
    received_at   TEXT NOT NULL
) STRICT;

CREATE INDEX requests_by_service ON requests (service_slug);
