//! Keeping the catalogue fresh from the back office (issue 11, part 3), through the real router
//! on a real SQLite file: publishing a new revision of one service (only it in the phones'
//! delta, history kept with who and when), "Masih benar", closing corrections, the editor
//! representing every service of the catalogue faithfully, authorization (an officer of
//! another agency can neither see, edit, confirm nor close) and bad input refused with a 4xx
//! and nothing stored.

mod common;

use app::domain::catalogue::Service;
use app::domain::correction::{Checked, Field};
use app::domain::service_edit;
use axum::http::StatusCode;
use common::client::{Reply, Who};
use serde_json::json;
use server::{cli, http};

const SERVICE: &str = "akta-kelahiran"; // Dukcapil
const PASSWORD: &str = "kopi tubruk pagi";
const OWN_PASSWORD: &str = "teh manis sore hari";

struct Env {
    _dir: tempfile::TempDir,
    pool: app::store::Db,
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

    async fn get(&self, who: &mut Who, path: &str) -> Reply {
        common::client::call(&self.app, "203.0.113.6:5000", who, "GET", path, None).await
    }

    async fn json(&self, who: &mut Who, path: &str, body: serde_json::Value) -> Reply {
        let body = Some(("application/json", body.to_string()));
        common::client::call(&self.app, "203.0.113.6:5000", who, "POST", path, body).await
    }

    async fn form(&self, who: &mut Who, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = Some((
            "application/x-www-form-urlencoded",
            common::client::form_body(fields),
        ));
        common::client::call(&self.app, "203.0.113.6:5000", who, "POST", path, body).await
    }

