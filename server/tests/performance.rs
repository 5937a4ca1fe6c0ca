//! The performance figures (issue 12) on a generated history: a few hundred requests over
//! 2026-Q1 and 2026-Q2 in three agencies, across Imlek, Nyepi, Idul Fitri and the cuti bersama
//! around them, made and moved through the real store with a fixed clock (every step at a given
//! instant). The test knows the days off only from the TOML file and counts working days day by
//! day itself; it computes every figure from the requests it made (sorting, not histograms) and
//! compares them with `store::performance::figures`. Then: the finishing facts filled in at
//! start equal those kept at the step; a revised holiday file imported by the real
//! `server import-calendar` moves what is computed afterwards and nothing kept; the open-data
//! routes, good and bad input.

mod common;

use app::domain::date::Date;
use app::domain::performance::{Figures, Shown};
use app::domain::skm::Period;
use app::domain::status::{Action, Actor, Status};
use app::domain::submission::Envelope;
use app::store::staff::Reach;
use server::{holidays, http, seed};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The history's seed: the same requests on every run.
const SEED: u64 = 0x4C4F_4B45_5420_3132;
/// "Today" for open and overdue.
const TODAY: &str = "2026-07-15";
/// The officer every staff step is taken by.
const OFFICER: &str = "officer-test";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn plus(day: Date, n: i64) -> Date {
    Date::from_days_since_epoch(day.days_since_epoch() + n)
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny PRNG with a fixed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// ---- the days off, as the test reads them ------------------------------------------------------

/// The days off of `calendar/2026.toml` (and any added by a revision): day → cuti bersama?
type DaysOff = BTreeMap<Date, bool>;

fn days_off(text: &str) -> DaysOff {
    let t: toml::Table = text.parse().unwrap();
    t["day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| {
            let date = d(day["date"].as_str().unwrap());
            (date, day["kind"].as_str().unwrap() == "cuti_bersama")
        })
        .collect()
}

/// Monday–Friday, by counting from a known Monday (5 January 2026).
fn weekday(day: Date) -> bool {
    (day.days_since_epoch() - d("2026-01-05").days_since_epoch()).rem_euclid(7) < 5
}

/// Whether counters are open on `day`: a weekday, no national holiday, and no cuti bersama at an
/// agency that closes on them.
fn open_on(off: &DaysOff, day: Date, closes: bool) -> bool {
    weekday(day)
        && match off.get(&day) {
            None => true,
            Some(cuti) => *cuti && !closes,
        }
}

/// The due date, counted one day at a time: `n` open days after `from`.
fn naive_due(off: &DaysOff, from: Date, n: u32, closes: bool) -> Date {
    let (mut day, mut left) = (from, n);
    while left > 0 {
        day = plus(day, 1);
        if open_on(off, day, closes) {
            left -= 1;
        }
    }
    day
}

/// Open days after `from` up to and including `to`.
fn naive_worked(off: &DaysOff, from: Date, to: Date, closes: bool) -> u32 {
    let mut n = 0;
    let mut day = from;
    while day < to {
        day = plus(day, 1);
        if open_on(off, day, closes) {
            n += 1;
        }
    }
    n
}

// ---- the catalogue the history runs on ---------------------------------------------------------

/// An agency of the test: its catalogue file, whether it closes on cuti bersama, and the promised
/// days of its first three services (the third gets only a handful of requests).
struct AgencyPlan {
    file: &'static str,
    slug: &'static str,
    closes: bool,
    promises: [Option<u32>; 3],
}

const AGENCIES: [AgencyPlan; 3] = [
    AgencyPlan {
        file: "dukcapil.toml",
        slug: "dukcapil",
        closes: true,
        promises: [Some(5), Some(10), Some(3)],
    },
    AgencyPlan {
        file: "polri.toml",
        slug: "polri",
        closes: false,
        promises: [Some(5), None, Some(7)],
    },
    AgencyPlan {
        file: "imigrasi.toml",
        slug: "imigrasi",
        closes: false,
        promises: [Some(4), Some(14), None],
    },
];

