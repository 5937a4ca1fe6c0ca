//! Filling in an application on the phone: the pages come from `ui::form_html` (rendered from
//! the draft in IndexedDB), and this module wires them by event delegation on the document:
//! saving as the citizen types, checking answers with the one validator in `domain::form`,
//! moving between sections, keeping photos, and handing the application to the outbox.

use crate::domain::application::{section_of, uuid_v7, Application, State};
use crate::domain::form::{validate, Answer, FieldError, FieldKind, FormSchema};
use crate::domain::l10n::Lang;
use crate::domain::page::Page;
use crate::domain::route::{AppView, Route};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::local::{apps, files, now_millis, outbox, tracking};
use crate::ui::form_html;
use crate::ui::html::{esc, render, Rendered};
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long after a keystroke the draft is saved at the latest (a `change` saves at once).
const SAVE_AFTER_MS: i32 = 250;

thread_local! {
    /// The draft shown on the page, with its form.
    static CURRENT: RefCell<Option<(Application, FormSchema)>> = const { RefCell::new(None) };
    static LANG: Cell<Lang> = const { Cell::new(Lang::Id) };
    static SAVE_TIMER: Cell<Option<i32>> = const { Cell::new(None) };
    static SAVES: Cell<u32> = const { Cell::new(0) };
    /// The draft `/ajukan/:slug` made for this visit, so re-reading that page does not make two.
    static STARTED: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    /// Problems to show on the next section page (found on "check your answers").
    static PENDING: RefCell<Vec<FieldError>> = const { RefCell::new(Vec::new()) };
    static STORAGE_WARNING: Cell<Option<Msg>> = const { Cell::new(None) };
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn lang() -> Lang {
    LANG.with(|l| l.get())
}

/// A navigation started: the next `/ajukan/:slug` is a new application.
pub fn navigated() {
    STARTED.with(|s| *s.borrow_mut() = None);
}

/// The page for an application address, from the phone's storage. Loaded lazily: this and
/// everything only it reaches (forms, the validator, the outbox) is a separate WASM file,
/// fetched on the first application page (and kept by the service worker for offline use).
#[leptos::lazy]
pub async fn page(route: Route, lang: Lang) -> Result<Rendered, AppError> {
    ensure_outbox();
    LANG.with(|l| l.set(lang));
    flush().await;
    let fail = |e: String| AppError::Unreachable(e);
    let today = crate::clock::today();
    let not_found = || render(&Page::NotFound, lang, today);
    match route {
        Route::Apply(slug) => {
            let existing = STARTED
                .with(|s| s.borrow().clone())
                .filter(|(s, _)| *s == slug)
                .map(|(_, id)| id);
            let id = match existing {
                Some(id) => id,
                None => match start_draft(&slug).await.map_err(fail)? {
                    Some(id) => id,
                    None => return Ok(not_found()),
                },
            };
            crate::ui::nav::replace(&format!("/permohonan/{id}"));
            Ok(Rendered {
                title: Msg::Form.get(lang).into(),
                html: String::new(),
                not_found: false,
            })
        }
        Route::MyApplications => {
            CURRENT.with(|c| *c.borrow_mut() = None);
            Ok(form_html::list(&apps::all().await.map_err(fail)?, lang))
        }
        Route::Application { id, view } => {
            let Some(mut app) = apps::get(&id).await.map_err(fail)? else {
                CURRENT.with(|c| *c.borrow_mut() = None);
                return Ok(not_found());
            };
            if app.state != State::Draft {
                CURRENT.with(|c| *c.borrow_mut() = None);
                let page = form_html::status(&app, lang);
                // Shown: the agency's latest step is no longer news.
                if app.unseen() {
                    app.seen_seq = app
                        .request
                        .as_ref()
                        .and_then(|r| r.timeline.last())
                        .map(|e| e.seq)
                        .unwrap_or(0);
                    if apps::put(&app).await.is_ok() {
                        changed_count();
                    }
                }
                return Ok(page);
            }
            newest_form(&mut app).await;
            let schema = app.form.schema().map_err(|e| fail(e.to_string()))?;
            let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
            let section = match view {
                AppView::Check => None,
                AppView::Section(i) => Some(i.min(schema.sections.len().saturating_sub(1))),
                AppView::Resume => match app
                    .returned
                    .first()
                    .and_then(|e| section_of(&schema, &e.field))
                {
                    Some(i) => Some(i),
                    None if app.notice.is_some() => None,
                    None => Some(app.section),
                },
            };
            let rendered = match section {
                None => form_html::check(&app, &schema, lang),
                Some(i) => {
                    if app.section != i {
                        app.section = i;
                        apps::put(&app).await.map_err(fail)?;
                    }
                    let mut errors = app.returned.clone();
                    errors.extend(pending);
                    form_html::section(&app, &schema, i, lang, &errors)
                }
            };
            CURRENT.with(|c| *c.borrow_mut() = Some((app, schema)));
            Ok(rendered)
        }
        _ => Ok(not_found()),
    }
}

/// A draft follows the catalogue's newest form (answers kept; the validator judges them).
async fn newest_form(app: &mut Application) {
    let Ok(Some(all)) = crate::local::catalogue::snapshot().await else {
        return;
    };
    let Some(doc) = all
        .iter()
        .find(|s| s.slug == app.service)
        .and_then(|s| s.form.clone())
    else {
        return;
    };
    if doc.0.get() != app.form.0.get() {
        if let Ok(schema) = doc.schema() {
            app.form_version = schema.version;
            app.form = doc;
            let _ = apps::put(app).await;
        }
    }
}

/// Makes a new draft for a service; `None` when the service (or its form) is unknown.
async fn start_draft(slug: &str) -> Result<Option<String>, String> {
    // Right after the first visit the catalogue may still be arriving: wait for it a little.
    let mut service = None;
    for _ in 0..50 {
        if let Some(all) = crate::local::catalogue::snapshot().await? {
            service = all.iter().find(|s| s.slug == slug).cloned();
            break;
        }
        sleep(200).await;
    }
    let Some(s) = service else { return Ok(None) };
    let Some(form) = s.form.clone() else {
        return Ok(None);
    };
    let version = form.schema().map_err(|e| e.to_string())?.version;
    let mut random = [0u8; 10];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut random);
    }
    let now = now_millis();
    let id = uuid_v7(now as u64, random);
    apps::put(&Application::new(
        id.clone(),
        s.slug.clone(),
        s.name.clone(),
        form,
        version,
        now,
    ))
    .await?;
    STARTED.with(|st| *st.borrow_mut() = Some((slug.to_string(), id.clone())));
    ask_persistence();
    Ok(Some(id))
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Asks the browser to keep the phone's data (drafts) even when storage runs low, and notes
/// whether a warning is due: not granted, or storage more than 90 % used.
fn ask_persistence() {
    spawn_local(async {
        let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
            return;
        };
        let granted = match storage.persist() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            Err(_) => false,
        };
        check_storage(granted).await;
        show_storage_warning();
    });
}

