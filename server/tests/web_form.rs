//! The server's own application form (issue 13, parts 2 and 3) through the real router on a
//! real SQLite file: applying without JavaScript section by section (the visitor's draft under
//! a cookie, the one validator and its error summary, a photo as a plain file field, "check
//! your answers", one request per confirmation however often it is posted, channel `web`), and
//! the assisted counter (who may file, for which agency, channel `counter`, audited).

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::client::Who;
use serde_json::json;
use server::{cli, http};
use tower::ServiceExt;

const SERVICE: &str = "ktp-el-baru"; // Dukcapil; four sections, a required photo in the third
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0 a photo of the family card";
const PASSWORD: &str = "kopi tubruk pagi";
const OWN_PASSWORD: &str = "teh manis sore hari";

/// One part of a multipart form: name, file name (a file part) and bytes.
type Part = (String, Option<String>, Vec<u8>);

fn text(name: &str, value: &str) -> Part {
    (name.into(), None, value.as_bytes().to_vec())
}

/// An answer from the server: status, `Location`, the draft cookie it set, the body.
struct Answer {
    status: StatusCode,
    location: Option<String>,
    cookie: Option<String>,
    body: String,
}

struct Env {
    _dir: tempfile::TempDir,
    pool: sqlx::SqlitePool,
    app: axum::Router,
}

impl Env {
    async fn new() -> Env {
        let (dir, pool) = common::database().await;
        let app = http::router(
            pool.clone(),
            &dir.path().join("data"),
            &common::serve(dir.path()),
        )
        .unwrap();
        Env {
            _dir: dir,
            pool,
            app,
        }
    }

    /// Sends a request with `cookies` (a `Cookie` header value) from one address.
    async fn request(
        &self,
        method: &str,
        path: &str,
        cookies: &str,
        body: Option<(String, Vec<u8>)>,
    ) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "loket.test");
        if !cookies.is_empty() {
            req = req.header(header::COOKIE, cookies);
        }
        let body = match body {
            Some((ct, b)) => {
                req = req
                    .header(header::CONTENT_TYPE, ct)
                    .header(header::CONTENT_LENGTH, b.len());
                Body::from(b)
            }
            None => Body::empty(),
        };
        let mut req = req.body(body).unwrap();
        req.extensions_mut().insert(ConnectInfo(
            "198.51.100.7:4000".parse::<std::net::SocketAddr>().unwrap(),
        ));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|c| c.to_str().ok())
            .find(|c| c.starts_with("loket_formulir="))
            .map(|c| c.split(';').next().unwrap().to_string());
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
            .await
            .unwrap();
        Answer {
            status,
            location,
            cookie,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, path: &str, cookies: &str) -> Answer {
        self.request("GET", path, cookies, None).await
    }

    /// Posts `parts` as `multipart/form-data`.
    async fn post(&self, path: &str, cookies: &str, parts: &[Part]) -> Answer {
        let boundary = "----loketBoundary13";
        let mut body = Vec::new();
        for (name, file, bytes) in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = match file {
                Some(f) => format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ),
                None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
            };
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        self.request("POST", path, cookies, Some((ct, body))).await
    }

    async fn requests(&self) -> Vec<(String, String)> {
        sqlx::query_as("SELECT id, channel FROM requests ORDER BY received_at")
            .fetch_all(&self.pool)
            .await
            .unwrap()
    }

    async fn post_json(&self, who: &mut Who, path: &str, body: serde_json::Value) {
        let body = Some(("application/json", body.to_string()));
        let r = common::client::call(&self.app, "203.0.113.5:5000", who, "POST", path, body).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    }

    async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let body = json!({ "login": login, "password": password });
        self.post_json(&mut w, "/api/auth/sign-in", body).await;
        w
    }

    /// A signed-in staff member (`role`) of `agency`, own password set; and its account id.
    async fn staff(&self, agency: &str, role: &str) -> (Who, String) {
        let mut nothing: &[u8] = b"";
        let root_login = format!("root-{agency}-{role}@loket.go.id");
        cli::create_admin(
            &self.pool,
            &root_login,
            Some("rahasia negara 1945".into()),
            &mut nothing,
        )
        .await
        .unwrap();
        let mut root = self.signed_in(&root_login, "rahasia negara 1945").await;
        let login = format!("{role}@{agency}.go.id");
        let invite = json!({ "login": login, "temporary_password": PASSWORD, "role": role, "agency": agency });
        self.post_json(&mut root, "/api/staff/invite", invite).await;
        let mut w = self.signed_in(&login, PASSWORD).await;
        let change = json!({ "current_password": PASSWORD, "new_password": OWN_PASSWORD });
        self.post_json(&mut w, "/api/auth/change-password", change)
            .await;
        let id: String = sqlx::query_scalar("SELECT id FROM accounts WHERE login = ?1")
            .bind(&login)
            .fetch_one(&self.pool)
            .await
            .unwrap();
        (w, id)
    }
}

