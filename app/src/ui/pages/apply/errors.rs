//! Checking answers on the page: a field's message as it changes, the fields shown by an
//! answer, and the error summary when a section is left with something to fix.

use super::dom::{document, find, focus, put_error, set_hidden};
use super::state;
use crate::domain::form::{validate_on, FieldError, Problem};
use crate::i18n::Msg;
use crate::ui::form_html;
use crate::ui::hook::{class, Hook, Slot};
use wasm_bindgen::JsCast;

/// The problems with the draft's answers, on the fields shown.
pub(super) fn problems() -> Vec<FieldError> {
    state::draft(|d| {
        d.and_then(|(app, schema)| validate_on(schema, &app.answers, crate::clock::today()).err())
            .unwrap_or_default()
    })
}

/// Shows (or clears) a field's message on the page.
fn show_field_error(form: &web_sys::Element, id: &str, problem: Option<&Problem>) {
    let text = problem.map(|p| {
        state::draft(|d| {
            form_html::problem_text(d.and_then(|(_, s)| s.field(id)), p, state::lang())
        })
    });
    show_field_text(form, id, text.as_deref());
}

/// The elements of a form matching `selector`.
fn all(form: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let Ok(nodes) = form.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// Shows `text` as a field's message, or clears it; marks the field and its inputs.
pub(super) fn show_field_text(form: &web_sys::Element, id: &str, text: Option<&str>) {
    if let Ok(Some(el)) = form.query_selector(&format!("#f-{id}-error")) {
        match text {
            Some(t) => put_error(&el, Msg::ErrorPrefix.get(state::lang()), t),
            None => el.set_text_content(None),
        }
        set_hidden(&el, text.is_none());
    }
    let wrapper = format!("[{}=\"{id}\"]", Hook::Field.attr());
    if let Ok(Some(wrap)) = form.query_selector(&wrapper) {
        let _ = wrap
            .class_list()
            .toggle_with_force(class::HAS_ERROR, text.is_some());
    }
    for el in all(form, &format!("[name=\"{id}\"]")) {
        let _ = if text.is_some() {
            el.set_attribute("aria-invalid", "true")
        } else {
            el.remove_attribute("aria-invalid")
        };
    }
}

/// Checks one field after it changed; a fixed field also loses the server's message.
pub(super) fn check_field(form: &web_sys::Element, id: &str) {
    let problem = problems()
        .into_iter()
        .find(|e| e.field == id)
        .map(|e| e.problem);
    if problem.is_none() {
        state::draft_mut(|d| {
            if let Some((app, _)) = d {
                app.returned.retain(|e| e.field != id);
            }
        });
    }
    show_field_error(form, id, problem.as_ref());
}

/// Shows or hides fields whose `visible_if` depends on an answer.
pub(super) fn update_visibility(form: &web_sys::Element) {
    let fields = all(form, &format!("[{}]", Hook::Field.attr()));
    state::draft(|d| {
        let Some((app, schema)) = d else {
            return;
        };
        for el in fields {
            let Some(f) = el
                .get_attribute(Hook::Field.attr())
                .and_then(|id| schema.field(&id))
            else {
                continue;
            };
            set_hidden(&el, !schema.is_visible(f, &app.answers));
        }
    });
}

/// Fills the error summary and the fields' messages; focuses the summary.
pub(super) fn show_summary(form: &web_sys::Element, errors: &[FieldError]) {
    let Some(summary) = find(Slot::ErrorSummary.selector()) else {
        return;
    };
    // The summary comes from the renderer that wrote the page (it escapes what it writes).
    let html = state::draft(|d| {
        let (_, schema) = d?;
        Some(form_html::error_summary_markup(schema, errors, state::lang()).into_string())
    });
    summary.set_outer_html(&html.unwrap_or_default());
    mark_title(!errors.is_empty());
    for el in all(form, &format!("[{}]", Hook::Field.attr())) {
        if let Some(id) = el.get_attribute(Hook::Field.attr()) {
            let problem = errors.iter().find(|e| e.field == id).map(|e| &e.problem);
            show_field_error(form, &id, problem);
        }
    }
    if let Some(s) = find(Slot::ErrorSummary.selector()) {
        focus(&s);
    }
}

/// Starts the page's title with "Kesalahan: " while the page shows errors (GOV.UK), so a
/// screen reader hears it first; the title keeps it when the page is re-read (`nav::titled`).
pub(super) fn mark_title(has_errors: bool) {
    let Some(doc) = document() else {
        return;
    };
    let prefix = format!("{}: ", Msg::ErrorPrefix.get(state::lang()));
    let title = doc.title();
    let bare = title.strip_prefix(&prefix).unwrap_or(&title).to_string();
    crate::ui::nav::mark_errors(has_errors.then_some(prefix));
    doc.set_title(&crate::ui::nav::titled(bare));
}

/// An error summary's link: scrolls to its field and focuses it.
pub(super) fn focus_field(link: &web_sys::Element) {
    let target = link.get_attribute("href").unwrap_or_default();
    if let Some(field) =
        document().and_then(|d| d.get_element_by_id(target.trim_start_matches('#')))
    {
        field.scroll_into_view();
        focus(&field);
    }
}
