//! The app's routes, declared once with leptos_router: the server matches and lists them for
//! axum (`leptos_axum::generate_route_list`), and on the phone the router (`<Router>`, in
//! `ui::app`) moves between addresses without a page load (links, back and forward, scrolling to
//! the top: the router's own work), offline too.
//!
//! Every address is rendered by one view (`ui::pages::PageView`, from `data::page`), the
//! fallback included (it answers the not-found page). What the router leaves to the app is
//! here too: the search form (a plain GET form, searched inside the app), focus on the page's
//! content after a navigation (screen readers), and [`go_to`] / [`replace`] for code that has no
//! router at hand (the form's handlers).

use crate::ui::pages::PageView;
use leptos::prelude::*;

/// The app's addresses (see `domain::route`, which reads them for the page renderer), as the
/// server matches and lists them.
#[cfg(not(feature = "hydrate"))]
#[component]
pub fn AppRoutes() -> impl IntoView {
    use leptos_router::components::{FlatRoutes, Route};
    use leptos_router::path;
    view! {
        <FlatRoutes fallback=PageView>
            <Route path=path!("/") view=PageView />
            <Route path=path!("/cari") view=PageView />
            <Route path=path!("/layanan") view=PageView />
            <Route path=path!("/layanan/:slug") view=PageView />
            <Route path=path!("/layanan/:slug/tanya-jawab") view=PageView />
            <Route path=path!("/kategori/:slug") view=PageView />
            <Route path=path!("/peristiwa/:slug") view=PageView />
            <Route path=path!("/ajukan/:slug") view=PageView />
            <Route path=path!("/permohonan") view=PageView />
            <Route path=path!("/permohonan/:id") view=PageView />
            <Route path=path!("/lacak") view=PageView />
            <Route path=path!("/kinerja") view=PageView />
            <Route path=path!("/akun") view=PageView />
            <Route path=path!("/staff") view=PageView />
            <Route path=path!("/staff/*rest") view=PageView />
        </FlatRoutes>
    }
}

/// On the phone every address (declared or not) is the one page view, which reads the router's
/// location: the route matcher would only choose between identical views, so it is left out of
/// the bundle (it cost 17 KB brotli). The server's HTML of a matched route is that view's, so
/// hydration meets the same markup.
#[cfg(feature = "hydrate")]
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! { <PageView /> }
}

/// The current address as path and query string (without `?`), tracked.
pub fn address() -> (String, String) {
    let location = leptos_router::hooks::use_location();
    (location.pathname.get(), location.search.get())
}

/// Splits `/a/b?c=d#e` into path and query.
pub fn split_href(href: &str) -> (String, String) {
    let href = href.split('#').next().unwrap_or("");
    match href.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (href.to_string(), String::new()),
    }
}

#[cfg(feature = "hydrate")]
pub use browser::*;