async fn check_storage(granted: bool) {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return;
    };
    let mut warning = (!granted).then_some(Msg::StorageNotPersistent);
    if let Ok(p) = storage.estimate() {
        if let Ok(e) = wasm_bindgen_futures::JsFuture::from(p).await {
            let e: web_sys::StorageEstimate = e.unchecked_into();
            if let (Some(used), Some(quota)) = (e.get_usage(), e.get_quota()) {
                if quota > 0.0 && used / quota > 0.9 {
                    warning = Some(Msg::StorageNearlyFull);
                }
            }
        }
    }
    STORAGE_WARNING.with(|w| w.set(warning));
}

fn show_storage_warning() {
    let Some(msg) = STORAGE_WARNING.with(|w| w.get()) else {
        return;
    };
    let Some(el) = document().and_then(|d| {
        d.query_selector(crate::ui::hook::Slot::StorageWarning.selector())
            .ok()
            .flatten()
    }) else {
        return;
    };
    el.set_text_content(Some(msg.get(lang())));
    let _ = el.remove_attribute("hidden");
}

/// After a page is shown: on application pages, the storage warning if due.
pub fn after_render() {
    SAVES.with(|s| s.set(0));
    if document()
        .and_then(|d| {
            d.query_selector(crate::ui::hook::Slot::StorageWarning.selector())
                .ok()
                .flatten()
        })
        .is_some()
    {
        spawn_local(async { storage_notice().await });
    }
}

#[leptos::lazy]
fn storage_notice() {
    if STORAGE_WARNING.with(|w| w.get()).is_none()
        && document()
            .and_then(|d| {
                d.query_selector(crate::ui::hook::Slot::StorageWarning.selector())
                    .ok()
                    .flatten()
            })
            .is_some()
    {
        spawn_local(async {
            let persisted = match web_sys::window().map(|w| w.navigator().storage().persisted()) {
                Some(Ok(p)) => wasm_bindgen_futures::JsFuture::from(p)
                    .await
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
                _ => false,
            };
            if !apps::all().await.unwrap_or_default().is_empty() {
                check_storage(persisted).await;
            }
            show_storage_warning();
        });
    } else {
        show_storage_warning();
    }
}

fn current_form() -> Option<web_sys::HtmlFormElement> {
    document()?
        .query_selector("form[data-testid=section-form]")
        .ok()??
        .dyn_into()
        .ok()
}

