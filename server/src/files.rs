//! Uploading files (photos of documents, PDFs) in chunks that survive a dropped signal.
//!
//! A file is named by the SHA-256 of its bytes (64 lowercase hex), and that name is the answer
//! to a file field. `GET /api/files/{sha256}` says how many bytes the server holds;
//! `PUT /api/files/{sha256}?offset=O&total=T` appends the bytes starting at `O`, which must be
//! exactly what is held (else 409 with `received`, and the phone resumes from there). Each
//! append is fsynced before the answer, so `received` survives a crash. When all `T` bytes are
//! held the server hashes them: a match moves the file to `<data-dir>/files/<sha256>` and lists
//! it (`app::store::files`); a mismatch throws the partial away (422). The kind of file is
//! judged from its first bytes before anything is stored.
//!
//! Appends to one file are serialised (one turn per name), and each runs to its end even when
//! the phone hangs up half-way, so bytes never interleave and nothing half-written is claimed.

use app::store::files::{self as store, StoredFile};
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
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
    KINDS.iter().find(|(magic, _)| first.starts_with(magic)).map(|(_, kind)| *kind)
}

/// `name` as a file name: 64 hex digits, lowercased; `None` for anything else.
pub fn parse_sha256(name: &str) -> Option<String> {
    (name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())).then(|| name.to_ascii_lowercase())
}

/// The uploads: where their bytes live, their listing, and one turn at a time per file.
pub struct Files {
    /// `<data-dir>/files`: complete files; partial ones in `partial/`.
    dir: PathBuf,
    /// The database that lists complete files.
    pool: SqlitePool,
    /// The turn of each file being worked on.
    turns: Turns,
    /// Body bytes received by `PUT` since start (read by the test fault switch).
    upload_bytes: AtomicU64,
}

impl Files {
    /// Uploads kept under `<data_dir>/files` (created if missing), listed in `pool`.
    pub fn open(data_dir: &FsPath, pool: SqlitePool) -> io::Result<Files> {
        let dir = data_dir.join("files");
        std::fs::create_dir_all(dir.join("partial"))?;
        Ok(Files { dir, pool, turns: Turns::default(), upload_bytes: AtomicU64::new(0) })
    }

    /// Body bytes received by `PUT /api/files/…` since start, whatever became of them.
    pub fn upload_bytes(&self) -> u64 {
        self.upload_bytes.load(Ordering::Relaxed)
    }

    fn complete_path(&self, sha: &str) -> PathBuf {
        self.dir.join(sha)
    }

    fn partial_path(&self, sha: &str) -> PathBuf {
        self.dir.join("partial").join(sha)
    }

    /// What the server holds of `sha` (call it in the file's turn). A complete file on disk that
    /// is not listed (the server stopped between the move and the listing) is listed now.
    async fn held(&self, sha: &str) -> Result<Held, Problem> {
        if let Some(f) = store::stored(&self.pool, sha).await.map_err(|e| Problem::internal("files: read listing", e))? {
            return Ok(Held::Complete(f));
        }
        let complete = self.complete_path(sha);
        if let Some(size) = file_size(&complete).await.map_err(|e| Problem::internal("files: stat", e))? {
            let first = blocking(move || first_bytes(&complete)).await?;
            let Some(kind) = media_type(&first) else {
                return Err(Problem::internal("files: unlisted file", format!("{sha} is of no accepted kind")));
            };
            let f = StoredFile { sha256: sha.to_string(), size: i64::try_from(size).unwrap_or(i64::MAX), media_type: kind.into() };
            store::record(&self.pool, &f).await.map_err(|e| Problem::internal("files: list", e))?;
            return Ok(Held::Complete(f));
        }
        let partial = file_size(&self.partial_path(sha)).await.map_err(|e| Problem::internal("files: stat", e))?;
        Ok(Held::Partial(partial.unwrap_or(0)))
    }

