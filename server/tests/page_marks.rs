//! The mark the service worker reads: a page drawn from the catalogue carries
//! `X-Loket-Page: catalogue`, so the worker drops its kept copy when the phone's catalogue
//! changes (the phone then renders the page from its newer copy). Pages only the server renders
//! (`/kinerja`, a service's questions, the account, the back office) and answers that are not
//! pages carry no mark: dropping them would lose the only copy a phone has offline.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::http::{self, CATALOGUE_PAGE};
use tower::ServiceExt;

#[tokio::test]
async fn only_pages_drawn_from_the_catalogue_are_marked() {
    let (dir, pool) = common::database().await;
    let app = http::router(pool, &dir.path().join("data"), &common::serve(dir.path())).unwrap();
    let mark = |path: &'static str| {
        let app = app.clone();
        async move {
            let res = app
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_ne!(res.status(), StatusCode::INTERNAL_SERVER_ERROR, "{path}");
            res.headers()
                .get(CATALOGUE_PAGE.0)
                .map(|v| v.to_str().unwrap().to_string())
        }
    };
    for path in [
        "/",
        "/layanan",
        "/layanan/akta-kelahiran",
        "/cari?q=akta",
        "/kategori/kependudukan",
    ] {
        assert_eq!(
            mark(path).await.as_deref(),
            Some(CATALOGUE_PAGE.1),
            "{path}"
        );
    }
    for path in [
        "/kinerja",
        "/kinerja.csv",
        "/layanan/akta-kelahiran/tanya-jawab",
        "/akun",
        "/staff",
        "/permohonan",
        "/sw.js",
        "/manifest.webmanifest",
    ] {
        assert_eq!(mark(path).await, None, "{path}");
    }
}
