//! Where pages get their content: rendered from the phone's own copy of the catalogue first
//! (instant, and offline), from the server when the phone has no complete copy yet or lacks
//! the service. On the server this is the server function itself.

use crate::domain::l10n::Lang;
use crate::error::AppError;
use crate::ui::html::Rendered;
use leptos::prelude::*;

/// The page at `path` (with its query string `query`) in `lang`, rendered on the server: what
/// a phone without its own copy of the catalogue shows, and every account and back-office
/// page (their renderer is on the server only). The data comes from
/// `api::catalogue::catalogue_page`.
#[server(prefix = "/api", endpoint = "catalogue/page", input = server_fn::codec::GetUrl)]
pub async fn page_html(path: String, query: String, lang: Lang) -> Result<Rendered, AppError> {
    // The request's contexts before the first await (see `api::kinerja::page`).
    let cookies = crate::api::provinces::request_cookies();
    let public_url = use_context::<crate::domain::share::PublicUrl>();
    let screen = crate::api::catalogue::catalogue_page(&path, &query, lang).await?;
    let mut page = crate::ui::render::render(&screen, lang, crate::clock::today());
    crate::ui::html::ask_province(&mut page, &path, &cookies, lang);
    // What a shared link shows, for the document's head (only a page the server sends whole
    // uses it; the phone never receives it).
    if let Some(base) = public_url {
        page.share = crate::ui::share::of(&screen, &page.title, lang, &base).map(Box::new);
    }
    Ok(page)
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
        // The phone holds the national services and its provinces, the server every province:
        // a search asks the server while it can be reached, and the phone's copy answers
        // offline (saying what it searched).
        if matches!(route, crate::domain::route::Route::Search(_))
            && !crate::local::pwa::is_offline()
        {
            if let Ok(r) = page_html(path.clone(), query.clone(), lang).await {
                return Ok(r);
            }
        }
        match on_device(path.clone(), query.clone(), lang).await {
            // The phone may lack a service added since its last sync: ask, but if the server
            // cannot be reached, the phone's answer stands.
            Some(r) if r.not_found => {
                return Ok(page_html(path, query, lang).await.unwrap_or(r));
            }
            Some(r) => return Ok(r),
            None => {}
        }
    }
    page_html(path, query, lang).await
}

/// The page rendered from the phone's own copy of the catalogue; none without a copy.
#[cfg(feature = "hydrate")]
async fn on_device(path: String, query: String, lang: Lang) -> Option<Rendered> {
    send_wrapper::SendWrapper::new(async move {
        match crate::local::catalogue::snapshot().await {
            Ok(Some(all)) => {
                let route = crate::domain::route::Route::parse(&path, &query);
                let mut page = crate::domain::page::page(
                    &all,
                    &route,
                    crate::domain::route::list_page(&query),
                    lang,
                );
                if let crate::domain::page::Page::Search { on_phone, .. } = &mut page {
                    *on_phone = true;
                }
                let mut page = crate::ui::html::render(&page, lang, crate::clock::today());
                let cookies = crate::local::prefs::cookies().unwrap_or_default();
                crate::ui::html::ask_province(&mut page, &path, &cookies, lang);
                Some(page)
            }
            Ok(None) => None,
            Err(e) => {
                leptos::logging::warn!("device catalogue unavailable: {e}");
                None
            }
        }
    })
    .await
}
