//! Working days that know the calendar (issue 12): the repository's holiday files imported into
//! a real SQLite file, due dates given at submission through the real router, the real
//! `server import-calendar` command, and an agency's choice about cuti bersama.

mod common;

use app::domain::calendar::{CalendarFile, CutiBersama, DayKind, DayOff};
use app::domain::date::Date;
use app::domain::submission::{Envelope, Receipt};
use app::store::calendar::Imported;
use axum::http::StatusCode;
use serde_json::json;
use server::{holidays, http, seed};
use std::path::{Path, PathBuf};

/// A service citizens apply for through Loket; the test gives it a time in days.
const SERVICE: &str = "akta-kelahiran";
const DAYS: u32 = 5;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[tokio::test]
async fn the_repository_calendar_skips_nyepi_idul_fitri_and_cuti_bersama() {
    let (_dir, pool) = common::database().await;
    let done = holidays::import_path(&pool, &repo("calendar"), "cli")
        .await
        .unwrap();
    let years: Vec<(i32, usize, &Imported)> =
        done.iter().map(|(f, i)| (f.year, f.day.len(), i)).collect();
    assert_eq!(
        years,
        [(2026, 25, &Imported::New), (2027, 26, &Imported::New)],
        "2026: 17 libur + 8 cuti bersama; 2027: 18 + 8"
    );
    let stored = app::store::calendar::years(&pool).await.unwrap();
    assert!(stored[0].1.contains("1497/2025"), "{stored:?}");
    assert_eq!(stored[0].2, "2025-09-19");
    let cal = app::store::calendar::calendar(&pool).await.unwrap();
    assert_eq!(cal.kind(d("2026-03-19")), Some(DayKind::Libur), "Nyepi");
    assert_eq!(cal.kind(d("2026-03-20")), Some(DayKind::CutiBersama));

    // Tuesday 17 March 2026 + 5 working days. Closed on cuti bersama: Wed 18 (cuti), Thu 19
    // (Nyepi), Fri 20 (cuti), the Idul Fitri weekend, Mon 23 and Tue 24 (cuti) are all off;
    // 25, 26, 27, 30 and 31 March count.
    let from = d("2026-03-17");
    assert_eq!(cal.due_date(from, 5, CutiBersama::Closed), d("2026-03-31"));
    // Open on cuti bersama: 18, 20, 23, 24 and 25 count; Nyepi does not.
    assert_eq!(cal.due_date(from, 5, CutiBersama::Open), d("2026-03-25"));
    // Weekends only, as before: Tuesday 24 March.
    assert_eq!(
        app::domain::status::due_date(from, 5),
        d("2026-03-24"),
        "the weekend-only rule is the same rule with an empty calendar"
    );
    assert_eq!(
        cal.working_days_between(from, d("2026-03-31"), CutiBersama::Closed),
        5
    );

    // Importing the same files again changes nothing and writes no audit row.
    let rows = app::store::audit::audit_log(&pool).await.unwrap().len();
    let again = holidays::import_path(&pool, &repo("calendar"), "cli")
        .await
        .unwrap();
    assert!(again.iter().all(|(_, i)| *i == Imported::Unchanged));
    assert_eq!(
        app::store::audit::audit_log(&pool).await.unwrap().len(),
        rows
    );
}

#[tokio::test]
async fn a_file_with_problems_is_refused_whole() {
    let (dir, pool) = common::database().await;
    let bad = dir.path().join("2026.toml");
    std::fs::write(
        &bad,
        "year = 2026\nsource = \"x\"\nrevision = \"1\"\n[[day]]\ndate = \"2027-01-01\"\nname = \"n\"\nkind = \"libur\"\n",
    )
    .unwrap();
    let err = holidays::import_path(&pool, &bad, "cli").await.unwrap_err();
    assert!(format!("{err:#}").contains("not in 2026"), "{err:#}");
    std::fs::write(
        &bad,
        "year = 2026\nsource = \"x\"\nrevision = \"1\"\n[[day]]\ndate = \"2026-01-01\"\nname = \"n\"\nkind = \"holiday\"\n",
    )
    .unwrap();
    assert!(holidays::import_path(&pool, &bad, "cli").await.is_err());
    assert!(app::store::calendar::years(&pool).await.unwrap().is_empty());
}

/// The seed catalogue's Disdukcapil with a time in days for [`SERVICE`], and its counters
/// closed on cuti bersama when `closes`; imported over the seeded one.
async fn dukcapil(pool: &sqlx::SqlitePool, dir: &Path, closes: bool) {
    let cat = dir.join("catalogue");
    std::fs::create_dir_all(&cat).unwrap();
    std::fs::copy(repo("catalogue/taxonomy.toml"), cat.join("taxonomy.toml")).unwrap();
    let text = std::fs::read_to_string(repo("catalogue/dukcapil.toml")).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("short_name = \"Disdukcapil\"") && closes {
            out.push_str("closes_on_cuti_bersama = true\n");
        }
        if line.starts_with("processing ") && line.contains("Sebagian rumah sakit") {
            out.push_str(&format!("processing_days = {DAYS}\n"));
        }
    }
    assert!(
        out.contains("processing_days"),
        "the test found its service"
    );
    std::fs::write(cat.join("dukcapil.toml"), out).unwrap();
    seed::import_path(pool, &cat.join("dukcapil.toml"))
        .await
        .unwrap();
    let s = app::store::catalogue::service(pool, SERVICE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.processing_days, Some(DAYS));
    assert_eq!(s.agency.closes_on_cuti_bersama, closes);
}

