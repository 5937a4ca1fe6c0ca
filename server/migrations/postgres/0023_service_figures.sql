-- The figures' view of each service (issue 14): its agency, its promised working days and
-- whether it is withdrawn. The performance figures read these for every service ever imported;
-- read from `services`, the days sat inside each stored document (parsing each took seconds a
-- page at 10,000 services).
--
-- Derived from `services` by triggers, as `catalogue_entries` is, so every writer of a
-- service's document (the import, a publication, an answer promoted to the catalogue) keeps it
-- without knowing of it. The same narrow table as on SQLite, where a trigger can only set a
-- column by rewriting the row, document and all.
CREATE TABLE service_figures (
    slug            TEXT PRIMARY KEY REFERENCES services (slug),
    agency_slug     TEXT NOT NULL,
    processing_days BIGINT,
    withdrawn       BOOLEAN NOT NULL
);

INSERT INTO service_figures (slug, agency_slug, processing_days, withdrawn)
SELECT slug, agency_slug, CAST(doc::jsonb ->> 'processing_days' AS BIGINT), withdrawn FROM services;

CREATE FUNCTION services_figures_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO service_figures (slug, agency_slug, processing_days, withdrawn)
    VALUES (NEW.slug, NEW.agency_slug, CAST(NEW.doc::jsonb ->> 'processing_days' AS BIGINT), NEW.withdrawn);
    RETURN NULL;
END $$;
CREATE TRIGGER services_figures_added AFTER INSERT ON services FOR EACH ROW
EXECUTE FUNCTION services_figures_added();

CREATE FUNCTION services_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE service_figures
    SET agency_slug = NEW.agency_slug,
        processing_days = CAST(NEW.doc::jsonb ->> 'processing_days' AS BIGINT),
        withdrawn = NEW.withdrawn
    WHERE slug = NEW.slug;
    RETURN NULL;
END $$;
CREATE TRIGGER services_figures_changed AFTER UPDATE ON services FOR EACH ROW
EXECUTE FUNCTION services_figures_changed();
