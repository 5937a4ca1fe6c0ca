-- Files citizens uploaded for their applications (photos of documents, PDFs), named by the
-- SHA-256 of their bytes (64 lowercase hex): an answer to a file field is this name. Only
-- complete, checked files are listed; the bytes live in `<data-dir>/files/<sha256>`.
CREATE TABLE files (
    sha256      TEXT PRIMARY KEY NOT NULL,
    size        INTEGER NOT NULL,
    media_type  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