    /// How much of `sha` the server holds.
    async fn progress(&self, sha: &str) -> Result<Progress, Problem> {
        let _turn = self.turns.take(sha).await;
        Ok(match self.held(sha).await? {
            Held::Complete(f) => Progress::complete(&f),
            Held::Partial(n) => Progress::partial(n),
        })
    }

    /// Appends `bytes` at `offset` to `sha`, whose size is `total`; finishes it when complete.
    /// Run it to its end (see [`upload`]): it holds the file's turn throughout.
    async fn append(&self, sha: &str, offset: u64, total: u64, bytes: Bytes) -> Result<(StatusCode, Progress), Problem> {
        let _turn = self.turns.take(sha).await;
        let held = match self.held(sha).await? {
            Held::Complete(f) => return Ok((StatusCode::OK, Progress::complete(&f))),
            Held::Partial(n) => n,
        };
        let partial = self.partial_path(sha);
        if held > total {
            // Bytes from an upload that announced another size: they can never make this file.
            remove(&partial).await?;
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
            let path = partial.clone();
            blocking(move || append_durably(&path, &bytes, held)).await?;
        }
        if end < total {
            return Ok((StatusCode::OK, Progress::partial(end)));
        }
        let path = partial.clone();
        let (digest, first) = blocking(move || hash_file(&path)).await?;
        if digest != sha {
            remove(&partial).await?;
            return Err(Problem::HashMismatch);
        }
        let Some(kind) = media_type(&first) else {
            return Err(Problem::internal("files: finished file", format!("{sha} lost its kind")));
        };
        let (from, to) = (partial, self.complete_path(sha));
        blocking(move || promote(&from, &to)).await?;
        let f = StoredFile { sha256: sha.to_string(), size: i64::try_from(total).unwrap_or(i64::MAX), media_type: kind.into() };
        store::record(&self.pool, &f).await.map_err(|e| Problem::internal("files: list", e))?;
        Ok((StatusCode::CREATED, Progress::complete(&f)))
    }
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
        Progress { received, complete: false, media_type: None }
    }

    fn complete(f: &StoredFile) -> Progress {
        Progress { received: u64::try_from(f.size).unwrap_or(0), complete: true, media_type: Some(f.media_type.clone()) }
    }
}

/// `?offset=O&total=T` of a `PUT`.
#[derive(Debug, Deserialize)]
pub struct Chunk {
    /// Where the body's bytes start in the file.
    offset: u64,
    /// The file's whole size.
    total: u64,
}

/// `GET /api/files/{sha256}`: `{"received": N, "complete": bool}` (and `media_type` when
/// complete); an unknown file is `{"received": 0, "complete": false}`.
pub async fn status(State(files): State<Arc<Files>>, name: Result<Path<String>, PathRejection>) -> Response {
    let Some(sha) = name.ok().and_then(|Path(n)| parse_sha256(&n)) else {
        return Problem::BadName.into_response();
    };
    // In a task of its own, like an append: a turn is always given back whole.
    match tokio::spawn(async move { files.progress(&sha).await }).await {
        Ok(Ok(p)) => answer(StatusCode::OK, &p),
        Ok(Err(problem)) => problem.into_response(),
        Err(e) => Problem::internal("files: status task", e).into_response(),
    }
}

/// `PUT /api/files/{sha256}?offset=O&total=T` with the bytes from `O` on: 200 with the bytes
/// held, 201 when this chunk completed the file, or a [`Problem`].
pub async fn upload(
    State(files): State<Arc<Files>>,
    name: Result<Path<String>, PathRejection>,
    chunk: Result<Query<Chunk>, QueryRejection>,
    body: Body,
) -> Response {
    let Some(sha) = name.ok().and_then(|Path(n)| parse_sha256(&n)) else {
        return Problem::BadName.into_response();
    };
    let Ok(Query(Chunk { offset, total })) = chunk else {
        return Problem::BadQuery.into_response();
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
    files.upload_bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
    // In a task of its own: a phone that hangs up does not stop an append half-way.
    let work = tokio::spawn(async move { files.append(&sha, offset, total, bytes).await });
    match work.await {
        Ok(Ok((status, progress))) => answer(status, &progress),
        Ok(Err(problem)) => problem.into_response(),
        Err(e) => Problem::internal("files: append task", e).into_response(),
    }
}

/// A JSON answer that is never cached.
fn answer(status: StatusCode, body: &impl Serialize) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
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
    /// Something failed on the server (logged).
    Internal,
}

