//! Uploaded files: the complete ones, by the SHA-256 of their bytes. The bytes themselves are
//! on disk (the server's `files` module); this is what a submission checks its answers against.

use super::trip::{Answer, Part, Trip};
use super::AsConn;

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
pub async fn record(db: &super::Db, f: &StoredFile) -> Result<(), sqlx::Error> {
    super::on_db!(db, pool => {
        list(pool.acquire().await?.as_conn(), f).await
    })
}

/// The one statement that lists a complete file (by itself, or inside [`finish`]'s transaction).
async fn list(conn: super::Conn<'_>, f: &StoredFile) -> Result<(), sqlx::Error> {
    super::on_conn!(conn, conn => {
        sqlx::query(
            "INSERT INTO files (sha256, size, media_type, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&f.sha256)
        .bind(f.size)
        .bind(&f.media_type)
        .bind(super::clock::now())
        .execute(conn)
        .await?;
        Ok(())
    })
}

/// The complete file named `sha256`, if there is one (partial uploads are not listed).
pub async fn stored(db: &super::Db, sha256: &str) -> Result<Option<StoredFile>, sqlx::Error> {
    super::on_db!(db, pool => {
        let row: Option<(String, i64, String)> =
            sqlx::query_as("SELECT sha256, size, media_type FROM files WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(pool)
                .await?;
        Ok(row.map(|(sha256, size, media_type)| StoredFile {
            sha256,
            size,
            media_type,
        }))
    })
}

/// How many complete files are stored (for tests and the dashboard).
pub async fn count(db: &super::Db) -> Result<i64, sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM files")
            .fetch_one(pool)
            .await
    })
}

/// One key's upload of one file: how far it got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Upload {
    /// The size announced for the whole file.
    pub total: i64,
    /// Bytes counted so far (all of them when complete).
    pub received: i64,
    /// Whether the bytes were checked and the file listed.
    pub complete: bool,
}

/// `key`'s upload of `sha256`, if it started one.
pub async fn upload(
    db: &super::Db,
    key: &str,
    sha256: &str,
) -> Result<Option<Upload>, sqlx::Error> {
    super::on_db!(db, pool => {
        let row: Option<(i64, i64, bool)> = sqlx::query_as(
            "SELECT total, received, complete FROM uploads WHERE upload_key = $1 AND sha256 = $2",
        )
        .bind(key)
        .bind(sha256)
        .fetch_optional(pool)
        .await?;
        Ok(row.map(|(total, received, complete)| Upload {
            total,
            received,
            complete,
        }))
    })
}

/// The most the uploads may hold, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotas {
    /// Per upload key, partial and complete files together.
    pub per_key: i64,
    /// Received from one client address in one hour (counted per clock hour).
    pub per_address_hour: i64,
    /// All partial uploads together.
    pub partial_total: i64,
}

/// Which quota a chunk would go over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    /// The upload key's.
    Key,
    /// The client address's for this hour.
    Address,
    /// The one of all partial uploads together.
    Partials,
}

/// What a chunk is, for [`reserve`].
#[derive(Clone, Copy, Debug)]
pub struct Chunk<'a> {
    /// The application's id the upload belongs to.
    pub key: &'a str,
    /// The file.
    pub sha256: &'a str,
    /// The size announced for the whole file.
    pub total: i64,
    /// The bytes held before this chunk.
    pub from: i64,
    /// The bytes held after it.
    pub to: i64,
    /// The client address (its limiter key).
    pub client: &'a str,
    /// Now, in Unix seconds.
    pub now: i64,
}

/// Counts a chunk against the quotas before its bytes are written: when all allow it, the
/// upload's row says `to` bytes (created if new) and the address's hour counts the chunk, in one
/// write transaction, so uploads at once cannot all slip under a quota.
pub async fn reserve(
    db: &super::Db,
    c: Chunk<'_>,
    q: &Quotas,
) -> Result<Result<(), Over>, sqlx::Error> {
    super::on_db!(db, pool => {
        let more = c.to - c.from;
        super::in_transaction(pool, async |conn| {
            let key: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(received), 0) AS BIGINT) FROM uploads WHERE upload_key = $1 AND sha256 <> $2")
                .bind(c.key)
                .bind(c.sha256)
                .fetch_one(&mut *conn)
                .await?;
            if key + c.to > q.per_key {
                return Ok(Err(Over::Key));
            }
            let hour = c.now.div_euclid(3600);
            let address: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM upload_volume WHERE client = $1 AND hour = $2")
                .bind(c.client)
                .bind(hour)
                .fetch_one(&mut *conn)
                .await?;
            if address + more > q.per_address_hour {
                return Ok(Err(Over::Address));
            }
            let partials: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(received), 0) AS BIGINT) FROM uploads WHERE complete = FALSE AND NOT (upload_key = $1 AND sha256 = $2)",
            )
            .bind(c.key)
            .bind(c.sha256)
            .fetch_one(&mut *conn)
            .await?;
            if partials + c.to > q.partial_total {
                return Ok(Err(Over::Partials));
            }
            sqlx::query(
                "INSERT INTO uploads (upload_key, sha256, total, received, complete, created_at, touched_at) VALUES ($1, $2, $3, $4, FALSE, $5, $5)
                 ON CONFLICT (upload_key, sha256) DO UPDATE SET total = $3, received = $4, complete = FALSE, touched_at = $5",
            )
            .bind(c.key)
            .bind(c.sha256)
            .bind(c.total)
            .bind(c.to)
            .bind(c.now)
            .execute(&mut *conn)
            .await?;
            sqlx::query("INSERT INTO upload_volume (client, hour, bytes) VALUES ($1, $2, $3) ON CONFLICT (client, hour) DO UPDATE SET bytes = upload_volume.bytes + $3")
                .bind(c.client)
                .bind(hour)
                .bind(more)
                .execute(&mut *conn)
                .await?;
            Ok(Ok(()))
        })
        .await
    })
}

