-- The highest seq each append-only chain has ever had (issue 14): what `audit verify` holds
-- the chain's last row to, so rows removed at the end are found. SQLite kept this in
-- `sqlite_sequence` (AUTOINCREMENT); PostgreSQL has no such counter, so both keep this table,
-- written by a trigger on every append (never lowered), and `verify` reads it on both.
CREATE TABLE chain_heads (
    name TEXT PRIMARY KEY,
    seq  BIGINT NOT NULL
);

INSERT INTO chain_heads (name, seq)
SELECT 'audit_log', MAX(seq) FROM audit_log HAVING COUNT(*) > 0
UNION ALL
SELECT 'request_events', MAX(seq) FROM request_events HAVING COUNT(*) > 0
UNION ALL
SELECT 'request_answers', MAX(seq) FROM request_answers HAVING COUNT(*) > 0;

CREATE FUNCTION audit_log_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO chain_heads (name, seq) VALUES ('audit_log', NEW.seq)
    ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > chain_heads.seq THEN excluded.seq ELSE chain_heads.seq END;
    RETURN NULL;
END $$;
CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log FOR EACH ROW
EXECUTE FUNCTION audit_log_head();

CREATE FUNCTION request_events_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO chain_heads (name, seq) VALUES ('request_events', NEW.seq)
    ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > chain_heads.seq THEN excluded.seq ELSE chain_heads.seq END;
    RETURN NULL;
END $$;
CREATE TRIGGER request_events_head AFTER INSERT ON request_events FOR EACH ROW
EXECUTE FUNCTION request_events_head();

CREATE FUNCTION request_answers_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO chain_heads (name, seq) VALUES ('request_answers', NEW.seq)
    ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > chain_heads.seq THEN excluded.seq ELSE chain_heads.seq END;
    RETURN NULL;
END $$;
CREATE TRIGGER request_answers_head AFTER INSERT ON request_answers FOR EACH ROW
EXECUTE FUNCTION request_answers_head();
