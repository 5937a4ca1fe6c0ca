//! What the citizen does with an application already handed over: the list's buttons (send
//! now, take back, delete), a sent request's (withdraw, answer the agency), and following a
//! request found by reference number and PIN (`/lacak`), and its satisfaction survey.

use super::badge::{changed_count, refresh};
use super::dom::{focus, named_value, put, set_hidden, slot};
use super::state;
use crate::api::requests::{CancelRequest, TrackRequest};
use crate::domain::application::State;
use crate::domain::reference::pin_digits;
use crate::domain::status::Key;
use crate::i18n::Msg;
use crate::local::client::{self, Reply};
use crate::local::{apps, now_millis, outbox, tracking};
use crate::ui::hook::{class, Action, Hook, Slot};
use leptos::task::spawn_local;

/// Does what an action button says, for the application `id`.
pub(super) fn act(action: Action, id: String, button: &web_sys::Element) {
    match action {
        Action::SendNow => spawn_local(send_now(id)),
        Action::Cancel => spawn_local(take_back(id)),
        Action::Delete | Action::Keep => confirm_delete(button, action == Action::Delete),
        Action::Answer => spawn_local(answer(id)),
        Action::CancelRequest => {
            let _ = button.set_attribute("disabled", "");
            spawn_local(cancel_request(id));
        }
        Action::ConfirmDelete => spawn_local(async move {
            if apps::delete(&id).await.is_ok() {
                refresh();
            }
        }),
    }
}

/// "Kirim sekarang": a stopped application goes back to the queue; the outbox sends now.
async fn send_now(id: String) {
    if let Ok(Some(mut app)) = apps::get(&id).await {
        if app.state == State::Attention {
            app.state = State::Queued;
            app.notice = None;
            let _ = apps::put(&app).await;
        }
    }
    outbox::kick(true);
}

/// "Batalkan": a waiting application (not being sent) goes back to a draft.
async fn take_back(id: String) {
    let Ok(Some(mut app)) = apps::get(&id).await else {
        return;
    };
    if app.state.in_outbox() && app.state != State::Sending {
        app.return_to_draft(None, Vec::new());
        app.updated = now_millis();
        if apps::put(&app).await.is_ok() {
            changed_count();
            crate::ui::nav::go_to(&format!("/permohonan/{id}?periksa=1"));
        }
    }
}

/// Opens (or closes) the delete confirmation of an application's row.
fn confirm_delete(button: &web_sys::Element, opening: bool) {
    let Some(row) = button.closest(class::DELETE).ok().flatten() else {
        return;
    };
    let Some(c) = row.query_selector(class::CONFIRM).ok().flatten() else {
        return;
    };
    set_hidden(&c, !opening);
    if opening {
        let yes = format!("[{}]", Action::ConfirmDelete.attr());
        if let Some(b) = c.query_selector(&yes).ok().flatten() {
            focus(&b);
        }
    }
}

/// "Lengkapi": the same record becomes a draft again; the answer is the whole application,
/// edited, sent back under the same id.
async fn answer(id: String) {
    let Ok(Some(mut app)) = apps::get(&id).await else {
        return;
    };
    if app.state == State::Sent {
        app.return_to_draft(None, Vec::new());
        app.answering = true;
        app.section = 0;
        app.updated = now_millis();
        if apps::put(&app).await.is_ok() {
            crate::ui::nav::go_to(&format!("/permohonan/{id}?bagian=1"));
        }
    }
}

/// "Batalkan permohonan": asks the server (the status machine decides), keeps its answer.
async fn cancel_request(id: String) {
    let Ok(Some(mut app)) = apps::get(&id).await else {
        return;
    };
    let Some(token) = app.receipt.as_ref().map(|r| r.token.clone()) else {
        return;
    };
    let key = Key {
        id: id.clone(),
        token,
    };
    match client::call(&CancelRequest { key }).await {
        Ok(Reply::Done(Some(view))) => {
            app.seen_seq = view.timeline.last().map(|e| e.seq).unwrap_or(app.seen_seq);
            app.request = Some(view);
            let _ = apps::put(&app).await;
        }
        Ok(_) => {}
        Err(e) => leptos::logging::warn!("{e}"),
    }
    refresh();
}

/// Shows a message in the error summary of `/lacak` and focuses it.
fn track_error(msg: Msg) {
    if let Some(el) = slot(Slot::TrackError) {
        put(&el, "p", &[], msg.get(state::lang()));
        set_hidden(&el, false);
        super::errors::mark_title(true);
        focus(&el);
    }
}

/// "Lacak permohonan": asks the server with the reference and PIN; a match is kept on this
/// phone like its own applications (and followed from then on).
pub(super) async fn track(form: web_sys::HtmlFormElement) {
    let reference = named_value(&form, "reference");
    let typed_pin = named_value(&form, "pin");
    let pin = pin_digits(&typed_pin);
    // An empty or malformed field is named, not reported as a pair that does not match.
    let problem = if reference.trim().is_empty() {
        Some(Msg::TrackNeedReference)
    } else if typed_pin.trim().is_empty() {
        Some(Msg::TrackNeedPin)
    } else if pin.is_none() {
        Some(Msg::TrackPinDigits)
    } else {
        None
    };
    if let Some(msg) = problem {
        return track_error(msg);
    }
    let args = TrackRequest {
        reference: reference.trim().to_ascii_uppercase(),
        pin: pin.unwrap_or_default(),
    };
    let pin = args.pin.clone();
    let t = match client::call(&args).await {
        Ok(Reply::Done(Some(t))) => t,
        Ok(Reply::Status(429, _)) => return track_error(Msg::TrackLimited),
        Ok(Reply::Unreachable) => return track_error(Msg::TrackOffline),
        Ok(_) | Err(_) => return track_error(Msg::TrackWrong),
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

/// The satisfaction survey of a closed request: the nine answers are kept with the request on
/// the phone at once (offline too) and the outbox sends them; unanswered questions are named.
pub(super) async fn survey(form: web_sys::HtmlFormElement) {
    use crate::domain::skm::{Reply, UNSUR};
    let Some(id) = form.get_attribute(Hook::App.attr()) else {
        return;
    };
    let answers: Vec<u8> = UNSUR
        .iter()
        .map(|u| {
            let picked = form.query_selector(&format!("[name={}]:checked", u.code));
            picked
                .ok()
                .flatten()
                .and_then(|e| e.get_attribute("value"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        })
        .collect();
    if answers.contains(&0) {
        if let Some(el) = slot(Slot::ErrorSummary) {
            let lang = state::lang();
            put(&el, "p", &[], Msg::SurveyMissing.get(lang));
            set_hidden(&el, false);
            super::errors::mark_title(true);
            focus(&el);
        }
        return;
    }
    let Ok(Some(mut app)) = apps::get(&id).await else {
        return;
    };
    if app.survey_due() {
        app.survey = Some(Reply {
            id: super::load::new_id(now_millis()),
            answers,
            sent: false,
        });
        if apps::put(&app).await.is_err() {
            return;
        }
        super::errors::mark_title(false);
        outbox::kick(true);
    }
    refresh();
}