/// Sets what `key`'s partial upload of `sha256` holds (the bytes on disk are the truth after a
/// failed write or a crash).
pub async fn set_received(
    db: &super::Db,
    key: &str,
    sha256: &str,
    received: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query("UPDATE uploads SET received = $3, touched_at = $4 WHERE upload_key = $1 AND sha256 = $2 AND complete = FALSE")
            .bind(key)
            .bind(sha256)
            .bind(received)
            .bind(now)
            .execute(pool)
            .await?;
        Ok(())
    })
}

/// Forgets `key`'s partial upload of `sha256` if it was not touched since `before` (Unix
/// seconds); whether it did.
pub async fn forget_if_stale(
    db: &super::Db,
    key: &str,
    sha256: &str,
    before: i64,
) -> Result<bool, sqlx::Error> {
    super::on_db!(db, pool => {
        let done = sqlx::query("DELETE FROM uploads WHERE upload_key = $1 AND sha256 = $2 AND complete = FALSE AND touched_at < $3")
            .bind(key)
            .bind(sha256)
            .bind(before)
            .execute(pool)
            .await?;
        Ok(done.rows_affected() == 1)
    })
}

/// Forgets `key`'s upload of `sha256` (thrown away, or swept).
pub async fn forget(db: &super::Db, key: &str, sha256: &str) -> Result<(), sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query("DELETE FROM uploads WHERE upload_key = $1 AND sha256 = $2")
            .bind(key)
            .bind(sha256)
            .execute(pool)
            .await?;
        Ok(())
    })
}

/// Lists a checked file and marks it complete for `key`, in one transaction.
pub async fn finish(
    db: &super::Db,
    key: &str,
    f: &StoredFile,
    now: i64,
) -> Result<(), sqlx::Error> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            list(conn.as_conn(), f).await?;
            sqlx::query(
                "INSERT INTO uploads (upload_key, sha256, total, received, complete, created_at, touched_at) VALUES ($1, $2, $3, $3, TRUE, $4, $4)
                 ON CONFLICT (upload_key, sha256) DO UPDATE SET total = $3, received = $3, complete = TRUE, touched_at = $4",
            )
            .bind(key)
            .bind(&f.sha256)
            .bind(f.size)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
        .await
    })
}

/// Every complete file uploaded under each of `keys`, by key and sha256: the one rule for
/// which uploads an application owns (asked by [`ask_owned`], read by [`owned_from`]).
pub(crate) async fn owned_under_in(
    conn: super::Conn<'_>,
    keys: &[&str],
) -> Result<std::collections::HashMap<(String, String), StoredFile>, sqlx::Error> {
    super::on_conn!(conn, conn => {
        let mut trip = Trip::<Backend>::new();
        let asked = ask_owned(&mut trip, keys);
        if trip.is_empty() {
            return Ok(Default::default());
        }
        owned_from(&mut trip.run(&mut *conn).await?, asked)
    })
}

