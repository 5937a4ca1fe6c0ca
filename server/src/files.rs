//! Uploading files (photos of documents, PDFs) in chunks that survive a dropped signal.
//!
//! A file is named by the SHA-256 of its bytes (64 lowercase hex), and that name is the answer
//! to a file field. Every upload belongs to the application it is for: its envelope id (a
//! UUIDv7, the upload key) is sent as `?key=` with each request, and without one the request
//! is refused (400). `GET /api/files/{sha256}?key=K` says how many bytes the server holds of
//! K's upload; `PUT /api/files/{sha256}?key=K&offset=O&total=T` appends the bytes starting at
//! `O`, which must be exactly what is held (else 409 with `received`, and the phone resumes
//! from there). Partial uploads are kept per (key, file), so nobody else can reset or continue
//! them. Each append is counted against the quotas (per key, per client address and hour, all
//! partial uploads, the disk's free space) before it is written, and fsynced before the
//! answer, so `received` survives a crash. When all `T` bytes are held the server hashes them:
//! a match moves the file to `<data-dir>/files/<sha256>` (one copy however many keys send it)
//! and lists it as complete for K (`app::store::files`); a mismatch throws the partial away
//! (422). Another key's complete file is not complete for K: K sends the bytes itself. The kind
//! of file is judged from its first bytes before anything is stored. [`Files::sweep`] removes
//! partial uploads that were left, and complete files no request came to claim.
//!
//! Appends to one file are serialised (one turn per name), and each runs to its end even when
//! the phone hangs up half-way, so bytes never interleave and nothing half-written is claimed.

use app::store::files::{self as store, Over, Quotas, StoredFile};
use app::store::limits::ClientIp;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The largest file accepted, in bytes (phones downscale photos well below this).
pub const MAX_FILE_BYTES: u64 = 5_000_000;

/// The kinds of file accepted, known by their first bytes, with their media types.
const KINDS: [(&[u8], &str); 3] = [
    (b"\xFF\xD8\xFF", "image/jpeg"),
    (b"\x89PNG\r\n\x1A\n", "image/png"),
    (b"%PDF-", "application/pdf"),
];

/// The media type the first bytes of a file announce, if it is a kind accepted.
pub fn media_type(first: &[u8]) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(magic, _)| first.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// `name` as a file name: 64 hex digits, lowercased; `None` for anything else.
pub fn parse_sha256(name: &str) -> Option<String> {
    (name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| name.to_ascii_lowercase())
}

/// `key` as an upload key: an application id (UUIDv7), lowercased; `None` for anything else.
pub fn parse_key(key: &str) -> Option<String> {
    app::domain::submission::is_uuid_v7(key).then(|| key.to_ascii_lowercase())
}

/// Now, in Unix seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// How much the uploads may take, and how long they are kept (from the `--upload-…` flags).
#[derive(Clone, Copy, Debug)]
pub struct UploadLimits {
    /// Bytes per key, per address and hour, and of all partial uploads together.
    pub quotas: Quotas,
    /// Bytes that must stay free on the files directory's filesystem.
    pub free_floor: u64,
    /// Seconds a partial upload is kept after its last chunk.
    pub partial_expiry: i64,
    /// Seconds a complete file is kept when the application it was uploaded for never came.
    pub unclaimed_expiry: i64,
}

impl Default for UploadLimits {
    /// The flags' defaults: 25 MB per key, 200 MB per address and hour, 1 GB of partial
    /// uploads, 1 GB free; partial uploads kept a day, unclaimed files a week.
    fn default() -> Self {
        UploadLimits {
            quotas: Quotas {
                per_key: 25_000_000,
                per_address_hour: 200_000_000,
                partial_total: 1_000_000_000,
            },
            free_floor: 1_000_000_000,
            partial_expiry: 24 * 3600,
            unclaimed_expiry: 7 * 24 * 3600,
        }
    }
}

/// What one sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Partial uploads (file and row).
    pub partials: u64,
    /// Complete files whose bytes went (no key and no request holds them any more).
    pub files: u64,
}

/// The uploads: where their bytes live, their listing, and one turn at a time per file.
pub struct Files {
    /// `<data-dir>/files`: complete files; partial ones in `partial/`.
    dir: PathBuf,
    /// The database that lists uploads and files.
    pool: SqlitePool,
    /// The quotas and expiry times.
    limits: UploadLimits,
    /// The turn of each file being worked on.
    turns: Turns,
    /// Body bytes received by `PUT` since start (read by the test fault switch).
    upload_bytes: AtomicU64,
}

