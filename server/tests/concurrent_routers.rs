//! Routers built while another router renders pages, in one process (as the test binaries do,
//! and as any embedding of several routers would).
//!
//! Leptos lists an app's routes by running the app once with every resource suppressed, and the
//! suppression is one flag for the whole process: a page whose data was first asked for on
//! another thread during that run waited forever. CI hung on it for 90 minutes
//! (`deploy.rs`). The route list is now made once per process, before any router exists, so no
//! render can meet the window.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::http;
use std::time::Duration;
use tower::ServiceExt;

/// How long one page may take before the test calls it hung (a page takes milliseconds).
const PATIENCE: Duration = Duration::from_secs(20);

#[test]
fn pages_render_while_other_routers_are_built() {
    let (dir, pool) = runtime().block_on(common::database());
    let serve = common::serve(dir.path());
    let data = dir.path().join("data");
    let app = http::router(pool.clone(), &data, &serve).unwrap();

    let renderer = std::thread::spawn(move || {
        runtime().block_on(async move {
            for round in 0..300 {
                let req = Request::get("/").body(Body::empty()).unwrap();
                let res = tokio::time::timeout(PATIENCE, app.clone().oneshot(req))
                    .await
                    .unwrap_or_else(|_| panic!("the home page hung in round {round}"))
                    .unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                tokio::time::timeout(PATIENCE, axum::body::to_bytes(res.into_body(), 1 << 24))
                    .await
                    .unwrap_or_else(|_| panic!("the home page's body hung in round {round}"))
                    .unwrap();
            }
        })
    });
    let builder = std::thread::spawn(move || {
        runtime().block_on(async move {
            for _ in 0..60 {
                drop(http::router(pool.clone(), &data, &serve).unwrap());
                tokio::task::yield_now().await;
            }
        })
    });
    builder.join().expect("routers build");
    renderer.join().expect("every page rendered");
}

/// One thread's runtime, as `#[tokio::test]` makes for each test.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}
