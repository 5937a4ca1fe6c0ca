//! Small DOM helpers of the application pages: finding by hook, and writing text into the
//! page as elements and text (never as HTML made from strings).

use crate::ui::hook::Slot;
use wasm_bindgen::JsCast;

/// The page's document.
pub(super) fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The first element matching `selector` in the page.
pub(super) fn find(selector: &str) -> Option<web_sys::Element> {
    document()?.query_selector(selector).ok()?
}

/// The slot in the page, if it shows one.
pub(super) fn slot(slot: Slot) -> Option<web_sys::Element> {
    find(slot.selector())
}

/// The element an event happened on.
pub(super) fn target_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// The nearest element around `el` (itself included) matching `selector`.
pub(super) fn closest(el: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    el.closest(selector).ok().flatten()
}

/// Moves the focus to `el`.
pub(super) fn focus(el: &web_sys::Element) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Shows or hides `el`.
pub(super) fn set_hidden(el: &web_sys::Element, hidden: bool) {
    let _ = if hidden {
        el.set_attribute("hidden", "")
    } else {
        el.remove_attribute("hidden")
    };
}

/// Adds `child` at the end of `el` (`insertBefore`, which the renderer's runtime already
/// imports, rather than `append`, which would add imports to the main WASM).
fn add(el: &web_sys::Element, child: &web_sys::Node) {
    let _ = el.insert_before(child, None);
}

/// Replaces what `el` holds by one element `tag` holding `text`, with the attributes given.
pub(super) fn put(el: &web_sys::Element, tag: &str, attrs: &[(&str, &str)], text: &str) {
    el.set_text_content(None);
    let Some(child) = document().and_then(|d| d.create_element(tag).ok()) else {
        return;
    };
    for (name, value) in attrs {
        let _ = child.set_attribute(name, value);
    }
    child.set_text_content(Some(text));
    add(el, &child);
}

/// Replaces what a field's message holds: "Error: " for screen readers, then the text.
pub(super) fn put_error(el: &web_sys::Element, prefix: &str, text: &str) {
    put(
        el,
        "span",
        &[("class", "visually-hidden")],
        &format!("{prefix}: "),
    );
    if let Some(text) = document().map(|d| d.create_text_node(text)) {
        add(el, &text);
    }
}

/// The value of the form's input named `name` (empty when there is none).
pub(super) fn named_value(form: &web_sys::HtmlFormElement, name: &str) -> String {
    form.query_selector(&format!("[name={name}]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}
