//! The catalogue sync by scope, a page at a time (issue 14), on a generated catalogue in a real
//! database (SQLite, and PostgreSQL when `LOKET_TEST_DATABASE_URL` names a server): each scope's
//! pages hold exactly that scope's services once, a sync resumed from any stored position ends
//! with the same copy, a change of one service is a page of one, a service that moves province
//! leaves the old scope, and a position the server cannot vouch for starts over.

mod common;

use app::domain::catalogue::{Service, ServiceDoc};
use app::domain::sync::{self, Position, SyncPage};
use app::store::catalogue::{active_services, import, sync_page, ImportScope};
use server::generate::{generate, Sizes};
use server::seed;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SIZES: Sizes = Sizes {
    seed: 14,
    services: 600,
    agencies: 60,
    provinces: 38,
};

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
}

/// A database holding a generated catalogue, and that catalogue as read.
async fn generated() -> (tempfile::TempDir, app::store::Db, seed::Catalogue) {
    let out = tempfile::tempdir().unwrap();
    generate(&seed_dir(), out.path(), &SIZES).unwrap();
    let cat = seed::read(out.path()).unwrap();
    let (dir, db) = common::database().await;
    import(&db, &cat.agencies, &cat.services, ImportScope::Everything)
        .await
        .unwrap();
    (dir, db, cat)
}

/// A phone's copy of one scope: what the pages gave, by slug.
#[derive(Default)]
struct Copy {
    services: BTreeMap<String, Service>,
    at: Position,
    catalogue: Option<String>,
    pages: usize,
    /// Followed in outlines (`Service::outline`) rather than documents.
    outline: bool,
}

impl Copy {
    fn apply(&mut self, page: &SyncPage) {
        if page.reset {
            self.services.clear();
        }
        for doc in &page.changed {
            let s = doc.service().unwrap();
            self.services.insert(s.slug.clone(), s);
        }
        for slug in &page.withdrawn {
            self.services.remove(slug);
        }
        self.at = Position {
            revision: page.since,
            slug: page.after.clone(),
        };
        self.catalogue = Some(page.catalogue.clone());
        self.pages += 1;
    }

    /// Pages until caught up; returns the pages' sizes.
    async fn follow(&mut self, db: &app::store::Db, scope: &str) -> Vec<usize> {
        let mut sizes = Vec::new();
        loop {
            let at = self.at.clone();
            let page = sync_page(db, scope, at, self.catalogue.as_deref(), self.outline)
                .await
                .unwrap();
            sizes.push(page.changed.len() + page.withdrawn.len());
            self.apply(&page);
            if !page.more {
                return sizes;
            }
            assert!(sizes.len() < 1000, "a scope that never ends");
        }
    }
}

fn scope_of(s: &Service) -> String {
    sync::scope_of(s).to_string()
}

#[tokio::test]
async fn every_scope_comes_whole_in_bounded_pages_and_resumes_where_it_stopped() {
    let (_dir, db, _cat) = generated().await;
    let all = active_services(&db).await.unwrap();
    let scopes: BTreeSet<String> = all.iter().map(scope_of).collect();
    assert!(scopes.contains(""), "national services");
    assert!(
        scopes.len() > 30,
        "most provinces have services: {scopes:?}"
    );
    let mut seen = 0;
    for scope in &scopes {
        let mut copy = Copy::default();
        let sizes = copy.follow(&db, scope).await;
        let expected: BTreeSet<&str> = all
            .iter()
            .filter(|s| &scope_of(s) == scope)
            .map(|s| s.slug.as_str())
            .collect();
        let got: BTreeSet<&str> = copy.services.keys().map(String::as_str).collect();
        assert_eq!(got, expected, "scope {scope:?}");
        assert!(sizes.iter().all(|n| *n <= sync::PAGE_DOCS));
        seen += got.len();
    }
    assert_eq!(seen, all.len(), "every service in exactly one scope");

    // The national scope in pages; a phone cut off after any page resumes from the position it
    // stored with that page and ends with the same copy, asking only for what it lacked.
    let mut whole = Copy::default();
    let pages = whole.follow(&db, "").await.len();
    assert!(pages >= 2, "the national scope takes more than one page");
    for cut in 1..pages {
        let mut copy = Copy::default();
        for _ in 0..cut {
            let p = sync_page(&db, "", copy.at.clone(), copy.catalogue.as_deref(), false)
                .await
                .unwrap();
            copy.apply(&p);
        }
        copy.pages = 0;
        copy.follow(&db, "").await;
        assert_eq!(copy.pages, pages - cut, "resumed after page {cut}");
        assert_eq!(
            copy.services.keys().collect::<Vec<_>>(),
            whole.services.keys().collect::<Vec<_>>()
        );
    }
    // Caught up: asking again gives nothing and keeps the position.
    let again = sync_page(&db, "", whole.at.clone(), whole.catalogue.as_deref(), false)
        .await
        .unwrap();
    assert!(again.changed.is_empty() && again.withdrawn.is_empty() && !again.more && !again.reset);
    assert_eq!(
        (again.since, &again.after),
        (whole.at.revision, &whole.at.slug)
    );
}

