//! Reading the catalogue, and the delta that keeps a phone's copy fresh.

use crate::domain::catalogue::{CatalogueDelta, ListKind, Listing, Overview, Service, ServiceCard};
use crate::domain::l10n::Lang;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{api::pool, domain, store};

/// Services changed or withdrawn after the cursor `since` (0: everything), and the next cursor.
#[server(prefix = "/api", endpoint = "catalogue/changes", input = server_fn::codec::GetUrl)]
pub async fn catalogue_changes(since: i64) -> Result<CatalogueDelta, AppError> {
    let delta = store::catalogue::changes_since(&pool()?, domain::catalogue::Cursor(since.max(0)))
        .await
        .map_err(|e| AppError::internal("catalogue_changes", e))?;
    Ok(delta)
}

/// One service, or `None` when it does not exist or was withdrawn.
#[server(prefix = "/api", endpoint = "catalogue/service", input = server_fn::codec::GetUrl)]
pub async fn get_service(slug: String) -> Result<Option<Service>, AppError> {
    if !domain::catalogue::is_valid_slug(&slug) {
        return Ok(None);
    }
    store::catalogue::service(&pool()?, &slug).await.map_err(|e| AppError::internal("get_service", e))
}

/// The home page's categories and life events.
#[server(prefix = "/api", endpoint = "catalogue/overview", input = server_fn::codec::GetUrl)]
pub async fn get_overview() -> Result<Overview, AppError> {
    let all = store::catalogue::active_services(&pool()?).await.map_err(|e| AppError::internal("get_overview", e))?;
    Ok(domain::catalogue::overview(&all))
}

/// The services of a category or life event.
#[server(prefix = "/api", endpoint = "catalogue/listing", input = server_fn::codec::GetUrl)]
pub async fn get_listing(kind: ListKind, slug: String, lang: Lang) -> Result<Option<Listing>, AppError> {
    let all = store::catalogue::active_services(&pool()?).await.map_err(|e| AppError::internal("get_listing", e))?;
    Ok(domain::catalogue::listing(&all, kind, &slug, lang))
}

/// Every service, by name.
#[server(prefix = "/api", endpoint = "catalogue/all", input = server_fn::codec::GetUrl)]
pub async fn get_all(lang: Lang) -> Result<Vec<ServiceCard>, AppError> {
    let all = store::catalogue::active_services(&pool()?).await.map_err(|e| AppError::internal("get_all", e))?;
    Ok(domain::catalogue::all_cards(&all, lang))
}

/// Services matching the query (every word must match), best first.
#[server(prefix = "/api", endpoint = "catalogue/search", input = server_fn::codec::GetUrl)]
pub async fn search_services(q: String, lang: Lang) -> Result<Vec<ServiceCard>, AppError> {
    let all = store::catalogue::active_services(&pool()?).await.map_err(|e| AppError::internal("search_services", e))?;
    Ok(domain::search::search(&all, &q, lang))
}
