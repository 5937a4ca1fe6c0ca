//! Which database the store talks to: SQLite (embedded, the default) or PostgreSQL (the
//! scale-out option), chosen once at start by the database URL.
//!
//! Every store function is written once. Its body runs inside [`on_db!`] (or [`on_conn!`] for
//! a helper that works inside a caller's transaction), which matches on the backend and
//! compiles the same body against each driver's own typed pool or connection: the SQL text is
//! shared, and each backend decodes with its own types (a PostgreSQL `BOOLEAN` is checked as a
//! boolean, not coerced). Where the two dialects must differ, the body tests the constant `PG`
//! that both macros define in each arm (and `Backend`, the arm's `sqlx::Database`, to name a
//! [`super::trip::Trip`]'s).
//!
//! Rules for the shared SQL (checked by `server/tests/sql_dialect.rs`): `$N` placeholders; no
//! `'now'` (times are bound from Rust, `store::clock`); `TRUE`/`FALSE` and Rust `bool` for
//! flags; `CAST(SUM(x) AS BIGINT)`; `COUNT(*) FILTER (WHERE …)`, never a sum of comparisons;
//! qualified column names in `DO UPDATE`; `ON CONFLICT DO NOTHING`, never `OR IGNORE`; `CASE`,
//! never two-argument `max`.

/// A pool of connections to one of the two backends. Cheap to clone (an `Arc` inside).
#[derive(Clone, Debug)]
pub enum Db {
    /// An SQLite file.
    Sqlite(sqlx::SqlitePool),
    /// A PostgreSQL database.
    Postgres(sqlx::PgPool),
}

/// One connection of either backend, borrowed from a caller that holds it (usually inside its
/// transaction).
#[derive(Debug)]
pub enum Conn<'a> {
    /// An SQLite connection.
    Sqlite(&'a mut sqlx::SqliteConnection),
    /// A PostgreSQL connection.
    Postgres(&'a mut sqlx::PgConnection),
}

impl Db {
    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// Closes every connection of the pool (waiting for those in use to come back).
    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

/// A connection of either backend taken out of its pool for one holder to keep: the submission
/// writer runs batch after batch on it, with no trip through the pool per batch (sqlx tests
/// every connection given back with a round trip to it).
pub enum Reserved {
    /// An SQLite connection, on which the holder begins and commits its own transactions.
    Sqlite(Framing),
    /// A PostgreSQL connection.
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

impl Db {
    /// Takes a connection out of the pool for the caller to keep (see [`Reserved`]).
    pub async fn reserve(&self) -> Result<Reserved, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(p) => Reserved::Sqlite(Framing {
                conn: Some(p.acquire().await?),
                open: false,
            }),
            Db::Postgres(p) => Reserved::Postgres(p.acquire().await?),
        })
    }
}

/// A kept SQLite connection whose holder begins and commits a transaction with statements of
/// its own (the first statement of its first trip begins it, the last of its last commits it:
/// see [`super::trip`]), so that a batch is two hand-offs to the connection's thread rather
/// than four. sqlx does not count such a transaction, and would give the connection back to
/// the pool with it open and SQLite's one write lock held. So a transaction that did not end in
/// its commit (the work failed, or its holder was cancelled or panicked half-way) closes the
/// connection instead (SQLite rolls back as it closes): it never serves again.
pub struct Framing {
    conn: Option<sqlx::pool::PoolConnection<sqlx::Sqlite>>,
    /// Between the work's start and its success.
    open: bool,
}

impl Framing {
    /// Runs `work`, which begins a transaction on the connection and commits it as it
    /// succeeds. When it fails, the transaction is rolled back and the connection is closed
    /// once dropped, not given back: the caller takes another.
    pub async fn frame<T, E: From<sqlx::Error>>(
        &mut self,
        work: impl AsyncFnOnce(&mut sqlx::SqliteConnection) -> Result<T, E>,
    ) -> Result<T, E> {
        let conn = self.conn.as_mut().ok_or(sqlx::Error::PoolClosed)?;
        if self.open {
            // A failed frame's connection is not framed again.
            return Err(sqlx::Error::PoolClosed.into());
        }
        self.open = true;
        let done = work(&mut **conn).await;
        match &done {
            Ok(_) => self.open = false,
            // Rolled back at once, so the write lock is free before the connection closes;
            // whether it was open at all (its `BEGIN` may be what failed) does not matter.
            Err(_) => drop(sqlx::query("ROLLBACK").execute(&mut **conn).await),
        }
        done
    }
}

impl Drop for Framing {
    fn drop(&mut self) {
        if self.open {
            if let Some(conn) = self.conn.take() {
                tracing::warn!(
                    "a connection left inside its own transaction is closed, not pooled"
                );
                drop(conn.detach());
            }
        }
    }
}

