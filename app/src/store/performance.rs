//! The performance figures (see `domain::performance` for what each one means): read per
//! agency and service with `GROUP BY` from the monthly tallies the database keeps (migration
//! 0015: triggers keep `received_monthly` and `finished_monthly` exact in every transaction
//! that changes a request), and from facts kept on each row; and the keeping of those facts:
//! when a request was finished, how, and its working days.

use super::{AsConn, StoreError};
use crate::domain::calendar::{Calendar, CutiBersama};
use crate::domain::channel::Channel;
use crate::domain::date::Date;
use crate::domain::page::Part;
use crate::domain::performance::{agencies_on_page, publish, Cell, Figures};
use crate::domain::shelf::Shelf;
use crate::domain::skm::Period;
use crate::domain::status::Status;

use std::collections::BTreeMap;

/// Keeps when request `id` was finished (`at`, UTC RFC 3339: its day), how (`outcome`:
/// completed or rejected) and its working days from arrival to that day, counted with the
/// calendar as it stands now and its agency's choice on cuti bersama; inside the caller's
/// transaction (the step that finished it). A request finished before keeps what it has.
pub(crate) async fn finish(
    conn: super::Conn<'_>,
    id: &str,
    outcome: Status,
    at: &str,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT received_at, agency_slug FROM requests WHERE id = $1 AND finished_on IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((received_at, agency)) = row else {
            return Ok(());
        };
        let (calendar, cuti) = super::calendar::for_agency_in(conn.as_conn(), &agency).await?;
        keep(conn.as_conn(), id, outcome, at, &received_at, &calendar, cuti).await
    })
}

/// Writes the finishing facts of `id` (see [`finish`]), once.
pub(crate) async fn keep(
    conn: super::Conn<'_>,
    id: &str,
    outcome: Status,
    at: &str,
    received_at: &str,
    calendar: &Calendar,
    cuti: CutiBersama,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        let bad = || StoreError::Invalid(format!("request {id}: {received_at} to {at}"));
        let day = at
            .get(..10)
            .filter(|d| Date::parse(d).is_some())
            .ok_or_else(bad)?;
        let days = crate::domain::skm::worked_days(received_at, at, calendar, cuti).ok_or_else(bad)?;
        sqlx::query(
            "UPDATE requests SET finished_on = $2, finished_as = $3, worked_days = $4
             WHERE id = $1 AND finished_on IS NULL",
        )
        .bind(id)
        .bind(day)
        .bind(outcome.code())
        .bind(i64::from(days))
        .execute(&mut *conn)
        .await?;
        Ok(())
    })
}

/// Fills in the finishing facts of requests finished before they were kept (a database from
/// before migration 0015), from each one's first *Selesai* or *Ditolak* step, counted with the
/// calendar as it stands now. Run at start; does nothing when every finished request has them.
/// Returns how many it filled in.
pub async fn fill_finished(db: &super::Db) -> Result<u64, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
                "SELECT r.id, r.received_at, r.agency_slug, e.status, e.at
                 FROM requests r JOIN request_events e ON e.request_id = r.id
                 WHERE r.finished_on IS NULL AND r.status IN ('completed', 'rejected')
                   AND e.seq = (SELECT MIN(f.seq) FROM request_events f
                                WHERE f.request_id = r.id AND f.status IN ('completed', 'rejected'))",
            )
            .fetch_all(&mut *conn)
            .await?;
            if rows.is_empty() {
                return Ok(0);
            }
            let calendar = super::calendar::calendar_in(conn.as_conn()).await?;
            let mut cuti: BTreeMap<String, CutiBersama> = BTreeMap::new();
            for (id, received_at, agency, status, at) in &rows {
                let c = match cuti.get(agency) {
                    Some(c) => *c,
                    None => {
                        let c = super::calendar::cuti_bersama_in(conn.as_conn(), agency).await?;
                        cuti.insert(agency.clone(), c);
                        c
                    }
                };
                let outcome = Status::from_code(status)
                    .ok_or_else(|| StoreError::Invalid(format!("stored status {status}")))?;
                keep(conn.as_conn(), id, outcome, at, received_at, &calendar, c).await?;
            }
            Ok(rows.len() as u64)
        })
        .await
    })
}

/// The figures of every agency and its services in `period`, as of `today` (for *open* and
/// *overdue now*): each agency as a whole, then its services, by slug.
pub async fn figures(
    db: &super::Db,
    period: Period,
    today: Date,
) -> Result<Vec<Figures>, StoreError> {
    Ok(publish(period, &cells(db, period, today, None).await?))
}

/// [`figures`] of one agency (the staff dashboard's).
pub async fn agency_figures(
    db: &super::Db,
    agency: &str,
    period: Period,
    today: Date,
) -> Result<Vec<Figures>, StoreError> {
    Ok(publish(
        period,
        &cells(db, period, today, Some(agency)).await?,
    ))
}