impl Files {
    /// Uploads kept under `<data_dir>/files` (created if missing), listed in `pool`.
    pub fn open(data_dir: &FsPath, pool: SqlitePool, limits: UploadLimits) -> io::Result<Files> {
        let dir = data_dir.join("files");
        std::fs::create_dir_all(dir.join("partial"))?;
        Ok(Files {
            dir,
            pool,
            limits,
            turns: Turns::default(),
            upload_bytes: AtomicU64::new(0),
        })
    }

    /// Body bytes received by `PUT /api/files/…` since start, whatever became of them.
    pub fn upload_bytes(&self) -> u64 {
        self.upload_bytes.load(Ordering::Relaxed)
    }

    fn complete_path(&self, sha: &str) -> PathBuf {
        self.dir.join(sha)
    }

    fn partial_path(&self, key: &str, sha: &str) -> PathBuf {
        self.dir.join("partial").join(format!("{key}-{sha}"))
    }

    /// What `key` holds of `sha` (call it in the file's turn). The bytes on disk are the truth
    /// for a partial upload; a complete one whose file went missing starts again.
    async fn held(&self, key: &str, sha: &str) -> Result<Held, Problem> {
        let row = store::upload(&self.pool, key, sha)
            .await
            .map_err(|e| Problem::internal("files: read upload", e))?;
        let partial = self.partial_path(key, sha);
        match row {
            Some(u) if u.complete => {
                let listed = store::owned(&self.pool, key, sha)
                    .await
                    .map_err(|e| Problem::internal("files: read listing", e))?;
                let on_disk = file_size(&self.complete_path(sha))
                    .await
                    .map_err(|e| Problem::internal("files: stat", e))?;
                if let (Some(f), Some(_)) = (listed, on_disk) {
                    return Ok(Held::Complete(f));
                }
                store::forget(&self.pool, key, sha)
                    .await
                    .map_err(|e| Problem::internal("files: forget", e))?;
                Ok(Held::Partial(0))
            }
            Some(u) => {
                let n = file_size(&partial)
                    .await
                    .map_err(|e| Problem::internal("files: stat", e))?
                    .unwrap_or(0);
                if i64::try_from(n).ok() != Some(u.received) {
                    let n = i64::try_from(n).unwrap_or(i64::MAX);
                    store::set_received(&self.pool, key, sha, n, unix_now())
                        .await
                        .map_err(|e| Problem::internal("files: recount", e))?;
                }
                Ok(Held::Partial(n))
            }
            None => {
                // Bytes nobody counted (left by a crash before the first count): not theirs to keep.
                remove(&partial).await?;
                Ok(Held::Partial(0))
            }
        }
    }

    /// How much of `sha` `key` holds.
    async fn progress(&self, key: &str, sha: &str) -> Result<Progress, Problem> {
        let _turn = self.turns.take(sha).await;
        Ok(match self.held(key, sha).await? {
            Held::Complete(f) => Progress::complete(&f),
            Held::Partial(n) => Progress::partial(n),
        })
    }

    /// Throws away `key`'s partial upload of `sha` (file and row).
    async fn discard(&self, key: &str, sha: &str) -> Result<(), Problem> {
        remove(&self.partial_path(key, sha)).await?;
        store::forget(&self.pool, key, sha)
            .await
            .map_err(|e| Problem::internal("files: forget", e))
    }

