//! The only place SQL lives (server side). One module per aggregate.

pub mod accounts;
pub mod audit;
pub mod catalogue;
pub mod files;
pub mod limits;
pub mod requests;
pub mod staff;

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

/// Runs `work` in one write transaction (`BEGIN IMMEDIATE`: the write lock first, so two
/// writers never both read before either writes): committed when it succeeds, rolled back
/// when it fails.
pub async fn in_transaction<T, E: From<sqlx::Error>>(
    pool: &sqlx::SqlitePool,
    work: impl AsyncFnOnce(&mut sqlx::SqliteConnection) -> Result<T, E>,
) -> Result<T, E> {
    let mut conn = pool.acquire().await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let result = work(&mut conn).await;
    match &result {
        Ok(_) => sqlx::query("COMMIT").execute(&mut *conn).await?,
        Err(_) => sqlx::query("ROLLBACK").execute(&mut *conn).await?,
    };
    result
}