/// The browser's side: what the router leaves to the app.
#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos_router::location::{BrowserUrl, LocationProvider};
    use leptos_router::NavigateOptions;
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::JsCast;

    /// The router's navigate, kept for code outside the router's reach.
    type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

    thread_local! {
        static NAVIGATE: RefCell<Option<Navigate>> = const { RefCell::new(None) };
        /// What the citizen is typing in the search box, and on which page, so a re-render of
        /// that page (the phone's copy of the catalogue changed under it) does not lose it.
        static TYPED: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
        /// The next address change is not a move to a new page (back/forward, or a replaced
        /// address): focus and scroll stay where the browser puts them.
        static QUIET: Cell<bool> = const { Cell::new(false) };
        /// The address the app last showed (path, query).
        static LAST: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
        /// The address whose page shows errors, and the title's prefix that says so: the
        /// title is set again when that page is re-read under the citizen and keeps it.
        static ERRORS: RefCell<Option<((String, String), String)>> = const { RefCell::new(None) };
    }

    /// The current page shows errors (`prefix` starts its title, GOV.UK's "Kesalahan: ") or
    /// none (`None`).
    pub fn mark_errors(prefix: Option<String>) {
        let here = LAST.with(|l| l.borrow().clone());
        ERRORS.with(|e| *e.borrow_mut() = prefix.map(|p| (here, p)));
    }

    /// `title`, prefixed while the current page shows errors; the app's title formatter.
    pub fn titled(title: String) -> String {
        ERRORS.with(|e| match &*e.borrow() {
            Some((at, prefix)) if LAST.with(|l| *l.borrow() == *at) => prefix.clone() + &title,
            _ => title,
        })
    }

    /// Goes to `href` (a path on this site) without a page load, as a link would.
    pub fn go_to(href: &str) {
        NAVIGATE.with(|n| {
            if let Some(navigate) = n.borrow().as_ref() {
                navigate(href, NavigateOptions::default());
            }
        });
    }

    /// Replaces the current address with `href` (no new history entry), e.g. `/ajukan/x` with
    /// the draft it just made.
    pub fn replace(href: &str) {
        quiet_unless_same(&super::split_href(href));
        NAVIGATE.with(|n| {
            if let Some(navigate) = n.borrow().as_ref() {
                navigate(
                    href,
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..NavigateOptions::default()
                    },
                );
            }
        });
    }

    /// Puts back what the citizen was typing in the search box if the page was just re-rendered
    /// under them, with the focus (so a phone's keyboard stays open).
    pub fn restore_typed() {
        let Some((path, value)) = TYPED.with(|t| t.borrow().clone()) else {
            return;
        };
        let location = window().location();
        if location.pathname().ok().as_deref() != Some(path.as_str()) {
            return;
        }
        let input = document()
            .query_selector("form[data-search] input[name=q]")
            .ok()
            .flatten()
            .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if input.value() != value {
                input.set_value(&value);
                let _ = input.focus();
            }
        }
    }

    /// Called inside the router once the app is interactive: keeps its navigate for
    /// [`go_to`]/[`replace`], searches inside the app, remembers what is typed in the search
    /// box, and after each move to a new page tells the application pages and moves focus to
    /// the content (screen readers announce the new page).
    pub fn start() {
        use wasm_bindgen::closure::Closure;
        let navigate = leptos_router::hooks::use_navigate();
        NAVIGATE.with(|n| *n.borrow_mut() = Some(Box::new(navigate)));
        let location = leptos_router::hooks::use_location();
        let browser = use_context::<BrowserUrl>();
        Effect::new(move |first: Option<()>| {
            let now = (location.pathname.get(), location.search.get());
            // A link's address goes into the history once its page can be shown: the page
            // view follows the location at once, so at once.
            if let Some(browser) = &browser {
                browser.ready_to_complete();
            }
            let changed = LAST.with(|l| l.replace(now.clone())) != now;
            if changed {
                // Another page: the errors shown are gone (coming back shows a fresh page).
                ERRORS.with(|e| e.borrow_mut().take());
                if first.is_some() {
                    forget_share();
                }
            }
            if first.is_some() && changed && !QUIET.with(|q| q.replace(false)) {
                moved();
            }
        });
        let doc = document();
        let listen = |target: &web_sys::EventTarget, name: &str, f: fn(&web_sys::Event)| {
            let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| f(&ev));
            let _ = target.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
            cb.forget();
        };
        listen(&doc, "submit", on_submit);
        listen(&doc, "input", on_input);
        listen(&window(), "popstate", on_pop);
    }

    /// Removes the page's canonical link and Open Graph tags (`ui::share`), which the server
    /// wrote for the page it sent: after a move they would name another page (a share sheet
    /// reads the canonical link).
    fn forget_share() {
        if let Ok(tags) = document().query_selector_all(crate::domain::share::SELECTOR) {
            for i in 0..tags.length() {
                if let Some(tag) = tags
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    tag.remove();
                }
            }
        }
    }

    /// Back and forward: the router shows the page; the browser restores the scroll and focus.
    fn on_pop(_: &web_sys::Event) {
        quiet_unless_same(&current());
        TYPED.with(|t| *t.borrow_mut() = None);
    }

    /// The window's address (path, query without `?`).
    fn current() -> (String, String) {
        let location = window().location();
        let query = location.search().unwrap_or_default();
        (
            location.pathname().unwrap_or_default(),
            query.trim_start_matches('?').to_string(),
        )
    }

    /// The coming change of address to `to` is not a move to a new page (no focus, no reset),
    /// unless it is no change at all (then nothing will come to clear the mark).
    fn quiet_unless_same(to: &(String, String)) {
        if LAST.with(|l| l.borrow().clone()) != *to {
            QUIET.with(|q| q.set(true));
        }
    }

    /// A move to a new page: a new `/ajukan/:slug` makes a new application, the search box
    /// starts empty, and focus goes to the content.
    fn moved() {
        crate::ui::pages::apply::navigated();
        TYPED.with(|t| *t.borrow_mut() = None);
        if let Some(main) = document()
            .get_element_by_id("main")
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    }

    /// The search form: search inside the app (it is also a plain GET form without JavaScript).
    fn on_submit(ev: &web_sys::Event) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if !form.has_attribute("data-search") {
            return;
        }
        let q = form
            .query_selector("input[name=q]")
            .ok()
            .flatten()
            .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        ev.prevent_default();
        go_to(&format!("/cari?q={}", crate::domain::route::encode(&q)));
    }

    /// Remembers what is typed in the search box (see [`restore_typed`]).
    fn on_input(ev: &web_sys::Event) {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if input.name() == "q" && input.closest("form[data-search]").ok().flatten().is_some() {
            let path = window().location().pathname().unwrap_or_default();
            TYPED.with(|t| *t.borrow_mut() = Some((path, input.value())));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_hrefs() {
        assert_eq!(
            super::split_href("/cari?q=ktp#x"),
            ("/cari".to_string(), "q=ktp".to_string())
        );
        assert_eq!(
            super::split_href("/layanan"),
            ("/layanan".to_string(), String::new())
        );
    }
}
