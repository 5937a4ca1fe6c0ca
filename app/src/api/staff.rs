//! The back office's server functions: the agency's queue, one request, status changes along
//! the machine, assignment and the dashboard. Every one checks who asks first: signed in, an
//! officer or agency admin, and only the requests of their own agency (another agency's request
//! is "not found", exactly like one that does not exist). Changes accept plain HTML form posts
//! too (`PostUrl`): without JavaScript the browser is sent back to the page it came from.

use crate::domain::status::{Action, Status};
#[cfg(feature = "ssr")]
use crate::domain::{
    page::Page,
    screen::{Screen, SignInFailure, StaffMember, StaffScreen},
};
use crate::error::AppError;
use leptos::prelude::*;

// (`staff_request` below makes a type named `StaffRequest` for its arguments.)
pub use crate::domain::staff::{QueueFilter, QueueRow, StaffRequest as RequestForStaff};

/// A staff member of an agency, as established for this request.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct Staff {
    /// Their account.
    pub account_id: String,
    /// Their agency.
    pub agency: String,
    /// Agency admin (may assign to others).
    pub admin: bool,
}

#[cfg(feature = "ssr")]
impl Staff {
    /// Which requests they may change: an officer their own and unassigned ones, an admin any.
    pub fn reach(&self) -> crate::store::staff::Reach<'_> {
        use crate::store::staff::Reach;
        if self.admin {
            Reach::Admin
        } else {
            Reach::Officer(&self.account_id)
        }
    }
}

/// The signed-in staff member, or 401 (not signed in) / 403 (signed in, not agency staff; or
/// still holding the temporary password an admin chose: `must_change_password`).
#[cfg(feature = "ssr")]
pub async fn staff() -> Result<Staff, AppError> {
    use crate::domain::account::{staff_agency, AccountRefusal, NotStaff, Role};
    let who = crate::api::auth::who()
        .await?
        .ok_or_else(|| AppError::Unauthorized.sent())?;
    match staff_agency(who.role, who.agency.as_deref(), who.must_change_password) {
        Ok(agency) => Ok(Staff {
            agency: agency.to_string(),
            account_id: who.account_id,
            admin: who.role == Role::AgencyAdmin,
        }),
        Err(NotStaff::TemporaryPassword) => {
            Err(AppError::Account(AccountRefusal::MustChangePassword).sent())
        }
        Err(NotStaff::NotAgencyStaff) => Err(AppError::Forbidden.sent()),
    }
}

#[cfg(feature = "ssr")]
fn today() -> crate::domain::date::Date {
    crate::clock::today()
}

/// The agency's queue through a filter, soonest due first: the filter's page (50 requests).
#[server(prefix = "/api", endpoint = "staff/queue", input = server_fn::codec::Json)]
pub async fn staff_queue(filter: QueueFilter) -> Result<Vec<QueueRow>, AppError> {
    let me = staff().await?;
    let pool = crate::api::pool()?;
    let rows = crate::store::staff::queue(&pool, &me.agency, &filter, today()).await?;
    Ok(crate::domain::staff::page_of(rows, filter.page).0)
}

/// One request of the agency, whole. The read is written to the audit log.
#[server(prefix = "/api", endpoint = "staff/request", input = server_fn::codec::Json)]
pub async fn staff_request(id: String) -> Result<RequestForStaff, AppError> {
    let me = staff().await?;
    let pool = crate::api::pool()?;
    load(&pool, &me, &id).await
}

/// One request of `me`'s agency, whole (404 for another agency's), its read audited.
#[cfg(feature = "ssr")]
async fn load(pool: &crate::store::Db, me: &Staff, id: &str) -> Result<RequestForStaff, AppError> {
    use crate::store::staff;
    let row = staff::request(pool, &me.agency, id).await?;
    let row = row.ok_or_else(|| AppError::NotFound.sent())?;
    let (answers, steps) = staff::details(pool, id).await?;
    let answer_sets = staff::answer_sets(pool, id).await?;
    let audit = staff::audit(pool, id).await?;
    let expect = staff::expectation(pool, id).await?;
    let actions = crate::domain::status::actions(row.status, crate::domain::status::Actor::Staff);
    let completed = steps
        .iter()
        .rev()
        .find(|s| s.status == crate::domain::status::Status::Completed);
    let worked_days = match completed {
        Some(done) => {
            let (calendar, cuti) = crate::store::calendar::for_agency(pool, &me.agency).await?;
            crate::domain::skm::worked_days(&row.received_at, &done.at, &calendar, cuti)
        }
        None => None,
    };
    let channel = crate::store::open311::channel(pool, id).await?;
    let partner = crate::store::open311::partner_view(pool, id).await?;
    // Who read which request is kept; the page is not shown when it cannot be.
    staff::record_read(pool, &me.account_id, id).await?;
    Ok(RequestForStaff {
        row,
        answers,
        steps,
        answer_sets,
        audit,
        actions,
        expect,
        worked_days,
        channel,
        partner,
    })
}

