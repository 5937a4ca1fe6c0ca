//! `GET /api/catalogue/changes` through the real router: from the start (a cursor of 0, or one
//! that must start again) the kept answer (`server::changes`) is the very delta the store gives,
//! in every coding a client asks for, and follows the catalogue when it moves; any other cursor
//! is the server function's, as before.

mod common;

use app::domain::catalogue::{CatalogueDelta, Cursor};
use app::store::Db;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use server::encoding::{decompress, Coding};
use tower::ServiceExt;

const GONE: &str = "ktp-el-baru";

/// The answer to `path` asked with `accept` (`Accept-Encoding`), decoded: status, headers, text.
async fn ask(app: &axum::Router, path: &str, accept: &str) -> (StatusCode, HeaderMap, String) {
    let req = Request::get(path)
        .header(header::ACCEPT_ENCODING, accept)
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .unwrap();
    let coding = headers
        .get(header::CONTENT_ENCODING)
        .map(|c| match c.to_str().unwrap() {
            "br" => Coding::Br,
            "gzip" => Coding::Gzip,
            other => panic!("coding {other}"),
        });
    let text = match coding {
        Some(c) => decompress(&bytes, c).unwrap(),
        None => bytes.to_vec(),
    };
    (status, headers, String::from_utf8(text).unwrap())
}

/// The store's delta for `since` of `client`, as the server function writes it.
async fn store_delta(pool: &Db, since: i64, client: Option<&str>) -> String {
    let delta = app::store::catalogue::changes_since(pool, Cursor(since), client)
        .await
        .unwrap();
    serde_json::to_string(&delta).unwrap()
}

/// Every way of asking for `path` gives `want`, each in the coding it asked for.
async fn every_coding(app: &axum::Router, path: &str, want: &str) {
    for (accept, coding) in [
        ("gzip, deflate, br", Some("br")),
        ("br;q=0, gzip", Some("gzip")),
        ("identity", None),
    ] {
        let (status, headers, text) = ask(app, path, accept).await;
        assert_eq!(status, StatusCode::OK, "{path} {accept}");
        assert_eq!(
            headers
                .get(header::CONTENT_ENCODING)
                .map(|c| c.to_str().unwrap()),
            coding,
            "{path} {accept}"
        );
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{path}");
        assert_eq!(headers.get_all(header::VARY).iter().count(), 1, "{path}");
        assert_eq!(text, want, "{path} {accept}");
    }
}

