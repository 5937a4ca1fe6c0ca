//! Submitted applications: stored durably and exactly once per idempotency key.

use super::StoreError;
use crate::domain::form::Answers;
use crate::domain::reference::Reference;
use crate::domain::submission::{canonical, Envelope, Receipt, Status};
use sqlx::SqlitePool;
use std::hash::{BuildHasher, Hasher};

/// What storing a submission came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored now.
    New(Receipt),
    /// Stored before under the same id, with the same content: the same receipt again.
    Again(Receipt),
    /// The id was used before for different content.
    Conflict,
}

/// A fresh random reference number (not a secret: tracking will ask for a PIN too).
fn random_reference() -> Reference {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    Reference::from_number(h.finish())
}

fn receipt(id: String, reference: &str, received_at: String) -> Result<Receipt, StoreError> {
    let reference = Reference::parse(reference).map_err(|e| StoreError::Invalid(format!("stored reference: {e:?}")))?;
    Ok(Receipt { id, reference, status: Status::Submitted, received_at })
}

/// Stores a checked submission in one transaction, committed before this returns. The same id
/// with the same envelope returns the first receipt and stores nothing new.
pub async fn submit(pool: &SqlitePool, envelope: &Envelope, clean: &Answers) -> Result<Stored, StoreError> {
    let content = canonical(envelope);
    // BEGIN IMMEDIATE: take the write lock first, so two copies of one envelope arriving at once
    // cannot both find nothing and both insert.
    let mut conn = pool.acquire().await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let result = async {
        let existing: Option<(String, String, String)> =
            sqlx::query_as("SELECT envelope, reference, received_at FROM requests WHERE id = ?1")
                .bind(&envelope.id)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((stored, reference, at)) = existing {
            return if stored == content { Ok(Stored::Again(receipt(envelope.id.clone(), &reference, at)?)) } else { Ok(Stored::Conflict) };
        }
        let answers = serde_json::to_string(clean)?;
        for _ in 0..8 {
            let reference = random_reference().to_string();
            let inserted = sqlx::query(
                "INSERT INTO requests (id, reference, service_slug, form_version, envelope, answers, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (reference) DO NOTHING",
            )
            .bind(&envelope.id)
            .bind(&reference)
            .bind(&envelope.service)
            .bind(i64::from(envelope.form_version))
            .bind(&content)
            .bind(&answers)
            .execute(&mut *conn)
            .await?;
            if inserted.rows_affected() == 1 {
                let at: String = sqlx::query_scalar("SELECT received_at FROM requests WHERE id = ?1").bind(&envelope.id).fetch_one(&mut *conn).await?;
                return Ok(Stored::New(receipt(envelope.id.clone(), &reference, at)?));
            }
        }
        Err(StoreError::Invalid("could not find a free reference number".into()))
    }
    .await;
    match &result {
        Ok(_) => sqlx::query("COMMIT").execute(&mut *conn).await?,
        Err(_) => sqlx::query("ROLLBACK").execute(&mut *conn).await?,
    };
    result
}

/// How many requests are stored (for tests and the dashboard).
pub async fn count(pool: &SqlitePool) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM requests").fetch_one(pool).await?)
}
