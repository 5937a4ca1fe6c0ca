//! Open311 GeoReport v2 through the real router on a real SQLite file: each refusal stores
//! nothing and says why in an Open311 error body; a partner's request is filed like the app's
//! (reference, PIN, channel, the figures); keys are shown once, kept hashed and revocable; the
//! per-key limit holds across a restart; the GET answers carry no personal data.

mod common;

use app::store::Db;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use server::cli::open311_key_on;
use server::config::{Open311KeyCommand, Serve};
use tower::ServiceExt;

const SERVICE: &str = "ktp-el-baru";

struct Env {
    dir: tempfile::TempDir,
    pool: Db,
    app: axum::Router,
    key: String,
}

impl Env {
    async fn new() -> Env {
        Env::with(|s| s).await
    }

    async fn with(settings: impl FnOnce(Serve) -> Serve) -> Env {
        let (dir, pool) = common::database().await;
        let serve = settings(common::serve(dir.path()));
        let app = server::http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
        let key = new_key(&pool, "Mitra Uji").await.1;
        Env {
            dir,
            pool,
            app,
            key,
        }
    }
}

/// A key made with the CLI's own code: (id, key).
async fn new_key(pool: &Db, name: &str) -> (i64, String) {
    let mut out = Vec::new();
    let create = Open311KeyCommand::Create { name: name.into() };
    open311_key_on(pool, &create, &mut out).await.unwrap();
    let line = String::from_utf8(out).unwrap();
    let (id, key) = line.trim().split_once('\t').unwrap();
    (id.parse().unwrap(), key.to_string())
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 8 << 20)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(app: &axum::Router, path: &str) -> Answer {
    send(app, Request::get(path).body(Body::empty()).unwrap()).await
}

async fn post(app: &axum::Router, path: &str, pairs: &[(&str, &str)]) -> Answer {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

/// The answers a valid KTP-el application gives (its file field is not asked through Open311).
fn answers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("attribute[nik]", "3171014101900001"),
        ("attribute[nama_lengkap]", "Siti Aminah"),
        ("attribute[tempat_lahir]", "Jakarta"),
        ("attribute[tanggal_lahir]", "1990-01-01"),
        ("attribute[jenis_kelamin]", "perempuan"),
        ("attribute[status_perkawinan]", "kawin"),
        ("attribute[alamat]", "Jl. Kenari 5, Jakarta"),
        ("attribute[no_hp]", "081234567890"),
    ]
}

fn valid(key: &str) -> Vec<(&str, &str)> {
    let mut v = vec![
        ("service_code", SERVICE),
        ("address_string", "Jl. Medan Merdeka Barat 7"),
        ("api_key", key),
    ];
    v.extend(answers());
    v
}

/// A refused POST: what it is, its form, the status and words its error must have.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, u16, &'a str);

/// `base` without the field `drop`, with `extra` added.
fn with<'a>(
    base: &[(&'a str, &'a str)],
    extra: &[(&'a str, &'a str)],
    drop: &str,
) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = base.iter().copied().filter(|(k, _)| *k != drop).collect();
    v.extend_from_slice(extra);
    v
}

/// How many requests, and how many Open311 rows, are stored.
async fn stored(pool: &Db) -> (i64, i64) {
    let partner: i64 =
        common::on_db!(&pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM open311_requests")
        .fetch_one(p)
        .await)
        .unwrap();
    (app::store::requests::count(pool).await.unwrap(), partner)
}

