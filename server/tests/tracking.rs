//! Following a request after it was stored: the status machine as the store enforces it, the
//! `request_updates(since)` delta across many requests, tracking by reference + PIN (with its
//! guess limit) and cancelling, through the real router on a real SQLite file.

mod common;

use app::domain::status::{next, Action, Actor, RequestUpdates, Status, TRANSITIONS};
use app::domain::submission::{Envelope, Receipt};
use app::store::requests::{act, ActError};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use server::http;
use tower::ServiceExt;

const SERVICE: &str = "akta-kelahiran";

async fn setup() -> (tempfile::TempDir, app::store::Db, axum::Router) {
    let (dir, pool) = common::database().await;
    let app = http::router(
        pool.clone(),
        &dir.path().join("data"),
        &common::serve(dir.path()),
    )
    .unwrap();
    (dir, pool, app)
}

/// POSTs JSON as a browser does (asking for brotli); returns status, the decoded body and the
/// bytes on the wire.
async fn post(app: &axum::Router, path: &str, body: Value) -> (StatusCode, Value, usize) {
    let body = body.to_string();
    let req = Request::post(path)
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .header("accept-encoding", "br")
        .body(Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let br = res
        .headers()
        .get("content-encoding")
        .is_some_and(|v| v == "br");
    let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    let wire = bytes.len();
    let plain = if br {
        let mut out = Vec::new();
        brotli_decompress(&bytes, &mut out);
        out
    } else {
        bytes.to_vec()
    };
    (
        status,
        serde_json::from_slice(&plain).unwrap_or(Value::Null),
        wire,
    )
}

fn brotli_decompress(input: &[u8], out: &mut Vec<u8>) {
    let mut r = brotli::Decompressor::new(input, 4096);
    std::io::Read::read_to_end(&mut r, out).unwrap();
}

async fn submit_n(app: &axum::Router, pool: &app::store::Db, n: usize) -> Vec<Receipt> {
    let f = common::form(pool, SERVICE).await;
    let mut out = Vec::new();
    for i in 0..n {
        let e = Envelope {
            id: format!("01936f3e-8b2a-7cde-9f01-{i:012x}"),
            service: SERVICE.into(),
            form_version: f.version,
            answers: common::valid_answers(&f),
            expect: None,
        };
        common::uploaded(pool, &e.id).await;
        let (status, body, _) = post(app, "/api/requests/submit", json!({ "envelope": e })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        out.push(serde_json::from_value(body).unwrap());
    }
    out
}

fn keys(receipts: &[Receipt]) -> Value {
    Value::Array(
        receipts
            .iter()
            .map(|r| json!({ "id": r.id, "token": r.token }))
            .collect(),
    )
}

#[tokio::test]
async fn a_receipt_carries_a_pin_and_a_token_the_same_every_time() {
    let (_dir, pool, app) = setup().await;
    let first = submit_n(&app, &pool, 1).await.remove(0);
    assert!(
        first.pin.len() == 6 && first.pin.bytes().all(|b| b.is_ascii_digit()),
        "{first:?}"
    );
    assert_eq!(first.token.len(), 32);
    assert_eq!(first.status, Status::Submitted);
    let again = submit_n(&app, &pool, 1).await.remove(0);
    assert_eq!(
        first, again,
        "the same envelope again: the same receipt, PIN and token included"
    );
    let (key, hash): (String, String) =
        common::on_db!(&pool, p => sqlx::query_as("SELECT pin_key, pin_hash FROM requests")
        .fetch_one(p)
        .await)
        .unwrap();
    let secrets = common::secrets_of(&_dir.path().join("data"));
    assert_eq!(
        (key.as_str(), hash.as_str()),
        (secrets.current_id().as_str(), ""),
        "neither the PIN nor a hash of it is stored, only which secret derives it"
    );
    let (due, agency): (String, String) =
        common::on_db!(&pool, p => sqlx::query_as("SELECT due_date, agency_slug FROM requests")
            .fetch_one(p)
            .await)
        .unwrap();
    assert_eq!(
        (due.as_str(), agency.as_str()),
        ("", "dukcapil"),
        "filed under its agency; akta-kelahiran sets no processing time in days"
    );
}

#[tokio::test]
async fn updates_return_only_what_changed_after_the_cursor_across_many_requests() {
    let (_dir, pool, app) = setup().await;
    let receipts = submit_n(&app, &pool, 50).await;
    let (status, all, wire_all) = post(
        &app,
        "/api/requests/updates",
        json!({ "since": 0, "keys": keys(&receipts) }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let all: RequestUpdates = serde_json::from_value(all).unwrap();
    assert_eq!(all.changed.len(), 50);
    assert!(all
        .changed
        .iter()
        .all(|r| r.status == Status::Submitted && r.timeline.len() == 1));

    let (_, same, wire_same) = post(
        &app,
        "/api/requests/updates",
        json!({ "since": all.cursor, "keys": keys(&receipts) }),
    )
    .await;
    assert_eq!(
        same,
        json!({ "changed": [], "cursor": all.cursor }),
        "nothing changed: a tiny answer"
    );

    // Three requests move on; only they come back, whole, with the new step.
    for r in &receipts[10..13] {
        act(
            &pool,
            &r.id,
            Action::Receive,
            Actor::Staff,
            Some("officer-1"),
            "Berkas diterima.",
            "cek KK",
        )
        .await
        .unwrap();
    }
    let (_, moved, _) = post(
        &app,
        "/api/requests/updates",
        json!({ "since": all.cursor, "keys": keys(&receipts) }),
    )
    .await;
    let moved: RequestUpdates = serde_json::from_value(moved).unwrap();
    let ids: Vec<&str> = moved.changed.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        receipts[10..13]
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
    );
    for r in &moved.changed {
        assert_eq!(r.status, Status::Received);
        assert_eq!(r.timeline.last().unwrap().note, "Berkas diterima.");
        assert!(
            !serde_json::to_string(r).unwrap().contains("cek KK"),
            "staff-only notes never reach the citizen"
        );
    }
    assert!(moved.cursor > all.cursor);

    // A key whose token is wrong reveals nothing, not even that the request exists.
    let forged = json!([{ "id": receipts[0].id, "token": "0".repeat(32) }]);
    let (_, none, _) = post(
        &app,
        "/api/requests/updates",
        json!({ "since": 0, "keys": forged }),
    )
    .await;
    assert_eq!(none, json!({ "changed": [], "cursor": 0 }));

    println!("request_updates on the wire (brotli): 50 requests from 0: {wire_all} B; unchanged: {wire_same} B");
}

#[tokio::test]
async fn tracking_by_reference_and_pin_gives_the_timeline_and_limits_guesses() {
    let (_dir, pool, app) = setup().await;
    let r = submit_n(&app, &pool, 1).await.remove(0);
    let reference = r.reference.to_string();
    let (status, found, _) = post(
        &app,
        "/api/requests/track",
        json!({ "reference": reference, "pin": r.pin }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["token"], json!(r.token));
    assert_eq!(found["request"]["reference"], json!(reference));
    assert_eq!(
        found["request"]["timeline"][0]["status"],
        json!("submitted")
    );

    // A wrong PIN and an unknown reference get the same answer, with nothing in it.
    let wrong_pin = if r.pin == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (s1, b1, _) = post(
        &app,
        "/api/requests/track",
        json!({ "reference": reference, "pin": wrong_pin }),
    )
    .await;
    let (s2, b2, _) = post(
        &app,
        "/api/requests/track",
        json!({ "reference": "AAAA-AAAA-A", "pin": r.pin }),
    )
    .await;
    assert_eq!((s1, s2), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(b1, b2);
    // Five wrong guesses per reference, then the door closes (even for the right PIN).
    for _ in 0..4 {
        assert_eq!(
            post(
                &app,
                "/api/requests/track",
                json!({ "reference": reference, "pin": wrong_pin })
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
    }
    let (status, _, _) = post(
        &app,
        "/api/requests/track",
        json!({ "reference": reference, "pin": r.pin }),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Bad input: a clear 4xx.
    for bad in [
        json!({ "reference": reference }),
        json!({ "reference": 7, "pin": [] }),
        json!("x"),
    ] {
        let (status, _, _) = post(&app, "/api/requests/track", bad).await;
        assert!(status.is_client_error(), "{status}");
    }
}

#[tokio::test]
async fn a_citizen_cancels_only_before_review_and_only_with_the_token() {
    let (_dir, pool, app) = setup().await;
    let rs = submit_n(&app, &pool, 2).await;
    let key = |r: &Receipt| json!({ "key": { "id": r.id, "token": r.token } });
    let (status, _, _) = post(
        &app,
        "/api/requests/cancel",
        json!({ "key": { "id": rs[0].id, "token": "f".repeat(32) } }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a wrong token cancels nothing"
    );
    let (status, view, _) = post(&app, "/api/requests/cancel", key(&rs[0])).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["status"], json!("cancelled"));
    act(
        &pool,
        &rs[1].id,
        Action::Receive,
        Actor::Staff,
        None,
        "",
        "",
    )
    .await
    .unwrap();
    act(&pool, &rs[1].id, Action::Review, Actor::Staff, None, "", "")
        .await
        .unwrap();
    let (status, _, _) = post(&app, "/api/requests/cancel", key(&rs[1])).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "review has started");
    let now: String =
        common::on_db!(&pool, p => sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
        .bind(&rs[1].id)
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!(now, "in_review");
}

#[tokio::test]
async fn property_the_store_never_leaves_the_status_machine() {
    let (_dir, pool, app) = setup().await;
    let rs = submit_n(&app, &pool, 6).await;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut below = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for r in &rs {
        let mut status = Status::Submitted;
        for _ in 0..25 {
            let a = Action::ALL[below(8) as usize];
            let who = if below(2) == 0 {
                Actor::Citizen
            } else {
                Actor::Staff
            };
            let expected = next(status, a, who);
            match act(&pool, &r.id, a, who, None, "", "").await {
                Ok(to) => {
                    assert_eq!(Ok(to), expected);
                    assert!(TRANSITIONS.contains(&(status, a, to)));
                    status = to;
                }
                Err(ActError::Refused(why)) => assert_eq!(Err(why), expected),
                Err(e) => panic!("{e}"),
            }
            let stored: String = common::on_db!(&pool, p => sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
                .bind(&r.id)
                .fetch_one(p)
                .await)
                .unwrap();
            assert_eq!(stored, status.code());
        }
        // The timeline holds exactly the steps taken, in order, and cannot be rewritten.
        let steps: Vec<String> = common::on_db!(&pool, p => sqlx::query_scalar(
            "SELECT status FROM request_events WHERE request_id = $1 ORDER BY seq",
        )
        .bind(&r.id)
        .fetch_all(p)
        .await)
        .unwrap();
        assert_eq!(steps.last().map(String::as_str), Some(status.code()));
        assert!(
            common::on_db!(&pool, p => sqlx::query("UPDATE request_events SET note = 'x'")
            .execute(p)
            .await.map(|r| r.rows_affected()))
            .is_err()
        );
        assert!(
            common::on_db!(&pool, p => sqlx::query("DELETE FROM request_events")
            .execute(p)
            .await.map(|r| r.rows_affected()))
            .is_err()
        );
    }
}

/// An argon2id hash of `pin` with the parameters requests were stored with before issue 14.
fn old_pin_hash(pin: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let params = argon2::Params::new(4096, 1, 1, None).unwrap();
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let salt = SaltString::encode_b64(b"loket-test-salt!").unwrap();
    argon
        .hash_password(pin.as_bytes(), &salt)
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_pin_hashed_before_still_opens_its_request_and_is_converted_to_its_secret() {
    use app::store::requests::{convert_hashed_pins, unlock};
    let (dir, pool, app) = setup().await;
    let receipt = submit_n(&app, &pool, 1).await.remove(0);
    let reference = receipt.reference.to_string();
    let secrets = common::secrets_of(&dir.path().join("data"));
    let wrong = if receipt.pin == "000000" {
        "111111"
    } else {
        "000000"
    };
    // As a request stored before issue 14 was: an argon2 hash of its PIN, no secret named.
    common::on_db!(&pool, p => sqlx::query("UPDATE requests SET pin_key = '', pin_hash = $1")
        .bind(old_pin_hash(&receipt.pin))
        .execute(p)
        .await.map(|r| r.rows_affected()))
    .unwrap();
    let open = async |pin: &str| unlock(&pool, &secrets, &reference, pin).await.unwrap();
    let pin = receipt.pin.as_str();
    assert_eq!(
        open(pin).await,
        Some(receipt.id.clone()),
        "the hash still checks the PIN"
    );
    assert_eq!(open(wrong).await, None);
    // The same receipt again (a retry of the same envelope), PIN included.
    assert_eq!(submit_n(&app, &pool, 1).await.remove(0), receipt);

    // Converted: the secret that derives it is found, and the hash is gone.
    assert_eq!(
        convert_hashed_pins(&pool, &secrets, "", 100).await.unwrap(),
        (1, Some(receipt.id.clone()))
    );
    let (key, hash): (String, String) =
        common::on_db!(&pool, p => sqlx::query_as("SELECT pin_key, pin_hash FROM requests")
        .fetch_one(p)
        .await)
        .unwrap();
    assert_eq!((key, hash), (secrets.current_id(), String::new()));
    assert_eq!(
        open(pin).await,
        Some(receipt.id.clone()),
        "derived again, it still opens"
    );
    assert_eq!(open(wrong).await, None);
    assert_eq!(
        convert_hashed_pins(&pool, &secrets, "", 100).await.unwrap(),
        (0, None),
        "nothing left to convert"
    );

    // A request whose secret is no longer in force keeps its hash, and its PIN still opens it.
    let retired = app::keys::Secrets::new(vec![[7; 32]]).unwrap();
    common::on_db!(&pool, p => sqlx::query("UPDATE requests SET pin_key = '', pin_hash = $1")
        .bind(old_pin_hash(&retired.pin(&receipt.id)))
        .execute(p)
        .await.map(|r| r.rows_affected()))
    .unwrap();
    assert_eq!(
        convert_hashed_pins(&pool, &secrets, "", 100).await.unwrap(),
        (0, Some(receipt.id.clone()))
    );
    assert_eq!(
        open(&retired.pin(&receipt.id)).await,
        Some(receipt.id.clone())
    );
}
