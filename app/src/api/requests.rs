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
    use domain::submission::Refusal;
    let pool = pool()?;
    // A runaway script from one address is slowed down (the phone's outbox retries a 429).
    if let Some(limits) = use_context::<std::sync::Arc<crate::store::limits::Limits>>() {
        if let Some(per_ip) = &limits.submit_per_ip {
            per_ip
                .take(&crate::api::client_key())
                .await
                .map_err(|e| AppError::from(e).sent())?;
        }
    }
    let submitter = use_context::<store::submitter::Submitter>()
        .ok_or_else(|| AppError::internal("submit", "no submitter in context"))?;
    let shelves = crate::api::shelves()?;
    let app = domain::channel::Channel::App;
    match file_application(&pool, &shelves, &submitter, &envelope, app).await? {
        store::requests::Stored::New(r) | store::requests::Stored::Again(r) => Ok(r),
        store::requests::Stored::Conflict => Err(refused(Refusal::Conflict)),
        other => Err(AppError::internal("submit", format!("{other:?}"))),
    }
}

/// Files a new application that came in through `channel`, as every door does: the service
/// must take applications through Loket, the answers pass the one validator against the form
/// in force, every file answer names a complete upload sent under the envelope's own id, the
/// expectation is in range; then it is stored once per envelope id under the service's agency,
/// due after its processing time in working days (see `store::requests::filing`). A refusal is
/// `AppError::Refused`.
///
/// Nothing is read from the database before the writer: the service, its form and the calendar
/// come from the kept shelf, and the writer confirms in the transaction that stores it that the
/// shelf was the database's and that the files are there (`store::requests::Premises`). When
/// the catalogue moved in between, it is checked again against the new one.
#[cfg(feature = "ssr")]
pub async fn file_application(
    pool: &crate::store::Db,
    shelves: &store::shelf::Shelves,
    submitter: &store::submitter::Submitter,
    envelope: &Envelope,
    channel: domain::channel::Channel,
) -> Result<store::requests::Stored, AppError> {
    use store::requests::Stored;
    let mut kept = shelves.kept_with_calendar(pool).await?;
    // An import between the check and the commit sends it back; more than a few in a row is a
    // catalogue being rewritten as fast as it is read, worth a retry later.
    for _ in 0..4 {
        let (clean, filing) = checked(&kept, envelope, channel)?;
        match submitter.submit(envelope, &clean, &filing).await? {
            Stored::Stale => kept = shelves.with_calendar(pool).await?,
            Stored::MissingFiles(fields) => return Err(refused(files_refused(fields))),
            stored => return Ok(stored),
        }
    }
    Err(AppError::internal("submit", "the catalogue kept changing"))
}

/// Checks an envelope against the catalogue and calendar `kept`, like the server always does:
/// the service takes applications, the one validator against the form in force, the
/// expectation in range. Returns the cleaned answers (hidden fields' answers dropped) and the
/// filing, with what the writer must still confirm.
#[cfg(feature = "ssr")]
fn checked(
    kept: &store::shelf::Kept,
    envelope: &Envelope,
    channel: domain::channel::Channel,
) -> Result<(domain::form::Answers, store::requests::Filing), AppError> {
    let found = domain::catalogue::is_valid_slug(&envelope.service)
        .then(|| kept.service_with_form(&envelope.service))
        .flatten();
    let service = found.as_ref().map(|(s, _)| *s);
    // A new application only for a service Loket takes applications for (else: unknown).
    let form = match found {
        Some((s, form)) if s.intake_form().is_some() => {
            form.map_err(|e| AppError::internal("stored form", e))?
        }
        _ => None,
    };
    let clean = domain::submission::check_on(envelope, form.as_deref(), crate::clock::today())
        .map_err(refused)?;
    expectation_in_range(envelope)?;
    let filing = match service {
        Some(s) => store::requests::filing(s, &kept.calendar, crate::clock::today()),
        None => store::requests::Filing::default(),
    };
    let premises = store::requests::Premises {
        state: Some(kept.state.clone()),
        files: form
            .as_ref()
            .map_or_else(Vec::new, |f| file_answers(f, &clean)),
    };
    Ok((
        clean,
        store::requests::Filing {
            channel,
            premises,
            ..filing
        },
    ))
}

/// The form in force as `pick` gives it of `service` (`None` when there is none).
#[cfg(feature = "ssr")]
fn form_of(
    service: Option<&domain::catalogue::Service>,
    pick: fn(&domain::catalogue::Service) -> Option<&domain::form::FormDoc>,
) -> Result<Option<domain::form::FormSchema>, AppError> {
    service
        .and_then(pick)
        .map(|doc| {
            doc.schema()
                .map_err(|e| AppError::internal("stored form", e))
        })
        .transpose()
}