/// An Open311 error answer: the status, the exact content type, `no-store`, and an errors
/// document whose every code is the status. Returns the descriptions.
fn errors_of(a: &Answer, status: u16) -> Vec<String> {
    assert_eq!(a.status.as_u16(), status, "{}", a.body);
    assert_eq!(
        a.headers[header::CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    assert_eq!(a.headers[header::CACHE_CONTROL], "no-store");
    let list = a.json();
    let list = list
        .as_array()
        .unwrap_or_else(|| panic!("an array: {}", a.body));
    assert!(!list.is_empty());
    list.iter()
        .map(|e| {
            assert_eq!(e["code"], status);
            e["description"].as_str().unwrap().to_string()
        })
        .collect()
}

#[tokio::test]
async fn every_refused_post_says_why_and_stores_nothing() {
    let env = Env::new().await;
    let (revoked_id, revoked) = new_key(&env.pool, "Mitra Lama").await;
    let mut out = Vec::new();
    open311_key_on(
        &env.pool,
        &Open311KeyCommand::Revoke { id: revoked_id },
        &mut out,
    )
    .await
    .unwrap();
    let url = "/open311/v2/requests.json";
    let key = env.key.as_str();
    let long = "x".repeat(4001);
    let base = valid(key);
    let cases: Vec<Case> = vec![
        ("no key", with(&base, &[], "api_key"), 403, "api_key wajib"),
        (
            "a wrong key",
            with(&base, &[("api_key", "loket311_salah")], "api_key"),
            403,
            "tidak dikenal",
        ),
        (
            "a revoked key",
            with(&base, &[("api_key", revoked.as_str())], "api_key"),
            403,
            "dicabut",
        ),
        (
            "no service",
            with(&base, &[], "service_code"),
            400,
            "service_code wajib",
        ),
        (
            "an unknown service",
            with(&base, &[("service_code", "tidak-ada")], "service_code"),
            404,
            "tidak dikenal",
        ),
        (
            "a service Loket does not take",
            with(&base, &[("service_code", "paspor-baru")], "service_code"),
            404,
            "tidak dikenal",
        ),
        (
            "no location",
            with(&base, &[], "address_string"),
            400,
            "lokasi wajib",
        ),
        (
            "lat without long",
            with(&base, &[("lat", "-6.17")], "address_string"),
            400,
            "long: wajib",
        ),
        (
            "a 4,001-character description",
            with(&base, &[("description", long.as_str())], ""),
            400,
            "4000",
        ),
        (
            "HTML in the description",
            with(&base, &[("description", "<script>alert(1)</script>")], ""),
            400,
            "HTML",
        ),
        (
            "a required attribute missing",
            with(&base, &[], "attribute[nik]"),
            400,
            "attribute[nik]",
        ),
        (
            "a wrong NIK",
            with(&base, &[("attribute[nik]", "None")], "attribute[nik]"),
            400,
            "attribute[nik]",
        ),
        (
            "a value outside the list",
            with(
                &base,
                &[("attribute[jenis_kelamin]", "lainnya")],
                "attribute[jenis_kelamin]",
            ),
            400,
            "attribute[jenis_kelamin]",
        ),
        (
            "a malformed date",
            with(
                &base,
                &[("attribute[tanggal_lahir]", "1990-13-45")],
                "attribute[tanggal_lahir]",
            ),
            400,
            "attribute[tanggal_lahir]",
        ),
        (
            "a file field (the document is brought to the office)",
            with(&base, &[("attribute[foto_kk]", common::PHOTO)], ""),
            400,
            "attribute[foto_kk]",
        ),
        (
            "an attribute the form lacks",
            with(&base, &[("attribute[<b>x</b>]", "1")], ""),
            400,
            "attribute[",
        ),
        (
            "a malformed attribute name",
            with(&base, &[("attribute[nik", "1")], ""),
            400,
            "nama atribut salah",
        ),
    ];
    for (what, form, status, says) in cases {
        let a = post(&env.app, url, &form).await;
        let descriptions = errors_of(&a, status);
        assert!(
            descriptions.iter().any(|d| d.contains(says)),
            "{what}: {descriptions:?}"
        );
        assert!(
            !a.body.contains("<b>") && !a.body.contains("<script"),
            "{what}: echoed raw: {}",
            a.body
        );
        assert_eq!(stored(&env.pool).await, (0, 0), "{what} stored something");
    }
    // A body that is not form-encoded.
    let req = Request::post(url)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"api_key":"x"}"#))
        .unwrap();
    errors_of(&send(&env.app, req).await, 400);
    // The XML errors document, with hostile text escaped.
    let mut form = valid(key);
    form.push(("attribute[<x>&\"]", "1"));
    let a = post(&env.app, "/open311/v2/requests.xml", &form).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.headers[header::CONTENT_TYPE], "text/xml; charset=utf-8");
    assert!(
        a.body.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error><code>400</code>"
        ),
        "{}",
        a.body
    );
    assert!(a.body.contains("<description>attribute[?]: "), "{}", a.body);
    assert!(
        !a.body.contains("<x>") && !a.body.contains("&lt;x"),
        "{}",
        a.body
    );
    assert_eq!(stored(&env.pool).await, (0, 0));
}

