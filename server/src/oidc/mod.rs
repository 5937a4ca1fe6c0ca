//! Sign-in with OpenID Connect (issue 13 §4): a relying party for any number of providers
//! (`--oidc-provider`, [`config`]).
//!
//! - `GET /auth/oidc/{provider}?next=` starts a sign-in (from a link: a form posting here would
//!   be stopped by the CSP's `form-action 'self'` when it redirects to the provider). A pending
//!   sign-in (state, nonce, PKCE verifier, who is signed in, where to go after) is stored under
//!   the SHA-256 of a random handle, which the browser holds in an HttpOnly `SameSite=Lax`
//!   cookie (Lax: the provider's redirect back is a cross-site top-level GET).
//! - `GET /auth/oidc/{provider}/callback` takes that pending sign-in (one use), checks `state`
//!   and the RFC 9207 `iss` parameter when present, exchanges the code and checks the id_token
//!   ([`flow`]), then `app::api::auth::external` signs the identity in: the same ending as the
//!   password sign-in (a new session, audited).
//!
//! Every refusal is audited (`auth.sign_in_failed` with the reason), stores nothing else, and
//! answers the account page (or the back office's sign-in page) saying why, with a 4xx (502
//! when the provider could not be reached or refused). Answers are `no-store`; the service
//! worker passes `/auth/` through.

pub mod assertion;
pub mod config;
pub mod flow;

use app::api::auth::external::{self, ProviderLink, Providers, Vouched};
use app::api::auth::{token_hash, AuthSettings};
use app::domain::cookie;
use app::store::limits::{LimitError, Limits};
use app::store::oidc_pending::{self, Pending, PENDING_MINUTES};
use app::store::Db;
use axum::body::Body;
use axum::extract::{Path, Request};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use config::ProviderSpec;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The pending sign-in's cookie over plain HTTP.
const COOKIE: &str = "loket_oidc";
/// The pending sign-in's cookie behind HTTPS (`--secure-cookies`).
const SECURE_COOKIE: &str = "__Host-loket_oidc";

/// The providers and what signing in with them needs.
pub struct Oidc {
    providers: BTreeMap<String, flow::Provider>,
    http: flow::Http,
    pool: Db,
    settings: AuthSettings,
    /// `oidc_start_per_ip` limits the starts.
    limits: Arc<Limits>,
}

impl Oidc {
    /// Reads each provider's secret or key file; `public_url` is the base of the callback
    /// addresses registered at the providers (`<public-url>/auth/oidc/<id>/callback`).
    pub fn new(
        specs: &[ProviderSpec],
        public_url: &str,
        pool: Db,
        settings: AuthSettings,
        limits: Arc<Limits>,
    ) -> anyhow::Result<Oidc> {
        config::check_all(specs).map_err(anyhow::Error::msg)?;
        let base = public_url.trim_end_matches('/');
        let mut providers = BTreeMap::new();
        for spec in specs {
            let callback = format!("{base}/auth/oidc/{}/callback", spec.id);
            tracing::info!(%spec, %callback, "OIDC provider");
            providers.insert(
                spec.id.clone(),
                flow::Provider::new(spec.clone(), callback)?,
            );
        }
        Ok(Oidc {
            providers,
            http: flow::http()?,
            pool,
            settings,
            limits,
        })
    }

    /// The providers as the pages and the password sign-in see them.
    pub fn links(&self) -> Providers {
        Providers(
            self.providers
                .values()
                .map(|p| ProviderLink {
                    id: p.spec.id.clone(),
                    name: p.spec.name.clone(),
                    staff_agencies: p.spec.staff_agencies.clone(),
                })
                .collect(),
        )
    }
}

/// Why a sign-in was refused: its code (shown through `?oidc=`, written to the audit log) and
/// the answer's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    /// No pending sign-in for this browser, or `state` differs.
    State,
    /// The provider said no, could not be reached, or refused the code (used twice).
    Provider,
    /// The id_token failed a check.
    Token,
    /// The callback's `iss` is not this provider (a mix-up).
    Issuer,
    /// The identity could not sign in (`external::IdentityRefusal`).
    Identity(external::IdentityRefusal),
    /// Too many sign-ins started from this address (`oidc_start_per_ip`).
    Limited,
}

