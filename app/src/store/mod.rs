//! The only place SQL lives (server side). One module per aggregate.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod catalogue;
pub mod clock;
pub mod corrections;
pub mod files;
pub mod history;
pub mod identities;
pub mod limits;
pub mod oidc_pending;
pub mod open311;
pub mod performance;
pub mod periods;
pub mod qa;
pub mod requests;
pub mod revisions;
pub mod shelf;
pub mod staff;
pub mod submitter;
pub mod survey;
pub mod web_drafts;

/// A storage failure. Logged where it is turned into an [`AppError`](crate::error::AppError).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A stored document no longer reads as the current type.
    #[error("stored document: {0}")]
    Doc(#[from] serde_json::Error),
    /// The data to store breaks a rule.
    #[error("invalid: {0}")]
    Invalid(String),
}

/// A new id made by the server (UUIDv7) for a row the server itself creates: a question, a
/// draft of its own form, a partner's request.
pub fn new_id() -> Result<String, StoreError> {
    let mut random = [0u8; 10];
    getrandom::getrandom(&mut random).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    Ok(crate::domain::application::uuid_v7(millis, random))
}

/// Runs `work` in one write transaction (`BEGIN IMMEDIATE`: the write lock first, so two
/// writers never both read before either writes): committed when it succeeds, rolled back
/// when it fails (or when the future is dropped half-way). The one way the store opens a
/// transaction that writes.
pub async fn in_transaction<T, E: From<sqlx::Error>>(
    pool: &sqlx::SqlitePool,
    work: impl AsyncFnOnce(&mut sqlx::SqliteConnection) -> Result<T, E>,
) -> Result<T, E> {
    run(pool, "BEGIN IMMEDIATE", work).await
}

/// Runs `work` in one read transaction (`BEGIN`): every query in it sees the same snapshot of
/// the database, whatever writers commit meanwhile.
pub async fn in_snapshot<T, E: From<sqlx::Error>>(
    pool: &sqlx::SqlitePool,
    work: impl AsyncFnOnce(&mut sqlx::SqliteConnection) -> Result<T, E>,
) -> Result<T, E> {
    run(pool, "BEGIN", work).await
}

/// Opens a transaction with `begin`, runs `work` in it, commits on success, rolls back on
/// failure. sqlx's transaction also rolls back when dropped, so a cancelled caller never returns
/// a connection to the pool with a transaction still open.
async fn run<T, E: From<sqlx::Error>>(
    pool: &sqlx::SqlitePool,
    begin: &'static str,
    work: impl AsyncFnOnce(&mut sqlx::SqliteConnection) -> Result<T, E>,
) -> Result<T, E> {
    let mut tx = pool.begin_with(begin).await?;
    match work(&mut tx).await {
        Ok(v) => {
            tx.commit().await?;
            Ok(v)
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}
