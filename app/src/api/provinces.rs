//! The province choice (`/provinsi`): which provinces' services this phone keeps besides the
//! national ones. Rendered by the server (`ui::provinces_html`); the choice is a cookie
//! (`domain::sync::PROVINCES_COOKIE`) the phone's sync reads, written by `/provinsi/simpan`.

use crate::domain::screen::{ProvincesScreen, Screen};
use crate::domain::sync;
use crate::error::AppError;

/// The address of the page.
pub const PATH: &str = crate::domain::sync::PAGE;

/// Where the page's form goes: the server keeps the choice in the cookie and comes back.
pub const SAVE_PATH: &str = "/provinsi/simpan";

/// The `Cookie` header of the request being answered.
pub(crate) fn request_cookies() -> String {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(axum::http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// What `/provinsi` shows: every province with how many services it has, the ones kept, and
/// (after `?tersimpan=1`) that the choice was saved.
pub async fn page(query: &str) -> Result<Screen, AppError> {
    // Every context before the first await (see `api::kinerja::page`).
    let pool = crate::api::pool()?;
    let cookies = request_cookies();
    let shelf = crate::api::shelves()?
        .current(&pool)
        .await
        .map_err(|e| AppError::internal("provinces", e))?;
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for s in shelf.services() {
        *counts.entry(sync::scope_of(s)).or_default() += 1;
    }
    Ok(Screen::Provinces(Box::new(ProvincesScreen {
        national: counts.get(sync::NATIONAL).copied().unwrap_or(0),
        provinces: crate::domain::form::PROVINCE_NAMES
            .iter()
            .map(|p| {
                let code = p.0.to_string();
                let n = counts.get(code.as_str()).copied().unwrap_or(0);
                (code, n)
            })
            .collect(),
        kept: sync::kept_scopes(&cookies).split_off(1),
        chosen: sync::has_chosen(&cookies),
        saved: crate::domain::route::query_param(query, "tersimpan").is_some(),
    })))
}

/// The provinces a `/provinsi/simpan` query names (`p=32&p=33`): valid codes only, once each.
pub fn chosen_in(query: &str) -> Vec<String> {
    sync::provinces(query.split('&').filter_map(|pair| pair.strip_prefix("p=")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_province_codes_are_taken_from_the_form() {
        assert_eq!(
            super::chosen_in("p=32&p=99&p=&x=1&p=33&p=32&p=%3Cb%3E"),
            vec!["32", "33"]
        );
        assert!(super::chosen_in("").is_empty());
    }
}
