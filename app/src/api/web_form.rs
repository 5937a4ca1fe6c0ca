//! The server's own application form (issue 13, parts 2 and 3), as pages: `/formulir/<slug>`
//! for a browser that runs no scripts (the visitor's draft, named by a cookie) and
//! `/staff/loket/<slug>` for an officer filing at the counter (the officer's draft). The
//! forms are posted to the server crate's `web_form` handlers; this reads the drafts back and
//! says who owns one and who may file at the counter.

use crate::domain::catalogue::Service;
use crate::domain::screen::{Screen, StaffMember, StaffScreen};
use crate::domain::web_form::{Door, Filed, View, WebFormScreen, DRAFT_COOKIE};
use crate::error::AppError;
use crate::store;
use axum::http::{header, HeaderMap};

/// The owner of the drafts of the browser that sent `headers`: `web:<hash of its cookie's
/// token>`; `None` without a well-formed cookie.
pub fn web_owner(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|c| crate::domain::cookie::values(c, DRAFT_COOKIE))
        .find(|t| {
            t.len() == 43
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(owner_of_token)
}

/// The owner a cookie token stands for (the server keeps only the token's hash).
pub fn owner_of_token(token: &str) -> String {
    format!("web:{}", super::auth::token_hash(token))
}

/// The owner of an officer's counter drafts.
pub fn counter_owner(account_id: &str) -> String {
    format!("counter:{account_id}")
}

/// A staff member who may file at the counter: their account and agency.
#[derive(Clone, Debug)]
pub struct Clerk {
    /// Their account id (the audit's actor).
    pub account_id: String,
    /// Their agency: they file for its services only.
    pub agency: String,
}

/// Why someone may not file at the counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotClerk {
    /// Not signed in.
    SignedOut,
    /// Signed in, but not agency staff allowed to file (or still on a temporary password).
    Refused,
}

/// The counter clerk signed in with `headers`' session, or why there is none.
pub async fn clerk(
    pool: &crate::store::Db,
    headers: &HeaderMap,
    auth: super::auth::AuthSettings,
) -> Result<Result<Clerk, NotClerk>, AppError> {
    let account = super::auth::signed_in(pool, headers, auth)
        .await
        .map_err(|e| AppError::internal("counter: session", e))?;
    let Some(account) = account else {
        return Ok(Err(NotClerk::SignedOut));
    };
    let agency = crate::domain::account::staff_agency(
        account.role,
        account.agency.as_deref(),
        account.must_change_password,
    );
    let Ok(agency) = agency else {
        return Ok(Err(NotClerk::Refused));
    };
    let granted = store::web_drafts::may_file(pool, &account.id).await?;
    if !crate::domain::web_form::may_file(account.role, granted) {
        return Ok(Err(NotClerk::Refused));
    }
    Ok(Ok(Clerk {
        account_id: account.id,
        agency: agency.to_string(),
    }))
}

/// The service `slug` when it takes applications through Loket (and, for a clerk, is their
/// agency's).
pub async fn service(
    pool: &crate::store::Db,
    slug: &str,
    agency: Option<&str>,
) -> Result<Option<Service>, AppError> {
    if !crate::domain::catalogue::is_valid_slug(slug) {
        return Ok(None);
    }
    let s = store::catalogue::service(pool, slug)
        .await
        .map_err(|e| AppError::internal("web form: service", e))?;
    Ok(s.filter(|s| s.intake_form().is_some())
        .filter(|s| agency.is_none_or(|a| s.agency.slug == a)))
}

/// `/formulir/<slug>`: the visitor's draft of that service's form.
pub async fn page(slug: &str, query: &str) -> Result<Screen, AppError> {
    let pool = super::pool()?;
    let Some(service) = service(&pool, slug, None).await? else {
        return Ok(Screen::Catalogue(crate::domain::page::Page::NotFound));
    };
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
    let owner = parts.as_ref().and_then(|p| web_owner(&p.headers));
    screen(&pool, Door::Web, service, owner.as_deref(), query).await
}

/// `/staff/loket` and `/staff/loket/<slug>` for the signed-in staff member `me`: the services
/// to file for, or the officer's draft of one (another agency's service is not found).
pub async fn counter_page(me: StaffMember, rest: &str, query: &str) -> Result<Screen, AppError> {
    let pool = super::pool()?;
    let granted = store::web_drafts::may_file(&pool, &me.account_id).await?;
    let role = if me.admin {
        crate::domain::account::Role::AgencyAdmin
    } else {
        crate::domain::account::Role::Officer
    };
    let allowed = crate::domain::web_form::may_file(role, granted);
    let slug = rest.strip_prefix("loket/").filter(|s| !s.contains('/'));
    match slug {
        Some(slug) if allowed => {
            let Some(service) = service(&pool, slug, Some(&me.agency)).await? else {
                return Ok(Screen::Catalogue(crate::domain::page::Page::NotFound));
            };
            let owner = counter_owner(&me.account_id);
            screen(&pool, Door::Counter, service, Some(&owner), query).await
        }
        _ => {
            let services = crate::api::shelves()?
                .current(&pool)
                .await
                .map_err(|e| AppError::internal("counter page", e))?
                .services()
                .iter()
                .filter(|s| s.agency.slug == me.agency && s.intake_form().is_some())
                .map(|s| (s.slug.clone(), s.name.clone()))
                .collect();
            Ok(Screen::Staff(StaffScreen::Counter {
                me,
                allowed,
                services,
            }))
        }
    }
}

/// The page of `owner`'s draft of `service` through `door` that `query` asks for.
async fn screen(
    pool: &crate::store::Db,
    door: Door,
    service: Service,
    owner: Option<&str>,
    query: &str,
) -> Result<Screen, AppError> {
    let draft = match owner {
        Some(o) => store::web_drafts::get(pool, o, &service.slug).await?,
        None => None,
    };
    let view = View::parse(query);
    let filed = match &draft {
        Some(d) if d.sent => filed(pool, &d.id).await?,
        _ => None,
    };
    let track_url = leptos::prelude::use_context::<crate::domain::share::PublicUrl>()
        .map(|u| u.absolute("/lacak"))
        .unwrap_or_else(|| "/lacak".into());
    let draft = draft.unwrap_or_else(|| store::web_drafts::WebDraft {
        id: String::new(),
        service: service.slug.clone(),
        channel: door.channel(),
        form_version: 0,
        answers: Default::default(),
        files: Default::default(),
        expect: None,
        sent: false,
    });
    // A sent draft's receipt is shown on `?selesai=1`; any other page starts afresh.
    let filed = if view == View::Done { filed } else { None };
    let fresh = draft.sent && filed.is_none();
    Ok(Screen::WebForm(Box::new(WebFormScreen {
        door,
        service: Box::new(service),
        draft_id: draft.id,
        answers: if fresh {
            Default::default()
        } else {
            draft.answers
        },
        files: if fresh {
            Default::default()
        } else {
            draft.files
        },
        expect: if fresh { None } else { draft.expect },
        view,
        filed,
        track_url,
    })))
}

/// The receipt of the request stored under draft `id`.
async fn filed(pool: &crate::store::Db, id: &str) -> Result<Option<Filed>, AppError> {
    let secrets = leptos::prelude::use_context::<std::sync::Arc<crate::keys::Secrets>>()
        .ok_or_else(|| AppError::internal("keys", "no secrets in context"))?;
    Ok(store::requests::receipt_of(pool, &secrets, id)
        .await?
        .map(|(r, due_date)| Filed {
            reference: r.reference.to_string(),
            pin: r.pin,
            received_at: r.received_at,
            due_date,
        }))
}
