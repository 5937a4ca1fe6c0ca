//! The files themselves: blocking work run off the async threads, appends that are on disk
//! before the answer, hashing, durable moves, and the filesystem's free space.

use super::problem::Problem;
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path as FsPath;

/// The names of the files directly in `dir` last changed at least `older_than` seconds before
/// `now`.
pub(super) fn old_files(dir: &FsPath, now: i64, older_than: i64) -> io::Result<Vec<String>> {
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
pub(super) fn free_bytes(dir: &FsPath) -> io::Result<u64> {
    let st = rustix::fs::statvfs(dir)?;
    Ok(st.f_bavail.saturating_mul(st.f_frsize))
}

/// Runs blocking file work off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> Result<T, Problem> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Problem::internal("files: disk", e)),
        Err(e) => Err(Problem::internal("files: blocking task", e)),
    }
}

/// The size of the file at `path`, `None` when there is none.
pub(super) async fn file_size(path: &FsPath) -> io::Result<Option<u64>> {
    match tokio::fs::metadata(path).await {
        Ok(m) => Ok(Some(m.len())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Removes the file at `path` if it is there.
pub(super) async fn remove(path: &FsPath) -> Result<(), Problem> {
    match tokio::fs::remove_file(path).await {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Problem::internal("files: remove partial", e)),
    }
}

/// Appends `bytes` to the partial file at `path`, which holds `held` bytes, and waits until
/// they are on disk. On failure the file is cut back to `held`, so it never claims bytes it
/// does not fully have.
pub(super) fn append_durably(path: &FsPath, bytes: &[u8], held: u64) -> io::Result<()> {
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
pub(super) fn hash_file(path: &FsPath) -> io::Result<(String, Vec<u8>)> {
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
    Ok((app::domain::file::name_of(&hasher.finalize()), first))
}

/// Moves a checked partial file to its place among complete files, durably.
pub(super) fn promote(from: &FsPath, to: &FsPath) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_is_named_by_its_sha256_in_lowercase_hex() {
        use sha2::{Digest, Sha256};
        assert_eq!(
            app::domain::file::name_of(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
