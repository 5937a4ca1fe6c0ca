-- The promised working days of each service, kept beside its document (issue 14). The
-- performance figures need them for every service ever imported, and reading them out of the
-- stored JSON documents (parsing each) took seconds a page at 10,000 services.
-- Written by every statement that writes a service's document (the import, a publication, an
-- answer promoted to the catalogue): `store::catalogue`, `store::revisions`, `store::qa`.
ALTER TABLE services ADD COLUMN processing_days BIGINT;

UPDATE services SET processing_days = CAST(CAST(doc AS jsonb) ->> 'processing_days' AS BIGINT);

-- The figures read every service's slug, agency, days and state: from this index alone, not
-- from the rows (on SQLite a row's later columns sit behind its document's overflow pages).
CREATE INDEX services_figures ON services (slug, agency_slug, processing_days, withdrawn);
