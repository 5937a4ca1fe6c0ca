//! The only place SQL lives (server side). One module per aggregate.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod catalogue;
pub mod clock;
pub mod corrections;
pub mod db;
pub mod files;
pub mod history;
pub mod identities;
pub mod installation;
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
pub mod trip;
pub mod web_drafts;

pub(crate) use db::{on_conn, on_db};
pub use db::{AsConn, Conn, Db};

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

/// Runs `work` in one write transaction (on SQLite `BEGIN IMMEDIATE`: the write lock first, so
/// two writers never both read before either writes): committed when it succeeds, rolled back
/// when it fails (or when the future is dropped half-way). The one way the store opens a
/// transaction that writes.
pub async fn in_transaction<DB: sqlx::Database, T, E: From<sqlx::Error>>(
    pool: &sqlx::Pool<DB>,
    work: impl AsyncFnOnce(&mut DB::Connection) -> Result<T, E>,
) -> Result<T, E>
where
    DB::Connection: AsConn,
{
    run(pool, db::begin_write::<DB>(), true, work).await
}

/// Runs `work` in one read transaction (`BEGIN`): every query in it sees the same snapshot of
/// the database, whatever writers commit meanwhile. (PostgreSQL's default isolation, read
/// committed, takes a snapshot per statement: a snapshot of the whole transaction is asked for.)
pub async fn in_snapshot<DB: sqlx::Database, T, E: From<sqlx::Error>>(
    pool: &sqlx::Pool<DB>,
    work: impl AsyncFnOnce(&mut DB::Connection) -> Result<T, E>,
) -> Result<T, E>
where
    DB::Connection: AsConn,
{
    let begin = if DB::NAME == "SQLite" {
        "BEGIN"
    } else {
        "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
    };
    run(pool, begin, false, work).await
}

/// Opens a transaction with `begin`, takes the writers' lock in it when `lock` (see
/// [`db::lock_writers`]), runs `work` in it, commits on success, rolls back on failure. sqlx's
/// transaction also rolls back when dropped, so a cancelled caller never returns a connection
/// to the pool with a transaction (or a lock) still held.
async fn run<DB: sqlx::Database, T, E: From<sqlx::Error>>(
    pool: &sqlx::Pool<DB>,
    begin: &'static str,
    lock: bool,
    work: impl AsyncFnOnce(&mut DB::Connection) -> Result<T, E>,
) -> Result<T, E>
where
    DB::Connection: AsConn,
{
    // Begun in a task of its own: sqlx 0.8 counts a transaction only once its `BEGIN` has
    // answered, so a caller cancelled while the `BEGIN` is on its way (a client that went away)
    // would give its connection back inside a transaction nothing rolls back, and the next
    // statements on it would never commit. The task sees the `BEGIN` through; a transaction
    // nobody is left to take is dropped there, and rolled back.
    let begun = pool.clone();
    let tx = match tokio::spawn(async move { begun.begin_with(begin).await }).await {
        Ok(tx) => tx?,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        // Cancelled: only when the runtime shuts down, and the pool with it.
        Err(_) => return Err(sqlx::Error::PoolClosed.into()),
    };
    finish(tx, lock, work).await
}

/// [`in_transaction`] on a connection the caller keeps ([`db::Reserved`]): begun on it
/// directly. Only for a caller nobody cancels half-way (the submission writer's task): a `BEGIN`
/// dropped on its way would leave the connection in a transaction sqlx does not count.
pub async fn in_transaction_on<DB: sqlx::Database, T, E: From<sqlx::Error>>(
    conn: &mut DB::Connection,
    work: impl AsyncFnOnce(&mut DB::Connection) -> Result<T, E>,
) -> Result<T, E>
where
    DB::Connection: AsConn,
{
    let tx = sqlx::Connection::begin_with(conn, db::begin_write::<DB>()).await?;
    finish(tx, true, work).await
}

/// Takes the writers' lock in `tx` when `lock`, runs `work` in it, commits on success, rolls
/// back on failure.
async fn finish<DB: sqlx::Database, T, E: From<sqlx::Error>>(
    mut tx: sqlx::Transaction<'_, DB>,
    lock: bool,
    work: impl AsyncFnOnce(&mut DB::Connection) -> Result<T, E>,
) -> Result<T, E>
where
    DB::Connection: AsConn,
{
    if lock {
        db::lock_writers(tx.as_conn()).await?;
    }
    match work(&mut *tx).await {
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
