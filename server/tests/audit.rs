//! The audit trail (issue 8, items 3 and 9), through the real router on a real SQLite file and
//! the real `server` binary: rows of `audit_log`, `request_events` and `request_answers` cannot
//! be rewritten (not even by `INSERT OR REPLACE`); a rewrite by someone who drops the triggers is
//! found by `server audit verify`; a citizen's answer is checked against the request's own
//! service and every earlier set of answers is kept; sign-ins, sign-outs, citizen and staff
//! reads and changes, attachments and catalogue imports each leave a row.

mod common;

use common::Raw;

use common::client::{Reply, Who};

use app::domain::form::{Answer, FormSchema};
use app::domain::submission::{Envelope, Receipt};
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::{cli, http};
use std::path::{Path, PathBuf};

const SERVICE: &str = "akta-kelahiran"; // Dukcapil
const OTHER_SERVICE: &str = "skck"; // Polri
const PASSWORD: &str = "kopi tubruk pagi";

struct Env {
    dir: tempfile::TempDir,
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
        Env { dir, pool, app }
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

    /// A system admin from the command line, an agency admin of Dukcapil and its officer
    /// (signed in).
    async fn officer(&self) -> Who {
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
        let body = json!({ "login": "petugas@dukcapil.go.id", "temporary_password": PASSWORD, "role": "officer", "agency": "dukcapil" });
        let r = self.post(&mut root, "/api/staff/invite", body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // (An invited officer must change the temporary password first: tests/account_lifecycle.rs.)
        common::on_db!(&self.pool, p => sqlx::query("UPDATE accounts SET must_change_password = FALSE")
            .execute(p)
            .await.map(|r| r.rows_affected()))
        .unwrap();
        self.signed_in("petugas@dukcapil.go.id", PASSWORD).await
    }

    async fn submit(&self, n: u64) -> (Receipt, FormSchema, Envelope) {
        let f = common::form(&self.pool, SERVICE).await;
        let id = format!("01936f3e-8b2a-7cde-9f01-{n:012x}");
        common::uploaded(&self.pool, &id).await;
        let e = Envelope {
            id,
            service: SERVICE.into(),
            form_version: f.version,
            answers: common::valid_answers(&f),
            expect: None,
        };
        let r = self
            .post(
                &mut Who::default(),
                "/api/requests/submit",
                json!({ "envelope": e }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        (serde_json::from_str(&r.body).unwrap(), f, e)
    }

    async fn staff_act(&self, officer: &mut Who, id: &str, action: &str, note: &str) {
        let r = self
            .form(
                officer,
                "/api/staff/act",
                &[("id", id), ("action", action), ("note", note)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
    }

    /// Brings a request to "more information needed".
    async fn ask_info(&self, officer: &mut Who, id: &str) {
        for action in ["receive", "review"] {
            self.staff_act(officer, id, action, "").await;
        }
        self.staff_act(officer, id, "ask_info", "Mohon perbaiki nama anak.")
            .await;
    }

    async fn count(&self, sql: &str) -> i64 {
        common::on_db!(&self.pool, p => sqlx::query_scalar(sql)
            .fetch_one(p)
            .await)
        .unwrap()
    }

    /// The actions written to the audit log, oldest first.
    async fn actions(&self) -> Vec<String> {
        common::on_db!(&self.pool, p => sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq")
            .fetch_all(p)
            .await)
            .unwrap()
    }

    fn data_dir(&self) -> &Path {
        self.dir.path()
    }
}

/// Runs the real `server` binary on `data_dir`; its exit status and what it printed.
fn server(data_dir: &Path, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("LOKET_LOG", "warn")
        .env("DATABASE_URL", common::database_url(data_dir))
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn catalogue_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../catalogue")
        .join(name)
}

/// A request that went round once: submitted, asked for information, answered.
async fn answered_request(env: &Env, officer: &mut Who) -> (Receipt, Envelope) {
    let (r, _, mut e) = env.submit(1).await;
    env.ask_info(officer, &r.id).await;
    e.answers
        .insert("nama_anak".into(), Answer::One("Siti Rahayu".into()));
    let key = json!({ "id": r.id, "token": r.token });
    let reply = env
        .post(
            &mut Who::default(),
            "/api/requests/answer",
            json!({ "key": key, "envelope": e }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    (r, e)
}

#[tokio::test]
async fn insert_or_replace_cannot_rewrite_audit_rows_or_timeline_steps() {
    if common::skipped_on_postgres(
        "INSERT OR REPLACE and recursive_triggers are SQLite's (PostgreSQL has neither)",
    ) {
        return;
    }
    let env = Env::new().await;
    let mut officer = env.officer().await;
    let (r, _, _) = env.submit(1).await;
    env.staff_act(&mut officer, &r.id, "receive", "").await;
    for table in ["audit_log", "request_events"] {
        let before: Vec<String> = common::on_db!(&env.pool, p => sqlx::query_scalar(&format!(
            "SELECT json_array(seq, actor_id, at) FROM {table} ORDER BY seq"
        ))
        .fetch_all(p)
        .await)
        .unwrap();
        // The whole first row again (same columns, whatever they are), with another actor.
        let mut conn = env.pool.raw().acquire().await.unwrap();
        sqlx::query(&format!("CREATE TEMP TABLE copy_{table} AS SELECT * FROM {table} WHERE seq = (SELECT MIN(seq) FROM {table})"))
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query(&format!(
            "UPDATE copy_{table} SET actor_id = 'someone else'"
        ))
        .execute(&mut *conn)
        .await
        .unwrap();
        let replaced = sqlx::query(&format!(
            "INSERT OR REPLACE INTO {table} SELECT * FROM copy_{table}"
        ))
        .execute(&mut *conn)
        .await;
        let err = replaced
            .expect_err(&format!("{table}: INSERT OR REPLACE must be refused"))
            .to_string();
        assert!(err.contains("append-only"), "{table}: {err}");
        let after: Vec<String> = common::on_db!(&env.pool, p => sqlx::query_scalar(&format!(
            "SELECT json_array(seq, actor_id, at) FROM {table} ORDER BY seq"
        ))
        .fetch_all(p)
        .await)
        .unwrap();
        assert_eq!(before, after, "{table}: nothing changed");
    }
    let on: i64 = env.count("PRAGMA recursive_triggers").await;
    assert_eq!(
        on, 1,
        "REPLACE's delete fires the delete triggers on every connection"
    );
}

/// Takes away every trigger that guards the chains, as someone holding the database's files
/// (or its owner's password) can: SQLite's are dropped, PostgreSQL's disabled.
async fn without_guards(pool: &app::store::Db) {
    let statements: Vec<String> = match pool {
        app::store::Db::Postgres(_) => ["audit_log", "request_events", "request_answers"]
            .map(|t| format!("ALTER TABLE {t} DISABLE TRIGGER USER"))
            .to_vec(),
        app::store::Db::Sqlite(p) => {
            sqlx::query_scalar::<_, String>("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                .fetch_all(p)
                .await
                .unwrap()
                .into_iter()
                .map(|t| format!("DROP TRIGGER {t}"))
                .collect()
        }
    };
    assert!(!statements.is_empty());
    for sql in statements {
        common::on_db!(pool, p => sqlx::query(&sql).execute(p).await.map(|r| r.rows_affected()))
            .unwrap();
    }
}

#[tokio::test]
async fn a_rewrite_with_the_triggers_dropped_is_found_by_audit_verify() {
    let env = Env::new().await;
    let mut officer = env.officer().await;
    answered_request(&env, &mut officer).await;
    let (ok, out) = server(env.data_dir(), &["audit", "verify"]);
    assert!(ok, "an untouched database verifies: {out}");
    for table in ["audit_log", "request_events", "request_answers"] {
        assert!(out.contains(table), "it says what it checked: {out}");
    }

    // Someone with the database drops the triggers and rewrites a timeline step.
    without_guards(&env.pool).await;
    let sql =
        "UPDATE request_events SET note = 'Tidak ada yang diminta.' WHERE action = 'ask_info'";
    common::on_db!(&env.pool, p => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()))
        .unwrap();
    let seq: i64 = env
        .count("SELECT seq FROM request_events WHERE action = 'ask_info'")
        .await;
    let (ok, out) = server(env.data_dir(), &["audit", "verify"]);
    assert!(!ok, "a rewritten row fails the check: {out}");
    assert!(
        out.contains(&format!("request_events: BROKEN at seq {seq}:")),
        "it names the first broken row: {out}"
    );
}

#[tokio::test]
async fn verify_finds_changed_deleted_and_replaced_rows_in_every_chain() {
    use app::store::audit::verify;
    let env = Env::new().await;
    let mut officer = env.officer().await;
    answered_request(&env, &mut officer).await;
    let report = verify(&env.pool).await.unwrap();
    assert!(report.ok(), "{report}");
    assert!(report.chains.iter().all(|c| c.rows > 0), "{report}");

    // One chain at a time, in its own copy of the database.
    for (table, tamper) in [
        ("audit_log", "UPDATE audit_log SET actor_id = 'cli' WHERE action = 'request.receive'"),
        ("request_answers", "UPDATE request_answers SET answers = '{}' WHERE seq = (SELECT MIN(seq) FROM request_answers)"),
        ("request_events", "DELETE FROM request_events WHERE action = 'review'"),
    ] {
        let env = Env::new().await;
        let mut officer = env.officer().await;
        answered_request(&env, &mut officer).await;
        without_guards(&env.pool).await;
        common::on_db!(&env.pool, p => sqlx::query(tamper).execute(p).await.map(|r| r.rows_affected())).unwrap();
        let report = verify(&env.pool).await.unwrap();
        assert!(!report.ok(), "{table}: {report}");
        let broken = report.chains.iter().find(|c| c.broken.is_some()).unwrap();
        assert_eq!(broken.table, table, "{report}");
        let (ok, out) = server(env.data_dir(), &["audit", "verify"]);
        assert!(!ok && out.contains(table), "{out}");
    }
}

#[tokio::test]
async fn rows_removed_at_the_end_of_a_chain_are_found() {
    use app::store::audit::verify;
    for table in ["audit_log", "request_events", "request_answers"] {
        let env = Env::new().await;
        let mut officer = env.officer().await;
        answered_request(&env, &mut officer).await;
        let last = env.count(&format!("SELECT MAX(seq) FROM {table}")).await;
        without_guards(&env.pool).await;
        // The last row goes: what is left still chains from its start.
        let sql = format!("DELETE FROM {table} WHERE seq = {last}");
        common::on_db!(&env.pool, p => sqlx::query(&sql).execute(p).await.map(|r| r.rows_affected())).unwrap();
        let report = verify(&env.pool).await.unwrap();
        let broken = report
            .chains
            .iter()
            .find(|c| c.table == table)
            .and_then(|c| c.broken.as_ref())
            .unwrap_or_else(|| panic!("{table}: {report}"));
        assert_eq!(broken.seq, last, "{report}");
        let said = format!(
            "rows up to seq {last} were written, the last one left is {}",
            last - 1
        );
        assert!(broken.why.contains(&said), "{report}");
        let (ok, out) = server(env.data_dir(), &["audit", "verify"]);
        assert!(!ok && out.contains("removed at the end"), "{out}");
    }
}

#[tokio::test]
async fn an_answer_naming_another_service_is_refused_and_changes_nothing() {
    let env = Env::new().await;
    let mut officer = env.officer().await;
    let (r, _, _) = env.submit(1).await;
    env.ask_info(&mut officer, &r.id).await;
    let snapshot = &format!(
        "SELECT CAST({}(service_slug, form_version, answers, status, last_seq) AS TEXT) FROM requests",
        common::json_array(&env.pool)
    );
    let before: String = common::on_db!(&env.pool, p => sqlx::query_scalar(snapshot)
        .fetch_one(p)
        .await)
    .unwrap();
    let events = env.count("SELECT COUNT(*) FROM request_events").await;

    // The same id and key, but the envelope of Polri's SKCK, valid for that form.
    let other = common::form(&env.pool, OTHER_SERVICE).await;
    let answers = common::valid_answers(&other);
    let foreign = Envelope {
        id: r.id.clone(),
        service: OTHER_SERVICE.into(),
        form_version: other.version,
        answers,
        expect: None,
    };
    let key = json!({ "id": r.id, "token": r.token });
    let reply = env
        .post(
            &mut Who::default(),
            "/api/requests/answer",
            json!({ "key": key, "envelope": foreign }),
        )
        .await;
    assert!(
        reply.status.is_client_error(),
        "refused: {} {}",
        reply.status,
        reply.body
    );
    let after: String = common::on_db!(&env.pool, p => sqlx::query_scalar(snapshot)
        .fetch_one(p)
        .await)
    .unwrap();
    assert_eq!(before, after, "the request is as it was");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM request_events").await,
        events,
        "no timeline step"
    );

    // An envelope of the request's own service with an old form version is refused too.
    let f = common::form(&env.pool, SERVICE).await;
    let old = Envelope {
        id: r.id.clone(),
        service: SERVICE.into(),
        form_version: f.version + 1,
        answers: common::valid_answers(&f),
        expect: None,
    };
    let reply = env
        .post(
            &mut Who::default(),
            "/api/requests/answer",
            json!({ "key": key, "envelope": old }),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(
        common::on_db!(&env.pool, p => sqlx::query_scalar::<_, String>(snapshot)
            .fetch_one(p)
            .await)
        .unwrap(),
        before
    );
}

#[tokio::test]
async fn every_set_of_answers_is_kept_and_the_staff_page_shows_what_changed() {
    let env = Env::new().await;
    let mut officer = env.officer().await;
    let (r, _, mut e) = env.submit(1).await;
    let key = json!({ "id": r.id, "token": r.token });
    for (i, name) in ["Siti Rahayu", "Siti <b>Rahayu</b> Putri"]
        .into_iter()
        .enumerate()
    {
        if i == 0 {
            env.ask_info(&mut officer, &r.id).await;
        } else {
            env.staff_act(&mut officer, &r.id, "ask_info", "Nama belum lengkap.")
                .await;
        }
        e.answers
            .insert("nama_anak".into(), Answer::One(name.into()));
        let reply = env
            .post(
                &mut Who::default(),
                "/api/requests/answer",
                json!({ "key": key, "envelope": e }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let sql = "SELECT answers FROM request_answers WHERE request_id = $1 ORDER BY seq";
    let sets: Vec<String> = common::on_db!(&env.pool, p => sqlx::query_scalar(sql)
        .bind(&r.id)
        .fetch_all(p)
        .await)
    .unwrap();
    let names: Vec<Value> = sets
        .iter()
        .map(|s| serde_json::from_str::<Value>(s).unwrap()["nama_anak"].clone())
        .collect();
    assert_eq!(
        names,
        [
            json!("Siti Aminah"),
            json!("Siti Rahayu"),
            json!("Siti <b>Rahayu</b> Putri")
        ],
        "the first set and both answers"
    );
    let latest: String = common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT answers FROM requests WHERE id = $1")
        .bind(&r.id)
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(
        &latest,
        sets.last().unwrap(),
        "the request reads the latest"
    );

    // The back office's page says what changed, field by field, escaped.
    let page = env
        .call(
            &mut officer,
            "GET",
            &format!("/staff/permohonan/{}", r.id),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    let changes = html
        .split("data-testid=\"answer-changes\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no changes shown: {html}"));
    assert!(changes.contains("Nama lengkap anak"), "the field's label");
    assert!(
        changes.contains("Siti Aminah") && changes.contains("Siti Rahayu"),
        "earlier and new value"
    );
    assert!(
        changes.contains("Siti &lt;b&gt;Rahayu&lt;/b&gt; Putri") && !html.contains("<b>Rahayu"),
        "escaped"
    );
    assert_eq!(
        changes.matches("data-testid=\"answer-change\"").count(),
        2,
        "two answers, one change each"
    );
}

#[tokio::test]
async fn each_newly_audited_event_writes_a_row() {
    let env = Env::new().await;
    let mut officer = env.officer().await;
    let mut expected = env.actions().await;
    assert!(
        expected.contains(&"auth.sign_in".to_string()),
        "sign-ins so far: {expected:?}"
    );

    // Sign-in: a wrong password of a known account names the account; an unknown login is
    // not written at all (neither the login nor the password).
    let mut someone = Who::default();
    let wrong = json!({ "login": "petugas@dukcapil.go.id", "password": "salah sekali 123" });
    let wrong = env.post(&mut someone, "/api/auth/sign-in", wrong).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown = env
        .post(
            &mut someone,
            "/api/auth/sign-in",
            json!({ "login": "hantu@contoh.id", "password": "rahasia hantu 99" }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    expected.extend([
        "auth.sign_in_failed".to_string(),
        "auth.sign_in_failed".to_string(),
    ]);
    assert_eq!(env.actions().await, expected);
    let officer_id: String =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT id FROM accounts WHERE login = 'petugas@dukcapil.go.id'")
            .fetch_one(p)
            .await)
            .unwrap();
    let sql = &format!(
        "SELECT CAST({}(actor_id, subject, before, after) AS TEXT) FROM audit_log WHERE action = 'auth.sign_in_failed' ORDER BY seq",
        common::json_array(&env.pool)
    );
    let failed: Vec<String> = common::on_db!(&env.pool, p => sqlx::query_scalar(sql)
        .fetch_all(p)
        .await)
    .unwrap();
    assert!(failed[0].contains(&officer_id), "{failed:?}");
    assert!(!failed[1].contains(&officer_id), "{failed:?}");
    let sql = &format!(
        "SELECT CAST({}(actor_id, action, subject, before, after) AS TEXT) FROM audit_log",
        common::json_array(&env.pool)
    );
    let all: Vec<String> = common::on_db!(&env.pool, p => sqlx::query_scalar(sql)
        .fetch_all(p)
        .await)
    .unwrap();
    for row in &all {
        assert!(
            !row.contains("hantu")
                && !row.contains("salah sekali")
                && !row.contains("rahasia")
                && !row.contains(PASSWORD),
            "{row}"
        );
    }

    // The citizen: cancel, answer, claim.
    let (cancelled, _, _) = env.submit(1).await;
    let r = env
        .post(
            &mut Who::default(),
            "/api/requests/cancel",
            json!({ "key": { "id": cancelled.id, "token": cancelled.token } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    expected.push("request.cancel".into());
    assert_eq!(env.actions().await, expected);
    let (answered, _) = {
        let (r, _, mut e) = env.submit(2).await;
        env.ask_info(&mut officer, &r.id).await;
        expected
            .extend(["request.receive", "request.review", "request.ask_info"].map(String::from));
        e.answers
            .insert("nama_anak".into(), Answer::One("Siti Rahayu".into()));
        let body = json!({ "key": { "id": r.id, "token": r.token }, "envelope": e });
        let reply = env
            .post(&mut Who::default(), "/api/requests/answer", body)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        (r, e)
    };
    expected.push("request.answer".into());
    assert_eq!(env.actions().await, expected);
    let mut citizen = Who::default();
    let up = env
        .post(
            &mut citizen,
            "/api/auth/sign-up",
            json!({ "login": "warga@contoh.id", "password": PASSWORD }),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    let claimed = env
        .post(
            &mut citizen,
            "/api/requests/claim",
            json!({ "keys": [{ "id": answered.id, "token": answered.token }] }),
        )
        .await;
    assert_eq!(claimed.json(), json!(1));
    expected.push("request.claim".into());
    assert_eq!(env.actions().await, expected);

    // Staff: reading a request (page and JSON) and opening its attachment.
    let page = env
        .call(
            &mut officer,
            "GET",
            &format!("/staff/permohonan/{}", answered.id),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let json = env
        .post(
            &mut officer,
            "/api/staff/request",
            json!({ "id": answered.id }),
        )
        .await;
    assert_eq!(json.status, StatusCode::OK);
    let file = env
        .call(
            &mut officer,
            "GET",
            &format!("/staff/berkas/{}", common::PHOTO),
            None,
        )
        .await;
    assert_eq!((file.status, file.body.len()), (StatusCode::OK, 1000));
    expected.extend(["request.read", "request.read", "request.file_open"].map(String::from));
    assert_eq!(env.actions().await, expected);
    let sql = "SELECT actor_id, action, subject FROM audit_log WHERE action IN ('request.read', 'request.file_open')";
    let rows: Vec<(String, String, String)> =
        common::on_db!(&env.pool, p => sqlx::query_as(sql).fetch_all(p).await).unwrap();
    for (actor, action, subject) in &rows {
        assert_eq!(actor, &officer_id);
        // An attachment is filed under the agency's oldest request naming it (both name this photo).
        let expected = if action == "request.read" {
            &answered.id
        } else {
            &cancelled.id
        };
        assert_eq!(subject, expected, "{action}");
    }

    // Sign-out.
    let out = env
        .post(&mut officer, "/api/auth/sign-out", json!({}))
        .await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.body);
    expected.push("auth.sign_out".into());
    assert_eq!(env.actions().await, expected);

    // A catalogue import from the command line, by the real binary.
    let (ok, out) = server(
        env.data_dir(),
        &["import", catalogue_file("polri.toml").to_str().unwrap()],
    );
    assert!(ok, "{out}");
    let sql = "SELECT actor_id, action FROM audit_log ORDER BY seq DESC LIMIT 1";
    let last: (String, String) =
        common::on_db!(&env.pool, p => sqlx::query_as(sql).fetch_one(p).await).unwrap();
    assert_eq!(last, ("cli".to_string(), "catalogue.import".to_string()));
    let (ok, out) = server(env.data_dir(), &["audit", "verify"]);
    assert!(ok, "every row written above is chained: {out}");
}

#[tokio::test]
async fn rows_written_before_the_chain_are_chained_once_when_the_database_is_opened() {
    if common::skipped_on_postgres("SQLite databases made before migration 0009 only") {
        return;
    }
    use sqlx::sqlite::SqliteConnectOptions;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("loket.db").display());
    // A database as it was before migration 0009, with a request, its step and an audit row.
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = std::borrow::Cow::Owned(
        before
            .migrations
            .iter()
            .filter(|m| m.version < 9)
            .cloned()
            .collect(),
    );
    let options = url
        .parse::<SqliteConnectOptions>()
        .unwrap()
        .create_if_missing(true);
    let old = sqlx::SqlitePool::connect_with(options).await.unwrap();
    before.run(&old).await.unwrap();
    // Today's import also keeps each revision (migration 0013): a scratch table for it, gone
    // again before the server migrates, as an import of that time kept none.
    let scratch = "CREATE TABLE service_revisions (slug TEXT, revision INTEGER, doc TEXT, actor TEXT, action TEXT, at TEXT)";
    sqlx::query(scratch).execute(&old).await.unwrap();
    server::seed::import_path(&app::store::Db::Sqlite(old.clone()), &catalogue_file(""))
        .await
        .unwrap();
    sqlx::query("DROP TABLE service_revisions")
        .execute(&old)
        .await
        .unwrap();
    for sql in [
        "INSERT INTO requests (id, reference, service_slug, form_version, envelope, answers, received_at, agency_slug)
         VALUES ('01936f3e-8b2a-7cde-9f01-000000000001', 'ABCD-EFGH-J', 'akta-kelahiran', 1, '{}', '{\"nama_anak\":\"Siti\"}',
                 '2025-01-02T03:04:05.000Z', 'dukcapil')",
        "INSERT INTO request_events (request_id, at, status, action)
         VALUES ('01936f3e-8b2a-7cde-9f01-000000000001', '2025-01-02T03:04:05.000Z', 'submitted', 'submit')",
        "INSERT INTO audit_log (at, actor_id, action, subject) VALUES ('2025-01-02T03:04:05.000Z', 'cli', 'admin.create', 'x')",
    ] {
        sqlx::query(sql).execute(&old).await.unwrap();
    }
    old.close().await;

    // Opened by the server: migrated, the old rows chained, the first answer set kept.
    let pool = server::db::connect(&url).await.unwrap();
    let report = app::store::audit::verify(&pool).await.unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!(
        report.chains.iter().map(|c| c.rows).collect::<Vec<_>>(),
        [1, 1, 1],
        "{report}"
    );
    let first: String =
        common::on_db!(&pool, p => sqlx::query_scalar("SELECT answers FROM request_answers")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(first, r#"{"nama_anak":"Siti"}"#);

    // Blanking the hashes (triggers dropped) is not undone by opening the database again.
    for sql in [
        "DROP TRIGGER audit_log_no_update",
        "UPDATE audit_log SET subject = 'y', prev_hash = '', hash = ''",
    ] {
        common::on_db!(&pool, p => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()))
            .unwrap();
    }
    pool.close().await;
    let pool = server::db::connect(&url).await.unwrap();
    let report = app::store::audit::verify(&pool).await.unwrap();
    assert_eq!(
        report.chains[0].broken.as_ref().map(|b| b.seq),
        Some(1),
        "{report}"
    );
}