/// A service of the catalogue (not withdrawn) as the figures list it: every one has a row,
/// whether or not anything happened to it.
#[derive(Clone, Copy, Debug)]
pub struct Listed<'a> {
    pub agency: &'a str,
    pub service: &'a str,
    /// The working days its standard promises.
    pub promised: Option<u32>,
}

/// The services of `shelf` (the catalogue as it is now, in slug order), as the figures list
/// them.
pub fn listed(shelf: &Shelf) -> Vec<Listed<'_>> {
    shelf
        .services()
        .iter()
        .map(|s| Listed {
            agency: &s.agency.slug,
            service: &s.slug,
            promised: s.processing_days,
        })
        .collect()
}

/// Page `asked` (from 1; past the end, the last) of [`figures`], `per_page` rows at most
/// ([`agencies_on_page`]), with `listed` the catalogue's services in slug order (the kept
/// shelf's, [`listed`]): only what happened in the period is read, and only the agencies on
/// the page are worked out. (Reading and working out every service for each page took ~50 ms
/// a page at 10,000 services.)
pub async fn figures_page(
    db: &super::Db,
    listed: &[Listed<'_>],
    period: Period,
    today: Date,
    asked: usize,
    per_page: usize,
) -> Result<(Vec<Figures>, Part), StoreError> {
    let mut cells = activity(db, period, today, None).await?;
    promise(db, &mut cells, listed).await?;
    // Each agency's services, by slug: the listed ones and any other its cells name.
    let mut layout: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for l in listed {
        layout.entry(l.agency).or_default().push(l.service);
    }
    for (agency, service) in cells.keys() {
        let services = layout.entry(agency.as_str()).or_default();
        if let Err(at) = services.binary_search(&service.as_str()) {
            services.insert(at, service.as_str());
        }
    }
    let rows: Vec<usize> = layout.values().map(|s| 1 + s.len()).collect();
    let (agencies, part) = agencies_on_page(&rows, asked, per_page);
    let mut on_page = Vec::new();
    for (agency, services) in layout.iter().skip(agencies.start).take(agencies.len()) {
        for service in services {
            let key = (agency.to_string(), service.to_string());
            let cell = match cells.get(&key) {
                Some(cell) => cell.clone(),
                None => Cell::new(agency, service, promised(listed, service).flatten()),
            };
            on_page.push(cell);
        }
    }
    Ok((publish(period, &on_page), part))
}

/// The statuses counted as open, as SQL (`'submitted', 'received', …`): [`Status::is_open`].
fn open_codes() -> String {
    Status::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cells of `period` keyed by (agency, service), of what happened in it: requests,
/// answers, questions and corrections.
type Cells = BTreeMap<(String, String), Cell>;

/// The cell of `service` of `agency`, made empty when it is not there yet (its promised days
/// are filled in by [`promise`]).
fn at<'a>(cells: &'a mut Cells, agency: &str, service: &str) -> &'a mut Cell {
    cells
        .entry((agency.to_string(), service.to_string()))
        .or_insert_with(|| Cell::new(agency, service, None))
}