    /// Appends `bytes` at `offset` to `key`'s upload of `sha`, whose size is `total`; finishes
    /// it when complete. Run it to its end (see [`upload`]): it holds the file's turn throughout.
    async fn append(
        &self,
        to: Target,
        offset: u64,
        total: u64,
        bytes: Bytes,
    ) -> Result<(StatusCode, Progress), Problem> {
        let Target { key, sha, client } = to;
        let _turn = self.turns.take(&sha).await;
        let held = match self.held(&key, &sha).await? {
            Held::Complete(f) => return Ok((StatusCode::OK, Progress::complete(&f))),
            Held::Partial(n) => n,
        };
        let partial = self.partial_path(&key, &sha);
        if held > total {
            // Bytes from an upload that announced another size: they can never make this file.
            self.discard(&key, &sha).await?;
            return Err(Problem::OffsetMismatch { received: 0 });
        }
        if offset != held {
            return Err(Problem::OffsetMismatch { received: held });
        }
        let end = offset.saturating_add(bytes.len() as u64);
        if end > total {
            return Err(Problem::BeyondTotal);
        }
        if offset == 0 && media_type(&bytes).is_none() {
            return Err(Problem::UnsupportedType);
        }
        if !bytes.is_empty() {
            self.reserve(&key, &sha, &client, (held, end, total))
                .await?;
            let path = partial.clone();
            if let Err(problem) = blocking(move || append_durably(&path, &bytes, held)).await {
                let back = i64::try_from(held).unwrap_or(i64::MAX);
                let _ = store::set_received(&self.pool, &key, &sha, back, unix_now()).await;
                return Err(problem);
            }
        }
        if end < total {
            return Ok((StatusCode::OK, Progress::partial(end)));
        }
        let path = partial.clone();
        let (digest, first) = blocking(move || hash_file(&path)).await?;
        if digest != sha {
            self.discard(&key, &sha).await?;
            return Err(Problem::HashMismatch);
        }
        let Some(kind) = media_type(&first) else {
            return Err(Problem::internal(
                "files: finished file",
                format!("{sha} lost its kind"),
            ));
        };
        let (from, to) = (partial, self.complete_path(&sha));
        blocking(move || promote(&from, &to)).await?;
        let f = StoredFile {
            sha256: sha.clone(),
            size: i64::try_from(total).unwrap_or(i64::MAX),
            media_type: kind.into(),
        };
        store::finish(&self.pool, &key, &f, unix_now())
            .await
            .map_err(|e| Problem::internal("files: list", e))?;
        Ok((StatusCode::CREATED, Progress::complete(&f)))
    }

    /// Counts the bytes from `held` to `end` against the quotas and the disk's free space, or
    /// says which would be exceeded.
    async fn reserve(
        &self,
        key: &str,
        sha: &str,
        client: &str,
        (held, end, total): (u64, u64, u64),
    ) -> Result<(), Problem> {
        let dir = self.dir.clone();
        let free = blocking(move || free_bytes(&dir)).await?;
        if free.saturating_sub(end - held) < self.limits.free_floor {
            tracing::warn!(
                free,
                floor = self.limits.free_floor,
                "uploads refused: the disk is nearly full"
            );
            return Err(Problem::DiskFull);
        }
        let now = unix_now();
        let chunk = store::Chunk {
            key,
            sha256: sha,
            total: i64::try_from(total).unwrap_or(i64::MAX),
            from: i64::try_from(held).unwrap_or(i64::MAX),
            to: i64::try_from(end).unwrap_or(i64::MAX),
            client,
            now,
        };
        match store::reserve(&self.pool, chunk, &self.limits.quotas)
            .await
            .map_err(|e| Problem::internal("files: quota", e))?
        {
            Ok(()) => Ok(()),
            Err(Over::Key) => Err(Problem::KeyQuota {
                max_bytes: self.limits.quotas.per_key,
            }),
            Err(Over::Address) => Err(Problem::AddressQuota {
                retry_after_secs: 3600 - now.rem_euclid(3600),
            }),
            Err(Over::Partials) => {
                tracing::warn!(
                    cap = self.limits.quotas.partial_total,
                    "uploads refused: partial uploads at their cap"
                );
                Err(Problem::PartialsFull)
            }
        }
    }

    /// Removes what uploads left behind, as of `now` (Unix seconds): partial uploads not
    /// touched for the partial expiry (file and row), complete uploads of keys that never became
    /// a request after the unclaimed expiry, and then the bytes of every file that no key and no
    /// request holds any more. A file a request names is never removed.
    pub async fn sweep(&self, now: i64) -> Result<Swept, String> {
        let mut swept = Swept::default();
        let stale = store::stale_partials(&self.pool, now - self.limits.partial_expiry)
            .await
            .map_err(|e| e.to_string())?;
        for (key, sha) in stale {
            let _turn = self.turns.take(&sha).await;
            // Touched meanwhile? Then it is not stale any more, and stays.
            if store::forget_if_stale(&self.pool, &key, &sha, now - self.limits.partial_expiry)
                .await
                .map_err(|e| e.to_string())?
            {
                remove(&self.partial_path(&key, &sha))
                    .await
                    .map_err(|_| "removing a partial upload failed".to_string())?;
                swept.partials += 1;
            }
        }
        swept.partials += self.sweep_unlisted_partials(now).await?;
        let unclaimed = store::stale_completes(&self.pool, now - self.limits.unclaimed_expiry)
            .await
            .map_err(|e| e.to_string())?;
        let mut candidates: Vec<String> = Vec::new();
        for (key, sha) in unclaimed {
            let _turn = self.turns.take(&sha).await;
            store::forget(&self.pool, &key, &sha)
                .await
                .map_err(|e| e.to_string())?;
            candidates.push(sha);
        }
        candidates.extend(self.unheld_complete_files(now).await?);
        candidates.sort();
        candidates.dedup();
        for sha in candidates {
            let _turn = self.turns.take(&sha).await;
            if store::in_use(&self.pool, &sha)
                .await
                .map_err(|e| e.to_string())?
            {
                continue;
            }
            store::unlist(&self.pool, &sha)
                .await
                .map_err(|e| e.to_string())?;
            remove(&self.complete_path(&sha))
                .await
                .map_err(|_| "removing a file failed".to_string())?;
            swept.files += 1;
        }
        let _ = store::forget_volume(&self.pool, now.div_euclid(3600) - 1).await;
        Ok(swept)
    }

