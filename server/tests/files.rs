//! Uploading files through the real router on a real SQLite file: in chunks, resumed after a
//! break, refused clearly (wrong offset, kind, hash, size, name, query) with nothing stored
//! that should not be, and never two appends to one file at once.

mod common;

use app::store::files::{count, stored, StoredFile};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use server::files::MAX_FILE_BYTES;
use server::http;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use tower::ServiceExt;

const CHUNK: usize = 64 * 1024;
/// The application the uploads here are for (an upload belongs to one: see `uploads_quota.rs`).
const KEY: &str = "01936f3e-8b2a-7cde-9f01-0000000000f1";

/// A temp dir with a database, a site and a data dir, and the router on them.
struct Server {
    dir: tempfile::TempDir,
    pool: app::store::Db,
    app: axum::Router,
}

impl Server {
    async fn start() -> Server {
        let (dir, pool) = common::empty_database().await;
        let app = http::router(
            pool.clone(),
            &dir.path().join("data"),
            &common::serve(dir.path()),
        )
        .unwrap();
        Server { dir, pool, app }
    }

    fn complete_path(&self, sha: &str) -> PathBuf {
        self.dir.path().join("data/files").join(sha)
    }

    fn partial_path(&self, sha: &str) -> PathBuf {
        self.dir
            .path()
            .join("data/files/partial")
            .join(format!("{KEY}-{sha}"))
    }

    async fn send(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        assert_eq!(
            res.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{status}"
        );
        let bytes = axum::body::to_bytes(res.into_body(), 1024 * 1024)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("{status}: not JSON: {}", String::from_utf8_lossy(&bytes)));
        (status, body)
    }

    async fn put_raw(&self, sha: &str, query: &str, bytes: &[u8]) -> (StatusCode, Value) {
        // as a phone sends it: with its length
        let req = Request::put(format!("/api/files/{sha}{query}"))
            .header("content-type", "application/octet-stream")
            .header("content-length", bytes.len())
            .body(Body::from(bytes.to_vec()))
            .unwrap();
        self.send(req).await
    }

    async fn put(
        &self,
        sha: &str,
        offset: usize,
        total: usize,
        bytes: &[u8],
    ) -> (StatusCode, Value) {
        self.put_raw(
            sha,
            &format!("?key={KEY}&offset={offset}&total={total}"),
            bytes,
        )
        .await
    }

    async fn get(&self, sha: &str) -> (StatusCode, Value) {
        self.send(
            Request::get(format!("/api/files/{sha}?key={KEY}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    async fn stored(&self, sha: &str) -> Option<StoredFile> {
        stored(&self.pool, sha).await.unwrap()
    }
}

/// `len` bytes of a file of the kind `magic` says (the rest is noise that does not compress).
fn file(magic: &[u8], len: usize) -> Vec<u8> {
    let mut bytes = magic.to_vec();
    let mut x: u32 = 2_463_534_242;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    bytes
}

fn jpeg(len: usize) -> Vec<u8> {
    file(b"\xFF\xD8\xFF\xE0\x00\x10JFIF", len)
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A refusal: the code, and text for a person in both languages.
fn assert_refused(status: StatusCode, body: &Value, want_status: StatusCode, code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"], code, "{body}");
    for lang in ["id", "en"] {
        assert!(
            body["message"][lang].as_str().is_some_and(|t| t.len() > 10),
            "{lang} text: {body}"
        );
    }
}

#[tokio::test]
async fn a_file_in_three_chunks_is_stored_whole_and_listed() {
    let s = Server::start().await;
    let bytes = jpeg(2 * CHUNK + 20_000);
    let (name, total) = (sha(&bytes), bytes.len());
    assert_eq!(
        s.get(&name).await,
        (StatusCode::OK, json!({ "received": 0, "complete": false }))
    );

    let (status, body) = s.put(&name, 0, total, &bytes[..CHUNK]).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "received": CHUNK, "complete": false })
        )
    );
    let (status, body) = s.put(&name, CHUNK, total, &bytes[CHUNK..2 * CHUNK]).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "received": 2 * CHUNK, "complete": false })
        )
    );
    assert!(
        s.stored(&name).await.is_none(),
        "not listed before it is complete"
    );
    let (status, body) = s.put(&name, 2 * CHUNK, total, &bytes[2 * CHUNK..]).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::CREATED,
            json!({ "received": total, "complete": true, "media_type": "image/jpeg" })
        )
    );

    let row = s.stored(&name).await.expect("listed");
    assert_eq!(
        row,
        StoredFile {
            sha256: name.clone(),
            size: total as i64,
            media_type: "image/jpeg".into()
        }
    );
    assert_eq!(std::fs::read(s.complete_path(&name)).unwrap(), bytes);
    assert!(!s.partial_path(&name).exists());
    let (status, body) = s.get(&name).await;
    assert_eq!(
        (
            status,
            body["received"].as_u64(),
            body["complete"].as_bool()
        ),
        (StatusCode::OK, Some(total as u64), Some(true))
    );
}

