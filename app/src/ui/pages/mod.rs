//! The page: one resource for the current address, shown as the HTML `ui::html` renders.
//!
//! Every address goes through [`PageView`]: its data comes from `load::page` (the phone's copy
//! of the catalogue, or the server), `domain::page` decides what the page holds and `ui::html`
//! writes it, so the server and the phone show the same page from the same code.

use crate::i18n::{tr, use_lang, Msg};
use crate::ui::app::DeviceState;
use leptos::prelude::*;
#[cfg(not(feature = "ssr"))]
use leptos_meta::Title;

/// The page at the current address.
#[component]
pub fn PageView() -> impl IntoView {
    let lang = use_lang();
    let device = expect_context::<DeviceState>();
    let location = leptos_router::hooks::use_location();
    // Pages of the phone's applications re-read when those change; catalogue pages when the
    // catalogue does; pages only the server renders (`/kinerja`, questions, the back office)
    // never for the phone's copy: that would only ask the server again, and offline turn a
    // page kept for reading into "not found". (A form being filled in is never re-rendered
    // under the citizen: see `apply::changed`.)
    // The value travels for hydration without its HTML, which the document holds already.
    let page = Resource::<_, hydration::PageCodec>::new_with_options(
        move || {
            let (path, query) = (location.pathname.get(), location.search.get());
            let route = crate::domain::route::Route::parse(&path, &query);
            let generation = if route.on_device() {
                device.local_gen.get()
            } else if route.from_catalogue() {
                device.generation.get()
            } else {
                0
            };
            (path, query, lang.get(), generation)
        },
        |(path, query, lang, _)| load::page(path, query, lang),
        false,
    );
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // After each page is shown: put back the ticks saved on the phone, and what the
        // citizen was typing if this page was re-rendered under them.
        if page.with(|p| p.is_some()) {
            request_animation_frame(|| {
                crate::ui::pages::checklist::restore();
                crate::ui::nav::restore_typed();
                crate::ui::pages::apply::after_render();
            });
        }
    });
    // A Transition, not a Suspense: while the page's data is re-read (the phone's copy changed,
    // or the language), the current page stays; an unchanged page is then not touched at all,
    // so nothing the citizen is typing in it is lost.
    view! {
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">{tr(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                // A page that could not be loaded is a page too (one view, not two).
                let r = page
                    .await
                    .unwrap_or_else(|_| crate::ui::html::load_failed(lang.get_untracked()));
                #[cfg(feature = "hydrate")]
                let r = hydration::as_shown(r);
                #[cfg(feature = "ssr")]
                if r.not_found {
                    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                        res.set_status(axum::http::StatusCode::NOT_FOUND);
                    }
                }
                // The title; on the server also what a shared link shows (`ui::share`).
                #[cfg(feature = "ssr")]
                let head = crate::ui::share::head(r.title, r.share);
                #[cfg(not(feature = "ssr"))]
                let head = view! { <Title text=r.title /> };
                view! {
                    {head}
                    <div class="page" inner_html=r.html></div>
                }
            })}
        </Transition>
    }
}

#[cfg(feature = "hydrate")]
pub mod apply;
mod hydration;
pub mod load;

/// The requirement checklist: ticks are kept on the phone, per service.
#[cfg(feature = "hydrate")]
pub mod checklist {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    fn lists() -> Vec<web_sys::Element> {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return Vec::new();
        };
        let Ok(nodes) = doc.query_selector_all("ul[data-ticks]") else {
            return Vec::new();
        };
        (0..nodes.length())
            .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::Element>().ok())
            .collect()
    }

    fn boxes(list: &web_sys::Element) -> Vec<web_sys::HtmlInputElement> {
        let Ok(nodes) = list.query_selector_all("input[type=checkbox][data-key]") else {
            return Vec::new();
        };
        (0..nodes.length())
            .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlInputElement>().ok())
            .collect()
    }

    /// Writes how many boxes of `list` are ticked into its count ("3 dari 7 siap").
    fn show_ready(list: &web_sys::Element, ticked: usize) {
        let slot = crate::ui::hook::Slot::Ready.selector();
        let count = list
            .parent_element()
            .and_then(|p| p.query_selector(slot).ok().flatten());
        if let Some(c) = count {
            c.set_text_content(Some(&ticked.to_string()));
        }
    }

    /// Ticks the boxes saved for each checklist on the page, and counts them.
    pub fn restore() {
        for list in lists() {
            let ticked =
                crate::local::prefs::ticks(&list.get_attribute("data-ticks").unwrap_or_default());
            let mut n = 0;
            for b in boxes(&list) {
                let on = ticked.contains(&b.get_attribute("data-key").unwrap_or_default());
                b.set_checked(on);
                n += usize::from(on);
            }
            show_ready(&list, n);
        }
    }

    /// Saves a checklist whenever one of its boxes changes.
    pub fn start() {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(list) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("ul[data-ticks]").ok().flatten())
            else {
                return;
            };
            let ticked: Vec<String> = boxes(&list)
                .iter()
                .filter(|b| b.checked())
                .filter_map(|b| b.get_attribute("data-key"))
                .collect();
            show_ready(&list, ticked.len());
            crate::local::prefs::save_ticks(
                &list.get_attribute("data-ticks").unwrap_or_default(),
                &ticked,
            );
        });
        let _ = doc.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
}
