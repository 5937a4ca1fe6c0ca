//! Corrections to the catalogue (issue 11, part 3) through the real router on a real SQLite
//! file: the citizen's page and its plain multipart form, the photo judged by its first bytes,
//! every bad input refused with a clear 4xx and nothing stored, the limit per address, and the
//! evidence opened only by staff of the service's agency.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::client::{Reply, Who};
use serde_json::json;
use server::{cli, http};
use tower::ServiceExt;

const SERVICE: &str = "akta-kelahiran"; // Dukcapil
const PASSWORD: &str = "kopi tubruk pagi";
const OWN_PASSWORD: &str = "teh manis sore hari";
const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR evidence";

struct Env {
    dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
}

/// One part of a multipart form: name, file name (a file part) and bytes.
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

impl Env {
    async fn new() -> Env {
        let (dir, pool) = common::database().await;
        let app = http::router(
            pool.clone(),
            &dir.path().join("data"),
            &common::serve(dir.path()),
        )
        .unwrap();
        Env { dir, pool, app }
    }

    async fn get(&self, who: &mut Who, path: &str) -> Reply {
        common::client::call(&self.app, "203.0.113.5:5000", who, "GET", path, None).await
    }

    async fn post_json(&self, who: &mut Who, path: &str, body: serde_json::Value) -> Reply {
        let body = Some(("application/json", body.to_string()));
        common::client::call(&self.app, "203.0.113.5:5000", who, "POST", path, body).await
    }

    /// Posts `parts` as `multipart/form-data` from `peer`, with extra headers; the answer and
    /// its `Location` and `Retry-After`.
    async fn send(
        &self,
        peer: &str,
        slug: &str,
        parts: &[Part<'_>],
        extra: &[(&str, &str)],
    ) -> (StatusCode, String, Option<String>, Option<String>) {
        let (content_type, body) = common::client::multipart(parts.iter().copied());
        let mut req = Request::builder()
            .method("POST")
            .uri(format!("/api/koreksi/{slug}"))
            .header(header::HOST, "loket.test")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CONTENT_LENGTH, body.len());
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(peer.parse::<std::net::SocketAddr>().unwrap()));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let header_of = |h| {
            res.headers()
                .get(h)
                .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_string())
        };
        let (location, retry) = (header_of(header::LOCATION), header_of(header::RETRY_AFTER));
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
            .await
            .unwrap();
        (
            status,
            String::from_utf8_lossy(&bytes).into_owned(),
            location,
            retry,
        )
    }

    async fn stored(&self) -> (i64, i64) {
        (
            app::store::corrections::count(&self.pool).await.unwrap(),
            app::store::files::count(&self.pool).await.unwrap(),
        )
    }

    /// A signed-in officer of `agency` (invited by a system admin, temporary password changed).
    async fn officer(&self, agency: &str) -> Who {
        let mut nothing: &[u8] = b"";
        let root_login = format!("root-{agency}@loket.go.id");
        cli::create_admin(
            &self.pool,
            &root_login,
            Some("rahasia negara 1945".into()),
            &mut nothing,
        )
        .await
        .unwrap();
        let mut root = self.signed_in(&root_login, "rahasia negara 1945").await;
        let login = format!("petugas@{agency}.go.id");
        let invite = json!({ "login": login, "temporary_password": PASSWORD, "role": "officer", "agency": agency });
        let r = self.post_json(&mut root, "/api/staff/invite", invite).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let mut w = self.signed_in(&login, PASSWORD).await;
        let change = json!({ "current_password": PASSWORD, "new_password": OWN_PASSWORD });
        let r = self
            .post_json(&mut w, "/api/auth/change-password", change)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        w
    }

    async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let body = json!({ "login": login, "password": password });
        let r = self.post_json(&mut w, "/api/auth/sign-in", body).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }
}

