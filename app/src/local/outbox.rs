//! The outbox: sends submitted applications when there is a connection, exactly once.
//!
//! Each application carries its own UUIDv7; the server stores one request per id and answers a
//! repeat with the same receipt, so sending again after a lost answer is always safe. Sending
//! starts at app start, on the `online` event, when the app becomes visible, when the service
//! worker passes on a Background Sync, on "send now", and on a backoff timer (2 s doubling to
//! 5 min). Only failures without an answer (and 5xx) are retried; a refusal goes back to the
//! citizen with the server's reasons.

use super::apps;
use super::client::{self, Reply};
use super::files::{self, UploadError};
use super::rounds::{self, Rounds};
use crate::api::qa::QaAskApp;
use crate::api::requests::{AnswerRequest, SubmitApplication};
use crate::api::survey::SurveyAnswer;
use crate::domain::application::{backoff_ms, file_answers, Application, Notice, State};
use crate::domain::form::{FieldError, Problem};
use crate::domain::submission::{Envelope, Refusal};
use crate::error::AppError;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use leptos::task::spawn_local;
use server_fn::ServerFn;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static ROUNDS: Rounds = const { Rounds::new() };
    static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static ON_CHANGE: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

fn now() -> i64 {
    super::now_millis()
}

/// Tells the interface that an application changed state.
fn changed() {
    ON_CHANGE.with(|f| {
        if let Some(f) = f.borrow().as_ref() {
            f()
        }
    });
}

/// Starts the outbox; `on_change` runs whenever an application's state changes.
pub fn start(on_change: impl Fn() + 'static) {
    ON_CHANGE.with(|f| *f.borrow_mut() = Some(Box::new(on_change)));
    kick(false);
    let Some(window) = web_sys::window() else {
        return;
    };
    EventListener::new(&window, "online", |_| kick(true)).forget();
    if let Some(doc) = window.document() {
        EventListener::new(&doc, "visibilitychange", |_| {
            if web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| !d.hidden())
            {
                kick(false);
            }
        })
        .forget();
    }
    // The service worker passes on Background Sync ("the connection is back") as a message.
    if let Ok(sw) = js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into()) {
        if let Ok(sw) = sw.dyn_into::<web_sys::ServiceWorkerContainer>() {
            EventListener::new(&sw, "message", |ev| {
                // A service worker's message is a MessageEvent.
                let data = ev.unchecked_ref::<web_sys::MessageEvent>().data();
                if data.as_string().as_deref() == Some("loket-outbox") {
                    kick(false);
                }
            })
            .forget();
        }
    }
}

/// Sends what is waiting. `force` also sends what is waiting for its backoff timer (the
/// connection just came back, or the citizen pressed "send now").
pub fn kick(force: bool) {
    spawn_local(async move {
        let stopped = rounds::run(&ROUNDS, force, |force| async move {
            if let Err(e) = round(force).await {
                leptos::logging::warn!("outbox: {e}");
            }
        })
        .await;
        if stopped {
            schedule().await;
        }
    });
}

/// Asks the browser to wake the app when the connection returns (Background Sync), where it
/// can; the `online` event and the timer cover the rest.
pub fn request_background_sync() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(sw) = js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into()) else {
        return;
    };
    let Ok(sw) = sw.dyn_into::<web_sys::ServiceWorkerContainer>() else {
        return;
    };
    let Ok(ready) = sw.ready() else { return };
    let cb = Closure::<dyn FnMut(JsValue)>::new(|reg: JsValue| {
        let Ok(sync) = js_sys::Reflect::get(&reg, &"sync".into()) else {
            return;
        };
        let Ok(register) = js_sys::Reflect::get(&sync, &"register".into()) else {
            return;
        };
        let Ok(f) = register.dyn_into::<js_sys::Function>() else {
            return;
        };
        if let Ok(p) = f.call1(&sync, &"loket-outbox".into()) {
            // Refused (no permission, unsupported): the other triggers remain.
            if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                let _ = p.catch(&ignore);
                ignore.forget();
            }
        }
    });
    let _ = ready.then(&cb);
    cb.forget();
}

