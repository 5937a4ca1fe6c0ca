//! Uploaded files: the complete ones, by the SHA-256 of their bytes. The bytes themselves are
//! on disk (the server's `files` module); this is what a submission checks its answers against.

use sqlx::SqlitePool;

/// A complete upload whose bytes were checked against its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// The SHA-256 of the bytes, 64 lowercase hex: the answer to a file field.
    pub sha256: String,
    /// Its size in bytes.
    pub size: i64,
    /// What its first bytes say it is: `image/jpeg`, `image/png` or `application/pdf`.
    pub media_type: String,
}

/// Lists a complete file. Recording the same file again changes nothing (same name, same bytes).
pub async fn record(pool: &SqlitePool, f: &StoredFile) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT OR IGNORE INTO files (sha256, size, media_type, created_at)
         VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(&f.sha256)
    .bind(f.size)
    .bind(&f.media_type)
    .execute(pool)
    .await?;
    Ok(())
}

/// The complete file named `sha256`, if there is one (partial uploads are not listed).
pub async fn stored(pool: &SqlitePool, sha256: &str) -> Result<Option<StoredFile>, sqlx::Error> {
    let row: Option<(String, i64, String)> = sqlx::query_as("SELECT sha256, size, media_type FROM files WHERE sha256 = ?1")
        .bind(sha256)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(sha256, size, media_type)| StoredFile { sha256, size, media_type }))
}

/// How many complete files are stored (for tests and the dashboard).
pub async fn count(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM files").fetch_one(pool).await
}
