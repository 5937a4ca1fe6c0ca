//! The test fault switch (`--test-faults`): an answer lost after the commit (a 500, or a
//! connection that breaks) and the phone sending again gets the same receipt, with one request
//! stored. Without the switch there is nothing at `/__test/faults`.

mod common;

use app::domain::submission::{Envelope, Receipt};
use app::store::requests::count;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use server::config::Serve;
use server::http;
use std::io::{Read, Write};
use tower::ServiceExt;

const SERVICE: &str = "akta-kelahiran";
const SUBMIT: &str = "/api/requests/submit";
const ID: &str = "01936f3e-8b2a-7cde-9f01-23456789abcd";

async fn setup(test_faults: bool) -> (tempfile::TempDir, app::store::Db, axum::Router) {
    let (dir, pool) = common::database().await;
    common::uploaded(&pool, ID).await;
    let serve = Serve {
        test_faults,
        ..common::serve(dir.path())
    };
    let app = http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();
    (dir, pool, app)
}

/// The body of a valid submission of `SERVICE`.
async fn submission(pool: &app::store::Db) -> String {
    let form = app::store::catalogue::service(pool, SERVICE)
        .await
        .unwrap()
        .unwrap()
        .form
        .unwrap()
        .schema()
        .unwrap();
    let envelope = Envelope {
        id: ID.into(),
        service: SERVICE.into(),
        form_version: form.version,
        answers: common::valid_answers(&form),
        expect: None,
    };
    json!({ "envelope": envelope }).to_string()
}

async fn send(app: &axum::Router, method: &str, path: &str, body: String) -> (StatusCode, String) {
    common::send(app, method, path, body).await
}

async fn report(app: &axum::Router) -> Value {
    let (status, body) = send(app, "GET", "/__test/faults", String::new()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// The reference the database holds for [`ID`].
async fn stored_reference(pool: &app::store::Db) -> String {
    common::on_db!(&pool, p => sqlx::query_scalar("SELECT reference FROM requests WHERE id = $1")
        .bind(ID)
        .fetch_one(p)
        .await)
    .unwrap()
}

#[tokio::test]
async fn a_500_after_the_commit_then_the_same_receipt_when_sent_again() {
    let (_dir, pool, app) = setup(true).await;
    let fault =
        json!({ "path_prefix": SUBMIT, "mode": "error_500", "skip": 0, "times": 1 }).to_string();
    assert_eq!(
        send(&app, "POST", "/__test/faults", fault).await.0,
        StatusCode::NO_CONTENT
    );
    let armed = report(&app).await;
    assert_eq!(
        armed["armed"],
        json!([{ "path_prefix": SUBMIT, "mode": "error_500", "skip": 0, "times": 1 }])
    );
    assert_eq!(
        (armed["fired"].as_u64(), armed["requests"].as_i64()),
        (Some(0), Some(0))
    );

    let body = submission(&pool).await;
    let (status, text) = send(&app, "POST", SUBMIT, body.clone()).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, r#"{"error":"injected"}"#)
    );
    assert_eq!(
        count(&pool).await.unwrap(),
        1,
        "the request was stored before the answer was lost"
    );

    let (status, text) = send(&app, "POST", SUBMIT, body).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let receipt: Receipt = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (receipt.id.as_str(), receipt.reference.to_string()),
        (ID, stored_reference(&pool).await)
    );
    assert_eq!(count(&pool).await.unwrap(), 1);
    let after = report(&app).await;
    assert_eq!(
        after,
        json!({ "armed": [], "fired": 1, "upload_bytes": 0, "requests": 1, "files": 1 }),
        "files: the photo recorded in setup"
    );
}

