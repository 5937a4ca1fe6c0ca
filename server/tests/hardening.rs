//! Holes found when Loket was attacked from outside (issue 8), each closed at its root and
//! checked through the real router on a real SQLite file: text in the document's head,
//! redirect targets, the Origin check's scheme, and the secret that PINs come from.

mod common;

use app::domain::submission::{Envelope, Receipt};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::http;
use tower::ServiceExt;

const SERVICE: &str = "akta-kelahiran";

async fn setup() -> (tempfile::TempDir, app::store::Db, axum::Router) {
    let (dir, pool) = common::database().await;
    let app = http::router(
        pool.clone(),
        &dir.path().join("data"),
        &common::serve(dir.path()),
    )
    .unwrap();
    (dir, pool, app)
}

/// Sends a request with `headers`; the status, the headers and the body as text.
async fn call(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

/// The text between `<title>` and `</title>`.
fn title(html: &str) -> &str {
    let start = html.find("<title>").expect("a title") + "<title>".len();
    let end = html[start..].find("</title>").expect("a closed title") + start;
    &html[start..end]
}

#[tokio::test]
async fn a_search_query_cannot_write_into_the_head() {
    let (_dir, _pool, app) = setup().await;
    let hostile = "</title><meta http-equiv=refresh content=\"0;url=https://phish.example\"><script>alert(1)</script>";
    let q: String = hostile.bytes().map(|b| format!("%{b:02X}")).collect();
    let (status, _, html) = call(&app, get(&format!("/cari?q={q}"))).await;
    assert_eq!(status, StatusCode::OK);
    let t = title(&html);
    assert!(
        !t.contains('<') && !t.contains('>'),
        "the title holds markup: {t}"
    );
    assert!(
        t.contains("&lt;/title&gt;&lt;meta http-equiv=refresh"),
        "the query is shown as text: {t}"
    );
    let head = &html[..html.find("</head>").expect("a head")];
    assert!(
        !head.contains("<meta http-equiv"),
        "no refresh reached the head as markup"
    );
    assert!(
        !html.contains("<script>alert(1)"),
        "no script anywhere in the page"
    );
}

#[tokio::test]
async fn the_language_switch_goes_back_only_to_this_site() {
    let (_dir, _pool, app) = setup().await;
    for (next, want) in [
        ("/layanan/paspor-baru", "/layanan/paspor-baru"),
        ("/%09/evil.example", "/"),
        ("/%5C/evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/staff%0D%0ASet-Cookie:%20x=1", "/"),
        ("/cari?q=akta%20lahir", "/cari?q=akta%20lahir"),
    ] {
        let (status, headers, _) = call(
            &app,
            get(&format!(
                "/bahasa/en?next={}",
                next.replace('?', "%3F").replace('=', "%3D")
            )),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(headers["location"], want, "{next}");
    }
}

#[tokio::test]
async fn a_hostile_next_on_the_sign_in_form_is_answered_not_a_crash() {
    let (_dir, _pool, app) = setup().await;
    for next in [
        "/staff",
        "/staff%0Ax",
        "/staff%0D%0ALocation:%20https://evil.example",
        "//evil.example/staff",
        "/staff/%5C%5Cevil",
    ] {
        let body = format!("login=nobody%40contoh.id&password=salah-sekali-123&next={next}");
        let req = Request::post("/api/auth/sign-in-form")
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", "http://127.0.0.1/staff")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("content-length", body.len())
            .body(Body::from(body))
            .unwrap();
        let (status, headers, _) = call(&app, req).await;
        assert!(
            status.is_redirection() || status.is_client_error(),
            "{next}: {status}"
        );
        let location = headers
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert!(
            location.is_empty() || location.starts_with("/staff?gagal=1"),
            "{next}: went to {location}"
        );
    }
}

#[tokio::test]
async fn a_plain_http_page_of_the_same_host_cannot_act_on_the_https_site() {
    let (dir, pool) = common::database().await;
    let mut serve = common::serve(dir.path());
    serve.secure_cookies = true;
    let app = http::router(pool, &dir.path().join("data"), &serve).unwrap();
    let sign_out = |origin: &'static str| {
        Request::post("/api/auth/sign-out")
            .header("host", "loket.example")
            .header("origin", origin)
            .header("content-type", "application/json")
            .header("content-length", "2")
            .body(Body::from("{}"))
            .unwrap()
    };
    assert_eq!(
        call(&app, sign_out("http://loket.example")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&app, sign_out("https://loket.example")).await.0,
        StatusCode::OK
    );
    // Without HTTPS (a test or a LAN install) plain http is the site's own scheme.
    let (dir, pool) = common::database().await;
    let app = http::router(pool, &dir.path().join("data"), &common::serve(dir.path())).unwrap();
    assert_eq!(
        call(&app, sign_out("http://loket.example")).await.0,
        StatusCode::OK
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn a_copy_of_the_database_alone_cannot_produce_a_pin() {
    if common::skipped_on_postgres(
        "the secret migration 0006 kept in SQLite databases; a PostgreSQL database never had one",
    ) {
        return;
    }
    let (dir, pool) = common::database().await;
    let data = dir.path().join("data");
    let secret_file = data.join("secret.key");
    // As `server` does at start: an older database's secret moves to its own file.
    let before = app::store::requests::legacy_secret(&pool)
        .await
        .unwrap()
        .expect("migration 0006 made one");
    server::secrets::adopt_legacy(&pool, &secret_file)
        .await
        .unwrap();
    assert_eq!(
        app::store::requests::legacy_secret(&pool).await.unwrap(),
        None,
        "no secret left in the database"
    );
    let app = http::router(pool.clone(), &data, &common::serve(dir.path())).unwrap();
    let f = common::form(&pool, SERVICE).await;
    common::uploaded(&pool, "01936f3e-8b2a-7cde-9f01-0000000000aa").await;
    let e = Envelope {
        id: "01936f3e-8b2a-7cde-9f01-0000000000aa".into(),
        service: SERVICE.into(),
        form_version: f.version,
        answers: common::valid_answers(&f),
        expect: None,
    };
    let body = serde_json::json!({ "envelope": e }).to_string();
    let req = Request::post("/api/requests/submit")
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .body(Body::from(body))
        .unwrap();
    let (status, _, text) = call(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let receipt: Receipt = serde_json::from_str(&text).unwrap();
    // The PIN comes from the file's secret (the one the database held before)...
    let file = server::secrets::load(&secret_file).unwrap();
    assert_eq!(receipt.pin, file.pin(&e.id));
    assert_eq!(
        app::keys::Secrets::new(vec![before.clone().try_into().unwrap()])
            .unwrap()
            .pin(&e.id),
        receipt.pin
    );
    // ...and its bytes are nowhere in the database's files any more.
    common::on_db!(&pool, p => sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(p)
        .await.map(|r| r.rows_affected()))
    .unwrap();
    for name in ["loket.db", "loket.db-wal"] {
        let bytes = std::fs::read(dir.path().join(name)).unwrap_or_default();
        assert!(!contains(&bytes, &before), "{name} still holds the secret");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secret_file)
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::metadata(dir.path().join("loket.db"))
                .unwrap()
                .permissions()
                .mode()
                & 0o077,
            0,
            "the database is private"
        );
    }
    // A new start keeps the same secret: the receipt's PIN still opens the request.
    let app = http::router(pool.clone(), &data, &common::serve(dir.path())).unwrap();
    let track =
        serde_json::json!({ "reference": receipt.reference.to_string(), "pin": receipt.pin })
            .to_string();
    let req = Request::post("/api/requests/track")
        .header("content-type", "application/json")
        .header("content-length", track.len())
        .body(Body::from(track))
        .unwrap();
    assert_eq!(call(&app, req).await.0, StatusCode::OK);
}

#[tokio::test]
async fn every_refusal_has_its_own_status_and_echoes_no_input() {
    let (_dir, _pool, app) = setup().await;
    // A form endpoint that returns its error without setting a status was answered 500.
    let form = "login=siapa%40contoh.id";
    let req = Request::post("/api/staff/disable-form")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", form.len())
        .body(Body::from(form))
        .unwrap();
    assert_eq!(call(&app, req).await.0, StatusCode::UNAUTHORIZED);
    // A parser's message quotes the input: a 150 KB body must not come back (nor be a 500).
    let huge = serde_json::to_string(&"A".repeat(150_000)).unwrap();
    let req = Request::post("/api/requests/submit")
        .header("content-type", "application/json")
        .header("content-length", huge.len())
        .body(Body::from(huge))
        .unwrap();
    let (status, _, body) = call(&app, req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.len() < 1024, "the answer echoed {} bytes", body.len());
}

#[tokio::test]
async fn the_staff_queue_comes_in_pages() {
    use app::store::{accounts, requests};
    let (dir, pool, app) = setup().await;
    let _ = dir;
    let f = common::form(&pool, SERVICE).await;
    let filing = requests::Filing {
        agency: "dukcapil".into(),
        due_date: String::new(),
        ..Default::default()
    };
    for n in 0..120u32 {
        let e = Envelope {
            id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
            service: SERVICE.into(),
            form_version: f.version,
            answers: common::valid_answers(&f),
            expect: None,
        };
        let clean = app::domain::submission::check(&e, Some(&f)).unwrap();
        requests::submit(&pool, &common::secrets(), &e, &clean, &filing)
            .await
            .unwrap();
    }
    let login = app::domain::account::Login::parse("petugas@dukcapil.go.id").unwrap();
    let officer = accounts::NewAccount {
        id: "01936f3e-8b2a-7cde-9f01-00000000a001",
        login: &login,
        password_hash: "x",
        role: app::domain::account::Role::Officer,
        agency: Some("dukcapil"),
        invited_by: None,
    };
    accounts::create(&pool, &officer, None).await.unwrap();
    let token = "A".repeat(43);
    let lifetime = accounts::Lifetime {
        citizen_hours: 24,
        staff_hours: 12,
    };
    accounts::create_session(
        &pool,
        &app::api::auth::token_hash(&token),
        Some(officer.id),
        1,
        lifetime,
    )
    .await
    .unwrap();
    let page = |n: u32| {
        Request::get(format!("/staff?halaman={n}&status=submitted"))
            .header("cookie", format!("loket_session={token}"))
            .body(Body::empty())
            .unwrap()
    };
    let items = |html: &str| html.matches("data-testid=\"queue-item\"").count();
    let (status, _, first) = call(&app, page(1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(items(&first), 50, "one page, not the whole queue");
    assert!(
        first.contains("/staff?halaman=2&amp;status=submitted"),
        "a link to the next page keeps the filter"
    );
    let (_, _, last) = call(&app, page(3)).await;
    assert_eq!(items(&last), 20);
    assert!(last.contains("/staff?halaman=2&amp;status=submitted") && !last.contains("halaman=4"));
}