    /// Partial files on disk that no upload counts (left by an older server or a crash), older
    /// than the partial expiry: removed. Returns how many.
    async fn sweep_unlisted_partials(&self, now: i64) -> Result<u64, String> {
        let mut n = 0;
        for name in old_files(&self.dir.join("partial"), now, self.limits.partial_expiry)
            .map_err(|e| e.to_string())?
        {
            let owner = match (
                name.get(..36).and_then(parse_key),
                name.get(36..37),
                name.get(37..).and_then(parse_sha256),
            ) {
                (Some(key), Some("-"), Some(sha)) => Some((key, sha)),
                _ => None,
            };
            let _turn = match &owner {
                Some((_, sha)) => Some(self.turns.take(sha).await),
                None => None,
            };
            if let Some((key, sha)) = &owner {
                if store::upload(&self.pool, key, sha)
                    .await
                    .map_err(|e| e.to_string())?
                    .is_some()
                {
                    continue;
                }
            }
            remove(&self.dir.join("partial").join(&name))
                .await
                .map_err(|_| "removing a partial file failed".to_string())?;
            n += 1;
        }
        Ok(n)
    }

    /// Complete files nobody may hold any more: on disk but not listed, or listed with no
    /// upload, older than the unclaimed expiry (whether a request names them is checked by the
    /// caller, in the file's turn).
    async fn unheld_complete_files(&self, now: i64) -> Result<Vec<String>, String> {
        let before = now - self.limits.unclaimed_expiry;
        let mut out = store::without_upload(&self.pool, before)
            .await
            .map_err(|e| e.to_string())?;
        for name in
            old_files(&self.dir, now, self.limits.unclaimed_expiry).map_err(|e| e.to_string())?
        {
            if parse_sha256(&name).is_some_and(|s| s == name)
                && store::stored(&self.pool, &name)
                    .await
                    .map_err(|e| e.to_string())?
                    .is_none()
            {
                out.push(name);
            }
        }
        Ok(out)
    }
}

/// Whose upload a chunk is for, and where it came from.
struct Target {
    /// The upload key.
    key: String,
    /// The file's name.
    sha: String,
    /// The client address as a limiter key.
    client: String,
}

/// Sweeps uploads at start and then every hour, for as long as the process runs (a no-op
/// outside a tokio runtime).
pub fn start_sweeper(files: &Arc<Files>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let files = Arc::downgrade(files);
    runtime.spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            // A router that is gone (tests build many) needs no sweeping.
            let Some(files) = files.upgrade() else { return };
            match files.sweep(unix_now()).await {
                Ok(s) if s != Swept::default() => {
                    tracing::info!(partials = s.partials, files = s.files, "swept uploads")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(%e, "sweeping uploads"),
            }
        }
    });
}

/// The names of the files directly in `dir` last changed at least `older_than` seconds before
/// `now`.
fn old_files(dir: &FsPath, now: i64, older_than: i64) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if !meta.is_file() {
            continue;
        }
        let changed = meta
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        if let (true, Ok(name)) = (now - changed >= older_than, entry.file_name().into_string()) {
            out.push(name);
        }
    }
    Ok(out)
}

/// Bytes available to unprivileged writers on the filesystem of `dir`.
fn free_bytes(dir: &FsPath) -> io::Result<u64> {
    let st = rustix::fs::statvfs(dir)?;
    Ok(st.f_bavail.saturating_mul(st.f_frsize))
}

/// What the server holds of a file.
enum Held {
    /// All of it, checked and listed.
    Complete(StoredFile),
    /// This many bytes so far (0: nothing).
    Partial(u64),
}

