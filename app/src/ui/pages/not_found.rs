//! 404.

use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page for an address Loket does not have (HTTP 404 on the server).
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=tr(Msg::NotFound) />
        <h1>{tr(Msg::NotFound)}</h1>
        <p>{tr(Msg::NotFoundHint)}</p>
        <p><a href="/">{tr(Msg::BackHome)}</a></p>
    }
}
