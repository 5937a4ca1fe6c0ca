//! Accounts, sessions, staff and rate limits through the real router on a real SQLite file:
//! sign-up/in/out with the cookie a browser would keep, one answer for every wrong sign-in,
//! limits per login and per address, staff invitations and disabling with their audit log,
//! the CSRF check on `Origin`, and bad input refused with nothing stored.

mod common;

use app::store::accounts::{audit_log, session_count};
use app::store::limits::ManualClock;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use server::{cli, http, seed};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

const PASSWORD: &str = "kopi tubruk pagi";
const ADMIN_PASSWORD: &str = "rahasia negara 1945";

/// A database with the seed catalogue (its agencies), and the router on it with a hand clock.
struct Server {
    _dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
    clock: Arc<ManualClock>,
}

/// An answer: status, headers, body.
struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }
}

/// A browser: keeps the session cookie it is given, sends it back, and comes from one address.
#[derive(Clone)]
struct Browser {
    cookie: Option<String>,
    ip: SocketAddr,
}

impl Browser {
    fn new() -> Browser {
        Browser::from("203.0.113.10:40000")
    }

    fn from(addr: &str) -> Browser {
        Browser {
            cookie: None,
            ip: addr.parse().unwrap(),
        }
    }
}

impl Server {
    async fn start() -> Server {
        Server::start_with("").await
    }

    /// A server behind the reverse proxies `trusted_proxies`.
    async fn start_with(trusted_proxies: &str) -> Server {
        let (dir, pool) = common::empty_database().await;
        seed::import_path(
            &pool,
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue"),
        )
        .await
        .unwrap();
        let mut serve = common::serve(dir.path());
        serve.trusted_proxies = trusted_proxies.parse().unwrap();
        let clock = Arc::new(ManualClock::default());
        let app = http::router_with_clock(
            pool.clone(),
            &dir.path().join("data"),
            &serve,
            clock.clone(),
        )
        .unwrap();
        Server {
            _dir: dir,
            pool,
            app,
            clock,
        }
    }

