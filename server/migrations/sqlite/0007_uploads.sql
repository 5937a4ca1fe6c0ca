-- Uploads belong to the application they are for: its envelope id (a UUIDv7 made on the
-- phone), the upload key. One row per (key, file), partial or complete; the bytes of a partial
-- upload are in `<data-dir>/files/partial/<key>-<sha256>`, a complete file's once in
-- `<data-dir>/files/<sha256>` (listed in `files`) however many keys uploaded it. Times are
-- Unix seconds. `received` is what the quotas count: set before the bytes are written, so the
-- disk never holds more than is counted.
CREATE TABLE uploads (
    upload_key  TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    total       INTEGER NOT NULL,
    received    INTEGER NOT NULL,
    complete    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    touched_at  INTEGER NOT NULL,
    PRIMARY KEY (upload_key, sha256)
) STRICT;
CREATE INDEX uploads_by_file ON uploads (sha256);
CREATE INDEX uploads_by_age ON uploads (complete, touched_at);

-- Bytes received per client address (the limiter key: IPv4, or the IPv6 /64) per hour
-- (Unix seconds / 3600). Old hours are deleted by the sweeper.
CREATE TABLE upload_volume (
    client  TEXT NOT NULL,
    hour    INTEGER NOT NULL,
    bytes   INTEGER NOT NULL,
    PRIMARY KEY (client, hour)
) STRICT;

-- Files named by requests stored before uploads had owners belong to those requests, so their
-- staff can still open them.
INSERT OR IGNORE INTO uploads (upload_key, sha256, total, received, complete, created_at, touched_at)
SELECT r.id, f.sha256, f.size, f.size, 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)
FROM requests r, json_each(r.answers) a JOIN files f ON f.sha256 = a.value
WHERE a.type = 'text';