/// The staff member's session as a `Cookie` header value.
fn session(who: &Who) -> String {
    format!("loket_session={}", who.cookie.as_deref().unwrap())
}

/// A valid post of each section of the KTP-el form, in order.
fn sections() -> Vec<Vec<Part>> {
    vec![
        vec![
            text("nik", "3171050512900001"),
            text("nama_lengkap", "Siti Aminah"),
            text("tempat_lahir", "Jakarta"),
            text("tanggal_lahir", "15"),
            text("tanggal_lahir", "1"),
            text("tanggal_lahir", "1990"),
            text("jenis_kelamin", "perempuan"),
            text("status_perkawinan", "belum_kawin"),
        ],
        vec![text("alamat", "Jl. Kenari 5, Jakarta")],
        vec![("foto_kk".into(), Some("kk.jpg".into()), JPEG.to_vec())],
        vec![text("no_hp", "081234567890"), text("email", "")],
    ]
}

/// Checks the choice values the test posts against the stored form (so a catalogue change
/// fails here, named).
async fn choices_exist(env: &Env) {
    let form = common::form(&env.pool, SERVICE).await;
    for (field, value) in [
        ("jenis_kelamin", "perempuan"),
        ("status_perkawinan", "belum_kawin"),
    ] {
        let f = form.field(field).unwrap();
        match &f.kind {
            app::domain::form::FieldKind::Choice { options } => {
                assert!(options.iter().any(|o| o.value == value), "{field}: {value}")
            }
            k => panic!("{field} is {k:?}"),
        }
    }
}

/// Fills in every section through `base` (`/api/formulir/` or `/api/loket/`) with `cookies`,
/// following the redirects; returns the cookies (the draft cookie added when one was set).
async fn fill_in(env: &Env, base: &str, page: &str, mut cookies: String) -> String {
    for (i, parts) in sections().iter().enumerate() {
        let n = i + 1;
        let r = env
            .post(&format!("{base}{SERVICE}?bagian={n}"), &cookies, parts)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "section {n}: {}", r.body);
        if let Some(c) = r.cookie {
            cookies = if cookies.is_empty() {
                c
            } else {
                format!("{cookies}; {c}")
            };
        }
        let next = if n == 4 {
            format!("{page}{SERVICE}?periksa=1")
        } else {
            format!("{page}{SERVICE}?bagian={}", n + 1)
        };
        assert_eq!(r.location.as_deref(), Some(next.as_str()), "section {n}");
    }
    cookies
}

