//! Who may file at the counter: an agency admin allows one of their agency's officers, or
//! withdraws it, with the plain form on `/staff/petugas` (audited by the store).

use super::{failed, plain, see_other, WebForms};
use app::api::auth::AuthSettings;
use app::store::web_drafts;
use axum::http::StatusCode;
use axum::response::Response;

/// `POST /api/loket-izin` (`login`, `izin` = `1` or `0`, a plain form on `/staff/petugas`): an
/// agency admin allows one of their agency's officers to file at the counter, or withdraws it
/// (audited). Back to the officers' page; `?gagal=1` when refused.
pub async fn post_grant(
    forms: &WebForms,
    auth: AuthSettings,
    headers: &axum::http::HeaderMap,
    body: &str,
) -> Response {
    use app::domain::account::Role;
    use app::domain::route::query_param;
    let back = |ok: bool| {
        let to = if ok {
            "/staff/petugas"
        } else {
            "/staff/petugas?gagal=1"
        };
        see_other(to.to_string(), None)
    };
    let admin = match app::api::auth::signed_in(&forms.pool, headers, auth).await {
        Ok(Some(a)) => a,
        Ok(None) => return plain(StatusCode::UNAUTHORIZED, "sign in first"),
        Err(e) => return failed("grant: session", e),
    };
    let agency = match (admin.role, admin.must_change_password, &admin.agency) {
        (Role::AgencyAdmin, false, Some(agency)) => agency.clone(),
        _ => return plain(StatusCode::FORBIDDEN, "agency admins only"),
    };
    let login = query_param(body, "login").unwrap_or_default();
    let allow = match query_param(body, "izin").as_deref() {
        Some("1") => true,
        Some("0") => false,
        _ => return back(false),
    };
    let officer = match web_drafts::officer_of(&forms.pool, &agency, &login).await {
        Ok(Some(id)) => id,
        Ok(None) => return back(false),
        Err(e) => return failed("grant: officer", e),
    };
    match web_drafts::set_counter(&forms.pool, &officer, &admin.id, allow).await {
        Ok(()) => back(true),
        Err(e) => failed("grant", e),
    }
}
