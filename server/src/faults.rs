//! The test fault switch (`--test-faults`, never in production): browser tests of exactly-once
//! delivery arm a fault, and the next matching requests run normally through the app (so what
//! they store is committed) but their answer is lost on the way back: a 500 instead, or a
//! connection that breaks. The phone must then send again and get the same receipt.
//!
//! `POST /__test/faults` arms a fault, `DELETE /__test/faults` clears them, and
//! `GET /__test/faults` reports what was armed and fired with the counts a test checks.
//! None of this is mounted unless the switch is on.

use crate::files::Files;
use app::store::Db;
use axum::body::{Body, Bytes};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The address of the switch itself (never faulted).
pub const PATH: &str = "/__test/faults";

/// How an answer is lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// `500 {"error":"injected"}` instead of the real answer.
    #[serde(rename = "error_500")]
    Error500,
    /// The connection breaks before the answer arrives (the fetch fails like a dropped signal).
    #[serde(rename = "drop")]
    Drop,
}

/// An armed fault.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fault {
    /// Requests whose path starts with this are the ones counted.
    pub path_prefix: String,
    /// What happens to their answers.
    pub mode: Mode,
    /// Matching requests let through untouched first.
    #[serde(default)]
    pub skip: u32,
    /// Matching requests whose answers are then lost.
    #[serde(default = "once")]
    pub times: u32,
}

fn once() -> u32 {
    1
}

/// The switch: armed faults and what they did.
pub struct Faults {
    /// In the order armed; a request is counted by the first one its path matches.
    armed: Mutex<Vec<Fault>>,
    /// Answers replaced since start.
    fired: AtomicU64,
    /// For the counts in the report.
    pool: Db,
    /// For the upload byte count in the report.
    files: Arc<Files>,
}

impl Faults {
    /// A switch with nothing armed.
    pub fn new(pool: Db, files: Arc<Files>) -> Faults {
        Faults {
            armed: Mutex::new(Vec::new()),
            fired: AtomicU64::new(0),
            pool,
            files,
        }
    }

    fn armed(&self) -> MutexGuard<'_, Vec<Fault>> {
        // Nothing is left half-changed by a panic here: take the list as it is.
        self.armed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// What becomes of the answer to a request for `path`: counts it against the first armed
    /// fault it matches (a skip, or a firing), and forgets faults that have fired their times.
    fn fate(&self, path: &str) -> Option<Mode> {
        if path.starts_with(PATH) {
            return None;
        }
        let mut armed = self.armed();
        let i = armed
            .iter()
            .position(|f| path.starts_with(&f.path_prefix))?;
        let fault = &mut armed[i];
        if fault.skip > 0 {
            fault.skip -= 1;
            return None;
        }
        let mode = fault.mode;
        fault.times = fault.times.saturating_sub(1);
        if fault.times == 0 {
            armed.remove(i);
        }
        Some(mode)
    }
}

/// The switch's routes, at [`PATH`].
pub fn routes(faults: Arc<Faults>) -> Router {
    Router::new()
        .route(PATH, get(report).post(arm).delete(clear))
        .with_state(faults)
}

/// `POST /__test/faults` `{"path_prefix":"/api/requests/submit","mode":"error_500"|"drop",
/// "skip":0,"times":1}` → 204; a malformed fault → 400 with the reason.
async fn arm(
    State(faults): State<Arc<Faults>>,
    fault: Result<Json<Fault>, JsonRejection>,
) -> Response {
    let fault = match fault {
        Ok(Json(f)) => f,
        Err(e) => return refuse(&e.body_text()),
    };
    if !fault.path_prefix.starts_with('/') {
        return refuse("path_prefix must start with /");
    }
    if fault.times == 0 {
        return refuse("times must be at least 1");
    }
    tracing::warn!(?fault, "test fault armed");
    faults.armed().push(fault);
    StatusCode::NO_CONTENT.into_response()
}

/// `DELETE /__test/faults` → 204: nothing armed any more.
async fn clear(State(faults): State<Arc<Faults>>) -> StatusCode {
    faults.armed().clear();
    StatusCode::NO_CONTENT
}

/// What `GET /__test/faults` answers.
#[derive(Debug, Serialize)]
struct Report {
    /// Faults still armed (with what is left of their `skip` and `times`).
    armed: Vec<Fault>,
    /// Answers replaced since start.
    fired: u64,
    /// Body bytes received by `PUT /api/files/…` since start.
    upload_bytes: u64,
    /// Rows in `requests`.
    requests: i64,
    /// Rows in `files` (complete uploads).
    files: i64,
}

/// `GET /__test/faults`: the armed faults and the counts a test checks.
async fn report(State(faults): State<Arc<Faults>>) -> Response {
    let counts = async {
        let requests = app::store::requests::count(&faults.pool)
            .await
            .map_err(|e| e.to_string())?;
        let files = app::store::files::count(&faults.pool)
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((requests, files))
    };
    match counts.await {
        Ok((requests, files)) => {
            let armed = faults.armed().clone();
            let fired = faults.fired.load(Ordering::Relaxed);
            let upload_bytes = faults.files.upload_bytes();
            let mut res = Json(Report {
                armed,
                fired,
                upload_bytes,
                requests,
                files,
            })
            .into_response();
            res.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "test faults: counts");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(serde_json::json!({ "error": "internal" })),
            )
                .into_response()
        }
    }
}

fn refuse(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": "bad_fault", "message": why })),
    )
        .into_response()
}

/// The middleware: runs every request through the app; when an armed fault claims it, the
/// real answer is read to its end (all the work done) and replaced.
pub async fn inject(State(faults): State<Arc<Faults>>, req: Request, next: Next) -> Response {
    let fate = faults.fate(req.uri().path());
    let res = next.run(req).await;
    let Some(mode) = fate else {
        return res;
    };
    let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await;
    faults.fired.fetch_add(1, Ordering::Relaxed);
    tracing::warn!(?mode, "test fault fired: answer replaced");
    match mode {
        Mode::Error500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(serde_json::json!({ "error": "injected" })),
        )
            .into_response(),
        Mode::Drop => broken(),
    }
}

/// An answer cut off mid-way: the status line, the headers and a first byte go out, then the
/// server breaks the connection. (Breaking it before any byte is not enough: a browser silently
/// sends the request again on a fresh connection when a reused one closes without an answer, so
/// the page would never see the failure this switch exists to cause.)
fn broken() -> Response {
    use futures_util::StreamExt;
    let start =
        futures_util::stream::once(async { Ok::<Bytes, std::io::Error>(Bytes::from_static(b"{")) });
    let cut = futures_util::stream::once(async {
        // Let the head and the first byte leave before the connection breaks.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        Err::<Bytes, std::io::Error>(std::io::Error::other("injected drop"))
    });
    let mut res = Response::new(Body::from_stream(start.chain(cut)));
    res.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    res
}
