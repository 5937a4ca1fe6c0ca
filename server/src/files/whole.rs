//! A small file received whole in one request (the evidence photo of a correction), stored
//! like the uploads' complete files: under its SHA-256 in the files folder (`--files-dir`), durably, listed
//! in `files`.

use super::disk::{append_durably, blocking, free_bytes, promote, remove};
use super::problem::Problem;
use super::storage::Files;
use super::{media_type, unix_now};
use app::store::files::{self as store, StoredFile};
use sha2::{Digest, Sha256};

/// Why a whole file was not stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotStored {
    /// Its first bytes are not a kind of file accepted.
    UnsupportedType,
    /// The disk would drop below its free floor.
    DiskFull,
    /// Something failed on the server (logged).
    Failed,
}

impl From<Problem> for NotStored {
    /// The upload refusal as what the caller needs to know.
    fn from(p: Problem) -> NotStored {
        match p {
            Problem::UnsupportedType => NotStored::UnsupportedType,
            Problem::DiskFull => NotStored::DiskFull,
            _ => NotStored::Failed,
        }
    }
}

impl Files {
    /// Stores `bytes` (size-limited by the caller) and lists the file; the same bytes twice
    /// are one file. Refused when the first bytes are not a kind accepted, or the disk would
    /// drop below its free floor.
    pub async fn store_whole(&self, bytes: Vec<u8>) -> Result<StoredFile, NotStored> {
        Ok(self.write_whole(bytes).await?)
    }

    /// [`Files::store_whole`], with the uploads' own refusals.
    async fn write_whole(&self, bytes: Vec<u8>) -> Result<StoredFile, Problem> {
        let sha = app::domain::file::name_of(&Sha256::digest(&bytes));
        let kind = media_type(&bytes).ok_or(Problem::UnsupportedType)?;
        let file = StoredFile {
            sha256: sha.clone(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            media_type: kind.to_string(),
        };
        let _turn = self.turns.take(&sha).await?;
        let target = self.complete_path(&sha);
        if store::stored(&self.pool, &sha).await?.is_some() && target.exists() {
            return Ok(file);
        }
        let dir = self.dir.clone();
        let free = blocking(move || free_bytes(&dir)).await?;
        if free.saturating_sub(bytes.len() as u64) < self.limits.free_floor {
            return Err(Problem::DiskFull);
        }
        let partial = self
            .dir
            .join("partial")
            .join(format!("whole-{}-{sha}", unix_now()));
        let (from, to) = (partial.clone(), target);
        let written = blocking(move || {
            append_durably(&from, &bytes, 0)?;
            promote(&from, &to)
        })
        .await;
        if written.is_err() {
            remove(&partial).await?;
        }
        written?;
        store::record(&self.pool, &file).await?;
        Ok(file)
    }
}
