//! Following sent requests: asks `request_updates(since, keys)` with the device tokens of this
//! phone's receipts, at start, when the connection returns, when the app becomes visible and
//! every five minutes, and keeps each request's status and timeline in its application record
//! (readable offline). A step the citizen has not seen yet is announced once, in the page. A
//! round that gets no answer is tried again on a backoff ([`rounds::Retry`]).

use super::apps;
use super::client::{self, Reply};
use super::rounds::{self, Retry, Rounds};
use crate::api::requests::RequestUpdates as Ask;
use crate::domain::application::{Application, State};
use crate::domain::status::Key;
use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use leptos::task::spawn_local;
use std::cell::RefCell;

/// How often requests are asked about while the app is open.
const PERIOD_MS: u32 = 5 * 60 * 1000;
/// How long after a send the next round starts.
const SOON_MS: u32 = 1500;

thread_local! {
    static ROUNDS: Rounds = const { Rounds::new() };
    static RETRY: Retry = const { Retry::new() };
    static SOON: RefCell<Option<Timeout>> = const { RefCell::new(None) };
}

/// One round shortly (after the outbox sent something): several sends in a row make one
/// request for updates, not one each (a new timer replaces, and so cancels, the last).
pub fn soon(on_change: fn()) {
    let timer = Timeout::new(SOON_MS, move || run(on_change));
    SOON.with(|s| *s.borrow_mut() = Some(timer));
}

/// Starts following (once the application part is loaded); `on_change` runs when a request
/// changed.
pub fn start(on_change: fn()) {
    run(on_change);
    let Some(window) = web_sys::window() else {
        return;
    };
    EventListener::new(&window, "online", move |_| run(on_change)).forget();
    if let Some(doc) = window.document() {
        EventListener::new(&doc, "visibilitychange", move |_| run(on_change)).forget();
    }
    Interval::new(PERIOD_MS, move || run(on_change)).forget();
}

/// One round now (after a receipt arrived, say), or right after the one under way.
pub fn run(on_change: fn()) {
    spawn_local(async move {
        rounds::run(&ROUNDS, false, move |_| async move {
            let done = round(on_change).await;
            if let Err(e) = &done {
                leptos::logging::log!("request updates: {e}");
            }
            RETRY.with(|r| r.after(done.is_err(), move || run(on_change)));
        })
        .await;
    });
}

async fn round(on_change: fn()) -> Result<(), String> {
    let all = apps::all().await?;
    let keys: Vec<Key> = all
        .iter()
        .filter(|a| a.state == State::Sent)
        .filter_map(|a| {
            a.receipt
                .as_ref()
                .filter(|r| !r.token.is_empty())
                .map(|r| Key {
                    id: a.id.clone(),
                    token: r.token.clone(),
                })
        })
        .collect();
    let followed = all
        .iter()
        .filter(|a| {
            a.state == State::Sent && !a.request.as_ref().is_some_and(|r| r.status.is_final())
        })
        .count();
    super::prefs::set_followed_count(followed);
    let account = super::prefs::has_account();
    if keys.is_empty() && !account {
        return Ok(());
    }
    // A phone that never asked (or lost its cursor) asks from the start.
    let known = all.iter().any(|a| a.request.is_some());
    let since = if known {
        super::prefs::updates_cursor()
    } else {
        0
    };
    let updates = match client::call(&Ask { since, keys })
        .await
        .map_err(|e| e.to_string())?
    {
        Reply::Done(Some(updates)) => updates,
        Reply::Done(None) => return Err("updates: an answer that does not decode".into()),
        Reply::Status(s, _) => return Err(format!("HTTP {s}")),
        Reply::Unreachable => return Err("no answer".into()),
    };
    let mut changed = false;
    for view in updates.changed {
        let Some(mut app) = apps::get(&view.id).await? else {
            // The account's request made on another device: keep it here too.
            if keep(view, String::new(), String::new()).await.is_some() {
                changed = true;
            }
            continue;
        };
        if app.request.as_ref() != Some(&view) {
            // The first step (submitted) is what the citizen saw on the confirmation.
            if app.seen_seq == 0 {
                app.seen_seq = view.timeline.first().map(|e| e.seq).unwrap_or(0);
            }
            app.request = Some(view);
            apps::put(&app).await?;
            changed = true;
        }
    }
    super::prefs::set_updates_cursor(updates.cursor);
    if changed {
        on_change();
    }
    Ok(())
}

/// Keeps on this phone a request it did not make (found by reference + PIN, or the account's
/// from another device), as a sent application with its timeline.
pub async fn keep(
    view: crate::domain::status::RequestView,
    token: String,
    pin: String,
) -> Option<Application> {
    let id = view.id.clone();
    let service = super::catalogue::snapshot()
        .await
        .ok()
        .flatten()
        .and_then(|all| all.iter().find(|s| s.slug == view.service).cloned());
    let name =
        service
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_else(|| crate::domain::l10n::Text {
                id: view.service.clone(),
                en: view.service.clone(),
            });
    let form = service
        .and_then(|s| s.form)
        .or_else(|| serde_json::from_str(r#"{"version":0,"sections":[]}"#).ok())?;
    let reference = crate::domain::reference::Reference::parse(&view.reference).ok()?;
    let mut app = Application::new(
        id.clone(),
        view.service.clone(),
        name,
        form,
        0,
        super::now_millis(),
    );
    app.state = State::Sent;
    app.receipt = Some(crate::domain::submission::Receipt {
        id,
        reference,
        status: crate::domain::status::Status::Submitted,
        received_at: view
            .timeline
            .first()
            .map(|e| e.at.clone())
            .unwrap_or_default(),
        pin,
        token,
    });
    app.seen_seq = view.timeline.last().map(|e| e.seq).unwrap_or(0);
    app.request = Some(view);
    apps::put(&app).await.ok()?;
    Some(app)
}