fn input_value(form: &web_sys::HtmlFormElement, id: &str) -> Option<String> {
    let el = form.query_selector(&format!("#f-{id}")).ok()??;
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    el.dyn_ref::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
}

fn checked(form: &web_sys::HtmlFormElement, id: &str) -> Vec<String> {
    let Ok(nodes) = form.query_selector_all(&format!("input[name=\"{id}\"]:checked")) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .collect()
}

/// Reads the section's answers from the page into the draft.
fn collect(form: &web_sys::HtmlFormElement) {
    let Some(app_id) = form.get_attribute("data-app") else {
        return;
    };
    let idx: usize = form
        .get_attribute("data-section")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some((app, schema)) = c.as_mut() else {
            return;
        };
        if app.id != app_id {
            return;
        }
        let Some(sec) = schema.sections.get(idx.saturating_sub(1)) else {
            return;
        };
        for f in &sec.fields {
            let answer = match &f.kind {
                FieldKind::File { .. } => continue,
                FieldKind::Choice { .. } | FieldKind::YesNo => {
                    checked(form, &f.id).into_iter().next().map(Answer::One)
                }
                FieldKind::MultiChoice { .. } => Some(checked(form, &f.id))
                    .filter(|v| !v.is_empty())
                    .map(Answer::Many),
                _ => input_value(form, &f.id)
                    .filter(|v| !v.is_empty())
                    .map(Answer::One),
            };
            match answer {
                Some(a) => app.answers.insert(f.id.clone(), a),
                None => app.answers.remove(&f.id),
            };
        }
        app.section = idx.saturating_sub(1);
    });
}

/// Saves the draft now (the measure `loket-draft-save` is taken in `apps::put`).
async fn save_now() {
    if let Some(t) = SAVE_TIMER.with(|t| t.take()) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(t);
        }
    }
    let Some(mut app) = CURRENT.with(|c| c.borrow().as_ref().map(|(a, _)| a.clone())) else {
        return;
    };
    app.updated = now_millis();
    match apps::put(&app).await {
        Ok(()) => {
            let n = SAVES.with(|s| {
                s.set(s.get() + 1);
                s.get()
            });
            if let Some(el) = document()
                .and_then(|d| d.query_selector("[data-testid=save-status]").ok().flatten())
            {
                let _ = el.set_attribute("data-saves", &n.to_string());
                el.set_text_content(Some(Msg::SavedOnDevice.get(lang())));
            }
        }
        Err(e) => leptos::logging::warn!("draft not saved: {e}"),
    }
}

/// Saves soon: at most `SAVE_AFTER_MS` after this keystroke, even while typing goes on.
fn save_soon() {
    if SAVE_TIMER.with(|t| t.get()).is_some() {
        return;
    }
    let cb = Closure::once_into_js(|| {
        SAVE_TIMER.with(|t| t.set(None));
        spawn_local(save_now());
    });
    if let Some(w) = web_sys::window() {
        if let Ok(t) = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            cb.unchecked_ref(),
            SAVE_AFTER_MS,
        ) {
            SAVE_TIMER.with(|h| h.set(Some(t)));
        }
    }
}

/// Saves a pending change at once (before a page change, when the app is hidden).
async fn flush() {
    if SAVE_TIMER.with(|t| t.get()).is_some() {
        if let Some(form) = current_form() {
            collect(&form);
        }
        save_now().await;
    }
}

/// The problems with the draft's answers, on the fields shown.
fn problems() -> Vec<FieldError> {
    CURRENT.with(|c| {
        let c = c.borrow();
        let Some((app, schema)) = c.as_ref() else {
            return Vec::new();
        };
        validate(schema, &app.answers).err().unwrap_or_default()
    })
}

/// Shows (or clears) a field's message on the page.
fn show_field_error(
    form: &web_sys::Element,
    id: &str,
    problem: Option<&crate::domain::form::Problem>,
) {
    let text = problem.map(|p| {
        CURRENT.with(|c| {
            form_html::problem_text(
                c.borrow().as_ref().and_then(|(_, s)| s.field(id)),
                p,
                lang(),
            )
        })
    });
    show_field_text(form, id, text.as_deref());
}

