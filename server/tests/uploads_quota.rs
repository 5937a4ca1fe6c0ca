//! Uploads belong to the application they are for (its envelope id, the upload key) and count
//! against quotas kept in the database: through the real router, on a real SQLite file and a
//! real files directory. A stranger cannot touch or reuse someone's upload, a submission names
//! only its own uploads, staff open only what their agency's requests uploaded, partial files
//! are swept after they expire, and hidden answers are not kept.

mod common;

use app::domain::form::{Answer, FieldKind};
use app::domain::submission::Envelope;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use server::config::Serve;
use server::files::Files;
use server::{cli, http};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// Two application ids (UUIDv7), as two phones make them.
const KEY_A: &str = "01936f3e-8b2a-7cde-9f01-00000000000a";
const KEY_B: &str = "01936f3e-8b2a-7cde-9f01-00000000000b";
/// The address every upload here comes from, unless a test says otherwise.
const ADDRESS: &str = "203.0.113.7:5000";

/// A seeded database, its data dir and the router on them.
struct Env {
    dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
}

impl Env {
    async fn new() -> Env {
        Env::with(|s| s).await
    }

    async fn with(settings: impl FnOnce(Serve) -> Serve) -> Env {
        let (dir, pool) = common::database().await;
        let serve = settings(common::serve(dir.path()));
        let app = http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
        Env { dir, pool, app }
    }

    fn files_dir(&self) -> PathBuf {
        self.dir.path().join("data/files")
    }

    async fn call(&self, req: Request<Body>, from: &str) -> (StatusCode, Value, Option<String>) {
        let mut req = req;
        req.extensions_mut()
            .insert(ConnectInfo(from.parse::<std::net::SocketAddr>().unwrap()));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let retry = res
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            retry,
        )
    }

    /// `PUT /api/files/{sha}` with the bytes from `offset`, under `key` (none: no key at all).
    async fn put_from(
        &self,
        key: Option<&str>,
        sha: &str,
        offset: usize,
        total: usize,
        bytes: &[u8],
        from: &str,
    ) -> (StatusCode, Value, Option<String>) {
        let key = key.map(|k| format!("&key={k}")).unwrap_or_default();
        let req = Request::put(format!(
            "/api/files/{sha}?offset={offset}&total={total}{key}"
        ))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, bytes.len())
        .body(Body::from(bytes.to_vec()))
        .unwrap();
        self.call(req, from).await
    }

    async fn put(
        &self,
        key: &str,
        sha: &str,
        offset: usize,
        total: usize,
        bytes: &[u8],
    ) -> (StatusCode, Value) {
        let (status, body, _) = self
            .put_from(Some(key), sha, offset, total, bytes, ADDRESS)
            .await;
        (status, body)
    }

    async fn get(&self, key: &str, sha: &str) -> Value {
        let (status, body, _) = self
            .call(
                Request::get(format!("/api/files/{sha}?key={key}"))
                    .body(Body::empty())
                    .unwrap(),
                ADDRESS,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// Uploads `bytes` whole under `key`, in 64 KiB chunks as the phone does.
    async fn upload(&self, key: &str, bytes: &[u8]) -> String {
        let name = sha(bytes);
        for at in (0..bytes.len()).step_by(64 * 1024) {
            let end = (at + 64 * 1024).min(bytes.len());
            let (status, body) = self.put(key, &name, at, bytes.len(), &bytes[at..end]).await;
            let want = if end == bytes.len() {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            assert_eq!(status, want, "{body}");
        }
        name
    }

    async fn post(&self, path: &str, body: Value, cookie: Option<&str>) -> (StatusCode, String) {
        let body = body.to_string();
        let mut req = Request::post(path)
            .header(header::HOST, "loket.test")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, body.len());
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, format!("loket_session={c}"));
        }
        let mut req = req.body(Body::from(body)).unwrap();
        req.extensions_mut().insert(ConnectInfo(
            ADDRESS.parse::<std::net::SocketAddr>().unwrap(),
        ));
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|c| c.to_str().ok())
            .find_map(|c| {
                c.strip_prefix("loket_session=")
                    .map(|rest| rest.split(';').next().unwrap_or("").to_string())
            });
        let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
            .await
            .unwrap();
        (
            status,
            cookie.unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned()),
        )
    }

    /// An envelope for `service` with valid answers, every file field answered with `file`.
    async fn envelope(&self, id: &str, service: &str, file: &str) -> Envelope {
        let form = common::form(&self.pool, service).await;
        let mut answers = common::valid_answers(&form);
        for f in form.fields() {
            if matches!(f.kind, FieldKind::File { .. }) && answers.contains_key(&f.id) {
                answers.insert(f.id.clone(), Answer::One(file.into()));
            }
        }
        Envelope {
            id: id.into(),
            service: service.into(),
            form_version: form.version,
            answers,
            expect: None,
        }
    }

    async fn submit(&self, e: &Envelope) -> (StatusCode, String) {
        self.post("/api/requests/submit", json!({ "envelope": e }), None)
            .await
    }

    /// Bytes of the files held on disk under `sub` ("" complete, "partial").
    fn bytes_on_disk(&self, sub: &str) -> u64 {
        dir_bytes(&self.files_dir().join(sub))
    }
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |d| {
        d.flatten()
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    })
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.metadata().is_ok_and(|m| m.is_file()))
            .count()
    })
}

