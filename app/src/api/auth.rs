//! Accounts and sessions: sign-up, sign-in, sign-out, password change, who is signed in, and
//! staff accounts (invite, disable, enable). The server side (ssr) also offers [`who`] and
//! [`device_session`] to other server functions, for authorization and for tying things to a
//! device, and [`signed_in`] to plain axum handlers.
//!
//! A session is a cookie holding 32 random bytes (base64url); the database keeps only their
//! SHA-256. The cookie is `__Host-loket_session` (Secure, Path=/, no Domain) with
//! `--secure-cookies`, else `loket_session`; HttpOnly and SameSite=Lax. It lasts 30 days from
//! when it was last used (sliding), and never longer than its absolute lifetime from its
//! creation: 30 days for citizens, 12 hours for staff and admins. Signing in or up, signing
//! out and changing one's password always start a new session (a token planted before sign-in
//! is never promoted); a password change, disabling and enabling end all the account's sessions.

use crate::domain::account::{AccountView, Role};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub use server_side::*;

/// Creates a citizen's account and signs it in on this browser. A login that exists already
/// is refused (409); a weak password or an unreadable login is refused with the rule (422).
#[server(prefix = "/api", endpoint = "auth/sign-up", input = server_fn::codec::Json)]
pub async fn sign_up(login: String, password: String) -> Result<AccountView, AppError> {
    server_side::sign_up(&login, &password)
        .await
        .map_err(AppError::sent)
}

/// Signs in. A wrong login or password gets one answer for both (401); too many failures from
/// one address (20 per 15 minutes) get 429 with `Retry-After`. Past 5 failures per 15 minutes
/// for a login, every try waits a moment and a wrong password gets 429 with `Retry-After`, but
/// the right one still signs in: nobody can lock an account out by guessing at it.
#[server(prefix = "/api", endpoint = "auth/sign-in", input = server_fn::codec::Json)]
pub async fn sign_in(login: String, password: String) -> Result<AccountView, AppError> {
    server_side::sign_in(&login, &password)
        .await
        .map_err(AppError::sent)
}

/// Signs out: ends this browser's session (signed in or not) and clears its cookie.
#[server(prefix = "/api", endpoint = "auth/sign-out", input = server_fn::codec::Json)]
pub async fn sign_out() -> Result<(), AppError> {
    server_side::sign_out().await.map_err(AppError::sent)
}

/// Signing in from a plain HTML form (the back office's sign-in page, with or without
/// JavaScript): the same checks and limits as `auth/sign-in`, then the browser goes to `next`
/// (a `/staff` page) or back to the form with `?gagal=1`.
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
    match server_side::sign_in(&login, &password).await {
        Ok(_) => {
            leptos_axum::redirect(&next);
            Ok(())
        }
        Err(e) => {
            // A form gets the page back (302), saying it failed; not a 401 a browser would show.
            let back = if next.contains('?') {
                format!("{next}&gagal=1")
            } else {
                format!("{next}?gagal=1")
            };
            leptos_axum::redirect(&back);
            Err(e)
        }
    }
}

/// Changes the signed-in account's password: the current one, and a new one by the rules of
/// sign-up. Every session of the account ends; this browser gets a new one. Clears the mark of
/// a temporary password. A wrong current password is 403 (`wrong_password`) and counts as a
/// failed sign-in for the login.
#[server(prefix = "/api", endpoint = "auth/change-password", input = server_fn::codec::Json)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<AccountView, AppError> {
    server_side::change_password(&current_password, &new_password)
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
    let result = server_side::change_password(&current_password, &new_password).await;
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
    server_side::sign_out().await.map_err(AppError::sent)
}

