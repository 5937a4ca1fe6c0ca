//! Accounts and sessions: sign-up, sign-in, sign-out, password change and who is signed in
//! (the endpoints here; sessions and their cookie in [`session`], password hashing in
//! `password`, the work behind the endpoints in `account`). The server side (ssr) also offers
//! [`who`] and [`device_session`] to other server functions, for authorization and for tying
//! things to a device, and [`signed_in`] to plain axum handlers. Staff accounts (invite,
//! disable, enable) are in `api::staff_accounts`.
//!
//! Signing in or up, signing out and changing one's password always start a new session (a
//! token planted before sign-in is never promoted); a password change, disabling and enabling
//! end all the account's sessions.

#[cfg(feature = "ssr")]
use crate::domain::account::AccountRefusal;
use crate::domain::account::AccountView;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod account;
#[cfg(feature = "ssr")]
pub mod external;
#[cfg(feature = "ssr")]
mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
mod tried;

#[cfg(feature = "ssr")]
pub use account::create_system_admin;
#[cfg(feature = "ssr")]
pub(crate) use account::{account_view, checked, new_account_id, refuse};
#[cfg(feature = "ssr")]
pub use password::hash_password;
#[cfg(feature = "ssr")]
pub use session::{
    delete_sessions_of, device_session, new_token, session_cookie, session_cookie_name,
    session_tokens, signed_in, store_session, token_hash, who, AuthSettings, Identity, LIFETIME,
    SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_DAYS,
};
#[cfg(feature = "ssr")]
pub use tried::{tried_cookie, tried_in, tried_login, TRIED_COOKIE};

/// Creates a citizen's account and signs it in on this browser. A login that exists already
/// is refused (409); a weak password or an unreadable login is refused with the rule (422).
#[server(prefix = "/api", endpoint = "auth/sign-up", input = server_fn::codec::Json)]
pub async fn sign_up(login: String, password: String) -> Result<AccountView, AppError> {
    account::sign_up(&login, &password)
        .await
        .map_err(AppError::sent)
}

/// Signs in. A wrong login or password gets one answer for both (401); too many failures from
/// one address (20 per 15 minutes) get 429 with `Retry-After`. Past 5 failures per 15 minutes
/// for a login, every try waits a moment and a wrong password gets 429 with `Retry-After`, but
/// the right one still signs in: nobody can lock an account out by guessing at it.
#[server(prefix = "/api", endpoint = "auth/sign-in", input = server_fn::codec::Json)]
pub async fn sign_in(login: String, password: String) -> Result<AccountView, AppError> {
    account::sign_in(&login, &password)
        .await
        .map_err(AppError::sent)
}

/// Signs out: ends this browser's session (signed in or not) and clears its cookie.
#[server(prefix = "/api", endpoint = "auth/sign-out", input = server_fn::codec::Json)]
pub async fn sign_out() -> Result<(), AppError> {
    account::sign_out().await.map_err(AppError::sent)
}

/// Signing in from a plain HTML form (the back office's sign-in page, with or without
/// JavaScript): the same checks and limits as `auth/sign-in`, then the browser goes to `next`
/// (a `/staff` page) or back to the form with `?gagal=` saying why (an empty field, or `1`),
/// the login typed kept for the form in a short-lived cookie (`tried`).
#[server(prefix = "/api", endpoint = "auth/sign-in-form", input = server_fn::codec::PostUrl)]
pub async fn sign_in_form(
    login: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    // A back-office page or the account page of this site only (`domain::route::safe_next`).
    let next = next
        .as_deref()
        .and_then(crate::domain::route::safe_next)
        .filter(|n| {
            n == "/akun" || n == "/staff" || n.starts_with("/staff/") || n.starts_with("/staff?")
        })
        .unwrap_or_else(|| "/staff".into());
    use crate::domain::screen::SignInFailure;
    // An empty field is named, and costs no try against the login's limit.
    let result = match SignInFailure::of_empty(&login, &password) {
        Some(empty) => Err((empty, AppError::Account(AccountRefusal::BadLogin))),
        None => account::sign_in(&login, &password)
            .await
            .map_err(|e| (SignInFailure::Wrong, e)),
    };
    // Staff whose agency requires an OpenID provider (issue 13 §4): named apart.
    let code = |why: SignInFailure, e: &AppError| match e {
        AppError::Forbidden => USE_PROVIDER.to_string(),
        _ => why.code().to_string(),
    };
    // The form comes back with the login typed (never the password); a success forgets it.
    tried::keep(result.is_err().then_some(login.as_str()))?;
    match result {
        Ok(_) => {
            leptos_axum::redirect(&next);
            Ok(())
        }
        Err((why, e)) => {
            // A form gets the page back (302), saying why; not a 401 a browser would show.
            let join = if next.contains('?') { '&' } else { '?' };
            leptos_axum::redirect(&format!("{next}{join}gagal={}", code(why, &e)));
            Err(e)
        }
    }
}