/// A scope followed in outlines holds the same services as in documents, each the outline of
/// its document, in fewer pages and a fraction of the bytes; the server function gives them
/// when asked with `outline=true`.
#[tokio::test]
async fn outlines_come_first_and_list_what_the_documents_do() {
    let (_dir, db, _cat) = generated().await;
    let all = active_services(&db).await.unwrap();
    let mut per_scope: BTreeMap<String, usize> = BTreeMap::new();
    for s in &all {
        *per_scope.entry(scope_of(s)).or_default() += 1;
    }
    let largest = per_scope
        .iter()
        .filter(|(k, _)| !k.is_empty())
        .max_by_key(|(_, n)| **n)
        .unwrap()
        .0
        .clone();
    for scope in ["".to_string(), largest] {
        let mut docs = Copy::default();
        docs.follow(&db, &scope).await;
        let mut outlines = Copy {
            outline: true,
            ..Default::default()
        };
        let sizes = outlines.follow(&db, &scope).await;
        assert!(sizes.iter().all(|n| *n <= sync::PAGE_OUTLINES));
        assert_eq!(
            outlines.services.keys().collect::<Vec<_>>(),
            docs.services.keys().collect::<Vec<_>>(),
            "scope {scope:?}"
        );
        for (slug, s) in &outlines.services {
            assert_eq!(s, &docs.services[slug].outline(), "{slug}");
        }
        assert!(
            outlines.pages < docs.pages,
            "scope {scope:?}: {} pages of outlines, {} of documents",
            outlines.pages,
            docs.pages
        );
        // Both end at the same position: the documents carry on from where outlines ended.
        assert_eq!(outlines.at, docs.at);
        let bytes = |c: &Copy| -> usize {
            c.services
                .values()
                .map(|s| serde_json::to_string(s).unwrap().len())
                .sum()
        };
        assert!(
            bytes(&outlines) * 3 < bytes(&docs),
            "scope {scope:?}: outlines {} bytes, documents {}",
            bytes(&outlines),
            bytes(&docs)
        );
    }
    let app = common::web::Env::new().await;
    seed::import_path(&app.pool, &seed_dir()).await.unwrap();
    for (query, outline) in [
        ("&outline=true", true),
        ("&outline=false", false),
        ("", false),
    ] {
        let r = app
            .get(
                &format!("/api/catalogue/sync?scope=&since=0&after={query}"),
                "",
            )
            .await;
        assert_eq!(r.status, 200, "{query}: {}", r.body);
        let page: SyncPage = serde_json::from_str(&r.body).unwrap();
        assert!(!page.changed.is_empty());
        for doc in &page.changed {
            assert_eq!(doc.service().unwrap().outline, outline, "{query}");
        }
    }
}

#[tokio::test]
async fn one_change_is_a_page_of_one_and_a_move_leaves_the_old_province() {
    let (_dir, db, cat) = generated().await;
    let all = active_services(&db).await.unwrap();
    let regional = all
        .iter()
        .find(|s| !scope_of(s).is_empty())
        .unwrap()
        .clone();
    let from = scope_of(&regional);
    let mut national = Copy::default();
    national.follow(&db, "").await;
    let mut old = Copy::default();
    old.follow(&db, &from).await;
    let to = if from == "32" { "33" } else { "32" }.to_string();
    let mut new = Copy::default();
    new.follow(&db, &to).await;

    // One service's text changes: its scope's next page is that one service, and the other
    // scopes have nothing.
    let mut services = cat.services.clone();
    let i = services
        .iter()
        .position(|s| s.slug == regional.slug)
        .unwrap();
    services[i].name.en = format!("{} (renamed)", services[i].name.en);
    let r = import(&db, &cat.agencies, &services, ImportScope::Everything)
        .await
        .unwrap();
    assert_eq!((r.added, r.changed, r.withdrawn), (0, 1, 0));
    let p = sync_page(&db, &from, old.at.clone(), old.catalogue.as_deref(), false)
        .await
        .unwrap();
    let slugs: Vec<String> = p.changed.iter().map(|d| d.slug().unwrap()).collect();
    assert_eq!(slugs, vec![regional.slug.clone()]);
    assert!(p.withdrawn.is_empty() && !p.more);
    old.apply(&p);
    for (scope, copy) in [("", &national), (to.as_str(), &new)] {
        let p = sync_page(
            &db,
            scope,
            copy.at.clone(),
            copy.catalogue.as_deref(),
            false,
        )
        .await
        .unwrap();
        assert!(
            p.changed.is_empty() && p.withdrawn.is_empty(),
            "scope {scope:?}"
        );
    }

    // Its agency moves to another province: the old scope withdraws it, the new one adds it,
    // at the same revision.
    let mut agencies = cat.agencies.clone();
    let a = agencies
        .iter()
        .position(|a| a.slug == regional.agency.slug)
        .unwrap();
    agencies[a].province = Some(to.clone());
    for s in services
        .iter_mut()
        .filter(|s| s.agency.slug == regional.agency.slug)
    {
        s.agency.province = Some(to.clone());
    }
    let moved: BTreeSet<String> = services
        .iter()
        .filter(|s| s.agency.slug == regional.agency.slug)
        .map(|s| s.slug.clone())
        .collect();
    import(&db, &agencies, &services, ImportScope::Everything)
        .await
        .unwrap();
    old.follow(&db, &from).await;
    new.follow(&db, &to).await;
    for slug in &moved {
        assert!(!old.services.contains_key(slug), "{slug} left {from}");
        assert!(new.services.contains_key(slug), "{slug} came to {to}");
    }
    let all = active_services(&db).await.unwrap();
    for (scope, copy) in [(&from, &old), (&to, &new)] {
        let expected: BTreeSet<&String> = all
            .iter()
            .filter(|s| &scope_of(s) == scope)
            .map(|s| &s.slug)
            .collect();
        assert_eq!(copy.services.keys().collect::<BTreeSet<_>>(), expected);
    }
}

