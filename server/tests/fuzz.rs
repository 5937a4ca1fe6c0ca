//! A bounded fuzz run over the HTTP router (issue 8): mutated and random requests to submit,
//! answer, upload, track and the back office's forms, and (issue 13) the other doors: Open311
//! POSTs with and without a valid key and its queries, the server's own application form and
//! the counter's, and the OpenID callback with hostile state, code and issuer. Through the real
//! router on a real SQLite file. No request may panic or get a 5xx, and a refused request
//! stores nothing.
//!
//! Deterministic (a fixed seed, `LOKET_FUZZ_SEED` to change it) and bounded: at most
//! `LOKET_FUZZ_ITERS` requests (default 3,000) or `LOKET_FUZZ_SECS` seconds (default 40).
//! It prints what it sent and how it was answered.

mod common;

use app::domain::submission::Envelope;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use server::http;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// xorshift64*: small, fast, the same sequence for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Strings an attacker tries: markup, control characters, odd Unicode, huge, numbers as text.
fn nasty_string(r: &mut Rng) -> String {
    let pieces = [
        "",
        " ",
        "\0",
        "\u{1b}[2J",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "'; DROP TABLE requests; --",
        "\u{202E}gnp.exe",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "3171050512900001",
        "0812-3456-7890",
        "siti@contoh.id",
        "2024-02-30",
        "ya",
        "tidak",
        "-1e309",
        "NaN",
        "../../etc/passwd",
        "%00%0d%0a",
        "abababababababababababababababababababababababababababababababab",
    ];
    let mut s = String::new();
    for _ in 0..=r.below(3) {
        let piece = r.pick(&pieces);
        s.push_str(piece);
    }
    if r.chance(20) {
        s.push_str(&"A".repeat(r.below(200_000)));
    }
    s
}

/// A random JSON value, at most `depth` deep.
fn random_value(r: &mut Rng, depth: usize) -> Value {
    match r.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(r.chance(2)),
        2 => json!(r.next() as i64),
        3 => json!((r.next() as f64) / 7.0),
        4 => Value::String(nasty_string(r)),
        5 => Value::Array(
            (0..r.below(4))
                .map(|_| random_value(r, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..r.below(4))
                .map(|_| (nasty_string(r), random_value(r, depth - 1)))
                .collect(),
        ),
    }
}

/// `v` with one random change somewhere: a value replaced, a key dropped or added.
fn mutate(r: &mut Rng, v: &mut Value) {
    match v {
        Value::Object(map) if !map.is_empty() && !r.chance(4) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = r.pick(&keys).clone();
            match r.below(4) {
                0 => {
                    map.remove(&k);
                }
                1 => {
                    map.insert(nasty_string(r), random_value(r, 2));
                }
                _ => mutate(r, map.get_mut(&k).expect("a key of the map")),
            }
        }
        Value::Array(items) if !items.is_empty() && !r.chance(4) => {
            let i = r.below(items.len());
            mutate(r, &mut items[i]);
        }
        other => *other = random_value(r, 2),
    }
}