/// A refusal the citizen must see: 409 for a reused id (or nothing asked any more), 422 for the
/// rest. A phone retries neither.
#[cfg(feature = "ssr")]
fn refused(r: domain::submission::Refusal) -> AppError {
    use domain::submission::Refusal;
    let status = if r == Refusal::Conflict {
        axum::http::StatusCode::CONFLICT
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    AppError::Refused(domain::submission::RefusalDoc::of(&r))
}

/// Refuses (422, per field) an expectation out of range: more than a year of working days, an
/// absurd cost, a readiness outside 1–4.
#[cfg(feature = "ssr")]
fn expectation_in_range(envelope: &Envelope) -> Result<(), AppError> {
    let errors = envelope.expect.unwrap_or_default().out_of_range();
    if errors.is_empty() {
        return Ok(());
    }
    Err(refused(domain::submission::Refusal::Invalid { errors }))
}

/// The secrets PINs and device tokens are derived from (kept outside the database).
#[cfg(feature = "ssr")]
fn secrets() -> Result<std::sync::Arc<crate::keys::Secrets>, AppError> {
    use_context::<std::sync::Arc<crate::keys::Secrets>>()
        .ok_or_else(|| AppError::internal("keys", "no secrets in context"))
}

/// The ids of `keys` whose token is right (others are dropped: they reveal nothing).
#[cfg(feature = "ssr")]
async fn held(keys: Vec<Key>) -> Result<Vec<String>, AppError> {
    if keys.len() > 500 {
        return Err(AppError::BadRequest("at most 500 keys".into()).sent());
    }
    let secrets = secrets()?;
    Ok(keys
        .into_iter()
        .filter(|k| secrets.token_matches(&k.id, &k.token))
        .map(|k| k.id)
        .collect())
}

/// One key's request id, or 404 when its token is wrong.
#[cfg(feature = "ssr")]
async fn held_one(key: Key) -> Result<String, AppError> {
    held(vec![key])
        .await?
        .pop()
        .ok_or_else(|| AppError::NotFound.sent())
}

/// One request as its citizen sees it.
#[cfg(feature = "ssr")]
async fn view(pool: &crate::store::Db, id: &str) -> Result<RequestView, AppError> {
    store::requests::views(pool, &[id.to_string()])
        .await?
        .pop()
        .ok_or_else(|| AppError::NotFound.sent())
}

/// The refusal of file answers `fields` that name no upload of the application's own.
#[cfg(feature = "ssr")]
fn files_refused(fields: Vec<String>) -> domain::submission::Refusal {
    let errors = fields
        .into_iter()
        .map(|field| domain::form::FieldError {
            field,
            problem: domain::form::Problem::File,
        })
        .collect();
    domain::submission::Refusal::Invalid { errors }
}

/// Every file answer of `clean` with the most bytes its field takes: each must be a complete
/// upload sent under the envelope's own id (confirmed by the writer), so an application cannot
/// name another's upload.
#[cfg(feature = "ssr")]
fn file_answers(
    form: &domain::form::FormSchema,
    clean: &domain::form::Answers,
) -> Vec<store::requests::FileAnswer> {
    domain::application::file_answers(form, clean)
        .into_iter()
        .map(|(field, sha)| store::requests::FileAnswer {
            field: field.to_string(),
            sha256: sha.to_string(),
            max_bytes: match form.field(field).map(|f| &f.kind) {
                Some(domain::form::FieldKind::File { max_bytes }) => *max_bytes,
                _ => 0,
            },
        })
        .collect()
}

/// The citizen answers "more information needed": the whole application again, under the same
/// id, with the request's key, checked like a submit against the form in force of the
/// request's OWN service (an envelope naming another service is a conflict, 409). The new
/// answers are kept beside every earlier set and the request goes back to review. 422 with the
/// problems per field (or a changed form), 409 when no answer is asked for (any more), 404 with
/// a wrong key.
#[server(prefix = "/api", endpoint = "requests/answer", input = server_fn::codec::Json)]
pub async fn answer_request(key: Key, envelope: Envelope) -> Result<RequestView, AppError> {
    use domain::submission::Refusal;
    let pool = pool()?;
    let id = held_one(key).await?;
    if id != envelope.id {
        return Err(AppError::NotFound.sent());
    }
    let own = store::requests::service_of(&pool, &id).await?;
    let own = own.ok_or_else(|| AppError::NotFound.sent())?;
    if envelope.service != own {
        return Err(refused(Refusal::Conflict));
    }
    // A request already made is answered with its service's form, even if Loket has stopped
    // taking new applications for it.
    let service = store::catalogue::service(&pool, &own).await?;
    let form = form_of(service.as_ref(), |s| s.form.as_ref())?;
    let clean = domain::submission::check_on(&envelope, form.as_ref(), crate::clock::today())
        .map_err(refused)?;
    let files = form
        .as_ref()
        .map_or_else(Vec::new, |f| file_answers(f, &clean));
    let missing = store::requests::missing_files(&pool, &id, &files).await?;
    if !missing.is_empty() {
        return Err(refused(files_refused(missing)));
    }
    match store::requests::answer(
        &pool,
        &id,
        &own,
        envelope.form_version,
        &clean,
        store::requests::CITIZEN,
    )
    .await
    {
        Ok(_) => {}
        Err(store::requests::ActError::NotFound) => return Err(AppError::NotFound.sent()),
        Err(store::requests::ActError::Refused(_)) => return Err(refused(Refusal::Conflict)),
        Err(store::requests::ActError::Store(e)) => return Err(AppError::internal("answer", e)),
    }
    view(&pool, &id).await
}

/// What changed since `since` in the requests this phone holds keys for (and, signed in, the
/// account's own): only requests with a newer step, whole. Unchanged is
/// `{"changed":[],"cursor":N}`. Keys that do not match are ignored (they reveal nothing).
#[server(prefix = "/api", endpoint = "requests/updates", input = server_fn::codec::Json)]
pub async fn request_updates(since: i64, keys: Vec<Key>) -> Result<Updates, AppError> {
    let pool = pool()?;
    let ids = held(keys).await?;
    // A signed-in citizen also follows the requests claimed to the account, on any device.
    let owner = crate::api::auth::who()
        .await?
        .filter(|w| w.role == domain::account::Role::Citizen)
        .map(|w| w.account_id);
    Ok(store::requests::updates(&pool, since.max(0), &ids, owner.as_deref()).await?)
}

/// A request found by reference number and PIN, with the token that lets this phone follow it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Tracked {
    /// The request.
    pub request: RequestView,
    /// Its device token (keep it to ask for updates).
    pub token: String,
}
crate::domain::map_only::map_deserialize!(Tracked { request "request" req, token "token" req });