/// Sets the timer for the next application whose backoff runs out (replacing, and so
/// cancelling, the one set before).
async fn schedule() {
    TIMER.with(|t| t.borrow_mut().take());
    let Ok(all) = apps::all().await else { return };
    let Some(next) = all
        .iter()
        .filter(|a| a.state == State::Queued)
        .map(|a| a.next_try)
        .min()
    else {
        return;
    };
    let wait = (next - now()).clamp(0, 300_000) as u32;
    let timer = Timeout::new(wait, || kick(false));
    TIMER.with(|t| *t.borrow_mut() = Some(timer));
}

async fn round(force: bool) -> Result<(), String> {
    for q in super::questions::pending() {
        send_question(q).await;
    }
    let t = now();
    for app in apps::all().await? {
        // `Sending` here was left by a page closed mid-send (a round never meets its own, one
        // runs at a time): due at once, whatever its backoff, since nothing else will send it
        // and until then it would be shown as being sent. The server's idempotency makes
        // sending it again safe.
        let due = app.state == State::Sending
            || (app.state == State::Queued && (force || app.next_try <= t));
        if due {
            send(app).await?;
        } else if app.survey.as_ref().is_some_and(|r| !r.sent) {
            send_survey(app).await?;
        }
    }
    Ok(())
}

/// Sends a question kept from a *Tanya jawab* page (`qa/ask`, idempotent by its id). Stored,
/// or refused for good (the phone checked it first, so only a rule changed since): forgotten.
/// No answer, 5xx or the limit: it waits for the next round.
async fn send_question(q: QaAskApp) {
    match client::call(&q).await {
        Ok(Reply::Status(s, _)) if s >= 500 || s == 408 || s == 429 => return,
        Ok(Reply::Unreachable) => return,
        Ok(Reply::Done(_)) => {}
        Ok(Reply::Status(s, _)) => leptos::logging::warn!("question refused: {s}"),
        Err(e) => leptos::logging::warn!("question not sent: {e}"),
    }
    super::questions::remove(&q.id);
}

/// Sends the satisfaction survey kept with a closed request (`survey/answer`, idempotent by
/// the survey's id). Stored, or refused for good (answered from another phone, or the key no
/// longer opens the request): done. No answer or 5xx: it waits for the next round.
async fn send_survey(app: Application) -> Result<(), String> {
    let (Some(reply), Some(receipt)) = (app.survey, app.receipt) else {
        return Ok(());
    };
    let args = SurveyAnswer {
        key: crate::domain::status::Key {
            id: app.id.clone(),
            token: receipt.token,
        },
        id: reply.id,
        answers: reply.answers,
    };
    match client::call(&args).await.map_err(|e| e.to_string())? {
        Reply::Done(_) => {}
        Reply::Status(s, _) if s >= 500 || s == 408 || s == 429 => return Ok(()),
        Reply::Unreachable => return Ok(()),
        Reply::Status(s, _) => leptos::logging::warn!("survey refused: {s}"),
    }
    finish(&app.id, true, |a| {
        if let Some(r) = a.survey.as_mut() {
            r.sent = true;
        }
    })
    .await
}

/// Re-reads the application and applies `f` if the citizen has not taken it back meanwhile
/// (a receipt is always kept: the request is at the agency whatever happened on the phone).
async fn finish(id: &str, receipt: bool, f: impl FnOnce(&mut Application)) -> Result<(), String> {
    let Some(mut app) = apps::get(id).await? else {
        return Ok(());
    };
    if !receipt && !app.state.in_outbox() {
        return Ok(());
    }
    f(&mut app);
    app.updated = now();
    apps::put(&app).await?;
    changed();
    Ok(())
}

async fn retry(id: &str) -> Result<(), String> {
    finish(id, false, |a| {
        a.state = State::Queued;
        a.next_try = now() + backoff_ms(a.attempts);
        a.attempts += 1;
    })
    .await
}

async fn back_to_citizen(id: &str, notice: Notice, errors: Vec<FieldError>) -> Result<(), String> {
    finish(id, false, |a| a.return_to_draft(Some(notice), errors)).await
}

async fn stop(id: &str, notice: Notice) -> Result<(), String> {
    finish(id, false, |a| {
        a.state = State::Attention;
        a.notice = Some(notice);
    })
    .await
}

