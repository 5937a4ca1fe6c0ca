//! An account's life through the real router on a real SQLite file (issue 8, items 7 and 10):
//! the `__Host-` cookie behind HTTPS, the absolute session lifetime, password change for
//! everyone and the forced change of an invited account's temporary password, re-enabling a
//! disabled account, who may act on a claimed request, and HSTS.

mod common;

use app::store::accounts::{audit_log, session_count};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use server::config::Serve;
use server::{cli, http};
use tower::ServiceExt;

const PASSWORD: &str = "kopi tubruk pagi";
const NEW_PASSWORD: &str = "teh manis sore hari";
const ROOT_PASSWORD: &str = "rahasia negara 1945";
const SERVICE: &str = "akta-kelahiran"; // Dukcapil

/// The router on a seeded database.
struct Env {
    _dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
    secure: bool,
}

/// A browser: keeps the session cookie it is given (by name) and sends it back.
#[derive(Clone, Default)]
struct Browser {
    cookie: Option<(String, String)>,
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

    fn session_cookies(&self) -> Vec<String> {
        let all = self
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string());
        all.filter(|c| c.contains("loket_session=")).collect()
    }
}

impl Env {
    async fn new(secure: bool) -> Env {
        let (dir, pool) = common::database().await;
        let serve = Serve {
            secure_cookies: secure,
            ..common::serve(dir.path())
        };
        let app = http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
        Env {
            _dir: dir,
            pool,
            app,
            secure,
        }
    }