fn good<'a>(should: &'a str) -> Vec<Part<'a>> {
    vec![
        ("field", None, b"cost"),
        ("saw", None, b"Rp 50.000"),
        ("should", None, should.as_bytes()),
    ]
}

#[tokio::test]
async fn the_page_reads_without_javascript_and_the_service_page_links_to_it() {
    let env = Env::new().await;
    let mut anyone = Who::default();
    let service = env.get(&mut anyone, &format!("/layanan/{SERVICE}")).await;
    assert!(service
        .body
        .contains(&format!("href=\"/layanan/{SERVICE}/koreksi\"")));
    assert!(service.body.contains("Apakah informasi ini benar?"));
    let page = env
        .get(&mut anyone, &format!("/layanan/{SERVICE}/koreksi"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for part in [
        "enctype=\"multipart/form-data\"",
        &format!("action=\"/api/koreksi/{SERVICE}\""),
        "name=\"field\"",
        "value=\"requirements\"",
        "value=\"legal_basis\"",
        "name=\"should\"",
        "type=\"file\"",
    ] {
        assert!(page.body.contains(part), "{part}");
    }
    let missing = env.get(&mut anyone, "/layanan/tidak-ada/koreksi").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_correction_with_a_photo_goes_to_the_agency_queue() {
    let env = Env::new().await;
    let before = env.stored().await;
    let mut parts = good("Gratis, tanpa biaya <b>apa pun</b>");
    parts.push(("evidence", Some("papan.png"), PNG));
    let (status, _, location, _) = env.send("198.51.100.1:1", SERVICE, &parts, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    assert_eq!(location, format!("/layanan/{SERVICE}/koreksi?terkirim=1"));
    assert_eq!(env.stored().await, (before.0 + 1, before.1 + 1));
    let queue = app::store::corrections::open_for(&env.pool, "dukcapil")
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    let c = &queue[0];
    assert_eq!(c.service, SERVICE);
    assert_eq!(c.what.should, "Gratis, tanpa biaya <b>apa pun</b>");
    let sha = c.evidence.clone().unwrap();
    assert!(env.dir.path().join("data/files").join(&sha).exists());
    assert!(app::store::corrections::open_for(&env.pool, "polri")
        .await
        .unwrap()
        .is_empty());
    let thanks = env.get(&mut Who::default(), &location).await;
    assert!(thanks.body.contains("data-testid=\"correction-thanks\""));
    // The evidence opens for the agency's staff only.
    let mut officer = env.officer("dukcapil").await;
    let opened = env.get(&mut officer, &format!("/staff/berkas/{sha}")).await;
    assert_eq!(opened.status, StatusCode::OK);
    let mut other = env.officer("polri").await;
    let refused = env.get(&mut other, &format!("/staff/berkas/{sha}")).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let anonymous = env
        .get(&mut Who::default(), &format!("/staff/berkas/{sha}"))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_input_is_refused_with_a_clear_4xx_and_nothing_is_stored() {
    let env = Env::new().await;
    let before = env.stored().await;
    let long = "x".repeat(2001);
    let big = [PNG, &vec![0u8; 210 * 1024]].concat();
    let cases: Vec<(Vec<Part>, StatusCode, &str)> = vec![
        (
            vec![("should", None, b"Gratis")],
            StatusCode::UNPROCESSABLE_ENTITY,
            "Pilih bagian yang salah",
        ),
        (
            vec![("field", None, b"form"), ("should", None, b"x")],
            StatusCode::UNPROCESSABLE_ENTITY,
            "Pilih bagian yang salah",
        ),
        (
            vec![("field", None, b"cost"), ("should", None, b"  ")],
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tulis apa yang seharusnya tertulis",
        ),
        (
            vec![("field", None, b"cost"), ("should", None, long.as_bytes())],
            StatusCode::UNPROCESSABLE_ENTITY,
            "Teks terlalu panjang",
        ),
        (
            vec![("field", None, b"cost"), ("should", None, b"a\x00b")],
            StatusCode::UNPROCESSABLE_ENTITY,
            "karakter yang tidak diizinkan",
        ),
        (
            vec![("field", None, b"cost"), ("should", None, b"a\xFFb")],
            StatusCode::UNPROCESSABLE_ENTITY,
            "karakter yang tidak diizinkan",
        ),
        (
            [
                good("Gratis"),
                vec![("evidence", Some("x.gif"), b"GIF89a....")],
            ]
            .concat(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "JPEG atau PNG",
        ),
        (
            [
                good("Gratis"),
                vec![("evidence", Some("x.pdf"), b"%PDF-1.4 ...")],
            ]
            .concat(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "JPEG atau PNG",
        ),
        (
            [good("Gratis"), vec![("evidence", Some("x.png"), &big)]].concat(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "terlalu besar",
        ),
    ];
    for (i, (parts, status, says)) in cases.iter().enumerate() {
        let peer = format!("198.51.100.{}:1", 10 + i);
        let (got, body, _, _) = env.send(&peer, SERVICE, parts, &[]).await;
        assert_eq!(got, *status, "case {i}: {body}");
        assert!(body.contains(says), "case {i}: {says}");
        assert!(
            body.contains("data-testid=\"correction-error\""),
            "case {i}"
        );
        assert_eq!(env.stored().await, before, "case {i}");
    }
    // What was typed comes back, escaped.
    let parts: Vec<Part> = vec![
        ("field", None, b"cost"),
        ("saw", None, b"<script>alert(1)</script>"),
        ("should", None, b""),
    ];
    let (_, body, _, _) = env.send("198.51.100.50:1", SERVICE, &parts, &[]).await;
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!body.contains("<script>alert(1)"));
    assert!(body.contains("<option value=\"cost\" selected>"));
    // Not a form at all, an unknown service, another site's page.
    let mut anyone = Who::default();
    let not_multipart = common::client::call(
        &env.app,
        "198.51.100.51:1",
        &mut anyone,
        "POST",
        &format!("/api/koreksi/{SERVICE}"),
        Some(("text/plain", "field=cost".into())),
    )
    .await;
    assert_eq!(not_multipart.status, StatusCode::BAD_REQUEST);
    let (missing, _, _, _) = env
        .send("198.51.100.52:1", "tidak-ada", &good("x"), &[])
        .await;
    assert_eq!(missing, StatusCode::NOT_FOUND);
    let (bad_slug, _, _, _) = env
        .send("198.51.100.53:1", "A%3Cb%3E", &good("x"), &[])
        .await;
    assert_eq!(bad_slug, StatusCode::NOT_FOUND);
    let cross = [("origin", "https://evil.example")];
    let (csrf, _, _, _) = env
        .send("198.51.100.54:1", SERVICE, &good("x"), &cross)
        .await;
    assert_eq!(csrf, StatusCode::FORBIDDEN);
    assert_eq!(env.stored().await, before);
}

#[tokio::test]
async fn corrections_are_limited_per_address_and_forged_forwarding_does_not_help() {
    let env = Env::new().await;
    let peer = "198.51.100.77:1";
    for i in 0..server::limits::CORRECTIONS_PER_IP_PER_HOUR {
        let (status, _, _, _) = env.send(peer, SERVICE, &good("Gratis"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "try {i}");
    }
    let forged = [("x-forwarded-for", "192.0.2.1")];
    let (status, body, _, retry) = env.send(peer, SERVICE, &good("Gratis"), &forged).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Terlalu banyak laporan"));
    assert!(retry.unwrap().parse::<u64>().unwrap() > 0);
    let n = server::limits::CORRECTIONS_PER_IP_PER_HOUR as i64;
    assert_eq!(env.stored().await.0, n);
    // Another address is not held back.
    let (status, _, _, _) = env
        .send("198.51.100.78:1", SERVICE, &good("Gratis"), &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}