impl Refusal {
    fn code(self) -> &'static str {
        match self {
            Refusal::State => "state",
            Refusal::Provider => "provider",
            Refusal::Token => "token",
            Refusal::Issuer => "issuer",
            Refusal::Identity(r) => r.code(),
            Refusal::Limited => "limited",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Refusal::Provider => StatusCode::BAD_GATEWAY,
            Refusal::Identity(_) => StatusCode::FORBIDDEN,
            Refusal::Limited => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// `GET /auth/oidc/{provider}`.
pub async fn start<P, F>(oidc: Arc<Oidc>, provider: Path<String>, req: Request, page: P) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    let (req, _) = req.into_parts();
    let Some(p) = oidc.providers.get(provider.as_str()) else {
        return not_found(&page, &req.headers).await;
    };
    let next = query(&req, "next")
        .as_deref()
        .and_then(app::domain::route::safe_next)
        .filter(|n| {
            n == "/akun"
                || n.starts_with("/akun?")
                || n == "/staff"
                || n.starts_with("/staff/")
                || n.starts_with("/staff?")
        })
        .unwrap_or_else(|| "/akun".into());
    let client = client_key(&req);
    // Before the provider is asked: a loop of starts is slowed here, not passed on. Not
    // audited (the log would grow with the loop); the page says when to try again.
    match oidc.limits.oidc_start_per_ip.take(&client).await {
        Ok(()) => {}
        Err(LimitError::Limited(l)) => {
            tracing::info!(provider = %p.spec.id, "OIDC sign-in starts limited for a client");
            let mut res = refused_page(
                &page,
                &req.headers,
                Refusal::Limited,
                &next,
                oidc.settings.secure_cookies,
            )
            .await;
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(l.retry_after_secs));
            return res;
        }
        Err(e) => return internal(e),
    }
    let signed_in = match app::api::auth::signed_in(&oidc.pool, &req.headers, oidc.settings).await {
        Ok(a) => a.map(|a| a.id),
        Err(e) => return internal(e),
    };
    let started = match p.start(&oidc.http).await {
        Ok(s) => s,
        Err(f) => {
            tracing::warn!(provider = %p.spec.id, failure = ?f, "OIDC sign-in could not start");
            return refuse(
                &oidc,
                &page,
                &req.headers,
                &p.spec.id,
                &client,
                Refusal::Provider,
                &next,
            )
            .await;
        }
    };
    let handle = match app::api::auth::new_token() {
        Ok(h) => h,
        Err(e) => return internal(e),
    };
    let pending = Pending {
        handle_hash: token_hash(&handle),
        provider: p.spec.id.clone(),
        state: started.state,
        nonce: started.nonce,
        verifier: started.verifier,
        account_id: signed_in,
        next,
    };
    if let Err(e) = oidc_pending::insert(&oidc.pool, &pending).await {
        return internal(e);
    }
    let cookie = pending_cookie(Some(&handle), oidc.settings.secure_cookies);
    see_other(&started.url, &[cookie])
}

/// `GET /auth/oidc/{provider}/callback`.
pub async fn callback<P, F>(
    oidc: Arc<Oidc>,
    provider: Path<String>,
    req: Request,
    page: P,
) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    let (req, _) = req.into_parts();
    let Some(p) = oidc.providers.get(provider.as_str()) else {
        return not_found(&page, &req.headers).await;
    };
    let client = client_key(&req);
    let secure = oidc.settings.secure_cookies;
    // The pending sign-in is taken whatever happens next: a callback is good once.
    let handle = req
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::values(v, cookie_name(secure)))
        .find(|v| !v.is_empty() && v.len() <= 64)
        .map(str::to_string);
    let pending = match handle {
        Some(h) => match oidc_pending::take(&oidc.pool, &token_hash(&h), &p.spec.id).await {
            Ok(found) => found,
            Err(e) => return internal(e),
        },
        None => None,
    };
    let next = pending
        .as_ref()
        .map_or_else(|| "/akun".to_string(), |p| p.next.clone());
    let outcome = check(&oidc, p, &req, pending.as_ref()).await;
    let refusal = match outcome {
        Ok(subject) => {
            let Some(pending) = &pending else {
                return internal("checked without a pending sign-in");
            };
            let vouched = Vouched {
                provider: &p.spec.id,
                subject: &subject,
                link_to: pending.account_id.as_deref(),
                client: &client,
            };
            match external::sign_in_with_identity(&oidc.pool, &req.headers, oidc.settings, &vouched)
                .await
            {
                Ok(Ok(signed)) => {
                    tracing::info!(provider = %p.spec.id, account = %signed.account.id, "signed in with OIDC");
                    let to = landing(&pending.next, signed.account.role);
                    return see_other(&to, &[signed.cookie, pending_cookie(None, secure)]);
                }
                // Already audited.
                Ok(Err(r)) => {
                    return refused_page(&page, &req.headers, Refusal::Identity(r), &next, secure)
                        .await
                }
                Err(e) => return internal(e),
            }
        }
        Err(r) => r,
    };
    refuse(
        &oidc,
        &page,
        &req.headers,
        &p.spec.id,
        &client,
        refusal,
        &next,
    )
    .await
}