/// `?gagal=` of the back office's sign-in form when the agency's staff must sign in with an
/// OpenID provider (`external::must_use_provider`).
pub const USE_PROVIDER: &str = "penyedia";

/// Changes the signed-in account's password: the current one, and a new one by the rules of
/// sign-up. Every session of the account ends; this browser gets a new one. Clears the mark of
/// a temporary password. A wrong current password is 403 (`wrong_password`) and counts as a
/// failed sign-in for the login.
#[server(prefix = "/api", endpoint = "auth/change-password", input = server_fn::codec::Json)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<AccountView, AppError> {
    account::change_password(&current_password, &new_password)
        .await
        .map_err(AppError::sent)
}

/// `auth/change-password` from the plain forms on `/akun` and `/staff/sandi`. With `next` under
/// `/staff`, back to `/staff` when done, else to `/staff/sandi?sandi=<why>`; otherwise to
/// `/akun?sandi=ok` or `/akun?sandi=<why>` (`why`: the refusal's code, e.g. `too_short`).
#[server(prefix = "/api", endpoint = "auth/change-password-form", input = server_fn::codec::PostUrl)]
pub async fn change_password_form(
    current_password: String,
    new_password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let staff = next
        .as_deref()
        .is_some_and(|n| n == "/staff" || n.starts_with("/staff/"));
    let result = account::change_password(&current_password, &new_password).await;
    let to = match (&result, staff) {
        (Ok(_), true) => "/staff".to_string(),
        (Ok(_), false) => "/akun?sandi=ok".to_string(),
        (Err(e), true) => format!("/staff/sandi?sandi={}", refusal_code(e)),
        (Err(e), false) => format!("/akun?sandi={}", refusal_code(e)),
    };
    leptos_axum::redirect(&to);
    result.map(|_| ())
}

/// A short code for why an account request was refused, for a form's address (`?sandi=…`):
/// a password rule (`too_short`), `wrong_password`, `too_many` or `failed`.
#[cfg(feature = "ssr")]
pub fn refusal_code(e: &AppError) -> String {
    use crate::domain::account::AccountRefusal;
    let code = match e {
        AppError::Account(AccountRefusal::Password(p)) => serde_json::to_value(p).ok(),
        AppError::Account(r) => serde_json::to_value(r).ok(),
        AppError::RateLimited { .. } => Some(serde_json::Value::from("too_many")),
        _ => None,
    };
    code.and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "failed".into())
}

/// Signing out from a plain HTML form: ends the session; the browser goes back to the page
/// it came from (which then offers to sign in).
#[server(prefix = "/api", endpoint = "auth/sign-out-form", input = server_fn::codec::PostUrl)]
pub async fn sign_out_form() -> Result<(), AppError> {
    account::sign_out().await.map_err(AppError::sent)
}

/// A citizen's account from the plain form on `/akun` (without JavaScript; with it the app
/// uses `auth/sign-up` and claims this phone's requests too). Back to `/akun`.
#[server(prefix = "/api", endpoint = "auth/sign-up-form", input = server_fn::codec::PostUrl)]
pub async fn sign_up_form(login: String, password: String) -> Result<(), AppError> {
    let result = account::sign_up(&login, &password).await.map(|_| ());
    leptos_axum::redirect(if result.is_ok() {
        "/akun"
    } else {
        "/akun?gagal=1"
    });
    result
}

/// The signed-in account, or `None`.
#[server(prefix = "/api", endpoint = "auth/me", input = server_fn::codec::GetUrl)]
pub async fn me() -> Result<Option<AccountView>, AppError> {
    Ok(who().await.map_err(AppError::sent)?.map(|i| i.view()))
}