/// "Lacak permohonan": the request with this reference, if the PIN is right. Wrong guesses are
/// limited per reference and per client address; a wrong PIN and an unknown reference get the
/// same answer, after the same time (the PIN is checked against a decoy).
#[server(prefix = "/api", endpoint = "requests/track", input = server_fn::codec::Json)]
pub async fn track_request(reference: String, pin: String) -> Result<Tracked, AppError> {
    let pool = pool()?;
    let reference = domain::reference::Reference::parse(&reference)
        .map_err(|_| AppError::NotFound.sent())?
        .to_string();
    let pin = domain::reference::pin_digits(&pin);
    let limits = use_context::<std::sync::Arc<crate::store::limits::Limits>>()
        .ok_or_else(|| AppError::internal("track", "no limits in context"))?;
    let ip = crate::api::client_key();
    // Every try takes a guess (kept in the database: a restart gives none back); a right PIN
    // gives it back.
    limits
        .pin_per_reference
        .take(&reference)
        .await
        .map_err(|e| AppError::from(e).sent())?;
    if let Err(e) = limits.pin_per_ip.take(&ip).await {
        limits.pin_per_reference.give_back(&reference).await?;
        return Err(AppError::from(e).sent());
    }
    let secrets = secrets()?;
    let id = if let Some(pin) = &pin {
        store::requests::unlock(&pool, &secrets, &reference, pin).await?
    } else {
        None
    };
    let Some(id) = id else {
        return Err(AppError::NotFound.sent());
    };
    limits.pin_per_reference.give_back(&reference).await?;
    limits.pin_per_ip.give_back(&ip).await?;
    let request = view(&pool, &id).await?;
    Ok(Tracked {
        token: secrets.token(&id),
        request,
    })
}

/// The citizen withdraws a request before review starts (the status machine decides).
#[server(prefix = "/api", endpoint = "requests/cancel", input = server_fn::codec::Json)]
pub async fn cancel_request(key: Key) -> Result<RequestView, AppError> {
    use domain::status::{Action, Actor};
    let pool = pool()?;
    let id = held_one(key).await?;
    match store::requests::act(&pool, &id, Action::Cancel, Actor::Citizen, None, "", "").await {
        Ok(_) => {}
        Err(store::requests::ActError::NotFound) => return Err(AppError::NotFound.sent()),
        Err(store::requests::ActError::Refused(_)) => return Err(AppError::Forbidden.sent()),
        Err(store::requests::ActError::Store(e)) => return Err(AppError::internal("cancel", e)),
    }
    view(&pool, &id).await
}

/// A signed-in citizen claims the requests this phone holds keys for (made before signing in,
/// or tracked by PIN): from then on they follow the account to any device. Keys that do not
/// match are ignored; a request claimed by another account stays theirs.
#[server(prefix = "/api", endpoint = "requests/claim", input = server_fn::codec::Json)]
pub async fn claim_requests(keys: Vec<Key>) -> Result<u64, AppError> {
    let pool = pool()?;
    let who = crate::api::auth::who()
        .await?
        .ok_or_else(|| AppError::Unauthorized.sent())?;
    if who.role != domain::account::Role::Citizen {
        return Err(AppError::Forbidden.sent());
    }
    let ids = held(keys).await?;
    Ok(store::requests::claim(&pool, &who.account_id, &ids).await?)
}