/// Asks in `trip` for the uploads under `keys` (one statement per run of keys, none for no
/// keys), for a whole batch of submissions inside the transaction that stores them.
pub(crate) fn ask_owned<'q, DB: sqlx::Database>(trip: &mut Trip<'q, DB>, keys: &[&'q str]) -> Part
where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    trip.part(|trip| {
        for run in super::db::runs(keys.len()) {
            // Only the key in the condition, so the primary key finds the rows (with the
            // `complete` flag beside it, SQLite may walk the index of every complete upload).
            let q = trip.statement(
                "SELECT u.upload_key, f.sha256, f.size, f.media_type, u.complete FROM uploads u JOIN files f ON f.sha256 = u.sha256
                 WHERE u.upload_key IN (",
            );
            let mut list = q.separated(", ");
            for key in &keys[run] {
                list.push_bind(*key);
            }
            q.push(")");
        }
    })
}

/// The complete files among the uploads [`ask_owned`] asked for, by key and sha256.
pub(crate) fn owned_from<R: sqlx::Row>(
    answer: &mut Answer<R>,
    asked: Part,
) -> Result<std::collections::HashMap<(String, String), StoredFile>, sqlx::Error>
where
    for<'r> (String, String, i64, String, bool): sqlx::FromRow<'r, R>,
{
    let mut owned = std::collections::HashMap::new();
    for (key, sha256, size, media_type, complete) in answer.read(asked)? {
        if complete {
            let file = StoredFile {
                sha256: sha256.clone(),
                size,
                media_type,
            };
            owned.insert((key, sha256), file);
        }
    }
    Ok(owned)
}

/// The complete file `sha256` if `key` uploaded it.
pub async fn owned(
    db: &super::Db,
    key: &str,
    sha256: &str,
) -> Result<Option<StoredFile>, sqlx::Error> {
    let mut owned = super::on_db!(db, pool => {
        owned_under_in(pool.acquire().await?.as_conn(), &[key]).await?
    });
    Ok(owned.remove(&(key.to_string(), sha256.to_string())))
}

/// The file `sha256` for staff of `agency`: only when a request of that agency names it and
/// that request uploaded it itself (its id is the upload key), so a hash is no capability; or
/// when a correction in that agency's queue sent it as evidence.
pub async fn for_agency(
    db: &super::Db,
    agency: &str,
    sha256: &str,
) -> Result<Option<StoredFile>, sqlx::Error> {
    super::on_db!(db, pool => {
        let named = super::db::dialect::contains(PG, "r.answers", "$3");
        let row: Option<(String, i64, String)> = sqlx::query_as(&format!(
            "SELECT f.sha256, f.size, f.media_type FROM files f
             JOIN uploads u ON u.sha256 = f.sha256 AND u.complete = TRUE
             JOIN requests r ON r.id = u.upload_key
             WHERE f.sha256 = $2 AND r.agency_slug = $1 AND {named}
             UNION ALL
             SELECT f.sha256, f.size, f.media_type FROM files f
             JOIN corrections c ON c.evidence = f.sha256
             WHERE f.sha256 = $2 AND c.agency_slug = $1
             LIMIT 1",
        ))
        .bind(agency)
        .bind(sha256)
        .bind(format!("\"{sha256}\""))
        .fetch_optional(pool)
        .await?;
        Ok(row.map(|(sha256, size, media_type)| StoredFile {
            sha256,
            size,
            media_type,
        }))
    })
}

/// Partial uploads not touched since `before` (Unix seconds): (key, file).
pub async fn stale_partials(
    db: &super::Db,
    before: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query_as(
            "SELECT upload_key, sha256 FROM uploads WHERE complete = FALSE AND touched_at < $1",
        )
        .bind(before)
        .fetch_all(pool)
        .await
    })
}

/// Complete uploads finished before `before` whose key never became a request (the draft was
/// abandoned): (key, file). A request's own uploads are never among them.
pub async fn stale_completes(
    db: &super::Db,
    before: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query_as(
            "SELECT u.upload_key, u.sha256 FROM uploads u
             WHERE u.complete = TRUE AND u.touched_at < $1 AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = u.upload_key)",
        )
        .bind(before)
        .fetch_all(pool)
        .await
    })
}

/// Whether anything still holds on to file `sha256`: an upload of any key, a request that
/// names it (however it came to), or a correction that sent it as evidence.
pub async fn in_use(db: &super::Db, sha256: &str) -> Result<bool, sqlx::Error> {
    super::on_db!(db, pool => {
        let in_answers = super::db::dialect::contains(PG, "answers", "$2");
        let in_envelope = super::db::dialect::contains(PG, "envelope", "$2");
        let used: bool = sqlx::query_scalar(&format!(
            "SELECT EXISTS (SELECT 1 FROM uploads WHERE sha256 = $1)
                OR EXISTS (SELECT 1 FROM requests WHERE {in_answers} OR {in_envelope})
                OR EXISTS (SELECT 1 FROM corrections WHERE evidence = $1)"
        ))
        .bind(sha256)
        .bind(format!("\"{sha256}\""))
        .fetch_one(pool)
        .await?;
        Ok(used)
    })
}

/// Removes file `sha256` from the listing (its bytes are about to go).
pub async fn unlist(db: &super::Db, sha256: &str) -> Result<(), sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query("DELETE FROM files WHERE sha256 = $1")
            .bind(sha256)
            .execute(pool)
            .await?;
        Ok(())
    })
}

/// Forgets the per-address counts of hours before `hour` (Unix seconds / 3600).
pub async fn forget_volume(db: &super::Db, hour: i64) -> Result<(), sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query("DELETE FROM upload_volume WHERE hour < $1")
            .bind(hour)
            .execute(pool)
            .await?;
        Ok(())
    })
}

/// Records that `key` uploaded the complete file `f` (tests and imports: the bytes must be on
/// disk already).
pub async fn record_for(db: &super::Db, key: &str, f: &StoredFile) -> Result<(), sqlx::Error> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    finish(db, key, f, now).await
}

/// Listed files that no key holds an upload of, listed before `before` (Unix seconds): left by
/// abandoned drafts whose uploads were swept, or by an older server.
pub async fn without_upload(db: &super::Db, before: i64) -> Result<Vec<String>, sqlx::Error> {
    super::on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT f.sha256 FROM files f
             WHERE f.created_at < $1
               AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = f.sha256)",
        )
        .bind(super::clock::Moment::from_unix_millis(before * 1000).stamp())
        .fetch_all(pool)
        .await
    })
}