#[tokio::test]
async fn applies_without_javascript_from_start_to_reference_number() {
    let env = Env::new().await;
    choices_exist(&env).await;
    // The apply page, without scripts, leads into the server's form, which posts plain forms.
    let start = env.get(&format!("/ajukan/{SERVICE}"), "").await;
    assert!(
        start
            .body
            .contains(&format!("href=\"/formulir/{SERVICE}\"")),
        "{}",
        start.body
    );
    let first = env.get(&format!("/formulir/{SERVICE}"), "").await;
    assert_eq!(first.status, StatusCode::OK);
    for part in [
        "method=\"post\"",
        &format!("action=\"/api/formulir/{SERVICE}?bagian=1\""),
        "enctype=\"multipart/form-data\"",
        "name=\"nik\"",
    ] {
        assert!(first.body.contains(part), "{part}");
    }
    assert!(
        !first.body.contains("data-form=\"section\""),
        "the app must leave it alone"
    );

    // A section with problems: the error summary and each field's message; nothing filed.
    let bad = env
        .post(
            &format!("/api/formulir/{SERVICE}?bagian=1"),
            "",
            &[
                text("nik", "12<script>"),
                text("nama_lengkap", "Siti Aminah"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    assert_eq!(
        bad.location.as_deref(),
        Some(format!("/formulir/{SERVICE}?bagian=1&galat=1").as_str())
    );
    let cookies = bad.cookie.expect("the draft cookie");
    let errors = env.get(bad.location.as_deref().unwrap(), &cookies).await;
    assert!(errors.body.contains("data-testid=\"error-summary\""));
    assert!(errors.body.contains("Ada yang perlu diperbaiki"));
    assert!(
        errors.body.contains("value=\"Siti Aminah\""),
        "what was typed is kept"
    );
    assert!(!errors.body.contains("12<script>") && errors.body.contains("12&lt;script&gt;"));
    assert!(env.requests().await.is_empty());

    let cookies = fill_in(&env, "/api/formulir/", "/formulir/", cookies).await;
    let check = env
        .get(&format!("/formulir/{SERVICE}?periksa=1"), &cookies)
        .await;
    assert!(check.body.contains("Periksa jawaban Anda"));
    assert!(check.body.contains("Siti Aminah") && check.body.contains("kk.jpg"));
    assert!(check.body.contains(&format!(
        "href=\"/formulir/{SERVICE}?bagian=1&amp;ubah=nik\""
    )));
    assert!(check
        .body
        .contains(&format!("action=\"/api/formulir/{SERVICE}?kirim=1\"")));

    // Confirmed twice (a double click, a reload of the post): one request, one receipt.
    let kirim = format!("/api/formulir/{SERVICE}?kirim=1");
    let expect = [text("expect_days", ""), text("expect_cost", "")];
    let sent = env.post(&kirim, &cookies, &expect).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let done = format!("/formulir/{SERVICE}?selesai=1");
    if sent.location.as_deref() != Some(done.as_str()) {
        let page = env.get(sent.location.as_deref().unwrap(), &cookies).await;
        panic!("not sent: {:?}\n{}", sent.location, page.body);
    }
    // (again as a URL-encoded form, as a form without files may be sent)
    let urlencoded = Some((
        "application/x-www-form-urlencoded".into(),
        b"expect_days=".to_vec(),
    ));
    let again = env.request("POST", &kirim, &cookies, urlencoded).await;
    assert_eq!(again.location.as_deref(), Some(done.as_str()));
    let stored = env.requests().await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1, "web");
    let receipt = env.get(&done, &cookies).await;
    let reference: String = sqlx::query_scalar("SELECT reference FROM requests")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert!(receipt.body.contains(&reference), "{}", receipt.body);
    assert!(receipt.body.contains("data-testid=\"pin\""));
    // Its photo was stored under the request's own id, so the agency's staff can open it.
    let owned = app::store::files::owned(&env.pool, &stored[0].0, &sha256(JPEG)).await;
    assert!(owned.unwrap().is_some());
    // Someone else's browser sees none of it.
    let other = env.get(&done, "").await;
    assert!(!other.body.contains(&reference));
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    app::domain::file::name_of(&Sha256::digest(bytes))
}

#[tokio::test]
async fn a_draft_survives_a_reload_and_belongs_to_its_browser() {
    let env = Env::new().await;
    let r = env
        .post(
            &format!("/api/formulir/{SERVICE}?bagian=1"),
            "",
            &[text("nama_lengkap", "Budi Santoso")],
        )
        .await;
    let cookies = r.cookie.unwrap();
    let page = format!("/formulir/{SERVICE}?bagian=1");
    assert!(env
        .get(&page, &cookies)
        .await
        .body
        .contains("value=\"Budi Santoso\""));
    assert!(!env.get(&page, "").await.body.contains("Budi Santoso"));
    let forged = "loket_formulir=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assert!(!env.get(&page, forged).await.body.contains("Budi Santoso"));
}

#[tokio::test]
async fn bad_files_and_bad_input_store_nothing() {
    let env = Env::new().await;
    let cookies = fill_in(&env, "/api/formulir/", "/formulir/", String::new()).await;
    let files_before = app::store::files::count(&env.pool).await.unwrap();
    // Not a photo: refused on its field, nothing stored.
    let r = env
        .post(
            &format!("/api/formulir/{SERVICE}?bagian=3"),
            &cookies,
            &[(
                "foto_kk".into(),
                Some("kk.gif".into()),
                b"GIF89a....".to_vec(),
            )],
        )
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/formulir/{SERVICE}?bagian=3&galat=1&berkas=foto_kk").as_str())
    );
    let page = env.get(r.location.as_deref().unwrap(), &cookies).await;
    assert!(page.body.contains("data-testid=\"error-summary\""));
    assert_eq!(
        app::store::files::count(&env.pool).await.unwrap(),
        files_before
    );
    // Larger than the field allows (2 MB): refused before anything is kept.
    let big = [&b"\xFF\xD8\xFF"[..], &vec![0u8; 2_000_001]].concat();
    let r = env
        .post(
            &format!("/api/formulir/{SERVICE}?bagian=3"),
            &cookies,
            &[("foto_kk".into(), Some("besar.jpg".into()), big)],
        )
        .await;
    assert!(r.location.unwrap().ends_with("&berkas=foto_kk"));
    assert_eq!(
        app::store::files::count(&env.pool).await.unwrap(),
        files_before
    );
    // An expectation that is not a number: back to "check your answers", nothing filed.
    let r = env
        .post(
            &format!("/api/formulir/{SERVICE}?kirim=1"),
            &cookies,
            &[text("expect_days", "besok")],
        )
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/formulir/{SERVICE}?periksa=1&galat=1").as_str())
    );
    // A section emptied after the fact: the submit goes back to it.
    env.post(
        &format!("/api/formulir/{SERVICE}?bagian=2"),
        &cookies,
        &[text("alamat", "")],
    )
    .await;
    let r = env
        .post(&format!("/api/formulir/{SERVICE}?kirim=1"), &cookies, &[])
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/formulir/{SERVICE}?bagian=2&galat=1").as_str())
    );
    // Not a form at all; an unknown service.
    let r = env
        .request(
            "POST",
            &format!("/api/formulir/{SERVICE}?bagian=1"),
            &cookies,
            Some(("text/plain".into(), b"nik=1".to_vec())),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = env.post("/api/formulir/tidak-ada?bagian=1", "", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(env.requests().await.is_empty());
}

#[tokio::test]
async fn a_post_from_another_site_is_refused() {
    let env = Env::new().await;
    let mut req = Request::builder()
        .method("POST")
        .uri(format!("/api/formulir/{SERVICE}?bagian=1"))
        .header(header::HOST, "loket.test")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .body(Body::from("--x--\r\n"))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(
        "198.51.100.7:4000".parse::<std::net::SocketAddr>().unwrap(),
    ));
    let res = env.app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM web_drafts")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(drafts, 0);
}

