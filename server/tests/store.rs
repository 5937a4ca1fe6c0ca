//! The catalogue store on a real SQLite file: import, deltas after a cursor, withdrawals.

mod common;

use app::domain::catalogue::{apply, Cursor, Service};
use app::store::catalogue::{active_services, changes_since, import, service, ImportScope};
use server::seed;
use std::path::{Path, PathBuf};

fn catalogue_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
}

async fn fresh_db(dir: &tempfile::TempDir) -> app::store::Db {
    common::open(dir.path()).await
}

/// A copy of the Imigrasi file (with the taxonomy) that has lost its last service: importing
/// it withdraws that one service. The directory lives as long as the first value.
fn imigrasi_without_its_last_service() -> (tempfile::TempDir, PathBuf) {
    let copy = tempfile::tempdir().unwrap();
    for f in ["taxonomy.toml", "imigrasi.toml"] {
        std::fs::copy(catalogue_dir().join(f), copy.path().join(f)).unwrap();
    }
    let file = copy.path().join("imigrasi.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let blocks: Vec<&str> = text.split("[[service]]").collect();
    std::fs::write(&file, blocks[..blocks.len() - 1].join("[[service]]")).unwrap();
    (copy, file)
}

#[tokio::test]
async fn the_seed_catalogue_imports_completely() {
    let dir = tempfile::tempdir().unwrap();
    let pool = fresh_db(&dir).await;
    let report = seed::import_path(&pool, &catalogue_dir())
        .await
        .expect("seed catalogue is valid");
    let all = active_services(&pool).await.unwrap();
    assert_eq!(report.added, all.len());
    assert!(all.len() >= 25, "at least 25 services, got {}", all.len());
    let mut agencies: Vec<&str> = all.iter().map(|s| s.agency.slug.as_str()).collect();
    agencies.sort();
    agencies.dedup();
    assert!(
        agencies.len() >= 6,
        "at least 6 agencies, got {}",
        agencies.len()
    );
    let with_forms: Vec<&Service> = all.iter().filter(|s| s.form.is_some()).collect();
    assert!(
        with_forms.len() >= 10,
        "at least 10 services have a form, got {}",
        with_forms.len()
    );
    for s in with_forms {
        let form = s
            .form
            .as_ref()
            .unwrap()
            .schema()
            .expect("a stored form reads back");
        assert!(
            app::domain::form::schema_problems(&form).is_empty(),
            "{}",
            s.slug
        );
        assert!(form.fields().count() >= 5, "{}: a realistic form", s.slug);
    }
    for s in &all {
        assert!(
            !s.requirements.is_empty() && !s.steps.is_empty(),
            "{} is complete",
            s.slug
        );
        assert!(
            s.cost.free || !s.cost.items.is_empty() || s.cost.note.is_some(),
            "{} says what it costs",
            s.slug
        );
    }
    if common::postgres_server().is_none() {
        // the file on disk is a real SQLite database in WAL mode with foreign keys on
        let mode: String = common::on_db!(&pool, p => sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(p)
            .await)
        .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = common::on_db!(&pool, p => sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(p)
            .await)
        .unwrap();
        assert_eq!(fk, 1);
        assert!(dir.path().join("loket.db").exists());
    }
}

#[tokio::test]
async fn importing_the_same_files_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pool = fresh_db(&dir).await;
    let first = seed::import_path(&pool, &catalogue_dir()).await.unwrap();
    let again = seed::import_path(&pool, &catalogue_dir()).await.unwrap();
    assert_eq!((again.added, again.changed, again.withdrawn), (0, 0, 0));
    assert_eq!(again.unchanged, first.added);
    assert_eq!(
        again.revision, first.revision,
        "no new revision when nothing changed"
    );
    let delta = changes_since(&pool, Cursor(first.revision), None)
        .await
        .unwrap();
    assert!(delta.changed.is_empty() && delta.withdrawn.is_empty());
    assert_eq!(delta.cursor, Cursor(first.revision));
}