#[tokio::test]
async fn a_partner_request_is_filed_like_the_apps_and_read_without_personal_data() {
    let env = Env::new().await;
    let mut form = valid(&env.key);
    form.extend([
        ("description", "Mohon dibantu — ñ 日本"),
        ("first_name", "Siti"),
        ("last_name", "<b>Aminah</b>"),
        ("phone", "0812 3456 7890"),
        ("media_url", "https://mitra.example/foto.jpg"),
    ]);
    let a = post(&env.app, "/open311/v2/requests.json", &form).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.headers[header::CACHE_CONTROL], "no-store");
    let created = a.json();
    let reference = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let notice = created[0]["service_notice"].as_str().unwrap().to_string();
    assert!(notice.contains(&reference), "{notice}");
    let pin: String = notice
        .split("PIN ")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert_eq!(pin.len(), 6, "{notice}");
    assert_eq!(stored(&env.pool).await, (1, 1));
    // Followed like any request: reference + PIN unlock it; it came in through Open311, under
    // the service's agency, and counts in the figures by channel.
    let id = app::store::requests::unlock(
        &env.pool,
        &common::secrets_of(&env.dir.path().join("data")),
        &reference,
        &pin,
    )
    .await
    .unwrap()
    .expect("the PIN in the notice opens the request");
    let (channel, agency): (String, String) =
        common::on_db!(&env.pool, p => sqlx::query_as("SELECT channel, agency_slug FROM requests WHERE id = $1")
            .bind(&id)
            .fetch_one(p)
            .await)
            .unwrap();
    assert_eq!((channel.as_str(), agency.as_str()), ("open311", "dukcapil"));
    let counted: i64 =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT CAST(SUM(received) AS BIGINT) FROM received_monthly WHERE channel = 'open311'")
            .fetch_one(p)
            .await)
            .unwrap();
    assert_eq!(counted, 1);
    let partner = app::store::open311::partner_view(&env.pool, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(partner.partner, "Mitra Uji");
    assert_eq!(partner.description, "Mohon dibantu — ñ 日本");
    // Staff can reach the applicant the partner named; the public answers below cannot.
    assert_eq!(
        partner.contact,
        app::domain::staff::PartnerContact {
            name: "Siti <b>Aminah</b>".into(),
            email: String::new(),
            phone: "0812 3456 7890".into(),
        }
    );
    // Read back: one, as an array of one, in both formats; no personal data, no PIN.
    for path in [
        format!("/open311/v2/requests/{reference}.json"),
        format!("/open311/v2/requests.json?service_request_id={reference},AAAA-AAAA-A"),
        "/open311/v2/requests.json?status=open&service_code=ktp-el-baru".to_string(),
        "/open311/v2/requests.json?start_date=2020-01-01T00:00:00%2B07:00".to_string(),
    ] {
        let a = get(&env.app, &path).await;
        assert_eq!(a.status, StatusCode::OK, "{path}: {}", a.body);
        let list = a.json();
        let list = list.as_array().unwrap();
        if path.contains("2020-01-01") {
            assert!(list.is_empty(), "a window of 2020 holds nothing");
            continue;
        }
        assert_eq!(list.len(), 1, "{path}");
        let r = &list[0];
        assert_eq!(r["service_request_id"], reference.as_str());
        assert_eq!(r["status"], "open");
        assert!(r["status_notes"].as_str().unwrap().starts_with("submitted"));
        assert!(r["requested_datetime"]
            .as_str()
            .unwrap()
            .ends_with("+07:00"));
        for private in [
            &pin,
            "Siti",
            "Aminah",
            "3456 7890",
            "Kenari",
            "Mohon",
            "3171014101900001",
            "mitra.example",
        ] {
            assert!(
                !a.body.contains(private),
                "{path} shows {private}: {}",
                a.body
            );
        }
    }
    let closed = get(&env.app, "/open311/v2/requests.json?status=closed").await;
    assert_eq!(closed.json(), Value::Array(vec![]));
    let xml = get(&env.app, &format!("/open311/v2/requests/{reference}.xml")).await;
    assert_eq!(xml.headers[header::CONTENT_TYPE], "text/xml; charset=utf-8");
    assert!(xml.body.contains(&format!(
        "<service_requests><request><service_request_id>{reference}</service_request_id>"
    )));
    // Its first step is an update in FixMyStreet's words.
    let u = get(&env.app, "/open311/v2/servicerequestupdates.json").await;
    assert_eq!(u.json()[0]["external_status_code"], "submitted");
    assert_eq!(u.json()[0]["status"], "open");
    // An app request is not listed: Open311 shows only what came through it.
    assert_eq!(
        get(&env.app, "/open311/v2/requests/AAAA-AAAA-A.json")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn keys_are_shown_once_kept_hashed_audited_and_revocable() {
    let env = Env::new().await;
    assert!(env.key.starts_with("loket311_") && env.key.len() == 9 + 64);
    let hashes: Vec<String> =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT key_hash FROM open311_keys")
        .fetch_all(p)
        .await)
        .unwrap();
    assert_eq!(hashes, [app::store::open311::key_hash(&env.key)]);
    // (On SQLite, the file's bytes hold no trace of the key either.)
    if common::postgres_server().is_none() {
        let db = std::fs::read(env.dir.path().join("loket.db")).unwrap();
        let wal = std::fs::read(env.dir.path().join("loket.db-wal")).unwrap_or_default();
        let secret = env.key.as_bytes();
        for bytes in [&db, &wal] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "the key itself is stored"
            );
        }
    }
    let ok = post(&env.app, "/open311/v2/requests.json", &valid(&env.key)).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let mut out = Vec::new();
    open311_key_on(&env.pool, &Open311KeyCommand::Revoke { id: 1 }, &mut out)
        .await
        .unwrap();
    // Revoked twice is refused and changes nothing.
    assert!(
        open311_key_on(&env.pool, &Open311KeyCommand::Revoke { id: 1 }, &mut out)
            .await
            .is_err()
    );
    assert!(
        open311_key_on(&env.pool, &Open311KeyCommand::Revoke { id: 99 }, &mut out)
            .await
            .is_err()
    );
    let refused = post(&env.app, "/open311/v2/requests.json", &valid(&env.key)).await;
    errors_of(&refused, 403);
    assert_eq!(stored(&env.pool).await, (1, 1));
    let mut listed = Vec::new();
    open311_key_on(&env.pool, &Open311KeyCommand::List, &mut listed)
        .await
        .unwrap();
    let listed = String::from_utf8(listed).unwrap();
    assert!(
        listed.starts_with("1\tMitra Uji\t") && listed.contains("revoked"),
        "{listed}"
    );
    assert!(!listed.contains(&env.key));
    let actions: Vec<String> = app::store::audit::audit_log(&env.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .filter(|a| a.starts_with("open311_key"))
        .collect();
    assert_eq!(actions, ["open311_key.create", "open311_key.revoke"]);
    // A bad name is refused and stores nothing.
    let mut out = Vec::new();
    let bad = Open311KeyCommand::Create {
        name: "  \u{7} ".into(),
    };
    assert!(open311_key_on(&env.pool, &bad, &mut out).await.is_err());
    assert_eq!(app::store::open311::keys(&env.pool).await.unwrap().len(), 1);
}