#[tokio::test]
async fn the_counter_files_for_a_citizen_once_with_its_channel_and_an_audit_row() {
    let env = Env::new().await;
    let (officer, officer_id) = env.staff("dukcapil", "officer").await;
    let cookies = session(&officer);
    let first = format!("/api/loket/{SERVICE}?bagian=1");
    // An officer nobody allowed to file is refused, and the page says why.
    let r = env.post(&first, &cookies, &sections()[0]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = env.get(&format!("/staff/loket/{SERVICE}"), &cookies).await;
    assert!(
        page.body.contains("data-testid=\"counter-refused\""),
        "{}",
        page.body
    );
    // Their agency admin allows it.
    app::store::web_drafts::set_counter(&env.pool, &officer_id, "admin", true)
        .await
        .unwrap();
    let list = env.get("/staff/loket", &cookies).await;
    assert!(list
        .body
        .contains(&format!("href=\"/staff/loket/{SERVICE}\"")));
    let form = env.get(&format!("/staff/loket/{SERVICE}"), &cookies).await;
    assert!(
        form.body.contains("capture=\"environment\"") || form.body.contains("Diajukan di loket")
    );
    let cookies = fill_in(&env, "/api/loket/", "/staff/loket/", cookies).await;
    let kirim = format!("/api/loket/{SERVICE}?kirim=1");
    for _ in 0..2 {
        let r = env.post(&kirim, &cookies, &[]).await;
        assert_eq!(
            r.location.as_deref(),
            Some(format!("/staff/loket/{SERVICE}?selesai=1").as_str())
        );
    }
    let stored = env.requests().await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1, "counter");
    let receipt = env
        .get(&format!("/staff/loket/{SERVICE}?selesai=1"), &cookies)
        .await;
    assert!(receipt.body.contains("data-testid=\"receipt\""));
    assert!(receipt.body.contains("/lacak"));
    assert!(receipt.body.contains("data-testid=\"receipt-due\""));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'request.counter_file' AND actor_id = ?1 AND subject = ?2",
    )
    .bind(&officer_id)
    .bind(&stored[0].0)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    // The staff queue shows where it came from.
    let queue = env.get("/staff", &cookies).await;
    assert!(queue.body.contains("Loket instansi"), "{}", queue.body);
}