#[tokio::test]
async fn png_and_pdf_are_accepted_and_an_upper_case_name_is_lowercased() {
    let s = Server::start().await;
    for (bytes, kind) in [
        (file(b"\x89PNG\r\n\x1A\n", 1000), "image/png"),
        (file(b"%PDF-1.7\n", 3000), "application/pdf"),
    ] {
        let name = sha(&bytes);
        let (status, body) = s.put(&name.to_uppercase(), 0, bytes.len(), &bytes).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["media_type"], kind);
        assert_eq!(
            s.stored(&name).await.map(|f| f.media_type),
            Some(kind.to_string())
        );
        assert_eq!(s.get(&name.to_uppercase()).await.1["complete"], true);
    }
}

#[tokio::test]
async fn an_upload_resumes_from_what_the_server_says_it_holds() {
    let s = Server::start().await;
    let bytes = jpeg(3 * CHUNK);
    let (name, total) = (sha(&bytes), bytes.len());
    assert_eq!(
        s.put(&name, 0, total, &bytes[..CHUNK]).await.0,
        StatusCode::OK
    );
    // the signal dropped; the phone asks where to go on
    let (status, body) = s.get(&name).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "received": CHUNK, "complete": false })
        )
    );
    let from = CHUNK;
    assert_eq!(
        s.put(&name, from, total, &bytes[from..2 * CHUNK]).await.0,
        StatusCode::OK
    );
    let (status, body) = s.put(&name, 2 * CHUNK, total, &bytes[2 * CHUNK..]).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(std::fs::read(s.complete_path(&name)).unwrap(), bytes);
}

#[tokio::test]
async fn a_chunk_at_the_wrong_offset_is_refused_with_what_is_held() {
    let s = Server::start().await;
    let bytes = jpeg(3 * CHUNK);
    let (name, total) = (sha(&bytes), bytes.len());
    s.put(&name, 0, total, &bytes[..CHUNK]).await;
    for offset in [0, CHUNK - 1, 2 * CHUNK] {
        let (status, body) = s
            .put(&name, offset, total, &bytes[offset..offset + 10])
            .await;
        assert_refused(status, &body, StatusCode::CONFLICT, "offset_mismatch");
        assert_eq!(body["received"], CHUNK, "{body}");
    }
    assert_eq!(
        std::fs::metadata(s.partial_path(&name)).unwrap().len(),
        CHUNK as u64,
        "nothing appended"
    );
    // past the total
    let (status, body) = s
        .put(&name, CHUNK, CHUNK + 10, &bytes[CHUNK..2 * CHUNK])
        .await;
    assert_refused(status, &body, StatusCode::BAD_REQUEST, "beyond_total");
    assert_eq!(
        std::fs::metadata(s.partial_path(&name)).unwrap().len(),
        CHUNK as u64,
        "nothing appended"
    );
}

