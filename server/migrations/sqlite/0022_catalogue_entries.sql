-- The catalogue by scope (issue 14): a phone keeps the national services and its chosen
-- provinces, and follows each scope by its own cursor. A service's scope is its agency's
-- province code (`agency.province` in its document), or '' for a national one.
--
-- One row per (scope, service) the service has ever been in: its revision, and whether it is
-- withdrawn from that scope. A service whose agency moves to another province is withdrawn
-- from the old scope at the revision of the move, so a phone following the old scope drops it.
-- Kept by triggers on `services`, so every writer (the import, publications, answers promoted
-- to the catalogue) keeps it without knowing of it.
CREATE TABLE catalogue_entries (
    scope     TEXT NOT NULL,
    slug      TEXT NOT NULL REFERENCES services (slug),
    revision  INTEGER NOT NULL,
    withdrawn INTEGER NOT NULL CHECK (withdrawn IN (0, 1)),
    PRIMARY KEY (scope, slug)
) STRICT;

-- A scope's page: the rows after a (revision, slug) position, in that order.
CREATE INDEX catalogue_entries_by_position ON catalogue_entries (scope, revision, slug);

INSERT INTO catalogue_entries (scope, slug, revision, withdrawn)
SELECT COALESCE(json_extract(doc, '$.agency.province'), ''), slug, revision, withdrawn
FROM services;

CREATE TRIGGER services_entry_added AFTER INSERT ON services
BEGIN
    INSERT INTO catalogue_entries (scope, slug, revision, withdrawn)
    VALUES (COALESCE(json_extract(NEW.doc, '$.agency.province'), ''), NEW.slug, NEW.revision, NEW.withdrawn)
    ON CONFLICT (scope, slug) DO UPDATE SET revision = excluded.revision, withdrawn = excluded.withdrawn;
END;

CREATE TRIGGER services_entry_changed AFTER UPDATE ON services
BEGIN
    -- Out of its old scope, at the revision of the move.
    UPDATE catalogue_entries SET revision = NEW.revision, withdrawn = 1
    WHERE slug = NEW.slug
      AND scope = COALESCE(json_extract(OLD.doc, '$.agency.province'), '')
      AND scope <> COALESCE(json_extract(NEW.doc, '$.agency.province'), '');
    INSERT INTO catalogue_entries (scope, slug, revision, withdrawn)
    VALUES (COALESCE(json_extract(NEW.doc, '$.agency.province'), ''), NEW.slug, NEW.revision, NEW.withdrawn)
    ON CONFLICT (scope, slug) DO UPDATE SET revision = excluded.revision, withdrawn = excluded.withdrawn;
END;