#[tokio::test]
async fn posts_are_limited_per_key_and_the_limit_survives_a_restart() {
    let env = Env::with(|s| Serve {
        open311_posts_per_minute: 2,
        ..s
    })
    .await;
    let url = "/open311/v2/requests.json";
    // Refused posts count too (a partner's broken loop is slowed down as well).
    let mut no_location = valid(&env.key);
    no_location.retain(|(k, _)| *k != "address_string");
    errors_of(&post(&env.app, url, &no_location).await, 400);
    assert_eq!(
        post(&env.app, url, &valid(&env.key)).await.status,
        StatusCode::CREATED
    );
    let limited = post(&env.app, url, &valid(&env.key)).await;
    let says = errors_of(&limited, 429);
    assert!(says[0].contains("coba lagi"), "{says:?}");
    let retry: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(stored(&env.pool).await, (1, 1));
    // Another partner's key is not held back.
    let (_, other) = new_key(&env.pool, "Mitra Lain").await;
    assert_eq!(
        post(&env.app, url, &valid(&other)).await.status,
        StatusCode::CREATED
    );
    // A restarted server (a new router on the same database) still refuses the first key.
    let serve = Serve {
        open311_posts_per_minute: 2,
        ..common::serve(env.dir.path())
    };
    let again =
        server::http::router(env.pool.clone(), &env.dir.path().join("data"), &serve).unwrap();
    errors_of(&post(&again, url, &valid(&env.key)).await, 429);
    assert_eq!(stored(&env.pool).await, (2, 2));
}

