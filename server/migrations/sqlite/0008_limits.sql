-- Rate limits (issue 8): the guess counters live in the database, so a restart forgets none and
-- several servers on one database count together. One token bucket per (limit, key): the time
-- at which it is full again, in milliseconds since the Unix epoch (the generic cell rate
-- algorithm; a key never seen, or whose time has passed, has a full bucket and may be swept).
CREATE TABLE rate_limits (
    name     TEXT NOT NULL,
    key      TEXT NOT NULL,
    full_at  INTEGER NOT NULL,
    PRIMARY KEY (name, key)
) STRICT, WITHOUT ROWID;
-- The sweep finds the full buckets of one limit.
CREATE INDEX rate_limits_by_full_at ON rate_limits (name, full_at);