#[tokio::test]
async fn the_delta_from_the_start_is_the_stores_in_every_coding_and_follows_the_catalogue() {
    let (dir, pool) = common::database().await;
    let serve = common::serve(dir.path());
    let app = server::http::router(pool.clone(), &dir.path().join("data"), &serve).unwrap();

    // From the start: every service, as the store gives it.
    let first = store_delta(&pool, 0, None).await;
    let delta: CatalogueDelta = serde_json::from_str(&first).unwrap();
    assert!(
        !delta.reset && delta.changed.len() > 20,
        "{}",
        delta.changed.len()
    );
    let id = delta.catalogue.clone();
    every_coding(&app, "/api/catalogue/changes?since=0", &first).await;
    // Asked again, and with the catalogue named: the same.
    every_coding(
        &app,
        &format!("/api/catalogue/changes?since=0&catalogue={id}"),
        &first,
    )
    .await;

    // A cursor to follow: the server function's answer, as before (its type as this one's).
    let head = delta.cursor.0;
    let (status, headers, text) = ask(
        &app,
        &format!("/api/catalogue/changes?since={head}&catalogue={id}"),
        "identity",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(text, store_delta(&pool, head, Some(&id)).await);
    let none: CatalogueDelta = serde_json::from_str(&text).unwrap();
    assert!(none.changed.is_empty() && none.withdrawn.is_empty() && none.cursor.0 == head);

    // The catalogue moves (a service withdrawn by an import, as by another server): the answer
    // from the start follows at once, and names the withdrawal.
    common::withdraw(&pool, GONE).await;
    let moved = store_delta(&pool, 0, None).await;
    let after: CatalogueDelta = serde_json::from_str(&moved).unwrap();
    assert!(after.cursor.0 > head);
    assert!(
        after.withdrawn.iter().any(|s| s == GONE),
        "{:?}",
        after.withdrawn
    );
    assert!(!after
        .changed
        .iter()
        .any(|d| d.service().unwrap().slug == GONE));
    every_coding(&app, "/api/catalogue/changes?since=0", &moved).await;

    // A cursor of another catalogue, or past the head: start again (reset), without the
    // withdrawn service, as the store says.
    for path in [
        format!("/api/catalogue/changes?since={head}&catalogue=another"),
        format!("/api/catalogue/changes?since={}", after.cursor.0 + 1000),
    ] {
        let reset = store_delta(&pool, head, Some("another")).await;
        let r: CatalogueDelta = serde_json::from_str(&reset).unwrap();
        assert!(r.reset && r.withdrawn.is_empty() && r.changed.len() == after.changed.len());
        every_coding(&app, &path, &reset).await;
    }
    // The first sync's answer is still the one kept beside the reset's.
    every_coding(&app, "/api/catalogue/changes?since=0", &moved).await;

    // A query this route does not read goes on to the server function: the same answer.
    let (status, _, text) = ask(&app, "/api/catalogue/changes?since=0&more=1", "identity").await;
    assert_eq!((status, text), (StatusCode::OK, moved.clone()));
    // What the server function refuses, it still refuses.
    for bad in ["since=x", ""] {
        let (status, _, _) = ask(&app, &format!("/api/catalogue/changes?{bad}"), "identity").await;
        assert!(
            status.is_client_error() || status.is_server_error(),
            "{bad}: {status}"
        );
    }
}

/// Requests that find nothing kept wait for one writing instead of each reading and writing
/// the whole catalogue: twelve at once, then twelve again, write one answer.
#[tokio::test]
async fn many_first_requests_at_once_write_the_answer_once() {
    let (_dir, pool) = common::database().await;
    let from_start = server::changes::FromStart::default();
    let mut br = HeaderMap::new();
    br.insert(header::ACCEPT_ENCODING, "br".parse().unwrap());
    let want = store_delta(&pool, 0, None).await;
    for _ in 0..2 {
        let asks = (0..12).map(|_| from_start.answer(&pool, 0, None, &br));
        for answer in futures_util::future::join_all(asks).await {
            let res = answer.unwrap().expect("an answer from the start");
            let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
                .await
                .unwrap();
            let text = decompress(&bytes, Coding::Br).unwrap();
            assert_eq!(String::from_utf8(text).unwrap(), want);
        }
    }
    assert_eq!(from_start.writes(), 1);
}

/// A kept answer of national size is compressed as small as the compression layer makes it:
/// a generated catalogue of 3,000 services (17 MB of text, as varied as real text) in brotli
/// is well under half its gzip. Without the input's size as its hint, the brotli encoder fell
/// behind gzip there (2.07 MB against 2.36; the 57 MB delta from the start: 9.4 MB, the
/// compression layer's 2.5 MB).
#[test]
fn a_large_answer_is_compressed_as_small_as_the_layer_makes_it() {
    use server::encoding::{compress, Effort};
    use server::generate::{generate, Sizes};
    let out = tempfile::tempdir().unwrap();
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue");
    let sizes = Sizes {
        seed: 14,
        services: 3_000,
        agencies: 150,
        provinces: 38,
    };
    generate(&seed, out.path(), &sizes).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let text: Vec<u8> = files
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(text.len() > 16 << 20, "{} bytes", text.len());
    let br = compress(&text, Coding::Br, Effort::Layer).unwrap();
    let gzip = compress(&text, Coding::Gzip, Effort::Layer).unwrap();
    assert!(
        br.len() * 2 < gzip.len(),
        "brotli {} against gzip {}",
        br.len(),
        gzip.len()
    );
    assert_eq!(decompress(&br, Coding::Br).unwrap(), text);
}