/// The callback's checks, then the code exchange and the id_token's checks: the `sub`.
async fn check(
    oidc: &Oidc,
    p: &flow::Provider,
    req: &Parts,
    pending: Option<&Pending>,
) -> Result<String, Refusal> {
    let Some(pending) = pending else {
        tracing::info!(provider = %p.spec.id, "OIDC callback without a pending sign-in");
        return Err(Refusal::State);
    };
    if query(req, "state").as_deref() != Some(pending.state.as_str()) {
        tracing::info!(provider = %p.spec.id, "OIDC callback with another state");
        return Err(Refusal::State);
    }
    // RFC 9207: when the provider names itself, it must be this one (mix-up defence).
    if let Some(iss) = query(req, "iss") {
        if iss != p.spec.issuer {
            tracing::info!(provider = %p.spec.id, "OIDC callback from another issuer");
            return Err(Refusal::Issuer);
        }
    }
    if let Some(error) = query(req, "error") {
        tracing::info!(provider = %p.spec.id, error = %error.chars().take(64).collect::<String>(), "the provider refused the sign-in");
        return Err(Refusal::Provider);
    }
    let Some(code) = query(req, "code").filter(|c| !c.is_empty()) else {
        return Err(Refusal::Provider);
    };
    p.finish(
        &oidc.http,
        code,
        pending.verifier.clone(),
        pending.nonce.clone(),
        query(req, "iss").is_some(),
    )
    .await
    .map_err(|f| {
        tracing::warn!(provider = %p.spec.id, failure = ?f, "OIDC sign-in refused");
        match f {
            flow::Failure::Provider(_) => Refusal::Provider,
            flow::Failure::Token(_) => Refusal::Token,
            flow::Failure::NoIssuer => Refusal::Issuer,
        }
    })
}

/// Where a signed-in account goes: `next`, but staff pages only for staff. A citizen lands on
/// their account page marked as just signed in, so the phone claims the requests it holds keys
/// for, as after the app's own sign-in form.
fn landing(next: &str, role: app::domain::account::Role) -> String {
    if role == app::domain::account::Role::Citizen {
        app::domain::route::ACCOUNT_JUST_SIGNED_IN.into()
    } else {
        next.into()
    }
}

/// Audits a refusal and answers the page that says why.
async fn refuse<P, F>(
    oidc: &Oidc,
    page: &P,
    headers: &HeaderMap,
    provider: &str,
    client: &str,
    r: Refusal,
    next: &str,
) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    if let Err(e) = external::audit_refusal(&oidc.pool, provider, client, r.code(), None).await {
        return internal(e);
    }
    refused_page(page, headers, r, next, oidc.settings.secure_cookies).await
}

/// The account page (or, for a back-office sign-in, the back office's sign-in page) saying why,
/// with the refusal's status; the pending cookie cleared.
async fn refused_page<P, F>(
    page: &P,
    headers: &HeaderMap,
    r: Refusal,
    next: &str,
    secure: bool,
) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    let staff = next == "/staff" || next.starts_with("/staff/") || next.starts_with("/staff?");
    let uri = format!(
        "{}?oidc={}",
        if staff { "/staff" } else { "/akun" },
        r.code()
    );
    let mut res = render(page, headers, &uri).await;
    *res.status_mut() = r.status();
    if let Ok(v) = HeaderValue::from_str(&pending_cookie(None, secure)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    no_store(res)
}

/// The not-found page, for a provider that is not configured.
async fn not_found<P, F>(page: &P, headers: &HeaderMap) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    let mut res = render(page, headers, "/auth/oidc/tidak-ada").await;
    *res.status_mut() = StatusCode::NOT_FOUND;
    no_store(res)
}

/// The page at `uri` as a `GET` with the request's cookies (language, session).
async fn render<P, F>(page: &P, headers: &HeaderMap, uri: &str) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    let mut get = Request::builder().uri(uri);
    for c in headers.get_all(header::COOKIE) {
        get = get.header(header::COOKIE, c.clone());
    }
    match get.body(Body::empty()) {
        Ok(get) => page(get).await,
        Err(e) => internal(e),
    }
}

fn see_other(to: &str, cookies: &[String]) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    match HeaderValue::from_str(to) {
        Ok(v) => res.headers_mut().insert(header::LOCATION, v),
        Err(e) => return internal(e),
    };
    for c in cookies {
        match HeaderValue::from_str(c) {
            Ok(v) => res.headers_mut().append(header::SET_COOKIE, v),
            Err(e) => return internal(e),
        };
    }
    no_store(res)
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "OIDC sign-in failed");
    no_store((StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response())
}

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

/// The pending sign-in's `Set-Cookie` (`None`: clear it). It lives as long as a pending
/// sign-in may.
fn pending_cookie(handle: Option<&str>, secure: bool) -> String {
    let attributes = cookie::Attributes {
        max_age_secs: handle.map_or(0, |_| u64::from(PENDING_MINUTES) * 60),
        http_only: true,
        secure,
    };
    cookie::set_cookie(cookie_name(secure), handle.unwrap_or(""), attributes)
}

/// The first value of `name` in the request's query, decoded.
fn query(req: &Parts, name: &str) -> Option<String> {
    let q = req.uri.query()?;
    openidconnect::url::form_urlencoded::parse(q.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn client_key(req: &Parts) -> String {
    app::store::limits::ClientIp::key_of(req.extensions.get())
}
