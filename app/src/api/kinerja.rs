//! The public performance page (`/kinerja`): the figures of a period for every agency and
//! service, for anyone (no account). Rendered by the server only (`ui::kinerja_html`); the
//! same figures go out as open data (`/kinerja.csv`, `/kinerja.json`) and, for one agency, on
//! its staff dashboard.

#[cfg(feature = "ssr")]
use crate::{
    api::pool,
    domain::{
        date::Date,
        screen::{PerformanceScreen, Screen},
        skm::Period,
    },
    error::AppError,
    store,
};

/// The address of the page.
pub const PATH: &str = "/kinerja";

/// What `/kinerja?periode=…` shows: the figures of the period asked for, and the periods to
/// choose from.
#[cfg(feature = "ssr")]
pub async fn page(query: &str) -> Result<Screen, AppError> {
    let today = crate::clock::today();
    // Every context is read before the first await: a page rendered under load may go on
    // without its owner after one (seen as "no catalogue shelf in context" under wrk).
    let pool = pool()?;
    let shelves = crate::api::shelves()?;
    let (period, chosen, choices) = period(&pool, query, today).await?;
    let asked = crate::domain::route::query_param(query, "hal")
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let shelf = shelves
        .current(&pool)
        .await
        .map_err(|e| AppError::internal("kinerja", e))?;
    // Only the agencies on the page are worked out, against the kept shelf's services.
    let listed = store::performance::listed(&shelf);
    let (rows, part) = store::performance::figures_page(
        &pool,
        &listed,
        period,
        today,
        asked,
        crate::domain::performance::ROWS_PER_PAGE,
    )
    .await?;
    // Only the services the figures name (and one per agency, for its name).
    let services = store::shelf::named(
        &shelf,
        rows.iter().filter_map(|r| r.service.as_deref()),
        rows.iter().map(|r| r.agency.as_str()),
    );
    Ok(Screen::Performance(Box::new(PerformanceScreen {
        period,
        chosen,
        choices,
        rows,
        part,
        services,
    })))
}

/// The period of a page of figures: the one `?periode=` names (`2026-Q1`, `2026`; then
/// `chosen`), else the quarter holding `today`; and the periods to choose from, from the first
/// request, question or correction to today.
#[cfg(feature = "ssr")]
pub(crate) async fn period(
    pool: &crate::store::Db,
    query: &str,
    today: Date,
) -> Result<(Period, bool, Vec<Period>), AppError> {
    let day = today.to_string();
    let asked = crate::domain::route::query_param(query, "periode").and_then(|p| Period::parse(&p));
    let period = asked
        .or_else(|| Period::quarter_of(&day))
        .ok_or_else(|| AppError::internal("kinerja", "no quarter holds today"))?;
    let first = store::periods::first_day(pool).await?;
    Ok((
        period,
        asked.is_some(),
        Period::since(first.as_deref(), &day),
    ))
}
