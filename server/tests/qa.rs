//! Questions on a service through the real router on a real SQLite file: personal data and
//! bad input refused with a clear 4xx and nothing stored, a retried item stored once, who may
//! answer officially, accept and hide (staff of the question's agency only), hiding written to
//! the audit log, the agency's queue and the public list.

mod common;

use common::client::{Reply, Who};

use axum::http::StatusCode;
use serde_json::{json, Value};
use server::{cli, http};

const SERVICE: &str = "akta-kelahiran"; // Dukcapil
const PASSWORD: &str = "kopi tubruk pagi";
const OWN_PASSWORD: &str = "teh manis sore hari";
const FORM: &str = "application/x-www-form-urlencoded";

struct Env {
    _dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
}

impl Env {
    async fn new() -> Env {
        let (dir, pool) = common::database().await;
        let serve = common::serve(dir.path());
        let app = http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
        Env {
            _dir: dir,
            pool,
            app,
        }
    }

    async fn post_json(&self, who: &mut Who, path: &str, body: Value) -> Reply {
        let body = Some(("application/json", body.to_string()));
        common::client::call(&self.app, "203.0.113.7:5000", who, "POST", path, body).await
    }

    /// A server function called by the phone's code (URL-encoded, JSON back).
    async fn post(&self, who: &mut Who, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = Some((FORM, common::client::form_body(fields)));
        common::client::call(&self.app, "203.0.113.7:5000", who, "POST", path, body).await
    }

