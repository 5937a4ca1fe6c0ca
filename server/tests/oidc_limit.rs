//! Starting a sign-in with an OpenID provider is limited per client address (issue 13 §4):
//! each start asks the provider for its discovery and keeps a pending row, so a loop of starts
//! must be slowed before the provider is asked. Through the real router on a real SQLite file,
//! with a provider that cannot be reached (nothing listens on its port): every start within
//! the limit is refused by the provider's silence (502, audited, nothing pending), and the next
//! is refused by the limit (429, the page saying why, nothing asked, nothing
//! stored, nothing audited). Another address is not limited by the first.

mod common;

use axum::http::StatusCode;
use common::client::{call, Who};
use server::http;
use server::limits::OIDC_STARTS_PER_IP_PER_HOUR;

async fn count(pool: &app::store::Db, sql: &str) -> i64 {
    common::on_db!(&pool, p => sqlx::query_scalar(sql).fetch_one(p).await).unwrap()
}

/// `GET /auth/oidc/uji` from the client at `peer`, with no cookies.
async fn start(app: &axum::Router, peer: &str) -> common::client::Reply {
    call(
        app,
        peer,
        &mut Who::default(),
        "GET",
        "/auth/oidc/uji",
        None,
    )
    .await
}

#[tokio::test]
async fn starts_are_limited_per_address_before_the_provider_is_asked() {
    let (dir, pool) = common::database().await;
    let secret = dir.path().join("uji.secret");
    std::fs::write(&secret, "rahasia-klien\n").unwrap();
    // Port 9 (discard) on loopback: nothing listens, so a connection is refused at once.
    let spec = format!(
        "id=uji,name=Uji,issuer=http://127.0.0.1:9,client-id=loket,secret-file={}",
        secret.display()
    );
    let mut serve = common::serve(dir.path());
    serve.oidc_providers = vec![spec.parse().unwrap()];
    let app = http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
    let failed = "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in_failed'";

    for _ in 0..OIDC_STARTS_PER_IP_PER_HOUR {
        let r = start(&app, "203.0.113.7:4000").await;
        assert_eq!(r.status, StatusCode::BAD_GATEWAY, "{}", r.body);
    }
    assert_eq!(
        count(&pool, failed).await,
        i64::from(OIDC_STARTS_PER_IP_PER_HOUR)
    );

    let limited = start(&app, "203.0.113.7:4000").await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    assert!(
        limited
            .body
            .contains("Terlalu banyak percobaan masuk dari perangkat ini."),
        "the page says why: {}",
        limited.body
    );
    assert_eq!(
        count(&pool, failed).await,
        i64::from(OIDC_STARTS_PER_IP_PER_HOUR),
        "a limited start is not audited (a loop would fill the log)"
    );
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM oidc_pending").await, 0);

    // Another address still reaches the provider (and finds it silent).
    let other = start(&app, "198.51.100.4:4000").await;
    assert_eq!(other.status, StatusCode::BAD_GATEWAY, "{}", other.body);
}
