//! Reading the catalogue, and the delta that keeps a phone's copy fresh.

use crate::domain::catalogue::CatalogueDelta;
use crate::domain::sync::SyncPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    api::pool,
    domain::{
        self,
        l10n::Lang,
        screen::{AccountScreen, Screen},
    },
    store,
};

/// Services changed or withdrawn after the cursor `since` (0: everything) of the catalogue
/// `catalogue` (the id a previous answer gave; optional), and the next cursor. This is the
/// catalogue's open sync API: other channels can follow it too.
#[server(prefix = "/api", endpoint = "catalogue/changes", input = server_fn::codec::GetUrl)]
pub async fn catalogue_changes(
    since: i64,
    catalogue: Option<String>,
) -> Result<CatalogueDelta, AppError> {
    store::catalogue::changes_since(
        &pool()?,
        domain::catalogue::Cursor(since.max(0)),
        catalogue.as_deref(),
    )
    .await
    .map_err(|e| AppError::internal("catalogue_changes", e))
}

/// One page of the catalogue's `scope` (`""`: the national services; a province's code) after
/// the position (`since`, `after`) a previous page gave, of the catalogue `catalogue` that page
/// named. The phone follows each scope it keeps this way; the start is (0, ""). With
/// `outline`, the services come as outlines (a scope's first sync: `domain::sync`).
#[server(prefix = "/api", endpoint = "catalogue/sync", input = server_fn::codec::GetUrl)]
pub async fn catalogue_sync(
    scope: String,
    since: i64,
    after: String,
    catalogue: Option<String>,
    outline: Option<bool>,
) -> Result<SyncPage, AppError> {
    if !domain::sync::is_scope(&scope) {
        return Err(AppError::bad_request("scope: not a province code"));
    }
    if after.len() > 200 {
        return Err(AppError::bad_request("after: too long"));
    }
    let from = domain::sync::Position {
        revision: since,
        slug: after,
    };
    if from.revision < 0 {
        return Err(AppError::bad_request("since: negative"));
    }
    let outline = outline.unwrap_or(false);
    store::catalogue::sync_page(&pool()?, &scope, from, catalogue.as_deref(), outline)
        .await
        .map_err(|e| AppError::internal("catalogue_sync", e))
}

/// What the page at `path` (with its query string `query`) in `lang` shows, as data: a
/// catalogue page from the database, the account page, or a back-office page. The phone
/// without its own copy of the catalogue gets it rendered (the page endpoint `page_html`).
#[cfg(feature = "ssr")]
pub async fn catalogue_page(path: &str, query: &str, lang: Lang) -> Result<Screen, AppError> {
    // The walk-in survey: server-rendered, known to the phone only as a page to ask for.
    if let Some(slug) = path.strip_prefix("/survei/").filter(|s| !s.contains('/')) {
        return crate::api::survey::walk_in_screen(slug, query).await;
    }
    // The server's own application form (no JavaScript needed).
    if let Some(slug) = path
        .strip_prefix(domain::web_form::Door::Web.page())
        .filter(|s| !s.contains('/'))
    {
        return crate::api::web_form::page(slug, query).await;
    }
    if path == crate::api::provinces::PATH {
        return crate::api::provinces::page(query).await;
    }
    if path == crate::api::kinerja::PATH {
        return crate::api::kinerja::page(query).await;
    }
    if let Some(slug) = crate::api::qa::questions_path(path) {
        return crate::api::qa::page(slug, query).await;
    }
    if let Some(slug) = domain::correction::page_slug(path) {
        if let Some(screen) = crate::api::corrections::page(slug, query).await? {
            return Ok(screen);
        }
    }
    let route = domain::route::Route::parse(path, query);
    if let domain::route::Route::Staff(rest) = &route {
        return crate::api::staff::page(rest, query).await;
    }
    if route == domain::route::Route::Account {
        let who = crate::api::auth::who().await?;
        let claim = who
            .as_ref()
            .is_some_and(|w| w.role == domain::account::Role::Citizen)
            && domain::route::just_signed_in(query);
        return Ok(Screen::Account(AccountScreen {
            claim,
            login: who.map(|w| w.login),
            failed: domain::route::query_param(query, "gagal").is_some(),
            password: domain::route::query_param(query, "sandi"),
            providers: crate::api::auth::external::Providers::current().links(),
            oidc_refused: domain::route::query_param(query, "oidc"),
        }));
    }
    let pool = pool()?;
    // A service page needs one row; every other page reads the catalogue kept on the shelf.
    let one = |services: Vec<_>| std::sync::Arc::new(domain::shelf::Shelf::new(services));
    let shelf = match &route {
        domain::route::Route::Service(slug) if domain::catalogue::is_valid_slug(slug) => {
            store::catalogue::service(&pool, slug)
                .await
                .map(|s| one(s.into_iter().collect()))
        }
        domain::route::Route::Service(_) | domain::route::Route::NotFound => Ok(one(Vec::new())),
        _ => crate::api::shelves()?.current(&pool).await,
    }
    .map_err(|e| AppError::internal("catalogue_page", e))?;
    let part = domain::route::list_page(query);
    Ok(Screen::Catalogue(domain::page::page(
        &shelf, &route, part, lang,
    )))
}
