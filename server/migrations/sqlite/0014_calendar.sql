-- Issue 12, part 1: working days that know the calendar. The national holidays and cuti
-- bersama of each year, imported from `calendar/<year>.toml` (at start and by
-- `server import-calendar`), with the decree they come from. An import replaces a year's days
-- whole; due dates already given are kept in `requests.due_date` and never recomputed.

-- One row per imported year: where its days come from and which revision of the decree.
CREATE TABLE calendar_years (
    year         INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    revision     TEXT NOT NULL,
    imported_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The days off: a national holiday (`libur`) or joint leave (`cuti_bersama`).
CREATE TABLE calendar_days (
    day   TEXT PRIMARY KEY,                      -- YYYY-MM-DD
    year  INTEGER NOT NULL REFERENCES calendar_years (year),
    name  TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('libur', 'cuti_bersama'))
) STRICT;