/// Random bytes, sometimes almost JSON.
fn random_bytes(r: &mut Rng) -> Vec<u8> {
    let mut b: Vec<u8> = (0..r.below(512)).map(|_| r.next() as u8).collect();
    if r.chance(2) {
        b.insert(0, b'{');
    }
    b
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A form body of random fields, with some of the field names the back office uses.
fn random_form(r: &mut Rng) -> String {
    random_form_of(
        r,
        &[
            "id",
            "action",
            "note",
            "internal_note",
            "to",
            "login",
            "password",
            "next",
            "temporary_password",
            "assignee",
        ],
    )
}

/// A form body of random fields named from `names` (now and then a nasty name).
fn random_form_of(r: &mut Rng, names: &[&str]) -> String {
    (0..r.below(8))
        .map(|_| {
            let name = if r.chance(5) {
                nasty_string(r)
            } else {
                (*r.pick(names)).to_string()
            };
            format!("{}={}", urlencode(&name), urlencode(&nasty_string(r)))
        })
        .collect::<Vec<_>>()
        .join("&")
}

struct Target {
    app: axum::Router,
    pool: app::store::Db,
    cookie: String,
    statuses: BTreeMap<(String, u16), u32>,
}

impl Target {
    async fn send(
        &mut self,
        name: &str,
        method: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> StatusCode {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", content_type)
            .header("content-length", body.len());
        if !self.cookie.is_empty() {
            req = req.header("cookie", &self.cookie);
        }
        let shown: String = String::from_utf8_lossy(&body).chars().take(300).collect();
        let sent_bytes = body.len();
        let Ok(mut req) = req.body(Body::from(body)) else {
            return StatusCode::BAD_REQUEST;
        };
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [198, 51, 100, 7],
                5000,
            ))));
        let res = self
            .app
            .clone()
            .oneshot(req)
            .await
            .expect("the router always answers");
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024)
            .await
            .expect("a whole body");
        assert!(
            !status.is_server_error(),
            "{name}: {method} {path} ({sent_bytes} bytes: {shown}) answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
        *self
            .statuses
            .entry((name.to_string(), status.as_u16()))
            .or_default() += 1;
        status
    }

    async fn stored(&self) -> (i64, i64, i64) {
        let one = |sql: &'static str| async move {
            common::on_db!(&self.pool, p => sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(p)
                .await)
            .unwrap()
        };
        (
            one("SELECT COUNT(*) FROM requests").await,
            one("SELECT COUNT(*) FROM request_events").await,
            one("SELECT COUNT(*) FROM files").await,
        )
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_never_panic_never_5xx_and_refusals_store_nothing() {
    let (dir, pool) = common::database().await;
    let mut serve = common::serve(dir.path());
    serve.submits_per_minute = 0;
    // An OpenID provider nobody answers for (nothing listens on port 9): the callback is judged
    // before the provider is asked, and a start finds it silent.
    let secret = dir.path().join("uji.secret");
    std::fs::write(&secret, "rahasia").unwrap();
    serve.oidc_providers = vec![format!(
        "id=uji,name=Uji,issuer=http://127.0.0.1:9,client-id=loket,secret-file={}",
        secret.display()
    )
    .parse()
    .unwrap()];
    serve.open311_posts_per_minute = 1_000_000;
    let app = http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
    let mut t = Target {
        app,
        pool: pool.clone(),
        cookie: String::new(),
        statuses: BTreeMap::new(),
    };
    let (iters, secs, seed) = (
        env_number("LOKET_FUZZ_ITERS", 3000),
        env_number("LOKET_FUZZ_SECS", 40),
        env_number("LOKET_FUZZ_SEED", 0x10c3e7),
    );
    let mut r = Rng(seed.max(1));
    let services = [
        "akta-kelahiran",
        "ktp-el-baru",
        "surat-keterangan-tidak-mampu",
        "surat-keterangan-domisili",
    ];
    let mut forms = Vec::new();
    for s in services {
        forms.push(common::form(&pool, s).await);
    }
    let (_, partner_key) = app::store::open311::create_key(&pool, "Mitra uji", "fuzz")
        .await
        .unwrap();
    let started = Instant::now();
    let mut sent = 0u64;
    while sent < iters && started.elapsed() < Duration::from_secs(secs) {
        sent += 1;
        let i = r.below(services.len());
        let id = format!(
            "01936f3e-8b2a-7cde-9f01-{:012x}",
            r.next() & 0xffff_ffff_ffff
        );
        let valid = Envelope {
            id,
            service: services[i].into(),
            form_version: forms[i].version,
            answers: common::valid_answers(&forms[i]),
            expect: None,
        };
        let before = t.stored().await;
        let (name, status) = match r.below(9) {
            6 => {
                // Open311: a form of partner fields and attributes, the key valid or not.
                let mut form = random_form_of(
                    &mut r,
                    &[
                        "service_code",
                        "description",
                        "lat",
                        "long",
                        "address_string",
                        "address_id",
                        "media_url",
                        "email",
                        "first_name",
                        "attribute[nik]",
                        "attribute[nama_lengkap]",
                        "attribute[tanggal_lahir]",
                        "attribute[jenis_kelamin][]",
                    ],
                );
                if r.chance(2) {
                    form.push_str(&format!("&api_key={partner_key}"));
                }
                if r.chance(2) {
                    form.push_str(&format!("&service_code={}", services[i]));
                }
                let path = *r.pick(&["/open311/v2/requests.json", "/open311/v2/requests.xml"]);
                let content_type = *r.pick(&[
                    "application/x-www-form-urlencoded",
                    "application/x-www-form-urlencoded; charset=utf-8",
                    "multipart/form-data",
                    "application/json",
                ]);
                (
                    "open311",
                    t.send("open311", "POST", path, content_type, form.into_bytes())
                        .await,
                )
            }
            7 => {
                // The server's own form and the counter's: a random form or random bytes.
                let door = *r.pick(&["formulir", "loket"]);
                let slug = if r.chance(4) {
                    urlencode(&nasty_string(&mut r))
                } else {
                    services[i].to_string()
                };
                let path = format!("/api/{door}/{slug}?bagian={}", r.below(8));
                let (content_type, body) = if r.chance(2) {
                    (
                        "application/x-www-form-urlencoded",
                        random_form_of(&mut r, &["nik", "nama_lengkap", "aksi", "kirim", "bagian"])
                            .into_bytes(),
                    )
                } else {
                    (
                        "multipart/form-data; boundary=batas",
                        b"--batas\r\nContent-Disposition: form-data; name=\"foto\"; filename=\"a.png\"\r\n\r\n"
                            .iter()
                            .copied()
                            .chain(random_bytes(&mut r))
                            .collect(),
                    )
                };
                (
                    "web-form",
                    t.send("web-form", "POST", &path, content_type, body).await,
                )
            }
            8 => {
                // Open311 queries and the OpenID callback, hostile parameters.
                let path = if r.chance(2) {
                    format!(
                        "/open311/v2/requests.{}?start_date={}&end_date={}&status={}&service_request_id={}&page_size={}",
                        r.pick(&["json", "xml", "html"]),
                        urlencode(&nasty_string(&mut r)),
                        urlencode(&nasty_string(&mut r)),
                        urlencode(&nasty_string(&mut r)),
                        urlencode(&nasty_string(&mut r)),
                        urlencode(&nasty_string(&mut r)),
                    )
                } else {
                    format!(
                        "/auth/oidc/{}/callback?state={}&code={}&iss={}",
                        if r.chance(4) { "tidak-ada" } else { "uji" },
                        urlencode(&nasty_string(&mut r)),
                        urlencode(&nasty_string(&mut r)),
                        urlencode(&nasty_string(&mut r)),
                    )
                };
                (
                    "door-query",
                    t.send("door-query", "GET", &path, "text/plain", Vec::new())
                        .await,
                )
            }
            0 | 1 => {
                let mut body = json!({ "envelope": valid });
                for _ in 0..=r.below(3) {
                    mutate(&mut r, &mut body);
                }
                (
                    "submit",
                    t.send(
                        "submit",
                        "POST",
                        "/api/requests/submit",
                        "application/json",
                        body.to_string().into_bytes(),
                    )
                    .await,
                )
            }
            2 => {
                let mut body = json!({ "key": { "id": valid.id, "token": "0".repeat(32) }, "envelope": valid });
                mutate(&mut r, &mut body);
                (
                    "answer",
                    t.send(
                        "answer",
                        "POST",
                        "/api/requests/answer",
                        "application/json",
                        body.to_string().into_bytes(),
                    )
                    .await,
                )
            }
            3 => {
                let path = *r.pick(&[
                    "/api/requests/submit",
                    "/api/requests/answer",
                    "/api/requests/track",
                    "/api/staff/queue",
                ]);
                (
                    "bytes",
                    t.send(
                        "bytes",
                        "POST",
                        path,
                        "application/json",
                        random_bytes(&mut r),
                    )
                    .await,
                )
            }
            4 => {
                let path = *r.pick(&[
                    "/api/staff/act",
                    "/api/staff/assign",
                    "/api/staff/invite-form",
                    "/api/staff/disable-form",
                    "/api/auth/sign-in-form",
                ]);
                let form = random_form(&mut r);
                (
                    "staff-form",
                    t.send(
                        "staff-form",
                        "POST",
                        path,
                        "application/x-www-form-urlencoded",
                        form.into_bytes(),
                    )
                    .await,
                )
            }
            _ => {
                let sha: String = if r.chance(3) {
                    nasty_string(&mut r)
                } else {
                    (0..64)
                        .map(|_| *r.pick(&['a', 'b', '0', '9', 'f', 'Z']))
                        .collect()
                };
                let key = if r.chance(3) {
                    nasty_string(&mut r)
                } else {
                    format!("01936f3e-8b2a-7cde-9f01-{:012x}", r.next() & 0xffff)
                };
                let path = format!(
                    "/api/files/{}?offset={}&total={}&key={}",
                    urlencode(&sha),
                    r.below(70_000),
                    r.below(6_000_000),
                    urlencode(&key)
                );
                let body = if r.chance(2) {
                    b"%PDF-1.4 "
                        .iter()
                        .copied()
                        .chain(random_bytes(&mut r))
                        .collect()
                } else {
                    random_bytes(&mut r)
                };
                (
                    "upload",
                    t.send("upload", "PUT", &path, "application/octet-stream", body)
                        .await,
                )
            }
        };
        if !status.is_success() {
            let after = t.stored().await;
            assert_eq!(
                before, after,
                "{name} was refused ({status}) but stored something"
            );
        }
    }
    // Signed in as a system admin, the back office's forms again.
    let login = "admin@contoh.go.id";
    server::cli::create_admin(
        &pool,
        login,
        Some("kata-sandi-yang-panjang".into()),
        &mut std::io::empty(),
    )
    .await
    .unwrap();
    let body = json!({ "login": login, "password": "kata-sandi-yang-panjang" }).to_string();
    let mut req = Request::post("/api/auth/sign-in")
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .body(Body::from(body))
        .unwrap();
    // From an address of its own: the fuzz's failed sign-ins have used up the budget of theirs.
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [192, 0, 2, 1],
            4000,
        ))));
    let res = t.app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    t.cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let signed_in = sent;
    while sent < signed_in + iters / 4 && started.elapsed() < Duration::from_secs(secs + 10) {
        sent += 1;
        let path = *r.pick(&[
            "/api/staff/act",
            "/api/staff/assign",
            "/api/staff/invite-form",
            "/api/staff/disable-form",
        ]);
        let before = t.stored().await;
        let form = random_form(&mut r);
        let status = t
            .send(
                "admin-form",
                "POST",
                path,
                "application/x-www-form-urlencoded",
                form.into_bytes(),
            )
            .await;
        if !status.is_success() && !status.is_redirection() {
            assert_eq!(
                before,
                t.stored().await,
                "a refused admin form stored something"
            );
        }
    }
    println!(
        "fuzz: {sent} requests in {:.1} s (seed {seed:#x})",
        started.elapsed().as_secs_f64()
    );
    for ((name, status), n) in &t.statuses {
        println!("fuzz: {name:<10} {status} × {n}");
    }
    assert!(
        sent >= 100,
        "the run sent too few requests to mean anything"
    );
}