#[tokio::test]
async fn a_phone_following_deltas_ends_with_the_server_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let pool = fresh_db(&dir).await;
    let cat = seed::read(&catalogue_dir()).unwrap();
    import(&pool, &cat.agencies, &cat.services, ImportScope::Everything)
        .await
        .unwrap();

    // The phone downloads everything.
    let mut phone: Vec<Service> = Vec::new();
    let d0 = changes_since(&pool, Cursor(0), None).await.unwrap();
    assert_eq!(d0.changed.len(), cat.services.len());
    let c0 = apply(&mut phone, &d0).unwrap();

    // One service changes, one is withdrawn (removed from the import), one is added.
    let mut services = cat.services.clone();
    services[0].name.en = "Changed name".into();
    let gone = services.remove(1).slug;
    let mut added = services[2].clone();
    added.slug = "layanan-baru".into();
    services.push(added);
    let r = import(&pool, &cat.agencies, &services, ImportScope::Everything)
        .await
        .unwrap();
    assert_eq!((r.added, r.changed, r.withdrawn), (1, 1, 1));

    let d1 = changes_since(&pool, c0, Some(&d0.catalogue)).await.unwrap();
    let mut changed: Vec<String> = d1.changed.iter().map(|s| s.slug().unwrap()).collect();
    changed.sort();
    let mut expected = vec![services[0].slug.clone(), "layanan-baru".to_string()];
    expected.sort();
    assert_eq!(changed, expected, "only what changed travels");
    assert_eq!(d1.withdrawn, vec![gone.clone()]);
    let c1 = apply(&mut phone, &d1).unwrap();
    assert!(c1 > c0);

    let mut server_side = active_services(&pool).await.unwrap();
    server_side.sort_by(|a, b| a.slug.cmp(&b.slug));
    phone.sort_by(|a, b| a.slug.cmp(&b.slug));
    assert_eq!(phone, server_side);
    assert!(
        service(&pool, &gone).await.unwrap().is_none(),
        "a withdrawn service is gone for readers"
    );

    // Bringing it back is a change after the cursor again.
    let r = import(&pool, &cat.agencies, &cat.services, ImportScope::Everything)
        .await
        .unwrap();
    assert_eq!(r.changed, 2, "the renamed one and the returning one");
    let d2 = changes_since(&pool, c1, Some(&d0.catalogue)).await.unwrap();
    assert!(d2.changed.iter().any(|s| s.slug().unwrap() == gone));
    assert_eq!(d2.withdrawn, vec!["layanan-baru".to_string()]);
}

#[tokio::test]
async fn importing_one_agency_file_leaves_the_others_alone() {
    let dir = tempfile::tempdir().unwrap();
    let pool = fresh_db(&dir).await;
    seed::import_path(&pool, &catalogue_dir()).await.unwrap();
    let before = active_services(&pool).await.unwrap().len();

    let (_copy, file) = imigrasi_without_its_last_service();
    let r = seed::import_path(&pool, &file).await.unwrap();
    assert_eq!((r.added, r.changed, r.withdrawn), (0, 0, 1));
    assert_eq!(active_services(&pool).await.unwrap().len(), before - 1);
}

#[tokio::test]
async fn a_cursor_from_another_catalogue_starts_the_phone_over() {
    let dir = tempfile::tempdir().unwrap();
    let pool = fresh_db(&dir).await;
    seed::import_path(&pool, &catalogue_dir()).await.unwrap();
    let d = changes_since(&pool, Cursor(999), None).await.unwrap();
    assert!(d.reset);
    assert_eq!(d.changed.len(), active_services(&pool).await.unwrap().len());
    // A phone whose copy came from another (rebuilt) database, with a cursor that looks valid.
    let d = changes_since(&pool, Cursor(1), Some("0123456789abcdef"))
        .await
        .unwrap();
    assert!(d.reset, "another catalogue's cursor starts over");
    assert_eq!(d.changed.len(), active_services(&pool).await.unwrap().len());
    let same = changes_since(&pool, Cursor(1), Some(&d.catalogue))
        .await
        .unwrap();
    assert!(!same.reset && same.changed.is_empty());
}

