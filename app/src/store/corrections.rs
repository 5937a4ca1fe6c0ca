//! Corrections citizens send about a service's information, kept in the queue of the service's
//! agency until its staff resolve or dismiss them.

use super::{AsConn, StoreError};
use crate::domain::correction::{Checked, Correction, Field, Status};

/// A stored correction's row, as read.
type Row = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
);

/// The columns of [`Row`], in order.
const COLUMNS: &str =
    "id, service_slug, field, saw, should_say, evidence, created_at, status, closing_note";

/// A row as a [`Correction`] (a field or status the code no longer knows reads as `Other` /
/// `Open`, so the row still shows).
fn correction(r: Row) -> Correction {
    Correction {
        id: r.0,
        service: r.1,
        what: Checked {
            field: Field::from_code(&r.2).unwrap_or(Field::Other),
            saw: r.3,
            should: r.4,
        },
        evidence: r.5,
        at: r.6,
        status: Status::from_code(&r.7).unwrap_or(Status::Open),
        note: r.8,
    }
}

/// Stores a checked correction of active service `slug` in its agency's queue, with the
/// SHA-256 of an evidence photo already stored in `files`. `None` when there is no such
/// active service (nothing stored).
pub async fn add(
    db: &super::Db,
    slug: &str,
    what: &Checked,
    evidence: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    super::on_db!(db, pool => {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO corrections (service_slug, agency_slug, field, saw, should_say, evidence, created_at)
             SELECT slug, agency_slug, $2, $3, $4, $5, $6 FROM services WHERE slug = $1 AND withdrawn = FALSE
             RETURNING id",
        )
        .bind(slug)
        .bind(what.field.code())
        .bind(&what.saw)
        .bind(&what.should)
        .bind(evidence)
        .bind(super::clock::now())
        .fetch_optional(pool)
        .await?;
        Ok(id)
    })
}

/// The open corrections of `agency`'s services, oldest first.
pub async fn open_for(db: &super::Db, agency: &str) -> Result<Vec<Correction>, StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM corrections WHERE agency_slug = $1 AND status = 'open'
             ORDER BY created_at, id"
        ))
        .bind(agency)
        .fetch_all(pool)
        .await?;
        Ok(rows.into_iter().map(correction).collect())
    })
}

/// Every correction of service `slug` (any status), newest first: what the history page shows.
pub async fn of_service(db: &super::Db, slug: &str) -> Result<Vec<Correction>, StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM corrections WHERE service_slug = $1 ORDER BY created_at DESC, id DESC"
        ))
        .bind(slug)
        .fetch_all(pool)
        .await?;
        Ok(rows.into_iter().map(correction).collect())
    })
}

/// How a member of staff closes a correction.
#[derive(Clone, Copy, Debug)]
pub struct Closing<'a> {
    /// Their account id.
    pub actor: &'a str,
    /// Their agency: only its corrections can be closed.
    pub agency: &'a str,
    /// The correction.
    pub id: i64,
    /// Resolved or dismissed.
    pub status: Status,
    /// Their note (may be empty).
    pub note: &'a str,
}

/// Closes an open correction of the actor's agency, with an audit row (`correction.resolve` /
/// `correction.dismiss`) in the same transaction. False (nothing changed) when there is no such
/// open correction in that agency's queue, or `status` is `Open`.
pub async fn close(db: &super::Db, c: &Closing<'_>) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        if c.status == Status::Open {
            return Ok(false);
        }
        super::in_transaction(pool, async |conn| {
            let done = sqlx::query(
                "UPDATE corrections SET status = $3, closed_by = $4, closing_note = $5,
                   closed_at = $6
                 WHERE id = $1 AND agency_slug = $2 AND status = 'open'",
            )
            .bind(c.id)
            .bind(c.agency)
            .bind(c.status.code())
            .bind(c.actor)
            .bind(c.note)
            .bind(super::clock::now())
            .execute(&mut *conn)
            .await?
            .rows_affected()
                == 1;
            if done {
                let action = match c.status {
                    Status::Resolved => "correction.resolve",
                    _ => "correction.dismiss",
                };
                let subject = format!("correction:{}", c.id);
                let audit = super::audit::Audit {
                    actor: c.actor,
                    action,
                    subject: &subject,
                    before: Some(serde_json::json!({ "status": "open" })),
                    after: Some(serde_json::json!({ "status": c.status.code(), "note": c.note })),
                };
                super::audit::append(conn.as_conn(), &audit).await?;
            }
            Ok(done)
        })
        .await
    })
}

/// How many corrections are stored (tests: "nothing stored").
pub async fn count(db: &super::Db) -> Result<i64, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM corrections")
            .fetch_one(pool)
            .await?)
    })
}