async fn send(mut app: Application) -> Result<(), String> {
    let id = app.id.clone();
    let schema = app.form.schema().map_err(|e| e.to_string())?;
    let envelope = match app.envelope(&schema) {
        Ok(e) => e,
        Err(errors) => return back_to_citizen(&id, Notice::Returned, errors).await,
    };
    app.state = State::Sending;
    apps::put(&app).await?;
    changed();

    for (field, sha) in file_answers(&schema, &envelope.answers) {
        if app.files.get(sha).is_some_and(|f| f.uploaded) {
            continue;
        }
        let refused = || {
            vec![FieldError {
                field: field.to_string(),
                problem: Problem::File,
            }]
        };
        let Some(blob) = apps::file(sha).await? else {
            return back_to_citizen(&id, Notice::FileRefused, refused()).await;
        };
        match files::upload(&id, sha, &blob).await {
            Ok(()) => {
                let sha = sha.to_string();
                finish(&id, false, move |a| {
                    if let Some(f) = a.files.get_mut(&sha) {
                        f.uploaded = true;
                    }
                })
                .await?;
            }
            Err(UploadError::Retry) => return retry(&id).await,
            Err(UploadError::Refused) => {
                return back_to_citizen(&id, Notice::FileRefused, refused()).await
            }
        }
    }

    if app.answering {
        return send_answer(&id, &app, envelope).await;
    }
    let args = SubmitApplication { envelope };
    match client::call(&args).await.map_err(|e| e.to_string())? {
        Reply::Done(receipt) => match receipt {
            Some(receipt) => {
                finish(&id, true, |a| {
                    a.state = State::Sent;
                    a.receipt = Some(receipt);
                    a.notice = None;
                    a.returned.clear();
                    a.attempts = 0;
                })
                .await
            }
            None => retry(&id).await,
        },
        Reply::Status(409 | 422, body) => refused::<SubmitApplication>(&id, &body).await,
        Reply::Status(s, _) if s >= 500 || s == 408 || s == 429 => retry(&id).await,
        Reply::Status(s, _) => stop(&id, Notice::Refused { status: s }).await,
        Reply::Unreachable => retry(&id).await,
    }
}

/// The server refused (409/422): back to the citizen with its reasons, or stop and say why.
async fn refused<F: ServerFn<Error = AppError>>(id: &str, body: &str) -> Result<(), String> {
    let refusal = match client::refusal::<F>(body) {
        AppError::Refused(doc) => doc.refusal().ok(),
        _ => None,
    };
    match refusal {
        Some(Refusal::Invalid { errors }) => back_to_citizen(id, Notice::Returned, errors).await,
        Some(Refusal::FormChanged { .. }) => {
            back_to_citizen(id, Notice::FormChanged, Vec::new()).await
        }
        Some(Refusal::Conflict) => stop(id, Notice::Conflict).await,
        Some(Refusal::UnknownService) => stop(id, Notice::UnknownService).await,
        Some(Refusal::BadId) | None => stop(id, Notice::Refused { status: 422 }).await,
    }
}

/// Sends an answer to "more information needed" (`requests/answer`): the request goes back to
/// review and the record back to "sent" with the new timeline.
async fn send_answer(id: &str, app: &Application, envelope: Envelope) -> Result<(), String> {
    let token = app
        .receipt
        .as_ref()
        .map(|r| r.token.clone())
        .unwrap_or_default();
    let key = crate::domain::status::Key {
        id: id.to_string(),
        token,
    };
    let args = AnswerRequest { key, envelope };
    let done = |view: Option<crate::domain::status::RequestView>| {
        move |a: &mut Application| {
            a.state = State::Sent;
            a.answering = false;
            a.notice = None;
            a.returned.clear();
            a.attempts = 0;
            if let Some(v) = view {
                a.seen_seq = v.timeline.last().map(|e| e.seq).unwrap_or(a.seen_seq);
                a.request = Some(v);
            }
        }
    };
    match client::call(&args).await.map_err(|e| e.to_string())? {
        Reply::Done(view) => finish(id, true, done(view)).await,
        // Nothing is asked any more (answered from elsewhere, or the agency moved on).
        Reply::Status(409, _) => finish(id, true, done(None)).await,
        Reply::Status(422, text) => refused::<AnswerRequest>(id, &text).await,
        Reply::Status(s, _) if s >= 500 || s == 408 || s == 429 => retry(id).await,
        Reply::Status(s, _) => stop(id, Notice::Refused { status: s }).await,
        Reply::Unreachable => retry(id).await,
    }
}
