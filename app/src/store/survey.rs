//! Satisfaction surveys (SKM): answers stored exactly once per client id, one per request, with
//! nothing that leads from an answer to a person; and the sums the back office reads.

use super::{AsConn, StoreError};
use crate::domain::skm::{Answers, Period, Tally};

/// What storing an answer came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored now.
    New,
    /// Stored before under the same id with the same content: nothing new.
    Again,
    /// The id was used for other content, or the request already has another survey.
    Conflict,
    /// The request is not closed (only *Selesai* and *Ditolak* are surveyed), or unknown.
    NotClosed,
}

/// One answer to store: `key` is the SHA-256 (hex) of the client's id, `day` today in
/// Indonesia (`YYYY-MM-DD`).
#[derive(Clone, Debug)]
pub struct Answer<'a> {
    /// SHA-256 (hex) of the client's id.
    pub key: &'a str,
    /// Today (`YYYY-MM-DD`).
    pub day: &'a str,
    /// The nine answers.
    pub answers: &'a Answers,
}

/// The answers as stored: a JSON list of nine numbers.
fn json(a: &Answers) -> String {
    serde_json::to_string(a).unwrap_or_default()
}

/// Whether `key` is stored with exactly this content: `Some(true)` same, `Some(false)`
/// other content, `None` not stored.
async fn same_as_stored(
    conn: super::Conn<'_>,
    key: &str,
    service: &str,
    channel: &str,
    answers: &str,
) -> Result<Option<bool>, StoreError> {
    super::on_conn!(conn, conn => {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT service_slug, channel, answers FROM survey_answers WHERE key = $1")
                .bind(key)
                .fetch_optional(&mut *conn)
                .await?;
        Ok(row.map(|(s, c, a)| s == service && c == channel && a == answers))
    })
}

/// Inserts one answer row.
async fn insert(
    conn: super::Conn<'_>,
    a: &Answer<'_>,
    service: &str,
    agency: &str,
    channel: &str,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        sqlx::query(
            "INSERT INTO survey_answers (key, service_slug, agency_slug, channel, answered_on, answers)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(a.key)
        .bind(service)
        .bind(agency)
        .bind(channel)
        .bind(a.day)
        .bind(json(a.answers))
        .execute(&mut *conn)
        .await?;
        Ok(())
    })
}

/// Stores the survey of request `request` (closed: completed or rejected), once. `mac` is the
/// keyed hash of the client's id that marks the request as surveyed: the same id and content
/// again is [`Stored::Again`]; another id for a surveyed request, or this id with other
/// answers, is [`Stored::Conflict`].
pub async fn answer_request(
    db: &super::Db,
    request: &str,
    mac: &str,
    a: &Answer<'_>,
) -> Result<Stored, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let row: Option<(String, String, String)> =
                sqlx::query_as("SELECT service_slug, agency_slug, status FROM requests WHERE id = $1")
                    .bind(request)
                    .fetch_optional(&mut *conn)
                    .await?;
            let Some((service, agency, status)) = row else {
                return Ok(Stored::NotClosed);
            };
            if status != "completed" && status != "rejected" {
                return Ok(Stored::NotClosed);
            }
            let marked: Option<String> =
                sqlx::query_scalar("SELECT mac FROM surveyed_requests WHERE request_id = $1")
                    .bind(request)
                    .fetch_optional(&mut *conn)
                    .await?;
            let same = same_as_stored(conn.as_conn(), a.key, &service, "app", &json(a.answers)).await?;
            match (marked, same) {
                (Some(m), Some(true)) if m == mac => return Ok(Stored::Again),
                (Some(_), _) | (None, Some(_)) => return Ok(Stored::Conflict),
                (None, None) => {}
            }
            insert(conn.as_conn(), a, &service, &agency, "app").await?;
            sqlx::query("INSERT INTO surveyed_requests (request_id, mac) VALUES ($1, $2)")
                .bind(request)
                .bind(mac)
                .execute(&mut *conn)
                .await?;
            Ok(Stored::New)
        })
        .await
    })
}

