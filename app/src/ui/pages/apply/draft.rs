//! The draft on the page: reading the citizen's answers into it, saving it (soon after a
//! keystroke, at once on a change), and leaving a section ("Continue", "Submit application").

use super::dom::{find, slot};
use super::{errors, state};
use crate::domain::application::{section_of, State};
use crate::domain::form::{Answer, FieldError, FieldKind};
use crate::i18n::Msg;
use crate::local::{apps, now_millis, outbox};
use crate::ui::hook::{FormRole, Hook, Slot};
use gloo_timers::callback::Timeout;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// How long after a keystroke the draft is saved at the latest (a `change` saves at once).
const SAVE_AFTER_MS: u32 = 250;

/// The section form on the page, if any.
pub(super) fn current_form() -> Option<web_sys::HtmlFormElement> {
    find(FormRole::Section.selector())?.dyn_into().ok()
}

/// The typed value of the field `id`.
fn input_value(form: &web_sys::HtmlFormElement, id: &str) -> Option<String> {
    let el = form.query_selector(&format!("#f-{id}")).ok()??;
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    el.dyn_ref::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
}

/// The checked values of the choice field `id`.
fn checked(form: &web_sys::HtmlFormElement, id: &str) -> Vec<String> {
    let Ok(nodes) = form.query_selector_all(&format!("input[name=\"{id}\"]:checked")) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .collect()
}

