//! The document shell and the app root.

use crate::domain::l10n::Lang;
use crate::i18n::{tr, LangContext, Msg};
use crate::ui::components::layout::{Footer, Header, StatusBanners};
use crate::ui::nav::AppRoutes;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
#[cfg(feature = "ssr")]
use leptos_meta::{HashedStylesheet, MetaTags};
use leptos_router::components::Router;

/// Where the service worker's offline shell is served: a page with the same scripts and an
/// empty body, which the app renders on the phone from its own copy of the catalogue.
pub const OFFLINE_SHELL_PATH: &str = "/offline";

/// The HTML document around the app. `offline_shell` renders the empty-bodied page the service
/// worker falls back to for pages it has not cached.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions, offline_shell: bool) -> impl IntoView {
    let lang = request_lang();
    // Every inline script Leptos writes carries this response's nonce: allow those, no others.
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(v) = axum::http::HeaderValue::from_str(&content_security_policy(Some(&nonce))) {
            res.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // The phone's own text size becomes the root font size (all sizes are rem/em).
                <meta name="text-scale" content="scale" />
                <meta name="theme-color" content="#0b5d4b" />
                <meta name="description" content=Msg::Tagline.get(lang) />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" type="image/png" sizes="192x192" href="/icons/icon-192.png" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            {if offline_shell {
                view! { <body data-shell="1"></body> }.into_any()
            } else {
                view! { <body><App /></body> }.into_any()
            }}
        </html>
    }
}

/// The Content-Security-Policy: scripts from this site only, inline ones only with this
/// response's `nonce` (none without one), WebAssembly allowed; no framing, no foreign
/// connections.
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// The language of this request: the cookie, else the default (Bahasa Indonesia).
#[cfg(feature = "ssr")]
fn request_lang() -> Lang {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get_all(axum::http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(crate::domain::l10n::lang_from_cookies)
        })
        .unwrap_or_default()
}

/// The language to start in: on the server, the request's; in the browser, the one the page was
/// rendered in (hydration must match it), or the saved one on the offline shell.
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        request_lang()
    }
    #[cfg(feature = "hydrate")]
    {
        if crate::local::is_offline_shell() {
            crate::local::prefs::saved_lang().unwrap_or_default()
        } else {
            crate::local::prefs::rendered_lang().unwrap_or_default()
        }
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// State the browser keeps while the app runs.
#[derive(Clone, Copy)]
pub struct DeviceState {
    /// The browser has no network.
    pub offline: RwSignal<bool>,
    /// How the phone's copy of the catalogue stands.
    pub held: RwSignal<usize>,
    /// Bumped when the phone's copy changed: pages re-read it.
    pub generation: RwSignal<u32>,
    /// A new version of the app is installed and waiting.
    pub update_ready: RwSignal<bool>,
    /// Bumped when the phone's applications changed: their pages re-read them.
    pub local_gen: RwSignal<u32>,
    /// Applications submitted but not yet acknowledged by the server (the outbox badge).
    pub outbox: RwSignal<usize>,
    /// Sent requests with a step from the agency the citizen has not seen yet.
    pub updates: RwSignal<usize>,
}

/// The document's title for a page titled `page` (empty: the home page). On the server it is
/// escaped: leptos_meta writes the title into the page's `<head>` as it is given, and titles
/// carry data (a search query, a service's name). In the browser it becomes `document.title`,
/// which is text, so it is not escaped there.
pub fn document_title(page: String) -> String {
    let title = if page.is_empty() {
        "Loket".to_string()
    } else {
        format!("{page} · Loket")
    };
    #[cfg(feature = "ssr")]
    let title = crate::ui::html::esc(&title);
    #[cfg(feature = "hydrate")]
    let title = crate::ui::nav::titled(title);
    title
}

/// The app root: context, the router, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = RwSignal::new(initial_lang());
    provide_context(LangContext(lang));
    let device = DeviceState {
        offline: RwSignal::new(false),
        held: RwSignal::new(0),
        generation: RwSignal::new(0),
        update_ready: RwSignal::new(false),
        local_gen: RwSignal::new(0),
        outbox: RwSignal::new(0),
        updates: RwSignal::new(0),
    };
    provide_context(device);
    view! {
        <Title formatter=document_title />
        <Router>
            <Frame />
        </Router>
    }
}

/// The layout around the routes (inside the router, which the device side needs).
#[component]
fn Frame() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    crate::ui::components::layout::start_device(
        expect_context::<DeviceState>(),
        expect_context::<LangContext>().0,
    );
    view! {
        <a class="skip" href="#main" rel="external">{tr(Msg::SkipToContent)}</a>
        <Header />
        <StatusBanners />
        <main id="main" tabindex="-1">
            <AppRoutes />
        </main>
        <Footer />
    }
}
