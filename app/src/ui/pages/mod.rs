//! One module per page.

pub mod home;
pub mod listing;
pub mod not_found;
pub mod search;
pub mod service;

use crate::i18n::{tr, Msg};
use leptos::prelude::*;

/// What a page shows when its data could not be loaded (offline, and not on the phone yet).
#[component]
pub fn LoadFailed() -> impl IntoView {
    view! {
        <div class="notice error" role="alert" data-testid="load-failed">
            <p>{tr(Msg::LoadFailed)}</p>
        </div>
    }
}

/// What a page shows while its data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">{tr(Msg::Loading)}</p> }
}