/// Moves a request along the status machine, with a note to the citizen and an optional
/// staff-only note. Refused moves are 409 and change nothing.
#[server(prefix = "/api", endpoint = "staff/act", input = server_fn::codec::PostUrl)]
pub async fn staff_act(
    id: String,
    action: Action,
    note: String,
    internal_note: Option<String>,
) -> Result<Status, AppError> {
    let me = staff().await?;
    let pool = crate::api::pool()?;
    let (note, internal) = (
        note.trim().to_string(),
        internal_note.unwrap_or_default().trim().to_string(),
    );
    if note.chars().count() > 2000 || internal.chars().count() > 2000 {
        return Err(AppError::BadRequest(
            "notes are at most 2000 characters".into(),
        ));
    }
    if action == Action::AskInfo && note.is_empty() {
        return Err(AppError::BadRequest(
            "say what information is needed".into(),
        ));
    }
    use crate::store::staff::StaffError;
    let result = match crate::store::staff::act(
        &pool,
        &me.agency,
        &id,
        action,
        &me.account_id,
        me.reach(),
        &note,
        &internal,
        None,
    )
    .await
    {
        Ok(s) => Ok(s),
        Err(StaffError::Refused(_)) => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(axum::http::StatusCode::CONFLICT);
            }
            Err(AppError::BadRequest(format!(
                "{action:?} is not possible now"
            )))
        }
        Err(e) => Err(e.into()),
    };
    // A plain form post goes back to the request's page, saying what went wrong.
    if result.is_err() && from_form() {
        leptos_axum::redirect(&format!(
            "/staff/permohonan/{}?gagal=1",
            crate::domain::route::encode(&id)
        ));
    }
    result
}

/// The request came from a plain HTML form (the browser asked for a page back).
#[cfg(feature = "ssr")]
pub(crate) fn from_form() -> bool {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Claims a request (`to` = `me`), hands it back (`to` empty), or — agency admins — assigns it
/// to an officer of the agency.
#[server(prefix = "/api", endpoint = "staff/assign", input = server_fn::codec::PostUrl)]
pub async fn staff_assign(id: String, to: Option<String>) -> Result<(), AppError> {
    let me = staff().await?;
    let pool = crate::api::pool()?;
    let to = match to.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("me") => Some(me.account_id.clone()),
        Some(other) if other == me.account_id => Some(other.to_string()),
        Some(other) => {
            if !me.admin {
                return Err(AppError::Forbidden.sent());
            }
            let of_agency = crate::store::staff::is_active_staff(&pool, &me.agency, other).await?;
            if !of_agency {
                return Err(AppError::BadRequest("not an officer of this agency".into()));
            }
            Some(other.to_string())
        }
    };
    // Another agency's request or none: 404; assigned to someone else: 403.
    Ok(crate::store::staff::assign(
        &pool,
        &me.agency,
        &id,
        to.as_deref(),
        &me.account_id,
        me.reach(),
    )
    .await?)
}

/// The agency's performance figures this quarter: the agency as a whole, then each service
/// (the figures of `/kinerja`, withheld alike).
#[server(prefix = "/api", endpoint = "staff/dashboard", input = server_fn::codec::Json)]
pub async fn staff_dashboard() -> Result<Vec<crate::domain::performance::Figures>, AppError> {
    let me = staff().await?;
    let pool = crate::api::pool()?;
    Ok(crate::store::staff::dashboard(&pool, &me.agency, today()).await?)
}

/// What a back-office page shows, for whoever is signed in: the sign-in form when nobody is,
/// a refusal for accounts that are not agency staff, the password change form for staff who
/// still hold a temporary password (whatever page they asked for), else the queue (`rest`
/// empty, filters in the query), the dashboard (`dasbor`), the staff list (`petugas`), the
/// password change (`sandi`) or one request (`permohonan/:id`).
#[cfg(feature = "ssr")]
pub async fn page(rest: &str, query: &str) -> Result<Screen, AppError> {
    use crate::domain::account::Role;
    use crate::domain::route::query_param;
    let failed = query_param(query, "gagal");
    let Some(who) = crate::api::auth::who().await? else {
        let next = if rest.is_empty() {
            "/staff".to_string()
        } else {
            format!("/staff/{rest}")
        };
        // The agency requires an OpenID provider: said apart from a wrong password.
        let use_provider = failed.as_deref() == Some(crate::api::auth::USE_PROVIDER);
        let oidc_refused =
            query_param(query, "oidc").or_else(|| use_provider.then(|| "use_provider".to_string()));
        let failed = failed
            .filter(|_| !use_provider)
            .map(|code| SignInFailure::parse(&code));
        let login = failed.and_then(|_| crate::api::auth::tried_login());
        return Ok(Screen::Staff(StaffScreen::SignIn {
            failed,
            next,
            login,
            providers: crate::api::auth::external::Providers::current().links(),
            oidc_refused,
        }));
    };
    let agency = match (who.role, &who.agency) {
        (Role::Officer | Role::AgencyAdmin, Some(a)) => a.clone(),
        _ => return Ok(Screen::Staff(StaffScreen::NotStaff)),
    };
    if who.must_change_password || rest == "sandi" {
        return Ok(Screen::Staff(StaffScreen::ChangePassword {
            login: who.login,
            forced: who.must_change_password,
            note: query_param(query, "sandi"),
        }));
    }
    let me = StaffMember {
        admin: who.role == Role::AgencyAdmin,
        login: who.login,
        account_id: who.account_id,
        agency,
    };
    staff_screen(me, rest, query, failed.is_some()).await
}

