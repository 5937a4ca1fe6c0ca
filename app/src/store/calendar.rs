//! The imported calendar of days off (`calendar_years`, `calendar_days`): a year's file replaces
//! that year whole, and every working-day count reads the calendar from here.

use super::{AsConn, StoreError};
use crate::domain::calendar::{Calendar, CalendarFile, CutiBersama, DayKind};
use crate::domain::date::Date;

/// The `catalogue_meta` key under which every import that changes the calendar leaves a new
/// random stamp, in its own transaction: a server that keeps the calendar (see
/// [`super::shelf::Shelves`]) loads it again when the stamp it reads is not the one it kept.
pub const STAMP: &str = "calendar_stamp";

/// What an import did to a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Imported {
    /// The year was not there before.
    New,
    /// The year's source, revision or days changed (the revision before).
    Revised(String),
    /// The same source, revision and days as stored: nothing written.
    Unchanged,
}

/// Imports one year's file, replacing what was stored for that year, with a `calendar.import`
/// audit row (actor `by`, e.g. `cli`) when anything changed. A file with problems is refused.
pub async fn import(db: &super::Db, file: &CalendarFile, by: &str) -> Result<Imported, StoreError> {
    super::on_db!(db, pool => {
        let problems = file.problems();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(format!(
                "calendar {}: {}",
                file.year,
                problems.join("; ")
            )));
        }
        let mut wanted: Vec<(String, String, String)> = file
            .day
            .iter()
            .map(|d| {
                (
                    d.date.to_string(),
                    d.name.clone(),
                    d.kind.code().to_string(),
                )
            })
            .collect();
        wanted.sort();
        super::in_transaction(pool, async |conn| {
            let before: Option<(String, String)> =
                sqlx::query_as("SELECT source, revision FROM calendar_years WHERE year = $1")
                    .bind(file.year)
                    .fetch_optional(&mut *conn)
                    .await?;
            let stored: Vec<(String, String, String)> = sqlx::query_as(
                "SELECT day, name, kind FROM calendar_days WHERE year = $1 ORDER BY day",
            )
            .bind(file.year)
            .fetch_all(&mut *conn)
            .await?;
            let outcome = match &before {
                None => Imported::New,
                Some((source, revision))
                    if *source == file.source && *revision == file.revision && stored == wanted =>
                {
                    return Ok(Imported::Unchanged);
                }
                Some((_, revision)) => Imported::Revised(revision.clone()),
            };
            sqlx::query("DELETE FROM calendar_days WHERE year = $1")
                .bind(file.year)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO calendar_years (year, source, revision, imported_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (year) DO UPDATE SET source = excluded.source, revision = excluded.revision,
                 imported_at = $4",
            )
            .bind(file.year)
            .bind(&file.source)
            .bind(&file.revision)
            .bind(super::clock::now())
            .execute(&mut *conn)
            .await?;
            for (day, name, kind) in &wanted {
                sqlx::query("INSERT INTO calendar_days (day, year, name, kind) VALUES ($1, $2, $3, $4)")
                    .bind(day)
                    .bind(file.year)
                    .bind(name)
                    .bind(kind)
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO catalogue_meta (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(STAMP)
            .bind(super::new_id()?)
            .execute(&mut *conn)
            .await?;
            let subject = format!("calendar/{}", file.year);
            let audit = super::audit::Audit {
                actor: by,
                action: "calendar.import",
                subject: &subject,
                before: before.map(|(source, revision)| {
                    serde_json::json!({ "source": source, "revision": revision, "days": stored.len() })
                }),
                after: Some(serde_json::json!({
                    "source": file.source, "revision": file.revision, "days": wanted.len(),
                })),
            };
            super::audit::append(conn.as_conn(), &audit).await?;
            Ok(outcome)
        })
        .await
    })
}

/// Every imported day off: the calendar working days are counted with.
pub async fn calendar(db: &super::Db) -> Result<Calendar, StoreError> {
    super::on_db!(db, pool => {
        calendar_in(pool.acquire().await?.as_conn()).await
    })
}

/// [`calendar`], read on `conn` (inside the caller's transaction).
pub(crate) async fn calendar_in(conn: super::Conn<'_>) -> Result<Calendar, StoreError> {
    super::on_conn!(conn, conn => {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT day, kind FROM calendar_days")
            .fetch_all(&mut *conn)
            .await?;
        let days = rows.iter().map(|(day, kind)| {
            let bad = || StoreError::Invalid(format!("stored calendar day {day} {kind}"));
            Ok((
                Date::parse(day).ok_or_else(bad)?,
                DayKind::parse(kind).ok_or_else(bad)?,
            ))
        });
        Ok(Calendar::new(days.collect::<Result<Vec<_>, StoreError>>()?))
    })
}

/// What `agency`'s working days are counted with: the calendar, and whether its counters close
/// on cuti bersama (its catalogue entry's `closes_on_cuti_bersama`; open when unknown).
pub async fn for_agency(
    db: &super::Db,
    agency: &str,
) -> Result<(Calendar, CutiBersama), StoreError> {
    super::on_db!(db, pool => {
        for_agency_in(pool.acquire().await?.as_conn(), agency).await
    })
}

/// [`for_agency`], read on `conn` (inside the caller's transaction).
pub(crate) async fn for_agency_in(
    conn: super::Conn<'_>,
    agency: &str,
) -> Result<(Calendar, CutiBersama), StoreError> {
    super::on_conn!(conn, conn => {
        Ok((
            calendar_in(conn.as_conn()).await?,
            cuti_bersama_in(conn.as_conn(), agency).await?,
        ))
    })
}

/// Whether `agency`'s counters close on cuti bersama (open when unknown).
pub(crate) async fn cuti_bersama_in(
    conn: super::Conn<'_>,
    agency: &str,
) -> Result<CutiBersama, StoreError> {
    super::on_conn!(conn, conn => {
        let closes = super::db::dialect::json_flag(PG, "doc", "closes_on_cuti_bersama");
        let closes: Option<bool> = sqlx::query_scalar(&format!(
            "SELECT {closes} FROM agencies WHERE slug = $1"
        ))
        .bind(agency)
        .fetch_optional(&mut *conn)
        .await?;
        Ok(CutiBersama::closes(closes.unwrap_or(false)))
    })
}

/// The imported years with their source and revision, oldest first.
pub async fn years(db: &super::Db) -> Result<Vec<(i64, String, String)>, StoreError> {
    super::on_db!(db, pool => {
        Ok(
            sqlx::query_as("SELECT year, source, revision FROM calendar_years ORDER BY year")
                .fetch_all(pool)
                .await?,
        )
    })
}