/// `len` bytes of a JPEG-looking file, different for each `seed`.
fn jpeg(len: usize, seed: u32) -> Vec<u8> {
    let mut bytes = b"\xFF\xD8\xFF\xE0\x00\x10JFIF".to_vec();
    let mut x: u32 = 2_463_534_242 ^ seed.wrapping_mul(2_654_435_761);
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    bytes
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `n`th application id.
fn key(n: u32) -> String {
    format!("01936f3e-8b2a-7cde-9f01-{n:012x}")
}

/// A refusal with a code and text in both languages.
fn assert_refused(status: StatusCode, body: &Value, want: StatusCode, code: &str) {
    assert_eq!(status, want, "{body}");
    assert_eq!(body["error"], code, "{body}");
    for lang in ["id", "en"] {
        assert!(
            body["message"][lang].as_str().is_some_and(|t| t.len() > 10),
            "{lang}: {body}"
        );
    }
}

#[tokio::test]
async fn an_upload_without_a_valid_key_is_refused_and_nothing_is_stored() {
    let env = Env::new().await;
    let bytes = jpeg(5_000, 1);
    let name = sha(&bytes);
    let (status, body, _) = env
        .put_from(None, &name, 0, bytes.len(), &bytes, ADDRESS)
        .await;
    assert_refused(status, &body, StatusCode::BAD_REQUEST, "bad_upload_key");
    let v4 = "01936f3e-8b2a-4cde-9f01-00000000000a";
    let (status, body, _) = env
        .put_from(Some(v4), &name, 0, bytes.len(), &bytes, ADDRESS)
        .await;
    assert_refused(status, &body, StatusCode::BAD_REQUEST, "bad_upload_key");
    let (status, body, _) = env
        .call(
            Request::get(format!("/api/files/{name}"))
                .body(Body::empty())
                .unwrap(),
            ADDRESS,
        )
        .await;
    assert_refused(status, &body, StatusCode::BAD_REQUEST, "bad_upload_key");
    assert_eq!(env.bytes_on_disk("partial"), 0);
    assert!(!env.files_dir().join(&name).exists());
}

#[tokio::test]
async fn a_stranger_cannot_reset_or_see_someone_elses_partial_upload() {
    let env = Env::new().await;
    let bytes = jpeg(100_000, 2);
    let name = sha(&bytes);
    assert_eq!(
        env.put(KEY_A, &name, 0, bytes.len(), &bytes[..40_000])
            .await
            .0,
        StatusCode::OK
    );
    // The old trick: announce a smaller total, which used to throw the partial away.
    let (status, _) = env.put(KEY_B, &name, 0, 1, &bytes[..1]).await;
    assert_ne!(status, StatusCode::CONFLICT, "nothing of B's to reset");
    assert_eq!(
        env.get(KEY_B, &name).await,
        json!({ "received": 0, "complete": false }),
        "B sees only its own upload"
    );
    assert_eq!(
        env.get(KEY_A, &name).await,
        json!({ "received": 40_000, "complete": false }),
        "A's partial is untouched"
    );
    let (status, body) = env
        .put(KEY_A, &name, 40_000, bytes.len(), &bytes[40_000..])
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(std::fs::read(env.files_dir().join(&name)).unwrap(), bytes);
}

#[tokio::test]
async fn a_complete_file_is_complete_only_for_the_key_that_uploaded_it_and_kept_once() {
    let env = Env::new().await;
    let bytes = jpeg(70_000, 3);
    let name = env.upload(KEY_A, &bytes).await;
    assert_eq!(env.get(KEY_A, &name).await["complete"], json!(true));
    assert_eq!(
        env.get(KEY_B, &name).await,
        json!({ "received": 0, "complete": false }),
        "B must send the bytes itself"
    );
    // B's bytes go to B's own partial, then the same complete file: one copy on disk.
    let (status, body) = env
        .put(KEY_B, &name, 0, bytes.len(), &bytes[..30_000])
        .await;
    assert_eq!(
        (status, body["received"].clone()),
        (StatusCode::OK, json!(30_000))
    );
    assert_eq!(
        env.get(KEY_A, &name).await["complete"],
        json!(true),
        "A's file is untouched by B's upload"
    );
    let (status, body) = env
        .put(KEY_B, &name, 30_000, bytes.len(), &bytes[30_000..])
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(env.get(KEY_B, &name).await["complete"], json!(true));
    assert_eq!(env.bytes_on_disk("partial"), 0);
    assert_eq!(std::fs::read(env.files_dir().join(&name)).unwrap(), bytes);
}

#[tokio::test]
async fn a_submission_naming_a_file_uploaded_under_another_key_is_refused_and_nothing_stored() {
    let env = Env::new().await;
    let name = env.upload(KEY_A, &jpeg(20_000, 4)).await;
    let theirs = env.envelope(KEY_B, "akta-kelahiran", &name).await;
    let (status, body) = env.submit(&theirs).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"problem\":\"file\""), "{body}");
    assert_eq!(
        app::store::requests::count(&env.pool).await.unwrap(),
        0,
        "nothing stored"
    );
    let mine = env.envelope(KEY_A, "akta-kelahiran", &name).await;
    let (status, body) = env.submit(&mine).await;
    assert_eq!(status, StatusCode::OK, "its own uploader may: {body}");
}

