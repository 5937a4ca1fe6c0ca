//! Where pages get their content: rendered from the phone's own copy of the catalogue first
//! (instant, and offline), from the server when the phone has no complete copy yet or lacks
//! the service. On the server this is the server function itself.

use crate::domain::date::Date;
use crate::domain::l10n::Lang;
use crate::error::AppError;
use crate::ui::html::Rendered;

/// Today in Indonesia (WIB), from the server's or the phone's clock.
pub fn today() -> Date {
    #[cfg(feature = "hydrate")]
    let millis = js_sys::Date::now() as i64;
    #[cfg(not(feature = "hydrate"))]
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Date::from_unix_millis_wib(millis)
}

/// The page at `path` + `query`, in `lang`.
pub async fn page(path: String, query: String, lang: Lang) -> Result<Rendered, AppError> {
    #[cfg(feature = "hydrate")]
    {
        // Applications live only on the phone.
        let route = crate::domain::route::Route::parse(&path, &query);
        if route.on_device() {
            return send_wrapper::SendWrapper::new(crate::ui::pages::apply::page(route, lang))
                .await;
        }
        let (p, q) = (path.clone(), query.clone());
        let on_device = send_wrapper::SendWrapper::new(async move {
            match crate::local::catalogue::snapshot().await {
                Ok(Some(all)) => {
                    let route = crate::domain::route::Route::parse(&p, &q);
                    Some(crate::ui::html::render(
                        &crate::domain::page::page(&all, &route, lang),
                        lang,
                        today(),
                    ))
                }
                Ok(None) => None,
                Err(e) => {
                    leptos::logging::warn!("device catalogue unavailable: {e}");
                    None
                }
            }
        })
        .await;
        match on_device {
            // The phone may lack a service added since its last sync: ask, but if the server
            // cannot be reached, the phone's answer stands.
            Some(r) if r.not_found => {
                return Ok(crate::api::catalogue::catalogue_page(path, query, lang)
                    .await
                    .unwrap_or(r));
            }
            Some(r) => return Ok(r),
            None => {}
        }
    }
    crate::api::catalogue::catalogue_page(path, query, lang).await
}