/// A citizen's account from the plain form on `/akun` (without JavaScript; with it the app
/// uses `auth/sign-up` and claims this phone's requests too). Back to `/akun`.
#[server(prefix = "/api", endpoint = "auth/sign-up-form", input = server_fn::codec::PostUrl)]
pub async fn sign_up_form(login: String, password: String) -> Result<(), AppError> {
    let result = server_side::sign_up(&login, &password).await.map(|_| ());
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

/// Creates a staff account with a temporary password. An agency admin invites officers of
/// their own agency (`role` and `agency` may be left out); a system admin names the agency and
/// may invite an agency admin. Written to the audit log.
#[server(prefix = "/api", endpoint = "staff/invite", input = server_fn::codec::Json)]
pub async fn invite_staff(
    login: String,
    temporary_password: String,
    role: Option<Role>,
    agency: Option<String>,
) -> Result<AccountView, AppError> {
    server_side::invite_staff(&login, &temporary_password, role, agency)
        .await
        .map_err(AppError::sent)
}

/// `staff/invite` from the back office's plain form: an officer of the admin's agency; back to
/// the officers page (`?gagal=1` when refused).
#[server(prefix = "/api", endpoint = "staff/invite-form", input = server_fn::codec::PostUrl)]
pub async fn invite_staff_form(login: String, temporary_password: String) -> Result<(), AppError> {
    let result = server_side::invite_staff(&login, &temporary_password, None, None)
        .await
        .map(|_| ());
    leptos_axum::redirect(if result.is_ok() {
        "/staff/petugas"
    } else {
        "/staff/petugas?gagal=1"
    });
    result
}

/// `staff/enable` from the back office's plain form.
#[server(prefix = "/api", endpoint = "staff/enable-form", input = server_fn::codec::PostUrl)]
pub async fn enable_staff_form(login: String) -> Result<(), AppError> {
    let result = server_side::enable_staff(&login).await.map(|_| ());
    leptos_axum::redirect(if result.is_ok() {
        "/staff/petugas"
    } else {
        "/staff/petugas?gagal=1"
    });
    result
}

/// Enables a disabled account again, with the same rules as `staff/disable` (an agency admin:
/// one of their agency; a system admin: any). Its old sessions stay ended; the person signs in
/// with their password. Written to the audit log.
#[server(prefix = "/api", endpoint = "staff/enable", input = server_fn::codec::Json)]
pub async fn enable_staff(login: String) -> Result<AccountView, AppError> {
    server_side::enable_staff(&login)
        .await
        .map_err(AppError::sent)
}

/// `staff/disable` from the back office's plain form.
#[server(prefix = "/api", endpoint = "staff/disable-form", input = server_fn::codec::PostUrl)]
pub async fn disable_staff_form(login: String) -> Result<(), AppError> {
    let result = server_side::disable_staff(&login).await.map(|_| ());
    leptos_axum::redirect(if result.is_ok() {
        "/staff/petugas"
    } else {
        "/staff/petugas?gagal=1"
    });
    result
}

/// Disables an account (an agency admin: one of their agency; a system admin: any but their
/// own) and ends its sessions at once. Written to the audit log.
#[server(prefix = "/api", endpoint = "staff/disable", input = server_fn::codec::Json)]
pub async fn disable_staff(login: String) -> Result<AccountView, AppError> {
    server_side::disable_staff(&login)
        .await
        .map_err(AppError::sent)
}

#[cfg(feature = "ssr")]
mod server_side {
    use crate::api::pool;
    use crate::domain::account::{
        password_problem, AccountRefusal, AccountView, Login, PasswordProblem, Role,
        MAX_LOGIN_CHARS,
    };
    use crate::error::AppError;
    use crate::store::accounts::{self, Audit, Created, Lifetime, NewAccount, Session};
    use crate::store::limits::{ClientIp, LimitError, Limits};
    use crate::store::StoreError;
    use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
    use leptos::prelude::{provide_context, use_context};
    use std::sync::{Arc, OnceLock};

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

    // ---- sessions ---------------------------------------------------------------------------

    fn request_parts() -> Result<Parts, AppError> {
        use_context::<Parts>().ok_or_else(|| AppError::internal("session", "no request in context"))
    }

    fn settings() -> Result<AuthSettings, AppError> {
        use_context::<AuthSettings>()
            .ok_or_else(|| AppError::internal("session", "no AuthSettings in context"))
    }

    fn limits() -> Result<Arc<Limits>, AppError> {
        use_context::<Arc<Limits>>()
            .ok_or_else(|| AppError::internal("session", "no Limits in context"))
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
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .filter(|(k, v)| {
                *k == name
                    && v.len() == TOKEN_CHARS
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
            .map(|(_, v)| v.to_string())
            .collect()
    }

    /// The first live session named by the request's cookies, with its token.
    async fn find_session(
        pool: &sqlx::SqlitePool,
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
        pool: &sqlx::SqlitePool,
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
        Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn random<const N: usize>() -> Result<[u8; N], AppError> {
        let mut b = [0u8; N];
        getrandom::getrandom(&mut b).map_err(|e| AppError::internal("random bytes", e))?;
        Ok(b)
    }

    fn new_token() -> Result<String, AppError> {
        use base64::Engine;
        Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random::<32>()?))
    }

    /// A new account id (UUIDv7).
    pub fn new_account_id() -> Result<String, AppError> {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| AppError::internal("account id: clock", e))?
            .as_millis() as u64;
        Ok(crate::domain::application::uuid_v7(millis, random::<10>()?))
    }

    /// The `Set-Cookie` value for `token` (`None`: clear the cookie).
    pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
        let name = session_cookie_name(secure);
        let secure = if secure { "; Secure" } else { "" };
        let (value, age) = match token {
            Some(t) => (t, u64::from(SESSION_DAYS) * 24 * 60 * 60),
            None => ("", 0),
        };
        format!("{name}={value}; Path=/; Max-Age={age}; HttpOnly; SameSite=Lax{secure}")
    }

    fn set_cookie(token: Option<&str>) -> Result<(), AppError> {
        let cookie = session_cookie(token, settings()?.secure_cookies);
        let value =
            HeaderValue::from_str(&cookie).map_err(|e| AppError::internal("session cookie", e))?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.append_header(header::SET_COOKIE, value);
        }
        Ok(())
    }

    fn db(context: &'static str) -> impl Fn(StoreError) -> AppError {
        move |e| AppError::internal(context, e)
    }

    /// This request's live session: from the cookie, slid forward when last seen a while ago.
    async fn current_session() -> Result<Option<Session>, AppError> {
        if let Some(CurrentSession(s)) = use_context::<CurrentSession>() {
            return Ok(s);
        }
        let parts = request_parts()?;
        let pool = pool()?;
        let found = find_session(&pool, &parts.headers, settings()?.secure_cookies)
            .await
            .map_err(db("session"))?;
        if let Some((token, s)) = &found {
            if s.stale {
                accounts::touch_session(&pool, &s.token_hash, SESSION_DAYS)
                    .await
                    .map_err(db("session: touch"))?;
                set_cookie(Some(token))?;
            }
        }
        let found = found.map(|(_, s)| s);
        provide_context(CurrentSession(found.clone()));
        Ok(found)
    }

    /// Ends the sessions named by this request's cookies (a new one replaces them).
    async fn end_sessions() -> Result<(), AppError> {
        let pool = pool()?;
        for token in session_tokens(&request_parts()?.headers, settings()?.secure_cookies) {
            accounts::delete_session(&pool, &token_hash(&token))
                .await
                .map_err(db("session: end"))?;
        }
        provide_context(CurrentSession(None));
        Ok(())
    }

    /// Starts a new session for `account` (or an anonymous one) and sets its cookie.
    async fn start_session(account: Option<accounts::Account>) -> Result<Session, AppError> {
        let pool = pool()?;
        let token = new_token()?;
        let hash = token_hash(&token);
        accounts::create_session(
            &pool,
            &hash,
            account.as_ref().map(|a| a.id.as_str()),
            SESSION_DAYS,
            LIFETIME,
        )
        .await
        .map_err(db("session: start"))?;
        set_cookie(Some(&token))?;
        let session = Session {
            token_hash: hash,
            account,
            stale: false,
        };
        provide_context(CurrentSession(Some(session.clone())));
        Ok(session)
    }

    // ---- passwords --------------------------------------------------------------------------

    /// At most this many hashes at once: each takes about 19 MiB and a core for a moment.
    static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

    /// Runs password work off the async threads, a few at a time.
    async fn hashing<T: Send + 'static>(
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = HASHING
            .acquire()
            .await
            .map_err(|e| AppError::internal("password hashing", e))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AppError::internal("password hashing", e))
    }

    fn hash_now(password: &[u8], salt: [u8; 16]) -> Result<String, String> {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
        argon2::Argon2::default()
            .hash_password(password, &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    }

    /// An argon2id hash of `password` (default parameters, a random salt) as a PHC string.
    pub async fn hash_password(password: &str) -> Result<String, AppError> {
        let (password, salt) = (password.as_bytes().to_vec(), random::<16>()?);
        hashing(move || hash_now(&password, salt))
            .await?
            .map_err(|e| AppError::internal("password hashing", e))
    }

    /// A hash of a random password, checked against when a login has no account, so that a
    /// wrong login takes as long as a wrong password.
    static DECOY: OnceLock<Result<String, String>> = OnceLock::new();

    /// True when `password` matches the PHC string `phc` (`None`: check against a decoy and
    /// say no, taking the same time).
    async fn verify_password(password: &str, phc: Option<String>) -> Result<bool, AppError> {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let password = password.as_bytes().to_vec();
        let decoy_salt = random::<16>()?;
        let decoy_password = random::<16>()?;
        hashing(move || {
            let real = phc.is_some();
            let phc = match phc {
                Some(p) => p,
                None => DECOY
                    .get_or_init(|| hash_now(&decoy_password, decoy_salt))
                    .clone()?,
            };
            let parsed = PasswordHash::new(&phc).map_err(|e| e.to_string())?;
            Ok::<bool, String>(
                argon2::Argon2::default()
                    .verify_password(&password, &parsed)
                    .is_ok()
                    && real,
            )
        })
        .await?
        .map_err(|e| AppError::internal("password check", e))
    }

    // ---- the server functions' work ---------------------------------------------------------

    fn view(a: &accounts::Account) -> AccountView {
        AccountView {
            login: a.login.clone(),
            role: a.role,
            agency: a.agency.clone(),
            must_change_password: a.must_change_password,
        }
    }

    fn refuse(r: AccountRefusal) -> AppError {
        AppError::Account(r)
    }

    /// The key the client's address is limited by (`unknown` when the server did not say).
    fn client_key() -> Result<String, AppError> {
        Ok(request_parts()?
            .extensions
            .get::<ClientIp>()
            .map_or_else(|| "unknown".to_string(), |ip| ip.key()))
    }

    /// Reads a login and checks a new password against the rules.
    fn checked(login: &str, password: &str) -> Result<Login, AppError> {
        let parsed = Login::parse(login).ok_or(refuse(AccountRefusal::BadLogin))?;
        if let Some(p) = password_problem(password, login) {
            return Err(refuse(AccountRefusal::Password(p)));
        }
        Ok(parsed)
    }

    pub(super) async fn sign_up(login: &str, password: &str) -> Result<AccountView, AppError> {
        let login = checked(login, password)?;
        limits()?.sign_up_per_ip.take(&client_key()?).await?;
        let id = new_account_id()?;
        let hash = hash_password(password).await?;
        let new = NewAccount {
            id: &id,
            login: &login,
            password_hash: &hash,
            role: Role::Citizen,
            agency: None,
            invited_by: None,
        };
        match accounts::create(&pool()?, &new, None)
            .await
            .map_err(db("sign-up"))?
        {
            Created::LoginTaken => Err(refuse(AccountRefusal::LoginTaken)),
            Created::New(_) => {
                let account = accounts::Account {
                    id,
                    login: login.to_string(),
                    password_hash: hash,
                    role: Role::Citizen,
                    agency: None,
                    disabled: false,
                    must_change_password: false,
                };
                end_sessions().await?;
                Ok(view(
                    &start_session(Some(account))
                        .await?
                        .account
                        .ok_or(AppError::Internal)?,
                ))
            }
        }
    }

    pub(super) async fn sign_in(login: &str, password: &str) -> Result<AccountView, AppError> {
        let limits = limits()?;
        let parsed = Login::parse(login);
        // Limit by what the login will be looked up as; a login that cannot exist still counts.
        let login_key: String = match &parsed {
            Some(l) => l.to_string(),
            None => login
                .trim()
                .to_lowercase()
                .chars()
                .take(MAX_LOGIN_CHARS)
                .collect(),
        };
        let ip_key = client_key()?;
        let db_limit = |e: crate::store::StoreError| AppError::internal("sign-in limit", e);
        // The login itself is not logged (it is personal data); the address is.
        // Past its budget, an address is refused without a check: that stops only this address.
        if let Err(e) = limits.sign_in_per_ip.take(&ip_key).await {
            if matches!(e, LimitError::Limited(_)) {
                tracing::warn!(client = %ip_key, "sign-in refused: too many failures from one address");
            }
            return Err(e.into());
        }
        // Past its budget, a login is not refused (anyone could lock out anyone, admins
        // included): every try waits, and then only the right password gets in.
        let locked = match limits.sign_in_per_login.take(&login_key).await {
            Ok(()) => None,
            Err(LimitError::Limited(l)) => Some(l),
            Err(e) => return Err(e.into()),
        };
        if locked.is_some() {
            tracing::warn!(client = %ip_key, "sign-in slowed: too many failures for one login");
            limits.clock.sleep(limits.locked_sign_in_delay).await;
        }
        let account = match &parsed {
            Some(l) => accounts::by_login(&pool()?, l)
                .await
                .map_err(db("sign-in"))?,
            None => None,
        };
        let matches =
            verify_password(password, account.as_ref().map(|a| a.password_hash.clone())).await?;
        let account = match account {
            Some(a) if matches && !a.disabled => a,
            other => {
                audit_sign_in(other.as_ref(), false, &ip_key).await?;
                return Err(
                    locked.map_or(AppError::Unauthorized, |l| AppError::RateLimited {
                        retry_after_secs: l.retry_after_secs,
                    }),
                );
            }
        };
        // Only failures count: a success gives back what it took.
        if locked.is_none() {
            limits
                .sign_in_per_login
                .give_back(&login_key)
                .await
                .map_err(db_limit)?;
        }
        limits
            .sign_in_per_ip
            .give_back(&ip_key)
            .await
            .map_err(db_limit)?;
        end_sessions().await?;
        start_session(Some(account.clone())).await?;
        audit_sign_in(Some(&account), true, &ip_key).await?;
        Ok(view(&account))
    }

    /// Writes a sign-in whose password was checked to the audit log: `auth.sign_in` by the
    /// account, or `auth.sign_in_failed` about the account when the login has one (never the
    /// login typed, nor the password), with the client's address. Its own transaction: the
    /// session store does not share one with it.
    async fn audit_sign_in(
        account: Option<&accounts::Account>,
        ok: bool,
        client: &str,
    ) -> Result<(), AppError> {
        let subject = account.map_or("unknown", |a| a.id.as_str());
        let (actor, action) = if ok {
            (subject, "auth.sign_in")
        } else {
            ("anonymous", "auth.sign_in_failed")
        };
        let why = match account {
            _ if ok => None,
            Some(a) if a.disabled => Some("disabled"),
            Some(_) => Some("wrong_password"),
            None => Some("no_account"),
        };
        let after = serde_json::json!({ "client": client, "reason": why });
        let audit = Audit {
            actor,
            action,
            subject,
            before: None,
            after: Some(after),
        };
        crate::store::audit::record(&pool()?, &audit)
            .await
            .map_err(db("sign-in: audit"))
    }

    pub(super) async fn sign_out() -> Result<(), AppError> {
        let me = who().await?;
        end_sessions().await?;
        set_cookie(None)?;
        if let Some(me) = me {
            let audit = Audit {
                actor: &me.account_id,
                action: "auth.sign_out",
                subject: &me.account_id,
                before: None,
                after: None,
            };
            crate::store::audit::record(&pool()?, &audit)
                .await
                .map_err(db("sign-out: audit"))?;
        }
        Ok(())
    }

    pub(super) async fn change_password(current: &str, new: &str) -> Result<AccountView, AppError> {
        let me = who().await?.ok_or(AppError::Unauthorized)?;
        if let Some(p) = password_problem(new, &me.login) {
            return Err(refuse(AccountRefusal::Password(p)));
        }
        if new == current {
            return Err(refuse(AccountRefusal::Password(PasswordProblem::Unchanged)));
        }
        // A wrong current password counts as a failed sign-in for the login, so a borrowed
        // session cannot guess it faster than the sign-in form could.
        let limits = limits()?;
        limits.sign_in_per_login.take(&me.login).await?;
        let pool = pool()?;
        let account = accounts::by_id(&pool, &me.account_id)
            .await
            .map_err(db("change password"))?
            .ok_or(AppError::Unauthorized)?;
        if !verify_password(current, Some(account.password_hash.clone())).await? {
            return Err(refuse(AccountRefusal::WrongPassword));
        }
        limits
            .sign_in_per_login
            .give_back(&me.login)
            .await
            .map_err(|e| AppError::internal("change password: limit", e))?;
        let hash = hash_password(new).await?;
        let audit = Audit {
            actor: &me.account_id,
            action: "account.password",
            subject: &me.account_id,
            before: Some(
                serde_json::json!({ "must_change_password": account.must_change_password }),
            ),
            after: Some(serde_json::json!({ "must_change_password": false })),
        };
        // Every session of the account ends (a thief's too); this browser starts a new one.
        accounts::set_password(&pool, &account.id, &hash, &audit)
            .await
            .map_err(db("change password"))?;
        end_sessions().await?;
        let account = accounts::Account {
            password_hash: hash,
            must_change_password: false,
            ..account
        };
        start_session(Some(account.clone())).await?;
        Ok(view(&account))
    }

    /// The signed-in admin, or why not (an admin whose password is temporary must change it first).
    async fn admin() -> Result<Identity, AppError> {
        let me = who().await?.ok_or(AppError::Unauthorized)?;
        match me.role {
            Role::AgencyAdmin | Role::SystemAdmin if me.must_change_password => {
                Err(refuse(AccountRefusal::MustChangePassword))
            }
            Role::AgencyAdmin | Role::SystemAdmin => Ok(me),
            Role::Citizen | Role::Officer => Err(AppError::Forbidden),
        }
    }

    /// The role and agency an invitation by `admin` may give, or why not.
    async fn grantable(
        admin: &Identity,
        role: Option<Role>,
        agency: Option<String>,
    ) -> Result<(Role, String), AppError> {
        let role = role.unwrap_or(Role::Officer);
        match admin.role {
            Role::AgencyAdmin => {
                let own = admin.agency.clone().ok_or_else(|| {
                    AppError::internal("invite", "agency admin without an agency")
                })?;
                if role != Role::Officer || agency.is_some_and(|a| a != own) {
                    return Err(AppError::Forbidden);
                }
                Ok((role, own))
            }
            Role::SystemAdmin => {
                if !role.has_agency() {
                    return Err(refuse(AccountRefusal::BadRole));
                }
                let agency = agency.ok_or(refuse(AccountRefusal::UnknownAgency))?;
                let exists = crate::domain::catalogue::is_valid_slug(&agency)
                    && accounts::agency_exists(&pool()?, &agency)
                        .await
                        .map_err(db("invite: agency"))?;
                if !exists {
                    return Err(refuse(AccountRefusal::UnknownAgency));
                }
                Ok((role, agency))
            }
            Role::Citizen | Role::Officer => Err(AppError::Forbidden),
        }
    }

    pub(super) async fn invite_staff(
        login: &str,
        password: &str,
        role: Option<Role>,
        agency: Option<String>,
    ) -> Result<AccountView, AppError> {
        let admin = admin().await?;
        let (role, agency) = grantable(&admin, role, agency).await?;
        let login = checked(login, password)?;
        let id = new_account_id()?;
        let hash = hash_password(password).await?;
        let made = AccountView {
            login: login.to_string(),
            role,
            agency: Some(agency.clone()),
            must_change_password: false,
        };
        let after =
            serde_json::to_value(&made).map_err(|e| AppError::internal("invite: audit", e))?;
        let audit = Audit {
            actor: &admin.account_id,
            action: "staff.invite",
            subject: &id,
            before: None,
            after: Some(after),
        };
        let new = NewAccount {
            id: &id,
            login: &login,
            password_hash: &hash,
            role,
            agency: Some(&agency),
            invited_by: Some(&admin.account_id),
        };
        match accounts::create(&pool()?, &new, Some(&audit))
            .await
            .map_err(db("invite"))?
        {
            Created::LoginTaken => Err(refuse(AccountRefusal::LoginTaken)),
            // The audit row keeps the invitation as asked; the account must change its password.
            Created::New(_) => Ok(AccountView {
                must_change_password: true,
                ..made
            }),
        }
    }

    /// The account's state as the audit log records it (never its password hash).
    fn audited(a: &accounts::Account, disabled: bool) -> serde_json::Value {
        serde_json::json!({ "login": a.login, "role": a.role, "agency": a.agency, "disabled": disabled })
    }

    /// The account `admin` may disable or enable by `login`, or why not.
    async fn managed(admin: &Identity, login: &str) -> Result<accounts::Account, AppError> {
        let login = Login::parse(login).ok_or(refuse(AccountRefusal::BadLogin))?;
        let target = accounts::by_login(&pool()?, &login)
            .await
            .map_err(db("staff account"))?;
        // An agency admin learns nothing about accounts outside their agency: missing and
        // foreign are the same refusal.
        match (admin.role, target) {
            (Role::SystemAdmin, None) => Err(refuse(AccountRefusal::NoSuchAccount)),
            (Role::SystemAdmin, Some(t)) => Ok(t),
            (_, Some(t)) if t.agency.is_some() && t.agency == admin.agency => Ok(t),
            _ => Err(AppError::Forbidden),
        }
    }

    pub(super) async fn enable_staff(login: &str) -> Result<AccountView, AppError> {
        let admin = admin().await?;
        let target = managed(&admin, login).await?;
        let audit = Audit {
            actor: &admin.account_id,
            action: "staff.enable",
            subject: &target.id,
            before: Some(audited(&target, target.disabled)),
            after: Some(audited(&target, false)),
        };
        accounts::enable(&pool()?, &target.id, &audit)
            .await
            .map_err(db("enable"))?;
        Ok(view(&target))
    }

    pub(super) async fn disable_staff(login: &str) -> Result<AccountView, AppError> {
        let admin = admin().await?;
        let pool = pool()?;
        let target = managed(&admin, login).await?;
        if target.id == admin.account_id {
            return Err(refuse(AccountRefusal::IsYourself));
        }
        let audit = Audit {
            actor: &admin.account_id,
            action: "staff.disable",
            subject: &target.id,
            before: Some(audited(&target, target.disabled)),
            after: Some(audited(&target, true)),
        };
        accounts::disable(&pool, &target.id, &audit)
            .await
            .map_err(db("disable"))?;
        Ok(view(&target))
    }

    /// Creates a system admin (the command line's `create-admin`), after the same checks as
    /// sign-up; written to the audit log with `cli` as the actor. Returns the account id.
    pub async fn create_system_admin(
        pool: &sqlx::SqlitePool,
        login: &str,
        password: &str,
    ) -> Result<String, AppError> {
        let login = checked(login, password)?;
        let id = new_account_id()?;
        let hash = hash_password(password).await?;
        let after = serde_json::json!({ "login": login.as_str(), "role": Role::SystemAdmin, "agency": null });
        let audit = Audit {
            actor: "cli",
            action: "admin.create",
            subject: &id,
            before: None,
            after: Some(after),
        };
        let new = NewAccount {
            id: &id,
            login: &login,
            password_hash: &hash,
            role: Role::SystemAdmin,
            agency: None,
            invited_by: None,
        };
        match accounts::create(pool, &new, Some(&audit))
            .await
            .map_err(db("create-admin"))?
        {
            Created::LoginTaken => Err(refuse(AccountRefusal::LoginTaken)),
            Created::New(id) => Ok(id),
        }
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

        #[tokio::test]
        async fn passwords_hash_to_argon2id_and_verify() {
            let h = hash_password("kopi tubruk pagi").await.unwrap();
            assert!(h.starts_with("$argon2id$v=19$"), "{h}");
            assert!(verify_password("kopi tubruk pagi", Some(h.clone()))
                .await
                .unwrap());
            assert!(!verify_password("kopi tubruk sore", Some(h)).await.unwrap());
            assert!(
                !verify_password("kopi tubruk pagi", None).await.unwrap(),
                "the decoy never matches"
            );
        }
    }
}
