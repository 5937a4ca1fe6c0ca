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
async fn dukcapil(pool: &app::store::Db, dir: &Path, closes: bool) {
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
async fn submit(app: &axum::Router, pool: &app::store::Db, n: u64) -> String {
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

async fn due(pool: &app::store::Db, id: &str) -> Date {
    let s: String = common::on_db!(&pool, p => sqlx::query_scalar("SELECT due_date FROM requests WHERE id = $1")
        .bind(id)
        .fetch_one(p)
        .await)
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
        .env("DATABASE_URL", common::database_url(data_dir))
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
    let for_agency = |pool: app::store::Db| async move {
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

/// The real server over `data`, importing the calendar folder `calendar` at start.
fn start(dir: &Path, calendar: &Path) -> std::process::Child {
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("LOKET_")) {
        cmd.env_remove(k);
    }
    cmd.args(["--addr", &format!("127.0.0.1:{port}"), "--log", "warn"])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--catalogue")
        .arg(repo("catalogue"))
        .arg("--calendar")
        .arg(calendar)
        .arg("--site-root")
        .arg(&site)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the server binary starts")
}

/// Waits until the server's database holds `revisions` (year → revision), read-only.
async fn wait_for(dir: &Path, revisions: &[(i64, &str)]) -> Vec<(i64, String)> {
    let url = format!("sqlite://{}?mode=ro", dir.join("data/loket.db").display());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut seen = Vec::new();
    while std::time::Instant::now() < deadline {
        if let Ok(pool) = sqlx::SqlitePool::connect(&url).await {
            if let Ok(rows) = sqlx::query_as::<_, (i64, String)>(
                "SELECT year, revision FROM calendar_years ORDER BY year",
            )
            .fetch_all(&pool)
            .await
            {
                seen = rows;
                let want: Vec<(i64, String)> =
                    revisions.iter().map(|(y, r)| (*y, r.to_string())).collect();
                if seen == want {
                    pool.close().await;
                    return seen;
                }
            }
            pool.close().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the server did not import {revisions:?} at start (saw {seen:?})");
}

#[tokio::test]
async fn the_server_imports_the_calendar_folder_at_every_start() {
    let dir = tempfile::tempdir().unwrap();
    let calendar = dir.path().join("calendar");
    std::fs::create_dir_all(&calendar).unwrap();
    for year in ["2026", "2027"] {
        let name = format!("{year}.toml");
        std::fs::copy(repo(&format!("calendar/{name}")), calendar.join(&name)).unwrap();
    }
    let mut server = start(dir.path(), &calendar);
    wait_for(dir.path(), &[(2026, "2025-09-19"), (2027, "2026-09-17")]).await;
    server.kill().unwrap();
    server.wait().unwrap();

    // A deployed revision of 2027 takes effect at the next start; 2026 is left as it was.
    let path = calendar.join("2027.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "revision = \"2026-09-17\"",
            "revision = \"2026-09-17 revisi\"",
        ),
    )
    .unwrap();
    let mut server = start(dir.path(), &calendar);
    wait_for(
        dir.path(),
        &[(2026, "2025-09-19"), (2027, "2026-09-17 revisi")],
    )
    .await;
    server.kill().unwrap();
    server.wait().unwrap();
    let pool = db_ro(dir.path()).await;
    let imports: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT subject, before FROM audit_log WHERE action = 'calendar.import' ORDER BY seq",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let subjects: Vec<&str> = imports.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        subjects,
        ["calendar/2026", "calendar/2027", "calendar/2027"],
        "an unchanged year is not imported again"
    );
    assert!(imports[2].1.as_deref().unwrap().contains("2026-09-17"));
}

async fn db_ro(dir: &Path) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!(
        "sqlite://{}?mode=ro",
        dir.join("data/loket.db").display()
    ))
    .await
    .unwrap()
}