/// A lock that every server on one database sees, held until [`Held::release`] or until it is
/// dropped. On PostgreSQL it is an advisory lock taken inside a transaction of its own that
/// writes nothing, so ending the transaction (or losing its connection) lets the next one in.
/// On SQLite, whose file one server has to itself, nothing is taken: the caller's own
/// in-process lock is the whole of it.
#[must_use = "the lock is let go when this is dropped"]
pub struct Held(Option<sqlx::Transaction<'static, sqlx::Postgres>>);

impl Db {
    /// Waits for the lock named `name`, across every server on this database (see [`Held`]).
    pub async fn hold(&self, name: &str) -> Result<Held, sqlx::Error> {
        match self {
            Db::Sqlite(_) => Ok(Held(None)),
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                Ok(Held(Some(tx)))
            }
        }
    }
}

impl Held {
    /// Lets the lock go now (dropping it does too, a moment later).
    pub async fn release(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Some(tx) => tx.rollback().await,
            None => Ok(()),
        }
    }
}

/// Lends a typed connection (or transaction) as a [`Conn`], for the helpers that take one.
pub trait AsConn {
    /// This connection, as a [`Conn`].
    fn as_conn(&mut self) -> Conn<'_>;
}

impl AsConn for sqlx::SqliteConnection {
    fn as_conn(&mut self) -> Conn<'_> {
        Conn::Sqlite(self)
    }
}

impl AsConn for sqlx::PgConnection {
    fn as_conn(&mut self) -> Conn<'_> {
        Conn::Postgres(self)
    }
}

/// Runs `$body` with `$p` bound to the typed pool of the [`Db`] `$db` (`&SqlitePool` or
/// `&PgPool`). The body is compiled once per backend; `PG` tells it which one it is in.
macro_rules! on_db {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            $crate::store::db::Db::Sqlite($p) => {
                #[allow(dead_code)]
                const PG: bool = false;
                #[allow(dead_code)]
                type Backend = sqlx::Sqlite;
                $body
            }
            $crate::store::db::Db::Postgres($p) => {
                #[allow(dead_code)]
                const PG: bool = true;
                #[allow(dead_code)]
                type Backend = sqlx::Postgres;
                $body
            }
        }
    };
}

/// Runs `$body` with `$c` bound to the typed connection of the [`Conn`] `$conn`
/// (`&mut SqliteConnection` or `&mut PgConnection`), like [`on_db!`].
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::store::db::Conn::Sqlite($c) => {
                #[allow(dead_code)]
                const PG: bool = false;
                #[allow(dead_code)]
                type Backend = sqlx::Sqlite;
                $body
            }
            $crate::store::db::Conn::Postgres($c) => {
                #[allow(dead_code)]
                const PG: bool = true;
                #[allow(dead_code)]
                type Backend = sqlx::Postgres;
                $body
            }
        }
    };
}

pub(crate) use {on_conn, on_db};

/// The collation the database compares text by: SQLite compares bytes (`C`); a PostgreSQL
/// database says which it was created with.
pub async fn collation(db: &Db) -> Result<String, sqlx::Error> {
    match db {
        Db::Sqlite(_) => Ok("C".to_string()),
        Db::Postgres(pool) => {
            sqlx::query_scalar(
                "SELECT datcollate FROM pg_database WHERE datname = current_database()",
            )
            .fetch_one(pool)
            .await
        }
    }
}

/// The statement that opens a write transaction on backend `DB`; [`lock_writers`] then takes
/// the writers' lock in it, so that write transactions run one at a time, as the store's writers
/// expect (a hash chain's tail, the next catalogue revision and "stored before?" are read, then
/// written, in one transaction). SQLite's `IMMEDIATE` takes the database's one write lock as it
/// begins.
pub(crate) fn begin_write<DB: sqlx::Database>() -> &'static str {
    if DB::NAME == "SQLite" {
        "BEGIN IMMEDIATE"
    } else {
        "BEGIN"
    }
}

/// Takes the writers' lock in the write transaction `conn` has just begun. PostgreSQL has no
/// lock like SQLite's: its transaction takes one advisory lock, the same for every writer on
/// every server, and holds it until it ends. (SQLite's connection took its lock as it began:
/// nothing to do.)
///
/// Taken after the transaction began, never by the statement that begins it: a caller cancelled
/// while it waits here (a client that went away) leaves a transaction that sqlx rolls back, so
/// its connection comes back to the pool without the lock. Waiting inside `BEGIN` itself, sqlx
/// 0.8 has no transaction to roll back yet: the connection went back to the pool, got the lock
/// once the holder let go, and kept it, idle, with every writer of every server waiting for it.
pub(crate) async fn lock_writers(conn: Conn<'_>) -> Result<(), sqlx::Error> {
    on_conn!(conn, conn => {
        if PG {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('loket:write', 0))")
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    })
}