/// The promised days of `service` when `listed` (in slug order) holds it.
fn promised(listed: &[Listed<'_>], service: &str) -> Option<Option<u32>> {
    let i = listed.binary_search_by(|l| l.service.cmp(service)).ok()?;
    Some(listed[i].promised)
}

/// Fills in the promised days of `cells`: from `listed`, else (a withdrawn service, or one
/// another agency lists now) from what was kept of it (`service_figures`).
async fn promise(
    db: &super::Db,
    cells: &mut Cells,
    listed: &[Listed<'_>],
) -> Result<(), StoreError> {
    debug_assert!(listed.is_sorted_by(|a, b| a.service <= b.service));
    let mut missing: Vec<String> = Vec::new();
    for cell in cells.values_mut() {
        match promised(listed, &cell.service) {
            Some(days) => cell.promised_days = days,
            None => missing.push(cell.service.clone()),
        }
    }
    missing.sort();
    missing.dedup();
    if missing.is_empty() {
        return Ok(());
    }
    let mut kept: BTreeMap<String, Option<u32>> = BTreeMap::new();
    super::on_db!(db, pool => {
        for run in super::db::runs(missing.len()) {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT slug, processing_days FROM service_figures WHERE slug IN (",
            );
            let mut list = q.separated(", ");
            for slug in &missing[run] {
                list.push_bind(slug.as_str());
            }
            q.push(")");
            let rows: Vec<(String, Option<i64>)> = q.build_query_as().fetch_all(pool).await?;
            for (slug, days) in rows {
                kept.insert(slug, promised_days(days));
            }
        }
        Ok::<(), StoreError>(())
    })?;
    for cell in cells.values_mut() {
        if let Some(days) = kept.get(&cell.service) {
            cell.promised_days = *days;
        }
    }
    Ok(())
}

/// Reads the raw counts of `period` (of agency `only`, when given): a cell for every service
/// of the catalogue (of that agency), and for any other its requests, answers, questions or
/// corrections name.
async fn cells(
    db: &super::Db,
    period: Period,
    today: Date,
    only: Option<&str>,
) -> Result<Vec<Cell>, StoreError> {
    let rows: Vec<(String, String, Option<i64>)> = super::on_db!(db, pool => {
        sqlx::query_as(
            "SELECT slug, agency_slug, processing_days FROM service_figures
             WHERE withdrawn = FALSE AND ($1 IS NULL OR agency_slug = $1)
             ORDER BY slug",
        )
        .bind(only)
        .fetch_all(pool)
        .await
    })?;
    let listed: Vec<Listed> = rows
        .iter()
        .map(|(slug, agency, days)| Listed {
            agency,
            service: slug,
            promised: promised_days(*days),
        })
        .collect();
    let mut cells = activity(db, period, today, only).await?;
    promise(db, &mut cells, &listed).await?;
    for l in &listed {
        cells
            .entry((l.agency.to_string(), l.service.to_string()))
            .or_insert_with(|| Cell::new(l.agency, l.service, l.promised));
    }
    Ok(cells.into_values().collect())
}

/// The cells of what happened in `period` (to agency `only`, when given), promised days not
/// yet filled in.
async fn activity(
    db: &super::Db,
    period: Period,
    today: Date,
    only: Option<&str>,
) -> Result<Cells, StoreError> {
    let (from, to) = period.bounds();
    let mut cells = Cells::new();
    received(db, &mut cells, (&from, &to), today, only).await?;
    finished(db, &mut cells, (&from, &to), only).await?;
    questions(db, &mut cells, (&from, &to), only).await?;
    corrections(db, &mut cells, (&from, &to), only).await?;
    for (agency, service, tally) in super::survey::tallies(db, only, period).await? {
        at(&mut cells, &agency, &service).survey = tally;
    }
    Ok(cells)
}

/// Promised days as `service_figures` keeps them.
fn promised_days(days: Option<i64>) -> Option<u32> {
    days.and_then(|d| u32::try_from(d).ok())
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// A histogram as SQLite's `json_group_array(json_array(value, count))` writes it (one row per
/// cell instead of one per value: fewer rows to carry out of the database).
fn pairs(json: &str) -> Result<Vec<(u32, u32)>, StoreError> {
    let v: Vec<(i64, i64)> = serde_json::from_str(json)?;
    Ok(v.into_iter().map(|(a, n)| (count(a), count(n))).collect())
}

/// The months `YYYY-MM` of a period's bounds (`YYYY-MM-DD`, the first days of months).
fn months<'a>((from, to): (&'a str, &'a str)) -> (&'a str, &'a str) {
    (from.get(..7).unwrap_or(from), to.get(..7).unwrap_or(to))
}

/// Requests received in the period, per channel, and how many are open now (the monthly tally
/// the database keeps); of those, overdue as of `today` (open requests past their due date:
/// read through the index of open requests with a due date, by due date).
async fn received(
    db: &super::Db,
    cells: &mut Cells,
    (from, to): (&str, &str),
    today: Date,
    only: Option<&str>,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        let (first, end) = months((from, to));
        let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT agency_slug, service_slug, channel, CAST(SUM(received) AS BIGINT), CAST(SUM(open) AS BIGINT)
             FROM received_monthly
             WHERE month >= $1 AND month < $2 AND agency_slug <> ''
               AND ($3 IS NULL OR agency_slug = $3)
             GROUP BY agency_slug, service_slug, channel",
        )
        .bind(first)
        .bind(end)
        .bind(only)
        .fetch_all(pool)
        .await?;
        for (agency, service, channel, n, open) in rows {
            let c = at(cells, &agency, &service);
            c.received += count(n);
            c.open += count(open);
            if let Some(ch) = Channel::parse(&channel) {
                c.add_channel(ch, count(n));
            }
        }
        let overdue: Vec<(String, String, i64)> = sqlx::query_as(&format!(
            "SELECT agency_slug, service_slug, COUNT(*)
             FROM requests
             WHERE status IN ({}) AND due_date <> '' AND due_date < $3
               AND received_at >= $1 AND received_at < $2 AND agency_slug <> ''
               AND ($4 IS NULL OR agency_slug = $4)
             GROUP BY agency_slug, service_slug",
            open_codes()
        ))
        .bind(from)
        .bind(to)
        .bind(today.to_string())
        .bind(only)
        .fetch_all(pool)
        .await?;
        for (agency, service, n) in overdue {
            at(cells, &agency, &service).overdue += count(n);
        }
        Ok(())
    })
}