#[tokio::test]
async fn skip_and_times_count_matching_requests_and_delete_clears() {
    let (_dir, _pool, app) = setup(true).await;
    let fault = json!({ "path_prefix": "/healthz", "mode": "error_500", "skip": 1, "times": 2 })
        .to_string();
    assert_eq!(
        send(&app, "POST", "/__test/faults", fault.clone()).await.0,
        StatusCode::NO_CONTENT
    );
    let statuses = [
        send(&app, "GET", "/healthz", String::new()).await.0,
        send(&app, "GET", "/healthz", String::new()).await.0,
    ];
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::INTERNAL_SERVER_ERROR]
    );
    assert_eq!(
        report(&app).await["armed"],
        json!([{ "path_prefix": "/healthz", "mode": "error_500", "skip": 0, "times": 1 }])
    );
    // other paths are not counted
    assert_eq!(
        send(&app, "GET", "/bahasa/en", String::new()).await.0,
        StatusCode::SEE_OTHER
    );
    let statuses = [
        send(&app, "GET", "/healthz", String::new()).await.0,
        send(&app, "GET", "/healthz", String::new()).await.0,
    ];
    assert_eq!(
        statuses,
        [StatusCode::INTERNAL_SERVER_ERROR, StatusCode::OK]
    );
    assert_eq!(report(&app).await["fired"], 2);

    assert_eq!(
        send(&app, "POST", "/__test/faults", fault).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        send(&app, "DELETE", "/__test/faults", String::new())
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(report(&app).await["armed"], json!([]));
    assert_eq!(
        send(&app, "GET", "/healthz", String::new()).await.0,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, "GET", "/healthz", String::new()).await.0,
        StatusCode::OK
    );

    for bad in [
        r#"{"path_prefix":"/x","mode":"explode"}"#,
        r#"{"mode":"drop"}"#,
        r#"{"path_prefix":"x","mode":"drop"}"#,
        r#"{"path_prefix":"/x","mode":"drop","times":0}"#,
        "{",
    ] {
        let (status, text) = send(&app, "POST", "/__test/faults", bad.to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {text}");
        assert!(text.contains("bad_fault"), "{text}");
    }
}

#[tokio::test]
async fn upload_bytes_and_files_are_counted() {
    let (_dir, _pool, app) = setup(true).await;
    let file = b"%PDF-1.4 tiny".to_vec();
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&file)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let req = Request::put(format!(
        "/api/files/{sha}?key={ID}&offset=0&total={}",
        file.len()
    ))
    .body(Body::from(file.clone()))
    .unwrap();
    assert_eq!(
        app.clone().oneshot(req).await.unwrap().status(),
        StatusCode::CREATED
    );
    let r = report(&app).await;
    assert_eq!(
        (r["upload_bytes"].as_u64(), r["files"].as_i64()),
        (Some(file.len() as u64), Some(2)),
        "this file and the one from setup"
    );
}

/// Sends `request` over a real connection and reads until the server closes it.
fn raw_exchange(addr: std::net::SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    tcp.write_all(request).unwrap();
    let mut got = Vec::new();
    let _ = tcp.read_to_end(&mut got);
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_answer_breaks_the_connection_after_the_commit() {
    let (_dir, pool, app) = setup(true).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let arm = json!({ "path_prefix": SUBMIT, "mode": "drop", "times": 2 }).to_string();
    let arm = format!("POST /__test/faults HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{arm}", arm.len());
    let answer = tokio::task::spawn_blocking(move || raw_exchange(addr, arm.as_bytes()))
        .await
        .unwrap();
    assert!(
        answer.starts_with(b"HTTP/1.1 204"),
        "{}",
        String::from_utf8_lossy(&answer)
    );

    let body = submission(&pool).await;
    let submit = format!(
        "POST {SUBMIT} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nAccept-Encoding: br, gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // compressed as a browser asks, then plain (so the receipt can be read below)
    let plain = submit.replace("Accept-Encoding: br, gzip\r\n", "");
    for request in [submit, plain.clone()] {
        let answer = tokio::task::spawn_blocking(move || raw_exchange(addr, request.as_bytes()))
            .await
            .unwrap();
        // The head arrives, then the connection breaks mid-body: a chunked body with no final
        // chunk, so the browser's fetch fails reading it (and cannot quietly resend the request,
        // as it does when a reused connection closes before any byte).
        let text = String::from_utf8_lossy(&answer).to_string();
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        assert!(
            text.to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "{text}"
        );
        assert!(
            !text.ends_with("0\r\n\r\n"),
            "the body must be cut off: {text:?}"
        );
        assert!(
            !text.contains("reference"),
            "no receipt in a dropped answer: {text}"
        );
        assert_eq!(
            count(&pool).await.unwrap(),
            1,
            "the request was stored before the connection broke"
        );
    }

    let again = plain;
    let answer = tokio::task::spawn_blocking(move || raw_exchange(addr, again.as_bytes()))
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(
        text.contains(&stored_reference(&pool).await),
        "the same receipt: {text}"
    );
    assert_eq!(count(&pool).await.unwrap(), 1);
}

#[tokio::test]
async fn without_the_switch_there_is_nothing_at_test_faults() {
    let (_dir, pool, app) = setup(false).await;
    let (status, _) = send(&app, "GET", "/__test/faults", String::new()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let fault = json!({ "path_prefix": SUBMIT, "mode": "error_500" }).to_string();
    let (status, _) = send(&app, "POST", "/__test/faults", fault).await;
    assert!(
        status.is_client_error() && status != StatusCode::NO_CONTENT,
        "{status}"
    );
    let (status, text) = send(&app, "POST", SUBMIT, submission(&pool).await).await;
    assert_eq!(status, StatusCode::OK, "no fault fires: {text}");
}
