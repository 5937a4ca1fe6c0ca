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
//! a match moves the file to `<files-dir>/<sha256>` (one copy however many keys send it)
//! and lists it as complete for K (`app::store::files`); a mismatch throws the partial away
//! (422). Another key's complete file is not complete for K: K sends the bytes itself. The kind
//! of file is judged from its first bytes before anything is stored. [`Files::sweep`] removes
//! partial uploads that were left, and complete files no request came to claim.
//!
//! Appends to one file are serialised (one turn per name), and each runs to its end even when
//! the phone hangs up half-way, so bytes never interleave and nothing half-written is claimed.

mod disk;
mod problem;
mod protocol;
mod staff;
mod storage;
mod sweep;
mod turns;
mod whole;

pub use protocol::{status, upload, Chunk, KeyQuery};
pub use staff::for_staff;
pub use storage::Files;
pub use sweep::start_sweeper;
pub use whole::NotStored;

use app::store::files::Quotas;

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
}
