//! The only place SQL lives (server side). One module per aggregate.

pub mod accounts;
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
