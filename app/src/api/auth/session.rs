//! Sessions: the cookie that names one, and the session it names. A session is a cookie
//! holding 32 random bytes (base64url); the database keeps only their SHA-256. The cookie is
//! `__Host-loket_session` (Secure, Path=/, no Domain) with `--secure-cookies`, else
//! `loket_session`; HttpOnly and SameSite=Lax. It lasts 30 days from when it was last used
//! (sliding), and never longer than its absolute lifetime from its creation: 30 days for
//! citizens, 12 hours for staff and admins.

use crate::api::pool;
use crate::domain::account::{AccountView, Role};
use crate::domain::cookie;
use crate::error::AppError;
use crate::store::accounts::{self, Lifetime, Session};
use crate::store::StoreError;
use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
use leptos::prelude::{provide_context, use_context};

/// The session cookie's name over plain HTTP.
pub const SESSION_COOKIE: &str = "loket_session";
/// The session cookie's name with `--secure-cookies` (HTTPS): the browser keeps it only when
/// it is Secure, for `Path=/` and with no `Domain`, so no other site (a sibling subdomain)
/// can set it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-loket_session";
/// How long a session lasts after it was last used.
pub const SESSION_DAYS: u32 = 30;
/// How long a session lasts from its creation, however often it is used.
pub const LIFETIME: Lifetime = Lifetime {
    citizen_hours: 30 * 24,
    staff_hours: 12,
};
/// A session is marked seen again (and its cookie renewed) at most this often.
const TOUCH_AFTER_MINUTES: u32 = 10;
/// Characters in a token: 32 bytes as base64url without padding.
const TOKEN_CHARS: usize = 43;

/// Who is signed in, as other server functions see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The account's id (UUIDv7).
    pub account_id: String,
    /// What it may do.
    pub role: Role,
    /// Its agency (officers and agency admins).
    pub agency: Option<String>,
    /// Its login in normal form.
    pub login: String,
    /// Its password was chosen by an admin and must be changed before staff work.
    pub must_change_password: bool,
}

impl Identity {
    /// What the client may see of it.
    pub fn view(&self) -> AccountView {
        AccountView {
            login: self.login.clone(),
            role: self.role,
            agency: self.agency.clone(),
            must_change_password: self.must_change_password,
        }
    }
}

/// How session cookies are written, provided in context by the server.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthSettings {
    /// Mark the cookie `Secure` (served over HTTPS).
    pub secure_cookies: bool,
}

/// This request's session once it was looked up, created or ended, so later calls in the
/// same request agree.
#[derive(Clone, Debug)]
struct CurrentSession(Option<Session>);

/// The signed-in account of this request, or `None` (no cookie, an unknown or expired
/// session, an anonymous device session, or a disabled account).
pub async fn who() -> Result<Option<Identity>, AppError> {
    Ok(current_session()
        .await?
        .and_then(|s| s.account)
        .map(|a| Identity {
            account_id: a.id,
            role: a.role,
            agency: a.agency,
            login: a.login,
            must_change_password: a.must_change_password,
        }))
}

/// The id of this browser's session (the SHA-256 of its token, hex), signed in or not.
/// Without one, an anonymous session is created and its cookie set. The id changes when
/// the person signs in, up or out.
pub async fn device_session() -> Result<String, AppError> {
    if let Some(s) = current_session().await? {
        return Ok(s.token_hash);
    }
    Ok(start_session(None).await?.token_hash)
}

fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("session", "no request in context"))
}

pub(super) fn settings() -> Result<AuthSettings, AppError> {
    use_context::<AuthSettings>()
        .ok_or_else(|| AppError::internal("session", "no AuthSettings in context"))
}

/// The session cookie's name: [`SECURE_SESSION_COOKIE`] behind HTTPS, else [`SESSION_COOKIE`].
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The well-formed session tokens in the request's cookies, in order: the one place a
/// session is read from a request. Behind HTTPS only the `__Host-` cookie counts.
pub fn session_tokens(headers: &HeaderMap, secure: bool) -> Vec<String> {
    let name = session_cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::values(v, name))
        .filter(|v| {
            v.len() == TOKEN_CHARS
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_string)
        .collect()
}

/// The first live session named by the request's cookies, with its token.
async fn find_session(
    pool: &crate::store::Db,
    headers: &HeaderMap,
    secure: bool,
) -> Result<Option<(String, Session)>, StoreError> {
    for token in session_tokens(headers, secure) {
        if let Some(s) =
            accounts::session(pool, &token_hash(&token), TOUCH_AFTER_MINUTES, LIFETIME).await?
        {
            return Ok(Some((token, s)));
        }
    }
    Ok(None)
}

/// The signed-in (enabled) account of a request, for plain axum handlers outside server
/// functions (`/staff/berkas/…`): the same cookie, lifetime and rules as [`who`], without
/// sliding the session.
pub async fn signed_in(
    pool: &crate::store::Db,
    headers: &HeaderMap,
    settings: AuthSettings,
) -> Result<Option<accounts::Account>, StoreError> {
    Ok(find_session(pool, headers, settings.secure_cookies)
        .await?
        .and_then(|(_, s)| s.account))
}