    async fn signed_in(&self, login: &str, password: &str) -> Who {
        let mut w = Who::default();
        let r = self
            .post_json(
                &mut w,
                "/api/auth/sign-in",
                json!({ "login": login, "password": password }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }

    async fn first_sign_in(&self, login: &str) -> Who {
        let mut w = self.signed_in(login, PASSWORD).await;
        let body = json!({ "current_password": PASSWORD, "new_password": OWN_PASSWORD });
        let r = self
            .post_json(&mut w, "/api/auth/change-password", body)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
        w
    }

    async fn count(&self, table: &str) -> i64 {
        common::on_db!(&self.pool, p => sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(p)
            .await)
        .unwrap()
    }

    async fn ask(&self, who: &mut Who, id: &str, body: &str) -> Reply {
        let f = [("id", id), ("service", SERVICE), ("body", body)];
        self.post(who, "/api/qa/ask", &f).await
    }

    async fn answer(&self, who: &mut Who, id: &str, q: &str, body: &str, official: bool) -> Reply {
        let mut f = vec![("id", id), ("question", q), ("body", body)];
        if official {
            f.push(("official", "1"));
        }
        self.post(who, "/api/qa/answer", &f).await
    }
}

/// An officer of Dukcapil (the service's agency) and one of Polri.
async fn staff(env: &Env) -> (Who, Who) {
    let mut nothing: &[u8] = b"";
    let root_password = Some("rahasia negara 1945".into());
    cli::create_admin(&env.pool, "root@loket.go.id", root_password, &mut nothing)
        .await
        .unwrap();
    let mut root = env
        .signed_in("root@loket.go.id", "rahasia negara 1945")
        .await;
    for (login, agency) in [
        ("petugas@dukcapil.go.id", "dukcapil"),
        ("petugas@polri.go.id", "polri"),
    ] {
        let body = json!({ "login": login, "temporary_password": PASSWORD, "role": "officer", "agency": agency });
        let r = env.post_json(&mut root, "/api/staff/invite", body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    (
        env.first_sign_in("petugas@dukcapil.go.id").await,
        env.first_sign_in("petugas@polri.go.id").await,
    )
}

fn id(n: u64) -> String {
    format!("01936f3e-8b2a-7cde-9f01-{n:012x}")
}

#[tokio::test]
async fn personal_data_is_refused_by_kind_never_echoed_and_nothing_is_stored() {
    let env = Env::new().await;
    let mut citizen = Who::default();
    let cases = [
        (
            "NIK saya 3201 0101 0190 0001, bisa diwakilkan?",
            "NIK",
            "3201",
        ),
        (
            "Tolong hubungi 0812-3456-7890 kalau sudah",
            "nomor HP",
            "7890",
        ),
        (
            "Balas ke budi.santoso@contoh.co.id ya",
            "alamat email",
            "santoso",
        ),
    ];
    for (n, (text, named, secret)) in cases.iter().enumerate() {
        let r = env.ask(&mut citizen, &id(n as u64), text).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains(named), "names what was found: {}", r.body);
        assert!(!r.body.contains(secret), "never echoes it: {}", r.body);
        let en = r.json()["Refused"]["en"].as_str().unwrap_or("").to_string();
        assert!(en.contains("public"), "English too: {}", r.body);
    }
    assert_eq!(env.count("qa_questions").await, 0);
    // An answer is held to the same rule.
    let r = env
        .ask(&mut citizen, &id(9), "Apakah akta bisa diurus oleh kakek?")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = env
        .answer(&mut citizen, &id(10), &id(9), "WA +62 812 3456 7890", false)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(env.count("qa_answers").await, 0);
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_and_stores_nothing() {
    let env = Env::new().await;
    let mut w = Who::default();
    let ok = "Berapa lama akta kelahiran selesai?";
    let long = "a".repeat(1001);
    let one = id(1);
    let cases: Vec<(Vec<(&str, &str)>, StatusCode)> = vec![
        (
            vec![("id", "1"), ("service", SERVICE), ("body", ok)],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![("id", &one), ("service", "tidak-ada"), ("body", ok)],
            StatusCode::NOT_FOUND,
        ),
        (
            vec![("id", &one), ("service", "../x"), ("body", ok)],
            StatusCode::NOT_FOUND,
        ),
        (
            vec![("id", &one), ("service", SERVICE), ("body", "   ")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![("id", &one), ("service", SERVICE), ("body", "Kapan?")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![("id", &one), ("service", SERVICE), ("body", &long)],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![
                ("id", &one),
                ("service", SERVICE),
                ("body", "Kapan\u{7}selesai ya?"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![("id", &one), ("service", SERVICE)],
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (fields, status) in cases {
        let r = env.post(&mut w, "/api/qa/ask", &fields).await;
        assert_eq!(r.status, status, "{fields:?}: {}", r.body);
    }
    // Answers to nothing, reports of nothing or of an unknown kind.
    let r = env
        .answer(&mut w, &id(2), &id(77), "Ya, bisa.", false)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    for (target, status) in [
        ("soal", StatusCode::BAD_REQUEST),
        ("question", StatusCode::NOT_FOUND),
    ] {
        let f = [
            ("target", target),
            ("id", &*id(77)),
            ("reason", "tidak pantas"),
        ];
        let r = env.post(&mut w, "/api/qa/report", &f).await;
        assert_eq!(r.status, status, "{}", r.body);
    }
    for t in ["qa_questions", "qa_answers", "qa_reports"] {
        assert_eq!(env.count(t).await, 0, "{t}");
    }
}

#[tokio::test]
async fn an_item_sent_twice_is_stored_once_and_a_reused_id_is_a_conflict() {
    let env = Env::new().await;
    let mut phone = Who::default();
    let text = "Apakah akta kelahiran bisa diurus di kecamatan?";
    let r = env.ask(&mut phone, &id(1), text).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "true"));
    let r = env.ask(&mut phone, &id(1), text).await;
    assert_eq!(
        (r.status, r.body.as_str()),
        (StatusCode::OK, "false"),
        "a retry"
    );
    let r = env
        .ask(&mut phone, &id(1), "Teks lain dengan id yang sama?")
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Another device sending the same id and text is not the asker: a conflict too.
    let r = env.ask(&mut Who::default(), &id(1), text).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(env.count("qa_questions").await, 1);
    let r = env
        .answer(&mut phone, &id(2), &id(1), "Bisa, di Disdukcapil.", false)
        .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "true"));
    let r = env
        .answer(&mut phone, &id(2), &id(1), "Bisa, di Disdukcapil.", false)
        .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "false"));
    assert_eq!(env.count("qa_answers").await, 1);
}

#[tokio::test]
async fn only_staff_of_the_questions_agency_answer_officially_accept_and_hide() {
    let env = Env::new().await;
    let (mut officer, mut other) = staff(&env).await;
    let mut citizen = Who::default();
    let q = id(1);
    env.ask(&mut citizen, &q, "Apakah akta bisa diurus oleh kakek?")
        .await;
    let r = env
        .answer(&mut citizen, &id(2), &q, "Bisa, dengan surat kuasa.", false)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Refused: anonymous and another agency's officer, for each staff action.
    for (who, status) in [
        (&mut Who::default(), StatusCode::UNAUTHORIZED),
        (&mut other, StatusCode::FORBIDDEN),
    ] {
        let r = env
            .answer(who, &id(3), &q, "Jawaban resmi palsu.", true)
            .await;
        assert_eq!(r.status, status, "official answer: {}", r.body);
        let r = env
            .post(
                who,
                "/api/qa/accept",
                &[("question", &q), ("answer", &id(2))],
            )
            .await;
        assert_eq!(r.status, status, "accept: {}", r.body);
        let f = [
            ("target", "answer"),
            ("id", &*id(2)),
            ("reason", "spam iklan"),
        ];
        let r = env.post(who, "/api/qa/hide", &f).await;
        assert_eq!(r.status, status, "hide: {}", r.body);
    }
    assert_eq!(env.count("qa_answers").await, 1);
    let accepted: Option<String> =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT accepted_answer_id FROM qa_questions")
            .fetch_one(p)
            .await)
            .unwrap();
    assert_eq!(accepted, None);
    // Another agency's officer may still answer as anyone does: not official.
    let r = env
        .answer(&mut other, &id(4), &q, "Setahu saya bisa.", false)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The agency's officer: official, with the agency stored on the row.
    let r = env
        .answer(
            &mut officer,
            &id(5),
            &q,
            "Bisa, bawa surat kuasa bermeterai.",
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = env
        .post(
            &mut officer,
            "/api/qa/accept",
            &[("question", &q), ("answer", &id(2))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows: Vec<(String, bool, Option<String>)> =
        common::on_db!(&env.pool, p => sqlx::query_as("SELECT id, official, author_agency FROM qa_answers ORDER BY id")
            .fetch_all(p)
            .await)
            .unwrap();
    assert_eq!(
        rows,
        vec![
            (id(2), false, None),
            (id(4), false, None),
            (id(5), true, Some("dukcapil".into()))
        ]
    );
    let path = format!("/api/qa/list?service={SERVICE}");
    let list = common::client::call(
        &env.app,
        "203.0.113.7:5000",
        &mut citizen,
        "GET",
        &path,
        None,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let v = list.json();
    let answers = &v["questions"][0]["answers"];
    assert_eq!(answers[0]["accepted"], true, "{v}");
    assert_eq!(answers[2]["official"], true, "{v}");
    assert_eq!(v["median_days"], 1, "{v}");
}

#[tokio::test]
async fn hiding_needs_a_reason_goes_to_the_audit_log_and_leaves_the_list() {
    let env = Env::new().await;
    let (mut officer, _) = staff(&env).await;
    let mut citizen = Who::default();
    let q = id(1);
    env.ask(&mut citizen, &q, "Pertanyaan yang nanti disembunyikan?")
        .await;
    let f = [("target", "question"), ("id", &*q), ("reason", "  ")];
    let r = env.post(&mut officer, "/api/qa/hide", &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let f = [
        ("target", "question"),
        ("id", &*q),
        ("reason", "Iklan, bukan pertanyaan"),
    ];
    let r = env.post(&mut officer, "/api/qa/hide", &f).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = env.post(&mut officer, "/api/qa/hide", &f).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "hidden once: {}", r.body);
    let log = app::store::audit::audit_log(&env.pool).await.unwrap();
    let hide = log.iter().find(|l| l.action == "qa.hide").expect("audited");
    assert_eq!(hide.subject, format!("qa_question:{q}"));
    assert!(hide
        .after
        .as_deref()
        .unwrap()
        .contains("Iklan, bukan pertanyaan"));
    assert!(app::store::qa::for_service(&env.pool, SERVICE)
        .await
        .unwrap()
        .is_empty());
    let r = env
        .answer(
            &mut citizen,
            &id(2),
            &q,
            "Jawaban untuk yang tersembunyi.",
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let queue = app::store::qa::unanswered(&env.pool, "dukcapil")
        .await
        .unwrap();
    assert!(queue.is_empty());
}

#[tokio::test]
async fn the_queue_holds_unanswered_questions_oldest_first_until_answered_officially() {
    let env = Env::new().await;
    let (mut officer, _) = staff(&env).await;
    let mut citizen = Who::default();
    env.ask(&mut citizen, &id(1), "Pertanyaan pertama tentang akta?")
        .await;
    env.ask(&mut citizen, &id(2), "Pertanyaan kedua tentang akta?")
        .await;
    let waiting = |env: &Env| {
        let pool = env.pool.clone();
        async move {
            app::store::qa::unanswered(&pool, "dukcapil")
                .await
                .unwrap()
                .into_iter()
                .map(|w| (w.question.id, w.age_days))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(waiting(&env).await, vec![(id(1), 0), (id(2), 0)]);
    assert!(app::store::qa::unanswered(&env.pool, "polri")
        .await
        .unwrap()
        .is_empty());
    env.answer(&mut citizen, &id(3), &id(1), "Jawaban warga saja.", false)
        .await;
    assert_eq!(
        waiting(&env).await.len(),
        2,
        "a citizen's answer leaves it waiting"
    );
    env.answer(
        &mut officer,
        &id(4),
        &id(1),
        "Jawaban resmi instansi.",
        true,
    )
    .await;
    assert_eq!(waiting(&env).await, vec![(id(2), 0)]);
}

#[tokio::test]
async fn a_plain_form_goes_back_to_the_page_saying_what_was_wrong() {
    let env = Env::new().await;
    let mut w = Who::default();
    let body = common::client::form_body(&[
        ("id", &id(1)),
        ("service", SERVICE),
        ("body", "NIK 3201010101900001 boleh?"),
    ]);
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/qa/ask")
        .header("host", "loket.test")
        .header("accept", "text/html")
        .header("content-type", FORM)
        .body(axum::body::Body::from(body))
        .unwrap();
    let mut req = req;
    req.extensions_mut().insert(axum::extract::ConnectInfo(
        "203.0.113.7:5000".parse::<std::net::SocketAddr>().unwrap(),
    ));
    let _ = &mut w;
    let res = tower::ServiceExt::oneshot(env.app.clone(), req)
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap();
    assert_eq!(to, format!("/layanan/{SERVICE}/tanya-jawab?gagal=nik"));
    assert_eq!(env.count("qa_questions").await, 0);
}

#[tokio::test]
async fn one_device_asks_at_most_thirty_times_an_hour() {
    let env = Env::new().await;
    let mut phone = Who::default();
    for n in 0..30 {
        let r = env
            .ask(&mut phone, &id(n), "Pertanyaan berulang tentang akta?")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{n}: {}", r.body);
    }
    let r = env
        .ask(&mut phone, &id(31), "Pertanyaan berulang tentang akta?")
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(env.count("qa_questions").await, 30);
}

#[tokio::test]
async fn the_public_page_reads_without_javascript_and_staff_see_their_queue() {
    let env = Env::new().await;
    let (mut officer, mut other) = staff(&env).await;
    let mut citizen = Who::default();
    let page = format!("/layanan/{SERVICE}/tanya-jawab");
    let get = |who: &mut Who, path: &str| {
        let (app, path, mut w) = (env.app.clone(), path.to_string(), who.clone());
        async move {
            let r =
                common::client::call(&app, "203.0.113.7:5000", &mut w, "GET", &path, None).await;
            (r, w)
        }
    };
    let (r, _) = get(&mut citizen, &page).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("data-testid=\"qa-none\""), "{}", r.body);
    assert!(r.body.contains("action=\"/api/qa/ask\""));
    let (r, _) = get(&mut citizen, &format!("/layanan/{SERVICE}")).await;
    assert!(
        r.body.contains(&format!("href=\"{page}\"")),
        "the service page links it"
    );
    let (r, _) = get(&mut citizen, "/layanan/tidak-ada/tanya-jawab").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A hostile question stays text; the refusal message shows on the page.
    env.ask(&mut citizen, &id(1), "<script>alert(1)</script> bagaimana?")
        .await;
    env.answer(&mut officer, &id(2), &id(1), "Jawaban <b>resmi</b>.", true)
        .await;
    let (r, _) = get(&mut citizen, &format!("{page}?gagal=nik")).await;
    assert!(!r.body.contains("<script>alert(1)"), "escaped");
    assert!(r.body.contains("&lt;script&gt;"));
    assert!(r.body.contains("data-testid=\"qa-official\""));
    assert!(r.body.contains("NIK (16"), "the refusal is named");
    assert!(
        !r.body.contains("qa-accept"),
        "no staff controls for citizens"
    );
    let (r, _) = get(&mut officer, &page).await;
    assert!(
        r.body.contains("qa-accept"),
        "staff of the agency may accept"
    );
    let (r, _) = get(&mut other, &page).await;
    assert!(
        !r.body.contains("qa-accept"),
        "another agency's staff may not"
    );
    // The queue: the agency's unanswered questions.
    env.ask(&mut citizen, &id(3), "Pertanyaan yang belum dijawab?")
        .await;
    let (r, _) = get(&mut officer, "/staff/tanya-jawab").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Pertanyaan yang belum dijawab?"));
    assert!(
        !r.body.contains("bagaimana?"),
        "answered officially: not waiting"
    );
    let (r, _) = get(&mut other, "/staff/tanya-jawab").await;
    assert!(
        !r.body.contains("Pertanyaan yang belum dijawab?"),
        "another agency's"
    );
}

#[tokio::test]
async fn staff_of_the_agency_promote_the_accepted_answer_and_phones_get_only_that_service() {
    let env = Env::new().await;
    let (mut officer, mut other) = staff(&env).await;
    let mut citizen = Who::default();
    let q = id(1);
    env.ask(&mut citizen, &q, "Apakah akta bisa diurus oleh kakek?")
        .await;
    env.answer(
        &mut citizen,
        &id(2),
        &q,
        "Bisa, dengan surat kuasa dari orang tua.",
        false,
    )
    .await;
    env.answer(
        &mut officer,
        &id(3),
        &q,
        "Jawaban resmi yang belum diterima.",
        true,
    )
    .await;
    let promote = |answer: String| {
        vec![
            ("question".to_string(), q.clone()),
            ("answer".to_string(), answer),
        ]
    };
    let send = |who: &mut Who, fields: Vec<(String, String)>| {
        let (app, mut w) = (env.app.clone(), who.clone());
        async move {
            let f: Vec<(&str, &str)> = fields
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            let body = Some((FORM, common::client::form_body(&f)));
            common::client::call(
                &app,
                "203.0.113.7:5000",
                &mut w,
                "POST",
                "/api/qa/promote",
                body,
            )
            .await
        }
    };
    // Not accepted yet: nothing to promote.
    let r = send(&mut officer, promote(id(2))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = env
        .post(
            &mut officer,
            "/api/qa/accept",
            &[("question", &q), ("answer", &id(2))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = send(&mut Who::default(), promote(id(2))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = send(&mut other, promote(id(2))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = send(&mut officer, promote(id(3))).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "only the accepted answer: {}",
        r.body
    );
    let mut months = promote(id(2));
    months.push(("review_months".into(), "99".into()));
    let r = send(&mut officer, months).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let service = app::store::catalogue::service(&env.pool, SERVICE)
        .await
        .unwrap()
        .unwrap();
    assert!(service.faq.is_empty(), "nothing published by a refusal");
    let head: i64 =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT MAX(revision) FROM services")
        .fetch_one(p)
        .await)
        .unwrap();
    let r = send(&mut officer, promote(id(2))).await;
    assert_eq!(
        (r.status, r.body.clone()),
        (StatusCode::OK, (head + 1).to_string())
    );
    let service = app::store::catalogue::service(&env.pool, SERVICE)
        .await
        .unwrap()
        .unwrap();
    let today = app::clock::today();
    let entry = [
        "Apakah akta bisa diurus oleh kakek?".to_string(),
        "Bisa, dengan surat kuasa dari orang tua.".to_string(),
        today.plus_months(12).to_string(),
        q.clone(),
    ];
    assert_eq!(service.faq, vec![entry]);
    // Its provenance stays with the question: which answer, who promoted it, when.
    let (answer, by, at): (String, String, String) = common::on_db!(&env.pool, p => sqlx::query_as(
        "SELECT promoted_answer_id, promoted_by, promoted_at FROM qa_questions WHERE id = $1",
    )
    .bind(&q)
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(answer, id(2));
    assert!(!by.is_empty() && !at.is_empty());
    // The delta from the previous head carries this one service, with its FAQ.
    let path = format!("/api/catalogue/changes?since={head}");
    let r = common::client::call(
        &env.app,
        "203.0.113.7:5000",
        &mut citizen,
        "GET",
        &path,
        None,
    )
    .await;
    let v = r.json();
    assert_eq!(v["changed"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["changed"][0]["slug"], SERVICE, "{v}");
    assert!(r.body.contains("surat kuasa dari orang tua"));
    let page = format!("/layanan/{SERVICE}");
    let r = common::client::call(
        &env.app,
        "203.0.113.7:5000",
        &mut citizen,
        "GET",
        &page,
        None,
    )
    .await;
    assert!(
        r.body.contains("data-testid=\"faq\""),
        "the service page shows it"
    );
    assert!(!r.body.contains("faq-stale"));
    let log = app::store::audit::audit_log(&env.pool).await.unwrap();
    assert!(log
        .iter()
        .any(|l| l.action == "qa.promote" && l.subject == format!("service:{SERVICE}")));
    // A later import of the catalogue's TOML, which does not list it, keeps the FAQ.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue");
    server::seed::import_path(&env.pool, &dir).await.unwrap();
    let service = app::store::catalogue::service(&env.pool, SERVICE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(service.faq.len(), 1);
}

#[tokio::test]
async fn the_phones_outbox_asks_once_by_its_id_and_a_form_without_id_gets_one() {
    let env = Env::new().await;
    let mut phone = Who::default();
    let q = "Apakah akta bisa diurus di kecamatan?";
    let ask = |id: String, body: &str| json!({ "id": id, "service": SERVICE, "body": body });
    // The outbox's JSON call: stored, then a resend is the same question.
    let r = env
        .post_json(&mut phone, "/api/qa/ask-app", ask(id(1), q))
        .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "true"));
    let r = env
        .post_json(&mut phone, "/api/qa/ask-app", ask(id(1), q))
        .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "false"));
    assert_eq!(env.count("qa_questions").await, 1);
    // The same refusals as the form: personal data (422, never echoed), no id (400).
    let nik = "NIK saya 3201010101900001 bisa?";
    let r = env
        .post_json(&mut phone, "/api/qa/ask-app", ask(id(2), nik))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(!r.body.contains("3201010101900001"), "{}", r.body);
    let r = env
        .post_json(&mut phone, "/api/qa/ask-app", ask(String::new(), q))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(env.count("qa_questions").await, 1);
    // A plain form from a page the phone rendered carries no id: the server makes a UUIDv7.
    let f = [
        ("service", SERVICE),
        ("body", "Berapa lama akta selesai dibuat?"),
    ];
    let r = env.post(&mut phone, "/api/qa/ask", &f).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ids: Vec<String> = common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT id FROM qa_questions ORDER BY asked_at")
        .fetch_all(p)
        .await)
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert!(app::domain::submission::is_uuid_v7(&ids[1]), "{}", ids[1]);
}
