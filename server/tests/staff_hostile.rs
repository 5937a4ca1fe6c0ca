//! Hostile values on the back office's pages and the account page (issue 9, item 1), through
//! the real router on a real SQLite file: a request whose answers, notes, service, agency,
//! form labels and staff logins hold script, attribute break-outs and `javascript:` URLs is
//! shown on every staff page (queue with its filters, the request with its timeline, answer
//! history and audit trail, dashboard, staff list, password change, sign-in with an error) and
//! on the account page, and none of it may come back as markup.

mod common;

use common::client::{Reply, Who};

use app::domain::form::Answer;
use app::domain::submission::{Envelope, Receipt};
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::{cli, http};

const SERVICE: &str = "akta-kelahiran"; // Dukcapil
const PASSWORD: &str = "kopi tubruk pagi";
/// Every payload at once, for free text.
const ALL: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> \
                   ' onmouseover='x javascript:alert(1)";
/// Each payload alone, for values shown whole (logins, a note).
const EACH: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='x",
    "javascript:alert(1)",
];

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

    async fn call(
        &self,
        who: &mut Who,
        method: &str,
        path: &str,
        body: Option<(&str, String)>,
    ) -> Reply {
        common::client::call(&self.app, "203.0.113.9:5000", who, method, path, body).await
    }

    async fn get(&self, who: &mut Who, path: &str) -> Reply {
        self.call(who, "GET", path, None).await
    }

    async fn post(&self, who: &mut Who, path: &str, body: Value) -> Reply {
        let body = Some(("application/json", body.to_string()));
        let r = self.call(who, "POST", path, body).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        r
    }

    async fn form(&self, who: &mut Who, path: &str, fields: &[(&str, &str)]) {
        let body = (
            "application/x-www-form-urlencoded",
            common::client::form_body(fields),
        );
        let r = self.call(who, "POST", path, Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{path} {fields:?}: {}", r.body);
    }

    async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let body = json!({ "login": login, "password": password });
        self.post(&mut w, "/api/auth/sign-in", body).await;
        w
    }

    async fn sql(&self, sql: &str, binds: &[&str]) {
        common::on_db!(&self.pool, p => {
            let mut q = sqlx::query(sql);
            for b in binds {
                q = q.bind(*b);
            }
            q.execute(p).await.map(|r| r.rows_affected())
        })
        .unwrap();
    }
}

/// An agency admin of Dukcapil (invited by a system admin from the command line), signed in.
async fn agency_admin(env: &Env) -> Who {
    let mut nothing: &[u8] = b"";
    let root_password = "rahasia negara 1945";
    cli::create_admin(
        &env.pool,
        "root@loket.go.id",
        Some(root_password.into()),
        &mut nothing,
    )
    .await
    .unwrap();
    let mut root = env.signed_in("root@loket.go.id", root_password).await;
    let body = json!({ "login": "admin@dukcapil.go.id", "temporary_password": PASSWORD,
        "role": "agency_admin", "agency": "dukcapil" });
    env.post(&mut root, "/api/staff/invite", body).await;
    env.sql("UPDATE accounts SET must_change_password = FALSE", &[])
        .await;
    env.signed_in("admin@dukcapil.go.id", PASSWORD).await
}