/// Imports each plan's agency file with its choice on cuti bersama and the promised days set
/// (or removed); the slugs of the three services, per agency.
async fn catalogue(pool: &app::store::Db, dir: &Path) -> Vec<[String; 3]> {
    let cat = dir.join("catalogue");
    std::fs::create_dir_all(&cat).unwrap();
    std::fs::copy(repo("catalogue/taxonomy.toml"), cat.join("taxonomy.toml")).unwrap();
    let mut out = Vec::new();
    for plan in &AGENCIES {
        let text = std::fs::read_to_string(repo(&format!("catalogue/{}", plan.file))).unwrap();
        let mut t: toml::Table = text.parse().unwrap();
        t["agency"]
            .as_table_mut()
            .unwrap()
            .insert("closes_on_cuti_bersama".into(), plan.closes.into());
        let services = t["service"].as_array_mut().unwrap();
        let mut slugs = Vec::new();
        for (s, promise) in services.iter_mut().zip(plan.promises) {
            let s = s.as_table_mut().unwrap();
            match promise {
                Some(days) => s.insert("processing_days".into(), i64::from(days).into()),
                None => s.remove("processing_days"),
            };
            slugs.push(s["slug"].as_str().unwrap().to_string());
        }
        let path = cat.join(plan.file);
        std::fs::write(&path, toml::to_string(&t).unwrap()).unwrap();
        seed::import_path(pool, &path).await.unwrap();
        for (slug, promise) in slugs.iter().zip(plan.promises) {
            let s = app::store::catalogue::service(pool, slug)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(s.processing_days, promise, "{slug}");
            assert_eq!(s.agency.closes_on_cuti_bersama, plan.closes);
        }
        out.push(slugs.try_into().unwrap());
    }
    out
}

// ---- making the history ------------------------------------------------------------------------

/// How a request ends up.
#[derive(Clone, Debug, PartialEq)]
enum End {
    /// Still with the agency, in this status.
    Open(Status),
    /// Approved, not completed yet: neither open nor finished.
    Approved,
    /// Withdrawn by the citizen.
    Cancelled,
    /// Finished on this day; rejected or completed; closed later (rejected, then completed).
    Finished {
        on: Date,
        rejected: bool,
        closed_later: bool,
    },
}

/// A request the test made, as it knows it.
#[derive(Clone, Debug)]
struct Made {
    id: String,
    agency: usize,
    service: usize,
    received: Date,
    end: End,
}

/// Submits request `n` for service `service` of agency `agency` on `received` (at `hour` UTC,
/// the same day in Indonesia), through the store, filed as the submit endpoint files it.
async fn submit(
    pool: &app::store::Db,
    slugs: &[[String; 3]],
    n: u64,
    (agency, service): (usize, usize),
    received: Date,
    hour: u64,
) -> String {
    let slug = &slugs[agency][service];
    let s = app::store::catalogue::service(pool, slug)
        .await
        .unwrap()
        .unwrap();
    let calendar = app::store::calendar::calendar(pool).await.unwrap();
    let mut filing = app::store::requests::filing(&s, &calendar, received);
    filing.received_at = Some(format!("{received}T{hour:02}:15:00.000Z"));
    let e = Envelope {
        id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
        service: slug.clone(),
        form_version: 1,
        answers: Default::default(),
        expect: None,
    };
    let stored =
        app::store::requests::submit(pool, &common::secrets(), &e, &Default::default(), &filing)
            .await
            .unwrap();
    assert!(matches!(stored, app::store::requests::Stored::New(_)));
    e.id
}

/// Takes the staff steps `actions` on request `id` of `agency`, each at `at`.
async fn steps(pool: &app::store::Db, agency: &str, id: &str, actions: &[Action], at: &str) {
    for a in actions {
        let note = if *a == Action::AskInfo { "KK?" } else { "" };
        app::store::staff::act(
            pool,
            agency,
            id,
            *a,
            OFFICER,
            Reach::Admin,
            note,
            "",
            Some(at),
        )
        .await
        .unwrap_or_else(|e| panic!("{a:?} on {id}: {e}"));
    }
}

/// Moves request `m` to its end: the steps before finishing on the day it came in, the finishing
/// step on its day.
async fn carry_out(pool: &app::store::Db, m: &Made) {
    use Action::*;
    let agency = AGENCIES[m.agency].slug;
    let first = format!("{}T10:00:00.000Z", m.received);
    match &m.end {
        End::Open(Status::Submitted) => {}
        End::Open(Status::Received) => steps(pool, agency, &m.id, &[Receive], &first).await,
        End::Open(Status::InReview) => steps(pool, agency, &m.id, &[Receive, Review], &first).await,
        End::Open(Status::NeedsInfo) => {
            steps(pool, agency, &m.id, &[Receive, Review, AskInfo], &first).await
        }
        End::Open(s) => panic!("not an open status: {s:?}"),
        End::Approved => steps(pool, agency, &m.id, &[Receive, Review, Approve], &first).await,
        End::Cancelled => {
            app::store::requests::act(pool, &m.id, Cancel, Actor::Citizen, None, "", "")
                .await
                .unwrap();
        }
        End::Finished {
            on,
            rejected,
            closed_later,
        } => {
            steps(pool, agency, &m.id, &[Receive, Review], &first).await;
            let at = format!("{on}T07:30:00.000Z");
            if *rejected {
                steps(pool, agency, &m.id, &[Reject], &at).await;
                if *closed_later {
                    let later = format!("{}T03:00:00.000Z", plus(*on, 9));
                    steps(pool, agency, &m.id, &[Complete], &later).await;
                }
            } else {
                steps(pool, agency, &m.id, &[Approve, Complete], &at).await;
            }
        }
    }
}

