//! Catalogue storage: import with revisions, reads, and deltas for phones.

use super::clock::Moment;
use super::AsConn;
use super::StoreError;
use crate::domain::catalogue::{
    self, Agency, CatalogueDelta, Cursor, Revision, Service, ServiceDoc,
};
use crate::domain::sync::{self, Position, SyncPage};
use sqlx::Row;
use std::collections::HashSet;

/// Which services an import speaks for: the services of agencies it does not mention are left
/// alone unless it is the whole catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportScope {
    /// The whole catalogue: anything not in it is withdrawn.
    Everything,
    /// Only the agencies in the import: their services not in it are withdrawn.
    TheseAgencies,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// New services.
    pub added: usize,
    /// Services whose content changed.
    pub changed: usize,
    /// Services that did not change (their revision is kept).
    pub unchanged: usize,
    /// Services withdrawn because the import no longer has them.
    pub withdrawn: usize,
    /// The revision given to this import's changes (the catalogue's head afterwards).
    pub revision: i64,
}

/// Imports agencies and services in one transaction, without an audit row (tests; the server
/// imports with [`import_as`]). A service keeps its revision when its document is byte-for-byte
/// the same, so phones download only what really changed.
pub async fn import(
    db: &super::Db,
    agencies: &[Agency],
    services: &[Service],
    scope: ImportScope,
) -> Result<ImportReport, StoreError> {
    import_as(db, agencies, services, scope, None).await
}

/// Who imports, for the audit log.
#[derive(Clone, Copy, Debug)]
pub struct Importer<'a> {
    /// The actor: `cli` for the command line (and the first start).
    pub actor: &'a str,
    /// What was imported (a path).
    pub source: &'a str,
}

/// Imports like [`import`], and with `by` writes a `catalogue.import` audit row (the source and
/// the report) in the same transaction.
pub async fn import_as(
    db: &super::Db,
    agencies: &[Agency],
    services: &[Service],
    scope: ImportScope,
    by: Option<Importer<'_>>,
) -> Result<ImportReport, StoreError> {
    super::on_db!(db, pool => {
        let seen = check_import(agencies, services)?;
        super::in_transaction(pool, async |conn| {
            let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(revision), 0) FROM services")
                .fetch_one(&mut *conn)
                .await?;
            let revision = head + 1;
            let mut report = ImportReport {
                revision: head,
                ..Default::default()
            };
            write_agencies(conn.as_conn(), agencies).await?;
            write_services(conn.as_conn(), services, revision, &mut report).await?;
            let spoken_for = |agency: &str| {
                scope == ImportScope::Everything || agencies.iter().any(|a| a.slug == agency)
            };
            report.withdrawn = withdraw_missing(conn.as_conn(), &seen, spoken_for, revision).await?;
            if report.added + report.changed + report.withdrawn > 0 {
                report.revision = revision;
            }
            if let Some(by) = by {
                audit_import(conn.as_conn(), by, scope, &report).await?;
            }
            Ok(report)
        })
        .await
    })
}

/// The slugs of `services`, or why they cannot be imported (a slug twice, an agency not among
/// `agencies`).
fn check_import<'a>(
    agencies: &[Agency],
    services: &'a [Service],
) -> Result<HashSet<&'a str>, StoreError> {
    let mut seen = HashSet::new();
    for s in services {
        if !seen.insert(s.slug.as_str()) {
            return Err(StoreError::Invalid(format!(
                "service slug `{}` appears twice",
                s.slug
            )));
        }
        if !agencies.iter().any(|a| a.slug == s.agency.slug) {
            return Err(StoreError::Invalid(format!(
                "service `{}` names unknown agency `{}`",
                s.slug, s.agency.slug
            )));
        }
    }
    Ok(seen)
}

/// Stores the agencies (a changed document updates its row).
async fn write_agencies(conn: super::Conn<'_>, agencies: &[Agency]) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        for a in agencies {
            sqlx::query(
                "INSERT INTO agencies (slug, doc, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (slug) DO UPDATE SET doc = excluded.doc,
                   updated_at = $3 WHERE agencies.doc <> excluded.doc",
            )
            .bind(&a.slug)
            .bind(serde_json::to_string(a)?)
            .bind(Moment::now().stamp_seconds())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    })
}