fn show_field_text(form: &web_sys::Element, id: &str, text: Option<&str>) {
    if let Ok(Some(el)) = form.query_selector(&format!("#f-{id}-error")) {
        match text {
            Some(t) => {
                el.set_inner_html(&format!(
                    "<span class=\"visually-hidden\">{}: </span>{}",
                    Msg::ErrorPrefix.get(lang()),
                    esc(t)
                ));
                let _ = el.remove_attribute("hidden");
            }
            None => {
                el.set_text_content(None);
                let _ = el.set_attribute("hidden", "");
            }
        }
    }
    if let Ok(Some(wrap)) = form.query_selector(&format!("[data-field=\"{id}\"]")) {
        let _ = wrap
            .class_list()
            .toggle_with_force("has-error", text.is_some());
    }
    if let Ok(nodes) = form.query_selector_all(&format!("[name=\"{id}\"]")) {
        for i in 0..nodes.length() {
            if let Some(el) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = if text.is_some() {
                    el.set_attribute("aria-invalid", "true")
                } else {
                    el.remove_attribute("aria-invalid")
                };
            }
        }
    }
}

/// Checks one field after it changed; a fixed field also loses the server's message.
fn check_field(form: &web_sys::Element, id: &str) {
    let problem = problems()
        .into_iter()
        .find(|e| e.field == id)
        .map(|e| e.problem);
    if problem.is_none() {
        CURRENT.with(|c| {
            if let Some((app, _)) = c.borrow_mut().as_mut() {
                app.returned.retain(|e| e.field != id);
            }
        });
    }
    show_field_error(form, id, problem.as_ref());
}

/// Shows or hides fields whose `visible_if` depends on an answer.
fn update_visibility(form: &web_sys::Element) {
    let Ok(nodes) = form.query_selector_all("[data-field]") else {
        return;
    };
    CURRENT.with(|c| {
        let c = c.borrow();
        let Some((app, schema)) = c.as_ref() else {
            return;
        };
        for i in 0..nodes.length() {
            let Some(el) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let Some(f) = el
                .get_attribute("data-field")
                .and_then(|id| schema.field(&id))
            else {
                continue;
            };
            let _ = if schema.is_visible(f, &app.answers) {
                el.remove_attribute("hidden")
            } else {
                el.set_attribute("hidden", "")
            };
        }
    });
}

/// Fills the error summary and the fields' messages; focuses the summary.
fn show_summary(form: &web_sys::Element, errors: &[FieldError]) {
    let Some(doc) = document() else { return };
    let Some(summary) = doc
        .query_selector("[data-testid=error-summary]")
        .ok()
        .flatten()
    else {
        return;
    };
    let html = CURRENT.with(|c| {
        let c = c.borrow();
        let Some((_, schema)) = c.as_ref() else {
            return String::new();
        };
        let mut o = crate::ui::html::Out::new(lang());
        form_html::error_summary(&mut o, schema, errors);
        o.s
    });
    summary.set_outer_html(&html);
    if let Ok(nodes) = form.query_selector_all("[data-field]") {
        for i in 0..nodes.length() {
            if let Some(id) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("data-field"))
            {
                show_field_error(
                    form,
                    &id,
                    errors.iter().find(|e| e.field == id).map(|e| &e.problem),
                );
            }
        }
    }
    if let Some(s) = doc
        .query_selector("[data-testid=error-summary]")
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = s.focus();
    }
}

/// "Continue": saves, checks this section's visible fields, then goes on (skipping sections
/// with nothing to answer) or shows what to fix.
async fn next(form: web_sys::HtmlFormElement) {
    collect(&form);
    save_now().await;
    let idx: usize = form
        .get_attribute("data-section")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        - 1;
    let Some((id, fields, next)) = CURRENT.with(|c| {
        let c = c.borrow();
        let (app, schema) = c.as_ref()?;
        let sec = schema.sections.get(idx)?;
        let fields: Vec<String> = sec.fields.iter().map(|f| f.id.clone()).collect();
        let next = (idx + 1..schema.sections.len()).find(|&j| {
            schema.sections[j]
                .fields
                .iter()
                .any(|f| schema.is_visible(f, &app.answers))
        });
        Some((app.id.clone(), fields, next))
    }) else {
        return;
    };
    let errors: Vec<FieldError> = problems()
        .into_iter()
        .filter(|e| fields.contains(&e.field))
        .collect();
    if !errors.is_empty() {
        show_summary(&form, &errors);
        return;
    }
    match next {
        Some(j) => crate::ui::nav::go_to(&format!("/permohonan/{id}?bagian={}", j + 1)),
        None => crate::ui::nav::go_to(&format!("/permohonan/{id}?periksa=1")),
    }
}

/// "Submit application": checks everything once more, then hands it to the outbox.
async fn submit(id: String) {
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
        PENDING.with(|p| *p.borrow_mut() = errors);
        crate::ui::nav::go_to(&format!("/permohonan/{id}?bagian={}", first + 1));
        return;
    }
    app.state = State::Queued;
    app.submitted = Some(now_millis());
    app.updated = now_millis();
    app.notice = None;
    app.returned.clear();
    app.attempts = 0;
    app.next_try = 0;
    if apps::put(&app).await.is_ok() {
        CURRENT.with(|c| *c.borrow_mut() = None);
        outbox::request_background_sync();
        outbox::kick(true);
        crate::ui::nav::go_to(&format!("/permohonan/{id}"));
    }
}

