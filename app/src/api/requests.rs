//! Submitting applications.

// (`request_updates` below makes a type named `RequestUpdates` for its arguments.)
use crate::domain::status::{Key, RequestUpdates as Updates, RequestView};
use crate::domain::submission::{Envelope, Receipt};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{api::pool, domain, store};

/// Stores an application exactly once per envelope id and returns its receipt. A refusal
/// (`AppError::Refused`) goes back to the citizen; only an unreachable server is worth a retry.
#[server(prefix = "/api", endpoint = "requests/submit", input = server_fn::codec::Json)]
pub async fn submit_application(envelope: Envelope) -> Result<Receipt, AppError> {
    use domain::submission::{check, Refusal};
    let pool = pool()?;
    let service = if domain::catalogue::is_valid_slug(&envelope.service) {
        store::catalogue::service(&pool, &envelope.service).await.map_err(|e| AppError::internal("submit", e))?
    } else {
        None
    };
    let form = match service.as_ref().and_then(|s| s.form.as_ref()) {
        Some(doc) => Some(doc.schema().map_err(|e| AppError::internal("submit: stored form", e))?),
        None => None,
    };
    let refuse = |r: Refusal| {
        // 409 for a reused id, 422 for the rest: a phone retries neither.
        let status = if r == Refusal::Conflict { axum::http::StatusCode::CONFLICT } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(status);
        }
        AppError::Refused(domain::submission::RefusalDoc::of(&r))
    };
    let clean = check(&envelope, form.as_ref()).map_err(refuse)?;
    // A file answer must name a complete upload, within the field's size limit.
    if let Some(form) = &form {
        let mut errors = Vec::new();
        for (field, sha) in domain::application::file_answers(form, &clean) {
            let limit = match form.field(field).map(|f| &f.kind) {
                Some(domain::form::FieldKind::File { max_bytes }) => *max_bytes,
                _ => 0,
            };
            let stored = store::files::stored(&pool, sha).await.map_err(|e| AppError::internal("submit: files", e))?;
            if !stored.is_some_and(|f| f.size >= 0 && f.size as u64 <= limit) {
                errors.push(domain::form::FieldError { field: field.to_string(), problem: domain::form::Problem::File });
            }
        }
        if !errors.is_empty() {
            return Err(refuse(Refusal::Invalid { errors }));
        }
    }
    // Filed under the service's agency, due after its processing time in working days.
    let filing = match &service {
        Some(s) => store::requests::Filing {
            agency: s.agency.slug.clone(),
            due_date: s
                .processing_days
                .map(|d| domain::status::due_date(crate::data::today(), d).to_string())
                .unwrap_or_default(),
        },
        None => store::requests::Filing::default(),
    };
    match store::requests::submit(&pool, &envelope, &clean, &filing).await.map_err(|e| AppError::internal("submit", e))? {
        store::requests::Stored::New(r) | store::requests::Stored::Again(r) => Ok(r),
        store::requests::Stored::Conflict => Err(refuse(Refusal::Conflict)),
    }
}

/// Sets this server function's HTTP status and returns the error.
#[cfg(feature = "ssr")]
fn answered(e: AppError, status: axum::http::StatusCode) -> AppError {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    e
}

/// What changed since `since` in the requests this phone holds keys for (and, signed in, the
/// account's own): only requests with a newer step, whole. Unchanged is
/// `{"changed":[],"cursor":N}`. Keys that do not match are ignored (they reveal nothing).
#[server(prefix = "/api", endpoint = "requests/updates", input = server_fn::codec::Json)]
pub async fn request_updates(since: i64, keys: Vec<Key>) -> Result<Updates, AppError> {
    let pool = pool()?;
    if keys.len() > 500 {
        return Err(answered(AppError::BadRequest("at most 500 keys".into()), axum::http::StatusCode::BAD_REQUEST));
    }
    let secret = store::requests::secret(&pool).await.map_err(|e| AppError::internal("updates", e))?;
    let ids: Vec<String> =
        keys.into_iter().filter(|k| store::requests::token_matches(&secret, &k.id, &k.token)).map(|k| k.id).collect();
    // Accounts (signed-in citizens following their requests on any device) plug in here as
    // the `owner`; until then a phone follows what it holds keys for.
    store::requests::updates(&pool, since.max(0), &ids, None).await.map_err(|e| AppError::internal("updates", e))
}

/// A request found by reference number and PIN, with the token that lets this phone follow it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tracked {
    /// The request.
    pub request: RequestView,
    /// Its device token (keep it to ask for updates).
    pub token: String,
}

/// Wrong PINs allowed per reference in a window, and the window.
#[cfg(feature = "ssr")]
const GUESSES: (u32, std::time::Duration) = (5, std::time::Duration::from_secs(15 * 60));