/// The generated history's requests (not yet made): for each agency its first two services
/// at random, received from 2 January to 30 June 2026; and three requests of its third service
/// in February (a small cell).
fn plan(rng: &mut Rng) -> Vec<Made> {
    let today = d(TODAY);
    let start = d("2026-01-02");
    let mut out = Vec::new();
    let mut n = 0u64;
    let mut push = |agency, service, received: Date, end| {
        n += 1;
        out.push(Made {
            id: format!("01936f3e-8b2a-7cde-9f01-{n:012x}"),
            agency,
            service,
            received,
            end,
        });
    };
    for _ in 0..330 {
        let agency = rng.below(3) as usize;
        let service = rng.below(2) as usize;
        let received = plus(start, rng.below(180) as i64);
        let roll = rng.below(100);
        let end = if roll < 72 {
            // Finished some working weeks later (weekends and holidays included in the span).
            let on = plus(received, rng.below(28) as i64);
            if on >= today {
                End::Open(Status::InReview)
            } else {
                End::Finished {
                    on,
                    rejected: roll < 14,
                    closed_later: roll < 7,
                }
            }
        } else if roll < 78 {
            End::Approved
        } else if roll < 81 {
            End::Cancelled
        } else {
            let open = [
                Status::Submitted,
                Status::Received,
                Status::InReview,
                Status::NeedsInfo,
            ];
            End::Open(open[rng.below(4) as usize])
        };
        push(agency, service, received, end);
    }
    // The same day and promise at the agency that closes on cuti bersama and at one that stays
    // open (withdrawn at once, so they change no open or overdue figure but the received ones).
    push(0, 0, d("2026-03-17"), End::Cancelled);
    push(1, 0, d("2026-03-17"), End::Cancelled);
    for agency in 0..3 {
        for k in 0..3 {
            let received = plus(d("2026-02-02"), 7 * k);
            let end = if k < 2 {
                End::Finished {
                    on: plus(received, 2),
                    rejected: false,
                    closed_later: false,
                }
            } else {
                End::Open(Status::Received)
            };
            push(agency, 2, received, end);
        }
    }
    out
}

// ---- the figures, computed by the test -----------------------------------------------------------

/// Fewer than 5 behind a figure: withheld (the rule).
fn w<T>(base: usize, v: T) -> Shown<T> {
    if base < 5 {
        Shown::Withheld
    } else {
        Shown::Value(v)
    }
}

/// Nearest rank: the value at rank ⌈p·N/100⌉ of the sorted values.
fn rank(sorted: &[u32], p: usize) -> u32 {
    sorted[(p * sorted.len()).div_ceil(100).max(1) - 1]
}

/// The figures the store must give, for the requests of one cell: what the test compares.
#[derive(Debug, PartialEq)]
struct Expect {
    received: Shown<u32>,
    open: Shown<u32>,
    overdue: Shown<u32>,
    completed: Shown<u32>,
    rejected: Shown<u32>,
    median: Shown<u32>,
    p90: Shown<u32>,
    promised: Option<u32>,
    on_time: Option<Shown<u32>>,
}

impl Expect {
    fn of(f: &Figures) -> Expect {
        Expect {
            received: f.received,
            open: f.open,
            overdue: f.overdue,
            completed: f.completed,
            rejected: f.rejected,
            median: f.median_days,
            p90: f.p90_days,
            promised: f.promised_days,
            on_time: f.on_time_permille,
        }
    }
}

/// What the test knows of a request: its cell, due date, finishing and working days.
struct Known<'a> {
    made: &'a Made,
    due: Option<Date>,
    worked: Option<u32>,
}

fn in_period(p: Period, day: Date) -> bool {
    let (from, to) = p.bounds();
    let s = day.to_string();
    s >= from && s < to
}