/// A back-office page for a signed-in staff member `me` (see [`page`]).
#[cfg(feature = "ssr")]
async fn staff_screen(
    me: StaffMember,
    rest: &str,
    query: &str,
    failed: bool,
) -> Result<Screen, AppError> {
    let pool = crate::api::pool()?;
    let shelf = crate::api::shelves()?
        .current(&pool)
        .await
        .map_err(|e| AppError::internal("staff page", e))?;
    // The back office's pages name the services of the member's own agency.
    let services: Vec<_> = shelf
        .services()
        .iter()
        .filter(|s| s.agency.slug == me.agency)
        .cloned()
        .collect();
    let today = today();
    let screen = match rest {
        "" => {
            let filter = queue_filter(query, &me.account_id);
            let rows = crate::store::staff::queue(&pool, &me.agency, &filter, today)
                .await
                .map_err(|e| AppError::internal("staff page", e))?;
            let (rows, pages) = crate::domain::staff::page_of(rows, filter.page);
            StaffScreen::Queue {
                me,
                rows,
                filter,
                pages,
                services,
            }
        }
        "petugas" => {
            let list = crate::store::staff::officers(&pool, &me.agency)
                .await
                .map_err(|e| AppError::internal("staff page", e))?;
            StaffScreen::Officers { me, list, failed }
        }
        "tanya-jawab" => StaffScreen::Questions {
            waiting: crate::api::qa::queue(&me.agency).await?,
            outcome: crate::domain::route::query_param(query, "terkirim")
                .map(|_| true)
                .or(failed.then_some(false)),
            new_id: crate::store::new_id()?,
            me,
            services,
        },
        "dasbor" => {
            let (period, _, choices) = crate::api::kinerja::period(&pool, query, today).await?;
            let figures =
                crate::store::performance::agency_figures(&pool, &me.agency, period, today).await?;
            let attention = crate::api::desk::attention(&pool, &me.agency, today).await?;
            StaffScreen::Dashboard {
                me,
                choices,
                period,
                figures,
                services,
                attention: Box::new(attention),
            }
        }
        "ikm" => {
            let (period, rows) = crate::api::survey::ikm_rows(&me.agency, query, &services).await?;
            StaffScreen::Ikm {
                me,
                choices: period.choices(),
                period,
                rows,
                services,
            }
        }
        r => match r
            .strip_prefix("permohonan/")
            .filter(|id| !id.is_empty() && !id.contains('/'))
        {
            Some(id) => return request_screen(&pool, me, id, &shelf, failed).await,
            None if r == "layanan" || r.starts_with("layanan/") => {
                return crate::api::desk::page(&pool, me, r, query).await;
            }
            None if r == "loket" || r.starts_with("loket/") => {
                return crate::api::web_form::counter_page(me, r, query).await;
            }
            None => return Ok(Screen::Catalogue(Page::NotFound)),
        },
    };
    Ok(Screen::Staff(screen))
}

/// Request `id` for `me` with its service; "not found" when `me`'s agency has no such request.
#[cfg(feature = "ssr")]
async fn request_screen(
    pool: &crate::store::Db,
    me: StaffMember,
    id: &str,
    shelf: &crate::domain::shelf::Shelf,
    failed: bool,
) -> Result<Screen, AppError> {
    let staff = Staff {
        account_id: me.account_id.clone(),
        agency: me.agency.clone(),
        admin: me.admin,
    };
    let request = match load(pool, &staff, id).await {
        Ok(req) => req,
        Err(AppError::NotFound) => return Ok(Screen::Catalogue(Page::NotFound)),
        Err(e) => return Err(e),
    };
    let service = crate::store::shelf::find(shelf, &request.row.service)
        .cloned()
        .map(Box::new);
    Ok(Screen::Staff(StaffScreen::Request {
        me,
        request: Box::new(request),
        service,
        failed,
    }))
}

/// The queue's filter from the page's query string (`saya`: assigned to `my_id`).
#[cfg(feature = "ssr")]
fn queue_filter(query: &str, my_id: &str) -> QueueFilter {
    use crate::domain::route::query_param;
    QueueFilter {
        status: query_param(query, "status").and_then(|s| Status::from_code(&s)),
        service: query_param(query, "service").filter(|s| !s.is_empty()),
        overdue: query_param(query, "terlambat").is_some(),
        assigned_to: query_param(query, "saya").map(|_| my_id.to_string()),
        period: query_param(query, "periode").and_then(|p| crate::domain::skm::Period::parse(&p)),
        page: query_param(query, "halaman")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1),
    }
}

/// Staff accounts (invite, disable, enable): their endpoints live in `api::staff_accounts`.
pub use super::staff_accounts::*;