#[tokio::test]
async fn an_answer_naming_a_file_uploaded_under_another_key_is_refused() {
    use app::domain::status::{Action, Actor};
    let env = Env::new().await;
    let mine = env.upload(KEY_A, &jpeg(20_000, 5)).await;
    let theirs = env.upload(KEY_B, &jpeg(20_000, 6)).await;
    let (status, body) = env
        .submit(&env.envelope(KEY_A, "akta-kelahiran", &mine).await)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = serde_json::from_str::<Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    for action in [Action::Receive, Action::Review, Action::AskInfo] {
        app::store::requests::act(
            &env.pool,
            KEY_A,
            action,
            Actor::Staff,
            None,
            "Foto buram",
            "",
        )
        .await
        .unwrap();
    }
    let key = json!({ "id": KEY_A, "token": token });
    let answer = env.envelope(KEY_A, "akta-kelahiran", &theirs).await;
    let (status, body) = env
        .post(
            "/api/requests/answer",
            json!({ "key": key, "envelope": answer }),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"problem\":\"file\""), "{body}");
    let answer = env.envelope(KEY_A, "akta-kelahiran", &mine).await;
    let (status, body) = env
        .post(
            "/api/requests/answer",
            json!({ "key": key, "envelope": answer }),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn staff_of_another_agency_cannot_open_a_file_by_naming_its_hash_in_their_own_request() {
    let env = Env::new().await;
    // A Dukcapil application with its own photo.
    let photo = env.upload(KEY_A, &jpeg(20_000, 7)).await;
    let (status, body) = env
        .submit(&env.envelope(KEY_A, "akta-kelahiran", &photo).await)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A local government application (another agency, taken in Loket too) that names the same
    // photo without having uploaded it: refused for that file…
    let sktm = env
        .envelope(KEY_B, "surat-keterangan-tidak-mampu", &photo)
        .await;
    let (status, body) = env.submit(&sktm).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"problem\":\"file\""), "{body}");
    // …and had it been stored anyway (by an older server), its staff still cannot open it.
    let form = common::form(&env.pool, "surat-keterangan-tidak-mampu").await;
    let clean = app::domain::submission::check(&sktm, Some(&form)).unwrap();
    let filing = app::store::requests::Filing {
        agency: "pemda".into(),
        due_date: String::new(),
        ..Default::default()
    };
    app::store::requests::submit(&env.pool, &common::secrets(), &sktm, &clean, &filing)
        .await
        .unwrap();
    let mut nothing: &[u8] = b"";
    cli::create_admin(
        &env.pool,
        "root@loket.go.id",
        Some("rahasia negara 1945".into()),
        &mut nothing,
    )
    .await
    .unwrap();
    let root = env
        .post(
            "/api/auth/sign-in",
            json!({ "login": "root@loket.go.id", "password": "rahasia negara 1945" }),
            None,
        )
        .await
        .1;
    for (login, agency) in [
        ("petugas@pemda.go.id", "pemda"),
        ("petugas@dukcapil.go.id", "dukcapil"),
    ] {
        let invite = json!({ "login": login, "temporary_password": "kopi tubruk pagi", "role": "officer", "agency": agency });
        assert_eq!(
            env.post("/api/staff/invite", invite, Some(&root)).await.0,
            StatusCode::OK
        );
    }
    // (Invited staff must change their temporary password first: tests/account_lifecycle.rs.)
    common::on_db!(&env.pool, p => sqlx::query("UPDATE accounts SET must_change_password = FALSE")
        .execute(p)
        .await.map(|r| r.rows_affected()))
    .unwrap();
    let open = |login: &'static str| {
        let env = &env;
        let photo = photo.clone();
        async move {
            let cookie = env
                .post(
                    "/api/auth/sign-in",
                    json!({ "login": login, "password": "kopi tubruk pagi" }),
                    None,
                )
                .await
                .1;
            let req = Request::get(format!("/staff/berkas/{photo}"))
                .header(header::COOKIE, format!("loket_session={cookie}"))
                .body(Body::empty())
                .unwrap();
            env.call(req, ADDRESS).await.0
        }
    };
    assert_eq!(
        open("petugas@pemda.go.id").await,
        StatusCode::NOT_FOUND,
        "naming a hash is no capability"
    );
    assert_eq!(
        open("petugas@dukcapil.go.id").await,
        StatusCode::OK,
        "the agency whose request uploaded it may"
    );
}