/// Stores the services: an unchanged document keeps its revision, a new or changed one gets
/// `revision` (and a row in its history, actor `import`); counted in `report`.
async fn write_services(
    conn: super::Conn<'_>,
    services: &[Service],
    revision: i64,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        for s in services {
            let existing: Option<(String, bool)> =
                sqlx::query_as("SELECT doc, withdrawn FROM services WHERE slug = $1")
                    .bind(&s.slug)
                    .fetch_optional(&mut *conn)
                    .await?;
            // FAQ entries promoted in the back office survive an import that does not list them.
            let kept = super::qa::keep_faq(s, existing.as_ref().map(|(d, _)| d.as_str()));
            let s = kept.as_ref().unwrap_or(s);
            let doc = serde_json::to_string(s)?;
            match existing {
                Some((old, false)) if old == doc => {
                    report.unchanged += 1;
                    continue;
                }
                Some(_) => report.changed += 1,
                None => report.added += 1,
            }
            sqlx::query(
                "INSERT INTO services (slug, agency_slug, category_slug, doc, verified_at, revision, withdrawn, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7)
                 ON CONFLICT (slug) DO UPDATE SET agency_slug = excluded.agency_slug,
                   category_slug = excluded.category_slug, doc = excluded.doc, verified_at = excluded.verified_at,
                   revision = excluded.revision, withdrawn = FALSE, updated_at = $7",
            )
            .bind(&s.slug)
            .bind(&s.agency.slug)
            .bind(&s.category.slug)
            .bind(&doc)
            .bind(s.verified_at.to_string())
            .bind(revision)
            .bind(Moment::now().stamp_seconds())
            .execute(&mut *conn)
            .await?;
            super::revisions::record(conn.as_conn(), &s.slug, revision, &doc, "import", "import").await?;
        }
        Ok(())
    })
}

/// Withdraws (at `revision`) the active services the import speaks for (`spoken_for`, by their
/// agency) but does not hold (`seen`). Returns how many.
async fn withdraw_missing(
    conn: super::Conn<'_>,
    seen: &HashSet<&str>,
    spoken_for: impl Fn(&str) -> bool,
    revision: i64,
) -> Result<usize, StoreError> {
    super::on_conn!(conn, conn => {
        let active: Vec<(String, String)> =
            sqlx::query_as("SELECT slug, agency_slug FROM services WHERE withdrawn = FALSE")
                .fetch_all(&mut *conn)
                .await?;
        let mut withdrawn = 0;
        for (slug, agency) in active {
            if spoken_for(&agency) && !seen.contains(slug.as_str()) {
                sqlx::query("UPDATE services SET withdrawn = TRUE, revision = $2, updated_at = $3 WHERE slug = $1")
                    .bind(&slug)
                    .bind(revision)
                    .bind(Moment::now().stamp_seconds())
                    .execute(&mut *conn)
                    .await?;
                withdrawn += 1;
            }
        }
        Ok(withdrawn)
    })
}

/// Writes the `catalogue.import` audit row: the source and the report.
async fn audit_import(
    conn: super::Conn<'_>,
    by: Importer<'_>,
    scope: ImportScope,
    report: &ImportReport,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        let after = serde_json::json!({
            "source": by.source, "whole": scope == ImportScope::Everything, "added": report.added, "changed": report.changed,
            "unchanged": report.unchanged, "withdrawn": report.withdrawn, "revision": report.revision,
        });
        let audit = super::audit::Audit {
            actor: by.actor,
            action: "catalogue.import",
            subject: "catalogue",
            before: None,
            after: Some(after),
        };
        super::audit::append(conn.as_conn(), &audit).await.map(|_| ())
    })
}

/// True when nothing was ever imported.
pub async fn is_empty(db: &super::Db) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM services")
            .fetch_one(pool)
            .await?;
        Ok(n == 0)
    })
}

/// Every service that is not withdrawn, in slug order. (Pages read them through
/// [`super::shelf::Shelves`], parsed once per catalogue state.)
pub async fn active_services(db: &super::Db) -> Result<Vec<Service>, StoreError> {
    super::on_db!(db, pool => active_services_in(pool.acquire().await?.as_conn()).await)
}

/// [`active_services`] on a caller's connection (inside its snapshot).
pub(crate) async fn active_services_in(conn: super::Conn<'_>) -> Result<Vec<Service>, StoreError> {
    super::on_conn!(conn, conn => {
        let rows = sqlx::query("SELECT doc FROM services WHERE withdrawn = FALSE ORDER BY slug")
            .fetch_all(&mut *conn)
            .await?;
        rows.iter()
            .map(|r| Ok(serde_json::from_str(r.get::<&str, _>(0))?))
            .collect()
    })
}

