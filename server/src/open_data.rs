//! The performance figures as open data: `GET /kinerja.csv` and `GET /kinerja.json`, the same
//! rows as the public page `/kinerja` (`store::performance::figures`), for `?periode=2026-Q1`
//! or `?periode=2026` (the current quarter when not given). Schema and licence:
//! `docs/open-data.md`.

use app::domain::l10n::Lang;
use app::domain::performance;
use app::domain::skm::Period;
use app::i18n::Msg;
use app::store::Db;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// What a public cache may keep a file for: five minutes (today's open and overdue move).
const CACHE: &str = "public, max-age=300";

/// The file's format.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// `GET /kinerja.csv`.
pub async fn csv(State(pool): State<Db>, RawQuery(q): RawQuery) -> Response {
    answer(&pool, asked(q.as_deref()).as_deref(), Format::Csv).await
}

/// `GET /kinerja.json`.
pub async fn json(State(pool): State<Db>, RawQuery(q): RawQuery) -> Response {
    answer(&pool, asked(q.as_deref()).as_deref(), Format::Json).await
}

/// The `periode` of the query string, decoded (read as the pages read their queries, so any
/// query string reaches [`period`] and a bad one gets the bilingual 400, not the extractor's).
fn asked(query: Option<&str>) -> Option<String> {
    app::domain::route::query_param(query?, "periode")
}

/// The period asked for: `None` or empty is the quarter holding today; anything
/// [`Period::parse`] does not read is refused.
fn period(asked: Option<&str>, today: app::domain::date::Date) -> Option<Period> {
    match asked.map(str::trim).filter(|p| !p.is_empty()) {
        Some(code) => Period::parse(code),
        None => Period::quarter_of(&today.to_string()),
    }
}

async fn answer(pool: &Db, asked: Option<&str>, format: Format) -> Response {
    let today = app::clock::today();
    let Some(period) = period(asked, today) else {
        return bad_period(format);
    };
    let rows = match app::store::performance::figures(pool, period, today).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!(error = %e, "performance figures");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let (body, content_type) = match format {
        Format::Csv => (performance::csv(&rows), "text/csv; charset=utf-8"),
        Format::Json => (performance::json(period, &rows), "application/json"),
    };
    let mut res = (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, CACHE),
            // Open data: any site may read it.
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response();
    if format == Format::Csv {
        // The period's code is digits, `-` and `Q` only (Period::code), safe in the header.
        let disposition = format!("attachment; filename=\"kinerja-{}.csv\"", period.code());
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}

/// 400: the period is not `YYYY` or `YYYY-Qn`, said in both languages (as JSON for the JSON
/// file, plain text for the CSV).
fn bad_period(format: Format) -> Response {
    let (id, en) = (
        Msg::PerfBadPeriod.get(Lang::Id),
        Msg::PerfBadPeriod.get(Lang::En),
    );
    let (body, content_type) = match format {
        Format::Json => (
            serde_json::json!({ "error": "bad_period", "message": { "id": id, "en": en } })
                .to_string(),
            "application/json",
        ),
        Format::Csv => (format!("{id}\n{en}\n"), "text/plain; charset=utf-8"),
    };
    (
        StatusCode::BAD_REQUEST,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}
