//! Where pages get the catalogue: from the phone first (instant, offline), from the server
//! when the phone has no complete copy yet. On the server these are the server functions.

use crate::api::catalogue as api;
use crate::domain::catalogue::{ListKind, Listing, Overview, Service, ServiceCard};
use crate::domain::l10n::Lang;
use crate::error::AppError;

#[cfg(feature = "hydrate")]
use crate::domain;

/// Runs `f` over the phone's copy of the catalogue, if it has a complete one.
#[cfg(feature = "hydrate")]
async fn on_device<T: 'static>(f: impl FnOnce(&[Service]) -> T + Send + 'static) -> Option<T> {
    send_wrapper::SendWrapper::new(async move {
        match crate::local::catalogue::snapshot().await {
            Ok(Some(all)) => Some(f(&all)),
            Ok(None) => None,
            Err(e) => {
                leptos::logging::warn!("device catalogue unavailable: {e}");
                None
            }
        }
    })
    .await
}

/// One service.
pub async fn service(slug: String) -> Result<Option<Service>, AppError> {
    #[cfg(feature = "hydrate")]
    {
        let wanted = slug.clone();
        if let Some(found) = on_device(move |all| all.iter().find(|s| s.slug == wanted).cloned()).await {
            if found.is_some() {
                return Ok(found);
            }
        }
    }
    api::get_service(slug).await
}

/// The home page's lists.
pub async fn overview() -> Result<Overview, AppError> {
    #[cfg(feature = "hydrate")]
    if let Some(o) = on_device(domain::catalogue::overview).await {
        return Ok(o);
    }
    api::get_overview().await
}

/// A category's or life event's services.
pub async fn listing(kind: ListKind, slug: String, lang: Lang) -> Result<Option<Listing>, AppError> {
    #[cfg(feature = "hydrate")]
    {
        let s = slug.clone();
        if let Some(l) = on_device(move |all| domain::catalogue::listing(all, kind, &s, lang)).await {
            return Ok(l);
        }
    }
    api::get_listing(kind, slug, lang).await
}

/// Every service.
pub async fn all(lang: Lang) -> Result<Vec<ServiceCard>, AppError> {
    #[cfg(feature = "hydrate")]
    if let Some(l) = on_device(move |all| domain::catalogue::all_cards(all, lang)).await {
        return Ok(l);
    }
    api::get_all(lang).await
}

/// Search (the same rule on both sides: `domain::search`).
pub async fn search(q: String, lang: Lang) -> Result<Vec<ServiceCard>, AppError> {
    if crate::domain::search::query_words(&q).is_empty() {
        return Ok(Vec::new());
    }
    #[cfg(feature = "hydrate")]
    {
        let query = q.clone();
        if let Some(hits) = on_device(move |all| crate::domain::search::search(all, &query, lang)).await {
            return Ok(hits);
        }
    }
    api::search_services(q, lang).await
}
