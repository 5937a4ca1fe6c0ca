//! Navigation inside the app: the current address as signals, and (in the browser) links and
//! the back button handled without a page load, so the app moves between pages offline too.
//!
//! Every page goes through one view (`ui::pages::PageView`), so this is all the routing the app
//! needs; a full router would cost the phone's bundle more than it gives here.

use leptos::prelude::*;

/// The current address.
#[derive(Clone, Copy)]
pub struct Nav {
    /// The path, e.g. `/layanan/paspor-baru`.
    pub path: RwSignal<String>,
    /// The query string without `?`, e.g. `q=ktp`.
    pub query: RwSignal<String>,
}

/// The current address, from context.
pub fn use_nav() -> Nav {
    expect_context::<Nav>()
}

/// Splits `/a/b?c=d#e` into path and query.
pub fn split_href(href: &str) -> (String, String) {
    let href = href.split('#').next().unwrap_or("");
    match href.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (href.to_string(), String::new()),
    }
}

/// Provides the address of this request (server) or of the window (browser).
pub fn provide_nav() -> Nav {
    #[cfg(feature = "ssr")]
    let (path, query) = use_context::<axum::http::request::Parts>()
        .map(|p| {
            (
                p.uri.path().to_string(),
                p.uri.query().unwrap_or("").to_string(),
            )
        })
        .unwrap_or_else(|| ("/".into(), String::new()));
    #[cfg(feature = "hydrate")]
    let (path, query) = current();
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let (path, query) = ("/".to_string(), String::new());
    let nav = Nav {
        path: RwSignal::new(path),
        query: RwSignal::new(query),
    };
    provide_context(nav);
    nav
}

#[cfg(feature = "hydrate")]
fn current() -> (String, String) {
    let loc = web_sys::window().map(|w| w.location());
    let path = loc
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_else(|| "/".into());
    let query = loc.and_then(|l| l.search().ok()).unwrap_or_default();
    (path, query.trim_start_matches('?').to_string())
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// What the citizen is typing in the search box, and on which page, so a re-render of that
    /// page (the phone's copy of the catalogue changed under it) does not lose it.
    static TYPED: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
}

/// Puts back what the citizen was typing in the search box if the page was just re-rendered
/// under them, with the focus (so a phone's keyboard stays open).
#[cfg(feature = "hydrate")]
pub fn restore_typed() {
    use wasm_bindgen::JsCast;
    let Some((path, value)) = TYPED.with(|t| t.borrow().clone()) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    if window.location().pathname().ok().as_deref() != Some(path.as_str()) {
        return;
    }
    let input = window
        .document()
        .and_then(|d| {
            d.query_selector("form[data-search] input[name=q]")
                .ok()
                .flatten()
        })
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        if input.value() != value {
            input.set_value(&value);
            let _ = input.focus();
        }
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static NAV: std::cell::Cell<Option<Nav>> = const { std::cell::Cell::new(None) };
}

/// Goes to `href` from code that has no `Nav` at hand (the form's handlers).
#[cfg(feature = "hydrate")]
pub fn go_to(href: &str) {
    if let Some(nav) = NAV.with(|n| n.get()) {
        go(nav, href);
    }
}

/// Replaces the current address with `href` (no new history entry), e.g. `/ajukan/x` with the
/// draft it just made.
#[cfg(feature = "hydrate")]
pub fn replace(href: &str) {
    let Some(nav) = NAV.with(|n| n.get()) else {
        return;
    };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
    let (path, query) = split_href(href);
    nav.path.set(path);
    nav.query.set(query);
}

/// Goes to `href` (a path on this site) without a page load.
#[cfg(feature = "hydrate")]
pub fn go(nav: Nav, href: &str) {
    crate::ui::pages::apply::navigated();
    TYPED.with(|t| *t.borrow_mut() = None);
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
    let (path, query) = split_href(href);
    nav.path.set(path);
    nav.query.set(query);
    window.scroll_to_with_x_and_y(0.0, 0.0);
    // Tell screen readers the page changed: move focus to the content.
    if let Some(main) = window.document().and_then(|d| d.get_element_by_id("main")) {
        use wasm_bindgen::JsCast;
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// Handles clicks on same-site links, searches and the back button inside the app.
#[cfg(feature = "hydrate")]
pub fn start(nav: Nav) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    NAV.with(|n| n.set(Some(nav)));
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };

    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(a) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = a.get_attribute("href").unwrap_or_default();
        let rel = a.get_attribute("rel").unwrap_or_default();
        let internal = href.starts_with('/') && !href.starts_with("//");
        if !internal
            || a.has_attribute("download")
            || a.has_attribute("target")
            || rel.split(' ').any(|r| r == "external")
        {
            return;
        }
        ev.prevent_default();
        go(nav, &href);
    });
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();

    // The search form: search inside the app (it is also a plain GET form without JavaScript).
    let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
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
        go(
            nav,
            &format!("/cari?q={}", crate::domain::route::encode(&q)),
        );
    });
    let _ = document.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();

    let on_input = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if input.name() == "q" && input.closest("form[data-search]").ok().flatten().is_some() {
            let path = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default();
            TYPED.with(|t| *t.borrow_mut() = Some((path, input.value())));
        }
    });
    let _ = document.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    on_input.forget();

    let on_pop = Closure::<dyn Fn()>::new(move || {
        TYPED.with(|t| *t.borrow_mut() = None);
        let (path, query) = current();
        nav.path.set(path);
        nav.query.set(query);
    });
    let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
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