#[tokio::test]
async fn a_complete_file_is_not_written_again() {
    let s = Server::start().await;
    let bytes = jpeg(CHUNK + 5);
    let (name, total) = (sha(&bytes), bytes.len());
    assert_eq!(s.put(&name, 0, total, &bytes).await.0, StatusCode::CREATED);
    let written = std::fs::metadata(s.complete_path(&name))
        .unwrap()
        .modified()
        .unwrap();
    let expected = json!({ "received": total, "complete": true, "media_type": "image/jpeg" });
    // the same again, other bytes at the start, and an offset from nowhere: all answered as done
    for (offset, body) in [
        (0, bytes.clone()),
        (0, b"GIF89a garbage".to_vec()),
        (12345, vec![0u8; 10]),
    ] {
        let (status, answer) = s.put(&name, offset, total, &body).await;
        assert_eq!((status, answer), (StatusCode::OK, expected.clone()));
    }
    assert_eq!(std::fs::read(s.complete_path(&name)).unwrap(), bytes);
    assert_eq!(
        std::fs::metadata(s.complete_path(&name))
            .unwrap()
            .modified()
            .unwrap(),
        written
    );
    assert!(!s.partial_path(&name).exists());
    assert_eq!(count(&s.pool).await.unwrap(), 1);
}

#[tokio::test]
async fn a_file_of_another_kind_is_refused_before_anything_is_stored() {
    let s = Server::start().await;
    for bytes in [
        file(b"GIF89a", 5000),
        file(b"PK\x03\x04", 5000),
        b"\xFF\xD8".to_vec(),
    ] {
        let name = sha(&bytes);
        let (status, body) = s.put(&name, 0, bytes.len(), &bytes).await;
        assert_refused(
            status,
            &body,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        );
        assert!(
            body["message"]["id"]
                .as_str()
                .unwrap()
                .contains("JPEG/PNG atau PDF"),
            "{body}"
        );
        assert!(!s.partial_path(&name).exists() && !s.complete_path(&name).exists());
        assert_eq!(
            s.get(&name).await.1,
            json!({ "received": 0, "complete": false })
        );
    }
    assert_eq!(count(&s.pool).await.unwrap(), 0);
}