#[test]
fn a_broken_catalogue_is_refused_with_every_problem_named() {
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        catalogue_dir().join("taxonomy.toml"),
        copy.path().join("taxonomy.toml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(catalogue_dir().join("polri.toml")).unwrap();
    let broken = text.replacen("category    = \"", "category    = \"no-such-", 1);
    let broken = broken.replacen(
        "slug        = \"sim-baru\"",
        "slug        = \"SIM Baru\"",
        1,
    );
    std::fs::write(copy.path().join("polri.toml"), broken).unwrap();
    let err = seed::read(copy.path()).unwrap_err().to_string();
    assert!(err.contains("unknown category `no-such-"), "{err}");
    assert!(err.contains("`SIM Baru`"), "{err}");
    assert!(err.contains("polri.toml"), "{err}");
}

#[test]
fn an_unknown_field_is_a_typo_not_silence() {
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        catalogue_dir().join("taxonomy.toml"),
        copy.path().join("taxonomy.toml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(catalogue_dir().join("kemenag.toml")).unwrap();
    std::fs::write(
        copy.path().join("kemenag.toml"),
        text.replacen("summary ", "sumary ", 1),
    )
    .unwrap();
    let err = seed::read(copy.path()).unwrap_err().to_string();
    assert!(err.contains("sumary"), "{err}");
}

#[tokio::test]
async fn the_shelf_is_parsed_once_per_catalogue_state_and_follows_every_change() {
    use app::store::shelf::Shelves;
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let pool = fresh_db(&dir).await;
    seed::import_path(&pool, &catalogue_dir()).await.unwrap();
    let shelves = Shelves::default();
    let first = shelves.current(&pool).await.unwrap();
    let all = active_services(&pool).await.unwrap();
    assert_eq!(first.len(), all.len());
    for s in &all {
        let found = first.search(&s.name.id, app::domain::l10n::Lang::Id);
        assert!(
            found.hits.iter().any(|&i| first[i as usize].slug == s.slug),
            "{} searchable",
            s.slug
        );
    }
    // Nothing changed: the same shelf, not parsed again.
    assert!(Arc::ptr_eq(&first, &shelves.current(&pool).await.unwrap()));

    // An import withdraws a service: the next page reads the catalogue without it.
    let (_copy, file) = imigrasi_without_its_last_service();
    seed::import_path(&pool, &file).await.unwrap();
    let after = shelves.current(&pool).await.unwrap();
    assert_eq!(after.len(), all.len() - 1);
    assert_eq!(after.overview().total, all.len() - 1);

    // Another database (another catalogue id) at the same revision is not taken for this one.
    let other_dir = tempfile::tempdir().unwrap();
    let other = fresh_db(&other_dir).await;
    seed::import_path(&other, &catalogue_dir()).await.unwrap();
    assert_eq!(shelves.current(&other).await.unwrap().len(), all.len());
}

#[tokio::test]
async fn the_kept_calendar_is_read_once_per_import_and_follows_every_import() {
    use app::domain::calendar::{CalendarFile, DayKind, DayOff};
    use app::store::calendar::{calendar, import, Imported};
    use app::store::shelf::Shelves;
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let pool = fresh_db(&dir).await;
    let shelves = Shelves::default();
    let before = shelves.with_calendar(&pool).await.unwrap().calendar;
    assert_eq!(
        *before,
        calendar(&pool).await.unwrap(),
        "nothing imported yet"
    );

    let text = std::fs::read_to_string(catalogue_dir().join("../calendar/2026.toml")).unwrap();
    let mut file: CalendarFile = toml::from_str(&text).unwrap();
    assert_eq!(import(&pool, &file, "test").await.unwrap(), Imported::New);
    let first = shelves.with_calendar(&pool).await.unwrap().calendar;
    assert!(!Arc::ptr_eq(&before, &first), "an import is seen at once");
    assert_eq!(*first, calendar(&pool).await.unwrap());

    // The same file again changes nothing: the kept calendar is not read again.
    assert_eq!(
        import(&pool, &file, "test").await.unwrap(),
        Imported::Unchanged
    );
    let same = shelves.with_calendar(&pool).await.unwrap().calendar;
    assert!(Arc::ptr_eq(&first, &same));

    // A revision that makes a working day a holiday: the next filing counts with it.
    let day = app::domain::date::Date::parse("2026-03-03").unwrap();
    assert_eq!(first.kind(day), None, "the test's day is a working day");
    file.day.push(DayOff {
        date: day,
        name: "Revisi (test)".into(),
        kind: DayKind::Libur,
    });
    file.revision = "test-2".into();
    assert!(matches!(
        import(&pool, &file, "test").await.unwrap(),
        Imported::Revised(_)
    ));
    let revised = shelves.with_calendar(&pool).await.unwrap().calendar;
    assert_eq!(revised.kind(day), Some(DayKind::Libur));
    assert_eq!(*revised, calendar(&pool).await.unwrap());

    // Another database is not taken for this one, even with the same days.
    let other_dir = tempfile::tempdir().unwrap();
    let other = fresh_db(&other_dir).await;
    let elsewhere = shelves.with_calendar(&other).await.unwrap().calendar;
    assert_eq!(elsewhere.kind(day), None);
}

/// A filing's form is read from its JSON once per kept shelf, not per submission, and a new
/// catalogue state has its own forms: a form changed by an import is never answered from the
/// old shelf's.
#[tokio::test]
async fn a_kept_shelf_reads_each_form_once_and_a_new_state_reads_it_again() {
    use app::store::catalogue::{import, ImportScope};
    use app::store::shelf::Shelves;
    use std::sync::Arc;
    let (_dir, pool) = common::database().await;
    let shelves = Shelves::default();
    let kept = shelves.with_calendar(&pool).await.unwrap();
    let slug = kept
        .shelf
        .services()
        .iter()
        .find(|s| s.intake_form().is_some())
        .map(|s| s.slug.clone())
        .expect("a seed service takes applications");
    let form = |kept: &app::store::shelf::Kept| {
        let (service, form) = kept.service_with_form(&slug).unwrap();
        let form = form.unwrap().unwrap();
        assert_eq!(*form, service.form.as_ref().unwrap().schema().unwrap());
        form
    };
    let first = form(&kept);
    // The same state, looked at again: the form read before, not a second reading.
    let again = shelves.with_calendar(&pool).await.unwrap();
    assert!(Arc::ptr_eq(&first, &form(&again)));
    assert!(Arc::ptr_eq(&first, &form(&kept)));
    assert!(kept.service_with_form("tidak-ada").is_none());

    // An import gives the service a new form version: the next state reads the new one.
    let cat = seed::read(&catalogue_dir()).unwrap();
    let mut services = cat.services.clone();
    let at = services.iter().position(|s| s.slug == slug).unwrap();
    let mut changed = first.as_ref().clone();
    changed.version += 1;
    services[at].form = Some(app::domain::form::FormDoc::of(&changed).unwrap());
    import(&pool, &cat.agencies, &services, ImportScope::Everything)
        .await
        .unwrap();
    let after = shelves.with_calendar(&pool).await.unwrap();
    assert_eq!(form(&after).version, first.version + 1);
    // What was kept before keeps its own shelf's form (a filing checked against it is sent
    // back by the writer, which confirms the state).
    assert_eq!(form(&kept).version, first.version);
}

#[tokio::test]
async fn the_kept_catalogue_finds_services_by_slug_without_a_scan() {
    use app::store::shelf::{find, named, Shelves};
    let (_dir, pool) = common::database().await;
    let shelf = Shelves::default().current(&pool).await.unwrap();
    assert!(shelf.services().len() >= 30);
    // The store keeps them in the slug order the binary search needs (byte order: SQLite's,
    // and PostgreSQL's C collation).
    for s in shelf.services() {
        assert_eq!(find(&shelf, &s.slug).map(|f| &f.slug), Some(&s.slug));
    }
    assert!(find(&shelf, "tidak-ada").is_none());

    // What a page naming services gets: the services named (once each, the unknown left out),
    // then one service of each agency none of those belongs to.
    let first = &shelf.services()[0];
    let other = shelf
        .services()
        .iter()
        .find(|s| s.agency.slug != first.agency.slug)
        .unwrap();
    let got = named(
        &shelf,
        [first.slug.as_str(), "tidak-ada", first.slug.as_str()],
        [first.agency.slug.as_str(), other.agency.slug.as_str()],
    );
    let got: Vec<(&str, &str)> = got
        .iter()
        .map(|s| (s.slug.as_str(), s.agency.slug.as_str()))
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], (first.slug.as_str(), first.agency.slug.as_str()));
    assert_eq!(got[1].1, other.agency.slug);
}
