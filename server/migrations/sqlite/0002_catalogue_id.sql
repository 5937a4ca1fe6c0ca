-- Which catalogue this is. A phone's cursor is only meaningful against the catalogue it came
-- from: a rebuilt database gets a new id, and phones that show an old one start over.
CREATE TABLE catalogue_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

INSERT INTO catalogue_meta (key, value) VALUES ('catalogue_id', lower(hex(randomblob(8))));