#[tokio::test]
async fn a_position_the_server_did_not_give_starts_the_scope_over() {
    let (_dir, db, _cat) = generated().await;
    let mut copy = Copy::default();
    copy.follow(&db, "").await;
    let id = copy.catalogue.clone().unwrap();
    let first = sync_page(&db, "", Position::default(), None, false)
        .await
        .unwrap();
    assert!(!first.reset, "the start is a first page");
    for (at, client, why) in [
        (copy.at.clone(), None, "a position without its catalogue"),
        (
            copy.at.clone(),
            Some("0123456789abcdef"),
            "another catalogue's",
        ),
        (
            Position {
                revision: copy.at.revision + 1,
                slug: String::new(),
            },
            Some(id.as_str()),
            "past the head",
        ),
    ] {
        let p = sync_page(&db, "", at, client, false).await.unwrap();
        assert!(p.reset, "{why}");
        assert_eq!(
            p.changed, first.changed,
            "{why}: the scope's first page again"
        );
    }
}

#[tokio::test]
async fn the_server_function_refuses_what_is_not_a_scope() {
    let app = common::web::Env::new().await;
    seed::import_path(&app.pool, &seed_dir()).await.unwrap();
    let ok = app
        .get("/api/catalogue/sync?scope=&since=0&after=", "")
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let page: SyncPage = serde_json::from_str(&ok.body).unwrap();
    assert!(!page.changed.is_empty() && !page.reset);
    let doc: &ServiceDoc = &page.changed[0];
    assert!(doc.service().is_ok());
    for bad in [
        "/api/catalogue/sync?scope=99&since=0&after=",
        "/api/catalogue/sync?scope=%27%20OR%201%3D1&since=0&after=",
        "/api/catalogue/sync?scope=&since=-5&after=",
    ] {
        let r = app.get(bad, "").await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
}

/// The server's search index finds exactly what the phone's direct search finds, in the same
/// order, on a generated catalogue: whole words, prefixes, inner parts, typos, two words,
/// filler, words of agencies and keywords, words no service holds.
#[tokio::test]
async fn the_search_index_finds_what_the_direct_search_finds() {
    use app::domain::catalogue::by_name;
    use app::domain::l10n::Lang;
    use app::domain::search::{search, Haystack, Index};
    let (_dir, db, _cat) = generated().await;
    let services = active_services(&db).await.unwrap();
    let haystacks: Vec<Haystack> = services.iter().map(Haystack::of).collect();
    let index = Index::of(&haystacks);
    let orders = [Lang::Id, Lang::En].map(|lang| (lang, by_name(&services, lang)));
    let mut queries: Vec<String> = [
        "ktp",
        "KTP-el",
        "akta kelahiran",
        "akta kelahran",
        "pasport",
        "paspor baru",
        "izin",
        "reklame",
        "kendaraan pajak",
        "cara bikin ktp",
        "samsat",
        "dinas",
        "kab",
        "bandung",
        "jawa barat",
        "xyzzy",
        "a",
        "perpanjangan",
        "bpjs",
        "nib",
        "kk",
        "pindah datang",
        "imigrasi",
        "sim c",
        "surat keterangan",
        "usaha mikro",
        "bansos",
        "pbg",
        "kesehatan",
        "",
        "   ",
        "pend",
        "lahir",
        "birth",
        "passport",
        "licence",
        "tax",
        "vehicle",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    // Words taken from the catalogue itself, whole, cut and with a letter changed.
    for s in services.iter().step_by(37) {
        for w in s.name.id.split_whitespace().take(2) {
            queries.push(w.to_string());
            if w.len() > 5 {
                queries.push(w[..w.len() - 2].to_string());
                let mut typo = w.to_string();
                typo.replace_range(2..3, "x");
                queries.push(typo);
            }
        }
        queries.push(format!("{} {}", s.agency.short_name, s.name.en));
    }
    let mut with_hits = 0;
    for q in &queries {
        for (lang, order) in &orders {
            let found = index.search(order, q);
            assert_eq!(found, search(&haystacks, order, q), "{q:?} in {lang:?}");
            with_hits += usize::from(!found.hits.is_empty());
        }
    }
    assert!(queries.len() > 60);
    assert!(
        with_hits > queries.len(),
        "most queries find something: {with_hits}"
    );
}
