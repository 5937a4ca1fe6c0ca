//! A browser as the router tests see it: a session cookie it keeps between calls, and calls
//! from one peer address through the real router.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

/// Someone calling: their session cookie, once they have one.
#[derive(Default, Clone)]
pub struct Who {
    /// The `loket_session` value.
    pub cookie: Option<String>,
}

/// An answer: its status and body.
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The body as JSON (`Null` when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// Sends a request as `who` from `peer` (with `body`: its content type and text); keeps the
/// session cookie the answer sets (or clears).
pub async fn call(
    app: &axum::Router,
    peer: &str,
    who: &mut Who,
    method: &str,
    path: &str,
    body: Option<(&str, String)>,
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "loket.test");
    if let Some(c) = &who.cookie {
        req = req.header(header::COOKIE, format!("loket_session={c}"));
    }
    let body = match body {
        Some((ct, b)) => {
            req = req
                .header(header::CONTENT_TYPE, ct)
                .header(header::CONTENT_LENGTH, b.len());
            Body::from(b)
        }
        None => Body::empty(),
    };
    let mut req = req.body(body).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(peer.parse::<std::net::SocketAddr>().unwrap()));
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    for c in res.headers().get_all(header::SET_COOKIE) {
        let c = c.to_str().unwrap();
        if let Some(rest) = c.strip_prefix("loket_session=") {
            let v = rest.split(';').next().unwrap_or("");
            who.cookie = if v.is_empty() || c.contains("Max-Age=0") {
                None
            } else {
                Some(v.to_string())
            };
        }
    }
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    Reply {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A form body of `fields`, URL-encoded.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    let enc = app::domain::route::encode;
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A `multipart/form-data` body of `parts` (name, file name for a file part, bytes): its
/// content type and bytes.
pub fn multipart<'a>(
    parts: impl IntoIterator<Item = (&'a str, Option<&'a str>, &'a [u8])>,
) -> (String, Vec<u8>) {
    let boundary = "----loketBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file {
            Some(f) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
