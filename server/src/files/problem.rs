//! Why an upload request was refused, and how each refusal is answered.

use super::MAX_FILE_BYTES;
use app::domain::l10n::Lang;
use app::i18n::Msg;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Why an upload request was refused. Each answers
/// `{"error": code, "message": {"id": …, "en": …}}`, plus `received` for an offset mismatch.
#[derive(Debug)]
pub(super) enum Problem {
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
    pub(super) fn internal(context: &str, err: impl std::fmt::Display) -> Problem {
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

    /// The code a program reads.
    fn code(&self) -> &'static str {
        match self {
            Problem::BadName => "bad_sha256",
            Problem::BadKey => "bad_upload_key",
            Problem::KeyQuota { .. } => "key_quota",
            Problem::AddressQuota { .. } => "address_quota",
            Problem::PartialsFull => "server_busy",
            Problem::DiskFull => "storage_full",
            Problem::BadQuery => "bad_query",
            Problem::Empty => "empty_file",
            Problem::TooLarge => "too_large",
            Problem::ChunkTooLarge => "chunk_too_large",
            Problem::BodyCutOff => "body_cut_off",
            Problem::OffsetMismatch { .. } => "offset_mismatch",
            Problem::BeyondTotal => "beyond_total",
            Problem::UnsupportedType => "unsupported_type",
            Problem::HashMismatch => "hash_mismatch",
            Problem::Internal => "internal",
        }
    }

    /// The text a person reads, in `lang` (from `i18n::Msg`, like every text of the app).
    fn text(&self, lang: Lang) -> String {
        let msg = match self {
            Problem::BadName => Msg::UploadBadName,
            Problem::BadKey => Msg::UploadBadKey,
            Problem::KeyQuota { .. } => Msg::UploadKeyQuota,
            Problem::AddressQuota { .. } => Msg::UploadAddressQuota,
            Problem::PartialsFull => Msg::UploadServerBusy,
            Problem::DiskFull => Msg::UploadStorageFull,
            Problem::BadQuery => Msg::UploadBadQuery,
            Problem::Empty => Msg::UploadEmpty,
            Problem::TooLarge => Msg::UploadTooLarge,
            Problem::ChunkTooLarge => Msg::UploadChunkTooLarge,
            Problem::BodyCutOff => Msg::UploadCutOff,
            Problem::OffsetMismatch { .. } => Msg::UploadOffsetMismatch,
            Problem::BeyondTotal => Msg::UploadBeyondTotal,
            Problem::UnsupportedType => Msg::UploadUnsupportedType,
            Problem::HashMismatch => Msg::UploadHashMismatch,
            Problem::Internal => Msg::UploadInternal,
        };
        match self {
            Problem::KeyQuota { max_bytes } => msg.with(lang, max_bytes / 1_000_000),
            Problem::OffsetMismatch { received } => msg.with(lang, received),
            _ => msg.get(lang).to_string(),
        }
    }
}

/// A storage failure (`app::store::files` answers the database's own errors) is an internal
/// problem: logged with where it happened (the `?` that converted it), never sent.
impl From<sqlx::Error> for Problem {
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        Problem::internal(&std::panic::Location::caller().to_string(), e)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let message = serde_json::json!({ "id": self.text(Lang::Id), "en": self.text(Lang::En) });
        let mut body = serde_json::json!({ "error": self.code(), "message": message });
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

/// A JSON answer that is never cached.
pub(super) fn answer(status: StatusCode, body: &impl Serialize) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
