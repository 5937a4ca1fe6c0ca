//! The phone's one way to the server. Server functions are called through their generated
//! argument types (`client::call(&SubmitApplication { envelope })`): path, codecs and argument
//! names come from the function (see `api::call`). Unlike the server-function client, a call
//! keeps the HTTP status apart from the answer, because the outbox must tell a refusal (kept,
//! shown to the citizen) from a failure worth retrying (no answer, a proxy's 5xx). Uploads go to
//! `/api/files/...` (a plain route, not a server function) through the helpers at the end.

use super::net::fetch;
/// A plain route's reply (status and body), as the uploads read it.
pub use super::net::Reply as Raw;
use crate::api::call::Request;
pub use crate::api::call::{PostFn, Unsendable};
use server_fn::ServerFn;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsValue;

/// What a call came back with.
pub enum Reply<F: ServerFn> {
    /// 200: the function's answer (`None` when its body did not decode).
    Done(Option<F::Output>),
    /// Any other status, with the body (the function's error, or a proxy's page).
    Status(u16, String),
    /// No complete answer (offline, connection dropped, body cut off).
    Unreachable,
}

/// Calls the server function `F` with `args`; arguments that cannot be encoded are an error
/// and nothing is sent.
pub async fn call<F: PostFn>(args: &F) -> Result<Reply<F>, Unsendable> {
    let req = crate::api::call::request(args)?;
    Ok(match send(req).await {
        Raw::Http(200, text) => Reply::Done(crate::api::call::output::<F>(&text)),
        Raw::Http(status, text) => Reply::Status(status, text),
        Raw::Unreachable => Reply::Unreachable,
    })
}

/// Sends an encoded call (one copy of this for every function: only encoding and decoding
/// differ between them).
fn send(req: Request) -> Pin<Box<dyn Future<Output = Raw>>> {
    Box::pin(async move {
        let body = JsValue::from_str(&req.body);
        fetch("POST", req.path, Some(&body), Some(req.content_type)).await
    })
}

/// The function's error in a refusal's body (see [`Reply::Status`]).
pub fn refusal<F: ServerFn>(body: &str) -> F::Error {
    crate::api::call::error::<F>(body)
}

/// Calls a server function through the server-function client (one that needs no status of its
/// own, such as the catalogue's changes).
pub async fn run<F: ServerFn>(args: F) -> Result<F::Output, F::Error> {
    args.run_on_client().await
}

/// The upload route of one file of one application.
fn upload_url(key: &str, sha: &str) -> String {
    format!("/api/files/{sha}?key={key}")
}

/// How much of a file the server holds (`GET /api/files/{sha}?key=...`).
pub async fn upload_progress(key: &str, sha: &str) -> Raw {
    fetch("GET", &upload_url(key, sha), None, None).await
}

/// Sends one piece of a file, from `offset` of `total` bytes.
pub async fn upload_piece(
    key: &str,
    sha: &str,
    offset: u64,
    total: u64,
    piece: &web_sys::Blob,
) -> Raw {
    let url = format!("{}&offset={offset}&total={total}", upload_url(key, sha));
    fetch(
        "PUT",
        &url,
        Some(&JsValue::from(piece)),
        Some("application/octet-stream"),
    )
    .await
}