#[tokio::test]
async fn answers_to_hidden_fields_are_not_kept_and_the_receipt_stays_the_same() {
    let env = Env::new().await;
    // SKTM: "what else it is for" is asked only of "something else"; the valid answers are
    // for medical fees.
    let mut e = env
        .envelope(KEY_A, "surat-keterangan-tidak-mampu", common::PHOTO)
        .await;
    e.answers
        .insert("keperluan_lainnya".into(), Answer::One("J".repeat(100_000)));
    common::uploaded(&env.pool, KEY_A).await; // its photos, sent before it
    let (status, first) = env.submit(&e).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let stored: String = common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT envelope FROM requests WHERE id = $1")
        .bind(KEY_A)
        .fetch_one(p)
        .await)
        .unwrap();
    assert!(
        !stored.contains("JJJJ") && !stored.contains("keperluan_lainnya"),
        "hidden answer kept: {} bytes",
        stored.len()
    );
    assert!(stored.len() < 4_000, "{} bytes", stored.len());
    let (status, again) = env.submit(&e).await;
    assert_eq!(
        (status, again),
        (StatusCode::OK, first),
        "the same envelope gives the same receipt"
    );
    let mut other = e.clone();
    other
        .answers
        .insert("nama_lengkap".into(), Answer::One("Budi Santoso".into()));
    assert_eq!(
        env.submit(&other).await.0,
        StatusCode::CONFLICT,
        "other visible content under the same id"
    );
}

/// The sweeper of the uploads in `env`, as the router runs it.
fn sweeper(env: &Env, serve: &Serve) -> Files {
    Files::open(
        &serve.files_dir(&env.dir.path().join("data")),
        env.pool.clone(),
        serve.upload_limits(),
    )
    .unwrap()
}

async fn uploads_rows(pool: &app::store::Db) -> i64 {
    common::on_db!(&pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
        .fetch_one(p)
        .await)
    .unwrap()
}

/// 1 MB per address and hour, the rest as by default.
fn one_mb_an_hour(s: Serve) -> Serve {
    Serve {
        upload_mb_per_address_hour: 1,
        ..s
    }
}

