//! Who may read or change a request, as a matrix: for every server function that reads or
//! changes one, each of anonymous / another citizen / staff of another agency / officer / agency
//! admin gets exactly what it should, and a refusal carries no data of the request. Also the
//! back office's workflow end to end through the router: claim, ask for information, the
//! citizen's view, approve, complete, the audit trail.

mod common;

use common::client::{Reply, Who};

use app::domain::form::{Answers, FormSchema};
use app::domain::submission::{Envelope, Receipt};
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::config::Serve;
use server::{cli, http};

const SERVICE: &str = "akta-kelahiran"; // Dukcapil
const PASSWORD: &str = "kopi tubruk pagi";
/// What invited staff change their temporary password to before working.
const OWN_PASSWORD: &str = "teh manis sore hari";

struct Env {
    _dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
}

impl Env {
    async fn new() -> Env {
        Env::with_submit_limit(600).await
    }

    async fn with_submit_limit(submits_per_minute: u32) -> Env {
        let (dir, pool) = common::database().await;
        let serve = Serve {
            submits_per_minute,
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
        common::client::call(&self.app, "203.0.113.7:5000", who, method, path, body).await
    }

    async fn post(&self, who: &mut Who, path: &str, body: Value) -> Reply {
        self.call(
            who,
            "POST",
            path,
            Some(("application/json", body.to_string())),
        )
        .await
    }

    async fn form(&self, who: &mut Who, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.call(
            who,
            "POST",
            path,
            Some((
                "application/x-www-form-urlencoded",
                common::client::form_body(fields),
            )),
        )
        .await
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

    /// An invited account signs in with its temporary password and changes it, as it must
    /// before any staff function works.
    async fn first_sign_in(&self, login: &str) -> Who {
        let mut w = self.signed_in(login, PASSWORD).await;
        let r = self
            .post(
                &mut w,
                "/api/auth/change-password",
                json!({ "current_password": PASSWORD, "new_password": OWN_PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }

    async fn submit(&self, n: u64) -> Receipt {
        let f = common::form(&self.pool, SERVICE).await;
        let a = common::valid_answers(&f);
        let e = Envelope {
            id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
            service: SERVICE.into(),
            form_version: f.version,
            answers: a,
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
}

struct Cast {
    anonymous: Who,
    citizen: Who,
    other_agency: Who,
    officer: Who,
    admin: Who,
    officer_id: String,
}

async fn cast(env: &Env) -> Cast {
    let mut nothing: &[u8] = b"";
    cli::create_admin(
        &env.pool,
        "root@loket.go.id",
        Some("rahasia negara 1945".into()),
        &mut nothing,
    )
    .await
    .unwrap();
    let mut root = env
        .signed_in("root@loket.go.id", "rahasia negara 1945")
        .await;
    for (login, role, agency) in [
        ("admin@dukcapil.go.id", "agency_admin", "dukcapil"),
        ("petugas@polri.go.id", "officer", "polri"),
    ] {
        let r = env.post(&mut root, "/api/staff/invite", json!({ "login": login, "temporary_password": PASSWORD, "role": role, "agency": agency })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let mut admin = env.first_sign_in("admin@dukcapil.go.id").await;
    let r = env
        .post(
            &mut admin,
            "/api/staff/invite",
            json!({ "login": "petugas@dukcapil.go.id", "temporary_password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut citizen = Who::default();
    let r = env
        .post(
            &mut citizen,
            "/api/auth/sign-up",
            json!({ "login": "warga@contoh.id", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let officer_id: String =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT id FROM accounts WHERE login = 'petugas@dukcapil.go.id'")
            .fetch_one(p)
            .await)
            .unwrap();
    Cast {
        anonymous: Who::default(),
        citizen,
        other_agency: env.first_sign_in("petugas@polri.go.id").await,
        officer: env.first_sign_in("petugas@dukcapil.go.id").await,
        admin,
        officer_id,
    }
}

fn leaks(body: &str, r: &Receipt) -> bool {
    body.contains(&r.reference.to_string())
        || body.contains("Siti")
        || body.contains("3171050512900001")
}

#[tokio::test]
async fn each_role_gets_exactly_what_it_should() {
    let env = Env::new().await;
    let mut c = cast(&env).await;
    let r = env.submit(1).await;
    let id = r.id.clone();
    let staff_calls: Vec<(&str, Value)> = vec![
        ("/api/staff/queue", json!({ "filter": {} })),
        ("/api/staff/request", json!({ "id": id })),
        ("/api/staff/dashboard", json!({})),
    ];
    // Anonymous and a citizen: no back office at all (401 / 403), and nothing of the request.
    for (who, status) in [
        (&mut c.anonymous, StatusCode::UNAUTHORIZED),
        (&mut c.citizen, StatusCode::FORBIDDEN),
    ] {
        for (path, body) in &staff_calls {
            let reply = env.post(who, path, body.clone()).await;
            assert_eq!(reply.status, status, "{path}: {}", reply.body);
            assert!(!leaks(&reply.body, &r), "{path}: {}", reply.body);
        }
        let act = env
            .form(
                who,
                "/api/staff/act",
                &[("id", &id), ("action", "receive"), ("note", "x")],
            )
            .await;
        assert_eq!(act.status, status, "{}", act.body);
        let assign = env
            .form(who, "/api/staff/assign", &[("id", &id), ("to", "me")])
            .await;
        assert_eq!(assign.status, status, "{}", assign.body);
    }
    // Staff of another agency: their queue and dashboard are their own (without this request);
    // this request is "not found", exactly like one that does not exist.
    let q = env
        .post(
            &mut c.other_agency,
            "/api/staff/queue",
            json!({ "filter": {} }),
        )
        .await;
    assert_eq!((q.status, q.json()), (StatusCode::OK, json!([])));
    let d = env
        .post(&mut c.other_agency, "/api/staff/dashboard", json!({}))
        .await;
    assert_eq!(d.status, StatusCode::OK);
    let rows = d.json();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row["agency"], json!("polri"), "{row}");
        assert_eq!(row["received"], json!("Withheld"), "{row}");
        assert_ne!(row["service"], json!(SERVICE));
    }
    for (path, fields) in [
        (
            "/api/staff/act",
            vec![("id", id.as_str()), ("action", "receive"), ("note", "x")],
        ),
        ("/api/staff/assign", vec![("id", id.as_str()), ("to", "me")]),
    ] {
        let reply = env.form(&mut c.other_agency, path, &fields).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            reply.body
        );
        assert!(!leaks(&reply.body, &r));
    }
    let other = env
        .post(
            &mut c.other_agency,
            "/api/staff/request",
            json!({ "id": id }),
        )
        .await;
    let missing = env
        .post(
            &mut c.other_agency,
            "/api/staff/request",
            json!({ "id": "01936f3e-8b2a-7cde-9f01-0000000000ff" }),
        )
        .await;
    assert_eq!(
        (other.status, other.body.clone()),
        (missing.status, missing.body),
        "another agency's request looks like none at all"
    );
    let unchanged: String = common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(unchanged, "submitted", "no refused call changed anything");

    // The officer and the agency admin of the request's agency see it and may work on it.
    for who in [&mut c.officer, &mut c.admin] {
        let q = env
            .post(who, "/api/staff/queue", json!({ "filter": {} }))
            .await;
        assert_eq!(q.status, StatusCode::OK);
        assert_eq!(q.json()[0]["id"], json!(id));
        let one = env
            .post(who, "/api/staff/request", json!({ "id": id }))
            .await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.body);
        assert!(one.body.contains("Siti Aminah"));
    }
    // An officer claims for themself but may not hand a request to someone else; the admin may.
    let mine = env
        .form(
            &mut c.officer,
            "/api/staff/assign",
            &[("id", &id), ("to", "me")],
        )
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    let to_other = env
        .form(
            &mut c.officer,
            "/api/staff/assign",
            &[("id", &id), ("to", "someone-else")],
        )
        .await;
    assert_eq!(to_other.status, StatusCode::FORBIDDEN);
    let by_admin = env
        .form(
            &mut c.admin,
            "/api/staff/assign",
            &[("id", &id), ("to", &c.officer_id)],
        )
        .await;
    assert_eq!(by_admin.status, StatusCode::OK, "{}", by_admin.body);

    // Attachments: only staff of the agency whose request names the file.
    let file = format!("/staff/berkas/{}", common::PHOTO);
    for (who, status) in [
        (&mut c.anonymous, StatusCode::UNAUTHORIZED),
        (&mut c.citizen, StatusCode::FORBIDDEN),
        (&mut c.other_agency, StatusCode::NOT_FOUND),
    ] {
        let reply = env.call(who, "GET", &file, None).await;
        assert_eq!(reply.status, status, "{}", reply.body);
        assert!(reply.body.len() < 100, "no file in a refusal");
    }
    for who in [&mut c.officer, &mut c.admin] {
        let reply = env.call(who, "GET", &file, None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.body.len(), 1000);
    }

    // Citizen paths: a key (the receipt's token) opens the request, nothing else does.
    let key = json!({ "id": id, "token": r.token });
    let forged = json!({ "id": id, "token": "0".repeat(32) });
    for who in [
        &mut c.anonymous,
        &mut c.citizen,
        &mut c.other_agency,
        &mut c.officer,
    ] {
        let with = env
            .post(
                who,
                "/api/requests/updates",
                json!({ "since": 0, "keys": [key] }),
            )
            .await;
        assert_eq!(with.json()["changed"][0]["id"], json!(id));
        let without = env
            .post(
                who,
                "/api/requests/updates",
                json!({ "since": 0, "keys": [forged] }),
            )
            .await;
        assert_eq!(
            without.json(),
            json!({ "changed": [], "cursor": 0 }),
            "a wrong key shows nothing, staff included"
        );
        let cancel = env
            .post(who, "/api/requests/cancel", json!({ "key": forged }))
            .await;
        assert_eq!(cancel.status, StatusCode::NOT_FOUND);
        assert!(!leaks(&cancel.body, &r));
    }
    // Answering "more information needed" needs the key too (and a request that asks for it).
    let f: FormSchema = app::store::catalogue::service(&env.pool, SERVICE)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap()
        .schema()
        .unwrap();
    let again = Envelope {
        id: id.clone(),
        service: SERVICE.into(),
        form_version: f.version,
        answers: Answers::new(),
        expect: None,
    };
    let answer = env
        .post(
            &mut c.other_agency,
            "/api/requests/answer",
            json!({ "key": forged, "envelope": again }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(!leaks(&answer.body, &r));

    // Claiming: only a signed-in citizen, only with the key; then it follows the account.
    assert_eq!(
        env.post(
            &mut c.anonymous,
            "/api/requests/claim",
            json!({ "keys": [key] })
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        env.post(
            &mut c.officer,
            "/api/requests/claim",
            json!({ "keys": [key] })
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        env.post(
            &mut c.citizen,
            "/api/requests/claim",
            json!({ "keys": [forged] })
        )
        .await
        .json(),
        json!(0)
    );
    assert_eq!(
        env.post(
            &mut c.citizen,
            "/api/requests/claim",
            json!({ "keys": [key] })
        )
        .await
        .json(),
        json!(1)
    );
    let owned = env
        .post(
            &mut c.citizen,
            "/api/requests/updates",
            json!({ "since": 0, "keys": [] }),
        )
        .await;
    assert_eq!(
        owned.json()["changed"][0]["id"],
        json!(id),
        "claimed: the account sees it without the key"
    );
    let others = env
        .post(
            &mut c.anonymous,
            "/api/requests/updates",
            json!({ "since": 0, "keys": [] }),
        )
        .await;
    assert_eq!(others.json()["changed"], json!([]));
}

#[tokio::test]
async fn the_workflow_through_the_back_office_is_audited_and_reaches_the_citizen() {
    let env = Env::new().await;
    let mut c = cast(&env).await;
    let r = env.submit(2).await;
    let id = r.id.clone();
    let step =
        |action: &'static str, note: &'static str, internal: &'static str| (action, note, internal);
    for (action, note, internal) in [
        step("receive", "Berkas diterima.", ""),
        step("review", "", "mulai cek"),
        step(
            "ask_info",
            "Mohon unggah foto KK yang lebih jelas.",
            "foto buram",
        ),
    ] {
        let reply = env
            .form(
                &mut c.officer,
                "/api/staff/act",
                &[
                    ("id", &id),
                    ("action", action),
                    ("note", note),
                    ("internal_note", internal),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.body);
    }
    // Not along the machine: refused (409), nothing changes.
    let wrong = env
        .form(
            &mut c.officer,
            "/api/staff/act",
            &[("id", &id), ("action", "complete"), ("note", "")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::CONFLICT, "{}", wrong.body);
    // Asking for information needs words for the citizen.
    let mute = env
        .form(
            &mut c.admin,
            "/api/staff/act",
            &[("id", &id), ("action", "ask_info"), ("note", "  ")],
        )
        .await;
    assert!(mute.status.is_client_error());
    // The citizen sees the status and the note, never the internal notes.
    let seen = env
        .post(
            &mut c.anonymous,
            "/api/requests/updates",
            json!({ "since": 0, "keys": [{ "id": id, "token": r.token }] }),
        )
        .await;
    let view = &seen.json()["changed"][0];
    assert_eq!(view["status"], json!("needs_info"));
    assert_eq!(
        view["timeline"][3]["note"],
        json!("Mohon unggah foto KK yang lebih jelas.")
    );
    assert!(!seen.body.contains("foto buram") && !seen.body.contains("mulai cek"));
    // The request page shows the audit trail: who, what, before and after.
    let page = env
        .post(&mut c.admin, "/api/staff/request", json!({ "id": id }))
        .await
        .json();
    let audit = page["audit"].as_array().unwrap();
    assert_eq!(audit.len(), 3);
    assert_eq!(audit[2]["actor"], json!("petugas@dukcapil.go.id"));
    assert_eq!(audit[2]["action"], json!("request.ask_info"));
    assert!(
        audit[2]["before"].as_str().unwrap().contains("in_review")
            && audit[2]["after"].as_str().unwrap().contains("needs_info")
    );
    assert!(
        common::on_db!(&env.pool, p => sqlx::query("DELETE FROM audit_log")
            .execute(p)
            .await.map(|r| r.rows_affected()))
        .is_err(),
        "append-only"
    );

    // Service levels: a request past its due date is overdue in the queue's filter and on the
    // dashboard; completed ones give the median working days (shown from 5 requests on).
    common::on_db!(&env.pool, p => sqlx::query("UPDATE requests SET due_date = '2020-01-06' WHERE id = $1")
        .bind(&id)
        .execute(p)
        .await.map(|r| r.rows_affected()))
        .unwrap();
    let overdue = env
        .post(
            &mut c.officer,
            "/api/staff/queue",
            json!({ "filter": { "overdue": true } }),
        )
        .await
        .json();
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    for n in 3..8 {
        let other = env.submit(n).await;
        for action in ["receive", "review", "approve", "complete"] {
            let reply = env
                .form(
                    &mut c.officer,
                    "/api/staff/act",
                    &[("id", &other.id), ("action", action), ("note", "")],
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.body);
        }
        if n == 3 {
            // Two requests: nothing is shown yet (fewer than 5 behind each figure).
            let w = json!("Withheld");
            let all_withheld =
                json!({ "received": w, "open": w, "overdue": w, "completed": w, "median_days": w });
            assert_eq!(dashboard_row(&env, &mut c.admin).await, all_withheld);
        }
    }
    assert_eq!(
        dashboard_row(&env, &mut c.admin).await,
        json!({ "received": { "Value": 6 }, "open": { "Value": 1 }, "overdue": { "Value": 1 },
                "completed": { "Value": 5 }, "median_days": { "Value": 0 } })
    );
    let none = env
        .post(
            &mut c.officer,
            "/api/staff/queue",
            json!({ "filter": { "overdue": true, "status": "completed" } }),
        )
        .await
        .json();
    assert_eq!(none, json!([]), "a completed request is never overdue");
}

/// The dashboard's figures of [`SERVICE`] that the workflow test reads.
async fn dashboard_row(env: &Env, who: &mut Who) -> Value {
    let rows = env
        .post(who, "/api/staff/dashboard", json!({}))
        .await
        .json();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service"] == json!(SERVICE))
        .cloned()
        .unwrap();
    let pick = |k: &str| row[k].clone();
    json!({ "received": pick("received"), "open": pick("open"), "overdue": pick("overdue"),
            "completed": pick("completed"), "median_days": pick("median_days") })
}

#[tokio::test]
async fn submissions_from_one_address_are_limited() {
    let env = Env::with_submit_limit(3).await;
    for n in 0..3 {
        env.submit(100 + n).await;
    }
    let f: FormSchema = app::store::catalogue::service(&env.pool, SERVICE)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap()
        .schema()
        .unwrap();
    let e = Envelope {
        id: "01936f3e-8b2a-7cde-9f01-0000000000aa".into(),
        service: SERVICE.into(),
        form_version: f.version,
        answers: Answers::new(),
        expect: None,
    };
    let reply = env
        .post(
            &mut Who::default(),
            "/api/requests/submit",
            json!({ "envelope": e }),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.body
    );
    let stored: i64 =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM requests")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(stored, 3);
}

#[tokio::test]
async fn property_the_server_functions_never_leave_the_status_machine() {
    use app::domain::status::{next, Action, Actor, Status};
    let env = Env::new().await;
    let mut c = cast(&env).await;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut below = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for n in 0..4 {
        let r = env.submit(200 + n).await;
        let mut status = Status::Submitted;
        for _ in 0..20 {
            let action = Action::ALL[below(Action::ALL.len() as u64) as usize];
            let code = serde_json::to_value(action)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            // Each action through the server function its actor has: staff act; the citizen
            // cancels with the key (answers are covered by the workflow test).
            let (actor, reply) = match action {
                Action::Cancel => (
                    Actor::Citizen,
                    env.post(
                        &mut c.anonymous,
                        "/api/requests/cancel",
                        json!({ "key": { "id": r.id, "token": r.token } }),
                    )
                    .await,
                ),
                Action::Answer => continue,
                _ => (
                    Actor::Staff,
                    env.form(
                        &mut c.officer,
                        "/api/staff/act",
                        &[("id", &r.id), ("action", &code), ("note", "catatan")],
                    )
                    .await,
                ),
            };
            match next(status, action, actor) {
                Ok(to) => {
                    assert_eq!(
                        reply.status,
                        StatusCode::OK,
                        "{status:?} --{action:?}--> {to:?}: {}",
                        reply.body
                    );
                    status = to;
                }
                Err(_) => assert!(
                    reply.status.is_client_error(),
                    "{status:?} --{action:?}: {} {}",
                    reply.status,
                    reply.body
                ),
            }
            let stored: String = common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
                .bind(&r.id)
                .fetch_one(p)
                .await)
                .unwrap();
            assert_eq!(stored, status.code());
        }
    }
}