/// The most rows one multi-row statement writes or names. A statement's text depends on its
/// row count, and sqlx prepares (and caches) each text once per connection: so a statement
/// comes in at most this many texts, which the connections' statement caches
/// (`server::db`) have room for.
pub(crate) const MOST_ROWS: usize = 32;

/// Cuts `n` rows into runs of [`MOST_ROWS`] and a last shorter one, one multi-row statement
/// each: a batch of up to 32 submissions is one statement per table.
pub(crate) fn runs(n: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..n)
        .step_by(MOST_ROWS)
        .map(move |start| start..n.min(start + MOST_ROWS))
}

/// Where the two dialects cannot share a text: the few SQL fragments written per backend. Each
/// takes `pg` (the `PG` of the arm it is called from) and column or parameter names, never
/// values.
pub(crate) mod dialect {
    /// Whole days from stored time `a` to stored time `b` (ISO 8601 text), cut toward zero, as
    /// a BIGINT. (A cast alone would not do: PostgreSQL rounds where SQLite cuts.)
    pub(crate) fn days_between(pg: bool, a: &str, b: &str) -> String {
        if pg {
            format!("CAST(trunc(EXTRACT(EPOCH FROM (({b})::timestamptz - ({a})::timestamptz)) / 86400) AS BIGINT)")
        } else {
            format!("CAST(julianday({b}) - julianday({a}) AS INTEGER)")
        }
    }

    /// Whole hours from stored time `a` to stored time `b`, cut toward zero, as a BIGINT.
    pub(crate) fn hours_between(pg: bool, a: &str, b: &str) -> String {
        if pg {
            format!("CAST(trunc(EXTRACT(EPOCH FROM (({b})::timestamptz - ({a})::timestamptz)) / 3600) AS BIGINT)")
        } else {
            format!("CAST((julianday({b}) - julianday({a})) * 24 AS INTEGER)")
        }
    }

    /// Days from stored time `a` to `b` as a fraction (for comparisons with a number of days).
    pub(crate) fn fractional_days_between(pg: bool, a: &str, b: &str) -> String {
        if pg {
            format!("CAST(EXTRACT(EPOCH FROM (({b})::timestamptz - ({a})::timestamptz)) / 86400 AS DOUBLE PRECISION)")
        } else {
            format!("(julianday({b}) - julianday({a}))")
        }
    }

    /// The pairs `[value, count]` of a group as one JSON array in a TEXT (`[]` when the group
    /// has none).
    pub(crate) fn pairs(pg: bool, value: &str, count: &str, filter: &str) -> String {
        if pg {
            format!("COALESCE(CAST(json_agg(json_build_array({value}, {count})) {filter} AS TEXT), '[]')")
        } else {
            format!("json_group_array(json_array({value}, {count})) {filter}")
        }
    }

    /// The texts of a JSON array bound as parameter `param` (a TEXT), as a one-column subquery.
    pub(crate) fn json_texts(pg: bool, param: &str) -> String {
        if pg {
            format!("SELECT jsonb_array_elements_text(CAST({param} AS jsonb))")
        } else {
            format!("SELECT value FROM json_each({param})")
        }
    }

    /// A true/false field of a JSON document kept in a TEXT column (false when missing).
    pub(crate) fn json_flag(pg: bool, column: &str, field: &str) -> String {
        if pg {
            format!("COALESCE(CAST(CAST({column} AS jsonb) ->> '{field}' AS BOOLEAN), FALSE)")
        } else {
            format!("COALESCE(json_extract({column}, '$.{field}'), 0)")
        }
    }

    /// Whether text `haystack` holds text `needle` anywhere (case and all).
    pub(crate) fn contains(pg: bool, haystack: &str, needle: &str) -> String {
        if pg {
            format!("strpos({haystack}, {needle}) > 0")
        } else {
            format!("instr({haystack}, {needle}) > 0")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{runs, MOST_ROWS};

    #[test]
    fn runs_cover_every_row_once_in_a_few_lengths() {
        for n in 0..=(3 * MOST_ROWS + 7) {
            let all: Vec<_> = runs(n).collect();
            let mut next = 0;
            for run in &all {
                assert_eq!(run.start, next, "{n}: {all:?}");
                assert!(!run.is_empty() && run.len() <= MOST_ROWS);
                next = run.end;
            }
            assert_eq!(next, n);
            // Full runs but the last.
            assert!(all.iter().rev().skip(1).all(|r| r.len() == MOST_ROWS));
        }
        assert_eq!(runs(13).map(|r| r.len()).collect::<Vec<_>>(), [13]);
        assert_eq!(runs(70).map(|r| r.len()).collect::<Vec<_>>(), [32, 32, 6]);
    }
}