#[tokio::test]
async fn another_agencys_staff_cannot_file_its_services() {
    let env = Env::new().await;
    // An agency admin may file, but only for their own agency's services.
    let (admin, _) = env.staff("polri", "agency_admin").await;
    let cookies = session(&admin);
    let r = env
        .post(
            &format!("/api/loket/{SERVICE}?bagian=1"),
            &cookies,
            &sections()[0],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let page = env.get(&format!("/staff/loket/{SERVICE}"), &cookies).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // Signed out: refused.
    let r = env
        .post(
            &format!("/api/loket/{SERVICE}?bagian=1"),
            "",
            &sections()[0],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM web_drafts")
        .fetch_one(&env.pool)
        .await
        .unwrap();
    assert_eq!(drafts, 0);
}

#[tokio::test]
async fn only_an_agency_admin_allows_their_own_officers_at_the_counter() {
    let env = Env::new().await;
    let (officer, officer_id) = env.staff("dukcapil", "officer").await;
    let (other_admin, _) = env.staff("polri", "agency_admin").await;
    let (admin, _) = env.staff("dukcapil", "agency_admin").await;
    let allow = b"login=officer%40dukcapil.go.id&izin=1".to_vec();
    let form = || {
        Some((
            "application/x-www-form-urlencoded".to_string(),
            allow.clone(),
        ))
    };
    // An officer cannot allow themselves; another agency's admin cannot reach them.
    let r = env
        .request("POST", "/api/loket-izin", &session(&officer), form())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = env
        .request("POST", "/api/loket-izin", &session(&other_admin), form())
        .await;
    assert_eq!(r.location.as_deref(), Some("/staff/petugas?gagal=1"));
    assert!(!app::store::web_drafts::may_file(&env.pool, &officer_id)
        .await
        .unwrap());
    // Their own admin can, and withdraw it again; both audited.
    let r = env
        .request("POST", "/api/loket-izin", &session(&admin), form())
        .await;
    assert_eq!(r.location.as_deref(), Some("/staff/petugas"));
    assert!(app::store::web_drafts::may_file(&env.pool, &officer_id)
        .await
        .unwrap());
    let page = env.get("/staff/petugas", &session(&admin)).await;
    assert!(page.body.contains("data-testid=\"counter-allowed\""));
    let withdraw = Some((
        "application/x-www-form-urlencoded".to_string(),
        b"login=officer%40dukcapil.go.id&izin=0".to_vec(),
    ));
    env.request("POST", "/api/loket-izin", &session(&admin), withdraw)
        .await;
    assert!(!app::store::web_drafts::may_file(&env.pool, &officer_id)
        .await
        .unwrap());
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('staff.counter_grant', 'staff.counter_revoke') AND subject = ?1",
    )
    .bind(&officer_id)
    .fetch_one(&env.pool)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

/// The posted parts that give `answers` to section `idx` of `form` (a photo for a file field).
fn parts_of(
    form: &app::domain::form::FormSchema,
    idx: usize,
    answers: &app::domain::form::Answers,
) -> Vec<Part> {
    use app::domain::form::{Answer, FieldKind};
    let mut parts = Vec::new();
    for f in &form.sections[idx].fields {
        match (&f.kind, answers.get(&f.id)) {
            (FieldKind::File { .. }, Some(_)) => {
                parts.push((f.id.clone(), Some("dokumen.jpg".into()), JPEG.to_vec()))
            }
            (FieldKind::MemorableDate, Some(Answer::One(d))) => {
                let ymd: Vec<&str> = d.split('-').collect();
                for p in [ymd[2], ymd[1], ymd[0]] {
                    parts.push(text(&f.id, p));
                }
            }
            (_, Some(Answer::One(v))) => parts.push(text(&f.id, v)),
            (_, Some(Answer::Many(vs))) => parts.extend(vs.iter().map(|v| text(&f.id, v))),
            (_, None) => {}
        }
    }
    parts
}

#[tokio::test]
async fn every_service_that_takes_applications_can_be_filed_through_the_server_form() {
    let env = Env::new().await;
    let services = app::store::catalogue::active_services(&env.pool)
        .await
        .unwrap();
    let mut filed = 0;
    for s in services.iter().filter(|s| s.intake_form().is_some()) {
        let form = s.intake_form().unwrap().schema().unwrap();
        let answers = common::valid_answers(&form);
        let mut cookies = String::new();
        for idx in 0..form.sections.len() {
            let path = format!("/api/formulir/{}?bagian={}", s.slug, idx + 1);
            let r = env
                .post(&path, &cookies, &parts_of(&form, idx, &answers))
                .await;
            assert_eq!(
                r.status,
                StatusCode::SEE_OTHER,
                "{} section {}",
                s.slug,
                idx + 1
            );
            assert!(
                !r.location.as_deref().unwrap().contains("galat"),
                "{} section {}: {:?}",
                s.slug,
                idx + 1,
                r.location
            );
            if let Some(c) = r.cookie {
                cookies = c;
            }
        }
        let r = env
            .post(&format!("/api/formulir/{}?kirim=1", s.slug), &cookies, &[])
            .await;
        let done = format!("/formulir/{}?selesai=1", s.slug);
        assert_eq!(r.location.as_deref(), Some(done.as_str()), "{}", s.slug);
        filed += 1;
        // The receipt's expected completion: the stored working-day due date, written long.
        let due: String = sqlx::query_scalar(
            "SELECT due_date FROM requests WHERE service_slug = ?1 AND channel = 'web'",
        )
        .bind(&s.slug)
        .fetch_one(&env.pool)
        .await
        .unwrap();
        assert_eq!(due.is_empty(), s.processing_days.is_none(), "{}", s.slug);
        let receipt = env.get(&done, &cookies).await;
        if let Some(d) = app::domain::date::Date::parse(&due) {
            let long = d.long(app::domain::l10n::Lang::Id);
            assert!(receipt.body.contains(&long), "{}: {long}", s.slug);
        }
    }
    // (the seed catalogue has several; a filter that let none through would test nothing)
    assert!(filed >= 5, "only {filed} services take applications");
    assert_eq!(env.requests().await.len(), filed);
}