impl Problem {
    /// Logs an internal failure and returns the opaque problem the phone sees.
    fn internal(context: &str, err: impl std::fmt::Display) -> Problem {
        tracing::error!(%err, "{context}");
        Problem::Internal
    }

    fn status(&self) -> StatusCode {
        match self {
            Problem::BadName | Problem::BadQuery | Problem::BodyCutOff | Problem::BeyondTotal => StatusCode::BAD_REQUEST,
            Problem::Empty | Problem::TooLarge | Problem::ChunkTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
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
        match self {
            Problem::OffsetMismatch { received } => body["received"] = received.into(),
            Problem::TooLarge => body["max_bytes"] = MAX_FILE_BYTES.into(),
            _ => {}
        }
        answer(self.status(), &body)
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
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for `sha`'s turn. Callers run to the end (in a task of their own), so a turn is
    /// never abandoned while waiting.
    async fn take(&self, sha: &str) -> Turn<'_> {
        let slot = self.map().entry(sha.to_string()).or_default().clone();
        let mut turn = Turn { turns: self, sha: sha.to_string(), slot: Some(slot.clone()), guard: None };
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
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> io::Result<T> + Send + 'static) -> Result<T, Problem> {
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
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
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

/// The first (up to 8) bytes of the file at `path`.
fn first_bytes(path: &FsPath) -> io::Result<Vec<u8>> {
    let mut first = Vec::with_capacity(8);
    std::fs::File::open(path)?.take(8).read_to_end(&mut first)?;
    Ok(first)
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
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
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
        assert_eq!(hex(&Sha256::digest(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

/// `GET /staff/berkas/{sha256}`: an attachment, for signed-in staff of an agency one of whose
/// requests names it (anyone else: 401/403/404 with nothing of the file). Never cached.
pub async fn for_staff(State(files): State<Arc<Files>>, name: Result<Path<String>, PathRejection>, headers: axum::http::HeaderMap) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let plain = |status: StatusCode, text: &'static str| (status, [(header::CACHE_CONTROL, "no-store")], text).into_response();
    let Some(sha) = name.ok().and_then(|Path(n)| parse_sha256(&n)) else { return plain(StatusCode::NOT_FOUND, "not found") };
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("loket_session=").map(str::to_string));
    let Some(token) = token else { return plain(StatusCode::UNAUTHORIZED, "sign in first") };
    let session = match app::store::accounts::session(&files.pool, &app::api::auth::token_hash(&token), u32::MAX).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(%e, "staff file: session");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let Some(account) = session.and_then(|s| s.account) else { return plain(StatusCode::UNAUTHORIZED, "sign in first") };
    let Some(agency) = account.agency.filter(|_| matches!(account.role, app::domain::account::Role::Officer | app::domain::account::Role::AgencyAdmin)) else {
        return plain(StatusCode::FORBIDDEN, "agency staff only");
    };
    let named: Result<Option<i64>, _> = sqlx::query_scalar("SELECT 1 FROM requests WHERE agency_slug = ?1 AND instr(answers, ?2) > 0 LIMIT 1")
        .bind(&agency)
        .bind(format!("\"{sha}\""))
        .fetch_optional(&files.pool)
        .await;
    let stored = app::store::files::stored(&files.pool, &sha).await;
    let (Ok(Some(_)), Ok(Some(file))) = (named, stored) else { return plain(StatusCode::NOT_FOUND, "not found") };
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