/// The expected figures of the requests `known` (one service's, or an agency's) in `period`.
fn expect(period: Period, known: &[&Known], promised: Option<u32>, agency_row: bool) -> Expect {
    let today = d(TODAY);
    let received: Vec<&&Known> = known
        .iter()
        .filter(|k| in_period(period, k.made.received))
        .collect();
    let open = received
        .iter()
        .filter(|k| matches!(k.made.end, End::Open(_)))
        .count();
    let overdue = received
        .iter()
        .filter(|k| matches!(k.made.end, End::Open(_)) && k.due.is_some_and(|due| due < today))
        .count();
    let finished: Vec<(&&Known, bool, u32)> = known
        .iter()
        .filter_map(|k| match k.made.end {
            End::Finished { on, rejected, .. } if in_period(period, on) => {
                Some((k, rejected, k.worked.unwrap()))
            }
            _ => None,
        })
        .collect();
    let mut days: Vec<u32> = finished.iter().map(|(_, _, d)| *d).collect();
    days.sort_unstable();
    let n = days.len();
    let rejected = finished.iter().filter(|(_, r, _)| *r).count();
    // On time: per request, against its own service's promise; only services with one count.
    let promise_of = |k: &Known| AGENCIES[k.made.agency].promises[k.made.service];
    let with_promise: Vec<(u32, u32)> = finished
        .iter()
        .filter_map(|(k, _, d)| promise_of(k).map(|p| (*d, p)))
        .collect();
    let any_promise = if agency_row {
        known.iter().any(|k| promise_of(k).is_some())
    } else {
        promised.is_some()
    };
    let on_time = any_promise.then(|| {
        let whole = with_promise.len();
        let part = with_promise.iter().filter(|(d, p)| d <= p).count();
        let permille = if whole == 0 {
            0
        } else {
            ((2000 * part + whole) / (2 * whole)) as u32
        };
        w(whole, permille)
    });
    Expect {
        received: w(received.len(), received.len() as u32),
        open: w(received.len(), open as u32),
        overdue: w(received.len(), overdue as u32),
        completed: w(n, (n - rejected) as u32),
        rejected: w(n, rejected as u32),
        median: w(n, if n > 0 { rank(&days, 50) } else { 0 }),
        p90: w(n, if n > 0 { rank(&days, 90) } else { 0 }),
        promised: if agency_row { None } else { promised },
        on_time,
    }
}

/// A request's kept facts: due date, finished on, finished as, worked days.
type Facts = (String, Option<String>, Option<String>, Option<i64>);

/// Every request's kept facts, by id.
type Kept = BTreeMap<String, Facts>;

/// A row of [`kept`]: the id and the facts.
type KeptRow = (String, String, Option<String>, Option<String>, Option<i64>);

async fn kept(pool: &app::store::Db) -> Kept {
    let rows: Vec<KeptRow> = common::on_db!(&pool, p => sqlx::query_as(
        "SELECT id, due_date, finished_on, finished_as, worked_days FROM requests ORDER BY id",
    )
    .fetch_all(p)
    .await)
    .unwrap();
    rows.into_iter()
        .map(|(id, due, on, how, days)| (id, (due, on, how, days)))
        .collect()
}

const Q1: Period = Period {
    year: 2026,
    quarter: Some(1),
};
const Q2: Period = Period {
    year: 2026,
    quarter: Some(2),
};
const YEAR: Period = Period {
    year: 2026,
    quarter: None,
};

