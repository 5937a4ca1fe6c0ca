//! Deploys that cannot half-break (issue 8, item 11): the server serves the static files it read
//! at start, whatever happens to the build directory afterwards; pages and `/sw.js` name only
//! files it holds; a start refuses a site that lacks a file its `hash.txt` names.

mod built_site;
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use server::config::Serve;
use server::http;
use std::io::Read;
use std::path::Path;
use tower::ServiceExt;

/// Settings for a router over the hashed site written by [`built_site::write`].
fn settings(dir: &Path) -> Serve {
    let site = built_site::write(dir);
    Serve {
        hash_file: Some(site.join("hash.txt")),
        ..common::serve(dir)
    }
}

/// `GET path` with `accept_encoding`: status, headers and body bytes.
async fn get(
    app: &axum::Router,
    path: &str,
    accept_encoding: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = Request::get(path)
        .header(header::ACCEPT_ENCODING, accept_encoding)
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    (status, headers, bytes.to_vec())
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn a_pkg_file_keeps_its_bytes_after_it_is_deleted_or_rewritten_on_disk() {
    let (dir, pool) = common::database().await;
    let serve = settings(dir.path());
    let app = http::router(pool, &dir.path().join("data"), &serve).unwrap();
    let path = built_site::js_path();
    let on_disk = serve.site_root.join(path.trim_start_matches('/'));
    let (status, headers, before) = get(&app, &path, "identity").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(before, built_site::js());
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    for copy in ["", ".br", ".gz"] {
        std::fs::remove_file(format!("{}{copy}", on_disk.display())).unwrap();
    }
    let (status, _, after_delete) = get(&app, &path, "identity").await;
    assert_eq!(
        (status, &after_delete),
        (StatusCode::OK, &before),
        "deleted on disk, still served from memory"
    );
    let (status, headers, br) = get(&app, &path, "gzip, deflate, br").await;
    assert_eq!(
        (status, headers[header::CONTENT_ENCODING].to_str().unwrap()),
        (StatusCode::OK, "br")
    );
    assert_eq!(unbrotli(&br), before);

    std::fs::write(&on_disk, b"export const rebuilt = true;").unwrap();
    let (status, _, after_rewrite) = get(&app, &path, "identity").await;
    assert_eq!(
        (status, &after_rewrite),
        (StatusCode::OK, &before),
        "rewritten on disk, the start's bytes still served"
    );
}

#[tokio::test]
async fn a_rebuild_under_the_server_changes_neither_the_pages_nor_the_service_worker() {
    let (dir, pool) = common::database().await;
    let serve = settings(dir.path());
    let app = http::router(pool, &dir.path().join("data"), &serve).unwrap();
    let (_, _, sw_before) = get(&app, "/sw.js", "identity").await;
    let (status, _, page_before) = get(&app, "/", "identity").await;
    assert_eq!(status, StatusCode::OK);
    let page_before = String::from_utf8(page_before).unwrap();
    assert!(
        page_before.contains(&built_site::js_path()),
        "the page links the hashed JS"
    );

    // A rebuild: new names, new hash.txt, the old files gone.
    let pkg = serve.site_root.join("pkg");
    std::fs::remove_dir_all(&pkg).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    let new = "BBBBBBBBBBBBBBBBBBBBBB";
    for ext in ["js", "wasm", "css"] {
        std::fs::write(pkg.join(format!("loket.{new}.{ext}")), b"new build").unwrap();
    }
    std::fs::write(
        serve.site_root.join("hash.txt"),
        format!("js: {new}\nwasm: {new}\ncss: {new}\n"),
    )
    .unwrap();

    let (_, _, sw_after) = get(&app, "/sw.js", "identity").await;
    assert_eq!(sw_after, sw_before);
    let (_, _, page_after) = get(&app, "/", "identity").await;
    let page_after = String::from_utf8(page_after).unwrap();
    assert!(
        page_after.contains(&built_site::js_path()) && !page_after.contains(new),
        "pages name what this process holds"
    );
    let sw = String::from_utf8(sw_after).unwrap();
    let list = sw
        .lines()
        .find_map(|l| l.strip_prefix("const PRECACHE = "))
        .unwrap()
        .trim_end_matches(';');
    let list: Vec<String> = serde_json::from_str(list).unwrap();
    assert!(
        list.contains(&built_site::js_path()) && list.contains(&"/icons/icon-512.png".to_string()),
        "{list:?}"
    );
    for url in list.iter().filter(|u| {
        u.starts_with("/pkg/") || u.starts_with("/icons/") || u.ends_with(".webmanifest")
    }) {
        assert_eq!(
            get(&app, url, "br").await.0,
            StatusCode::OK,
            "{url} is precached, so it must answer"
        );
    }
}

#[tokio::test]
async fn a_start_with_a_listed_file_missing_is_refused() {
    let (dir, pool) = common::database().await;
    let serve = settings(dir.path());
    std::fs::remove_file(
        serve
            .site_root
            .join(format!("pkg/loket.{}.wasm", built_site::HASH)),
    )
    .unwrap();
    let refused = http::router(pool.clone(), &dir.path().join("data"), &serve)
        .expect_err("a site without its WASM is refused");
    let message = format!("{refused:#}");
    assert!(
        message.contains(&format!("/pkg/loket.{}.wasm", built_site::HASH)),
        "names the missing file: {message}"
    );

    // The split manifest lists WASM parts: each must be there too.
    let (dir, pool) = common::database().await;
    let serve = settings(dir.path());
    let manifest = "MMMMMMMMMMMMMMMMMMMMMM";
    let pkg = serve.site_root.join("pkg");
    std::fs::write(
        pkg.join(format!("__wasm_split_manifest.{manifest}.json")),
        r#"{"page":["split_page.PPPP"]}"#,
    )
    .unwrap();
    std::fs::write(pkg.join("__wasm_split.SSSS.js"), b"export {}").unwrap();
    let hashes = std::fs::read_to_string(serve.site_root.join("hash.txt")).unwrap();
    std::fs::write(
        serve.site_root.join("hash.txt"),
        format!("{hashes}manifest: {manifest}\nsplit: SSSS\n"),
    )
    .unwrap();
    let refused = http::router(pool, &dir.path().join("data"), &serve)
        .expect_err("a missing WASM part is refused");
    assert!(
        format!("{refused:#}").contains("/pkg/split_page.PPPP.wasm"),
        "{refused:#}"
    );
}

#[tokio::test]
async fn hashed_files_without_a_hash_file_are_refused() {
    let (dir, pool) = common::database().await;
    let serve = Serve {
        hash_file: None,
        ..settings(dir.path())
    };
    let refused = http::router(pool, &dir.path().join("data"), &serve).expect_err("refused");
    assert!(format!("{refused:#}").contains("hash.txt"), "{refused:#}");
}

#[tokio::test]
async fn encodings_are_negotiated_br_then_gzip_then_identity() {
    let (dir, pool) = common::database().await;
    let serve = settings(dir.path());
    let app = http::router(pool, &dir.path().join("data"), &serve).unwrap();
    let path = built_site::js_path();
    let cases = [
        ("br, gzip", Some("br")),
        ("gzip", Some("gzip")),
        ("br;q=0, gzip", Some("gzip")),
        ("*", Some("br")),
        ("", None),
    ];
    for (accept, expected) in cases {
        let (status, headers, body) = get(&app, &path, accept).await;
        assert_eq!(status, StatusCode::OK, "{accept}");
        assert_eq!(
            headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            expected,
            "{accept}"
        );
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        if expected.is_none() {
            assert_eq!(body, built_site::js());
        }
    }
    let (_, headers, _) = get(&app, &path, "br").await;
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let req = Request::get(&path)
        .header(header::ACCEPT_ENCODING, "br")
        .header(header::IF_NONE_MATCH, &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.clone().oneshot(req).await.unwrap().status(),
        StatusCode::NOT_MODIFIED
    );
    let (status, headers, _) = get(&app, "/manifest.webmanifest", "gzip").await;
    assert_eq!(
        (status, headers[header::CACHE_CONTROL].to_str().unwrap()),
        (StatusCode::OK, "public, max-age=86400")
    );
    assert_eq!(headers[header::CONTENT_TYPE], "application/manifest+json");
    assert_eq!(
        get(&app, "/pkg/nothing.js", "br").await.0,
        StatusCode::NOT_FOUND
    );
}
