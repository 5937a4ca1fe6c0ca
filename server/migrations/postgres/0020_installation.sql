-- The installation's secret, by its id only (issue 14): the id (a digest, `app::keys`) of the
-- newest key of the secret file that every server of this database must hold. The key itself
-- stays in the file, so a copy of the database alone still unlocks no request. A server whose
-- secret file does not hold this key refuses to start instead of deriving other PINs.
CREATE TABLE installation (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
