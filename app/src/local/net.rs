//! Plain `fetch` for the outbox: it needs the HTTP status to tell a refusal (kept, shown to the
//! citizen) from a failure worth retrying (no answer, or a 5xx), which the server-function
//! client folds together. The endpoints are the server functions' fixed paths.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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
    let Some(window) = web_sys::window() else {
        return Reply::Unreachable;
    };
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some(b) = body {
        init.set_body(b);
    }
    if let Some(ct) = content_type {
        let headers = web_sys::Headers::new().ok();
        if let Some(h) = &headers {
            let _ = h.set("content-type", ct);
            let _ = h.set("accept", "application/json");
            init.set_headers(h);
        }
    }
    let Ok(resp) = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await else {
        return Reply::Unreachable;
    };
    let Ok(resp) = resp.dyn_into::<web_sys::Response>() else {
        return Reply::Unreachable;
    };
    let status = resp.status();
    let Ok(text) = resp.text() else {
        return Reply::Unreachable;
    };
    match JsFuture::from(text).await {
        Ok(t) => Reply::Http(status, t.as_string().unwrap_or_default()),
        // The headers came but the body was cut off: the answer is lost, so is the reply.
        Err(_) => Reply::Unreachable,
    }
}
