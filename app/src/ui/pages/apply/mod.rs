//! Filling in an application on the phone: the pages come from `ui::form_html` (rendered from
//! the draft in IndexedDB), and this module wires them by event delegation on the document:
//! saving as the citizen types, checking answers with the one validator in `domain::form`,
//! moving between sections, keeping photos, and handing the application to the outbox.
//!
//! The entry points here and the routing in [`events`] stay in the main bundle and are small;
//! everything behind the `#[leptos::lazy]` functions below (forms, the validator, the outbox,
//! tracking) is a separate WASM file, fetched on the first application page (and kept by the
//! service worker for offline use).

mod account;
mod ask;
mod badge;
mod change;
mod dom;
mod draft;
mod errors;
mod events;
mod expect;
mod load;
mod photos;
mod request;
mod state;
mod storage;

use crate::domain::l10n::Lang;
use crate::domain::route::Route;
use crate::error::AppError;
use crate::ui::hook::{FormRole, Slot};
use crate::ui::html::Rendered;
use leptos::task::spawn_local;

pub use badge::{connect, refresh};
pub use events::start;

/// A navigation started: the next `/ajukan/:slug` is a new application.
pub fn navigated() {
    state::with(|s| *s.started.borrow_mut() = None);
}

/// The page for an application address, from the phone's storage (loaded lazily).
#[leptos::lazy]
pub async fn page(route: Route, lang: Lang) -> Result<Rendered, AppError> {
    ensure_outbox();
    state::with(|s| s.lang.set(lang));
    draft::flush().await;
    load::page(route, lang).await
}

/// After a page is shown: on application pages, the storage warning if due, and the focus on
/// the question being changed; on the account page right after a sign-in with a provider, the
/// claim of this phone's requests.
pub fn after_render() {
    state::with(|s| s.saves.set(0));
    if dom::slot(Slot::Claim).is_some() {
        // At once, before the application part loads: a citizen who goes straight on to
        // "Permohonan saya" is followed as the account already.
        crate::local::prefs::set_has_account(true);
        if let Ok(ev) = web_sys::Event::new(events::Kind::Claim.name()) {
            spawn_local(async move { event(events::Kind::Claim, ev).await });
        }
    }
    if dom::slot(Slot::StorageWarning).is_some()
        || dom::find(FormRole::Section.selector()).is_some()
    {
        spawn_local(async { shown().await });
    }
}

/// An application page was shown (loads the application part).
#[leptos::lazy]
fn shown() {
    storage::notice();
    change::focus_field();
}

/// Starts the outbox when something waits in it (loads the application part).
#[leptos::lazy]
fn outbox_up() {
    ensure_outbox();
}

/// Handles an event that concerns an application page (loads the application part).
#[leptos::lazy]
fn event(kind: events::Kind, ev: web_sys::Event) {
    events::handle(kind, ev);
}

/// Starts the outbox and the following of requests once the application part is loaded.
fn ensure_outbox() {
    let first = state::with(|s| {
        s.loaded.set(true);
        !s.outbox_started.replace(true)
    });
    if first {
        crate::local::outbox::start(badge::sent_or_changed);
        crate::local::tracking::start(refresh);
        badge::changed_count();
    }
}
