//! A catalogue service with hostile text in every field (and `javascript:` in every URL),
//! imported into a real SQLite file and fetched through the real router: no payload may come
//! back as markup, on its own page or on any page that lists it (issue 9).

mod common;
#[path = "../../app/tests/markup/mod.rs"]
mod markup;

use app::domain::catalogue::{ChannelKind, Requirement, Service, Term};
use app::domain::form::FormDoc;
use app::domain::l10n::Text;
use app::store::catalogue::{import, ImportScope};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use markup::{payload, problems, JS_URL, QUOTE};
use tower::ServiceExt;

/// Hostile text in both languages.
fn t() -> Text {
    Text {
        id: payload(),
        en: payload(),
    }
}

/// A real service of the seed catalogue, every text and URL made hostile, slug `hostile`.
fn make_hostile(mut s: Service) -> Service {
    let p = payload();
    s.slug = "hostile".into();
    (s.name, s.summary, s.product, s.processing, s.note) = (t(), t(), t(), t(), Some(t()));
    // The category's slug is one the router takes, so its listing can be fetched; the life
    // event's is hostile (the home page links to it).
    s.category = Term {
        slug: "hostile-c".into(),
        order: 1,
        name: t(),
    };
    s.life_events = vec![Term {
        slug: format!("e{p}"),
        order: 1,
        name: t(),
    }];
    (s.agency.name, s.agency.parent, s.agency.short_name) = (t(), Some(t()), p.clone());
    s.agency.contact.phone = Some(p.clone());
    s.agency.contact.email = Some(p.clone());
    s.agency.contact.website = Some(JS_URL.into());
    s.contact = None;
    let r = |or| Requirement {
        id: payload(),
        en: payload(),
        or,
    };
    s.requirements = vec![r(Some(t())), r(None)];
    s.steps = vec![t()];
    s.after_submit = vec![t()];
    s.cost.free = false;
    s.cost.basis = p.clone();
    s.cost.note = Some(t());
    for i in &mut s.cost.items {
        i.label = t();
    }
    s.legal_basis = vec![p.clone()];
    s.sources = vec![p.clone(), JS_URL.into()];
    for c in &mut s.channels {
        (c.name, c.place) = (t(), Some(t()));
        c.url = (c.kind == ChannelKind::Online).then(|| JS_URL.into());
    }
    s.keywords = vec!["hostile".into()];
    let mut form = s.form.as_ref().unwrap().schema().unwrap();
    for sec in &mut form.sections {
        sec.title = t();
        for f in &mut sec.fields {
            (f.label, f.hint) = (t(), Some(t()));
        }
    }
    s.form = Some(FormDoc::of(&form).unwrap());
    s
}

/// The percent-encoding of `s` (every byte), for a path or a query.
fn enc(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// The page at `path`: its status and text.
async fn fetch(app: &axum::Router, path: &str) -> (StatusCode, String) {
    let req = Request::get(path).body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// What `<main>` holds.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main");
    let start = start + html[start..].find('>').unwrap() + 1;
    &html[start..html.find("</main>").expect("a closed main")]
}

#[tokio::test]
async fn a_hostile_service_is_served_as_text_everywhere() {
    let (dir, pool) = common::database().await;
    let seeded = app::store::catalogue::service(&pool, "ktp-el-baru")
        .await
        .unwrap()
        .unwrap();
    let s = make_hostile(seeded);
    import(
        &pool,
        std::slice::from_ref(&s.agency),
        std::slice::from_ref(&s),
        ImportScope::TheseAgencies,
    )
    .await
    .unwrap();
    let app =
        server::http::router(pool, &dir.path().join("data"), &common::serve(dir.path())).unwrap();
    let p = payload();
    let paths = [
        "/layanan/hostile".to_string(),
        "/ajukan/hostile".into(),
        "/".into(),
        "/layanan".into(),
        "/cari?q=hostile".into(),
        format!("/cari?q={}", enc(&p)),
        "/kategori/hostile-c".into(),
    ];
    for path in &paths {
        let (status, html) = fetch(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let found = problems(main_of(&html));
        assert!(found.is_empty(), "{path}: {found:#?}");
        for raw in [markup::SCRIPT, markup::IMG] {
            assert!(!html.contains(raw), "{path} holds {raw} raw");
        }
        assert!(
            !html.contains("href=\"javascript:"),
            "{path} links to script"
        );
        assert!(
            !html.contains(&format!("\"{QUOTE}")),
            "{path}: a quote closed an attribute"
        );
        assert!(
            main_of(&html).contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path} shows the hostile text, escaped"
        );
    }
}