/// A request whose free-text answers are hostile, asked for more information with hostile
/// notes and answered again (so the answer history shows hostile values too), claimed by
/// `admin`. Its id.
async fn hostile_request(env: &Env, admin: &mut Who) -> String {
    let f = common::form(&env.pool, SERVICE).await;
    let id = "01936f3e-8b2a-7cde-9f01-000000000001".to_string();
    common::uploaded(&env.pool, &id).await;
    let mut e = Envelope {
        id: id.clone(),
        service: SERVICE.into(),
        form_version: f.version,
        answers: common::valid_answers(&f),
        expect: None,
    };
    e.answers
        .insert("nama_anak".into(), Answer::One(ALL.into()));
    let r = env
        .post(
            &mut Who::default(),
            "/api/requests/submit",
            json!({ "envelope": e }),
        )
        .await;
    let receipt: Receipt = serde_json::from_str(&r.body).unwrap();
    env.form(admin, "/api/staff/assign", &[("id", &id), ("to", "me")])
        .await;
    for action in ["receive", "review"] {
        env.form(
            admin,
            "/api/staff/act",
            &[("id", &id), ("action", action), ("note", EACH[3])],
        )
        .await;
    }
    let ask = [
        ("id", id.as_str()),
        ("action", "ask_info"),
        ("note", ALL),
        ("internal_note", ALL),
    ];
    env.form(admin, "/api/staff/act", &ask).await;
    e.answers
        .insert("nama_anak".into(), Answer::One(EACH[1].into()));
    let key = json!({ "id": receipt.id, "token": receipt.token });
    let body = json!({ "key": key, "envelope": e });
    env.post(&mut Who::default(), "/api/requests/answer", body)
        .await;
    id
}

/// Every text of every service (names, agency, form labels, ...) becomes [`ALL`].
fn poison(v: &mut Value) {
    match v {
        Value::Object(o)
            if o.len() == 2
                && o.contains_key("id")
                && o.contains_key("en")
                && o.values().all(Value::is_string) =>
        {
            o.insert("id".into(), ALL.into());
            o.insert("en".into(), ALL.into());
        }
        Value::Object(o) => o.values_mut().for_each(poison),
        Value::Array(a) => a.iter_mut().for_each(poison),
        _ => {}
    }
}

/// Hostile service texts, a hostile login for the admin, and hostile accounts in the agency
/// (one of them disabled, so both the enable and the disable form show).
async fn poison_the_data(env: &Env) {
    let docs: Vec<(String, String)> =
        common::on_db!(&env.pool, p => sqlx::query_as("SELECT slug, doc FROM services")
        .fetch_all(p)
        .await)
        .unwrap();
    for (slug, doc) in docs {
        let mut v: Value = serde_json::from_str(&doc).unwrap();
        poison(&mut v);
        env.sql(
            "UPDATE services SET doc = $1 WHERE slug = $2",
            &[&v.to_string(), &slug],
        )
        .await;
    }
    env.sql(
        "UPDATE accounts SET login = $1 WHERE login = 'admin@dukcapil.go.id'",
        &[ALL],
    )
    .await;
    for (i, login) in EACH.iter().enumerate() {
        let id = format!("01936f3e-0000-7000-8000-00000000000{i}");
        let disabled = if i % 2 == 0 { "TRUE" } else { "FALSE" };
        let sql = format!(
            "INSERT INTO accounts (id, login, password_hash, role, agency_slug, disabled, \
             created_at) VALUES ($1, $2, 'x', 'officer', 'dukcapil', {disabled}, '2026-01-01T00:00:00Z')"
        );
        env.sql(&sql, &[&id, login]).await;
    }
}

/// The tags of `html` with their attributes (name, value), as a browser would read them; the
/// content of `<script>`, `<style>` and comments is skipped.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let (b, mut i, mut out) = (html.as_bytes(), 0, Vec::new());
    while let Some(at) = html[i..].find('<').map(|p| p + i) {
        i = at + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(b.len(), |p| i + p + 3);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(0);
        if name_len == 0 {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let (attrs, end) = attributes(html, i);
        i = end;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].find(&close).map_or(b.len(), |p| i + p);
        }
        out.push((name, attrs));
    }
    out
}

