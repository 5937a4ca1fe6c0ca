//! What the server's test files share: a seeded database on a real SQLite file, the settings a
//! test router runs with, and valid answers for a service's form.
#![allow(dead_code)]

pub mod client;
pub mod serde_pair;
pub mod web;

use app::domain::form::{Answer, Answers, FieldKind, FormSchema};
use server::config::Serve;
use server::{db, seed};
use std::path::Path;

/// Runs a test's own SQL (to look behind the store, or to tamper with rows as an attacker with
/// the database would): `$body` with `$p` bound to the typed pool under the `Db` `$db`, compiled
/// once per backend like the store's own bodies. `PG` tells the body which backend it is on, and
/// `Backend` names it (to build a [`app::store::trip::Trip`] of its own).
#[macro_export]
macro_rules! on_db {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            app::store::Db::Sqlite($p) => {
                #[allow(dead_code)]
                const PG: bool = false;
                #[allow(dead_code)]
                type Backend = sqlx::Sqlite;
                $body
            }
            app::store::Db::Postgres($p) => {
                #[allow(dead_code)]
                const PG: bool = true;
                #[allow(dead_code)]
                type Backend = sqlx::Postgres;
                $body
            }
        }
    };
}
pub use on_db;

/// The function that makes a JSON array of its arguments, on `db`'s backend (to compare whole
/// rows in one text).
pub fn json_array(db: &app::store::Db) -> &'static str {
    if db.is_postgres() {
        "json_build_array"
    } else {
        "json_array"
    }
}

/// For the tests whose own SQL is SQLite's alone (its pragmas, its triggers, its files).
pub trait Raw {
    /// The SQLite pool under this database.
    fn raw(&self) -> &sqlx::SqlitePool;
}

impl Raw for app::store::Db {
    fn raw(&self) -> &sqlx::SqlitePool {
        match self {
            app::store::Db::Sqlite(pool) => pool,
            app::store::Db::Postgres(_) => panic!("this test's own SQL is written for SQLite"),
        }
    }
}

/// Whether this run's tests are on PostgreSQL: a test that only SQLite can run says so, and
/// stops (its `return` is a pass with the reason printed).
pub fn skipped_on_postgres(why: &str) -> bool {
    let on = postgres_server().is_some();
    if on {
        eprintln!("skipped on PostgreSQL: {why}");
    }
    on
}

/// The photo every test application attaches: listed as a complete upload, and its bytes on
/// disk under `<dir>/data/files` (a PDF, 1000 bytes). An application may name it once it was
/// uploaded under the application's id: see [`uploaded`].
pub const PHOTO: &str = "abababababababababababababababababababababababababababababababab";

/// A fresh, migrated and empty database: a real SQLite file in a temp dir, or, when
/// `LOKET_TEST_DATABASE_URL` names a PostgreSQL server (`scripts/test.sh` starts one), a
/// database of its own on that server.
pub async fn empty_database() -> (tempfile::TempDir, app::store::Db) {
    let dir = tempfile::tempdir().unwrap();
    let pool = open(dir.path()).await;
    (dir, pool)
}

/// Opens the test database of directory `dir`: the one made for it before (as a restarted or
/// second server opens the same database), or a new one ([`empty_database`] says which kind).
pub async fn open(dir: &Path) -> app::store::Db {
    let url = match std::fs::read_to_string(dir.join(URL_FILE)) {
        Ok(url) => url,
        Err(_) => {
            let url = match postgres_server() {
                Some(server) => fresh_postgres(&server).await,
                None => format!("sqlite://{}", dir.join("loket.db").display()),
            };
            std::fs::write(dir.join(URL_FILE), &url).unwrap();
            url
        }
    };
    db::connect(&url).await.unwrap()
}

/// Where [`open`] notes the URL of a directory's database.
const URL_FILE: &str = "database-url";

/// The URL of directory `dir`'s test database (made by [`open`]), for the real command's
/// `DATABASE_URL`.
pub fn database_url(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(URL_FILE))
        .unwrap_or_else(|_| format!("sqlite://{}", dir.join("loket.db").display()))
}

/// The PostgreSQL server this run's tests use, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("LOKET_TEST_DATABASE_URL")
        .ok()
        .filter(|u| db::is_postgres(u))
}

/// Makes a new, empty database on PostgreSQL server `server` (its URL names any database
/// there) and returns its URL. Each test gets its own; the script removes the whole cluster
/// after the run.
async fn fresh_postgres(server: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static MADE: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        MADE.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(server)
        .await
        .expect("the test PostgreSQL server");
    sqlx::query(&format!(
        "CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
    ))
    .execute(&mut admin)
    .await
    .expect("a test database");
    let (base, _) = server.split_once('?').map_or((server, ""), |(b, q)| (b, q));
    let (host, _) = base
        .rsplit_once('/')
        .expect("a PostgreSQL URL with a database");
    format!("{host}/{name}")
}