#[tokio::test]
async fn figures_of_a_generated_history_across_lebaran() {
    let (dir, pool) = common::database().await;
    holidays::import_path(&pool, &repo("calendar"), "cli")
        .await
        .unwrap();
    let slugs = catalogue(&pool, dir.path()).await;
    let off = days_off(&std::fs::read_to_string(repo("calendar/2026.toml")).unwrap());
    assert_eq!(off.get(&d("2026-03-19")), Some(&false), "Nyepi: libur");
    assert_eq!(
        off.get(&d("2026-03-23")),
        Some(&true),
        "after Idul Fitri: cuti"
    );

    let mut rng = Rng(SEED);
    let history = plan(&mut rng);
    for (i, m) in history.iter().enumerate() {
        let hour = 1 + rng.below(8);
        let id = submit(
            &pool,
            &slugs,
            i as u64 + 1,
            (m.agency, m.service),
            m.received,
            hour,
        )
        .await;
        assert_eq!(id, m.id);
        carry_out(&pool, m).await;
    }
    let received_in = |p: Period| history.iter().filter(|m| in_period(p, m.received)).count();
    assert!(
        received_in(Q1) > 100 && received_in(Q2) > 100,
        "two full quarters"
    );

    // Due dates skip the holidays; worked days count open days only; both by the test's own
    // day-by-day count over the TOML's dates.
    let facts = kept(&pool).await;
    let mut known = Vec::new();
    let mut lebaran = 0;
    for m in &history {
        let plan = &AGENCIES[m.agency];
        let promise = plan.promises[m.service];
        let (due, on, how, days) = &facts[&m.id];
        let expected_due = promise.map(|p| naive_due(&off, m.received, p, plan.closes));
        assert_eq!(
            Date::parse(due),
            expected_due,
            "due date of {} ({}, received {})",
            m.id,
            plan.slug,
            m.received
        );
        if expected_due.is_some_and(|due| due >= d("2026-03-18") && m.received < d("2026-03-25")) {
            lebaran += 1;
        }
        let worked = match &m.end {
            End::Finished {
                on: day, rejected, ..
            } => {
                let n = naive_worked(&off, m.received, *day, plan.closes);
                assert_eq!(on.as_deref(), Some(day.to_string().as_str()), "{}", m.id);
                let outcome = if *rejected { "rejected" } else { "completed" };
                assert_eq!(how.as_deref(), Some(outcome), "{}", m.id);
                assert_eq!(*days, Some(i64::from(n)), "worked days of {}", m.id);
                Some(n)
            }
            _ => {
                assert_eq!((on, how, days), (&None, &None, &None), "{}", m.id);
                None
            }
        };
        known.push(Known {
            made: m,
            due: expected_due,
            worked,
        });
    }
    assert!(lebaran >= 10, "{lebaran} due dates run across Lebaran");

    // The same day and promise at an agency that closes on cuti bersama and at one that stays
    // open: Tuesday 17 March + 5 working days.
    let on_17 = |a: usize| {
        history
            .iter()
            .find(|m| m.agency == a && m.service == 0 && m.received == d("2026-03-17"))
            .map(|m| facts[&m.id].0.clone())
    };
    assert_eq!(
        on_17(0).as_deref(),
        Some("2026-03-31"),
        "closed 18–24 March"
    );
    assert_eq!(
        on_17(1).as_deref(),
        Some("2026-03-25"),
        "open on 18, 20, 23, 24 March"
    );

    // Every figure the store gives equals the test's own, per agency and per service.
    let today = d(TODAY);
    for period in [Q1, Q2, YEAR] {
        let rows = app::store::performance::figures(&pool, period, today)
            .await
            .unwrap();
        let mut seen = BTreeSet::new();
        for (a, plan) in AGENCIES.iter().enumerate() {
            let of_agency: Vec<&Known> = known.iter().filter(|k| k.made.agency == a).collect();
            let row = rows
                .iter()
                .find(|r| r.agency == plan.slug && r.service.is_none())
                .unwrap();
            assert_eq!(
                Expect::of(row),
                expect(period, &of_agency, None, true),
                "{} {}",
                plan.slug,
                period.code()
            );
            for (s, slug) in slugs[a].iter().enumerate() {
                let of_service: Vec<&Known> = of_agency
                    .iter()
                    .copied()
                    .filter(|k| k.made.service == s)
                    .collect();
                let row = rows
                    .iter()
                    .find(|r| r.service.as_deref() == Some(slug.as_str()))
                    .unwrap();
                let want = expect(period, &of_service, plan.promises[s], false);
                assert_eq!(Expect::of(row), want, "{slug} {}", period.code());
                seen.insert((period.code(), s, want.received.is_withheld()));
            }
        }
        // Agencies and services with no request at all: every figure withheld.
        let quiet = rows
            .iter()
            .find(|r| r.agency == "samsat" && r.service.is_none())
            .unwrap();
        assert!(quiet.received.is_withheld() && quiet.median_days.is_withheld());
        if period == Q1 {
            assert!(
                seen.contains(&("2026-Q1".into(), 2, true)),
                "the third services' cells are small and withheld"
            );
            assert!(seen.contains(&("2026-Q1".into(), 0, false)));
        }
    }
    // A page at a time, as /kinerja reads them: the same rows as the whole, in order.
    for period in [Q1, Q2, YEAR] {
        same_in_pages(&pool, period, today).await;
    }
    // A withdrawn service keeps its row where it has figures, with its promised days (kept).
    let gone = &slugs[0][0];
    let row_of = |rows: &[Figures]| {
        rows.iter()
            .find(|r| r.service.as_deref() == Some(gone.as_str()))
            .cloned()
    };
    let before = row_of(
        &app::store::performance::figures(&pool, Q1, today)
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(before.received.value().is_some_and(|n| n > 0) && before.promised_days.is_some());
    set_withdrawn(&pool, gone, true).await;
    let after = app::store::performance::figures(&pool, Q1, today)
        .await
        .unwrap();
    assert_eq!(
        row_of(&after),
        Some(before),
        "withdrawn, with the same figures"
    );
    for period in [Q1, Q2, YEAR] {
        same_in_pages(&pool, period, today).await;
    }
    set_withdrawn(&pool, gone, false).await;

    // Some figures are there to see (not all withheld, not all zero).
    let q1 = app::store::performance::figures(&pool, Q1, today)
        .await
        .unwrap();
    let dukcapil = q1
        .iter()
        .find(|r| r.agency == "dukcapil" && r.service.is_none())
        .unwrap();
    assert!(dukcapil.median_days.value().is_some_and(|m| m > 0));
    assert!(dukcapil.on_time_permille.and_then(Shown::value).is_some());
    assert!(
        dukcapil.overdue.value().is_some_and(|n| n > 0),
        "{dukcapil:?}"
    );

    // The staff dashboard says the same numbers as the public figures.
    let board = app::store::staff::dashboard(&pool, "dukcapil", d("2026-02-20"))
        .await
        .unwrap();
    let public = app::store::performance::figures(&pool, Q1, d("2026-02-20"))
        .await
        .unwrap();
    let of_dukcapil: Vec<&Figures> = public.iter().filter(|r| r.agency == "dukcapil").collect();
    assert_eq!(board.iter().collect::<Vec<_>>(), of_dukcapil);

    // A database from before the kept facts: filled in at start from the timeline, the same as
    // kept at each step; a second start finds nothing to do.
    let before = kept(&pool).await;
    common::on_db!(&pool, p => sqlx::query("UPDATE requests SET finished_on = NULL, finished_as = NULL, worked_days = NULL")
        .execute(p)
        .await.map(|r| r.rows_affected()))
        .unwrap();
    let finished = before.values().filter(|f| f.1.is_some()).count() as u64;
    assert_eq!(
        app::store::performance::fill_finished(&pool).await.unwrap(),
        finished
    );
    assert_eq!(kept(&pool).await, before);
    assert_eq!(
        app::store::performance::fill_finished(&pool).await.unwrap(),
        0
    );

    revised_calendar(&pool, dir.path(), &slugs, &off).await;
}

/// Marks service `slug` withdrawn or not, straight in the table (its figures' row follows by
/// trigger; its revision does not move).
async fn set_withdrawn(pool: &app::store::Db, slug: &str, withdrawn: bool) {
    common::on_db!(pool, p => sqlx::query("UPDATE services SET withdrawn = $2 WHERE slug = $1")
        .bind(slug)
        .bind(withdrawn)
        .execute(p)
        .await.map(|r| r.rows_affected()))
    .unwrap();
}

/// `store::performance::figures_page`, page after page (of several sizes, against the catalogue
/// as a fresh shelf reads it), gives the rows of `figures` in the same order, each agency whole
/// on one page.
async fn same_in_pages(pool: &app::store::Db, period: Period, today: Date) {
    use app::domain::performance::ROWS_PER_PAGE;
    let whole = app::store::performance::figures(pool, period, today)
        .await
        .unwrap();
    let shelf = app::store::shelf::Shelves::default()
        .current(pool)
        .await
        .unwrap();
    let listed = app::store::performance::listed(&shelf);
    for per_page in [1, 7, 20, ROWS_PER_PAGE] {
        let (mut all, mut pages, mut asked) = (Vec::new(), Vec::new(), 1);
        loop {
            let (rows, part) = app::store::performance::figures_page(
                pool, &listed, period, today, asked, per_page,
            )
            .await
            .unwrap();
            assert_eq!(part.number, asked);
            pages.push(
                rows.iter()
                    .map(|r| r.agency.clone())
                    .collect::<BTreeSet<_>>(),
            );
            all.extend(rows);
            if asked == part.pages {
                assert_eq!(
                    part.total,
                    whole.iter().filter(|r| r.service.is_none()).count()
                );
                break;
            }
            asked += 1;
        }
        assert_eq!(all, whole, "{} rows a page, {}", per_page, period.code());
        for (i, a) in pages.iter().enumerate() {
            for b in &pages[i + 1..] {
                assert!(a.is_disjoint(b), "an agency on two pages: {a:?} {b:?}");
            }
        }
        if per_page == 1 {
            assert!(pages.len() > 3, "one agency a page: {}", pages.len());
        }
    }
}

/// Runs the real `server import-calendar` on the test's database (`<dir>/loket.db`).
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

/// A revised decree makes Tuesday 10 February 2026 a national holiday: due dates and working
/// days computed afterwards count it; every due date, finishing day and working-day count kept
/// before, and so every figure, stays as it was.
async fn revised_calendar(pool: &app::store::Db, dir: &Path, slugs: &[[String; 3]], off: &DaysOff) {
    let today = d(TODAY);
    // Two requests of polri's first service (5 days, open on cuti bersama) on Monday 9 February:
    // one finished on Thursday 12 February before the revision (10, 11, 12: 3 working days).
    let early = submit(pool, slugs, 9101, (1, 0), d("2026-02-09"), 3).await;
    let late = submit(pool, slugs, 9102, (1, 0), d("2026-02-09"), 3).await;
    let done = [
        Action::Receive,
        Action::Review,
        Action::Approve,
        Action::Complete,
    ];
    steps(pool, "polri", &early, &done, "2026-02-12T06:00:00.000Z").await;
    let before = kept(pool).await;
    let figures_before = app::store::performance::figures(pool, YEAR, today)
        .await
        .unwrap();
    assert_eq!(before[&early].3, Some(3));
    // Imlek's cuti bersama (16 February) is open at polri; the 17th is a holiday.
    assert_eq!(before[&late].0, "2026-02-16");

    let mut t: toml::Table = std::fs::read_to_string(repo("calendar/2026.toml"))
        .unwrap()
        .parse()
        .unwrap();
    t.insert("revision".into(), "2026-02-01 (test)".into());
    let mut day = toml::Table::new();
    day.insert("date".into(), "2026-02-10".into());
    day.insert("name".into(), "Libur tambahan (test)".into());
    day.insert("kind".into(), "libur".into());
    t["day"].as_array_mut().unwrap().push(day.into());
    let file = dir.join("2026-revisi.toml");
    std::fs::write(&file, toml::to_string(&t).unwrap()).unwrap();
    let printed = import_calendar(dir, &file);
    assert!(printed.contains("revised from 2025-09-19"), "{printed}");
    let mut revised = off.clone();
    revised.insert(d("2026-02-10"), false);

    // Nothing kept moved, and no figure.
    assert_eq!(kept(pool).await, before);
    assert_eq!(
        app::store::performance::figures(pool, YEAR, today)
            .await
            .unwrap(),
        figures_before
    );
    // Computed afterwards: the same request again is due a day later (10 Feb off; 16 Feb open,
    // 17 Feb off), and the other, finished now on the same day, counts 2 working days.
    let again = submit(pool, slugs, 9103, (1, 0), d("2026-02-09"), 3).await;
    let due = kept(pool).await[&again].0.clone();
    assert_eq!(
        due,
        naive_due(&revised, d("2026-02-09"), 5, false).to_string()
    );
    assert_eq!(due, "2026-02-18");
    steps(pool, "polri", &late, &done, "2026-02-12T06:00:00.000Z").await;
    let after = kept(pool).await;
    assert_eq!(after[&late].3, Some(2));
    assert_eq!(after[&early].3, Some(3), "history keeps its count");
    assert_eq!(
        after[&late].0, "2026-02-16",
        "its due date was given before"
    );
}

// ---- the open-data routes ----------------------------------------------------------------------

async fn get(app: &axum::Router, path: &str) -> (u16, axum::http::HeaderMap, String) {
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .uri(path)
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status().as_u16(), res.headers().clone());
    let bytes = axum::body::to_bytes(res.into_body(), 4 * 1024 * 1024)
        .await
        .unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

fn header<'a>(h: &'a axum::http::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// Splits RFC 4180 CSV into rows of fields (quoted fields may hold commas, quotes, line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the file ends with a line break"
    );
    rows
}

