//! The upload protocol over HTTP: `GET /api/files/{sha256}?key=K` (what K holds) and
//! `PUT /api/files/{sha256}?key=K&offset=O&total=T` (a chunk), each answered as JSON that is
//! never cached.

use super::problem::{answer, Problem};
use super::storage::{Files, Target};
use super::MAX_FILE_BYTES;
use app::domain::file::parse_name;
use app::domain::submission::parse_upload_key;
use app::store::limits::ClientIp;
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;
use std::sync::atomic::Ordering;
use std::sync::Arc;

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
    let Some(sha) = name.ok().and_then(|Path(n)| parse_name(&n)) else {
        return Problem::BadName.into_response();
    };
    let Some(key) = q
        .ok()
        .and_then(|Query(q)| q.key)
        .as_deref()
        .and_then(parse_upload_key)
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
    let Some(sha) = name.ok().and_then(|Path(n)| parse_name(&n)) else {
        return Problem::BadName.into_response();
    };
    let Ok(Query(Chunk { key, offset, total })) = chunk else {
        return Problem::BadQuery.into_response();
    };
    let Some(key) = key.as_deref().and_then(parse_upload_key) else {
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
    let client = ClientIp::key_of(client.as_ref().map(|Extension(ip)| ip));
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
