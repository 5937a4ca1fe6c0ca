//! Loading an application page from the phone's storage: a new draft for `/ajukan/:slug`, the
//! list of applications, and one application (a section, "check your answers", or its status).

use super::state;
use crate::domain::application::{section_of, uuid_v7, Application, State};
use crate::domain::form::FormSchema;
use crate::domain::l10n::Lang;
use crate::domain::page::Page;
use crate::domain::route::{AppView, Route};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::local::{apps, catalogue, now_millis};
use crate::ui::form_html;
use crate::ui::html::{render, Rendered};

/// A failure of the phone's storage, as the page's error.
fn fail(e: String) -> AppError {
    AppError::Unreachable(e)
}

/// The page for an application address.
pub(super) async fn page(route: Route, lang: Lang) -> Result<Rendered, AppError> {
    let not_found = || render(&Page::NotFound, lang, crate::clock::today());
    match route {
        Route::Apply(slug) => {
            // `?baru=1` is its own visit: going back from the draft it made to the plain
            // address shows the offer again instead of that draft.
            let fresh = query("baru").is_some();
            let visit = if fresh {
                format!("{slug}?baru")
            } else {
                slug.clone()
            };
            let existing = state::with(|s| s.started.borrow().clone())
                .filter(|(v, _)| *v == visit)
                .map(|(_, id)| id);
            if existing.is_none() && !fresh {
                if let Some(prompt) = draft_prompt(&slug, lang).await {
                    state::set_draft(None);
                    return Ok(prompt);
                }
            }
            let id = match existing {
                Some(id) => id,
                None => match start_draft(&slug, visit, lang).await.map_err(fail)? {
                    Ok(id) => id,
                    // Nothing to apply for here (unknown, not through Loket, or known by its
                    // outline alone): the page the catalogue's rule gives instead.
                    Err(page) => return Ok(render(&page, lang, crate::clock::today())),
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
            state::set_draft(None);
            Ok(form_html::list(&apps::all().await.map_err(fail)?, lang))
        }
        Route::Application { id, view } => {
            let Some(app) = apps::get(&id).await.map_err(fail)? else {
                state::set_draft(None);
                return Ok(not_found());
            };
            if app.state != State::Draft {
                state::set_draft(None);
                return Ok(status(app, lang).await);
            }
            draft_page(app, view, lang).await
        }
        _ => Ok(not_found()),
    }
}

/// A parameter of the page's address (`?ubah=…`, `?baru=1`): states the route leaves to the
/// form (see `domain::route`), so they survive a reload.
pub(super) fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    crate::domain::route::query_param(&search, name)
}

/// The page offering to continue the newest draft of the service `slug` on this device, if
/// there is one (*Ajukan permohonan* then never makes a second identical draft unasked).
async fn draft_prompt(slug: &str, lang: Lang) -> Option<Rendered> {
    let app = apps::all()
        .await
        .ok()?
        .into_iter()
        .filter(|a| a.service == slug && a.state == State::Draft)
        .max_by_key(|a| a.updated)?;
    let schema = app.form.schema().ok()?;
    Some(form_html::draft_prompt(&app, &schema, lang))
}

/// A handed-over application's status page; shown, the agency's latest step is no longer news.
async fn status(mut app: Application, lang: Lang) -> Rendered {
    let all = catalogue::snapshot()
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    // What to bring and where to go are in the whole document, not in an outline.
    let service = all.iter().find(|s| s.slug == app.service && !s.outline);
    let page = form_html::status(&app, service, lang);
    if app.unseen() {
        app.seen_seq = app
            .request
            .as_ref()
            .and_then(|r| r.timeline.last())
            .map(|e| e.seq)
            .unwrap_or(0);
        if apps::put(&app).await.is_ok() {
            super::badge::changed_count();
        }
    }
    page
}

/// The section to show of a draft (`None`: "check your answers").
fn section_shown(app: &Application, schema: &FormSchema, view: AppView) -> Option<usize> {
    match view {
        AppView::Check => None,
        AppView::Section(i) => Some(i.min(schema.sections.len().saturating_sub(1))),
        AppView::Resume => match app
            .returned
            .first()
            .and_then(|e| section_of(schema, &e.field))
        {
            Some(i) => Some(i),
            None if app.notice.is_some() => None,
            None => Some(app.section),
        },
    }
}

/// A draft's page: a section (with the problems to show) or "check your answers".
async fn draft_page(mut app: Application, view: AppView, lang: Lang) -> Result<Rendered, AppError> {
    newest_form(&mut app).await;
    let schema = app.form.schema().map_err(|e| fail(e.to_string()))?;
    let pending = state::with(|s| std::mem::take(&mut *s.pending.borrow_mut()));
    let rendered = match section_shown(&app, &schema, view) {
        None => {
            let all = catalogue::snapshot()
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            let promise = all
                .iter()
                .find(|s| s.slug == app.service)
                .and_then(|s| s.processing_days);
            form_html::check(&app, &schema, promise, lang)
        }
        Some(i) => {
            if app.section != i {
                app.section = i;
                apps::put(&app).await.map_err(fail)?;
            }
            let mut errors = app.returned.clone();
            errors.extend(pending);
            let changing = query("ubah").is_some();
            form_html::section(&app, &schema, i, lang, &errors, changing)
        }
    };
    state::set_draft(Some((app, schema)));
    Ok(rendered)
}

/// A draft follows the catalogue's newest form (answers kept; the validator judges them).
async fn newest_form(app: &mut Application) {
    let Ok(Some(all)) = catalogue::snapshot().await else {
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

/// What the phone's catalogue gives for applying for `slug` (`domain::page`: the service to
/// prepare, or the page to show instead). Right after the first visit the catalogue may still be
/// arriving, and a service's whole document comes after its outline: online, wait for them a
/// little.
async fn apply_page(slug: &str, lang: Lang) -> Result<Page, String> {
    let route = Route::Apply(slug.to_string());
    let mut page = Page::NotFound;
    for _ in 0..50 {
        if let Some(all) = catalogue::snapshot().await? {
            page = crate::domain::page::page(&all, &route, 1, lang);
            if !matches!(page, Page::NotStored(_)) || crate::local::pwa::is_offline() {
                break;
            }
        }
        gloo_timers::future::TimeoutFuture::new(200).await;
    }
    Ok(page)
}

/// A new application id (UUIDv7, random from the browser's crypto).
pub(super) fn new_id(now: i64) -> String {
    let mut random = [0u8; 10];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut random);
    }
    uuid_v7(now as u64, random)
}

/// Makes a new draft for a service, remembered for this `visit` of `/ajukan/…`; else the page
/// to show instead (see [`apply_page`]).
async fn start_draft(
    slug: &str,
    visit: String,
    lang: Lang,
) -> Result<Result<String, Page>, String> {
    let s = match apply_page(slug, lang).await? {
        Page::ApplyStart(s) => *s,
        other => return Ok(Err(other)),
    };
    let Some(form) = s.intake_form().cloned() else {
        return Ok(Err(Page::NotFound));
    };
    let version = form.schema().map_err(|e| e.to_string())?.version;
    let now = now_millis();
    let id = new_id(now);
    let app = Application::new(id.clone(), s.slug, s.name, form, version, now);
    apps::put(&app).await?;
    state::with(|st| *st.started.borrow_mut() = Some((visit, id.clone())));
    super::storage::ask_persistence();
    Ok(Ok(id))
}