/// Submits a new application through the router; its id.
async fn submit(app: &axum::Router, pool: &sqlx::SqlitePool, n: u64) -> String {
    let f = common::form(pool, SERVICE).await;
    let e = Envelope {
        id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
        service: SERVICE.into(),
        form_version: f.version,
        answers: common::valid_answers(&f),
        expect: None,
    };
    common::uploaded(pool, &e.id).await;
    let (status, body) = common::send(
        app,
        "POST",
        "/api/requests/submit",
        json!({ "envelope": e }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let r: Receipt = serde_json::from_str(&body).unwrap();
    r.id
}

async fn due(pool: &sqlx::SqlitePool, id: &str) -> Date {
    let s: String = sqlx::query_scalar("SELECT due_date FROM requests WHERE id = ?1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    Date::parse(&s).unwrap_or_else(|| panic!("due date {s:?}"))
}

/// Runs the real `server import-calendar` on the test's database; what it printed.
fn import_calendar(data_dir: &Path, path: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("import-calendar")
        .arg(path)
        .env("LOKET_LOG", "warn")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    text
}

/// `year`'s file from the repository (or an empty one for a year it does not hold yet) with
/// `day` made a day off of `kind`, as a revised decree would: a new revision.
fn revised(dir: &Path, day: Date, kind: DayKind, revision: &str) -> PathBuf {
    let mine = repo(&format!("calendar/{}.toml", day.year));
    let mut file: CalendarFile = match std::fs::read_to_string(&mine) {
        Ok(text) => toml::from_str(&text).unwrap(),
        Err(_) => CalendarFile {
            year: day.year,
            source: "test".into(),
            revision: String::new(),
            day: Vec::new(),
        },
    };
    file.day.retain(|d| d.date != day);
    file.day.push(DayOff {
        date: day,
        name: "Revisi SKB (test)".into(),
        kind,
    });
    file.revision = revision.into();
    let path = dir.join(format!("{}-{revision}.toml", day.year));
    std::fs::write(&path, toml::to_string(&file).unwrap()).unwrap();
    path
}

#[tokio::test]
async fn a_revised_calendar_moves_due_dates_given_afterwards_and_never_history() {
    let (dir, pool) = common::database().await;
    let app = http::router(
        pool.clone(),
        &dir.path().join("data"),
        &common::serve(dir.path()),
    )
    .unwrap();
    dukcapil(&pool, dir.path(), false).await;
    // The test's database is the file the real command opens (`<data-dir>/loket.db`).
    let printed = import_calendar(dir.path(), &repo("calendar"));
    assert!(
        printed.contains("2026 (revision 2025-09-19): new"),
        "{printed}"
    );

    // Before any revision: the repository's calendar, counters open on cuti bersama.
    let today = app::clock::today();
    let cal = app::store::calendar::calendar(&pool).await.unwrap();
    let first = submit(&app, &pool, 1).await;
    let before = cal.due_date(today, DAYS, CutiBersama::Open);
    assert_eq!(due(&pool, &first).await, before);

    // The decree is revised: the next working day becomes a national holiday.
    let next = cal.due_date(today, 1, CutiBersama::Open);
    let file = revised(dir.path(), next, DayKind::Libur, "test-2");
    let printed = import_calendar(dir.path(), &file);
    assert!(printed.contains("revised from"), "{printed}");
    let second = submit(&app, &pool, 2).await;
    let after = due(&pool, &second).await;
    assert!(after > before, "{after} after {before}");
    assert_eq!(
        app::store::calendar::calendar(&pool)
            .await
            .unwrap()
            .due_date(today, DAYS, CutiBersama::Open),
        after
    );
    assert_eq!(
        cal.working_days_between(before, after, CutiBersama::Open),
        1,
        "one working day later"
    );
    assert_eq!(
        due(&pool, &first).await,
        before,
        "the request made before the revision keeps its due date"
    );
    let audit = app::store::audit::audit_log(&pool).await.unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "calendar.import" && a.actor_id == "cli" && a.before.is_some()));

    // Revised again: that day is cuti bersama instead. An agency that keeps its counters open
    // works on it; one that closes does not.
    let file = revised(dir.path(), next, DayKind::CutiBersama, "test-3");
    import_calendar(dir.path(), &file);
    let open = submit(&app, &pool, 3).await;
    let for_agency = |pool: sqlx::SqlitePool| async move {
        app::store::calendar::for_agency(&pool, "dukcapil")
            .await
            .unwrap()
            .1
    };
    assert_eq!(for_agency(pool.clone()).await, CutiBersama::Open);
    dukcapil(&pool, dir.path(), true).await;
    assert_eq!(
        for_agency(pool.clone()).await,
        CutiBersama::Closed,
        "what the dashboard and the IKM's days count with"
    );
    let closed = submit(&app, &pool, 4).await;
    assert_eq!(due(&pool, &open).await, before, "open on cuti bersama");
    assert_eq!(due(&pool, &closed).await, after, "closed on cuti bersama");
    assert_eq!(due(&pool, &first).await, before);
    assert_eq!(due(&pool, &second).await, after);
}
