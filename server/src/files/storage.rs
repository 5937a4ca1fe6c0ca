//! Where uploads live and how a chunk is added: the partial file per (key, file), the quotas
//! counted before a byte is written, and the move of a checked file to its place.

use super::disk::{append_durably, blocking, file_size, free_bytes, hash_file, promote, remove};
use super::problem::Problem;
use super::turns::Turns;
use super::{media_type, unix_now, UploadLimits};
use app::store::files::{self as store, Over, StoredFile};
use app::store::Db;
use axum::body::Bytes;
use axum::http::StatusCode;
use serde::Serialize;
use std::io;
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The uploads: where their bytes live, their listing, and one turn at a time per file.
pub struct Files {
    /// The files folder (`--files-dir`): complete files; partial ones in `partial/`.
    pub(super) dir: PathBuf,
    /// The database that lists uploads and files.
    pub(super) pool: Db,
    /// The quotas and expiry times.
    pub(super) limits: UploadLimits,
    /// The turn of each file being worked on.
    pub(super) turns: Turns,
    /// Body bytes received by `PUT` since start (read by the test fault switch).
    pub(super) upload_bytes: AtomicU64,
}

impl Files {
    /// Uploads kept in `dir` (created if missing), listed in `pool`.
    pub fn open(dir: &FsPath, pool: Db, limits: UploadLimits) -> io::Result<Files> {
        let dir = dir.to_path_buf();
        std::fs::create_dir_all(dir.join("partial"))?;
        Ok(Files {
            dir,
            turns: Turns::new(pool.clone()),
            pool,
            limits,
            upload_bytes: AtomicU64::new(0),
        })
    }

    /// Body bytes received by `PUT /api/files/…` since start, whatever became of them.
    pub fn upload_bytes(&self) -> u64 {
        self.upload_bytes.load(Ordering::Relaxed)
    }

    pub(super) fn complete_path(&self, sha: &str) -> PathBuf {
        self.dir.join(sha)
    }

    pub(super) fn partial_path(&self, key: &str, sha: &str) -> PathBuf {
        self.dir.join("partial").join(format!("{key}-{sha}"))
    }

    /// What `key` holds of `sha` (call it in the file's turn). The bytes on disk are the truth
    /// for a partial upload; a complete one whose file went missing starts again.
    pub(super) async fn held(&self, key: &str, sha: &str) -> Result<Held, Problem> {
        let row = store::upload(&self.pool, key, sha).await?;
        let partial = self.partial_path(key, sha);
        match row {
            Some(u) if u.complete => {
                let listed = store::owned(&self.pool, key, sha).await?;
                let on_disk = file_size(&self.complete_path(sha))
                    .await
                    .map_err(|e| Problem::internal("files: stat", e))?;
                if let (Some(f), Some(_)) = (listed, on_disk) {
                    return Ok(Held::Complete(f));
                }
                store::forget(&self.pool, key, sha).await?;
                Ok(Held::Partial(0))
            }
            Some(u) => {
                let n = file_size(&partial)
                    .await
                    .map_err(|e| Problem::internal("files: stat", e))?
                    .unwrap_or(0);
                if i64::try_from(n).ok() != Some(u.received) {
                    let n = i64::try_from(n).unwrap_or(i64::MAX);
                    store::set_received(&self.pool, key, sha, n, unix_now()).await?;
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
    pub(super) async fn progress(&self, key: &str, sha: &str) -> Result<Progress, Problem> {
        let _turn = self.turns.take(sha).await?;
        Ok(match self.held(key, sha).await? {
            Held::Complete(f) => Progress::complete(&f),
            Held::Partial(n) => Progress::partial(n),
        })
    }

    /// Throws away `key`'s partial upload of `sha` (file and row).
    pub(super) async fn discard(&self, key: &str, sha: &str) -> Result<(), Problem> {
        remove(&self.partial_path(key, sha)).await?;
        Ok(store::forget(&self.pool, key, sha).await?)
    }

    /// Appends `bytes` at `offset` to `key`'s upload of `sha`, whose size is `total`; finishes
    /// it when complete. Run it to its end (see [`upload`]): it holds the file's turn throughout.
    pub(super) async fn append(
        &self,
        to: Target,
        offset: u64,
        total: u64,
        bytes: Bytes,
    ) -> Result<(StatusCode, Progress), Problem> {
        let Target { key, sha, client } = to;
        let _turn = self.turns.take(&sha).await?;
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
        let f = self.finish(&key, &sha, partial, total).await?;
        Ok((StatusCode::CREATED, Progress::complete(&f)))
    }

    /// Checks `key`'s whole upload of `sha` (at `partial`, `total` bytes) against its name and
    /// moves it among the complete files, listed for `key`; a mismatch is thrown away (422).
    async fn finish(
        &self,
        key: &str,
        sha: &str,
        partial: PathBuf,
        total: u64,
    ) -> Result<StoredFile, Problem> {
        let path = partial.clone();
        let (digest, first) = blocking(move || hash_file(&path)).await?;
        if digest != sha {
            self.discard(key, sha).await?;
            return Err(Problem::HashMismatch);
        }
        let Some(kind) = media_type(&first) else {
            return Err(Problem::internal(
                "files: finished file",
                format!("{sha} lost its kind"),
            ));
        };
        let (from, to) = (partial, self.complete_path(sha));
        blocking(move || promote(&from, &to)).await?;
        let f = StoredFile {
            sha256: sha.to_string(),
            size: i64::try_from(total).unwrap_or(i64::MAX),
            media_type: kind.into(),
        };
        store::finish(&self.pool, key, &f, unix_now()).await?;
        Ok(f)
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
        match store::reserve(&self.pool, chunk, &self.limits.quotas).await? {
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
}

/// Whose upload a chunk is for, and where it came from.
pub(super) struct Target {
    /// The upload key.
    pub(super) key: String,
    /// The file's name.
    pub(super) sha: String,
    /// The client address as a limiter key.
    pub(super) client: String,
}

/// What the server holds of a file.
pub(super) enum Held {
    /// All of it, checked and listed.
    Complete(StoredFile),
    /// This many bytes so far (0: nothing).
    Partial(u64),
}

/// The answer to `GET` and to a successful `PUT`.
#[derive(Debug, Serialize)]
pub(super) struct Progress {
    /// Bytes held: the partial file's size, or the whole size when complete.
    received: u64,
    /// Whether the file is complete and checked.
    complete: bool,
    /// What the file is, once complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
}

impl Progress {
    pub(super) fn partial(received: u64) -> Progress {
        Progress {
            received,
            complete: false,
            media_type: None,
        }
    }

    pub(super) fn complete(f: &StoredFile) -> Progress {
        Progress {
            received: u64::try_from(f.size).unwrap_or(0),
            complete: true,
            media_type: Some(f.media_type.clone()),
        }
    }
}
