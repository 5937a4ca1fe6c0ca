//! The database, chosen by its URL: SQLite (a file: WAL, foreign keys and recursive triggers on,
//! the default) or PostgreSQL (`postgres://…`, the scale-out option). Migrations at start.

use app::store::Db;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Connection;
use std::str::FromStr;
use std::time::Duration;

/// Prepared statements each connection keeps (sqlx's default is 100): the store's own, and each
/// multi-row statement of a batch of submissions in up to `app::store::db::MOST_ROWS` texts.
const STATEMENTS: usize = 400;

/// SQLite's migrations (`server/migrations/sqlite`), embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// PostgreSQL's migrations (`server/migrations/postgres`): the schema as SQLite has it after
/// its migration 19, then, from 20 on, one file for each of SQLite's, with the same number.
pub static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Opens and migrates the database at `url`: PostgreSQL for a `postgres://` or
/// `postgresql://` URL, else an SQLite file (created when missing).
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    if is_postgres(url) {
        return connect_postgres(url).await;
    }
    if let Some(path) = sqlite_path(url) {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a commit is on disk before the server answers (a citizen's submission must
        // survive a power cut, not only a crash of the process).
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // `INSERT OR REPLACE` deletes the row it replaces; only with this on does that delete
        // fire the append-only tables' delete triggers (and get refused).
        .pragma("recursive_triggers", "ON")
        // Temporary tables, indexes and statement journals in memory: on a file, SQLite
        // created and deleted a file for the batch's statements (one open, create and unlink
        // each; measured in the submission writer's profile).
        .pragma("temp_store", "MEMORY")
        .busy_timeout(Duration::from_secs(5))
        .statement_cache_capacity(STATEMENTS);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // A file in this process does not go away under a pooled connection: no test query
        // before each use (each is a round trip to the connection's thread, ~3 per submission).
        .test_before_acquire(false)
        .after_release(|conn, _| Box::pin(closed_if_inside_a_transaction(conn)))
        .connect_with(options)
        .await?;
    // Created by an older Loket with the default umask: readable by everyone. Owner only now.
    if let Some(path) = sqlite_path(url) {
        for suffix in ["", "-wal", "-shm"] {
            make_private(std::path::Path::new(&format!("{path}{suffix}")), 0o600)?;
        }
    }
    MIGRATOR.run(&pool).await?;
    let db = Db::Sqlite(pool);
    // Rows written before migration 0009 get their chain hashes (once; SQLite cannot hash).
    let sealed = app::store::audit::seal_legacy(&db).await?;
    if sealed > 0 {
        tracing::info!(
            rows = sealed,
            "audit: chained the rows written before the hash chain"
        );
    }
    Ok(db)
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens and migrates a PostgreSQL database. It must compare text bytewise (collation `C`), as
/// SQLite does: the store's order of slugs, references and ISO times depends on it.
async fn connect_postgres(url: &str) -> anyhow::Result<Db> {
    let options = sqlx::postgres::PgConnectOptions::from_str(url)
        .map_err(|e| anyhow::anyhow!("PostgreSQL at {}: {e}", without_password(url)))?
        .statement_cache_capacity(STATEMENTS);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| anyhow::anyhow!("PostgreSQL at {}: {e}", without_password(url)))?;
    let db = Db::Postgres(pool);
    let collation = app::store::db::collation(&db).await?;
    if collation != "C" && collation != "POSIX" {
        anyhow::bail!(
            "the PostgreSQL database compares text by collation {collation:?}; Loket needs \"C\" \
             (create it with: CREATE DATABASE … TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C')"
        );
    }
    // sqlx takes an advisory lock while it migrates: servers starting together migrate once.
    if let Db::Postgres(pool) = &db {
        POSTGRES.run(pool).await?;
    }
    Ok(db)
}

/// `url` with its password (if any) hidden, for messages.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:…@{host}"),
        None => url.to_string(),
    }
}

/// Whether a connection given back to the pool may serve again: not while it is still inside a
/// transaction. A caller cancelled between sqlx's `BEGIN IMMEDIATE` and the transaction object
/// that would roll it back (sqlx-sqlite 0.8 awaits once more in that gap) gives its connection
/// back with the transaction open and SQLite's one write lock held; pooled, it would refuse the
/// next writer it serves and make every other one wait out the busy timeout. Closed instead,
/// SQLite rolls the transaction back and the lock is free. (A transaction dropped half-way, its
/// rollback only queued, is closed too: as rare as a cancellation, and closing is as safe.)
async fn closed_if_inside_a_transaction(
    conn: &mut sqlx::SqliteConnection,
) -> Result<bool, sqlx::Error> {
    let inside = conn.is_in_transaction();
    if inside {
        tracing::warn!("a connection came back inside a transaction; closed, not pooled");
    }
    Ok(!inside)
}

/// The file of a `sqlite:` URL, if it names one.
fn sqlite_path(url: &str) -> Option<&str> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    Some(path.split('?').next().unwrap_or(path)).filter(|p| !p.is_empty() && !p.starts_with(':'))
}

/// Sets `path`'s mode to `mode` when it exists and allows more (owner-only files and folders).
pub fn make_private(path: &std::path::Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(m) if m.permissions().mode() & 0o777 & !mode != 0 => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_password_in_a_database_url_is_never_shown() {
        assert_eq!(
            without_password("postgres://loket:s3cr3t@db.internal:5432/loket"),
            "postgres://loket:…@db.internal:5432/loket"
        );
        assert_eq!(
            without_password("postgres://loket@127.0.0.1:5432/loket"),
            "postgres://loket@127.0.0.1:5432/loket"
        );
        assert_eq!(
            without_password("sqlite:///var/lib/loket/loket.db"),
            "sqlite:///var/lib/loket/loket.db"
        );
    }
}