/// Sends the first 4 KiB of `n` different 100 kB files from `from`, each under its own key;
/// how many were accepted.
async fn anonymous_partials(env: &Env, first: u32, n: u32, from: &str) -> u64 {
    let (mut accepted, mut refused) = (0u64, 0);
    for i in first..first + n {
        let bytes = jpeg(4_096, 1000 + i);
        let (status, body, retry) = env
            .put_from(Some(&key(i)), &sha(&bytes), 0, 100_000, &bytes, from)
            .await;
        match status {
            StatusCode::OK => accepted += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert_refused(
                    status,
                    &body,
                    StatusCode::TOO_MANY_REQUESTS,
                    "address_quota",
                );
                assert!(
                    retry.is_some_and(|s| s.parse::<u64>().is_ok_and(|s| s > 0 && s <= 3600)),
                    "Retry-After"
                );
                refused += 1;
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(accepted + refused, u64::from(n));
    accepted
}

#[tokio::test]
async fn a_thousand_anonymous_partial_uploads_from_one_address_are_refused_past_the_quota_and_swept(
) {
    let env = Env::with(one_mb_an_hour).await;
    let accepted = anonymous_partials(&env, 0, 1000, ADDRESS).await;
    assert_eq!(accepted, 1_000_000 / 4_096, "up to the quota, then refused");
    assert_eq!(
        env.bytes_on_disk("partial"),
        accepted * 4_096,
        "nothing more on disk"
    );
    assert_eq!(files_in(&env.files_dir().join("partial")) as u64, accepted);
    // Another address is not affected.
    assert_eq!(
        anonymous_partials(&env, 5000, 3, "198.51.100.9:4000").await,
        3
    );

    // A partial file an older server left (named by its hash alone, counted nowhere).
    std::fs::write(
        env.files_dir().join("partial").join("cd".repeat(32)),
        jpeg(4_096, 1),
    )
    .unwrap();
    let files = sweeper(&env, &one_mb_an_hour(common::serve(env.dir.path())));
    let now = server::files::unix_now();
    assert_eq!(
        files.sweep(now + 23 * 3600).await.unwrap().partials,
        0,
        "kept for a day"
    );
    assert_eq!(
        files.sweep(now + 25 * 3600).await.unwrap().partials,
        accepted + 3 + 1,
        "expired: swept"
    );
    assert_eq!(env.bytes_on_disk("partial"), 0);
    assert_eq!(uploads_rows(&env.pool).await, 0, "their records too");
    assert!(
        env.files_dir().join(common::PHOTO).exists(),
        "complete files stay"
    );
}

#[tokio::test]
async fn the_quota_of_an_address_holds_across_a_restart() {
    let env = Env::with(one_mb_an_hour).await;
    let accepted = anonymous_partials(&env, 0, 300, ADDRESS).await;
    assert!(accepted < 300);
    // The server restarts: a new pool and router on the same database and files.
    env.pool.close().await;
    let pool = common::open(env.dir.path()).await;
    let app = http::router(
        pool.clone(),
        &env.dir.path().join("data"),
        &one_mb_an_hour(common::serve(env.dir.path())),
    )
    .unwrap();
    let env = Env {
        dir: env.dir,
        pool,
        app,
    };
    assert_eq!(
        anonymous_partials(&env, 300, 20, ADDRESS).await,
        0,
        "still refused after the restart"
    );
    assert_eq!(env.bytes_on_disk("partial"), accepted * 4_096);
}

#[tokio::test]
async fn a_key_holds_at_most_its_quota_and_all_partial_uploads_together_theirs() {
    let env = Env::with(|s| Serve {
        upload_mb_per_key: 1,
        upload_partial_mb: 2,
        ..s
    })
    .await;
    // One application: 1 MB in all, partial and complete.
    let first = env.upload(KEY_A, &jpeg(600_000, 8)).await;
    let second = jpeg(600_000, 9);
    let (status, body) = env
        .put(KEY_A, &sha(&second), 0, second.len(), &second[..200_000])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = env
        .put(
            KEY_A,
            &sha(&second),
            200_000,
            second.len(),
            &second[200_000..450_000],
        )
        .await;
    assert_refused(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "key_quota");
    assert_eq!(
        env.get(KEY_A, &sha(&second)).await["received"],
        json!(200_000),
        "nothing of the refused chunk kept"
    );
    assert_eq!(env.get(KEY_A, &first).await["complete"], json!(true));
    // Many applications from many addresses: partial uploads stop at 2 MB together.
    let mut full = 0;
    for i in 0..30u32 {
        let bytes = jpeg(200_000, 100 + i);
        let from = format!("198.51.100.{i}:1");
        let (status, body, retry) = env
            .put_from(
                Some(&key(100 + i)),
                &sha(&bytes),
                0,
                300_000,
                &bytes[..200_000],
                &from,
            )
            .await;
        if status == StatusCode::INSUFFICIENT_STORAGE {
            assert_refused(
                status,
                &body,
                StatusCode::INSUFFICIENT_STORAGE,
                "server_busy",
            );
            assert!(retry.is_some());
            full += 1;
        } else {
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }
    assert!(full > 0);
    assert!(
        env.bytes_on_disk("partial") <= 2_000_000,
        "{}",
        env.bytes_on_disk("partial")
    );
}

#[tokio::test]
async fn uploads_stop_before_the_disk_is_full() {
    // A floor above what any disk here has free: every upload is refused, nothing written.
    let env = Env::with(|s| Serve {
        upload_free_mb: u64::MAX / 2_000_000,
        ..s
    })
    .await;
    let bytes = jpeg(10_000, 10);
    let (status, body, retry) = env
        .put_from(Some(KEY_A), &sha(&bytes), 0, bytes.len(), &bytes, ADDRESS)
        .await;
    assert_refused(
        status,
        &body,
        StatusCode::INSUFFICIENT_STORAGE,
        "storage_full",
    );
    assert!(retry.is_some_and(|s| s.parse::<u64>().is_ok()));
    assert_eq!(env.bytes_on_disk("partial"), 0);
    assert!(!env.files_dir().join(sha(&bytes)).exists());
}

#[tokio::test]
async fn files_no_application_came_for_are_swept_later_and_named_files_never() {
    let env = Env::new().await;
    let abandoned = env.upload(KEY_B, &jpeg(20_000, 11)).await;
    let shared = jpeg(20_000, 12);
    env.upload(KEY_B, &shared).await;
    let named = env.upload(KEY_A, &shared).await;
    let (status, body) = env
        .submit(&env.envelope(KEY_A, "akta-kelahiran", &named).await)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // A request stored by an older server names the seed's photo, which no key uploaded.
    let legacy = env
        .envelope(
            "01936f3e-8b2a-7cde-9f01-00000000000c",
            "akta-kelahiran",
            common::PHOTO,
        )
        .await;
    let form = common::form(&env.pool, "akta-kelahiran").await;
    let clean = app::domain::submission::check(&legacy, Some(&form)).unwrap();
    app::store::requests::submit(
        &env.pool,
        &common::secrets(),
        &legacy,
        &clean,
        &Default::default(),
    )
    .await
    .unwrap();
    // And a file listed by an older server that nothing names.
    let forgotten = jpeg(3_000, 13);
    std::fs::write(env.files_dir().join(sha(&forgotten)), &forgotten).unwrap();
    let f = app::store::files::StoredFile {
        sha256: sha(&forgotten),
        size: 3_000,
        media_type: "image/jpeg".into(),
    };
    app::store::files::record(&env.pool, &f).await.unwrap();

    let files = sweeper(&env, &common::serve(env.dir.path()));
    let now = server::files::unix_now();
    assert_eq!(
        files.sweep(now + 6 * 24 * 3600).await.unwrap(),
        server::files::Swept::default(),
        "kept for a week"
    );
    let swept = files.sweep(now + 8 * 24 * 3600).await.unwrap();
    assert_eq!(swept.files, 2, "{swept:?}");
    assert!(!env.files_dir().join(sha(&forgotten)).exists());
    assert!(!env.files_dir().join(&abandoned).exists());
    assert!(app::store::files::stored(&env.pool, &abandoned)
        .await
        .unwrap()
        .is_none());
    assert!(
        env.files_dir().join(&named).exists(),
        "named by a request: kept"
    );
    assert!(app::store::files::owned(&env.pool, KEY_A, &named)
        .await
        .unwrap()
        .is_some());
    assert!(
        env.files_dir().join(common::PHOTO).exists(),
        "named by a request, though no key uploaded it: kept"
    );
}
