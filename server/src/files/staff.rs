//! Who may open an uploaded file: signed-in staff of an agency one of whose requests names it.

use super::storage::Files;
use app::api::auth::AuthSettings;
use app::domain::account::{staff_agency, NotStaff};
use app::domain::file::parse_name;
use app::store::files as store;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// A short plain answer that is never cached.
fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], text).into_response()
}

/// The signed-in staff member's account id and agency, or the answer that refuses them: the
/// same session reader, lifetime and rules as the server functions, and the one staff role
/// test (`domain::account::staff_agency`).
async fn staff_of(
    files: &Files,
    headers: &HeaderMap,
    auth: AuthSettings,
) -> Result<(String, String), Response> {
    let account = match app::api::auth::signed_in(&files.pool, headers, auth).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(%e, "staff file: session");
            return Err(plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error"));
        }
    };
    let Some(account) = account else {
        return Err(plain(StatusCode::UNAUTHORIZED, "sign in first"));
    };
    let agency = staff_agency(
        account.role,
        account.agency.as_deref(),
        account.must_change_password,
    );
    match agency {
        Ok(agency) => Ok((account.id.clone(), agency.to_string())),
        Err(NotStaff::TemporaryPassword) => Err(plain(
            StatusCode::FORBIDDEN,
            "change your temporary password first",
        )),
        Err(NotStaff::NotAgencyStaff) => Err(plain(StatusCode::FORBIDDEN, "agency staff only")),
    }
}

/// `GET /staff/berkas/{sha256}`: an attachment, for signed-in staff of an agency one of whose
/// requests names it and uploaded it itself (anyone else: 401/403/404 with nothing of the
/// file; naming another's hash in a request opens nothing). Never cached.
pub async fn for_staff(
    State(files): State<Arc<Files>>,
    State(auth): State<AuthSettings>,
    name: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Some(sha) = name.ok().and_then(|Path(n)| parse_name(&n)) else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    let (account_id, agency) = match staff_of(&files, &headers, auth).await {
        Ok(staff) => staff,
        Err(refused) => return refused,
    };
    let Ok(Some(file)) = store::for_agency(&files.pool, &agency, &sha).await else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    if !app::store::audit::file_opened(&files.pool, &account_id, &agency, &sha).await {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
    }
    match tokio::fs::read(files.complete_path(&sha)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, file.media_type),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::CONTENT_DISPOSITION, "inline".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(%e, "staff file: read");
            plain(StatusCode::NOT_FOUND, "not found")
        }
    }
}