#[tokio::test]
async fn reads_refuse_bad_queries_and_never_redirect() {
    let env = Env::new().await;
    for (path, status) in [
        ("/open311/v2/requests.json?start_date=kemarin", 400),
        ("/open311/v2/requests.json?start_date=2026-01-01T00:00:00", 400),
        ("/open311/v2/requests.json?end_date=2026-13-45T99:00:00Z", 400),
        ("/open311/v2/requests.json?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-06-01T00:00:00%2B07:00", 400),
        ("/open311/v2/requests.json?start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", 400),
        ("/open311/v2/requests.json?status=selesai", 400),
        ("/open311/v2/requests.json?page_size=0", 400),
        ("/open311/v2/servicerequestupdates.json?start_date=x", 400),
        ("/open311/v2/services/tidak-ada.json", 404),
        ("/open311/v2/services/paspor-baru.json", 404),
        ("/open311/v2/requests/TIDAK-ADA-0.json", 404),
        ("/open311/v2/tokens/abc.json", 404),
        ("/open311/v2/apa.json", 404),
        ("/open311/v2/services", 404),
    ] {
        let a = get(&env.app, path).await;
        errors_of(&a, status);
    }
    // An unencoded `+07:00` arrives as a space and is read as `+`.
    let a = get(
        &env.app,
        "/open311/v2/requests.json?start_date=2026-01-01T00:00:00+07:00",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    for path in [
        "/open311/discovery.json",
        "/open311/discovery.xml",
        "/open311/v2/services.json",
        "/open311/v2/services.xml",
        "/open311/v2/services/ktp-el-baru.json",
        "/open311/v2/servicerequestupdates.xml",
    ] {
        let a = get(&env.app, path).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(a.headers.get(header::LOCATION).is_none());
        assert_eq!(a.headers[header::CACHE_CONTROL], "no-store");
    }
    let d = get(&env.app, "/open311/v2/services/ktp-el-baru.json")
        .await
        .json();
    let attrs = d["attributes"].as_array().unwrap();
    let foto = attrs.iter().find(|a| a["code"] == "foto_kk").unwrap();
    assert_eq!(foto["variable"], false);
    assert!(attrs.iter().all(|a| a["description"].is_string()));
}

/// `services.{json,xml}` is written once per catalogue state, and follows every change at
/// once: a service withdrawn (here by a direct import, as another server's) leaves both lists
/// on the next read, and one back returns to them.
#[tokio::test]
async fn the_services_list_follows_the_catalogue_in_both_formats() {
    use app::store::catalogue::{import, ImportScope};
    let env = Env::new().await;
    let lists = || async {
        let json = get(&env.app, "/open311/v2/services.json").await;
        let xml = get(&env.app, "/open311/v2/services.xml").await;
        assert_eq!((json.status, xml.status), (StatusCode::OK, StatusCode::OK));
        assert_eq!(
            json.headers[header::CONTENT_TYPE],
            "application/json; charset=utf-8"
        );
        assert_eq!(json.headers[header::CACHE_CONTROL], "no-store");
        assert!(xml.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/xml"));
        (json.body, xml.body)
    };
    let codes = |json: &str| -> Vec<String> {
        let list: Value = serde_json::from_str(json).unwrap();
        let list = list.as_array().unwrap();
        list.iter()
            .map(|s| s["service_code"].as_str().unwrap().to_string())
            .collect()
    };
    let (json, xml) = lists().await;
    assert!(codes(&json).contains(&SERVICE.to_string()), "{json}");
    let tag = format!("<service_code>{SERVICE}</service_code>");
    assert!(xml.contains(&tag), "{xml}");
    // The catalogue unchanged: the same lists.
    assert_eq!(lists().await, (json.clone(), xml.clone()));

    let cat = common::withdraw(&env.pool, SERVICE).await;
    let (json_after, xml_after) = lists().await;
    assert!(!codes(&json_after).contains(&SERVICE.to_string()));
    assert_eq!(codes(&json_after).len() + 1, codes(&json).len());
    assert!(!xml_after.contains(&tag), "{xml_after}");

    import(
        &env.pool,
        &cat.agencies,
        &cat.services,
        ImportScope::Everything,
    )
    .await
    .unwrap();
    let (json_back, xml_back) = lists().await;
    assert_eq!(codes(&json_back), codes(&json));
    assert!(xml_back.contains(&tag));
}

/// The services list goes out compressed as the client asks (brotli before gzip, as it is when
/// it asks for neither), each the very list the plain answer is, also after the catalogue moved.
#[tokio::test]
async fn the_services_list_is_compressed_as_the_client_asks_and_follows_the_catalogue() {
    use server::encoding::{decompress, Coding};
    let env = Env::new().await;
    // Each way of asking gives the plain list, after decoding what the header says.
    let lists = || async {
        let plain = get(&env.app, "/open311/v2/services.json").await.body;
        for (accept, coding) in [
            ("gzip, deflate, br", Some(Coding::Br)),
            ("br;q=0, gzip", Some(Coding::Gzip)),
            ("identity", None),
        ] {
            let req = Request::get("/open311/v2/services.json")
                .header(header::ACCEPT_ENCODING, accept)
                .body(Body::empty())
                .unwrap();
            let res = env.app.clone().oneshot(req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{accept}");
            let headers = res.headers().clone();
            assert_eq!(headers.get_all(header::VARY).iter().count(), 1, "{accept}");
            assert_eq!(headers[header::VARY], "accept-encoding", "{accept}");
            let bytes = axum::body::to_bytes(res.into_body(), 8 << 20)
                .await
                .unwrap();
            let text = match coding {
                Some(c) => {
                    assert_eq!(headers[header::CONTENT_ENCODING], c.name(), "{accept}");
                    decompress(&bytes, c).unwrap()
                }
                None => {
                    assert!(!headers.contains_key(header::CONTENT_ENCODING));
                    bytes.to_vec()
                }
            };
            assert_eq!(String::from_utf8(text).unwrap(), plain, "{accept}");
        }
        plain
    };
    let before = lists().await;
    assert!(before.contains(&format!("\"{SERVICE}\"")), "{before}");
    // Asked again: the same.
    assert_eq!(lists().await, before);
    common::withdraw(&env.pool, SERVICE).await;
    // Withdrawn: gone from every coding's list, not only the plain one.
    let after = lists().await;
    assert!(!after.contains(&format!("\"{SERVICE}\"")), "{after}");
}