    async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let body = json!({ "login": login, "password": password });
        let r = self.json(&mut w, "/api/auth/sign-in", body).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }

    /// A signed-in officer of `agency`.
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
        let r = self.json(&mut root, "/api/staff/invite", invite).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let mut w = self.signed_in(&login, PASSWORD).await;
        let change = json!({ "current_password": PASSWORD, "new_password": OWN_PASSWORD });
        let r = self.json(&mut w, "/api/auth/change-password", change).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        w
    }

    /// The service now and its revision.
    async fn current(&self, slug: &str) -> (Service, i64) {
        app::store::revisions::current(&self.pool, "dukcapil", slug)
            .await
            .unwrap()
            .unwrap()
    }

    /// The catalogue's head and the number of history rows.
    async fn state(&self) -> (i64, i64, i64) {
        let head: i64 = common::on_db!(&self.pool, p => sqlx::query_scalar("SELECT MAX(revision) FROM services")
            .fetch_one(p)
            .await)
            .unwrap();
        let kept: i64 = common::on_db!(&self.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM service_revisions")
            .fetch_one(p)
            .await)
            .unwrap();
        let open: i64 =
            common::on_db!(&self.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM corrections WHERE status = 'open'")
                .fetch_one(p)
                .await)
                .unwrap();
        (head, kept, open)
    }

    async fn delta(&self, since: i64) -> serde_json::Value {
        let r = self
            .get(
                &mut Who::default(),
                &format!("/api/catalogue/changes?since={since}"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        r.json()
    }
}

fn today() -> app::domain::date::Date {
    app::clock::today()
}

/// The edited document: `s` with its processing time (Indonesian) changed.
fn edited(s: &Service, processing_id: &str) -> Service {
    let mut v = service_edit::values(s);
    for (k, val) in v.iter_mut() {
        if *k == "processing_id" {
            *val = processing_id.to_string();
        }
    }
    let get = |k: &str| v.iter().find(|(key, _)| *key == k).map(|(_, x)| x.clone());
    service_edit::apply(s, &get, today()).unwrap()
}

#[tokio::test]
async fn the_editor_represents_every_service_of_the_catalogue() {
    let env = Env::new().await;
    let all = app::store::catalogue::active_services(&env.pool)
        .await
        .unwrap();
    assert!(all.len() > 20);
    for s in all {
        let again = service_edit::accept(&s, &s, today()).unwrap();
        let mut expected = s.clone();
        expected.verified_at = today();
        assert_eq!(again, expected, "{}", s.slug);
    }
}

#[tokio::test]
async fn publishing_gives_only_that_service_a_new_revision_and_keeps_its_history() {
    let env = Env::new().await;
    let mut officer = env.officer("dukcapil").await;
    let (before, base) = env.current(SERVICE).await;
    let head = env.delta(0).await["cursor"].as_i64().unwrap();
    // The preview shows the change, escaped, and publishes nothing.
    let q = service_edit::values(&before)
        .into_iter()
        .map(|(k, v)| {
            let v = if k == "processing_id" {
                "<b>5 hari kerja</b>".to_string()
            } else {
                v
            };
            format!("{k}={}", app::domain::route::encode(&v))
        })
        .collect::<Vec<_>>()
        .join("&");
    let preview = env
        .get(
            &mut officer,
            &format!("/staff/layanan/{SERVICE}/pratinjau?{q}"),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("data-key=\"processing_id\""));
    assert!(preview.body.contains("&lt;b&gt;5 hari kerja&lt;/b&gt;"));
    assert_eq!(env.current(SERVICE).await.1, base);
    // Publish.
    let new = edited(&before, "Paling lama 5 hari kerja.");
    let doc = serde_json::to_string(&new).unwrap();
    let base_text = base.to_string();
    let r = env
        .form(
            &mut officer,
            "/api/staff/service-publish",
            &[("slug", SERVICE), ("base", &base_text), ("doc", &doc)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (after, revision) = env.current(SERVICE).await;
    assert_eq!(revision, head + 1);
    assert_eq!(after.processing.id, "Paling lama 5 hari kerja.");
    assert_eq!(after.verified_at, today());
    let delta = env.delta(head).await;
    let slugs: Vec<&str> = delta["changed"]
        .as_array()
        .unwrap_or_else(|| panic!("{delta}"))
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, vec![SERVICE]);
    // The history page: both revisions, who, and the change.
    let page = env
        .get(&mut officer, &format!("/staff/layanan/{SERVICE}/riwayat"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("petugas@dukcapil.go.id"));
    assert!(page.body.contains(&format!("data-revision=\"{revision}\"")));
    assert!(page.body.contains("Paling lama 5 hari kerja."));
    let kept = app::store::revisions::history(&env.pool, SERVICE)
        .await
        .unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(
        (kept[0].action.as_str(), kept[1].action.as_str()),
        ("publish", "import")
    );
    // The same base again is stale: 409, nothing stored.
    let state = env.state().await;
    let r = env
        .form(
            &mut officer,
            "/api/staff/service-publish",
            &[("slug", SERVICE), ("base", &base_text), ("doc", &doc)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(env.state().await, state);
}

/// Whether the dashboard's list of stale services names [`SERVICE`].
fn stale_listed(body: &str) -> bool {
    let list = body
        .split("data-testid=\"attention-stale\"")
        .nth(1)
        .unwrap_or("");
    list.split("</ul>")
        .next()
        .unwrap_or("")
        .contains(&format!("/staff/layanan/{SERVICE}/ubah"))
}

#[tokio::test]
async fn still_correct_renews_the_verified_date_in_a_new_revision() {
    let env = Env::new().await;
    let mut officer = env.officer("dukcapil").await;
    let doc: String = common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT doc FROM services WHERE slug = $1")
        .bind(SERVICE)
        .fetch_one(p)
        .await)
        .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    doc["verified_at"] = "2024-01-02".into();
    common::on_db!(&env.pool, p => sqlx::query("UPDATE services SET doc = $2, verified_at = '2024-01-02' WHERE slug = $1")
        .bind(SERVICE)
        .bind(doc.to_string())
        .execute(p)
        .await.map(|r| r.rows_affected()))
        .unwrap();
    let list = env.get(&mut officer, "/staff/layanan").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("data-testid=\"desk-stale\""));
    let dashboard = env.get(&mut officer, "/staff/dasbor").await;
    assert!(stale_listed(&dashboard.body));
    let (before, base) = env.current(SERVICE).await;
    let r = env
        .form(
            &mut officer,
            "/api/staff/service-confirm",
            &[("slug", SERVICE), ("base", &base.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (after, revision) = env.current(SERVICE).await;
    assert!(revision > base);
    assert_eq!(after.verified_at, today());
    let mut same = after.clone();
    same.verified_at = before.verified_at;
    assert_eq!(same, before);
    let kept = app::store::revisions::history(&env.pool, SERVICE)
        .await
        .unwrap();
    assert_eq!(kept[0].action, "confirm");
    let dashboard = env.get(&mut officer, "/staff/dasbor").await;
    assert!(!stale_listed(&dashboard.body));
}

#[tokio::test]
async fn an_officer_of_another_agency_can_neither_see_edit_confirm_nor_close() {
    let env = Env::new().await;
    let what = Checked {
        field: Field::Cost,
        saw: "Rp 10.000".into(),
        should: "Gratis".into(),
    };
    let id = app::store::corrections::add(&env.pool, SERVICE, &what, None)
        .await
        .unwrap()
        .unwrap();
    let mut other = env.officer("polri").await;
    let state = env.state().await;
    for page in ["ubah", "riwayat", "pratinjau?name_id=x"] {
        let r = env
            .get(&mut other, &format!("/staff/layanan/{SERVICE}/{page}"))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{page}");
        assert!(!r.body.contains("Akta Kelahiran"), "{page}");
    }
    let dashboard = env.get(&mut other, "/staff/dasbor").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(!dashboard.body.contains("Akta Kelahiran"));
    let list = env.get(&mut other, "/staff/layanan").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        !list.body.contains("Gratis") && !list.body.contains(&format!("data-correction=\"{id}\""))
    );
    let (s, base) = env.current(SERVICE).await;
    let doc = serde_json::to_string(&edited(&s, "x")).unwrap();
    let base = base.to_string();
    let publish = [
        ("slug", SERVICE),
        ("base", base.as_str()),
        ("doc", doc.as_str()),
    ];
    let r = env
        .form(&mut other, "/api/staff/service-publish", &publish)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let confirm = [("slug", SERVICE), ("base", base.as_str())];
    let r = env
        .form(&mut other, "/api/staff/service-confirm", &confirm)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let close = [
        ("id", &*id.to_string()),
        ("status", "dismissed"),
        ("note", "x"),
    ];
    let r = env
        .form(&mut other, "/api/staff/correction-close", &close)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = env
        .form(&mut Who::default(), "/api/staff/service-confirm", &confirm)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(env.state().await, state);
    // The agency's own officer sees and closes it.
    let mut officer = env.officer("dukcapil").await;
    let list = env.get(&mut officer, "/staff/layanan").await;
    assert!(list.body.contains(&format!("data-correction=\"{id}\"")));
    let dashboard = env.get(&mut officer, "/staff/dasbor").await;
    let corrections = dashboard
        .body
        .split("attention-corrections")
        .nth(1)
        .unwrap();
    assert!(corrections.contains("Akta Kelahiran"));
    let close = [
        ("id", &*id.to_string()),
        ("status", "resolved"),
        ("note", "Sudah diperbaiki <b>"),
    ];
    let r = env
        .form(&mut officer, "/api/staff/correction-close", &close)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(env.state().await.2, state.2 - 1);
    let history = env
        .get(&mut officer, &format!("/staff/layanan/{SERVICE}/riwayat"))
        .await;
    assert!(history.body.contains("Sudah diperbaiki &lt;b&gt;"));
}

#[tokio::test]
async fn bad_input_is_refused_with_a_4xx_and_nothing_is_stored() {
    let env = Env::new().await;
    let what = Checked {
        field: Field::Cost,
        saw: String::new(),
        should: "Gratis".into(),
    };
    let id = app::store::corrections::add(&env.pool, SERVICE, &what, None)
        .await
        .unwrap()
        .unwrap();
    let mut officer = env.officer("dukcapil").await;
    let (s, base) = env.current(SERVICE).await;
    let base = base.to_string();
    let state = env.state().await;
    let mut other_slug = edited(&s, "x");
    other_slug.slug = "ktp-el-baru".into();
    let mut new_form = edited(&s, "x");
    new_form.form = None;
    let mut no_name = edited(&s, "x");
    no_name.name.id = " ".into();
    let mut hidden = edited(&s, "x");
    hidden.summary.en = "a\u{202E}b".into();
    let docs = [
        "not json".to_string(),
        serde_json::to_string(&other_slug).unwrap(),
        serde_json::to_string(&new_form).unwrap(),
        serde_json::to_string(&no_name).unwrap(),
        serde_json::to_string(&hidden).unwrap(),
    ];
    for (i, doc) in docs.iter().enumerate() {
        let r = env
            .form(
                &mut officer,
                "/api/staff/service-publish",
                &[("slug", SERVICE), ("base", &base), ("doc", doc)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "doc {i}: {}", r.body);
        assert_eq!(env.state().await, state, "doc {i}");
    }
    let r = env
        .form(
            &mut officer,
            "/api/staff/service-publish",
            &[("slug", SERVICE), ("base", "abc"), ("doc", &docs[1])],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = env
        .form(
            &mut officer,
            "/api/staff/service-confirm",
            &[("slug", SERVICE), ("base", "999")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = env
        .form(
            &mut officer,
            "/api/staff/service-confirm",
            &[("slug", "tidak-ada"), ("base", &base)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let long = "x".repeat(2001);
    let id = id.to_string();
    for (status, note) in [
        ("open", "x"),
        ("done", "x"),
        ("resolved", long.as_str()),
        ("resolved", "a\u{0}b"),
    ] {
        let r = env
            .form(
                &mut officer,
                "/api/staff/correction-close",
                &[("id", &id), ("status", status), ("note", note)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{status}");
    }
    let r = env
        .form(
            &mut officer,
            "/api/staff/correction-close",
            &[("id", "999999"), ("status", "resolved"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(env.state().await, state);
    // A preview with an empty name goes back to the editor, naming it; nothing stored.
    let page = env
        .get(
            &mut officer,
            &format!("/staff/layanan/{SERVICE}/pratinjau?name_id=&name_en=x"),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"edit-error\""));
    assert!(page.body.contains("href=\"#v-name_id\""));
    assert_eq!(env.state().await, state);
}
