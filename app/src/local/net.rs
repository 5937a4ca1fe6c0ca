//! Plain `fetch` for the outbox: it needs the HTTP status to tell a refusal (kept, shown to the
//! citizen) from a failure worth retrying (no answer, or a 5xx), which the server-function
//! client folds together. The endpoints are the server functions' fixed paths.

use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::JsValue;
use web_sys::RequestCache;

/// What came back.
pub enum Reply {
    /// The server answered: status and body text.
    Http(u16, String),
    /// No complete answer (offline, connection dropped, body cut off).
    Unreachable,
}

/// Sends a request; a body may be JSON text or a Blob.
pub async fn fetch(
    method: &str,
    url: &str,
    body: Option<&JsValue>,
    content_type: Option<&str>,
) -> Reply {
    let Ok(method) = Method::from_bytes(method.as_bytes()) else {
        return Reply::Unreachable;
    };
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .cache(RequestCache::NoStore);
    if let Some(ct) = content_type {
        builder = builder
            .header("content-type", ct)
            .header("accept", "application/json");
    }
    let request = match body {
        Some(b) => builder.body(b.clone()),
        None => builder.build(),
    };
    let Ok(response) = (match request {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    }) else {
        return Reply::Unreachable;
    };
    match response.text().await {
        Ok(t) => Reply::Http(response.status(), t),
        // The headers came but the body was cut off: the answer is lost, so is the reply.
        Err(_) => Reply::Unreachable,
    }
}