/// A photo or file chosen for a file field: made small, kept on the phone, answered by hash.
async fn choose_file(input: web_sys::HtmlInputElement) {
    let Some(form) = input.closest("form").ok().flatten() else {
        return;
    };
    let id = input.name();
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    let max = CURRENT.with(|c| {
        c.borrow()
            .as_ref()
            .and_then(|(_, s)| s.field(&id))
            .and_then(|f| match f.kind {
                FieldKind::File { max_bytes } => Some(max_bytes),
                _ => None,
            })
    });
    let Some(max) = max else { return };
    let status = form
        .query_selector(&format!("[data-file-status=\"{id}\"]"))
        .ok()
        .flatten();
    if let Some(s) = &status {
        s.set_inner_html(&format!(
            "<p class=\"hint\" aria-live=\"polite\">{}</p>",
            Msg::FileWorking.get(lang())
        ));
    }
    let kept = match files::prepare(&file, max).await {
        Ok((sha, blob, info)) => match apps::put_file(&sha, &blob).await {
            Ok(()) => Ok((sha, info)),
            Err(_) => Err(files::FileProblem::Unreadable),
        },
        Err(p) => Err(p),
    };
    match kept {
        Ok((sha, info)) => {
            let mut o = crate::ui::html::Out::new(lang());
            form_html::file_status(&mut o, &id, &info);
            CURRENT.with(|c| {
                if let Some((app, _)) = c.borrow_mut().as_mut() {
                    if let Some(Answer::One(old)) =
                        app.answers.insert(id.clone(), Answer::One(sha.clone()))
                    {
                        if old != sha
                            && !app.answers.values().any(|a| *a == Answer::One(old.clone()))
                        {
                            app.files.remove(&old);
                        }
                    }
                    app.files.insert(sha, info);
                }
            });
            save_now().await;
            if let Some(s) = &status {
                s.set_inner_html(&o.s);
            }
            check_field(&form, &id);
        }
        Err(p) => {
            let text = match p {
                files::FileProblem::NotSupported => Msg::FileNotSupported.get(lang()).to_string(),
                files::FileProblem::TooLarge => format!(
                    "{} {} MB",
                    Msg::FileTooLarge.get(lang()),
                    max as f64 / 1_000_000.0
                ),
                files::FileProblem::Unreadable => Msg::FileUnreadable.get(lang()).to_string(),
            };
            // Put back what was kept before, if anything.
            let mut o = crate::ui::html::Out::new(lang());
            CURRENT.with(|c| {
                if let Some((app, _)) = c.borrow().as_ref() {
                    if let Some(info) = app.answers.get(&id).and_then(|a| match a {
                        Answer::One(sha) => app.files.get(sha),
                        _ => None,
                    }) {
                        form_html::file_status(&mut o, &id, info);
                    }
                }
            });
            if let Some(s) = &status {
                s.set_inner_html(&o.s);
            }
            show_field_text(&form, &id, Some(&text));
        }
    }
}

