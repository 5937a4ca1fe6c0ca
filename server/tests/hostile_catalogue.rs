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
        "/layanan/hostile/tanya-jawab".into(),
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
        // What a shared link shows (Open Graph, Twitter card): the head's tags hold the
        // hostile name and summary as text too.
        if !path.starts_with("/cari") && !path.starts_with("/ajukan") {
            let title = tag_value(&html, "property=\"og:title\"", "content")
                .unwrap_or_else(|| panic!("{path} has og:title"));
            let description = tag_value(&html, "property=\"og:description\"", "content")
                .unwrap_or_else(|| panic!("{path} has og:description"));
            for value in [&title, &description] {
                assert!(!value.contains(['<', '>', '"']), "{path}: {value}");
            }
            if path.starts_with("/layanan/hostile") {
                assert!(
                    title.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"),
                    "{path}: {title}"
                );
                assert!(
                    description.contains("&lt;script&gt;"),
                    "{path}: {description}"
                );
            }
        }
    }
}

/// The `attribute` of the first tag of `html`'s head holding `marker`, as written (escaped).
fn tag_value(html: &str, marker: &str, attribute: &str) -> Option<String> {
    let head = &html[..html.find("</head>")?];
    let at = head.find(marker)?;
    let start = head[..at].rfind('<')?;
    let end = at + head[at..].find('>')?;
    let tag = &head[start..end];
    let key = format!(" {attribute}=\"");
    let from = tag.find(&key)? + key.len();
    Some(tag[from..from + tag[from..].find('"')?].to_string())
}

/// The canonical link and every absolute address a shared page names come from the configured
/// public URL: a forged `Host` header changes none of them.
#[tokio::test]
async fn shared_addresses_come_from_the_setting_not_the_request() {
    let (dir, pool) = common::database().await;
    let serve = server::config::Serve {
        public_url: Some("https://loket.example".parse().unwrap()),
        ..common::serve(dir.path())
    };
    let app = server::http::router(pool, &dir.path().join("data"), &serve).unwrap();
    for (path, canonical) in [
        ("/layanan/paspor-baru", "/layanan/paspor-baru"),
        ("/layanan/paspor-baru/", "/layanan/paspor-baru"),
        ("/", "/"),
        ("/kategori/identitas", "/kategori/identitas"),
        (
            "/layanan/paspor-baru/tanya-jawab",
            "/layanan/paspor-baru/tanya-jawab",
        ),
    ] {
        let req = Request::get(path)
            .header("host", "evil.example")
            .header("x-forwarded-host", "evil.example")
            .body(Body::empty())
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let html = String::from_utf8(
            axum::body::to_bytes(res.into_body(), 16 << 20)
                .await
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        let want = format!("https://loket.example{canonical}");
        assert_eq!(
            tag_value(&html, "rel=\"canonical\"", "href").as_deref(),
            Some(want.as_str()),
            "{path}"
        );
        assert_eq!(
            tag_value(&html, "property=\"og:url\"", "content").as_deref(),
            Some(want.as_str()),
            "{path}"
        );
        assert_eq!(
            tag_value(&html, "property=\"og:image\"", "content").as_deref(),
            Some("https://loket.example/icons/icon-512.png"),
            "{path}"
        );
        assert!(
            !html.contains("evil.example"),
            "{path} names the forged host"
        );
        for (marker, value) in [
            ("property=\"og:type\"", "website"),
            ("property=\"og:locale\"", "id_ID"),
            ("property=\"og:site_name\"", "Loket"),
            ("property=\"og:image:width\"", "512"),
            ("property=\"og:image:height\"", "512"),
            ("name=\"twitter:card\"", "summary"),
        ] {
            assert_eq!(
                tag_value(&html, marker, "content").as_deref(),
                Some(value),
                "{path} {marker}"
            );
        }
    }
    // In English when the reader chose English; not on pages that are not for sharing.
    let req = Request::get("/layanan/paspor-baru")
        .header("cookie", "loket_lang=en")
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let html = String::from_utf8(
        axum::body::to_bytes(res.into_body(), 16 << 20)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert_eq!(
        tag_value(&html, "property=\"og:locale\"", "content").as_deref(),
        Some("en_US")
    );
    let title = tag_value(&html, "name=\"twitter:title\"", "content").unwrap();
    assert!(title.to_lowercase().contains("passport"), "{title}");
    for path in ["/staff", "/akun", "/lacak", "/cari?q=paspor", "/tidak-ada"] {
        let (_, html) = fetch(&app, path).await;
        assert_eq!(tag_value(&html, "og:", "content"), None, "{path}");
        assert_eq!(
            tag_value(&html, "rel=\"canonical\"", "href"),
            None,
            "{path}"
        );
    }
}