/// The attributes of a tag starting at `i` (after its name), and where the tag ends.
fn attributes(html: &str, mut i: usize) -> (Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (attrs, (i + 1).min(b.len()));
        }
        let start = i;
        while i < b.len() && !b"=> \t\n\r/".contains(&b[i]) {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            let quote = b.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
            let from = i + usize::from(quote.is_some());
            let to = match quote {
                Some(q) => html[from..].find(q as char).map_or(b.len(), |p| from + p),
                None => html[from..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(b.len(), |p| from + p),
            };
            value = html[from..to].to_string();
            i = to + usize::from(quote.is_some());
        }
        attrs.push((name, value));
    }
}

/// Fails when anything of a payload reached `page`'s markup: a script or image of ours, an
/// event handler attribute, or a `javascript:` address.
fn assert_inert(what: &str, page: &Reply) {
    let html = &page.body;
    assert!(
        !html.contains("<script>alert"),
        "{what}: raw <script>: {html}"
    );
    assert!(
        !html.to_ascii_lowercase().contains("<img src=x"),
        "{what}: raw <img>: {html}"
    );
    for (tag, attrs) in tags(html) {
        for (name, value) in attrs {
            assert!(
                !name.starts_with("on"),
                "{what}: <{tag} {name}={value:?}> in {html}"
            );
            let url = value.trim().to_ascii_lowercase();
            assert!(
                !(matches!(name.as_str(), "href" | "src" | "action" | "formaction")
                    && url.starts_with("javascript:")),
                "{what}: <{tag} {name}={value:?}> in {html}"
            );
        }
    }
}

/// The checker itself finds what it must.
#[test]
fn the_checker_finds_raw_payloads() {
    let caught = |html: &str| {
        let page = Reply {
            status: StatusCode::OK,
            body: html.to_string(),
        };
        std::panic::catch_unwind(|| assert_inert("probe", &page)).is_err()
    };
    assert!(caught("<p><script>alert(1)</script></p>"));
    assert!(caught("<input value=\"\"><img src=x onerror=alert(1)>\">"));
    assert!(caught("<input value='' onmouseover='x'>"));
    assert!(caught("<a href=\"javascript:alert(1)\">x</a>"));
    assert!(!caught(
        "<input value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"
    ));
    assert!(!caught(
        "<input value=\"' onmouseover='x\"><p>javascript:alert(1)</p>"
    ));
}