#[tokio::test]
async fn bytes_that_do_not_match_their_name_are_thrown_away() {
    let s = Server::start().await;
    let bytes = jpeg(2 * CHUNK);
    let mut damaged = bytes.clone();
    damaged[CHUNK + 7] ^= 1;
    let (name, total) = (sha(&bytes), bytes.len());
    assert_eq!(
        s.put(&name, 0, total, &damaged[..CHUNK]).await.0,
        StatusCode::OK
    );
    let (status, body) = s.put(&name, CHUNK, total, &damaged[CHUNK..]).await;
    assert_refused(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "hash_mismatch",
    );
    assert!(!s.partial_path(&name).exists(), "partial removed");
    assert!(!s.complete_path(&name).exists());
    assert!(s.stored(&name).await.is_none());
    assert_eq!(
        s.get(&name).await.1,
        json!({ "received": 0, "complete": false })
    );
    // and the phone can start again
    assert_eq!(
        s.put(&name, 0, total, &bytes[..CHUNK]).await.0,
        StatusCode::OK
    );
    assert_eq!(
        s.put(&name, CHUNK, total, &bytes[CHUNK..]).await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn sizes_names_and_queries_out_of_bounds_are_refused_clearly() {
    let s = Server::start().await;
    let bytes = jpeg(1000);
    let name = sha(&bytes);
    let max = MAX_FILE_BYTES as usize;

    let (status, body) = s.put(&name, 0, max + 1, &bytes).await;
    assert_refused(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    assert_eq!(body["max_bytes"], MAX_FILE_BYTES);
    let (status, body) = s.put(&name, 0, 0, b"").await;
    assert_refused(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "empty_file");

    for bad in [
        "abc".to_string(),
        "g".repeat(64),
        "a".repeat(65),
        format!("{}%2F", "a".repeat(62)),
    ] {
        let (status, body) = s.put(&bad, 0, bytes.len(), &bytes).await;
        assert_refused(status, &body, StatusCode::BAD_REQUEST, "bad_sha256");
        let (status, body) = s.get(&bad).await;
        assert_refused(status, &body, StatusCode::BAD_REQUEST, "bad_sha256");
    }

    for query in [
        "",
        "?offset=0",
        "?total=1000",
        "?offset=x&total=1000",
        "?offset=0&total=-1",
        "?offset=0&total=1e3",
    ] {
        let (status, body) = s.put_raw(&name, query, &bytes).await;
        assert_refused(status, &body, StatusCode::BAD_REQUEST, "bad_query");
        assert!(
            body["message"]["en"]
                .as_str()
                .unwrap()
                .contains("offset and total"),
            "{body}"
        );
    }
    assert!(!s.partial_path(&name).exists());
    assert_eq!(count(&s.pool).await.unwrap(), 0);
}

#[tokio::test]
async fn a_chunk_over_the_body_limit_is_refused() {
    let s = Server::start().await;
    let bytes = jpeg(300 * 1024);
    let name = sha(&bytes);
    // with its length: the router's limit answers at once
    let res = s
        .app
        .clone()
        .oneshot(
            Request::put(format!(
                "/api/files/{name}?key={KEY}&offset=0&total={}",
                bytes.len()
            ))
            .header("content-length", bytes.len())
            .body(Body::from(bytes.clone()))
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // without its length (streamed): found out while reading
    let stream = futures_util::stream::iter(
        bytes
            .chunks(CHUNK)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let req = Request::put(format!(
        "/api/files/{name}?key={KEY}&offset=0&total={}",
        bytes.len()
    ))
    .body(Body::from_stream(stream))
    .unwrap();
    let (status, body) = s.send(req).await;
    assert_refused(
        status,
        &body,
        StatusCode::PAYLOAD_TOO_LARGE,
        "chunk_too_large",
    );
    assert!(!s.partial_path(&name).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn appends_to_one_file_at_once_do_not_interleave() {
    let s = Server::start().await;
    let bytes = jpeg(4 * CHUNK);
    let (name, total) = (sha(&bytes), bytes.len());
    // 12 copies of the first chunk at once: one is appended, the rest learn what is held
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let (app, name, chunk) = (s.app.clone(), name.clone(), bytes[..CHUNK].to_vec());
        tasks.push(tokio::spawn(async move {
            let req = Request::put(format!(
                "/api/files/{name}?key={KEY}&offset=0&total={total}"
            ))
            .body(Body::from(chunk))
            .unwrap();
            let res = app.oneshot(req).await.unwrap();
            let status = res.status();
            let body: Value = serde_json::from_slice(
                &axum::body::to_bytes(res.into_body(), 1 << 20)
                    .await
                    .unwrap(),
            )
            .unwrap();
            (status, body)
        }));
    }
    let mut appended = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(body["received"], CHUNK, "{status} {body}");
        match status {
            StatusCode::OK => appended += 1,
            StatusCode::CONFLICT => assert_eq!(body["error"], "offset_mismatch"),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(appended, 1);
    assert_eq!(
        std::fs::read(s.partial_path(&name)).unwrap(),
        &bytes[..CHUNK]
    );
    // then the rest, each chunk sent twice at once
    for at in (CHUNK..total).step_by(CHUNK) {
        let end = (at + CHUNK).min(total);
        let (a, b) = tokio::join!(
            s.put(&name, at, total, &bytes[at..end]),
            s.put(&name, at, total, &bytes[at..end])
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        let done = if end == total {
            StatusCode::OK
        } else {
            StatusCode::CONFLICT
        };
        let first = if end == total {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        assert_eq!(
            statuses.iter().filter(|s| **s == first).count(),
            1,
            "{a:?} {b:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == done).count(),
            1,
            "{a:?} {b:?}"
        );
    }
    assert_eq!(std::fs::read(s.complete_path(&name)).unwrap(), bytes);
    assert_eq!(count(&s.pool).await.unwrap(), 1);
}

#[tokio::test]
async fn a_complete_file_the_listing_missed_is_listed_when_sent_again() {
    // the server stopped between moving the file into place and listing it: not complete for
    // anyone yet, so the phone sends it again, and it is listed (still one copy)
    let s = Server::start().await;
    let bytes = file(b"%PDF-1.4", 777);
    let name = sha(&bytes);
    std::fs::write(s.complete_path(&name), &bytes).unwrap();
    let (status, body) = s.get(&name).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "received": 0, "complete": false }))
    );
    let (status, body) = s.put(&name, 0, bytes.len(), &bytes).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::CREATED,
            json!({ "received": 777, "complete": true, "media_type": "application/pdf" })
        )
    );
    assert_eq!(s.stored(&name).await.map(|f| f.size), Some(777));
    assert_eq!(std::fs::read(s.complete_path(&name)).unwrap(), bytes);
}