/// One service, unless it does not exist or was withdrawn.
pub async fn service(db: &super::Db, slug: &str) -> Result<Option<Service>, StoreError> {
    super::on_db!(db, pool => {
        let doc: Option<String> =
            sqlx::query_scalar("SELECT doc FROM services WHERE slug = $1 AND withdrawn = FALSE")
                .bind(slug)
                .fetch_optional(pool)
                .await?;
        Ok(doc.map(|d| serde_json::from_str(&d)).transpose()?)
    })
}

/// The catalogue's head revision and its id, which every cursor a phone holds is checked
/// against: one statement, so both come from one snapshot even outside a transaction (and a
/// sync page or delta takes one hand-off less).
async fn head_and_id(conn: super::Conn<'_>) -> Result<(i64, String), StoreError> {
    super::on_conn!(conn, c => {
        let (head, id): (i64, Option<String>) = sqlx::query_as(
            "SELECT (SELECT COALESCE(MAX(revision), 0) FROM services),
                    (SELECT value FROM catalogue_meta WHERE key = 'catalogue_id')",
        )
        .fetch_one(&mut *c)
        .await?;
        let id = id.ok_or_else(|| StoreError::Invalid("the catalogue has no id".into()))?;
        Ok((head, id))
    })
}

/// The catalogue's head revision and its id, as [`changes_since`] checks a cursor against them.
pub async fn head(db: &super::Db) -> Result<(i64, String), StoreError> {
    super::on_db!(db, pool => head_and_id(pool.acquire().await?.as_conn()).await)
}

/// What changed after `since`, for a phone's copy of catalogue `client` (its id, if it says).
pub async fn changes_since(
    db: &super::Db,
    since: Cursor,
    client: Option<&str>,
) -> Result<CatalogueDelta, StoreError> {
    super::on_db!(db, pool => {
        // One snapshot for head and rows.
        super::in_snapshot(pool, async |conn| {
            let (head, id) = head_and_id(conn.as_conn()).await?;
            let reset = catalogue::must_reset(since, client, Cursor(head), &id);
            let after = if reset { 0 } else { since.0 };
            let rows: Vec<StoredRow> = sqlx::query_as("SELECT slug, revision, withdrawn, doc FROM services WHERE revision > $1 ORDER BY revision, slug")
                .bind(after)
                .fetch_all(&mut *conn)
                .await?;
            let revisions = rows.into_iter().map(revision_of).collect::<Result<Vec<_>, _>>()?;
            Ok(catalogue::delta(since, reset, &id, revisions))
        })
        .await
    })
}

/// A service as the two sync answers read it: slug, revision, withdrawn, document.
type StoredRow = (String, i64, bool, String);

/// A stored service as it goes out in a delta or a page: its stored text as it is (no parse,
/// no re-encode), none when withdrawn.
fn revision_of((slug, revision, withdrawn, doc): StoredRow) -> Result<Revision, StoreError> {
    Ok(Revision {
        slug,
        revision,
        doc: if withdrawn {
            None
        } else {
            Some(ServiceDoc::from_json(doc)?)
        },
    })
}

/// One page of the entries of `scope` after `from`, for a phone holding a copy of catalogue
/// `client` (its id, if it says): the first page of the scope again, marked `reset`, when the
/// position is not one this catalogue gave (`sync::must_restart`). With `outline`, the page
/// carries each service's outline (`Service::outline`), more of them to a page.
pub async fn sync_page(
    db: &super::Db,
    scope: &str,
    from: Position,
    client: Option<&str>,
    outline: bool,
) -> Result<SyncPage, StoreError> {
    super::on_db!(db, pool => {
        // One snapshot for the head, the id and the rows: every page is consistent by itself,
        // and a service changed while a phone is half-way gets a later revision, so it comes in
        // a later page.
        super::in_snapshot(pool, async |conn| {
            let (head, id) = head_and_id(conn.as_conn()).await?;
            let reset = sync::must_restart(&from, client, head, &id);
            let from = if reset { Position::default() } else { from };
            let rows: Vec<StoredRow> = sqlx::query_as(
                "SELECT e.slug, e.revision, e.withdrawn, s.doc
                 FROM catalogue_entries e JOIN services s ON s.slug = e.slug
                 WHERE e.scope = $1 AND (e.revision > $2 OR (e.revision = $2 AND e.slug > $3))
                 ORDER BY e.revision, e.slug
                 LIMIT $4",
            )
            .bind(scope)
            .bind(from.revision)
            .bind(&from.slug)
            .bind(sync::most(outline) as i64 + 1)
            .fetch_all(&mut *conn)
            .await?;
            let entries = rows.into_iter().map(revision_of).collect::<Result<Vec<_>, _>>()?;
            Ok(sync::page(from, reset, &id, entries, outline)?)
        })
        .await
    })
}
