//! The server's own application form (issue 13), for the router tests of both doors
//! (`web_form.rs`, `counter.rs`): a router on a real SQLite file, multipart posts, staff
//! accounts, and valid posts of each section of the KTP-el form.

use super::client::{self, Who};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use server::{cli, http};
use tower::ServiceExt;

pub const SERVICE: &str = "ktp-el-baru"; // Dukcapil; four sections, a required photo in the third
pub const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0 a photo of the family card";
pub const PASSWORD: &str = "kopi tubruk pagi";
pub const OWN_PASSWORD: &str = "teh manis sore hari";

/// One part of a multipart form: name, file name (a file part) and bytes.
pub type Part = (String, Option<String>, Vec<u8>);

pub fn text(name: &str, value: &str) -> Part {
    (name.into(), None, value.as_bytes().to_vec())
}

/// An answer from the server: status, `Location`, the draft cookie it set, the body.
pub struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub cookie: Option<String>,
    /// Every `Set-Cookie` value of the answer.
    pub set_cookies: Vec<String>,
    pub body: String,
}

pub struct Env {
    pub _dir: tempfile::TempDir,
    pub pool: app::store::Db,
    pub app: axum::Router,
}

impl Env {
    pub async fn new() -> Env {
        let (dir, pool) = super::database().await;
        let app = http::router(
            pool.clone(),
            &dir.path().join("data"),
            &super::serve(dir.path()),
        )
        .unwrap();
        Env {
            _dir: dir,
            pool,
            app,
        }
    }

    /// Sends a request with `cookies` (a `Cookie` header value) from one address.
    pub async fn request(
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
        let set_cookies: Vec<String> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|c| c.to_str().ok())
            .map(str::to_string)
            .collect();
        let cookie = set_cookies
            .iter()
            .find(|c| c.starts_with("loket_formulir="))
            .map(|c| c.split(';').next().unwrap().to_string());
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
            .await
            .unwrap();
        Answer {
            status,
            location,
            cookie,
            set_cookies,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str, cookies: &str) -> Answer {
        self.request("GET", path, cookies, None).await
    }

    /// Posts `parts` as `multipart/form-data`.
    pub async fn post(&self, path: &str, cookies: &str, parts: &[Part]) -> Answer {
        let (ct, body) = client::multipart(
            parts
                .iter()
                .map(|(n, f, b)| (n.as_str(), f.as_deref(), b.as_slice())),
        );
        self.request("POST", path, cookies, Some((ct, body))).await
    }

    pub async fn requests(&self) -> Vec<(String, String)> {
        super::on_db!(&self.pool, p => sqlx::query_as("SELECT id, channel FROM requests ORDER BY received_at")
            .fetch_all(p)
            .await)
            .unwrap()
    }

    pub async fn post_json(&self, who: &mut Who, path: &str, body: serde_json::Value) {
        let body = Some(("application/json", body.to_string()));
        let r = client::call(&self.app, "203.0.113.5:5000", who, "POST", path, body).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    }

    pub async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let body = json!({ "login": login, "password": password });
        self.post_json(&mut w, "/api/auth/sign-in", body).await;
        w
    }

    /// A signed-in staff member (`role`) of `agency`, own password set; and its account id.
    pub async fn staff(&self, agency: &str, role: &str) -> (Who, String) {
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
        let id: String = super::on_db!(&self.pool, p => sqlx::query_scalar("SELECT id FROM accounts WHERE login = $1")
            .bind(&login)
            .fetch_one(p)
            .await)
            .unwrap();
        (w, id)
    }
}

/// The staff member's session as a `Cookie` header value.
pub fn session(who: &Who) -> String {
    format!("loket_session={}", who.cookie.as_deref().unwrap())
}

/// A valid post of each section of the KTP-el form, in order.
pub fn sections() -> Vec<Vec<Part>> {
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
pub async fn choices_exist(env: &Env) {
    let form = super::form(&env.pool, SERVICE).await;
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
pub async fn fill_in(env: &Env, base: &str, page: &str, mut cookies: String) -> String {
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
