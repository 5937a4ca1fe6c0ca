-- The figures' view of each service (issue 14): its agency, its promised working days and
-- whether it is withdrawn. The performance figures read these for every service ever imported;
-- read from `services`, they sat behind each stored document (on SQLite a row's later columns
-- follow its document's overflow pages; the days are inside the JSON), which took seconds a
-- page at 10,000 services.
--
-- Derived from `services` by triggers, as `catalogue_entries` is, so every writer of a
-- service's document (the import, a publication, an answer promoted to the catalogue) keeps it
-- without knowing of it. A narrow table of its own rather than a column on `services`: on
-- SQLite a trigger can only set a column by rewriting the row, document and all.
CREATE TABLE service_figures (
    slug            TEXT PRIMARY KEY REFERENCES services (slug),
    agency_slug     TEXT NOT NULL,
    processing_days INTEGER,
    withdrawn       INTEGER NOT NULL CHECK (withdrawn IN (0, 1))
) STRICT, WITHOUT ROWID;

INSERT INTO service_figures (slug, agency_slug, processing_days, withdrawn)
SELECT slug, agency_slug, json_extract(doc, '$.processing_days'), withdrawn FROM services;

CREATE TRIGGER services_figures_added AFTER INSERT ON services
BEGIN
    INSERT INTO service_figures (slug, agency_slug, processing_days, withdrawn)
    VALUES (NEW.slug, NEW.agency_slug, json_extract(NEW.doc, '$.processing_days'), NEW.withdrawn);
END;

CREATE TRIGGER services_figures_changed AFTER UPDATE ON services
BEGIN
    UPDATE service_figures
    SET agency_slug = NEW.agency_slug,
        processing_days = json_extract(NEW.doc, '$.processing_days'),
        withdrawn = NEW.withdrawn
    WHERE slug = NEW.slug;
END;