    async fn call(
        &self,
        b: &mut Browser,
        method: &str,
        path: &str,
        body: Option<(&str, String)>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "loket.test");
        if path.ends_with("-form") {
            req = req.header(header::ACCEPT, "text/html"); // a browser posting a plain form
        }
        if let Some((name, value)) = &b.cookie {
            req = req.header(header::COOKIE, format!("loket_lang=id; {name}={value}"));
        }
        let body = match body {
            Some((ct, text)) => {
                req = req
                    .header(header::CONTENT_TYPE, ct)
                    .header(header::CONTENT_LENGTH, text.len());
                Body::from(text)
            }
            None => Body::empty(),
        };
        let mut req = req.body(body).unwrap();
        req.extensions_mut().insert(ConnectInfo(
            "203.0.113.9:4000".parse::<std::net::SocketAddr>().unwrap(),
        ));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
            .await
            .unwrap();
        let reply = Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        for c in reply.session_cookies() {
            let (name, rest) = c.split_once('=').unwrap();
            let value = rest.split(';').next().unwrap_or("");
            b.cookie = if value.is_empty() || c.contains("Max-Age=0") {
                None
            } else {
                Some((name.to_string(), value.to_string()))
            };
        }
        reply
    }

    async fn post(&self, b: &mut Browser, path: &str, body: Value) -> Reply {
        self.call(
            b,
            "POST",
            path,
            Some(("application/json", body.to_string())),
        )
        .await
    }

    async fn form(&self, b: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Reply {
        let enc = app::domain::route::encode;
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        self.call(
            b,
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body.join("&"))),
        )
        .await
    }

    /// The plain password change form, posted as a browser without JavaScript does.
    async fn change_form(&self, b: &mut Browser, current: &str, new: &str, next: &str) -> Reply {
        let fields = [
            ("current_password", current),
            ("new_password", new),
            ("next", next),
        ];
        self.form(b, "/api/auth/change-password-form", &fields)
            .await
    }

    /// Submits application number `n` of [`SERVICE`] anonymously; its id.
    async fn submit(&self, n: u64) -> String {
        let f = common::form(&self.pool, SERVICE).await;
        let answers = common::valid_answers(&f);
        let id = format!("01936f3e-8b2a-7cde-9f01-{n:012x}");
        common::uploaded(&self.pool, &id).await;
        let envelope = app::domain::submission::Envelope {
            id,
            service: SERVICE.into(),
            form_version: f.version,
            answers,
            expect: None,
        };
        let r = self
            .post(
                &mut Browser::default(),
                "/api/requests/submit",
                json!({ "envelope": envelope }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["id"].as_str().unwrap().to_string()
    }

    async fn me(&self, b: &mut Browser) -> Value {
        let r = self.call(b, "GET", "/api/auth/me", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    async fn sign_in(&self, login: &str, password: &str) -> (Browser, Reply) {
        let mut b = Browser::default();
        let r = self
            .post(
                &mut b,
                "/api/auth/sign-in",
                json!({ "login": login, "password": password }),
            )
            .await;
        (b, r)
    }

    async fn signed_in(&self, login: &str, password: &str) -> Browser {
        let (b, r) = self.sign_in(login, password).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        b
    }

    /// A system admin from the command line, signed in.
    async fn root(&self) -> Browser {
        let mut nothing: &[u8] = b"";
        cli::create_admin(
            &self.pool,
            "root@loket.go.id",
            Some(ROOT_PASSWORD.into()),
            &mut nothing,
        )
        .await
        .unwrap();
        self.signed_in("root@loket.go.id", ROOT_PASSWORD).await
    }

    async fn invite(&self, admin: &mut Browser, login: &str, role: &str, agency: &str) {
        let body = json!({ "login": login, "temporary_password": PASSWORD, "role": role, "agency": agency });
        let r = self.post(admin, "/api/staff/invite", body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    /// An invited account signs in with its temporary password and changes it.
    async fn first_sign_in(&self, login: &str) -> Browser {
        let mut b = self.signed_in(login, PASSWORD).await;
        let r = self
            .post(
                &mut b,
                "/api/auth/change-password",
                json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        b
    }

    async fn account_id(&self, login: &str) -> String {
        common::on_db!(&self.pool, p => sqlx::query_scalar("SELECT id FROM accounts WHERE login = $1")
            .bind(login)
            .fetch_one(p)
            .await)
            .unwrap()
    }

    async fn status(&self, id: &str) -> (String, Option<String>) {
        common::on_db!(&self.pool, p => sqlx::query_as("SELECT status, assigned_to FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(p)
            .await)
            .unwrap()
    }

    fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-loket_session"
        } else {
            "loket_session"
        }
    }
}

#[tokio::test]
async fn behind_https_the_cookie_has_the_host_prefix_and_is_read_back() {
    let env = Env::new(true).await;
    let mut b = Browser::default();
    let r = env
        .post(
            &mut b,
            "/api/auth/sign-up",
            json!({ "login": "siti@contoh.id", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = r.session_cookies().pop().expect("a session cookie");
    assert!(cookie.starts_with("__Host-loket_session="), "{cookie}");
    for part in ["; Secure", "; Path=/;", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert_eq!(
        env.me(&mut b).await["login"],
        "siti@contoh.id",
        "read back by its prefixed name"
    );
    // The same token under the plain name (which a sibling site could plant) signs nobody in.
    let token = b.cookie.clone().unwrap().1;
    let mut plain = Browser {
        cookie: Some(("loket_session".into(), token)),
    };
    assert_eq!(env.me(&mut plain).await, Value::Null);
    // Signing out clears the prefixed cookie.
    let r = env.post(&mut b, "/api/auth/sign-out", json!({})).await;
    let cleared = r
        .session_cookies()
        .iter()
        .any(|c| c.starts_with("__Host-loket_session=;") && c.contains("Max-Age=0"));
    assert!(cleared, "{:?}", r.session_cookies());

    // Over plain HTTP the cookie keeps its plain name and is not Secure.
    let env = Env::new(false).await;
    let mut b = Browser::default();
    let r = env
        .post(
            &mut b,
            "/api/auth/sign-up",
            json!({ "login": "siti@contoh.id", "password": PASSWORD }),
        )
        .await;
    let cookie = r.session_cookies().pop().expect("a session cookie");
    assert!(
        cookie.starts_with("loket_session=") && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert_eq!(env.me(&mut b).await["login"], "siti@contoh.id");
}

#[tokio::test]
async fn a_session_past_its_absolute_lifetime_is_refused_even_when_used_every_minute() {
    let env = Env::new(false).await;
    let mut citizen = Browser::default();
    env.post(
        &mut citizen,
        "/api/auth/sign-up",
        json!({ "login": "siti@contoh.id", "password": PASSWORD }),
    )
    .await;
    let mut root = env.root().await;
    let age = |who: &'static str, ago_hours: i64| {
        let pool = env.pool.clone();
        async move {
            // Created `ago_hours` ago, seen a minute ago and expiring in a month: only its age
            // is old.
            let now = app::store::clock::Moment::now();
            common::on_db!(&pool, p => sqlx::query(
                "UPDATE sessions SET created_at = $2, last_seen_at = $3, expires_at = $4
                 WHERE account_id = (SELECT id FROM accounts WHERE login = $1)",
            )
            .bind(who)
            .bind(now.plus_hours(-ago_hours).stamp())
            .bind(now.plus_minutes(-1).stamp())
            .bind(now.plus_days(30).stamp())
            .execute(p)
            .await.map(|r| r.rows_affected()))
            .unwrap();
        }
    };
    // A citizen: 29 days old is fine, 31 days is over.
    age("siti@contoh.id", 29 * 24).await;
    assert_eq!(env.me(&mut citizen).await["login"], "siti@contoh.id");
    age("siti@contoh.id", 31 * 24).await;
    assert_eq!(env.me(&mut citizen).await, Value::Null);
    // Staff and admins: 12 hours.
    age("root@loket.go.id", 11).await;
    assert_eq!(env.me(&mut root).await["login"], "root@loket.go.id");
    age("root@loket.go.id", 13).await;
    assert_eq!(env.me(&mut root).await, Value::Null);
    let invite = json!({ "login": "x@polri.go.id", "temporary_password": PASSWORD });
    assert_eq!(
        env.post(&mut root, "/api/staff/invite", invite)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Signing in again starts a new session.
    let mut root = env.signed_in("root@loket.go.id", ROOT_PASSWORD).await;
    assert_eq!(env.me(&mut root).await["login"], "root@loket.go.id");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_ends_other_sessions_and_the_new_one_works() {
    let env = Env::new(false).await;
    let mut phone = Browser::default();
    let r = env
        .post(
            &mut phone,
            "/api/auth/sign-up",
            json!({ "login": "siti@contoh.id", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut laptop = env.signed_in("siti@contoh.id", PASSWORD).await;
    let id = env.account_id("siti@contoh.id").await;
    assert_eq!(session_count(&env.pool, &id).await.unwrap(), 2);

    // Not signed in: 401. A wrong current password, or a new one that breaks a rule: refused.
    let change =
        |current: &str, new: &str| json!({ "current_password": current, "new_password": new });
    let r = env
        .post(
            &mut Browser::default(),
            "/api/auth/change-password",
            change(PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = env
        .post(
            &mut phone,
            "/api/auth/change-password",
            change("salah sekali ya", NEW_PASSWORD),
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::FORBIDDEN,
            json!({ "Account": "wrong_password" })
        )
    );
    for (new, problem) in [
        ("pendek", "too_short"),
        ("123456789012", "all_digits"),
        ("Siti@contoh.id", "same_as_login"),
    ] {
        let r = env
            .post(
                &mut phone,
                "/api/auth/change-password",
                change(PASSWORD, new),
            )
            .await;
        assert_eq!(
            (r.status, r.json()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "Account": { "password": problem } })
            ),
            "{new}"
        );
    }
    assert_eq!(
        env.me(&mut laptop).await["login"],
        "siti@contoh.id",
        "refusals change nothing"
    );

    // The change: this browser stays signed in with a new token, every other session ends.
    let old_token = phone.cookie.clone().unwrap();
    let r = env
        .post(
            &mut phone,
            "/api/auth/change-password",
            change(PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_ne!(
        phone.cookie.clone().unwrap(),
        old_token,
        "a new token for this browser"
    );
    assert_eq!(env.me(&mut phone).await["login"], "siti@contoh.id");
    assert_eq!(
        env.me(&mut Browser {
            cookie: Some(old_token)
        })
        .await,
        Value::Null,
        "the old token is dead"
    );
    assert_eq!(
        env.me(&mut laptop).await,
        Value::Null,
        "the other device is signed out"
    );
    assert_eq!(session_count(&env.pool, &id).await.unwrap(), 1);
    assert_eq!(
        env.sign_in("siti@contoh.id", PASSWORD).await.1.status,
        StatusCode::UNAUTHORIZED
    );
    let mut laptop = env.signed_in("siti@contoh.id", NEW_PASSWORD).await;

    // The plain form (no JavaScript): back to /akun, saying whether it worked.
    let r = env
        .change_form(&mut laptop, "salah sekali ya", PASSWORD, "/akun")
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    assert_eq!(r.headers[header::LOCATION], "/akun?sandi=wrong_password");
    let r = env
        .change_form(&mut laptop, NEW_PASSWORD, PASSWORD, "/akun")
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    assert_eq!(r.headers[header::LOCATION], "/akun?sandi=ok");
    assert_eq!(env.me(&mut laptop).await["login"], "siti@contoh.id");
    assert_eq!(env.me(&mut phone).await, Value::Null);
    env.signed_in("siti@contoh.id", PASSWORD).await;
    let page = env.call(&mut laptop, "GET", "/akun", None).await;
    assert!(
        page.body.contains("data-testid=\"change-password-form\""),
        "the account page offers the change"
    );
}

#[tokio::test]
async fn an_invited_officer_must_change_the_temporary_password_before_any_staff_function_works() {
    let env = Env::new(false).await;
    let mut root = env.root().await;
    assert!(
        env.me(&mut root)
            .await
            .get("must_change_password")
            .is_none(),
        "create-admin chose its own password"
    );
    env.invite(
        &mut root,
        "admin@dukcapil.go.id",
        "agency_admin",
        "dukcapil",
    )
    .await;
    let mut admin = env.signed_in("admin@dukcapil.go.id", PASSWORD).await;
    assert_eq!(env.me(&mut admin).await["must_change_password"], true);
    // An invited admin cannot invite before the change.
    let r = env
        .post(
            &mut admin,
            "/api/staff/invite",
            json!({ "login": "petugas@dukcapil.go.id", "temporary_password": PASSWORD }),
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            StatusCode::FORBIDDEN,
            json!({ "Account": "must_change_password" })
        )
    );
    let mut admin = env.first_sign_in("admin@dukcapil.go.id").await;
    env.invite(&mut admin, "petugas@dukcapil.go.id", "officer", "dukcapil")
        .await;

    let mut officer = env.signed_in("petugas@dukcapil.go.id", PASSWORD).await;
    let id = env.submit(1).await;
    let calls = [
        ("/api/staff/queue", json!({ "filter": {} })),
        ("/api/staff/request", json!({ "id": id })),
        ("/api/staff/dashboard", json!({})),
    ];
    for (path, body) in calls {
        let r = env.post(&mut officer, path, body).await;
        assert_eq!(
            (r.status, r.json()),
            (
                StatusCode::FORBIDDEN,
                json!({ "Account": "must_change_password" })
            ),
            "{path}"
        );
    }
    let r = env
        .form(
            &mut officer,
            "/api/staff/act",
            &[("id", &id), ("action", "receive"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = env
        .form(
            &mut officer,
            "/api/staff/assign",
            &[("id", &id), ("to", "me")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(
        env.status(&id).await,
        ("submitted".to_string(), None),
        "nothing changed"
    );
    let file = env
        .call(
            &mut officer,
            "GET",
            &format!("/staff/berkas/{}", common::PHOTO),
            None,
        )
        .await;
    assert_eq!(file.status, StatusCode::FORBIDDEN);
    // Every back-office page is the change form.
    for page in [
        "/staff",
        "/staff/dasbor",
        "/staff/petugas",
        &format!("/staff/permohonan/{id}"),
    ] {
        let r = env.call(&mut officer, "GET", page, None).await;
        assert!(
            r.body.contains("data-testid=\"change-password-form\""),
            "{page}"
        );
        assert!(!r.body.contains("data-testid=\"queue\""), "{page}");
    }

    // The plain form on /staff/sandi: a weak password is refused, saying why; a good one clears the mark.
    let r = env
        .change_form(&mut officer, PASSWORD, "pendek", "/staff")
        .await;
    assert_eq!(r.headers[header::LOCATION], "/staff/sandi?sandi=too_short");
    let r = env
        .change_form(&mut officer, PASSWORD, NEW_PASSWORD, "/staff")
        .await;
    assert_eq!(r.headers[header::LOCATION], "/staff");
    assert!(env
        .me(&mut officer)
        .await
        .get("must_change_password")
        .is_none());
    let r = env
        .post(&mut officer, "/api/staff/queue", json!({ "filter": {} }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()[0]["id"], json!(id));
    let r = env.call(&mut officer, "GET", "/staff", None).await;
    assert!(r.body.contains("data-testid=\"queue\""));
    assert_eq!(
        env.call(
            &mut officer,
            "GET",
            &format!("/staff/berkas/{}", common::PHOTO),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = env.call(&mut officer, "GET", "/staff/sandi", None).await;
    assert!(
        r.body.contains("data-testid=\"change-password-form\""),
        "the change stays available"
    );
    let audit: Vec<String> = audit_log(&env.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        audit.iter().filter(|a| *a == "account.password").count(),
        2,
        "{audit:?}"
    );
}

#[tokio::test]
async fn an_admin_re_enables_a_disabled_account_which_signs_in_again_and_it_is_audited() {
    let env = Env::new(false).await;
    let mut root = env.root().await;
    env.invite(
        &mut root,
        "admin@dukcapil.go.id",
        "agency_admin",
        "dukcapil",
    )
    .await;
    env.invite(&mut root, "admin@polri.go.id", "agency_admin", "polri")
        .await;
    let mut admin = env.first_sign_in("admin@dukcapil.go.id").await;
    let mut polri = env.first_sign_in("admin@polri.go.id").await;
    env.invite(&mut admin, "petugas@dukcapil.go.id", "officer", "dukcapil")
        .await;
    let mut officer = env.first_sign_in("petugas@dukcapil.go.id").await;

    let r = env
        .post(
            &mut admin,
            "/api/staff/disable",
            json!({ "login": "petugas@dukcapil.go.id" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(env.me(&mut officer).await, Value::Null);
    assert_eq!(
        env.sign_in("petugas@dukcapil.go.id", NEW_PASSWORD)
            .await
            .1
            .status,
        StatusCode::UNAUTHORIZED
    );

    // The same rules as disabling: not an officer, not another agency's admin, not anonymous.
    let enable = json!({ "login": "petugas@dukcapil.go.id" });
    let mut other_officer = {
        env.invite(&mut admin, "lain@dukcapil.go.id", "officer", "dukcapil")
            .await;
        env.first_sign_in("lain@dukcapil.go.id").await
    };
    assert_eq!(
        env.post(&mut other_officer, "/api/staff/enable", enable.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let foreign = env
        .post(&mut polri, "/api/staff/enable", enable.clone())
        .await;
    let missing = env
        .post(
            &mut polri,
            "/api/staff/enable",
            json!({ "login": "hantu@polri.go.id" }),
        )
        .await;
    assert_eq!(
        (foreign.status, foreign.body.clone()),
        (missing.status, missing.body)
    );
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(
        env.post(&mut Browser::default(), "/api/staff/enable", enable.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        env.sign_in("petugas@dukcapil.go.id", NEW_PASSWORD)
            .await
            .1
            .status,
        StatusCode::UNAUTHORIZED,
        "still disabled"
    );

    // The agency's admin re-enables (the plain form, as on /staff/petugas): the password works again.
    let r = env
        .form(
            &mut admin,
            "/api/staff/enable-form",
            &[("login", "petugas@dukcapil.go.id")],
        )
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    assert_eq!(r.headers[header::LOCATION], "/staff/petugas");
    let mut officer = env.signed_in("petugas@dukcapil.go.id", NEW_PASSWORD).await;
    assert_eq!(
        env.post(&mut officer, "/api/staff/queue", json!({ "filter": {} }))
            .await
            .status,
        StatusCode::OK
    );
    // A system admin may re-enable anyone.
    env.post(&mut admin, "/api/staff/disable", enable.clone())
        .await;
    let r = env
        .post(&mut root, "/api/staff/enable", enable.clone())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["login"], "petugas@dukcapil.go.id");

    let log = audit_log(&env.pool).await.unwrap();
    let enables: Vec<_> = log.iter().filter(|r| r.action == "staff.enable").collect();
    assert_eq!(enables.len(), 2);
    let officer_id = env.account_id("petugas@dukcapil.go.id").await;
    assert_eq!(
        (enables[0].actor_id.clone(), enables[0].subject.clone()),
        (env.account_id("admin@dukcapil.go.id").await, officer_id)
    );
    assert_eq!(
        serde_json::from_str::<Value>(enables[0].before.as_deref().unwrap()).unwrap()["disabled"],
        true
    );
    assert_eq!(
        serde_json::from_str::<Value>(enables[0].after.as_deref().unwrap()).unwrap()["disabled"],
        false
    );
    // The staff page offers "enable again" next to a disabled account, to the agency's admin only.
    env.post(
        &mut admin,
        "/api/staff/disable",
        json!({ "login": "lain@dukcapil.go.id" }),
    )
    .await;
    let page = env.call(&mut admin, "GET", "/staff/petugas", None).await;
    assert!(
        page.body.contains("data-testid=\"enable\"")
            && page.body.contains("/api/staff/enable-form"),
        "{}",
        page.body
    );
    let mut officer = env.signed_in("petugas@dukcapil.go.id", NEW_PASSWORD).await;
    let page = env.call(&mut officer, "GET", "/staff/petugas", None).await;
    assert!(
        page.body.contains("data-testid=\"disabled\"")
            && !page.body.contains("data-testid=\"enable\"")
    );
}

#[tokio::test]
async fn an_officer_cannot_act_on_or_release_a_colleagues_request_but_the_agency_admin_can() {
    let env = Env::new(false).await;
    let mut root = env.root().await;
    env.invite(
        &mut root,
        "admin@dukcapil.go.id",
        "agency_admin",
        "dukcapil",
    )
    .await;
    let mut admin = env.first_sign_in("admin@dukcapil.go.id").await;
    env.invite(&mut admin, "ani@dukcapil.go.id", "officer", "dukcapil")
        .await;
    env.invite(&mut admin, "budi@dukcapil.go.id", "officer", "dukcapil")
        .await;
    let mut ani = env.first_sign_in("ani@dukcapil.go.id").await;
    let mut budi = env.first_sign_in("budi@dukcapil.go.id").await;
    let ani_id = env.account_id("ani@dukcapil.go.id").await;
    let id = env.submit(7).await;

    // Unassigned: any officer may act.
    assert_eq!(
        env.form(
            &mut budi,
            "/api/staff/act",
            &[("id", &id), ("action", "receive"), ("note", "")]
        )
        .await
        .status,
        StatusCode::OK
    );
    // Ani claims it; Budi may neither act on it, nor release it, nor take it over.
    assert_eq!(
        env.form(&mut ani, "/api/staff/assign", &[("id", &id), ("to", "me")])
            .await
            .status,
        StatusCode::OK
    );
    let act = env
        .form(
            &mut budi,
            "/api/staff/act",
            &[("id", &id), ("action", "review"), ("note", "")],
        )
        .await;
    assert_eq!(act.status, StatusCode::FORBIDDEN, "{}", act.body);
    let release = env
        .form(&mut budi, "/api/staff/assign", &[("id", &id), ("to", "")])
        .await;
    assert_eq!(release.status, StatusCode::FORBIDDEN, "{}", release.body);
    let take = env
        .form(&mut budi, "/api/staff/assign", &[("id", &id), ("to", "me")])
        .await;
    assert_eq!(take.status, StatusCode::FORBIDDEN, "{}", take.body);
    assert_eq!(
        env.status(&id).await,
        ("received".to_string(), Some(ani_id.clone())),
        "nothing changed"
    );
    // Ani may; the agency admin may act on it and release it too.
    assert_eq!(
        env.form(
            &mut ani,
            "/api/staff/act",
            &[("id", &id), ("action", "review"), ("note", "")]
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        env.form(
            &mut admin,
            "/api/staff/act",
            &[("id", &id), ("action", "approve"), ("note", "")]
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        env.form(&mut admin, "/api/staff/assign", &[("id", &id), ("to", "")])
            .await
            .status,
        StatusCode::OK
    );
    // Released: Budi may claim it now.
    assert_eq!(
        env.form(&mut budi, "/api/staff/assign", &[("id", &id), ("to", "me")])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        env.status(&id).await,
        (
            "approved".to_string(),
            Some(env.account_id("budi@dukcapil.go.id").await)
        )
    );
}

#[tokio::test]
async fn hsts_is_sent_on_every_answer_only_behind_https() {
    for secure in [true, false] {
        let env = Env::new(secure).await;
        let mut b = Browser::default();
        for path in ["/healthz", "/api/auth/me", "/akun", "/sw.js"] {
            let r = env.call(&mut b, "GET", path, None).await;
            let hsts = r
                .headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .map(|v| v.to_str().unwrap().to_string());
            let expected = secure.then(|| "max-age=31536000; includeSubDomains".to_string());
            assert_eq!(
                hsts,
                expected,
                "{path} with secure cookies {secure} ({})",
                env.cookie_name()
            );
        }
    }
}