/// Stores a walk-in answer for `service` of `agency` (the counter's survey), once per id.
pub async fn answer_walk_in(
    db: &super::Db,
    service: &str,
    agency: &str,
    a: &Answer<'_>,
) -> Result<Stored, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            match same_as_stored(conn.as_conn(), a.key, service, "walk_in", &json(a.answers)).await? {
                Some(true) => return Ok(Stored::Again),
                Some(false) => return Ok(Stored::Conflict),
                None => {}
            }
            insert(conn.as_conn(), a, service, agency, "walk_in").await?;
            Ok(Stored::New)
        })
        .await
    })
}

/// Whether request `request` has been surveyed (the phone stops inviting).
pub async fn surveyed(db: &super::Db, request: &str) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        let found: Option<bool> =
            sqlx::query_scalar("SELECT TRUE FROM surveyed_requests WHERE request_id = $1")
                .bind(request)
                .fetch_optional(pool)
                .await?;
        Ok(found.is_some())
    })
}

/// Per agency and service (by slugs, in that order), the tally of the answers given in
/// `period`, of agency `only` when given: read in one query from the monthly sums the database
/// keeps at every answer stored (`survey_monthly`, migration 0015).
pub async fn tallies(
    db: &super::Db,
    only: Option<&str>,
    period: Period,
) -> Result<Vec<(String, String, Tally)>, StoreError> {
    super::on_db!(db, pool => {
        let (from, to) = period.bounds();
        let rows: Vec<SumsRow> = sqlx::query_as(
            "SELECT agency_slug, service_slug, CAST(SUM(n) AS BIGINT),
                    CAST(SUM(u1) AS BIGINT), CAST(SUM(u2) AS BIGINT), CAST(SUM(u3) AS BIGINT),
                    CAST(SUM(u4) AS BIGINT), CAST(SUM(u5) AS BIGINT), CAST(SUM(u6) AS BIGINT),
                    CAST(SUM(u7) AS BIGINT), CAST(SUM(u8) AS BIGINT), CAST(SUM(u9) AS BIGINT)
             FROM survey_monthly
             WHERE ($1 IS NULL OR agency_slug = $1)
               AND month >= substr($2, 1, 7) AND month < substr($3, 1, 7)
             GROUP BY agency_slug, service_slug HAVING SUM(n) > 0
             ORDER BY agency_slug, service_slug",
        )
        .bind(only)
        .bind(&from)
        .bind(&to)
        .fetch_all(pool)
        .await?;
        let n = |v: i64| u32::try_from(v).unwrap_or(0);
        Ok(rows
            .into_iter()
            .map(|r| {
                let sums = [r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11].map(n);
                (r.0, r.1, Tally { n: n(r.2), sums })
            })
            .collect())
    })
}

/// A service's survey sums: agency, service, answers, the sums of U1–U9.
type SumsRow = (
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// A request of the period as the gaps need it: its service, when it arrived, when it was
/// completed (if it was), and what the citizen expected (days, cost).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Outcome {
    /// The service's slug.
    pub service: String,
    /// Arrival (RFC 3339).
    pub received_at: String,
    /// The last completion step (RFC 3339), if any.
    pub completed_at: Option<String>,
    /// Expected working days.
    pub expected_days: Option<i64>,
    /// Expected cost in rupiah.
    pub expected_cost: Option<i64>,
}

/// The requests of `agency` that arrived on days in `[from, to)` (WIB dates compared by their
/// UTC text: a request at 00:30 WIB counts on the day before, which the period's size makes
/// negligible): the population of the period and the material of the gaps.
pub async fn outcomes(
    db: &super::Db,
    agency: &str,
    (from, to): (&str, &str),
) -> Result<Vec<Outcome>, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_as(
            "SELECT r.service_slug AS service, r.received_at,
                    (SELECT MAX(e.at) FROM request_events e
                      WHERE e.request_id = r.id AND e.status = 'completed') AS completed_at,
                    r.expected_days, r.expected_cost
             FROM requests r
             WHERE r.agency_slug = $1 AND substr(r.received_at, 1, 10) >= $2
               AND substr(r.received_at, 1, 10) < $3",
        )
        .bind(agency)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?)
    })
}