/// The section index (from 1) a section form shows.
pub(super) fn section_number(form: &web_sys::Element) -> usize {
    form.get_attribute(Hook::Section.attr())
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// The answer the page holds for a field (files are kept when chosen, not read here).
fn answer(form: &web_sys::HtmlFormElement, id: &str, kind: &FieldKind) -> Option<Answer> {
    match kind {
        FieldKind::Choice { .. } | FieldKind::YesNo => {
            checked(form, id).into_iter().next().map(Answer::One)
        }
        FieldKind::MultiChoice { .. } => Some(checked(form, id))
            .filter(|v| !v.is_empty())
            .map(Answer::Many),
        // Day, month and year kept as `Y-M-D` while typed, so a half-typed date survives.
        FieldKind::MemorableDate => {
            let part =
                |suffix: &str| input_value(form, &format!("{id}{suffix}")).unwrap_or_default();
            let typed = format!("{}-{}-{}", part("-year"), part("-month"), part(""));
            Some(typed).filter(|t| t != "--").map(Answer::One)
        }
        _ => input_value(form, id)
            .filter(|v| !v.is_empty())
            .map(Answer::One),
    }
}

/// Reads the section's answers from the page into the draft.
pub(super) fn collect(form: &web_sys::HtmlFormElement) {
    let Some(app_id) = form.get_attribute(Hook::App.attr()) else {
        return;
    };
    let idx = section_number(form);
    state::draft_mut(|d| {
        let Some((app, schema)) = d.filter(|(a, _)| a.id == app_id) else {
            return;
        };
        let Some(sec) = schema.sections.get(idx.saturating_sub(1)) else {
            return;
        };
        for f in &sec.fields {
            if matches!(f.kind, FieldKind::File { .. }) {
                continue;
            }
            match answer(form, &f.id, &f.kind) {
                Some(a) => app.answers.insert(f.id.clone(), a),
                None => app.answers.remove(&f.id),
            };
        }
        app.section = idx.saturating_sub(1);
    });
}

/// Saves the draft now (the measure `loket-draft-save` is taken in `apps::put`).
pub(super) async fn save_now() {
    // A pending "save soon" is this save.
    state::with(|s| {
        s.save_due.set(false);
        s.save_timer.borrow_mut().take()
    });
    let Some(mut app) = state::draft(|d| d.map(|(a, _)| a.clone())) else {
        return;
    };
    app.updated = now_millis();
    match apps::put(&app).await {
        Ok(()) => {
            let n = state::with(|s| {
                s.saves.set(s.saves.get() + 1);
                s.saves.get()
            });
            if let Some(el) = slot(Slot::SaveStatus) {
                let _ = el.set_attribute(Hook::Saves.attr(), &n.to_string());
                el.set_text_content(Some(Msg::SavedOnDevice.get(state::lang())));
            }
        }
        Err(e) => leptos::logging::warn!("draft not saved: {e}"),
    }
}

/// Saves soon: at most `SAVE_AFTER_MS` after this keystroke, even while typing goes on.
pub(super) fn save_soon() {
    if state::with(|s| s.save_due.replace(true)) {
        return;
    }
    let timer = Timeout::new(SAVE_AFTER_MS, || {
        if state::with(|s| s.save_due.get()) {
            spawn_local(save_now());
        }
    });
    state::with(|s| *s.save_timer.borrow_mut() = Some(timer));
}

/// Saves a pending change at once (before a page change, when the app is hidden).
pub(super) async fn flush() {
    if state::with(|s| s.save_due.get()) {
        if let Some(form) = current_form() {
            collect(&form);
        }
        save_now().await;
    }
}

/// Where "Continue" leads from section `idx` (from 0): the draft's id, this section's fields
/// and the next section with something to answer.
fn onward(idx: usize) -> Option<(String, Vec<String>, Option<usize>)> {
    state::draft(|d| {
        let (app, schema) = d?;
        let sec = schema.sections.get(idx)?;
        let fields: Vec<String> = sec.fields.iter().map(|f| f.id.clone()).collect();
        let next = (idx + 1..schema.sections.len()).find(|&j| {
            schema.sections[j]
                .fields
                .iter()
                .any(|f| schema.is_visible(f, &app.answers))
        });
        Some((app.id.clone(), fields, next))
    })
}

/// "Continue": saves, checks this section's visible fields, then goes on (skipping sections
/// with nothing to answer) or shows what to fix.
pub(super) async fn next(form: web_sys::HtmlFormElement) {
    collect(&form);
    save_now().await;
    let Some((id, fields, next)) = onward(section_number(&form) - 1) else {
        return;
    };
    let errors: Vec<FieldError> = errors::problems()
        .into_iter()
        .filter(|e| fields.contains(&e.field))
        .collect();
    if !errors.is_empty() {
        errors::show_summary(&form, &errors);
        return;
    }
    if super::load::query("ubah").is_some() {
        return back_to_check(&id);
    }
    match next {
        Some(j) => crate::ui::nav::go_to(&format!("/permohonan/{id}?bagian={}", j + 1)),
        None => crate::ui::nav::go_to(&format!("/permohonan/{id}?periksa=1")),
    }
}

/// After a change from "check your answers": straight back there, unless the change asks a
/// question not yet answered (a field it made visible and required): that section first, still
/// in change mode, with the focus on that question.
fn back_to_check(id: &str) {
    let first = errors::problems().into_iter().find_map(|e| {
        let i = state::draft(|d| section_of(&d?.1, &e.field))?;
        Some((i, e.field))
    });
    match first {
        Some((i, field)) => crate::ui::nav::go_to(&format!(
            "/permohonan/{id}?bagian={}&ubah={}",
            i + 1,
            crate::domain::route::encode(&field)
        )),
        None => crate::ui::nav::go_to(&format!("/permohonan/{id}?periksa=1")),
    }
}

/// "Submit application": checks everything once more, then hands it to the outbox.
pub(super) async fn submit(id: String, expect: Option<crate::domain::skm::Expectation>) {
    let Some(Some(mut app)) = apps::get(&id).await.ok() else {
        return;
    };
    if app.state != State::Draft {
        crate::ui::nav::go_to(&format!("/permohonan/{id}"));
        return;
    }
    let Ok(schema) = app.form.schema() else {
        return;
    };
    if let Err(errors) = app.envelope(&schema) {
        let first = errors
            .first()
            .and_then(|e| section_of(&schema, &e.field))
            .unwrap_or(0);
        state::with(|s| *s.pending.borrow_mut() = errors);
        crate::ui::nav::go_to(&format!("/permohonan/{id}?bagian={}", first + 1));
        return;
    }
    app.expect = expect;
    app.state = State::Queued;
    app.submitted = Some(now_millis());
    app.updated = now_millis();
    app.notice = None;
    app.returned.clear();
    app.attempts = 0;
    app.next_try = 0;
    if apps::put(&app).await.is_ok() {
        state::set_draft(None);
        outbox::request_background_sync();
        outbox::kick(true);
        crate::ui::nav::go_to(&format!("/permohonan/{id}"));
    }
}