/// The answer to `GET` and to a successful `PUT`.
#[derive(Debug, Serialize)]
struct Progress {
    /// Bytes held: the partial file's size, or the whole size when complete.
    received: u64,
    /// Whether the file is complete and checked.
    complete: bool,
    /// What the file is, once complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
}

impl Progress {
    fn partial(received: u64) -> Progress {
        Progress {
            received,
            complete: false,
            media_type: None,
        }
    }

    fn complete(f: &StoredFile) -> Progress {
        Progress {
            received: u64::try_from(f.size).unwrap_or(0),
            complete: true,
            media_type: Some(f.media_type.clone()),
        }
    }
}

/// `?key=K` of a `GET`.
#[derive(Debug, Deserialize)]
pub struct KeyQuery {
    /// The upload key: the id of the application the file is for.
    key: Option<String>,
}

/// `?key=K&offset=O&total=T` of a `PUT`.
#[derive(Debug, Deserialize)]
pub struct Chunk {
    /// The upload key: the id of the application the file is for.
    key: Option<String>,
    /// Where the body's bytes start in the file.
    offset: u64,
    /// The file's whole size.
    total: u64,
}

/// `GET /api/files/{sha256}?key=K`: `{"received": N, "complete": bool}` (and `media_type` when
/// complete) of K's upload; a file K never sent is `{"received": 0, "complete": false}`, even
/// when another key sent it.
pub async fn status(
    State(files): State<Arc<Files>>,
    name: Result<Path<String>, PathRejection>,
    q: Result<Query<KeyQuery>, QueryRejection>,
) -> Response {
    let Some(sha) = name.ok().and_then(|Path(n)| parse_sha256(&n)) else {
        return Problem::BadName.into_response();
    };
    let Some(key) = q
        .ok()
        .and_then(|Query(q)| q.key)
        .as_deref()
        .and_then(parse_key)
    else {
        return Problem::BadKey.into_response();
    };
    // In a task of its own, like an append: a turn is always given back whole.
    match tokio::spawn(async move { files.progress(&key, &sha).await }).await {
        Ok(Ok(p)) => answer(StatusCode::OK, &p),
        Ok(Err(problem)) => problem.into_response(),
        Err(e) => Problem::internal("files: status task", e).into_response(),
    }
}

/// `PUT /api/files/{sha256}?key=K&offset=O&total=T` with the bytes from `O` on: 200 with the
/// bytes held, 201 when this chunk completed the file, or a [`Problem`].
pub async fn upload(
    State(files): State<Arc<Files>>,
    client: Option<Extension<ClientIp>>,
    name: Result<Path<String>, PathRejection>,
    chunk: Result<Query<Chunk>, QueryRejection>,
    body: Body,
) -> Response {
    let Some(sha) = name.ok().and_then(|Path(n)| parse_sha256(&n)) else {
        return Problem::BadName.into_response();
    };
    let Ok(Query(Chunk { key, offset, total })) = chunk else {
        return Problem::BadQuery.into_response();
    };
    let Some(key) = key.as_deref().and_then(parse_key) else {
        return Problem::BadKey.into_response();
    };
    if total == 0 {
        return Problem::Empty.into_response();
    }
    if total > MAX_FILE_BYTES {
        return Problem::TooLarge.into_response();
    }
    // The router's body limit (`--max-body`) applies first; no chunk is larger than a file.
    let bytes = match axum::body::to_bytes(body, MAX_FILE_BYTES as usize).await {
        Ok(b) => b,
        Err(e) if is_length_limit(&e) => return Problem::ChunkTooLarge.into_response(),
        Err(_) => return Problem::BodyCutOff.into_response(),
    };
    files
        .upload_bytes
        .fetch_add(bytes.len() as u64, Ordering::Relaxed);
    let client = client.map_or_else(|| "unknown".to_string(), |Extension(ip)| ip.key());
    // In a task of its own: a phone that hangs up does not stop an append half-way.
    let work = tokio::spawn(async move {
        files
            .append(Target { key, sha, client }, offset, total, bytes)
            .await
    });
    match work.await {
        Ok(Ok((status, progress))) => answer(status, &progress),
        Ok(Err(problem)) => problem.into_response(),
        Err(e) => Problem::internal("files: append task", e).into_response(),
    }
}

/// A JSON answer that is never cached.
fn answer(status: StatusCode, body: &impl Serialize) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Whether a body failed because it was longer than allowed.
fn is_length_limit(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut e = Some(err);
    while let Some(x) = e {
        if x.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        e = x.source();
    }
    false
}