/// The value of the form's input named `name` (empty when there is none).
fn named_value(form: &web_sys::HtmlFormElement, name: &str) -> String {
    form.query_selector(&format!("[name={name}]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// "Lacak permohonan": asks the server with the reference and PIN; a match is kept on this
/// phone like its own applications (and followed from then on).
async fn track(form: web_sys::HtmlFormElement) {
    use crate::local::net::{fetch, Reply};
    let value = |name: &str| named_value(&form, name);
    let (reference, pin) = (
        value("reference").trim().to_ascii_uppercase(),
        value("pin").trim().to_string(),
    );
    let show = |msg: Msg| {
        if let Some(el) =
            document().and_then(|d| d.query_selector("[data-testid=track-error]").ok().flatten())
        {
            el.set_inner_html(&format!("<p>{}</p>", esc(msg.get(lang()))));
            let _ = el.remove_attribute("hidden");
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    #[derive(serde::Serialize)]
    struct Args<'a> {
        reference: &'a str,
        pin: &'a str,
    }
    let body = serde_json::to_string(&Args {
        reference: &reference,
        pin: &pin,
    })
    .unwrap_or_default();
    let tracked = match fetch(
        "POST",
        "/api/requests/track",
        Some(&JsValue::from(body)),
        Some("application/json"),
    )
    .await
    {
        Reply::Http(200, text) => serde_json::from_str::<crate::api::requests::Tracked>(&text).ok(),
        Reply::Http(429, _) => return show(Msg::TrackLimited),
        Reply::Http(..) => return show(Msg::TrackWrong),
        Reply::Unreachable => return show(Msg::TrackOffline),
    };
    let Some(t) = tracked else {
        return show(Msg::TrackWrong);
    };
    let id = t.request.id.clone();
    let stored = match apps::get(&id).await {
        Ok(Some(mut app)) => {
            app.seen_seq = t.request.timeline.last().map(|e| e.seq).unwrap_or(0);
            app.request = Some(t.request);
            apps::put(&app).await.is_ok()
        }
        _ => tracking::keep(t.request, t.token, pin).await.is_some(),
    };
    if stored {
        changed_count();
        crate::ui::nav::go_to(&format!("/permohonan/{id}"));
    }
}

/// Signing in or creating an account in the app: then this phone's requests are claimed to the
/// account (they follow it to other devices) and the page is loaded afresh from the server.
async fn account(form: web_sys::HtmlFormElement) {
    use crate::local::net::{fetch, Reply};
    let value = |name: &str| named_value(&form, name);
    #[derive(serde::Serialize)]
    struct Creds {
        login: String,
        password: String,
    }
    #[derive(serde::Serialize)]
    struct Keys {
        keys: Vec<crate::domain::status::Key>,
    }
    let endpoint = if form.get_attribute("data-account").as_deref() == Some("up") {
        "/api/auth/sign-up"
    } else {
        "/api/auth/sign-in"
    };
    let body = serde_json::to_string(&Creds {
        login: value("login"),
        password: value("password"),
    })
    .unwrap_or_default();
    match fetch(
        "POST",
        endpoint,
        Some(&JsValue::from(body)),
        Some("application/json"),
    )
    .await
    {
        Reply::Http(200, _) => {
            crate::local::prefs::set_has_account(true);
            let keys: Vec<crate::domain::status::Key> = apps::all()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter_map(|a| {
                    a.receipt
                        .filter(|r| !r.token.is_empty())
                        .map(|r| crate::domain::status::Key {
                            id: a.id,
                            token: r.token,
                        })
                })
                .collect();
            if !keys.is_empty() {
                let body = serde_json::to_string(&Keys { keys }).unwrap_or_default();
                let _ = fetch(
                    "POST",
                    "/api/requests/claim",
                    Some(&JsValue::from(body)),
                    Some("application/json"),
                )
                .await;
            }
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign("/akun");
            }
        }
        reply => {
            // Say which rule was broken when the server says so (a weak password, a taken
            // login); otherwise the page's general message stands.
            let specific = match &reply {
                Reply::Http(_, text) => match serde_json::from_str::<AppError>(text) {
                    Ok(AppError::Account(refusal)) => Some(Msg::from(refusal).get(lang())),
                    Ok(AppError::RateLimited { .. }) => Some(Msg::TrackLimited.get(lang())),
                    _ => None,
                },
                Reply::Unreachable => Some(Msg::TrackOffline.get(lang())),
            };
            if let Some(el) = document().and_then(|d| {
                d.query_selector("[data-testid=account-error]")
                    .ok()
                    .flatten()
            }) {
                if let Some(text) = specific {
                    el.set_inner_html(&format!("<p>{}</p>", esc(text)));
                }
                let _ = el.remove_attribute("hidden");
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    }
}

/// "Batalkan permohonan": asks the server (the status machine decides), keeps its answer.
async fn cancel_request(id: String) {
    use crate::local::net::{fetch, Reply};
    let Ok(Some(mut app)) = apps::get(&id).await else {
        return;
    };
    let Some(token) = app.receipt.as_ref().map(|r| r.token.clone()) else {
        return;
    };
    #[derive(serde::Serialize)]
    struct Args {
        key: crate::domain::status::Key,
    }
    let body = serde_json::to_string(&Args {
        key: crate::domain::status::Key {
            id: id.clone(),
            token,
        },
    })
    .unwrap_or_default();
    if let Reply::Http(200, text) = fetch(
        "POST",
        "/api/requests/cancel",
        Some(&JsValue::from(body)),
        Some("application/json"),
    )
    .await
    {
        if let Ok(view) = serde_json::from_str::<crate::domain::status::RequestView>(&text) {
            app.seen_seq = view.timeline.last().map(|e| e.seq).unwrap_or(app.seen_seq);
            app.request = Some(view);
            let _ = apps::put(&app).await;
        }
    }
    refresh();
}

fn target_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

const INPUT: u8 = 0;
const CHANGE: u8 = 1;
const SUBMIT: u8 = 2;
const CLICK: u8 = 3;
const HIDE: u8 = 4;

thread_local! {
    /// The application part of the bundle has been loaded (a form or list was shown).
    static LOADED: Cell<bool> = const { Cell::new(false) };
    static DEVICE: Cell<Option<crate::ui::app::DeviceState>> = const { Cell::new(None) };
}

/// Wires the application pages (once, after the app is interactive). This part stays in the
/// main bundle and is small: it only decides which events concern an application page (and
/// cancels the browser's default for those), then hands them to the lazily loaded part.
pub fn start() {
    let Some(doc) = document() else { return };
    let route = |kind: u8| {
        Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(el) = target_element(&ev) else {
                return;
            };
            let ours = match kind {
                INPUT | CHANGE => el
                    .closest("form[data-testid=section-form]")
                    .ok()
                    .flatten()
                    .is_some(),
                SUBMIT => {
                    let t = el.get_attribute("data-testid");
                    let ours = matches!(
                        t.as_deref(),
                        Some("section-form" | "submit-form" | "track-form")
                    ) || el.has_attribute("data-account");
                    if ours {
                        ev.prevent_default();
                        // The answers are checked afresh: an old summary must not linger.
                        if let Some(s) = document().and_then(|d| {
                            d.query_selector("[data-testid=error-summary]")
                                .ok()
                                .flatten()
                        }) {
                            let _ = s.set_attribute("hidden", "");
                        }
                    }
                    ours
                }
                _ => {
                    if el.closest(".error-summary a").ok().flatten().is_some() {
                        ev.prevent_default();
                        true
                    } else {
                        el.closest("button[data-send-now], button[data-cancel], button[data-delete], button[data-keep], button[data-confirm-delete], button[data-cancel-request], button[data-answer]")
                            .ok()
                            .flatten()
                            .is_some()
                    }
                }
            };
            if ours {
                spawn_local(async move { event(kind, ev).await });
            }
        })
    };
    for (name, kind) in [
        ("input", INPUT),
        ("change", CHANGE),
        ("submit", SUBMIT),
        ("click", CLICK),
    ] {
        let cb = route(kind);
        let _ = doc.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        cb.forget();
    }
    // Leaving or hiding the app: save what was typed in the last moments.
    let on_hide = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if LOADED.with(|l| l.get()) {
            spawn_local(async move { event(HIDE, ev).await });
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    }
    let _ =
        doc.add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
    on_hide.forget();
}

/// The outbox badge from the count kept beside the applications, and the outbox itself when
/// something waits in it (which loads the application part).
pub fn connect(device: crate::ui::app::DeviceState) {
    use leptos::prelude::Set;
    DEVICE.with(|d| d.set(Some(device)));
    let waiting = crate::local::prefs::outbox_count();
    device.outbox.set(waiting);
    if waiting > 0 || crate::local::prefs::followed_count() > 0 {
        spawn_local(async { outbox_up().await });
    }
}

#[leptos::lazy]
fn outbox_up() {
    ensure_outbox();
}

thread_local! {
    static OUTBOX_STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Starts the outbox once the application part is loaded.
fn ensure_outbox() {
    LOADED.with(|l| l.set(true));
    if !OUTBOX_STARTED.with(|s| s.replace(true)) {
        outbox::start(sent_or_changed);
        tracking::start(refresh);
        changed_count();
    }
}

#[leptos::lazy]
fn event(kind: u8, ev: web_sys::Event) {
    match kind {
        INPUT => on_input(ev),
        CHANGE => on_change(ev),
        SUBMIT => on_submit(ev),
        CLICK => on_click(ev),
        _ => spawn_local(flush()),
    }
}

fn on_input(ev: web_sys::Event) {
    let Some(el) = target_element(&ev) else {
        return;
    };
    let Some(form) = el.closest("form[data-testid=section-form]").ok().flatten() else {
        return;
    };
    if el.has_attribute("data-file") {
        return;
    }
    if let Ok(form) = form.clone().dyn_into::<web_sys::HtmlFormElement>() {
        collect(&form);
    }
    save_soon();
    // A field showing a problem is checked again as the citizen types, so the message goes as
    // soon as it is fixed.
    if let Some(name) = el.get_attribute("name") {
        if el.closest(".has-error").ok().flatten().is_some() {
            check_field(&form, &name);
        }
    }
    update_visibility(&form);
}

fn on_change(ev: web_sys::Event) {
    let Some(el) = target_element(&ev) else {
        return;
    };
    let Some(form) = el.closest("form[data-testid=section-form]").ok().flatten() else {
        return;
    };
    if el.has_attribute("data-file") {
        if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
            spawn_local(choose_file(input));
        }
        return;
    }
    if let Ok(f) = form.clone().dyn_into::<web_sys::HtmlFormElement>() {
        collect(&f);
    }
    if let Some(name) = el.get_attribute("name") {
        check_field(&form, &name);
    }
    update_visibility(&form);
    spawn_local(save_now());
}

fn on_submit(ev: web_sys::Event) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    match form.get_attribute("data-testid").as_deref() {
        Some("section-form") => spawn_local(next(form)),
        Some("track-form") => spawn_local(track(form)),
        _ if form.has_attribute("data-account") => spawn_local(account(form)),
        Some("submit-form") => {
            if let Some(id) = form.get_attribute("data-app") {
                if let Ok(Some(b)) = form.query_selector("button") {
                    let _ = b.set_attribute("disabled", "");
                }
                spawn_local(submit(id));
            }
        }
        _ => {}
    }
}

fn on_click(ev: web_sys::Event) {
    let Some(el) = target_element(&ev) else {
        return;
    };
    if let Some(a) = el.closest(".error-summary a").ok().flatten() {
        let target = a.get_attribute("href").unwrap_or_default();
        if let Some(field) = document()
            .and_then(|d| d.get_element_by_id(target.trim_start_matches('#')))
            .and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok())
        {
            field.scroll_into_view();
            let _ = field.focus();
        }
        return;
    }
    let Some(button) = el.closest("button").ok().flatten() else {
        return;
    };
    if let Some(id) = button.get_attribute("data-send-now") {
        spawn_local(async move {
            if let Ok(Some(mut app)) = apps::get(&id).await {
                if app.state == State::Attention {
                    app.state = State::Queued;
                    app.notice = None;
                    let _ = apps::put(&app).await;
                }
            }
            outbox::kick(true);
        });
    } else if let Some(id) = button.get_attribute("data-cancel") {
        spawn_local(async move {
            if let Ok(Some(mut app)) = apps::get(&id).await {
                if app.state.in_outbox() && app.state != State::Sending {
                    app.return_to_draft(None, Vec::new());
                    app.updated = now_millis();
                    if apps::put(&app).await.is_ok() {
                        changed_count();
                        crate::ui::nav::go_to(&format!("/permohonan/{id}?periksa=1"));
                    }
                }
            }
        });
    } else if button.has_attribute("data-delete") || button.has_attribute("data-keep") {
        let Some(row) = button.closest(".delete").ok().flatten() else {
            return;
        };
        let opening = button.has_attribute("data-delete");
        if let Some(c) = row.query_selector(".confirm").ok().flatten() {
            let _ = if opening {
                c.remove_attribute("hidden")
            } else {
                c.set_attribute("hidden", "")
            };
            if opening {
                if let Some(b) = c
                    .query_selector("[data-confirm-delete]")
                    .ok()
                    .flatten()
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = b.focus();
                }
            }
        }
    } else if let Some(id) = button.get_attribute("data-answer") {
        spawn_local(async move {
            if let Ok(Some(mut app)) = apps::get(&id).await {
                if app.state == State::Sent {
                    // The same record becomes a draft again: the answer is the whole application,
                    // edited, sent back under the same id.
                    app.return_to_draft(None, Vec::new());
                    app.answering = true;
                    app.section = 0;
                    app.updated = now_millis();
                    if apps::put(&app).await.is_ok() {
                        crate::ui::nav::go_to(&format!("/permohonan/{id}?bagian=1"));
                    }
                }
            }
        });
    } else if let Some(id) = button.get_attribute("data-cancel-request") {
        let _ = button.set_attribute("disabled", "");
        spawn_local(cancel_request(id));
    } else if let Some(id) = button.get_attribute("data-confirm-delete") {
        spawn_local(async move {
            if apps::delete(&id).await.is_ok() {
                refresh();
            }
        });
    }
}

/// Re-reads the outbox badge and, when the page shows applications, the page (never a form
/// being filled in, which would lose the citizen's place).
pub fn refresh() {
    update(true);
}

/// The outbox changed something: re-read, and follow what was just sent.
fn sent_or_changed() {
    update(true);
    tracking::soon(refresh);
}

fn changed_count() {
    update(false);
}

fn update(page: bool) {
    use leptos::prelude::{Set, Update};
    let Some(device) = DEVICE.with(|d| d.get()) else {
        return;
    };
    spawn_local(async move {
        let all = apps::all().await.unwrap_or_default();
        let n = all.iter().filter(|a| a.state.in_outbox()).count();
        crate::local::prefs::set_outbox_count(n);
        device.outbox.set(n);
        device
            .updates
            .set(all.iter().filter(|a| a.unseen()).count());
        if page && current_form().is_none() {
            device.local_gen.update(|g| *g += 1);
        }
    });
}
