//! The public performance page (`/kinerja`) and the staff dashboard's figures through the real
//! router, over a history made through the API: six requests submitted, five handled to
//! *Selesai* by the agency, one left open with its due date passed (a date written back, as
//! time passing would). The page shows the figures to anyone; the dashboard shows the same to
//! the agency, and its overdue figure leads to exactly the request behind it.

mod common;

use app::domain::skm::Period;
use app::domain::submission::{Envelope, Receipt};
use axum::http::StatusCode;
use common::client::{Reply, Who};
use serde_json::{json, Value};
use server::config::Serve;
use server::{cli, http};

const SERVICE: &str = "akta-kelahiran"; // Dukcapil, no promised days
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
        let serve = Serve {
            public_url: Some("https://loket.example".parse().unwrap()),
            ..common::serve(dir.path())
        };
        let app = http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
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
        self.call(who, "POST", path, body).await
    }

    /// An agency admin of Dukcapil, invited by a system admin, with their own password.
    async fn agency_admin(&self) -> Who {
        let mut nothing: &[u8] = b"";
        cli::create_admin(
            &self.pool,
            "root@loket.go.id",
            Some("rahasia negara 1945".into()),
            &mut nothing,
        )
        .await
        .unwrap();
        let mut root = self
            .signed_in("root@loket.go.id", "rahasia negara 1945")
            .await;
        let invite = json!({ "login": "admin@dukcapil.go.id", "temporary_password": PASSWORD,
                             "role": "agency_admin", "agency": "dukcapil" });
        let r = self.post(&mut root, "/api/staff/invite", invite).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let mut admin = self.signed_in("admin@dukcapil.go.id", PASSWORD).await;
        let change = json!({ "current_password": PASSWORD, "new_password": OWN_PASSWORD });
        let r = self
            .post(&mut admin, "/api/auth/change-password", change)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        admin
    }

    async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let r = self
            .post(
                &mut w,
                "/api/auth/sign-in",
                json!({ "login": login, "password": password }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }

    async fn submit(&self, n: u64) -> Receipt {
        let f = common::form(&self.pool, SERVICE).await;
        let e = Envelope {
            id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
            service: SERVICE.into(),
            form_version: f.version,
            answers: common::valid_answers(&f),
            expect: None,
        };
        common::uploaded(&self.pool, &e.id).await;
        let r = self
            .post(
                &mut Who::default(),
                "/api/requests/submit",
                json!({ "envelope": e }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        serde_json::from_str(&r.body).unwrap()
    }

    async fn act(&self, who: &mut Who, id: &str, action: &str) {
        let body = common::client::form_body(&[("id", id), ("action", action), ("note", "")]);
        let r = self
            .call(
                who,
                "POST",
                "/api/staff/act",
                Some(("application/x-www-form-urlencoded", body)),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
    }
}

/// The cells of the row of `service` in Dukcapil's table `marker` (in the agency's section of
/// the page; the dashboard shows that agency alone), as written, in order.
fn cells<'a>(html: &'a str, marker: &str, service: &str) -> Vec<&'a str> {
    let html = &html[html.find("data-agency=\"dukcapil\"").unwrap_or(0)..];
    let from = &html[html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in the page"))..];
    let row = from
        .split(&format!("data-service=\"{service}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("a row of {service}"));
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td>")
        .skip(1)
        .map(|c| &c[..c.find("</td>").unwrap()])
        .collect()
}

/// The `content` of the head's meta tag with `property`.
fn meta<'a>(html: &'a str, property: &str) -> &'a str {
    let at = html.find(&format!("property=\"{property}\"")).unwrap();
    let tag = &html[html[..at].rfind('<').unwrap()..];
    let from = tag.find("content=\"").unwrap() + 9;
    &tag[from..from + tag[from..].find('"').unwrap()]
}

#[tokio::test]
async fn the_page_and_the_dashboard_show_the_figures_and_the_overdue_ones_lead_to_their_requests() {
    let env = Env::new().await;
    let mut admin = env.agency_admin().await;
    let mut ids = Vec::new();
    for n in 0..6 {
        ids.push(env.submit(n).await.id);
    }
    for id in &ids[..5] {
        for action in ["receive", "review", "approve", "complete"] {
            env.act(&mut admin, id, action).await;
        }
    }
    let late = ids[5].clone();
    common::on_db!(&env.pool, p => sqlx::query("UPDATE requests SET due_date = '2020-01-02' WHERE id = $1")
        .bind(&late)
        .execute(p)
        .await.map(|r| r.rows_affected()))
        .unwrap();
    let quarter = Period::quarter_of(&app::clock::today().to_string()).unwrap();
    let q = quarter.code();

    // Anyone: 6 received, 5 completed, none rejected, 1 open, 1 overdue; finished the day they
    // came: 0 working days; the service promises no time.
    let page = env.get(&mut Who::default(), "/kinerja").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        cells(&page.body, "data-testid=\"perf-requests\"", SERVICE),
        ["6", "5", "0", "1", "1"]
    );
    assert_eq!(
        cells(&page.body, "data-testid=\"perf-time\"", SERVICE),
        ["0", "0", "tanpa janji", "tanpa janji"]
    );
    assert!(page
        .body
        .contains(&format!("href=\"/kinerja.csv?periode={q}\"")));
    assert!(
        !page.body.contains("overdue-link"),
        "no queue links for the public"
    );
    // Every agency has its section, those without requests with their figures withheld.
    let agencies: i64 =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM agencies")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(
        page.body.matches("data-testid=\"perf-agency\"").count() as i64,
        agencies
    );
    assert!(page.body.contains("data-withheld"));
    // Shared: the page of this quarter is /kinerja; a chosen period is in its address.
    assert_eq!(meta(&page.body, "og:url"), "https://loket.example/kinerja");
    let year = env
        .get(
            &mut Who::default(),
            &format!("/kinerja?periode={}", quarter.year),
        )
        .await;
    assert_eq!(year.status, StatusCode::OK);
    assert_eq!(
        meta(&year.body, "og:url"),
        format!("https://loket.example/kinerja?periode={}", quarter.year)
    );
    assert_eq!(
        cells(&year.body, "data-testid=\"perf-requests\"", SERVICE)[0],
        "6"
    );
    // An unknown period is this quarter's page.
    let bad = env
        .get(&mut Who::default(), "/kinerja?periode=%3Cscript%3E")
        .await;
    assert_eq!(bad.status, StatusCode::OK);
    assert_eq!(meta(&bad.body, "og:url"), "https://loket.example/kinerja");

    // The agency's dashboard: the same figures, the overdue one a link to the queue.
    let dash = env.get(&mut admin, "/staff/dasbor").await;
    assert_eq!(dash.status, StatusCode::OK);
    let row = cells(&dash.body, "data-testid=\"perf-requests\"", SERVICE);
    assert_eq!(row[..4], ["6", "5", "0", "1"]);
    let service_link = format!("/staff?terlambat=1&amp;periode={q}&amp;service={SERVICE}");
    assert!(
        row[4].starts_with(&format!("<a href=\"{service_link}\"")),
        "{}",
        row[4]
    );
    let agency_link = format!("/staff?terlambat=1&amp;periode={q}\"");
    assert!(
        dash.body.contains(&format!("href=\"{agency_link}")),
        "the agency's overdue figure links too"
    );
    for link in [
        service_link.replace("&amp;", "&"),
        format!("/staff?terlambat=1&periode={q}"),
    ] {
        let queue = env.get(&mut admin, &link).await;
        assert_eq!(queue.status, StatusCode::OK);
        assert_eq!(
            queue.body.matches("data-testid=\"queue-item\"").count(),
            1,
            "{link}"
        );
        assert!(
            queue.body.contains(&format!("data-id=\"{late}\"")),
            "{link}"
        );
        // The filter keeps the period (and says so) for its next page.
        assert!(
            queue
                .body
                .contains(&format!("name=\"periode\" value=\"{q}\" checked")),
            "{link}"
        );
    }
    // A request received in another period is not behind this period's figure.
    common::on_db!(&env.pool, p => sqlx::query("UPDATE requests SET received_at = '2020-01-01T02:00:00Z' WHERE id = $1")
        .bind(&late)
        .execute(p)
        .await.map(|r| r.rows_affected()))
        .unwrap();
    let queue = env
        .get(&mut admin, &format!("/staff?terlambat=1&periode={q}"))
        .await;
    assert_eq!(queue.body.matches("data-testid=\"queue-item\"").count(), 0);
    let all = env.get(&mut admin, "/staff?terlambat=1").await;
    assert!(all.body.contains(&format!("data-id=\"{late}\"")));
    // Another period can be chosen on the dashboard.
    let dash = env.get(&mut admin, "/staff/dasbor?periode=2020-Q1").await;
    assert!(
        dash.body.contains("<option value=\"2020-Q1\" selected>"),
        "the first request's quarter is offered"
    );
}