/// Why an upload request was refused. Each answers
/// `{"error": code, "message": {"id": …, "en": …}}`, plus `received` for an offset mismatch.
#[derive(Debug)]
enum Problem {
    /// The name is not 64 hex digits.
    BadName,
    /// No upload key, or not an application id (UUIDv7).
    BadKey,
    /// `offset` or `total` is missing or not a number.
    BadQuery,
    /// `total` is 0.
    Empty,
    /// `total` is above [`MAX_FILE_BYTES`].
    TooLarge,
    /// The body is longer than a chunk may be.
    ChunkTooLarge,
    /// The body did not arrive whole.
    BodyCutOff,
    /// `offset` is not the number of bytes held.
    OffsetMismatch {
        /// The bytes held: resume from here.
        received: u64,
    },
    /// The chunk goes past `total`.
    BeyondTotal,
    /// The first bytes are not a JPEG, PNG or PDF.
    UnsupportedType,
    /// The complete bytes do not hash to the name.
    HashMismatch,
    /// The upload key's files together would be larger than allowed.
    KeyQuota {
        /// The most one key may hold.
        max_bytes: i64,
    },
    /// This client address sent as much as it may this hour.
    AddressQuota {
        /// Seconds until the next hour starts.
        retry_after_secs: i64,
    },
    /// All partial uploads together are at their cap.
    PartialsFull,
    /// The disk would get too full.
    DiskFull,
    /// Something failed on the server (logged).
    Internal,
}

/// Seconds to wait before trying again when the server is full (the sweeper or finished
/// uploads make room).
const FULL_RETRY_AFTER_SECS: i64 = 600;

impl Problem {
    /// Logs an internal failure and returns the opaque problem the phone sees.
    fn internal(context: &str, err: impl std::fmt::Display) -> Problem {
        tracing::error!(%err, "{context}");
        Problem::Internal
    }

