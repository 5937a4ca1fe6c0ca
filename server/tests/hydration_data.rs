//! A server-rendered page is sent once. The document holds the page; its hydration data (the
//! page resource's value, for the phone's app to take over) carries a fingerprint of the HTML,
//! never the HTML a second time (`ui::pages::hydration`).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::http;
use tower::ServiceExt;

/// The statements that hand the resources' values to the phone: `__RESOLVED_RESOURCES[n] = "…";`.
fn hydration_data(body: &str) -> Vec<&str> {
    body.match_indices("__RESOLVED_RESOURCES[")
        .map(|(at, _)| {
            let rest = &body[at..];
            &rest[..rest.find("\";").map_or(rest.len(), |end| end + 2)]
        })
        .collect()
}

/// The HTML inside the page's `<div class="page">`, up to the end of the document's `<main>`.
fn page_html(body: &str) -> &str {
    let start = body.find("<div class=\"page\">").expect("the page's div") + 18;
    let end = body[start..]
        .find("</main>")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}

#[tokio::test]
async fn the_page_is_in_the_document_once_and_not_in_its_hydration_data() {
    let (dir, pool) = common::database().await;
    let app = http::router(pool, &dir.path().join("data"), &common::serve(dir.path())).unwrap();
    for path in [
        "/",
        "/layanan",
        "/layanan/akta-kelahiran",
        "/cari?q=akta",
        "/kategori/kependudukan",
        "/kinerja",
        "/layanan/akta-kelahiran/tanya-jawab",
        "/layanan/tidak-ada",
    ] {
        let res = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_ne!(res.status(), StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = String::from_utf8(bytes.to_vec()).unwrap();
        let page = page_html(&body);
        assert!(
            page.contains("<h1"),
            "{path}: the page is rendered: {page:.300}"
        );
        let data = hydration_data(&body);
        assert!(!data.is_empty(), "{path}: the page resource is handed over");
        for statement in &data {
            assert!(
                !statement.contains("<h1") && statement.len() < 1_000,
                "{path}: the hydration data carries no page ({} bytes): {statement:.300}",
                statement.len()
            );
        }
        // The fingerprint stands where the HTML was.
        assert!(
            data.iter().any(|s| s.contains(r#"\"html\":\"\\u0001"#)),
            "{path}: {data:?}"
        );
    }
}
