//! The first day there can be performance figures for (`/kinerja`'s period chooser): the
//! earliest request received, question asked or correction sent.

use super::StoreError;

/// The day (`YYYY-MM-DD`, as stored: UTC) of the earliest request, question or correction;
/// none in an empty database. Each `MIN` reads the first entry of its index (migration 0015).
pub async fn first_day(db: &super::Db) -> Result<Option<String>, StoreError> {
    super::on_db!(db, pool => {
        let first: Option<String> = sqlx::query_scalar(
            "SELECT MIN(d) FROM (
                 SELECT MIN(received_at) AS d FROM requests
                 UNION ALL SELECT MIN(asked_at) FROM qa_questions
                 UNION ALL SELECT MIN(created_at) FROM corrections
             ) AS firsts",
        )
        .fetch_one(pool)
        .await?;
        Ok(first.and_then(|d| d.get(..10).map(str::to_string)))
    })
}
