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
    revision  BIGINT NOT NULL,
    withdrawn BOOLEAN NOT NULL,
    PRIMARY KEY (scope, slug)
);

-- A scope's page: the rows after a (revision, slug) position, in that order.
CREATE INDEX catalogue_entries_by_position ON catalogue_entries (scope, revision, slug);

INSERT INTO catalogue_entries (scope, slug, revision, withdrawn)
SELECT COALESCE(doc::jsonb #>> '{agency,province}', ''), slug, revision, withdrawn
FROM services;

CREATE FUNCTION services_entry_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalogue_entries (scope, slug, revision, withdrawn)
    VALUES (COALESCE(NEW.doc::jsonb #>> '{agency,province}', ''), NEW.slug, NEW.revision, NEW.withdrawn)
    ON CONFLICT (scope, slug) DO UPDATE SET revision = excluded.revision, withdrawn = excluded.withdrawn;
    RETURN NULL;
END $$;
CREATE TRIGGER services_entry_added AFTER INSERT ON services FOR EACH ROW
EXECUTE FUNCTION services_entry_added();

CREATE FUNCTION services_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Out of its old scope, at the revision of the move.
    UPDATE catalogue_entries SET revision = NEW.revision, withdrawn = TRUE
    WHERE slug = NEW.slug
      AND scope = COALESCE(OLD.doc::jsonb #>> '{agency,province}', '')
      AND scope <> COALESCE(NEW.doc::jsonb #>> '{agency,province}', '');
    INSERT INTO catalogue_entries (scope, slug, revision, withdrawn)
    VALUES (COALESCE(NEW.doc::jsonb #>> '{agency,province}', ''), NEW.slug, NEW.revision, NEW.withdrawn)
    ON CONFLICT (scope, slug) DO UPDATE SET revision = excluded.revision, withdrawn = excluded.withdrawn;
    RETURN NULL;
END $$;
CREATE TRIGGER services_entry_changed AFTER UPDATE ON services FOR EACH ROW
EXECUTE FUNCTION services_entry_changed();