    fn status(&self) -> StatusCode {
        match self {
            Problem::BadName
            | Problem::BadKey
            | Problem::BadQuery
            | Problem::BodyCutOff
            | Problem::BeyondTotal => StatusCode::BAD_REQUEST,
            Problem::Empty
            | Problem::TooLarge
            | Problem::ChunkTooLarge
            | Problem::KeyQuota { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Problem::AddressQuota { .. } => StatusCode::TOO_MANY_REQUESTS,
            Problem::PartialsFull | Problem::DiskFull => StatusCode::INSUFFICIENT_STORAGE,
            Problem::OffsetMismatch { .. } => StatusCode::CONFLICT,
            Problem::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Problem::HashMismatch => StatusCode::UNPROCESSABLE_ENTITY,
            Problem::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The code a program reads and the text a person reads (Bahasa Indonesia, English).
    fn text(&self) -> (&'static str, String, String) {
        let (code, id, en) = match self {
            Problem::BadName => (
                "bad_sha256",
                "Nama berkas tidak sah: harus sidik SHA-256 berupa 64 karakter heksadesimal.",
                "The file name is not valid: it must be a SHA-256 of 64 hexadecimal characters.",
            ),
            Problem::BadKey => (
                "bad_upload_key",
                "Unggahan harus menyebut permohonan yang dilampirinya: ?key= berisi id permohonan (UUIDv7).",
                "An upload must name the application it is for: ?key= with the application's id (a UUIDv7).",
            ),
            Problem::KeyQuota { max_bytes } => {
                let mb = max_bytes / 1_000_000;
                return (
                    "key_quota",
                    format!("Berkas-berkas permohonan ini bersama-sama melebihi {mb} MB. Kecilkan foto atau kirim lebih sedikit berkas."),
                    format!("This application's files together are larger than {mb} MB. Make the photos smaller or send fewer files."),
                );
            }
            Problem::AddressQuota { .. } => (
                "address_quota",
                "Terlalu banyak unggahan dari alamat ini dalam satu jam. Unggahan akan dilanjutkan nanti.",
                "Too much has been uploaded from this address in the last hour. The upload will continue later.",
            ),
            Problem::PartialsFull => (
                "server_busy",
                "Server sedang menerima terlalu banyak unggahan. Unggahan akan dilanjutkan nanti.",
                "The server is receiving too many uploads right now. The upload will continue later.",
            ),
            Problem::DiskFull => (
                "storage_full",
                "Penyimpanan server hampir penuh. Unggahan akan dilanjutkan nanti.",
                "The server's storage is nearly full. The upload will continue later.",
            ),
            Problem::BadQuery => (
                "bad_query",
                "Unggahan harus menyebut offset dan total dalam byte, misalnya ?offset=0&total=12345.",
                "An upload must give offset and total in bytes, e.g. ?offset=0&total=12345.",
            ),
            Problem::Empty => ("empty_file", "Berkas kosong. Pilih foto atau PDF yang berisi.", "The file is empty. Choose a photo or PDF with something in it."),
            Problem::TooLarge => (
                "too_large",
                "Berkas terlalu besar: paling besar 5 MB. Kecilkan fotonya atau kirim PDF yang lebih kecil.",
                "The file is too large: 5 MB at most. Make the photo smaller or send a smaller PDF.",
            ),
            Problem::ChunkTooLarge => (
                "chunk_too_large",
                "Potongan unggahan terlalu besar. Kirim berkas dalam potongan yang lebih kecil.",
                "This part of the upload is too large. Send the file in smaller parts.",
            ),
            Problem::BodyCutOff => (
                "body_cut_off",
                "Unggahan terputus sebelum selesai. Coba kirim lagi.",
                "The upload was cut off before it finished. Try sending it again.",
            ),
            Problem::OffsetMismatch { received } => {
                return (
                    "offset_mismatch",
                    format!("Server sudah menyimpan {received} byte dari berkas ini. Lanjutkan dari byte ke-{received}."),
                    format!("The server holds {received} bytes of this file. Continue from byte {received}."),
                )
            }
            Problem::BeyondTotal => (
                "beyond_total",
                "Potongan ini melewati ukuran total berkas.",
                "This part goes past the file's total size.",
            ),
            Problem::UnsupportedType => (
                "unsupported_type",
                "Jenis berkas tidak didukung. Kirim foto JPEG/PNG atau PDF.",
                "This kind of file is not supported. Send a JPEG/PNG photo or a PDF.",
            ),
            Problem::HashMismatch => (
                "hash_mismatch",
                "Isi berkas tidak cocok dengan sidik SHA-256-nya; berkas rusak di jalan. Kirim ulang dari awal.",
                "The file's bytes do not match its SHA-256; it was damaged on the way. Send it again from the start.",
            ),
            Problem::Internal => (
                "internal",
                "Terjadi kesalahan di server. Coba lagi nanti.",
                "Something went wrong on the server. Try again later.",
            ),
        };
        (code, id.to_string(), en.to_string())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let (code, id, en) = self.text();
        let mut body = serde_json::json!({ "error": code, "message": { "id": id, "en": en } });
        let mut retry_after = None;
        match self {
            Problem::OffsetMismatch { received } => body["received"] = received.into(),
            Problem::TooLarge => body["max_bytes"] = MAX_FILE_BYTES.into(),
            Problem::KeyQuota { max_bytes } => body["max_bytes"] = max_bytes.into(),
            Problem::AddressQuota { retry_after_secs } => {
                retry_after = Some(retry_after_secs.max(1))
            }
            Problem::PartialsFull | Problem::DiskFull => retry_after = Some(FULL_RETRY_AFTER_SECS),
            _ => {}
        }
        let mut res = answer(self.status(), &body);
        if let Some(secs) = retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// One turn at a time per file name. A name's entry lives while someone holds or waits for
/// its turn, so the map stays as small as the uploads in progress.
#[derive(Default)]
struct Turns(std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

/// The turn of one file; dropping it lets the next one in.
struct Turn<'a> {
    turns: &'a Turns,
    sha: String,
    slot: Option<Arc<tokio::sync::Mutex<()>>>,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Turns {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<tokio::sync::Mutex<()>>>> {
        // A panic elsewhere cannot leave the map half-changed: take it as it is.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for `sha`'s turn. Callers run to the end (in a task of their own), so a turn is
    /// never abandoned while waiting.
    async fn take(&self, sha: &str) -> Turn<'_> {
        let slot = self.map().entry(sha.to_string()).or_default().clone();
        let mut turn = Turn {
            turns: self,
            sha: sha.to_string(),
            slot: Some(slot.clone()),
            guard: None,
        };
        turn.guard = Some(slot.lock_owned().await);
        turn
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.guard.take();
        if let Some(slot) = self.slot.take() {
            let mut map = self.turns.map();
            // Nobody else holds or waits (only the map and this turn): forget the name. New
            // takers clone under the map's lock, so the count cannot grow meanwhile.
            if Arc::strong_count(&slot) == 2 {
                map.remove(&self.sha);
            }
        }
    }
}

/// Runs blocking file work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> Result<T, Problem> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Problem::internal("files: disk", e)),
        Err(e) => Err(Problem::internal("files: blocking task", e)),
    }
}

/// The size of the file at `path`, `None` when there is none.
async fn file_size(path: &FsPath) -> io::Result<Option<u64>> {
    match tokio::fs::metadata(path).await {
        Ok(m) => Ok(Some(m.len())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Removes the file at `path` if it is there.
async fn remove(path: &FsPath) -> Result<(), Problem> {
    match tokio::fs::remove_file(path).await {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Problem::internal("files: remove partial", e)),
    }
}

/// Appends `bytes` to the partial file at `path`, which holds `held` bytes, and waits until
/// they are on disk. On failure the file is cut back to `held`, so it never claims bytes it
/// does not fully have.
fn append_durably(path: &FsPath, bytes: &[u8], held: u64) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_data()) {
        let _ = file.set_len(held).and_then(|()| file.sync_data());
        return Err(e);
    }
    if held == 0 {
        // A new file: make its name durable too.
        sync_dir(path)?;
    }
    Ok(())
}

/// The SHA-256 (lowercase hex) of the file at `path`, and its first bytes.
fn hash_file(path: &FsPath) -> io::Result<(String, Vec<u8>)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut first = Vec::new();
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if first.len() < 8 {
            first.extend_from_slice(&buf[..n.min(8 - first.len())]);
        }
        hasher.update(&buf[..n]);
    }
    Ok((hex(&hasher.finalize()), first))
}

/// Moves a checked partial file to its place among complete files, durably.
fn promote(from: &FsPath, to: &FsPath) -> io::Result<()> {
    std::fs::rename(from, to)?;
    sync_dir(to)?;
    sync_dir(from)
}

/// Makes the directory entry of `path` durable (the rename or creation of a file).
fn sync_dir(path: &FsPath) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Bytes as lowercase hex.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                DIGITS[usize::from(b >> 4)] as char,
                DIGITS[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_known_by_their_first_bytes() {
        assert_eq!(media_type(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(media_type(b"\x89PNG\r\n\x1A\nrest"), Some("image/png"));
        assert_eq!(media_type(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(media_type(b"GIF89a"), None);
        assert_eq!(media_type(b"\xFF\xD8"), None);
        assert_eq!(media_type(b""), None);
    }

    #[test]
    fn names_are_64_hex_digits_lowercased() {
        assert_eq!(parse_sha256(&"AB".repeat(32)), Some("ab".repeat(32)));
        assert_eq!(parse_sha256(&"ab".repeat(31)), None);
        assert_eq!(parse_sha256(&"zz".repeat(32)), None);
        assert_eq!(parse_sha256(&format!("{}/", "a".repeat(63))), None);
    }

    #[test]
    fn hex_is_lowercase_and_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

/// `GET /staff/berkas/{sha256}`: an attachment, for signed-in staff of an agency one of whose
/// requests names it and uploaded it itself (anyone else: 401/403/404 with nothing of the
/// file; naming another's hash in a request opens nothing). Never cached.
pub async fn for_staff(
    State(files): State<Arc<Files>>,
    State(auth): State<app::api::auth::AuthSettings>,
    name: Result<Path<String>, PathRejection>,
    headers: axum::http::HeaderMap,
) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let plain = |status: StatusCode, text: &'static str| {
        (status, [(header::CACHE_CONTROL, "no-store")], text).into_response()
    };
    let Some(sha) = name.ok().and_then(|Path(n)| parse_sha256(&n)) else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    // The same session reader, lifetime and rules as the server functions.
    let account = match app::api::auth::signed_in(&files.pool, &headers, auth).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(%e, "staff file: session");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let Some(account) = account else {
        return plain(StatusCode::UNAUTHORIZED, "sign in first");
    };
    if account.must_change_password {
        return plain(
            StatusCode::FORBIDDEN,
            "change your temporary password first",
        );
    }
    let Some(agency) = account.agency.filter(|_| {
        matches!(
            account.role,
            app::domain::account::Role::Officer | app::domain::account::Role::AgencyAdmin
        )
    }) else {
        return plain(StatusCode::FORBIDDEN, "agency staff only");
    };
    let Ok(Some(file)) = store::for_agency(&files.pool, &agency, &sha).await else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    if !app::store::audit::file_opened(&files.pool, &account.id, &agency, &sha).await {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
    }
    match tokio::fs::read(files.complete_path(&sha)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, file.media_type),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::CONTENT_DISPOSITION, "inline".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(%e, "staff file: read");
            plain(StatusCode::NOT_FOUND, "not found")
        }
    }
}
