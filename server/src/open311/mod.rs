//! Open311 GeoReport v2 at `/open311/v2` (and its discovery at `/open311/discovery.{fmt}`):
//! plain axum handlers, one per resource. The format comes from the extension only, every
//! answer is `no-store` and nothing here redirects (a client following a redirect would turn a
//! POST into a GET). The documents are `app::domain::open311`'s; `read` answers the GETs,
//! `file` the POST that files a request.

mod file;
mod query;
mod read;

use app::domain::open311::doc::{Document, Format};
use app::domain::open311::{errors, Error};
use app::domain::share::PublicUrl;
use app::store::limits::Limits;
use app::store::Db;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// What the Open311 handlers share.
#[derive(Clone)]
pub struct Open311 {
    /// The database.
    pub pool: Db,
    /// Where a filed request is stored (it gets a PIN there).
    pub submitter: app::store::submitter::Submitter,
    /// The rate limits (POSTs per partner key: `open311_per_key`).
    pub limits: Arc<Limits>,
    /// The site's address (discovery's endpoint URL, the tracking link in a receipt).
    pub public_url: PublicUrl,
    /// The catalogue as the pages read it: parsed once per catalogue state.
    pub shelves: app::store::shelf::Shelves,
    /// `services.{fmt}` as written from the kept shelf.
    pub services_written: read::Written,
}

/// The routes under `/open311/`.
pub fn routes(state: Open311) -> Router {
    Router::new()
        .route("/open311/{file}", get(discovery))
        .route("/open311/v2/{file}", get(top_get).post(top_post))
        .route("/open311/v2/services/{file}", get(read::definition))
        .route("/open311/v2/requests/{file}", get(read::one_request))
        .route("/open311/v2/tokens/{file}", get(tokens))
        .with_state(state)
}

/// An answer in `format`: the document with the exact content type, never stored by a cache.
pub(crate) fn answer(status: StatusCode, format: Format, doc: &Document) -> Response {
    written(status, format, doc.write(format))
}

/// A document already written in `format`.
pub(crate) fn written(status: StatusCode, format: Format, body: impl Into<Body>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.into(),
    )
        .into_response()
}

/// The errors document, with the first error's code as the HTTP status.
pub(crate) fn refuse(format: Format, list: &[Error]) -> Response {
    let code = list.first().map_or(400, |e| e.code);
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    answer(status, format, &errors(list))
}

/// One error.
pub(crate) fn refuse_one(format: Format, code: u16, description: &str) -> Response {
    refuse(format, &[Error::new(code, description)])
}

/// A failure of the server's own (logged, not shown).
pub(crate) fn failed(format: Format, what: &str, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "open311: {what}");
    refuse_one(format, 500, "kesalahan server; coba lagi nanti")
}

/// The answer to a name without `.json` or `.xml`: 404, in JSON.
fn no_format() -> Response {
    refuse_one(
        Format::Json,
        404,
        "tidak ada: gunakan akhiran .json atau .xml",
    )
}

/// `/open311/discovery.{fmt}`.
async fn discovery(State(s): State<Open311>, Path(file): Path<String>) -> Response {
    let Some((name, format)) = Format::split(&file) else {
        return no_format();
    };
    if name != "discovery" {
        return refuse_one(format, 404, "tidak ada");
    }
    let url = s.public_url.absolute("/open311/v2");
    let doc = app::domain::open311::discovery(
        &url,
        &format!("Pengelola Loket, {}", s.public_url.absolute("/")),
        "Kunci API (api_key) diberikan oleh pengelola Loket, satu per sistem mitra",
        CHANGESET,
    );
    answer(StatusCode::OK, format, &doc)
}

/// When this interface last changed (discovery's `changeset`, a sortable string).
const CHANGESET: &str = "2026-12-01T00:00:00+07:00";

/// `GET /open311/v2/{services,requests,servicerequestupdates}.{fmt}`.
async fn top_get(
    State(s): State<Open311>,
    Path(file): Path<String>,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some((name, format)) = Format::split(&file) else {
        return no_format();
    };
    let q = query::Query::parse(q.as_deref().unwrap_or(""));
    match name {
        "services" => read::services(&s, format, &headers).await,
        "requests" => read::requests(&s, format, &q).await,
        "servicerequestupdates" => read::updates(&s, format, &q).await,
        _ => refuse_one(format, 404, "tidak ada"),
    }
}

/// `POST /open311/v2/requests.{fmt}`.
async fn top_post(State(s): State<Open311>, Path(file): Path<String>, req: Request) -> Response {
    let Some((name, format)) = Format::split(&file) else {
        return no_format();
    };
    if name != "requests" {
        return refuse_one(format, 404, "tidak ada");
    }
    let mut res = file::file(&s, format, req).await;
    // A 429 says when to try again.
    if let Some(secs) = res.extensions().get::<file::RetryAfter>().map(|r| r.0) {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

/// `tokens/{token}`: no service is `batch`, so no token exists.
async fn tokens(Path(file): Path<String>) -> Response {
    let format = Format::split(&file).map_or(Format::Json, |(_, f)| f);
    refuse_one(
        format,
        404,
        "token tidak dikenal: setiap layanan Loket memberi nomor permohonan seketika (realtime)",
    )
}
