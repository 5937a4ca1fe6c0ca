//! `POST /api/koreksi/{slug}`: a citizen's correction of a service's information, sent by the
//! plain form of `/layanan/:slug/koreksi` (multipart, for the optional photo; no JavaScript
//! needed). Counted per client address first (`store::limits`), then read and checked
//! (`domain::correction::check`); the photo is judged by its first bytes (JPEG or PNG only)
//! and its size, then stored like the uploads' files; the correction goes into the service's
//! agency queue. Anything refused stores nothing and is answered with the form again, its
//! problem named, with a 4xx status.

use crate::files::{media_type, Files, NotStored};
use app::domain::correction::{self, Draft, Refusal, MAX_EVIDENCE_BYTES, MAX_TEXT_CHARS};
use app::store::limits::{ClientIp, LimitError, Limits};
use app::store::Db;
use axum::extract::{FromRequest, Multipart, Request};
use std::sync::Arc;

/// What a correction needs: the database, the limits and the files.
#[derive(Clone)]
pub struct Corrections {
    /// The database.
    pub pool: Db,
    /// The per-address limit.
    pub limits: Arc<Limits>,
    /// Where the evidence photo goes.
    pub files: Arc<Files>,
}

/// How a correction came out.
#[derive(Debug)]
pub enum Outcome {
    /// Stored in the agency's queue.
    Sent,
    /// Refused (nothing stored); what was typed, to fill in again.
    Refused(Refusal, Draft),
    /// The limit per address is spent; try again after this many seconds.
    Limited(u64),
    /// There is no such active service.
    NoService,
    /// The server failed (logged).
    Failed,
}

/// A correction read from the form: the texts and the photo's bytes (empty: none).
#[derive(Default)]
struct Sent {
    /// The texts and the field.
    draft: Draft,
    /// The photo's bytes (empty: none sent).
    photo: Vec<u8>,
}

/// Takes the correction in `req` for service `slug`.
pub async fn submit(c: &Corrections, slug: &str, req: Request) -> Outcome {
    match app::store::catalogue::service(&c.pool, slug).await {
        Ok(Some(_)) => {}
        Ok(None) => return Outcome::NoService,
        Err(e) => return failed("correction: service", e),
    }
    let key = ClientIp::key_of(req.extensions().get());
    match c.limits.correction_per_ip.take(&key).await {
        Ok(()) => {}
        Err(LimitError::Limited(l)) => return Outcome::Limited(l.retry_after_secs),
        Err(e) => return failed("correction: limit", e),
    }
    let sent = match read(req).await {
        Ok(sent) => sent,
        Err(r) => return Outcome::Refused(r, Draft::default()),
    };
    let checked = match correction::check(&sent.draft) {
        Ok(checked) => checked,
        Err(r) => return Outcome::Refused(r, sent.draft),
    };
    let evidence = match evidence(c, sent.photo).await {
        Ok(evidence) => evidence,
        Err(Some(r)) => return Outcome::Refused(r, sent.draft),
        Err(None) => return Outcome::Failed,
    };
    match app::store::corrections::add(&c.pool, slug, &checked, evidence.as_deref()).await {
        Ok(Some(_)) => Outcome::Sent,
        Ok(None) => Outcome::NoService,
        Err(e) => failed("correction: store", e),
    }
}

/// Logs a failure and gives [`Outcome::Failed`].
fn failed(context: &str, e: impl std::fmt::Display) -> Outcome {
    tracing::error!(%e, "{context}");
    Outcome::Failed
}

/// Stores the photo, if one was sent: its SHA-256. `Err(Some)`: refused; `Err(None)`: failed.
async fn evidence(c: &Corrections, photo: Vec<u8>) -> Result<Option<String>, Option<Refusal>> {
    if photo.is_empty() {
        return Ok(None);
    }
    if !matches!(media_type(&photo), Some("image/jpeg" | "image/png")) {
        return Err(Some(Refusal::NotAPhoto));
    }
    match c.files.store_whole(photo).await {
        Ok(f) => Ok(Some(f.sha256)),
        Err(NotStored::UnsupportedType) => Err(Some(Refusal::NotAPhoto)),
        Err(NotStored::DiskFull | NotStored::Failed) => Err(None),
    }
}

/// The largest text part read, in bytes (a character is at most 4 bytes).
const MAX_TEXT_BYTES: usize = MAX_TEXT_CHARS * 4 + 64;

/// Reads the form's parts (`field`, `saw`, `should`, `evidence`); other parts are ignored.
async fn read(req: Request) -> Result<Sent, Refusal> {
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|_| Refusal::Unreadable)?;
    let mut sent = Sent::default();
    while let Some(mut part) = form.next_field().await.map_err(|_| Refusal::Unreadable)? {
        let name = part.name().unwrap_or("").to_string();
        let cap = match name.as_str() {
            "evidence" => MAX_EVIDENCE_BYTES,
            _ => MAX_TEXT_BYTES,
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(|_| Refusal::Unreadable)? {
            if bytes.len() + chunk.len() > cap {
                return Err(match name.as_str() {
                    "evidence" => Refusal::PhotoTooLarge,
                    _ => Refusal::TooLong,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = || String::from_utf8(bytes.clone()).map_err(|_| Refusal::BadCharacter);
        match name.as_str() {
            "field" => sent.draft.field = text()?,
            "saw" => sent.draft.saw = text()?,
            "should" => sent.draft.should = text()?,
            "evidence" => sent.photo = bytes,
            _ => {}
        }
    }
    Ok(sent)
}
