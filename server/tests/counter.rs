//! The assisted counter (issue 13, part 2) through the real router on a real SQLite file: who
//! may file (agency admins; officers their admin allowed, and only by that admin), for which
//! agency's services, channel `counter`, one request per confirmation, audited.

mod common;

use axum::http::StatusCode;
use common::web::*;

#[tokio::test]
async fn the_counter_files_for_a_citizen_once_with_its_channel_and_an_audit_row() {
    let env = Env::new().await;
    let (officer, officer_id) = env.staff("dukcapil", "officer").await;
    let cookies = session(&officer);
    let first = format!("/api/loket/{SERVICE}?bagian=1");
    // An officer nobody allowed to file is refused, and the page says why.
    let r = env.post(&first, &cookies, &sections()[0]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = env.get(&format!("/staff/loket/{SERVICE}"), &cookies).await;
    assert!(
        page.body.contains("data-testid=\"counter-refused\""),
        "{}",
        page.body
    );
    // Their agency admin allows it.
    app::store::web_drafts::set_counter(&env.pool, &officer_id, "admin", true)
        .await
        .unwrap();
    let list = env.get("/staff/loket", &cookies).await;
    assert!(list
        .body
        .contains(&format!("href=\"/staff/loket/{SERVICE}\"")));
    let form = env.get(&format!("/staff/loket/{SERVICE}"), &cookies).await;
    assert!(
        form.body.contains("capture=\"environment\"") || form.body.contains("Diajukan di loket")
    );
    let cookies = fill_in(&env, "/api/loket/", "/staff/loket/", cookies).await;
    let kirim = format!("/api/loket/{SERVICE}?kirim=1");
    for _ in 0..2 {
        let r = env.post(&kirim, &cookies, &[]).await;
        assert_eq!(
            r.location.as_deref(),
            Some(format!("/staff/loket/{SERVICE}?selesai=1").as_str())
        );
    }
    let stored = env.requests().await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1, "counter");
    let receipt = env
        .get(&format!("/staff/loket/{SERVICE}?selesai=1"), &cookies)
        .await;
    assert!(receipt.body.contains("data-testid=\"receipt\""));
    assert!(receipt.body.contains("/lacak"));
    assert!(receipt.body.contains("data-testid=\"receipt-due\""));
    let audited: i64 = common::on_db!(&env.pool, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'request.counter_file' AND actor_id = $1 AND subject = $2",
    )
    .bind(&officer_id)
    .bind(&stored[0].0)
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(audited, 1);
    // The staff queue shows where it came from.
    let queue = env.get("/staff", &cookies).await;
    assert!(queue.body.contains("Loket instansi"), "{}", queue.body);
}

#[tokio::test]
async fn another_agencys_staff_cannot_file_its_services() {
    let env = Env::new().await;
    // An agency admin may file, but only for their own agency's services.
    let (admin, _) = env.staff("polri", "agency_admin").await;
    let cookies = session(&admin);
    let r = env
        .post(
            &format!("/api/loket/{SERVICE}?bagian=1"),
            &cookies,
            &sections()[0],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let page = env.get(&format!("/staff/loket/{SERVICE}"), &cookies).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // Signed out: refused.
    let r = env
        .post(
            &format!("/api/loket/{SERVICE}?bagian=1"),
            "",
            &sections()[0],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let drafts: i64 =
        common::on_db!(&env.pool, p => sqlx::query_scalar("SELECT COUNT(*) FROM web_drafts")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(drafts, 0);
}

#[tokio::test]
async fn only_an_agency_admin_allows_their_own_officers_at_the_counter() {
    let env = Env::new().await;
    let (officer, officer_id) = env.staff("dukcapil", "officer").await;
    let (other_admin, _) = env.staff("polri", "agency_admin").await;
    let (admin, _) = env.staff("dukcapil", "agency_admin").await;
    let allow = b"login=officer%40dukcapil.go.id&izin=1".to_vec();
    let form = || {
        Some((
            "application/x-www-form-urlencoded".to_string(),
            allow.clone(),
        ))
    };
    // The form is two fields: a body over `--max-body` is refused before it is read (it once
    // sat under the application form's photo-sized limit).
    let big = Some((
        "application/x-www-form-urlencoded".to_string(),
        format!(
            "login=officer%40dukcapil.go.id&izin=1&x={}",
            "a".repeat(300 * 1024)
        )
        .into_bytes(),
    ));
    let r = env
        .request("POST", "/api/loket-izin", &session(&admin), big)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!app::store::web_drafts::may_file(&env.pool, &officer_id)
        .await
        .unwrap());
    // An officer cannot allow themselves; another agency's admin cannot reach them.
    let r = env
        .request("POST", "/api/loket-izin", &session(&officer), form())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = env
        .request("POST", "/api/loket-izin", &session(&other_admin), form())
        .await;
    assert_eq!(r.location.as_deref(), Some("/staff/petugas?gagal=1"));
    assert!(!app::store::web_drafts::may_file(&env.pool, &officer_id)
        .await
        .unwrap());
    // Their own admin can, and withdraw it again; both audited.
    let r = env
        .request("POST", "/api/loket-izin", &session(&admin), form())
        .await;
    assert_eq!(r.location.as_deref(), Some("/staff/petugas"));
    assert!(app::store::web_drafts::may_file(&env.pool, &officer_id)
        .await
        .unwrap());
    let page = env.get("/staff/petugas", &session(&admin)).await;
    assert!(page.body.contains("data-testid=\"counter-allowed\""));
    let withdraw = Some((
        "application/x-www-form-urlencoded".to_string(),
        b"login=officer%40dukcapil.go.id&izin=0".to_vec(),
    ));
    env.request("POST", "/api/loket-izin", &session(&admin), withdraw)
        .await;
    assert!(!app::store::web_drafts::may_file(&env.pool, &officer_id)
        .await
        .unwrap());
    let audited: i64 = common::on_db!(&env.pool, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('staff.counter_grant', 'staff.counter_revoke') AND subject = $1",
    )
    .bind(&officer_id)
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(audited, 2);
}