#[tokio::test]
async fn the_open_data_routes_give_the_figures_and_refuse_bad_periods() {
    let (dir, pool) = common::database().await;
    let app = http::router(
        pool.clone(),
        &dir.path().join("data"),
        &common::serve(dir.path()),
    )
    .unwrap();
    let today = app::clock::today();
    let this_quarter = Period::quarter_of(&today.to_string()).unwrap();

    let (status, h, body) = get(&app, "/kinerja.csv?periode=2026-Q1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&h, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header(&h, "content-disposition"),
        "attachment; filename=\"kinerja-2026-Q1.csv\""
    );
    assert!(header(&h, "cache-control").starts_with("public"), "{h:?}");
    let rows = parse_csv(&body);
    let figures = app::store::performance::figures(&pool, Q1, today)
        .await
        .unwrap();
    assert_eq!(rows.len(), figures.len() + 1);
    assert_eq!(rows[0], app::domain::performance::COLUMNS);
    assert!(rows[1..]
        .iter()
        .all(|r| r.len() == rows[0].len() && r[0] == "2026-Q1"));
    assert_eq!(body, app::domain::performance::csv(&figures));
    // Seed catalogue, no request: every service is listed, every figure withheld.
    let received = rows[0].iter().position(|c| c == "received").unwrap();
    assert!(rows[1..].iter().all(|r| r[received] == "withheld"));

    let (status, h, body) = get(&app, "/kinerja.json?periode=2026").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(header(&h, "content-type"), "application/json");
    assert_eq!(header(&h, "access-control-allow-origin"), "*");
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["period"], "2026");
    assert_eq!(doc["licence"], "CC BY 4.0");
    assert_eq!(doc["rows"].as_array().unwrap().len(), figures.len());

    // No period: the quarter holding today; an empty one likewise.
    for path in ["/kinerja.csv", "/kinerja.csv?periode="] {
        let (status, h, _) = get(&app, path).await;
        assert_eq!(status, 200);
        let name = format!(
            "attachment; filename=\"kinerja-{}.csv\"",
            this_quarter.code()
        );
        assert_eq!(header(&h, "content-disposition"), name);
    }
    let (_, _, body) = get(&app, "/kinerja.json").await;
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["period"], this_quarter.code());

    // Bad periods: 400, said in both languages, nothing cached.
    for bad in [
        "2026-Q5",
        "2026-q1",
        "26",
        "2026-Q1%0D%0ASet-Cookie:%20x=1",
        "%3Cscript%3E",
        "2026-Q1,2026-Q2",
        "9999999999",
    ] {
        let (status, h, body) = get(&app, &format!("/kinerja.csv?periode={bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains("Periode tidak dikenal") && body.contains("Unknown period"));
        assert_eq!(header(&h, "content-type"), "text/plain; charset=utf-8");
        assert_eq!(header(&h, "cache-control"), "no-store");
        assert!(h.get("set-cookie").is_none() && h.get("content-disposition").is_none());
        let (status, h, body) = get(&app, &format!("/kinerja.json?periode={bad}")).await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(header(&h, "content-type"), "application/json");
        let e: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(e["error"], "bad_period");
        assert!(e["message"]["id"].as_str().unwrap().contains("2026-Q1"));
        assert!(e["message"]["en"].as_str().unwrap().contains("2026-Q1"));
    }
    // Only GET.
    use tower::ServiceExt;
    let post = axum::http::Request::builder()
        .method("POST")
        .uri("/kinerja.csv")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.clone().oneshot(post).await.unwrap();
    assert_eq!(res.status().as_u16(), 405);
}

/// The promised days the figures show come from `service_figures`, which the triggers on
/// `services` derive from each stored document (migration 0023): after a publication from the
/// back office they are the new document's, and a service without a promise shows none.
#[tokio::test]
async fn the_promised_days_follow_a_publication() {
    use app::store::revisions::{current, publish, Kind, Publication, Published};
    let (_dir, pool) = common::database().await;
    let (agency, slug) = ("dukcapil", "akta-kelahiran");
    let today = Date::parse("2026-12-03").unwrap();
    let period = Period::quarter_of("2026-12-03").unwrap();
    let promised = async || {
        let rows = app::store::performance::figures(&pool, period, today)
            .await
            .unwrap();
        let row = rows.iter().find(|f| f.service.as_deref() == Some(slug));
        row.expect("every active service has its row").promised_days
    };
    let (mut doc, mut base) = current(&pool, agency, slug).await.unwrap().unwrap();
    assert_eq!(
        doc.processing_days, None,
        "the seed promises no days for {slug}"
    );
    assert_eq!(promised().await, None);
    for days in [Some(14), Some(5), None] {
        doc.processing_days = days;
        let p = Publication {
            actor: "test",
            agency,
            base,
            doc: &doc,
            kind: Kind::Publish,
        };
        let Published::Done(next) = publish(&pool, &p).await.unwrap() else {
            panic!("published")
        };
        base = next;
        assert_eq!(promised().await, days);
    }
}
