//! The satisfaction survey (issue 11) through the real router on a real SQLite file: a closed
//! request's survey stored exactly once, the walk-in form (idempotent, limited per address),
//! expectations at submission, the staff's IKM page (aggregates only, at least five answers,
//! only their agency's), the QR code, and bad input to every new endpoint refused with nothing
//! stored.

mod common;

use app::domain::skm::Expectation;
use app::domain::submission::{Envelope, Receipt};
use axum::http::StatusCode;
use common::client::{Reply, Who};
use serde_json::{json, Value};
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

    async fn call_from(
        &self,
        peer: &str,
        who: &mut Who,
        method: &str,
        path: &str,
        body: Option<(&str, String)>,
    ) -> Reply {
        common::client::call(&self.app, peer, who, method, path, body).await
    }

    async fn get(&self, who: &mut Who, path: &str) -> Reply {
        self.call_from("203.0.113.7:5000", who, "GET", path, None)
            .await
    }

    async fn post(&self, who: &mut Who, path: &str, body: Value) -> Reply {
        let body = Some(("application/json", body.to_string()));
        self.call_from("203.0.113.7:5000", who, "POST", path, body)
            .await
    }

    async fn form_from(&self, peer: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = common::client::form_body(fields);
        let body = Some(("application/x-www-form-urlencoded", body));
        self.call_from(peer, &mut Who::default(), "POST", path, body)
            .await
    }

    async fn staff_form(&self, who: &mut Who, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = common::client::form_body(fields);
        let body = Some(("application/x-www-form-urlencoded", body));
        self.call_from("203.0.113.7:5000", who, "POST", path, body)
            .await
    }

    async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let body = json!({ "login": login, "password": password });
        let r = self.post(&mut w, "/api/auth/sign-in", body).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }

    async fn first_sign_in(&self, login: &str) -> Who {
        let mut w = self.signed_in(login, PASSWORD).await;
        let body = json!({ "current_password": PASSWORD, "new_password": OWN_PASSWORD });
        let r = self.post(&mut w, "/api/auth/change-password", body).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }

    /// An officer of Dukcapil and one of Polri, signed in.
    async fn officers(&self) -> (Who, Who) {
        let mut nothing: &[u8] = b"";
        let root_pw = "rahasia negara 1945";
        cli::create_admin(
            &self.pool,
            "root@loket.go.id",
            Some(root_pw.into()),
            &mut nothing,
        )
        .await
        .unwrap();
        let mut root = self.signed_in("root@loket.go.id", root_pw).await;
        for (login, agency) in [
            ("petugas@dukcapil.go.id", "dukcapil"),
            ("petugas@polri.go.id", "polri"),
        ] {
            let body = json!({ "login": login, "temporary_password": PASSWORD, "role": "officer", "agency": agency });
            let r = self.post(&mut root, "/api/staff/invite", body).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        (
            self.first_sign_in("petugas@dukcapil.go.id").await,
            self.first_sign_in("petugas@polri.go.id").await,
        )
    }

    async fn submit(&self, n: u64, expect: Option<Expectation>) -> Reply {
        let f = common::form(&self.pool, SERVICE).await;
        let e = Envelope {
            id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
            service: SERVICE.into(),
            form_version: f.version,
            answers: common::valid_answers(&f),
            expect,
        };
        common::uploaded(&self.pool, &e.id).await;
        self.post(
            &mut Who::default(),
            "/api/requests/submit",
            json!({ "envelope": e }),
        )
        .await
    }

    async fn receipt(&self, n: u64, expect: Option<Expectation>) -> Receipt {
        let r = self.submit(n, expect).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        serde_json::from_str(&r.body).unwrap()
    }

    /// Takes a request through the back office to *Selesai*.
    async fn complete(&self, officer: &mut Who, id: &str) {
        for action in ["receive", "review", "approve", "complete"] {
            let fields = [("id", id), ("action", action), ("note", "")];
            let r = self.staff_form(officer, "/api/staff/act", &fields).await;
            assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
        }
    }

    async fn answer(&self, r: &Receipt, id: &str, answers: Value) -> Reply {
        let key = json!({ "id": r.id, "token": r.token });
        let body = json!({ "key": key, "id": id, "answers": answers });
        self.post(&mut Who::default(), "/api/survey/answer", body)
            .await
    }

    async fn rows(&self) -> i64 {
        common::on_db!(&self.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM survey_answers")
            .fetch_one(p)
            .await)
        .unwrap()
    }

    /// A walk-in answer from `peer`: `values` for u1…u9 (an empty value is left out).
    async fn walk_in(&self, peer: &str, id: &str, values: [&str; 9]) -> Reply {
        let names = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"];
        let mut fields = vec![("service", SERVICE), ("id", id)];
        fields.extend(
            names
                .iter()
                .zip(values)
                .filter(|(_, v)| !v.is_empty())
                .map(|(n, v)| (*n, v)),
        );
        self.form_from(peer, "/api/survey/walk-in-form", &fields)
            .await
    }
}

