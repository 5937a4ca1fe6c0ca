//! `server generate-history`: a made-up history for the benchmark of the performance figures
//! (`scripts/bench-kinerja.sh`), from a seed, so the same command gives the same database. The
//! requests are spread over this year up to yesterday across the catalogue's services; due
//! dates come from the calendar by the rule real requests are filed with, and the finishing facts
//! are kept by the rule of a real step (`store::history`).

use crate::rng::Rng;
use app::domain::date::Date;
use app::domain::reference::Reference;
use app::domain::skm::Answers;
use app::domain::status::Status;
use app::store::history::{Correction, Question, Request};
use app::store::Db;

/// What was generated.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Requests.
    pub requests: usize,
    /// Of those, finished.
    pub finished: usize,
    /// Survey answers.
    pub surveys: usize,
    /// Questions.
    pub questions: usize,
    /// Corrections.
    pub corrections: usize,
}

fn plus(day: Date, n: u64) -> Date {
    Date::from_days_since_epoch(day.days_since_epoch() + n as i64)
}

/// An instant on `day`, between 01:00 and 10:00 UTC (08:00–17:00 in Jakarta).
fn instant(rng: &mut Rng, day: Date) -> String {
    let s = 3600 + rng.below_u64(9 * 3600);
    format!(
        "{day}T{:02}:{:02}:{:02}.000Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Writes `count` made-up requests (and questions and corrections in proportion) from `seed`
/// into an empty database whose catalogue and calendar are imported, received from 1 January
/// of `today`'s year (or 365 days back early in the year) to yesterday.
pub async fn generate(pool: &Db, count: u64, seed: u64, today: Date) -> anyhow::Result<Summary> {
    let services = app::store::catalogue::active_services(pool).await?;
    anyhow::ensure!(!services.is_empty(), "the catalogue is empty");
    let calendar = app::store::calendar::calendar(pool).await?;
    let jan1 = Date::new(today.year, 1, 1).unwrap_or(today);
    let days = (today.days_since_epoch() - jan1.days_since_epoch()).max(0) as u64;
    let (start, span) = if days >= 90 {
        (jan1, days)
    } else {
        (
            Date::from_days_since_epoch(today.days_since_epoch() - 365),
            365,
        )
    };
    let mut rng = Rng::new(seed);
    let mut summary = Summary::default();
    let mut requests = Vec::with_capacity(count as usize);
    for n in 0..count {
        let s = &services[rng.below_u64(services.len() as u64) as usize];
        let day = plus(start, rng.below_u64(span));
        let received_at = instant(&mut rng, day);
        let due_date = s.processing_days.map_or(String::new(), |d| {
            calendar
                .due_date(day, d, s.agency.cuti_bersama())
                .to_string()
        });
        let channel = match rng.below_u64(100) {
            0..85 => "app",
            85..95 => "counter",
            95..98 => "web",
            _ => "open311",
        };
        // Most requests are finished within five weeks; a few stay approved (not collected),
        // are withdrawn, or are forgotten (open long past their due date).
        let roll = rng.below_u64(100);
        let finish_on = plus(day, rng.below_u64(25));
        let (status, finished) = if roll < 92 && finish_on < today {
            let at = instant(&mut rng, finish_on);
            let outcome = if roll < 8 {
                Status::Rejected
            } else {
                Status::Completed
            };
            ((outcome, at.clone()), Some((at, outcome)))
        } else {
            let status = match roll {
                92..94 => Status::Approved,
                94..96 => Status::Cancelled,
                _ => [
                    Status::Submitted,
                    Status::Received,
                    Status::InReview,
                    Status::InReview,
                    Status::NeedsInfo,
                ][(roll % 5) as usize],
            };
            ((status, instant(&mut rng, day)), None)
        };
        let survey = match &finished {
            Some(_) if rng.below_u64(100) < 12 => {
                let values: Vec<u8> = (0..9).map(|_| 2 + rng.below_u64(3) as u8).collect();
                Answers::new(&values).map(|a| (finish_on.to_string(), a))
            }
            _ => None,
        };
        summary.finished += usize::from(finished.is_some());
        summary.surveys += usize::from(survey.is_some());
        requests.push(Request {
            id: format!("01900000-0000-7000-8000-{n:012x}"),
            reference: Reference::from_number(n.wrapping_mul(0x9E37_79B1).wrapping_add(seed))
                .to_string(),
            service: s.slug.clone(),
            agency: s.agency.slug.clone(),
            channel,
            received_at,
            due_date,
            status,
            finished,
            survey,
        });
    }
    let questions: Vec<Question> = (0..count / 50)
        .map(|n| {
            let s = &services[rng.below_u64(services.len() as u64) as usize];
            let day = plus(start, rng.below_u64(span));
            let asked_at = instant(&mut rng, day);
            let answered_at = (rng.below_u64(100) < 80)
                .then(|| {
                    let later = plus(day, rng.below_u64(6));
                    instant(&mut rng, later)
                })
                .filter(|a| *a > asked_at);
            Question {
                id: format!("01900000-0000-7000-9000-{n:012x}"),
                service: s.slug.clone(),
                agency: s.agency.slug.clone(),
                asked_at,
                answered_at,
            }
        })
        .collect();
    let corrections: Vec<Correction> = (0..count / 500)
        .map(|_| {
            let s = &services[rng.below_u64(services.len() as u64) as usize];
            let day = plus(start, rng.below_u64(span));
            let created_at = instant(&mut rng, day);
            let resolved_at = (rng.below_u64(100) < 70).then(|| {
                let later = plus(day, 1 + rng.below_u64(20));
                instant(&mut rng, later)
            });
            Correction {
                service: s.slug.clone(),
                agency: s.agency.slug.clone(),
                created_at,
                resolved_at,
            }
        })
        .collect();
    summary.requests = requests.len();
    summary.questions = questions.len();
    summary.corrections = corrections.len();
    app::store::history::write(pool, &requests, &questions, &corrections).await?;
    Ok(summary)
}
