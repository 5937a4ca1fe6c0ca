//! The frame around every page: header with the language switch, the offline and update
//! banners, and the footer that says how much of the catalogue the phone holds.

use crate::i18n::{tr, use_lang, Msg};
use crate::ui::app::DeviceState;
use leptos::prelude::*;

/// Starts the device side once the app is interactive: network state, the service worker,
/// the catalogue sync, the saved language.
#[cfg(feature = "hydrate")]
pub fn start_device(device: DeviceState, lang: RwSignal<crate::domain::l10n::Lang>) {
    let location = leptos_router::hooks::use_location();
    // Runs once, after hydration (it reads no signal it would track).
    Effect::new(move |_| {
        // The page was rendered (and hydrated) in the server's language; now apply the phone's.
        if let Some(saved) = crate::local::prefs::saved_lang() {
            if saved != lang.get_untracked() {
                lang.set(saved);
            }
        }
        // Keep <html lang> true to the language shown (screen readers pronounce by it).
        Effect::new(move |_| crate::local::prefs::mark_document_lang(lang.get()));
        crate::ui::nav::start();
        crate::ui::pages::checklist::start();
        crate::local::pwa::watch_network(device.offline);
        crate::local::pwa::register(device.update_ready);
        crate::local::sync::start(device.held, device.generation);
        crate::ui::pages::apply::start();
        crate::ui::pages::apply::connect(device);
        // A page of the phone's applications came from the server as an empty frame: fill it.
        let (path, query) = (
            location.pathname.get_untracked(),
            location.search.get_untracked(),
        );
        if !crate::local::is_offline_shell()
            && crate::domain::route::Route::parse(&path, &query).on_device()
        {
            device.local_gen.update(|g| *g += 1);
        }
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "1");
        }
    });
}

/// The top bar: home, the phone's applications (with the outbox count), the language.
#[component]
pub fn Header() -> impl IntoView {
    let device = expect_context::<DeviceState>();
    view! {
        <header class="top">
            <a class="brand" href="/">
                <img src="/icons/icon-192.png" alt="" width="28" height="28" />
                <span>"Loket"</span>
            </a>
            <a class="mine" href="/permohonan" data-testid="outbox-link">
                {tr(Msg::MyApplications)}
                {move || (device.outbox.get() > 0).then(|| view! {
                    " "<span class="badge" data-testid="outbox-badge">{move || device.outbox.get()}</span>
                    <span class="visually-hidden">" "{tr(Msg::WaitingForSignal)}</span>
                })}
            </a>
            <LangSwitch />
        </header>
    }
}

/// The link to the other language. Without JavaScript it goes through the server (which sets
/// the cookie and comes back); with it, the page switches at once, online or offline.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let href = move || {
        let (path, query) = crate::ui::nav::address();
        let next = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        format!(
            "/bahasa/{}?next={}",
            lang.get().other().code(),
            crate::domain::route::encode(&next)
        )
    };
    let switch = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let to = lang.get_untracked().other();
        lang.set(to);
        #[cfg(feature = "hydrate")]
        crate::local::prefs::save_lang(to);
    };
    view! {
        <a
            class="lang"
            rel="external"
            href=href
            hreflang=move || lang.get().other().code()
            lang=move || lang.get().other().code()
            on:click=switch
            data-testid="lang-switch"
        >
            <span class="visually-hidden">{tr(Msg::Language)}": "</span>
            {move || lang.get().other().native_name()}
        </a>
    }
}

/// "You are offline" and "A new version is available — Update".
#[component]
pub fn StatusBanners() -> impl IntoView {
    let device = expect_context::<DeviceState>();
    let has_update = move || device.update_ready.get();
    let apply = move |_| {
        #[cfg(feature = "hydrate")]
        crate::local::pwa::apply_update();
    };
    // Plain closures rather than `<Show>`: the same DOM, fewer generic instances in the bundle.
    view! {
        {move || device.offline.get().then(|| view! {
            <div class="banner offline" role="status" data-testid="offline-banner">
                <strong>{tr(Msg::Offline)}</strong>" "{tr(Msg::OfflineHint)}
            </div>
        })}
        {move || (device.updates.get() > 0).then(|| view! {
            <div class="banner news" role="status" data-testid="updates-notice">
                <span>{tr(Msg::StatusChanged)}" "{move || device.updates.get()}" "{tr(Msg::Updates)}</span>
                <a href="/permohonan">{tr(Msg::MyApplications)}</a>
            </div>
        })}
        {move || has_update().then(|| view! {
            <div class="banner update" role="status" data-testid="update-banner">
                <span>{tr(Msg::UpdateAvailable)}</span>
                <button type="button" on:click=apply>{tr(Msg::Update)}</button>
            </div>
        })}
    }
}

/// The footer: how many services the phone holds for offline use, the way to track a request
/// from a counter's receipt (on every page, as on the home page) and the public performance
/// page.
#[component]
pub fn Footer() -> impl IntoView {
    let device = expect_context::<DeviceState>();
    view! {
        <footer class="bottom">
            {move || (device.held.get() > 0).then(|| view! {
                <p class="held" data-testid="offline-ready" data-count=move || device.held.get()>
                    {move || device.held.get()}" "{tr(Msg::OfflineReady)}
                </p>
            })}
            <p>
                <a href="/lacak" data-testid="footer-track">{tr(Msg::TrackRequest)}</a>" · "
                // A page load: the server renders it, and the service worker keeps it for
                // offline reading.
                <a href="/kinerja" rel="external" data-testid="footer-performance">{tr(Msg::Performance)}</a>" · "
                <a href="/provinsi" rel="external" data-testid="footer-provinces">{tr(Msg::Provinces)}</a>
            </p>
            <p>{tr(Msg::Footer)}</p>
        </footer>
    }
}