    /// Sends a request as `browser` would (its cookie, its address), and keeps the cookie the
    /// answer sets (or clears).
    async fn send(
        &self,
        browser: &mut Browser,
        method: &str,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "loket.test");
        if let Some(c) = &browser.cookie {
            req = req.header(header::COOKIE, format!("loket_lang=id; loket_session={c}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(b) => {
                req = req
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::CONTENT_LENGTH, b.len());
                Body::from(b)
            }
            None => Body::empty(),
        };
        let mut req = req.body(body).unwrap();
        req.extensions_mut().insert(ConnectInfo(browser.ip));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        let reply = Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        for c in reply.set_cookies() {
            if let Some(rest) = c.strip_prefix("loket_session=") {
                let value = rest.split(';').next().unwrap_or("");
                browser.cookie = if value.is_empty() || c.contains("Max-Age=0") {
                    None
                } else {
                    Some(value.to_string())
                };
            }
        }
        reply
    }

    async fn post(&self, browser: &mut Browser, path: &str, body: Value) -> Reply {
        self.send(browser, "POST", path, Some(body.to_string()), &[])
            .await
    }

    async fn me(&self, browser: &mut Browser) -> Value {
        let r = self.send(browser, "GET", "/api/auth/me", None, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    async fn sign_in(&self, browser: &mut Browser, login: &str, password: &str) -> Reply {
        self.post(
            browser,
            "/api/auth/sign-in",
            json!({ "login": login, "password": password }),
        )
        .await
    }

    async fn accounts(&self) -> i64 {
        common::on_db!(&self.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(p)
            .await)
        .unwrap()
    }

    /// A system admin made with the command line's function, signed in on a new browser.
    async fn system_admin(&self) -> Browser {
        let mut nothing: &[u8] = b"";
        let id = cli::create_admin(
            &self.pool,
            "admin@loket.go.id",
            Some(ADMIN_PASSWORD.into()),
            &mut nothing,
        )
        .await
        .unwrap();
        assert!(app::domain::submission::is_uuid_v7(&id), "{id}");
        let mut admin = Browser::from("198.51.100.1:1000");
        let r = self
            .sign_in(&mut admin, "Admin@Loket.go.id", ADMIN_PASSWORD)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        admin
    }

    /// `inviter` invites an account and it signs in on a new browser, then changes the
    /// temporary password to [`own_password`] of it, as it must before any staff work.
    async fn invited(&self, inviter: &mut Browser, body: Value) -> Browser {
        let r = self.post(inviter, "/api/staff/invite", body.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let mut b = Browser::from("192.0.2.50:1000");
        let temporary = body["temporary_password"].as_str().unwrap();
        let r = self
            .sign_in(&mut b, body["login"].as_str().unwrap(), temporary)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let change =
            json!({ "current_password": temporary, "new_password": own_password(temporary) });
        let r = self.post(&mut b, "/api/auth/change-password", change).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        b
    }
}

/// The password an invited account chooses instead of its temporary one.
fn own_password(temporary: &str) -> String {
    format!("{temporary} milik sendiri")
}

#[tokio::test]
async fn sign_up_sets_an_http_only_cookie_then_me_then_sign_out() {
    let s = Server::start().await;
    let mut b = Browser::new();
    assert_eq!(s.me(&mut b).await, Value::Null, "nobody is signed in yet");

    let r = s
        .post(
            &mut b,
            "/api/auth/sign-up",
            json!({ "login": "0812-3456-7890", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json(),
        json!({ "login": "+6281234567890", "role": "citizen", "agency": null })
    );
    let cookie = r
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("loket_session="))
        .expect("a session cookie");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "not Secure without --secure-cookies: {cookie}"
    );
    let token = b.cookie.clone().unwrap();
    assert_eq!(token.len(), 43);
    let stored: String =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_ne!(stored, token, "only the token's hash is stored");
    let hash: String =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT password_hash FROM accounts")
        .fetch_one(p)
        .await)
        .unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(PASSWORD));

    assert_eq!(
        s.me(&mut b).await,
        json!({ "login": "+6281234567890", "role": "citizen", "agency": null })
    );

    let r = s.post(&mut b, "/api/auth/sign-out", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.set_cookies()
            .iter()
            .any(|c| c.starts_with("loket_session=;") && c.contains("Max-Age=0")),
        "the cookie is cleared"
    );
    assert_eq!(b.cookie, None);
    assert_eq!(s.me(&mut b).await, Value::Null);
    // The old token is dead on the server too, not only forgotten by the browser.
    let mut replay = Browser {
        cookie: Some(token),
        ..Browser::new()
    };
    assert_eq!(s.me(&mut replay).await, Value::Null);

    // Signing in again works, with the phone typed another way.
    let r = s.sign_in(&mut b, "+62 812 3456 7890", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(s.me(&mut b).await["login"], "+6281234567890");
}

#[tokio::test]
async fn an_expired_session_signs_nobody_in() {
    let s = Server::start().await;
    let mut b = Browser::new();
    s.post(
        &mut b,
        "/api/auth/sign-up",
        json!({ "login": "siti@contoh.id", "password": PASSWORD }),
    )
    .await;
    assert_eq!(s.me(&mut b).await["login"], "siti@contoh.id");
    common::on_db!(&s.pool, p => sqlx::query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'")
        .execute(p)
        .await.map(|r| r.rows_affected()))
        .unwrap();
    assert_eq!(s.me(&mut b).await, Value::Null);
}

#[tokio::test]
async fn a_session_used_again_later_slides_forward() {
    let s = Server::start().await;
    let mut b = Browser::new();
    s.post(
        &mut b,
        "/api/auth/sign-up",
        json!({ "login": "siti@contoh.id", "password": PASSWORD }),
    )
    .await;
    let tomorrow = app::store::clock::Moment::now().plus_days(1).stamp();
    common::on_db!(&s.pool, p => sqlx::query("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000Z', expires_at = $1")
        .bind(&tomorrow)
        .execute(p)
        .await.map(|r| r.rows_affected()))
        .unwrap();
    let r = s.send(&mut b, "GET", "/api/auth/me", None, &[]).await;
    assert!(
        r.set_cookies()
            .iter()
            .any(|c| c.contains("Max-Age=2592000")),
        "the cookie is renewed"
    );
    let (seen, expires): (String, String) =
        common::on_db!(&s.pool, p => sqlx::query_as("SELECT last_seen_at, expires_at FROM sessions")
            .fetch_one(p)
            .await)
            .unwrap();
    assert!(seen.as_str() > "2000-01-01T00:00:00.000Z", "{seen}");
    let in_29_days = app::store::clock::Moment::now().plus_days(29).stamp();
    assert!(expires > in_29_days, "{expires} slid to 30 days from now");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_login_get_the_same_401() {
    let s = Server::start().await;
    let mut b = Browser::new();
    s.post(
        &mut b,
        "/api/auth/sign-up",
        json!({ "login": "siti@contoh.id", "password": PASSWORD }),
    )
    .await;
    s.post(&mut b, "/api/auth/sign-out", json!({})).await;

    let wrong = s
        .sign_in(&mut b, "siti@contoh.id", "kopi tubruk sore")
        .await;
    let unknown = s.sign_in(&mut b, "budi@contoh.id", PASSWORD).await;
    let nonsense = s.sign_in(&mut b, "bukan login", PASSWORD).await;
    for r in [&wrong, &unknown, &nonsense] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        assert_eq!(r.json(), json!("Unauthorized"));
        assert!(
            r.set_cookies().is_empty(),
            "no session for a failed sign-in"
        );
    }
    assert_eq!(s.me(&mut b).await, Value::Null);
}

#[tokio::test]
async fn past_five_wrong_tries_for_a_login_a_wrong_password_is_refused_429_and_the_right_one_waits()
{
    let s = Server::start().await;
    let mut b = Browser::new();
    s.post(
        &mut b,
        "/api/auth/sign-up",
        json!({ "login": "siti@contoh.id", "password": PASSWORD }),
    )
    .await;
    s.post(&mut b, "/api/auth/sign-out", json!({})).await;
    // A successful sign-in does not use up a try.
    for _ in 0..3 {
        assert_eq!(
            s.sign_in(&mut b, "siti@contoh.id", PASSWORD).await.status,
            StatusCode::OK
        );
    }
    for i in 0..5 {
        // from different addresses: the limit is per login
        let mut other = Browser::from(&format!("192.0.2.{}:1000", i + 1));
        assert_eq!(
            s.sign_in(&mut other, "siti@contoh.id", "salah sekali lagi")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let r = s
        .sign_in(&mut b, "SITI@contoh.id", "salah sekali lagi")
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.headers.get(header::RETRY_AFTER).unwrap(), "180");
    assert_eq!(
        r.json(),
        json!({ "RateLimited": { "retry_after_secs": 180 } })
    );
    // The right password still signs in, after a delay (that, and the 429s, stop guessing):
    // a stranger's wrong guesses cannot lock the owner out.
    let slept = s.clock.slept();
    assert_eq!(
        s.sign_in(&mut b, "siti@contoh.id", PASSWORD).await.status,
        StatusCode::OK
    );
    assert!(
        s.clock.slept() >= slept + Duration::from_secs(1),
        "the right password waits on a locked login"
    );
    s.post(&mut b, "/api/auth/sign-out", json!({})).await;
    // Another login is not affected.
    assert_eq!(
        s.sign_in(&mut b, "budi@contoh.id", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    s.clock.advance(Duration::from_secs(180));
    let slept = s.clock.slept();
    assert_eq!(
        s.sign_in(&mut b, "siti@contoh.id", PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(s.clock.slept(), slept, "within the budget, nothing waits");
    assert_eq!(
        s.sign_in(&mut b, "siti@contoh.id", "salah sekali lagi")
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "a try came back"
    );
}

#[tokio::test]
async fn one_address_gets_twenty_wrong_tries_across_logins() {
    let s = Server::start().await;
    let mut b = Browser::from("203.0.113.99:5000");
    for i in 0..20 {
        let r = s
            .sign_in(&mut b, &format!("orang{i}@contoh.id"), PASSWORD)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "try {i}: {}", r.body);
    }
    let r = s.sign_in(&mut b, "orang99@contoh.id", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.headers.get(header::RETRY_AFTER).unwrap(), "45");
    // Another address is not affected.
    let mut other = Browser::from("203.0.113.98:5000");
    assert_eq!(
        s.sign_in(&mut other, "orang99@contoh.id", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Behind a reverse proxy on this machine that is configured as trusted, the address it
    // forwards is what counts (and only then: see tests/limits.rs).
    let forwarded = [("x-forwarded-for", "10.9.9.9, 203.0.113.99")];
    let mut proxied = Browser::from("127.0.0.1:6000");
    let r = s
        .send(
            &mut proxied,
            "POST",
            "/api/auth/sign-in",
            Some(json!({"login":"x@contoh.id","password":PASSWORD}).to_string()),
            &forwarded,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "loopback is not a trusted proxy unless configured: {}",
        r.body
    );
    let p = Server::start_with("127.0.0.1").await;
    for i in 0..20 {
        assert_eq!(
            p.sign_in(&mut b, &format!("orang{i}@contoh.id"), PASSWORD)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let attempt = || Some(json!({"login":"x@contoh.id","password":PASSWORD}).to_string());
    let r = p
        .send(
            &mut proxied,
            "POST",
            "/api/auth/sign-in",
            attempt(),
            &forwarded,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the forwarded address is limited: {}",
        r.body
    );
    let spoofed = [("x-forwarded-for", "203.0.113.99")];
    let mut direct = Browser::from("203.0.113.97:6000");
    let r = p
        .send(
            &mut direct,
            "POST",
            "/api/auth/sign-in",
            attempt(),
            &spoofed,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "a forwarded header from a remote peer is ignored: {}",
        r.body
    );
}

#[tokio::test]
async fn sign_up_refuses_a_taken_login_weak_passwords_and_bad_logins() {
    let s = Server::start().await;
    let mut b = Browser::new();
    assert_eq!(
        s.post(
            &mut b,
            "/api/auth/sign-up",
            json!({ "login": "siti@contoh.id", "password": PASSWORD })
        )
        .await
        .status,
        StatusCode::OK
    );
    let mut other = Browser::from("192.0.2.7:1000");
    let r = s
        .post(
            &mut other,
            "/api/auth/sign-up",
            json!({ "login": "SITI@contoh.id ", "password": "another good one" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json(), json!({ "Account": "login_taken" }));
    assert_eq!(other.cookie, None);
    for (login, password, refusal) in [
        (
            "budi@contoh.id",
            "pendek",
            json!({ "Account": { "password": "too_short" } }),
        ),
        (
            "budi@contoh.id",
            "1234567890123",
            json!({ "Account": { "password": "all_digits" } }),
        ),
        (
            "budi@contoh.id",
            "Budi@Contoh.id",
            json!({ "Account": { "password": "same_as_login" } }),
        ),
        ("budi", PASSWORD, json!({ "Account": "bad_login" })),
        ("0812", PASSWORD, json!({ "Account": "bad_login" })),
    ] {
        let r = s
            .post(
                &mut other,
                "/api/auth/sign-up",
                json!({ "login": login, "password": password }),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{login} {password}: {}",
            r.body
        );
        assert_eq!(r.json(), refusal);
    }
    assert_eq!(s.accounts().await, 1);
}

#[tokio::test]
async fn staff_are_invited_and_disabled_by_admins_only_and_every_action_is_audited() {
    let s = Server::start().await;
    let mut admin = s.system_admin().await;
    assert_eq!(
        s.me(&mut admin).await,
        json!({ "login": "admin@loket.go.id", "role": "system_admin", "agency": null })
    );

    // A system admin makes an agency admin for Polri, who invites an officer of Polri.
    let mut polri_admin = s
        .invited(&mut admin, json!({ "login": "kepala@polri.go.id", "temporary_password": "sementara saja 1", "role": "agency_admin", "agency": "polri" }))
        .await;
    assert_eq!(
        s.me(&mut polri_admin).await,
        json!({ "login": "kepala@polri.go.id", "role": "agency_admin", "agency": "polri" })
    );
    let mut officer = s
        .invited(
            &mut polri_admin,
            json!({ "login": "0813-1111-2222", "temporary_password": "sementara saja 2" }),
        )
        .await;
    assert_eq!(
        s.me(&mut officer).await,
        json!({ "login": "+6281311112222", "role": "officer", "agency": "polri" })
    );

    // An officer cannot invite; a citizen cannot; nobody signed in cannot.
    let invite = json!({ "login": "x@polri.go.id", "temporary_password": "sementara saja 3" });
    assert_eq!(
        s.post(&mut officer, "/api/staff/invite", invite.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut citizen = Browser::from("192.0.2.77:1");
    s.post(
        &mut citizen,
        "/api/auth/sign-up",
        json!({ "login": "warga@contoh.id", "password": PASSWORD }),
    )
    .await;
    assert_eq!(
        s.post(&mut citizen, "/api/staff/invite", invite.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = s
        .post(&mut Browser::new(), "/api/staff/invite", invite.clone())
        .await;
    assert_eq!(
        (r.status, r.json()),
        (StatusCode::UNAUTHORIZED, json!("Unauthorized"))
    );

    // An agency admin cannot invite into another agency, nor make an agency admin.
    for other in [
        json!({ "login": "x@dukcapil.go.id", "temporary_password": "sementara saja 3", "agency": "dukcapil" }),
        json!({ "login": "x@polri.go.id", "temporary_password": "sementara saja 3", "role": "agency_admin" }),
        json!({ "login": "x@polri.go.id", "temporary_password": "sementara saja 3", "role": "system_admin" }),
    ] {
        let r = s
            .post(&mut polri_admin, "/api/staff/invite", other.clone())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{other}: {}", r.body);
        assert_eq!(r.json(), json!("Forbidden"));
    }
    // A system admin must name an agency that exists, and cannot make citizens or admins here.
    for (body, refusal) in [
        (
            json!({ "login": "x@contoh.id", "temporary_password": "sementara saja 3" }),
            json!({ "Account": "unknown_agency" }),
        ),
        (
            json!({ "login": "x@contoh.id", "temporary_password": "sementara saja 3", "agency": "tidak-ada" }),
            json!({ "Account": "unknown_agency" }),
        ),
        (
            json!({ "login": "x@contoh.id", "temporary_password": "sementara saja 3", "agency": "polri", "role": "system_admin" }),
            json!({ "Account": "bad_role" }),
        ),
        (
            json!({ "login": "x@contoh.id", "temporary_password": "sementara saja 3", "agency": "polri", "role": "citizen" }),
            json!({ "Account": "bad_role" }),
        ),
        (
            json!({ "login": "x@contoh.id", "temporary_password": "12345678901", "agency": "polri" }),
            json!({ "Account": { "password": "all_digits" } }),
        ),
        (
            json!({ "login": "warga@contoh.id", "temporary_password": "sementara saja 3", "agency": "polri" }),
            json!({ "Account": "login_taken" }),
        ),
    ] {
        let r = s.post(&mut admin, "/api/staff/invite", body.clone()).await;
        assert!(
            r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::CONFLICT,
            "{body}: {} {}",
            r.status,
            r.body
        );
        assert_eq!(r.json(), refusal, "{body}");
    }

    // Disabling: not by an officer; an agency admin cannot touch another agency's staff (and
    // cannot tell a missing account from a foreign one); nobody disables themselves.
    let mut dukcapil_officer =
        s.invited(&mut admin, json!({ "login": "petugas@dukcapil.go.id", "temporary_password": "sementara saja 4", "agency": "dukcapil" })).await;
    assert_eq!(
        s.post(
            &mut officer,
            "/api/staff/disable",
            json!({ "login": "kepala@polri.go.id" })
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let foreign = s
        .post(
            &mut polri_admin,
            "/api/staff/disable",
            json!({ "login": "petugas@dukcapil.go.id" }),
        )
        .await;
    let missing = s
        .post(
            &mut polri_admin,
            "/api/staff/disable",
            json!({ "login": "hantu@polri.go.id" }),
        )
        .await;
    assert_eq!(
        (foreign.status, foreign.body.clone()),
        (missing.status, missing.body.clone())
    );
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(
        s.post(
            &mut polri_admin,
            "/api/staff/disable",
            json!({ "login": "kepala@polri.go.id" })
        )
        .await
        .json(),
        json!({ "Account": "is_yourself" })
    );
    let r = s
        .post(
            &mut admin,
            "/api/staff/disable",
            json!({ "login": "hantu@polri.go.id" }),
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::NOT_FOUND,
            json!({ "Account": "no_such_account" })
        )
    );

    // The Polri admin disables the officer: the officer's session ends at once and the
    // password no longer signs in.
    let officer_id: String =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT id FROM accounts WHERE login = '+6281311112222'")
            .fetch_one(p)
            .await)
            .unwrap();
    assert_eq!(session_count(&s.pool, &officer_id).await.unwrap(), 1);
    let r = s
        .post(
            &mut polri_admin,
            "/api/staff/disable",
            json!({ "login": "0813 1111 2222" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(s.me(&mut officer).await, Value::Null);
    assert_eq!(
        s.post(&mut officer, "/api/staff/invite", invite.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(session_count(&s.pool, &officer_id).await.unwrap(), 0);
    assert_eq!(
        s.sign_in(
            &mut officer,
            "0813-1111-2222",
            &own_password("sementara saja 2")
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.me(&mut dukcapil_officer).await["agency"],
        "dukcapil",
        "others keep working"
    );

    // One audit row per staff action, with who, what, whom, before and after, and no password
    // (and one per changed temporary password, each by its owner; sign-ins are audited too:
    // `tests/audit.rs`).
    let all = audit_log(&s.pool).await.unwrap();
    let changes: Vec<_> = all
        .iter()
        .filter(|r| r.action == "account.password")
        .collect();
    assert_eq!(changes.len(), 3);
    assert!(changes.iter().all(|r| r.actor_id == r.subject));
    let log: Vec<_> = all
        .iter()
        .filter(|r| r.action != "account.password" && !r.action.starts_with("auth."))
        .cloned()
        .collect();
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "admin.create",
            "staff.invite",
            "staff.invite",
            "staff.invite",
            "staff.disable"
        ]
    );
    let admin_id: String =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT id FROM accounts WHERE login = 'admin@loket.go.id'")
            .fetch_one(p)
            .await)
            .unwrap();
    let polri_admin_id: String =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT id FROM accounts WHERE login = 'kepala@polri.go.id'")
            .fetch_one(p)
            .await)
            .unwrap();
    assert_eq!(log[0].actor_id, "cli");
    assert_eq!(log[1].actor_id, admin_id);
    assert_eq!(log[2].actor_id, polri_admin_id);
    assert_eq!(log[2].subject, officer_id);
    assert_eq!(log[2].before, None);
    assert_eq!(
        serde_json::from_str::<Value>(log[2].after.as_deref().unwrap()).unwrap(),
        json!({ "login": "+6281311112222", "role": "officer", "agency": "polri" })
    );
    let disable = &log[4];
    assert_eq!(
        (disable.actor_id.as_str(), disable.subject.as_str()),
        (polri_admin_id.as_str(), officer_id.as_str())
    );
    assert_eq!(
        serde_json::from_str::<Value>(disable.before.as_deref().unwrap()).unwrap()["disabled"],
        false
    );
    assert_eq!(
        serde_json::from_str::<Value>(disable.after.as_deref().unwrap()).unwrap()["disabled"],
        true
    );
    for row in &all {
        let text = format!("{row:?}");
        assert!(
            !text.contains("sementara")
                && !text.contains("argon2")
                && !text.contains(ADMIN_PASSWORD),
            "{text}"
        );
    }
    let invited_by: Option<String> =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT invited_by FROM accounts WHERE id = $1")
            .bind(&officer_id)
            .fetch_one(p)
            .await)
            .unwrap();
    assert_eq!(invited_by.as_deref(), Some(polri_admin_id.as_str()));

    // The log is append-only, even for someone with the database in hand.
    let update = common::on_db!(&s.pool, p => sqlx::query("UPDATE audit_log SET actor_id = 'someone else'")
        .execute(p)
        .await.map(|r| r.rows_affected()));
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = common::on_db!(&s.pool, p => sqlx::query("DELETE FROM audit_log WHERE seq = 1")
        .execute(p)
        .await.map(|r| r.rows_affected()));
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(audit_log(&s.pool).await.unwrap(), all);
}

#[tokio::test]
async fn create_admin_reads_one_line_and_refuses_weak_passwords_and_taken_logins() {
    let s = Server::start().await;
    let mut line: &[u8] = b"rahasia negara 1945\n";
    let id = cli::create_admin(&s.pool, "root@loket.go.id", None, &mut line)
        .await
        .unwrap();
    let role: String =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT role FROM accounts WHERE id = $1")
        .bind(&id)
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(role, "system_admin");
    let mut b = Browser::new();
    assert_eq!(
        s.sign_in(&mut b, "root@loket.go.id", "rahasia negara 1945")
            .await
            .status,
        StatusCode::OK,
        "the newline is not part of it"
    );

    let mut nothing: &[u8] = b"";
    for (login, password, says) in [
        ("root2@loket.go.id", Some("123456789012"), "only digits"),
        ("root2@loket.go.id", Some("pendek"), "at least 10"),
        ("root2@loket.go.id", None, "no password"),
        (
            "root@loket.go.id",
            Some("rahasia negara 1946"),
            "already an account",
        ),
        ("root", Some("rahasia negara 1946"), "mobile number"),
    ] {
        let err = cli::create_admin(&s.pool, login, password.map(String::from), &mut nothing)
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains(says), "{login} {password:?}: {err}");
    }
    assert_eq!(s.accounts().await, 1);
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_before_it_runs() {
    let s = Server::start().await;
    let mut b = Browser::new();
    let body = json!({ "login": "siti@contoh.id", "password": PASSWORD }).to_string();
    for origin in [
        "https://jahat.example",
        "http://loket.test.jahat.example",
        "null",
        "http://loket.test/x",
    ] {
        let r = s
            .send(
                &mut b,
                "POST",
                "/api/auth/sign-up",
                Some(body.clone()),
                &[("origin", origin)],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}: {}", r.body);
        assert_eq!(r.json()["error"], "cross_site");
    }
    let r = s
        .send(
            &mut b,
            "PUT",
            &format!("/api/files/{}?offset=0&total=3", "ab".repeat(32)),
            Some("abc".into()),
            &[("origin", "https://jahat.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "uploads too");
    assert_eq!(s.accounts().await, 0, "nothing ran");
    // The same site (as browsers send it), and no Origin at all, pass.
    let r = s
        .send(
            &mut b,
            "POST",
            "/api/auth/sign-up",
            Some(body.clone()),
            &[("origin", "http://LOKET.test")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = s
        .send(&mut b, "POST", "/api/auth/sign-out", Some("{}".into()), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A GET from another site changes nothing and is not blocked.
    let r = s
        .send(
            &mut b,
            "GET",
            "/api/auth/me",
            None,
            &[("origin", "https://jahat.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_input_is_a_clear_4xx_and_stores_nothing() {
    let s = Server::start().await;
    let mut b = Browser::new();
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "missing password",
            "/api/auth/sign-up",
            r#"{"login":"siti@contoh.id"}"#.into(),
        ),
        ("missing everything", "/api/auth/sign-up", "{}".into()),
        (
            "wrong types",
            "/api/auth/sign-up",
            r#"{"login":7,"password":["a"]}"#.into(),
        ),
        ("not JSON", "/api/auth/sign-up", "{{{".into()),
        ("empty", "/api/auth/sign-up", String::new()),
        (
            "wrong role",
            "/api/staff/invite",
            r#"{"login":"a@b.id","temporary_password":"sementara saja","role":"raja"}"#.into(),
        ),
        (
            "sign-in wrong types",
            "/api/auth/sign-in",
            r#"{"login":null,"password":1}"#.into(),
        ),
    ];
    for (what, path, body) in cases {
        let r = s.send(&mut b, "POST", path, Some(body), &[]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.body);
        assert!(r.body.contains("BadRequest"), "{what}: {}", r.body);
        assert!(
            !r.body.to_lowercase().contains("panick"),
            "{what}: {}",
            r.body
        );
    }
    let huge = json!({ "login": "siti@contoh.id", "password": "a".repeat(300 * 1024) }).to_string();
    let r = s
        .send(&mut b, "POST", "/api/auth/sign-up", Some(huge), &[])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let long = json!({ "login": "siti@contoh.id", "password": "a".repeat(1000) }).to_string();
    let r = s
        .send(&mut b, "POST", "/api/auth/sign-up", Some(long), &[])
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "Account": { "password": "too_long" } })
        )
    );
    let r = s.send(&mut b, "GET", "/api/auth/sign-up", None, &[]).await;
    assert!(
        r.status.is_client_error(),
        "state changes only by POST: {}",
        r.status
    );
    assert_eq!(s.accounts().await, 0);
    let sessions: i64 =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(sessions, 0);
    assert!(audit_log(&s.pool).await.unwrap().is_empty());
}

#[tokio::test]
async fn sign_ups_from_one_address_are_limited() {
    let s = Server::start().await;
    let mut b = Browser::from("203.0.113.50:1");
    for i in 0..10 {
        let r = s
            .post(
                &mut b,
                "/api/auth/sign-up",
                json!({ "login": format!("orang{i}@contoh.id"), "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{i}: {}", r.body);
    }
    let r = s
        .post(
            &mut b,
            "/api/auth/sign-up",
            json!({ "login": "orang10@contoh.id", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(s.accounts().await, 10);
}

/// Runs `work` as a server function would run: in its own owner, with the request's parts, the
/// pool, the settings and the response options in context. Returns what it gave and the
/// cookies it set.
async fn in_request<T: Send + 'static>(
    s: &Server,
    cookie: Option<&str>,
    work: impl std::future::Future<Output = T> + Send + 'static,
) -> (T, Vec<String>) {
    use leptos::prelude::provide_context;
    use leptos::reactive::{computed::ScopedFuture, owner::Owner};
    let mut req = Request::get("/api/x");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, format!("__Host-loket_session={c}"));
    }
    let (parts, _) = req.body(()).unwrap().into_parts();
    let res = leptos_axum::ResponseOptions::default();
    let owner = Owner::new();
    let (pool, res2) = (s.pool.clone(), res.clone());
    let out = owner
        .with(|| {
            ScopedFuture::new(async move {
                provide_context(parts);
                provide_context(pool);
                provide_context(res2);
                provide_context(app::api::auth::AuthSettings {
                    secure_cookies: true,
                });
                work.await
            })
        })
        .await;
    let cookies = res
        .0
        .read()
        .unwrap()
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    (out, cookies)
}

fn token_of(cookies: &[String]) -> String {
    let c = cookies
        .iter()
        .find(|c| c.starts_with("__Host-loket_session="))
        .expect("a session cookie");
    c["__Host-loket_session=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn device_sessions_are_made_once_kept_and_replaced_at_sign_in() {
    use app::api::auth::{device_session, token_hash, who};
    let s = Server::start().await;
    // No cookie: an anonymous session is made once per request, and its cookie set (Secure here).
    let ((first, again, nobody), cookies) = in_request(&s, None, async {
        (
            device_session().await.unwrap(),
            device_session().await.unwrap(),
            who().await.unwrap(),
        )
    })
    .await;
    assert_eq!(first, again);
    assert_eq!(nobody, None);
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    assert!(
        cookies[0].contains("HttpOnly")
            && cookies[0].contains("SameSite=Lax")
            && cookies[0].contains("; Secure"),
        "{cookies:?}"
    );
    let token = token_of(&cookies);
    assert_eq!(token_hash(&token), first);
    let account: Option<String> =
        common::on_db!(&s.pool, p => sqlx::query_scalar("SELECT account_id FROM sessions WHERE token_hash = $1")
            .bind(&first)
            .fetch_one(p)
            .await)
            .unwrap();
    assert_eq!(account, None, "an anonymous device session");

    // With the cookie: the same session, no new cookie.
    let t = token.clone();
    let (same, cookies) = in_request(&s, Some(&t), async { device_session().await.unwrap() }).await;
    assert_eq!((same, cookies.len()), (first.clone(), 0));

    // Signing up on that browser starts a new session (a planted token is never promoted).
    let mut b = Browser {
        cookie: Some(token.clone()),
        ..Browser::new()
    };
    s.post(
        &mut b,
        "/api/auth/sign-up",
        json!({ "login": "siti@contoh.id", "password": PASSWORD }),
    )
    .await;
    let signed_in = b.cookie.clone().unwrap();
    assert_ne!(signed_in, token);
    let (old, _) = in_request(&s, Some(&token), async {
        (device_session().await.unwrap(), who().await.unwrap())
    })
    .await;
    assert_ne!(old.0, first, "the old anonymous session was ended");
    assert_eq!(old.1, None);
    let ((hash, me), _) = in_request(&s, Some(&signed_in), async {
        (device_session().await.unwrap(), who().await.unwrap())
    })
    .await;
    assert_eq!(hash, token_hash(&signed_in));
    let me = me.expect("signed in");
    assert_eq!(
        (me.login.as_str(), me.role, me.agency),
        ("siti@contoh.id", app::domain::account::Role::Citizen, None)
    );
    assert!(app::domain::submission::is_uuid_v7(&me.account_id));
}