/// The SHA-256 of a token, lowercase hex: what the database keeps.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::domain::file::hex(&Sha256::digest(token.as_bytes()))
}

/// A new cookie token: 32 random bytes, base64url without padding (43 characters). Every
/// secret a cookie or a link carries is made here.
pub fn new_token() -> Result<String, AppError> {
    use base64::Engine;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(super::password::random::<32>()?))
}

/// The `Set-Cookie` value for `token` (`None`: clear the cookie).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    let (value, max_age_secs) = match token {
        Some(t) => (t, u64::from(SESSION_DAYS) * 24 * 60 * 60),
        None => ("", 0),
    };
    let attributes = cookie::Attributes {
        max_age_secs,
        http_only: true,
        secure,
    };
    cookie::set_cookie(session_cookie_name(secure), value, attributes)
}

pub(super) fn set_cookie(token: Option<&str>) -> Result<(), AppError> {
    send_cookie(&session_cookie(token, settings()?.secure_cookies))
}

/// Adds a `Set-Cookie` (written by `domain::cookie`) to this server function's response.
pub(super) fn send_cookie(cookie: &str) -> Result<(), AppError> {
    let value = HeaderValue::from_str(cookie).map_err(|e| AppError::internal("cookie", e))?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(header::SET_COOKIE, value);
    }
    Ok(())
}

/// This request's live session: from the cookie, slid forward when last seen a while ago.
async fn current_session() -> Result<Option<Session>, AppError> {
    if let Some(CurrentSession(s)) = use_context::<CurrentSession>() {
        return Ok(s);
    }
    let parts = request_parts()?;
    let pool = pool()?;
    let found = find_session(&pool, &parts.headers, settings()?.secure_cookies).await?;
    if let Some((token, s)) = &found {
        if s.stale {
            accounts::touch_session(&pool, &s.token_hash, SESSION_DAYS).await?;
            set_cookie(Some(token))?;
        }
    }
    let found = found.map(|(_, s)| s);
    provide_context(CurrentSession(found.clone()));
    Ok(found)
}

/// Deletes the sessions named by the cookies in `headers` (the password and the identity
/// sign-ins both end them before a new one starts).
pub async fn delete_sessions_of(
    pool: &crate::store::Db,
    headers: &HeaderMap,
    secure: bool,
) -> Result<(), AppError> {
    for token in session_tokens(headers, secure) {
        accounts::delete_session(pool, &token_hash(&token)).await?;
    }
    Ok(())
}

/// Stores a new session for `account_id` (or an anonymous one): its cookie token and the hash
/// kept in the database.
pub async fn store_session(
    pool: &crate::store::Db,
    account_id: Option<&str>,
) -> Result<(String, String), AppError> {
    let token = new_token()?;
    let hash = token_hash(&token);
    accounts::create_session(pool, &hash, account_id, SESSION_DAYS, LIFETIME).await?;
    Ok((token, hash))
}

/// Ends the sessions named by this request's cookies (a new one replaces them).
pub(super) async fn end_sessions() -> Result<(), AppError> {
    let pool = pool()?;
    delete_sessions_of(&pool, &request_parts()?.headers, settings()?.secure_cookies).await?;
    provide_context(CurrentSession(None));
    Ok(())
}

/// Starts a new session for `account` (or an anonymous one) and sets its cookie.
pub(super) async fn start_session(account: Option<accounts::Account>) -> Result<Session, AppError> {
    let pool = pool()?;
    let (token, hash) = store_session(&pool, account.as_ref().map(|a| a.id.as_str())).await?;
    set_cookie(Some(&token))?;
    let session = Session {
        token_hash: hash,
        account,
        stale: false,
    };
    provide_context(CurrentSession(Some(session.clone())));
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_url_safe_characters_and_only_their_hash_is_kept() {
        let t = new_token().unwrap();
        assert_eq!(t.len(), TOKEN_CHARS);
        assert_ne!(t, new_token().unwrap());
        let h = token_hash(&t);
        assert_eq!(h.len(), 64);
        assert!(!h.contains(&t));
    }

    #[test]
    fn only_well_formed_session_cookies_are_read() {
        let good = new_token().unwrap();
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("loket_lang=en; {SESSION_COOKIE}=short")).unwrap(),
        );
        h.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("{SESSION_COOKIE}={good}; x=1")).unwrap(),
        );
        h.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("{SESSION_COOKIE}={}", "a;".repeat(22))).unwrap(),
        );
        assert_eq!(session_tokens(&h, false), vec![good.clone()]);
        assert_eq!(
            session_tokens(&h, true),
            Vec::<String>::new(),
            "behind HTTPS only the __Host- cookie counts"
        );
        h.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("{SECURE_SESSION_COOKIE}={good}")).unwrap(),
        );
        assert_eq!(session_tokens(&h, true), vec![good]);
    }

    #[test]
    fn the_cookie_is_http_only_same_site_and_secure_when_asked() {
        let c = session_cookie(Some("abc"), true);
        assert_eq!(
            c,
            "__Host-loket_session=abc; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure"
        );
        assert_eq!(
            session_cookie(None, false),
            "loket_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        );
    }
}
