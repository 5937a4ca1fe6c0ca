//! The SQLite database: WAL, foreign keys and recursive triggers on, migrations at start.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// The migrations in `server/migrations`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if missing) and migrates the database at `url`.
pub async fn connect(url: &str) -> anyhow::Result<SqlitePool> {
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
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
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
    // Rows written before migration 0009 get their chain hashes (once; SQLite cannot hash).
    let sealed = app::store::audit::seal_legacy(&pool).await?;
    if sealed > 0 {
        tracing::info!(
            rows = sealed,
            "audit: chained the rows written before the hash chain"
        );
    }
    Ok(pool)
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
