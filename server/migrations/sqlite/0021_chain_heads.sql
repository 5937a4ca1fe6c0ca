-- The highest seq each append-only chain has ever had (issue 14): what `audit verify` holds
-- the chain's last row to, so rows removed at the end are found. SQLite kept this in
-- `sqlite_sequence` (AUTOINCREMENT); PostgreSQL has no such counter, so both keep this table,
-- written by a trigger on every append (never lowered), and `verify` reads it on both.
CREATE TABLE chain_heads (
    name TEXT PRIMARY KEY,
    seq  INTEGER NOT NULL
) STRICT;

INSERT INTO chain_heads (name, seq)
SELECT name, seq FROM sqlite_sequence
WHERE name IN ('audit_log', 'request_events', 'request_answers');

CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log
BEGIN
    INSERT INTO chain_heads (name, seq) VALUES ('audit_log', NEW.seq)
    ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > chain_heads.seq THEN excluded.seq ELSE chain_heads.seq END;
END;

CREATE TRIGGER request_events_head AFTER INSERT ON request_events
BEGIN
    INSERT INTO chain_heads (name, seq) VALUES ('request_events', NEW.seq)
    ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > chain_heads.seq THEN excluded.seq ELSE chain_heads.seq END;
END;

CREATE TRIGGER request_answers_head AFTER INSERT ON request_answers
BEGIN
    INSERT INTO chain_heads (name, seq) VALUES ('request_answers', NEW.seq)
    ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > chain_heads.seq THEN excluded.seq ELSE chain_heads.seq END;
END;