/// A survey id (UUIDv7) numbered `n`.
fn sid(n: u64) -> String {
    format!("01936f3e-8b2a-7cde-af01-{n:012x}")
}

#[tokio::test]
async fn a_closed_request_takes_one_survey_stored_exactly_once() {
    let env = Env::new().await;
    let (mut officer, _) = env.officers().await;
    let r = env.receipt(1, None).await;
    let nine = json!([4, 3, 3, 4, 3, 4, 4, 3, 2]);
    // Not closed yet: refused, nothing stored.
    let early = env.answer(&r, &sid(1), nine.clone()).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert_eq!(env.rows().await, 0);
    env.complete(&mut officer, &r.id).await;
    let first = env.answer(&r, &sid(1), nine.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    // Sent again (the phone never heard the answer): the same answer, nothing new.
    let again = env.answer(&r, &sid(1), nine.clone()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(env.rows().await, 1);
    // The same id with other answers, or another survey of the same request: conflicts.
    let other = env
        .answer(&r, &sid(1), json!([1, 1, 1, 1, 1, 1, 1, 1, 1]))
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.body);
    let second = env.answer(&r, &sid(2), nine).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(env.rows().await, 1);
    // The row names no request, and its key is not the id the phone sent.
    let (key, answers): (String, String) =
        common::on_db!(&env.pool, p => sqlx::query_as("SELECT key, answers FROM survey_answers")
            .fetch_one(p)
            .await)
        .unwrap();
    assert_eq!(answers, "[4,3,3,4,3,4,4,3,2]");
    assert!(!key.contains(&sid(1)[..8]) && key.len() == 64);
}

#[tokio::test]
async fn bad_input_to_the_phone_survey_is_refused_and_nothing_stored() {
    let env = Env::new().await;
    let (mut officer, _) = env.officers().await;
    let r = env.receipt(1, None).await;
    env.complete(&mut officer, &r.id).await;
    let wrong_key = Receipt {
        token: "A".repeat(32),
        ..r.clone()
    };
    let cases: Vec<(Reply, StatusCode)> = vec![
        (
            env.answer(&wrong_key, &sid(1), json!(vec![4; 9])).await,
            StatusCode::NOT_FOUND,
        ),
        (
            env.answer(&r, "not-a-uuid", json!(vec![4; 9])).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.answer(&r, &sid(1), json!(vec![4; 8])).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.answer(&r, &sid(1), json!(vec![4; 10])).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.answer(&r, &sid(1), json!([4, 4, 5, 4, 4, 4, 4, 4, 4]))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.answer(&r, &sid(1), json!([0, 4, 4, 4, 4, 4, 4, 4, 4]))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.answer(&r, &sid(1), json!("4444")).await,
            StatusCode::BAD_REQUEST,
        ),
        (
            env.answer(&r, &sid(1), json!([-1, 4, 4, 4, 4, 4, 4, 4, 4]))
                .await,
            StatusCode::BAD_REQUEST,
        ),
        (
            env.post(&mut Who::default(), "/api/survey/answer", json!({}))
                .await,
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (i, (reply, want)) in cases.iter().enumerate() {
        assert_eq!(reply.status, *want, "case {i}: {}", reply.body);
        assert!(!reply.body.is_empty(), "case {i}: a refusal says why");
    }
    // A refusal of the answers names each bad unsur.
    let named = env.answer(&r, &sid(1), json!([4, 4, 5])).await;
    for u in ["u3", "u4", "u9"] {
        assert!(named.body.contains(u), "{u}: {}", named.body);
    }
    assert_eq!(env.rows().await, 0);
    let marked: i64 =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM surveyed_requests")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(marked, 0);
}

#[tokio::test]
async fn expectations_are_stored_with_the_request_and_old_phones_keep_working() {
    let env = Env::new().await;
    let hope = Expectation {
        days: Some(14),
        cost: Some(0),
        ready: Some(3),
    };
    env.receipt(1, Some(hope)).await;
    env.receipt(2, None).await;
    let stored: Vec<(Option<i64>, Option<i64>, Option<i64>)> =
        common::on_db!(&env.pool, p => sqlx::query_as(
        "SELECT expected_days, expected_cost, expected_ready FROM requests ORDER BY id",
    )
    .fetch_all(p)
    .await)
        .unwrap();
    assert_eq!(stored, [(Some(14), Some(0), Some(3)), (None, None, None)]);
    // The same envelope again is the same request; other expectations under its id conflict.
    assert_eq!(env.submit(1, Some(hope)).await.status, StatusCode::OK);
    let changed = Expectation {
        days: Some(5),
        ..hope
    };
    assert_eq!(
        env.submit(1, Some(changed)).await.status,
        StatusCode::CONFLICT
    );
    // Out of range: 422 naming the field, and no request stored.
    for (n, bad, field) in [
        (
            3,
            Expectation {
                days: Some(366),
                ..hope
            },
            "expect_days",
        ),
        (
            4,
            Expectation {
                cost: Some(2_000_000_000),
                ..hope
            },
            "expect_cost",
        ),
        (
            5,
            Expectation {
                ready: Some(5),
                ..hope
            },
            "expect_ready",
        ),
        (
            6,
            Expectation {
                ready: Some(0),
                ..hope
            },
            "expect_ready",
        ),
    ] {
        let r = env.submit(n, Some(bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(field), "{}", r.body);
    }
    assert_eq!(app::store::requests::count(&env.pool).await.unwrap(), 2);
}

#[tokio::test]
async fn staff_see_a_requests_expectation_beside_what_happened() {
    let env = Env::new().await;
    let (mut officer, _) = env.officers().await;
    let hope = Expectation {
        days: Some(14),
        cost: Some(50_000),
        ready: Some(3),
    };
    let with = env.receipt(1, Some(hope)).await;
    let without = env.receipt(2, None).await;
    env.complete(&mut officer, &with.id).await;
    let page = env
        .get(&mut officer, &format!("/staff/permohonan/{}", with.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Completed today: 0 working days against the 14 expected; the free service's cost is 0.
    assert!(
        page.body.contains("data-testid=\"expect-days\">14 / 0<"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Rp50.000 / Rp0"), "{}", page.body);
    assert!(page.body.contains(">Siap<"), "{}", page.body);
    let page = env
        .get(&mut officer, &format!("/staff/permohonan/{}", without.id))
        .await;
    assert!(!page.body.contains("staff-expect"), "{}", page.body);
}

#[tokio::test]
async fn the_walk_in_survey_is_a_page_and_a_form_stored_once_and_limited_per_address() {
    let env = Env::new().await;
    let page = env
        .get(&mut Who::default(), &format!("/survei/{SERVICE}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("action=\"/api/survey/walk-in-form\""));
    assert!(page.body.contains("Waktu Penyelesaian") && page.body.contains("Dikelola dengan baik"));
    assert_eq!(page.body.matches("type=\"radio\"").count(), 36);
    let unknown = env.get(&mut Who::default(), "/survei/tidak-ada").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let all4 = ["4"; 9];
    let peer = "198.51.100.1:4000";
    assert_eq!(
        env.walk_in(peer, &sid(1), all4).await.status,
        StatusCode::OK
    );
    assert_eq!(
        env.walk_in(peer, &sid(1), all4).await.status,
        StatusCode::OK
    );
    assert_eq!(
        env.rows().await,
        1,
        "the same form sent twice is one answer"
    );
    let other = env.walk_in(peer, &sid(1), ["1"; 9]).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.body);
    // 30 an hour per address (three tries are spent above).
    for n in 2..=28 {
        let r = env.walk_in(peer, &sid(n), all4).await;
        assert_eq!(r.status, StatusCode::OK, "{n}: {}", r.body);
    }
    let over = env.walk_in(peer, &sid(99), all4).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    let elsewhere = env.walk_in("198.51.100.2:4000", &sid(100), all4).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
    assert_eq!(env.rows().await, 29);
}

#[tokio::test]
async fn bad_walk_in_answers_are_refused_and_nothing_stored() {
    let env = Env::new().await;
    let peer = "198.51.100.3:4000";
    let mut missing = ["4"; 9];
    missing[2] = "";
    let mut five = ["4"; 9];
    five[8] = "5";
    let mut word = ["4"; 9];
    word[0] = "<b>";
    let cases = [
        (
            env.walk_in(peer, &sid(1), missing).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.walk_in(peer, &sid(1), five).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.walk_in(peer, &sid(1), word).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.walk_in(peer, "x", ["4"; 9]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            env.form_from(
                peer,
                "/api/survey/walk-in-form",
                &[("service", "tidak-ada"), ("id", &sid(1))],
            )
            .await,
            StatusCode::NOT_FOUND,
        ),
        (
            env.form_from(
                peer,
                "/api/survey/walk-in-form",
                &[("service", "../x"), ("id", &sid(1))],
            )
            .await,
            StatusCode::NOT_FOUND,
        ),
        (
            env.form_from(peer, "/api/survey/walk-in-form", &[]).await,
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (i, (reply, want)) in cases.iter().enumerate() {
        assert_eq!(reply.status, *want, "case {i}: {}", reply.body);
    }
    // A client that is not a browser page is told which answers are wrong.
    assert!(cases[0].0.body.contains("\"u3\"") && cases[1].0.body.contains("\"u9\""));
    assert!(cases[3].0.body.contains("bad_id"), "{}", cases[3].0.body);
    // From a browser's page, the form comes back naming what is missing.
    let body = common::client::form_body(&[("service", SERVICE), ("id", &sid(1)), ("u1", "4")]);
    let req = axum::http::Request::post("/api/survey/walk-in-form")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body(axum::body::Body::from(body))
        .unwrap();
    let mut req = req;
    req.extensions_mut().insert(axum::extract::ConnectInfo(
        "198.51.100.4:1".parse::<std::net::SocketAddr>().unwrap(),
    ));
    let res = tower::ServiceExt::oneshot(env.app.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        to,
        format!("/survei/{SERVICE}?gagal=u2,u3,u4,u5,u6,u7,u8,u9")
    );
    let back = env.get(&mut Who::default(), &to).await;
    assert!(back.body.contains("survey-error") && back.body.contains("href=\"#f-u2\""));
    assert_eq!(env.rows().await, 0);
}

#[tokio::test]
async fn staff_see_the_ikm_only_from_five_answers_and_only_of_their_agency() {
    let env = Env::new().await;
    let (mut officer, mut polri) = env.officers().await;
    // One citizen answers through the app: the officer sees no figure of it anywhere.
    let hope = Expectation {
        days: Some(1),
        cost: Some(10_000),
        ready: Some(4),
    };
    let r = env.receipt(1, Some(hope)).await;
    env.complete(&mut officer, &r.id).await;
    let mine = env
        .answer(&r, &sid(1), json!([4, 4, 4, 4, 4, 4, 4, 4, 1]))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    for path in [
        "/staff/ikm".to_string(),
        format!("/staff/permohonan/{}", r.id),
        "/staff/dasbor".into(),
    ] {
        let page = env.get(&mut officer, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains("ikm-value"),
            "{path}: no IKM from one answer"
        );
        assert!(
            !page.body.contains("[4,4,4,4,4,4,4,4,1]"),
            "{path}: never the answers"
        );
    }
    let page = env.get(&mut officer, "/staff/ikm").await;
    assert!(page.body.contains("ikm-too-few"));
    // Four walk-in answers more: five in all, the IKM shows.
    for n in 2..=5 {
        let r = env.walk_in("198.51.100.9:1", &sid(n), ["4"; 9]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let page = env.get(&mut officer, "/staff/ikm").await;
    // (5 × 36 − 3) × 2500 / 45 = 9833.33 → 98,33, A.
    assert!(page.body.contains(">98,33<"), "{}", page.body);
    assert!(page.body.contains("data-testid=\"ikm-grade\">A"));
    // Five answers against the sample one request of the period needs.
    assert!(page.body.contains("data-testid=\"ikm-sample\">5 / 1<"));
    // Another agency's officer sees none of it, and the period chooser reads only its codes.
    let theirs = env.get(&mut polri, "/staff/ikm?periode=%3Cscript%3E").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.body.contains("ikm-value") && !theirs.body.contains(SERVICE));
    assert!(!theirs.body.contains("<script>"));
    // Signed out: the sign-in form, no figures.
    let out = env.get(&mut Who::default(), "/staff/ikm").await;
    assert!(!out.body.contains("ikm-"), "{}", out.body);
}

#[tokio::test]
async fn gaps_show_beside_the_ikm_from_five_requests_with_expectations() {
    let env = Env::new().await;
    let (mut officer, _) = env.officers().await;
    let hope = Expectation {
        days: Some(3),
        cost: Some(50_000),
        ready: Some(2),
    };
    for n in 1..=5 {
        let r = env.receipt(n, Some(hope)).await;
        env.complete(&mut officer, &r.id).await;
    }
    let page = env.get(&mut officer, "/staff/ikm").await;
    // Completed the day they came: 0 − 3 working days; akta kelahiran is free: 0 − 50,000.
    assert!(page.body.contains("ikm-gap-days\">−3,0<"), "{}", page.body);
    assert!(
        page.body.contains("ikm-gap-cost\">−Rp50.000<"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_counter_gets_a_qr_code_of_the_survey_page() {
    let env = Env::new().await;
    let r = env
        .get(&mut Who::default(), &format!("/survei/{SERVICE}/qr.svg"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with("<?xml") && r.body.contains("<svg"));
    let bad = env.get(&mut Who::default(), "/survei/..%2Fx/qr.svg").await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    // A Host that is not a plain host name is never put into a code.
    let req = axum::http::Request::get(format!("/survei/{SERVICE}/qr.svg"))
        .header("host", "evil.example/\"><script>")
        .body(axum::body::Body::empty())
        .unwrap();
    let mut req = req;
    req.extensions_mut().insert(axum::extract::ConnectInfo(
        "198.51.100.4:1".parse::<std::net::SocketAddr>().unwrap(),
    ));
    let res = tower::ServiceExt::oneshot(env.app.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