#[tokio::test]
async fn hostile_values_stay_text_on_every_staff_page_and_the_account_page() {
    let env = Env::new().await;
    let mut admin = agency_admin(&env).await;
    let id = hostile_request(&env, &mut admin).await;
    poison_the_data(&env).await;
    let q = |s: &str| app::domain::route::encode(s);
    let filters = format!(
        "/staff?status={}&service={}&terlambat=1&saya=1&halaman={}",
        q(EACH[1]),
        q(ALL),
        q(EACH[2])
    );
    let pages = [
        "/staff".to_string(),
        "/staff?status=needs_info".to_string(),
        filters,
        format!("/staff/permohonan/{id}"),
        format!("/staff/permohonan/{id}?gagal=1"),
        "/staff/dasbor".to_string(),
        "/staff/petugas?gagal=1".to_string(),
        format!("/staff/sandi?sandi={}", q(ALL)),
        "/staff/sandi?sandi=ok".to_string(),
        format!("/akun?sandi={}", q(ALL)),
    ];
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for path in &pages {
        let page = env.get(&mut admin, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_inert(path, &page);
        // The login in the navigation (and on the account page) is hostile: it shows, escaped.
        assert!(
            page.body.contains(escaped),
            "{path} shows the values: {}",
            page.body
        );
    }
    let detail = env
        .get(&mut admin, &format!("/staff/permohonan/{id}"))
        .await;
    for shown in [
        "data-testid=\"answer-changes\"",
        "data-testid=\"staff-timeline\"",
        "class=\"internal\"",
    ] {
        assert!(detail.body.contains(shown), "{shown}: {}", detail.body);
    }
    assert!(
        detail
            .body
            .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        detail.body
    );
    let staff = env.get(&mut admin, "/staff/petugas").await;
    assert!(
        staff.body.contains("data-testid=\"enable\"")
            && staff.body.contains("data-testid=\"disable\"")
    );
    signed_out_pages(&env).await;
}

/// The sign-in form with an error (its `next` from a hostile address: the URI cannot hold it
/// raw) and the account page's forms, signed out.
async fn signed_out_pages(env: &Env) {
    let encoded = format!("/staff/{}?gagal=1", app::domain::route::encode(EACH[1]));
    for path in [&encoded, "/staff?gagal=1", "/akun?gagal=1"] {
        let page = env.get(&mut Who::default(), path).await;
        assert!(page.status == StatusCode::OK, "{path}: {}", page.body);
        assert_inert(path, &page);
    }
    let page = env.get(&mut Who::default(), &encoded).await;
    let next = tags(&page.body)
        .into_iter()
        .find(|(tag, a)| tag == "input" && a.contains(&("name".into(), "next".into())))
        .and_then(|(_, a)| a.into_iter().find(|(n, _)| n == "value"))
        .map(|(_, v)| v);
    let next = next.unwrap_or_else(|| panic!("no next: {}", page.body));
    assert!(
        next.starts_with("/staff/") && next.contains("img"),
        "the address stays inside the value: {next:?}"
    );
    assert!(page.body.contains("data-testid=\"sign-in-error\""));
}

/// A request a partner filed through Open311 (issue 13) with hostile text in every field
/// Loket keeps and staff see (the partner's name, the address, the description, the photo
/// link): the staff page shows them as text, the link only as a web address.
#[tokio::test]
async fn a_partners_hostile_request_stays_text_on_the_staff_page() {
    let env = Env::new().await;
    let mut admin = agency_admin(&env).await;
    let mut out = Vec::new();
    let create = server::config::Open311KeyCommand::Create { name: ALL.into() };
    server::cli::open311_key_on(&env.pool, &create, &mut out)
        .await
        .unwrap();
    let key = String::from_utf8(out).unwrap();
    let key = key.trim().split('\t').nth(1).unwrap().to_string();
    let media = format!("https://mitra.example/{}", EACH[1]);
    let mut form = vec![
        ("api_key", key.as_str()),
        ("service_code", "ktp-el-baru"),
        ("address_string", ALL),
        ("description", "' onmouseover='x javascript:alert(1)"),
        ("media_url", media.as_str()),
        ("first_name", ALL),
    ];
    let answers = [
        ("attribute[nik]", "3171014101900001"),
        ("attribute[nama_lengkap]", "Siti Aminah"),
        ("attribute[tempat_lahir]", "Jakarta"),
        ("attribute[tanggal_lahir]", "1990-01-01"),
        ("attribute[jenis_kelamin]", "perempuan"),
        ("attribute[status_perkawinan]", "kawin"),
        ("attribute[alamat]", "Jl. Kenari 5"),
        ("attribute[no_hp]", "081234567890"),
    ];
    form.extend(answers);
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&form)
        .finish();
    let filed = env
        .call(
            &mut Who::default(),
            "POST",
            "/open311/v2/requests.json",
            Some(("application/x-www-form-urlencoded", body)),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let notice = filed.json()[0]["service_notice"]
        .as_str()
        .unwrap()
        .to_string();
    let reference = filed.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let pin: String = notice
        .split("PIN ")
        .nth(1)
        .unwrap()
        .chars()
        .take(6)
        .collect();
    let id = app::store::requests::unlock(
        &env.pool,
        &common::secrets_of(&env._dir.path().join("data")),
        &reference,
        &pin,
    )
    .await
    .unwrap()
    .unwrap();
    let page = env
        .get(&mut admin, &format!("/staff/permohonan/{id}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_inert("a partner's request", &page);
    for shown in [
        "data-channel=\"open311\"",
        "data-testid=\"partner-documents\"",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "href=\"https://mitra.example/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
}