/// Requests finished in the period: how many took each number of working days, per outcome
/// (the monthly tally).
async fn finished(
    db: &super::Db,
    cells: &mut Cells,
    (from, to): (&str, &str),
    only: Option<&str>,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        let (first, end) = months((from, to));
        let days = super::db::dialect::pairs(PG, "worked_days", "n", "");
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT agency_slug, service_slug, finished_as, {days}
             FROM (SELECT agency_slug, service_slug, finished_as, worked_days,
                          CAST(SUM(n) AS BIGINT) AS n
                   FROM finished_monthly
                   WHERE month >= $1 AND month < $2 AND agency_slug <> ''
                     AND ($3 IS NULL OR agency_slug = $3)
                   GROUP BY agency_slug, service_slug, finished_as, worked_days) AS cells
             GROUP BY agency_slug, service_slug, finished_as",
        ))
        .bind(first)
        .bind(end)
        .bind(only)
        .fetch_all(pool)
        .await?;
        for (agency, service, outcome, counts) in rows {
            let c = at(cells, &agency, &service);
            let h = if outcome == Status::Rejected.code() {
                &mut c.rejected
            } else {
                &mut c.completed
            };
            for (days, n) in pairs(&counts)? {
                h.add(days, n);
            }
        }
        Ok(())
    })
}

/// Questions asked in the period (hidden ones are not counted), with the whole hours to each
/// one's first official answer that is not hidden (`NULL`: none yet).
async fn questions(
    db: &super::Db,
    cells: &mut Cells,
    (from, to): (&str, &str),
    only: Option<&str>,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        let answered =
            super::db::dialect::pairs(PG, "hours", "n", "FILTER (WHERE hours IS NOT NULL)");
        let hours = super::db::dialect::hours_between(
            PG,
            "q.asked_at",
            "(SELECT MIN(a.answered_at) FROM qa_answers a
              WHERE a.question_id = q.id AND a.official = TRUE AND a.hidden_at IS NULL)",
        );
        let rows: Vec<(String, String, i64, String)> = sqlx::query_as(&format!(
            "SELECT agency_slug, service_slug, CAST(SUM(n) AS BIGINT), {answered}
             FROM (SELECT agency_slug, service_slug, {hours} AS hours, COUNT(*) AS n
                   FROM qa_questions q
                   WHERE asked_at >= $1 AND asked_at < $2 AND hidden_at IS NULL
                     AND ($3 IS NULL OR agency_slug = $3)
                   GROUP BY agency_slug, service_slug, hours) AS cells
             GROUP BY agency_slug, service_slug",
        ))
        .bind(from)
        .bind(to)
        .bind(only)
        .fetch_all(pool)
        .await?;
        for (agency, service, asked, hours) in rows {
            let c = at(cells, &agency, &service);
            c.questions_asked += count(asked);
            for (h, n) in pairs(&hours)? {
                c.answer_hours.add(h, n);
            }
        }
        Ok(())
    })
}

/// Corrections sent in the period (and still open), and those resolved in it with their
/// calendar days from sending to resolving.
async fn corrections(
    db: &super::Db,
    cells: &mut Cells,
    (from, to): (&str, &str),
    only: Option<&str>,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        let sent: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT agency_slug, service_slug, COUNT(*), COUNT(*) FILTER (WHERE status = 'open')
             FROM corrections
             WHERE created_at >= $1 AND created_at < $2 AND ($3 IS NULL OR agency_slug = $3)
             GROUP BY agency_slug, service_slug",
        )
        .bind(from)
        .bind(to)
        .bind(only)
        .fetch_all(pool)
        .await?;
        for (agency, service, n, open) in sent {
            let c = at(cells, &agency, &service);
            c.corrections_sent += count(n);
            c.corrections_open += count(open);
        }
        let days = super::db::dialect::days_between(PG, "created_at", "closed_at");
        let fixed: Vec<(String, String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT agency_slug, service_slug, {days} AS days, COUNT(*)
             FROM corrections
             WHERE closed_at >= $1 AND closed_at < $2 AND status = 'resolved'
               AND ($3 IS NULL OR agency_slug = $3)
             GROUP BY agency_slug, service_slug, days",
        ))
        .bind(from)
        .bind(to)
        .bind(only)
        .fetch_all(pool)
        .await?;
        for (agency, service, days, n) in fixed {
            at(cells, &agency, &service)
                .fix_days
                .add(count(days), count(n));
        }
        Ok(())
    })
}
