//! Event routing: one listener per kind on the document decides (in the main bundle) which
//! events concern an application page and hands those to the lazily loaded part, which sends
//! each to its handler.

use super::dom::{closest, document, find, set_hidden, target_element};
use super::{account, ask, draft, errors, expect, photos, request, state};
use crate::ui::hook::{class, Action, FormRole, Hook, Slot};
use leptos::task::spawn_local;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

/// The kinds of event the application pages handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A keystroke in a section form.
    Input,
    /// A committed change in a section form (a choice, a file, leaving a field).
    Change,
    /// A form the phone handles was submitted.
    Submit,
    /// A click on an error summary link or an action button.
    Click,
    /// The app is left or hidden: save what was typed.
    Hide,
    /// The account page just signed in to asks for the claim of this phone's requests (no DOM
    /// event: `apply::after_render` makes one).
    Claim,
}

impl Kind {
    /// The DOM event's name.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Kind::Input => "input",
            Kind::Change => "change",
            Kind::Submit => "submit",
            Kind::Click => "click",
            Kind::Hide => "visibilitychange",
            Kind::Claim => "loket-claim",
        }
    }
}

/// Wires the application pages (once, after the app is interactive).
pub fn start() {
    let Some(doc) = document() else { return };
    for kind in [Kind::Input, Kind::Change, Kind::Submit, Kind::Click] {
        let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if concerns(kind, &ev) {
                spawn_local(async move { super::event(kind, ev).await });
            }
        });
        let _ = doc.add_event_listener_with_callback(kind.name(), cb.as_ref().unchecked_ref());
        cb.forget();
    }
    // Leaving or hiding the app: save what was typed in the last moments.
    let on_hide = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if state::with(|s| s.loaded.get()) {
            spawn_local(async move { super::event(Kind::Hide, ev).await });
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    }
    let _ =
        doc.add_event_listener_with_callback(Kind::Hide.name(), on_hide.as_ref().unchecked_ref());
    on_hide.forget();
}

/// Whether an event concerns an application page; cancels the browser's default for those
/// that the phone handles instead.
fn concerns(kind: Kind, ev: &web_sys::Event) -> bool {
    let Some(el) = target_element(ev) else {
        return false;
    };
    match kind {
        Kind::Input | Kind::Change => closest(&el, FormRole::Section.selector()).is_some(),
        Kind::Submit => {
            // Every form with a role but the search (the navigator's) is handled here.
            let ours = el
                .get_attribute(FormRole::ATTR)
                .is_some_and(|v| v != FormRole::Search.value());
            if ours {
                ev.prevent_default();
                // The answers are checked afresh: an old summary must not linger.
                if let Some(s) = find(Slot::ErrorSummary.selector()) {
                    set_hidden(&s, true);
                }
            }
            ours
        }
        Kind::Click if closest(&el, class::SUMMARY_LINK).is_some() => {
            ev.prevent_default();
            true
        }
        Kind::Click => closest(&el, Action::ANY).is_some(),
        Kind::Hide | Kind::Claim => false,
    }
}

/// Sends an event to its handler (in the lazily loaded part).
pub(super) fn handle(kind: Kind, ev: web_sys::Event) {
    match kind {
        Kind::Input => on_input(ev),
        Kind::Change => on_change(ev),
        Kind::Submit => on_submit(ev),
        Kind::Click => on_click(ev),
        Kind::Hide => spawn_local(draft::flush()),
        Kind::Claim => account::claim_if_asked(),
    }
}

/// The section form around an event's target, with the target.
fn in_section(ev: &web_sys::Event) -> Option<(web_sys::Element, web_sys::HtmlFormElement)> {
    let el = target_element(ev)?;
    let form = closest(&el, FormRole::Section.selector())?
        .dyn_into()
        .ok()?;
    Some((el, form))
}

/// A keystroke: keep the answer, save soon, re-check a field showing a problem.
fn on_input(ev: web_sys::Event) {
    let Some((el, form)) = in_section(&ev) else {
        return;
    };
    if el.has_attribute(Hook::File.attr()) {
        return;
    }
    draft::collect(&form);
    draft::save_soon();
    // A field showing a problem is checked again as the citizen types, so the message goes as
    // soon as it is fixed.
    if let Some(name) = el.get_attribute("name") {
        let error = format!(".{}", class::HAS_ERROR);
        if closest(&el, &error).is_some() {
            errors::check_field(&form, &name);
        }
    }
    errors::update_visibility(&form);
}

/// A committed change: keep the answer (or the chosen file), check the field, save now.
fn on_change(ev: web_sys::Event) {
    let Some((el, form)) = in_section(&ev) else {
        return;
    };
    if el.has_attribute(Hook::File.attr()) {
        if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
            spawn_local(photos::choose_file(input));
        }
        return;
    }
    draft::collect(&form);
    // Moving from a date's day to its month is not a date to check yet.
    let unfinished = el.matches(class::DATE_START).unwrap_or(false)
        && closest(&el, &format!(".{}", class::HAS_ERROR)).is_none();
    if let Some(name) = el.get_attribute("name").filter(|_| !unfinished) {
        errors::check_field(&form, &name);
    }
    errors::update_visibility(&form);
    spawn_local(draft::save_now());
}

/// A submitted form, by its role.
fn on_submit(ev: web_sys::Event) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let role = form
        .get_attribute(FormRole::ATTR)
        .and_then(|v| FormRole::parse(&v));
    match role {
        Some(FormRole::Section) => spawn_local(draft::next(form)),
        Some(FormRole::Track) => spawn_local(request::track(form)),
        Some(FormRole::Account) => spawn_local(account::account(form)),
        Some(FormRole::Survey) => spawn_local(request::survey(form)),
        Some(FormRole::Ask) => spawn_local(ask::ask(form)),
        Some(FormRole::Submit) => {
            let Some(id) = form.get_attribute(Hook::App.attr()) else {
                return;
            };
            let Ok(expect) = expect::read(&form) else {
                return;
            };
            if let Ok(Some(b)) = form.query_selector("button") {
                let _ = b.set_attribute("disabled", "");
            }
            spawn_local(draft::submit(id, expect));
        }
        Some(FormRole::Search) | None => {}
    }
}

/// A click: an error summary link focuses its field; an action button does its action.
fn on_click(ev: web_sys::Event) {
    let Some(el) = target_element(&ev) else {
        return;
    };
    if let Some(a) = closest(&el, class::SUMMARY_LINK) {
        errors::focus_field(&a);
        return;
    }
    let Some(button) = closest(&el, "button") else {
        return;
    };
    let Some((action, id)) = Action::ALL
        .into_iter()
        .find_map(|a| button.get_attribute(a.attr()).map(|id| (a, id)))
    else {
        return;
    };
    request::act(action, id, &button);
}