/// Wrong-PIN counts per reference (in memory: a restart forgets them, which costs an attacker
/// a restart per five guesses).
#[cfg(feature = "ssr")]
fn guesses() -> &'static std::sync::Mutex<std::collections::HashMap<String, (u32, std::time::Instant)>> {
    static G: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, (u32, std::time::Instant)>>> = std::sync::OnceLock::new();
    G.get_or_init(Default::default)
}

/// Seconds to wait when `reference` has used up its guesses.
#[cfg(feature = "ssr")]
fn guesses_left(reference: &str) -> Result<(), u64> {
    let map = guesses().lock().unwrap_or_else(|p| p.into_inner());
    match map.get(reference) {
        Some((n, since)) if *n >= GUESSES.0 && since.elapsed() < GUESSES.1 => Err((GUESSES.1 - since.elapsed()).as_secs().max(1)),
        _ => Ok(()),
    }
}

#[cfg(feature = "ssr")]
fn wrong_guess(reference: &str) {
    let mut map = guesses().lock().unwrap_or_else(|p| p.into_inner());
    let e = map.entry(reference.to_string()).or_insert((0, std::time::Instant::now()));
    if e.1.elapsed() >= GUESSES.1 {
        *e = (0, std::time::Instant::now());
    }
    e.0 += 1;
}

/// "Lacak permohonan": the request with this reference, if the PIN is right. Wrong guesses are
/// limited per reference and per client address; a wrong PIN and an unknown reference get the
/// same answer.
#[server(prefix = "/api", endpoint = "requests/track", input = server_fn::codec::Json)]
pub async fn track_request(reference: String, pin: String) -> Result<Tracked, AppError> {
    let pool = pool()?;
    let reference = domain::reference::Reference::parse(&reference)
        .map_err(|_| answered(AppError::NotFound, axum::http::StatusCode::NOT_FOUND))?
        .to_string();
    let pin: String = pin.chars().filter(|c| !c.is_whitespace()).collect();
    if let Err(wait) = guesses_left(&reference) {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(v) = axum::http::HeaderValue::from_str(&wait.to_string()) {
                res.insert_header(axum::http::header::RETRY_AFTER, v);
            }
        }
        let e = AppError::BadRequest(format!("too many wrong PINs for this reference: try again in {wait} s"));
        return Err(answered(e, axum::http::StatusCode::TOO_MANY_REQUESTS));
    }
    let id = if pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()) {
        store::requests::unlock(&pool, &reference, &pin).await.map_err(|e| AppError::internal("track", e))?
    } else {
        None
    };
    let Some(id) = id else {
        wrong_guess(&reference);
        return Err(answered(AppError::NotFound, axum::http::StatusCode::NOT_FOUND));
    };
    let secret = store::requests::secret(&pool).await.map_err(|e| AppError::internal("track", e))?;
    let request = store::requests::views(&pool, std::slice::from_ref(&id))
        .await
        .map_err(|e| AppError::internal("track", e))?
        .pop()
        .ok_or_else(|| answered(AppError::NotFound, axum::http::StatusCode::NOT_FOUND))?;
    Ok(Tracked { token: store::requests::token_for(&secret, &id), request })
}

/// The citizen withdraws a request before review starts (the status machine decides).
#[server(prefix = "/api", endpoint = "requests/cancel", input = server_fn::codec::Json)]
pub async fn cancel_request(key: Key) -> Result<RequestView, AppError> {
    use domain::status::{Action, Actor};
    let pool = pool()?;
    let secret = store::requests::secret(&pool).await.map_err(|e| AppError::internal("cancel", e))?;
    if !store::requests::token_matches(&secret, &key.id, &key.token) {
        return Err(answered(AppError::NotFound, axum::http::StatusCode::NOT_FOUND));
    }
    match store::requests::act(&pool, &key.id, Action::Cancel, Actor::Citizen, None, "", "").await {
        Ok(_) => {}
        Err(store::requests::ActError::NotFound) => return Err(answered(AppError::NotFound, axum::http::StatusCode::NOT_FOUND)),
        Err(store::requests::ActError::Refused(_)) => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(axum::http::StatusCode::FORBIDDEN);
            }
            return Err(AppError::BadRequest("this request can no longer be cancelled".into()));
        }
        Err(store::requests::ActError::Store(e)) => return Err(AppError::internal("cancel", e)),
    }
    store::requests::views(&pool, std::slice::from_ref(&key.id))
        .await
        .map_err(|e| AppError::internal("cancel", e))?
        .pop()
        .ok_or_else(|| answered(AppError::NotFound, axum::http::StatusCode::NOT_FOUND))
}