/// A fresh database in a temp dir, with the seed catalogue and [`PHOTO`] uploaded.
pub async fn database() -> (tempfile::TempDir, app::store::Db) {
    let (dir, pool) = empty_database().await;
    seed::import_path(
        &pool,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue"),
    )
    .await
    .unwrap();
    let photo = app::store::files::StoredFile {
        sha256: PHOTO.into(),
        size: 1000,
        media_type: "application/pdf".into(),
    };
    app::store::files::record(&pool, &photo).await.unwrap();
    let files = dir.path().join("data/files");
    std::fs::create_dir_all(&files).unwrap();
    let mut bytes = b"%PDF-1.4 ".to_vec();
    bytes.resize(1000, b'x');
    std::fs::write(files.join(PHOTO), bytes).unwrap();
    (dir, pool)
}

/// Imports the seed catalogue without the service `slug` (as another server's import would:
/// the service is withdrawn), and returns the catalogue read.
pub async fn withdraw(pool: &app::store::Db, slug: &str) -> seed::Catalogue {
    use app::store::catalogue::{import, ImportScope};
    let cat = seed::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")).unwrap();
    let mut services = cat.services.clone();
    services.retain(|s| s.slug != slug);
    import(pool, &cat.agencies, &services, ImportScope::Everything)
        .await
        .unwrap();
    cat
}

/// Records [`PHOTO`] as uploaded whole under `key` (an application's id), as the phone does
/// before it sends the application.
pub async fn uploaded(pool: &app::store::Db, key: &str) {
    let photo = app::store::files::StoredFile {
        sha256: PHOTO.into(),
        size: 1000,
        media_type: "application/pdf".into(),
    };
    app::store::files::record_for(pool, key, &photo)
        .await
        .unwrap();
}

/// Settings for a test router over `dir` (an empty built site, the default limits).
pub fn serve(dir: &Path) -> Serve {
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    Serve {
        addr: "127.0.0.1:0".parse().unwrap(),
        public_url: None,
        site_root: site,
        catalogue: "catalogue".into(),
        calendar: "calendar".into(),
        max_body: 256 * 1024,
        secure_cookies: false,
        release_tag: String::new(),
        submits_per_minute: 600,
        upload_mb_per_key: 25,
        upload_mb_per_address_hour: 200,
        upload_partial_mb: 1000,
        upload_free_mb: 1000,
        upload_expiry_hours: 24,
        upload_unclaimed_days: 7,
        trusted_proxies: Default::default(),
        test_faults: false,
        secret_file: None,
        files_dir: None,
        hash_file: None,
        header_timeout_secs: 10,
        body_timeout_secs: 60,
        idle_timeout_secs: 60,
        max_connections: 4096,
        shutdown_grace_secs: 10,
        open311_posts_per_minute: server::limits::OPEN311_POSTS_PER_KEY_PER_MINUTE,
        oidc_providers: Vec::new(),
    }
}

/// The form of a service, as stored.
pub async fn form(pool: &app::store::Db, service: &str) -> FormSchema {
    app::store::catalogue::service(pool, service)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap()
        .schema()
        .unwrap()
}

/// A valid answer for every visible field, in order (so conditions see earlier answers).
pub fn valid_answers(form: &FormSchema) -> Answers {
    let mut a = Answers::new();
    for f in form.fields() {
        if !form.is_visible(f, &a) {
            continue;
        }
        let v = match &f.kind {
            FieldKind::Text => Answer::One("Siti Aminah".into()),
            FieldKind::LongText => Answer::One("Jl. Merdeka No. 1, Jakarta".into()),
            FieldKind::Number => Answer::One(f.min.unwrap_or(1.0).to_string()),
            FieldKind::Date | FieldKind::MemorableDate => Answer::One("2024-01-15".into()),
            FieldKind::Choice { options } => Answer::One(options[0].value.clone()),
            FieldKind::MultiChoice { options } => Answer::Many(vec![options[0].value.clone()]),
            FieldKind::YesNo => Answer::One("tidak".into()),
            FieldKind::Nik => Answer::One("3171050512900001".into()),
            FieldKind::Phone => Answer::One("0812-3456-7890".into()),
            FieldKind::Email => Answer::One("siti@contoh.id".into()),
            FieldKind::File { .. } => Answer::One(PHOTO.into()),
        };
        a.insert(f.id.clone(), v);
    }
    a
}

/// Sends a JSON body through the router as a real client does (with its length); the status
/// and the body as text.
pub async fn send(
    app: &axum::Router,
    method: &str,
    path: &str,
    body: String,
) -> (axum::http::StatusCode, String) {
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .body(axum::body::Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 4 * 1024 * 1024)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// The secrets of a server whose data directory is `data_dir` (its own file there).
pub fn secrets_of(data_dir: &std::path::Path) -> app::keys::Secrets {
    server::secrets::load(&server::secrets::path(None, data_dir)).unwrap()
}

/// The secrets a test derives PINs and tokens with when it calls the store directly.
pub fn secrets() -> app::keys::Secrets {
    app::keys::Secrets::new(vec![[9; 32]]).unwrap()
}

/// A loopback port nothing listens on now, for a real server binary a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
