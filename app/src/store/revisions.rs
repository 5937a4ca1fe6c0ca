//! Revisions of one service at a time, from the back office: publishing an edited document or
//! confirming it unchanged ("Masih benar") gives that service alone the catalogue's next
//! revision, so the delta phones fetch carries only it; every revision's document is kept in
//! `service_revisions` with who and when (the import writes its rows there too, actor
//! `import`), and each publication writes an audit row in the same transaction.

use super::{AsConn, StoreError};
use crate::domain::catalogue::Service;

/// What a publication is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An edited document.
    Publish,
    /// The same document, its verified date renewed ("Masih benar").
    Confirm,
}

impl Kind {
    /// Its code in `service_revisions.action`.
    fn code(self) -> &'static str {
        match self {
            Kind::Publish => "publish",
            Kind::Confirm => "confirm",
        }
    }
}

/// A new revision of one service.
#[derive(Clone, Copy, Debug)]
pub struct Publication<'a> {
    /// Who publishes (an account id).
    pub actor: &'a str,
    /// Their agency: only its services can be published.
    pub agency: &'a str,
    /// The revision the editor started from: a publication over a newer one is refused.
    pub base: i64,
    /// The new document (its slug names the service).
    pub doc: &'a Service,
    /// Edited or confirmed.
    pub kind: Kind,
}

/// How a publication came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Published {
    /// Stored as this revision.
    Done(i64),
    /// The service changed since `base` (nothing stored).
    Stale,
    /// No such active service in the agency (nothing stored).
    NotFound,
}

/// The active service `slug` of `agency` with its revision; none for another agency's.
pub async fn current(
    db: &super::Db,
    agency: &str,
    slug: &str,
) -> Result<Option<(Service, i64)>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT doc, revision FROM services WHERE slug = $1 AND agency_slug = $2 AND withdrawn = FALSE",
        )
        .bind(slug)
        .bind(agency)
        .fetch_optional(pool)
        .await?;
        row.map(|(doc, rev)| Ok((serde_json::from_str(&doc)?, rev)))
            .transpose()
    })
}

/// Publishes `p.doc` as the next revision of its service (the catalogue's head + 1), keeps it
/// in the history and the audit log, all in one transaction.
pub async fn publish(db: &super::Db, p: &Publication<'_>) -> Result<Published, StoreError> {
    super::on_db!(db, pool => {
        let doc = serde_json::to_string(p.doc)?;
        super::in_transaction(pool, async |conn| {
            let now: Option<(i64, String)> = sqlx::query_as(
                "SELECT revision, verified_at FROM services WHERE slug = $1 AND agency_slug = $2 AND withdrawn = FALSE",
            )
            .bind(&p.doc.slug)
            .bind(p.agency)
            .fetch_optional(&mut *conn)
            .await?;
            let Some((revision, _)) = now else {
                return Ok(Published::NotFound);
            };
            if revision != p.base {
                return Ok(Published::Stale);
            }
            let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(revision), 0) FROM services")
                .fetch_one(&mut *conn)
                .await?;
            let next = head + 1;
            sqlx::query(
                "UPDATE services SET doc = $2, verified_at = $3, revision = $4,
                   updated_at = $5 WHERE slug = $1",
            )
            .bind(&p.doc.slug)
            .bind(&doc)
            .bind(p.doc.verified_at.to_string())
            .bind(next)
            .bind(super::clock::Moment::now().stamp_seconds())
            .execute(&mut *conn)
            .await?;
            record(conn.as_conn(), &p.doc.slug, next, &doc, p.actor, p.kind.code()).await?;
            let subject = format!("service:{}", p.doc.slug);
            let audit = super::audit::Audit {
                actor: p.actor,
                action: match p.kind {
                    Kind::Publish => "catalogue.publish",
                    Kind::Confirm => "catalogue.confirm",
                },
                subject: &subject,
                before: Some(serde_json::json!({ "revision": revision })),
                after: Some(serde_json::json!({
                    "revision": next, "verified_at": p.doc.verified_at.to_string()
                })),
            };
            super::audit::append(conn.as_conn(), &audit).await?;
            Ok(Published::Done(next))
        })
        .await
    })
}

/// Adds a row to the history of `slug` (also used by the import, actor `import`).
pub async fn record(
    conn: super::Conn<'_>,
    slug: &str,
    revision: i64,
    doc: &str,
    actor: &str,
    action: &str,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        sqlx::query(
            "INSERT INTO service_revisions (slug, revision, doc, actor, action, at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(slug)
        .bind(revision)
        .bind(doc)
        .bind(actor)
        .bind(action)
        .bind(super::clock::now())
        .execute(conn)
        .await?;
        Ok(())
    })
}

/// One kept revision: its number, what made it, who (a login, or `import`), when, the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// The catalogue revision it was published as.
    pub revision: i64,
    /// `import`, `publish` or `confirm`.
    pub action: String,
    /// The login of who published it, or `import`.
    pub actor: String,
    /// When (UTC, ISO 8601).
    pub at: String,
    /// The document.
    pub doc: Service,
}

/// Every kept revision of `slug`, newest first.
pub async fn history(db: &super::Db, slug: &str) -> Result<Vec<Kept>, StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT h.revision, h.action, COALESCE(a.login, h.actor), h.at, h.doc
             FROM service_revisions h LEFT JOIN accounts a ON a.id = h.actor
             WHERE h.slug = $1 ORDER BY h.id DESC",
        )
        .bind(slug)
        .fetch_all(pool)
        .await?;
        rows.into_iter()
            .map(|(revision, action, actor, at, doc)| {
                Ok(Kept {
                    revision,
                    action,
                    actor,
                    at,
                    doc: serde_json::from_str(&doc)?,
                })
            })
            .collect()
    })
}

/// The active services of `agency` with their revisions, by slug.
pub async fn of_agency(db: &super::Db, agency: &str) -> Result<Vec<(Service, i64)>, StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT doc, revision FROM services WHERE agency_slug = $1 AND withdrawn = FALSE ORDER BY slug",
        )
        .bind(agency)
        .fetch_all(pool)
        .await?;
        rows.into_iter()
            .map(|(doc, rev)| Ok((serde_json::from_str(&doc)?, rev)))
            .collect()
    })
}
