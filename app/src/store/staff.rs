//! The agency's side of requests: the queue, one request whole (answers, timeline with staff
//! notes, audit), assignment, status changes along the machine with an audit row each, and the
//! dashboard's figures (from `store::performance`). Authorization is the caller's (`api::staff`): every
//! function here takes the agency it is limited to.

use super::{AsConn, StoreError};
use crate::domain::date::Date;
pub use crate::domain::staff::{AnswerSet, AuditEntry, QueueFilter, QueueRow, StaffStep};
use crate::domain::status::{Action, Actor, Status};

const QUEUE_SQL: &str = "SELECT r.id, r.reference, r.service_slug, r.status, r.received_at, r.due_date, r.assigned_to, a.login, r.channel
     FROM requests r LEFT JOIN accounts a ON a.id = r.assigned_to WHERE r.agency_slug = $1";

type QueueTuple = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

fn row(t: QueueTuple) -> Result<QueueRow, StoreError> {
    let status = Status::from_code(&t.3)
        .ok_or_else(|| StoreError::Invalid(format!("stored status {}", t.3)))?;
    Ok(QueueRow {
        id: t.0,
        reference: t.1,
        service: t.2,
        status,
        received_at: t.4,
        due_date: t.5,
        assigned_to: t.6,
        assigned_login: t.7,
        channel: crate::domain::channel::Channel::parse(&t.8).unwrap_or_default(),
    })
}

/// The agency's requests through `filter`, soonest due first (those without a due date last,
/// oldest first).
pub async fn queue(
    db: &super::Db,
    agency: &str,
    filter: &QueueFilter,
    today: Date,
) -> Result<Vec<QueueRow>, StoreError> {
    super::on_db!(db, pool => {
        let sql = format!("{QUEUE_SQL} ORDER BY (r.due_date = ''), r.due_date, r.received_at");
        let rows: Vec<QueueTuple> = sqlx::query_as(&sql).bind(agency).fetch_all(pool).await?;
        let mut out = Vec::new();
        for t in rows {
            let r = row(t)?;
            if filter.keeps(&r, today) {
                out.push(r);
            }
        }
        Ok(out)
    })
}

/// One request of the agency, or `None` when it does not exist or belongs to another agency
/// (the two are not told apart).
pub async fn request(
    db: &super::Db,
    agency: &str,
    id: &str,
) -> Result<Option<QueueRow>, StoreError> {
    super::on_db!(db, pool => {
        let sql = format!("{QUEUE_SQL} AND r.id = $2");
        let t: Option<QueueTuple> = sqlx::query_as(&sql)
            .bind(agency)
            .bind(id)
            .fetch_optional(pool)
            .await?;
        t.map(row).transpose()
    })
}

/// What the citizen expected when sending request `id` (`None` when nothing was given).
pub async fn expectation(
    db: &super::Db,
    id: &str,
) -> Result<Option<crate::domain::skm::Expectation>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT expected_days, expected_cost, expected_ready FROM requests WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        Ok(row.and_then(|(days, cost, ready)| {
            let e = crate::domain::skm::Expectation {
                days: days.and_then(|d| u32::try_from(d).ok()),
                cost: cost.and_then(|c| u64::try_from(c).ok()),
                ready: ready.and_then(|r| u8::try_from(r).ok()),
            };
            (e != crate::domain::skm::Expectation::default()).then_some(e)
        }))
    })
}

/// Every set of answers the request had, oldest first, with who gave them (a login, or
/// `citizen` for whoever holds the request's key).
pub async fn answer_sets(db: &super::Db, id: &str) -> Result<Vec<AnswerSet>, StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT s.seq, s.at, COALESCE(a.login, s.actor_id), s.answers
             FROM request_answers s LEFT JOIN accounts a ON a.id = s.actor_id WHERE s.request_id = $1 ORDER BY s.seq",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, at, actor, answers)| AnswerSet {
                seq,
                at,
                actor,
                answers,
            })
            .collect())
    })
}

/// A timeline row: seq, at, status, action, note, internal note, actor's login.
type StepRow = (i64, String, String, String, String, String, Option<String>);

/// An audit row: at, actor, action, before, after.
type AuditRow = (String, String, String, Option<String>, Option<String>);

/// The request's answers (the latest cleaned JSON) and its timeline for staff.
pub async fn details(db: &super::Db, id: &str) -> Result<(String, Vec<StaffStep>), StoreError> {
    super::on_db!(db, pool => {
        let answers: String = sqlx::query_scalar("SELECT answers FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await?;
        let rows: Vec<StepRow> = sqlx::query_as(
            "SELECT e.seq, e.at, e.status, e.action, e.note, e.internal_note, a.login
             FROM request_events e LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.request_id = $1 ORDER BY e.seq",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let steps = rows
            .into_iter()
            .map(|(seq, at, st, action, note, internal_note, actor)| {
                let status = Status::from_code(&st)
                    .ok_or_else(|| StoreError::Invalid(format!("stored status {st}")))?;
                Ok(StaffStep {
                    seq,
                    at,
                    status,
                    action,
                    note,
                    internal_note,
                    actor,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((answers, steps))
    })
}

/// The audit action of a staff member reading a request.
pub const READ: &str = "request.read";

/// The audit trail of one request, oldest first: what was done to it (reads and opened
/// attachments are in `audit_log` too, but would bury the changes here).
pub async fn audit(db: &super::Db, id: &str) -> Result<Vec<AuditEntry>, StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT l.at, COALESCE(a.login, l.actor_id), l.action, l.before, l.after
             FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
             WHERE l.subject = $1 AND l.action NOT IN ($2, 'request.file_open') ORDER BY l.seq",
        )
        .bind(id)
        .bind(READ)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, actor, action, before, after)| AuditEntry {
                at,
                actor,
                action,
                before,
                after,
            })
            .collect())
    })
}

/// Why a staff change was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// No such request (or another agency's).
    #[error("no such request")]
    NotFound,
    /// The status machine refuses it.
    #[error("refused: {0:?}")]
    Refused(crate::domain::status::Refused),
    /// The request is assigned to another officer (only they and the agency's admins may act).
    #[error("assigned to someone else")]
    NotYours,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for StaffError {
    fn from(e: sqlx::Error) -> Self {
        StaffError::Store(StoreError::Db(e))
    }
}

impl From<super::requests::ActError> for StaffError {
    fn from(e: super::requests::ActError) -> Self {
        use super::requests::ActError;
        match e {
            ActError::NotFound => StaffError::NotFound,
            ActError::Refused(r) => StaffError::Refused(r),
            ActError::Store(e) => StaffError::Store(e),
        }
    }
}

/// Who may change a request: an officer only one assigned to themselves or to nobody; an
/// agency admin any of the agency's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach<'a> {
    /// An officer, by account id.
    Officer(&'a str),
    /// An agency admin.
    Admin,
}

/// The request's current assignee, checked against `reach` inside the caller's transaction.
async fn assignee(
    conn: super::Conn<'_>,
    agency: &str,
    id: &str,
    reach: Reach<'_>,
) -> Result<Option<String>, StaffError> {
    super::on_conn!(conn, conn => {
        let current: Option<(Option<String>,)> =
            sqlx::query_as("SELECT assigned_to FROM requests WHERE id = $1 AND agency_slug = $2")
                .bind(id)
                .bind(agency)
                .fetch_optional(&mut *conn)
                .await?;
        let Some((assigned,)) = current else {
            return Err(StaffError::NotFound);
        };
        match (reach, assigned.as_deref()) {
            (Reach::Officer(me), Some(other)) if other != me => Err(StaffError::NotYours),
            _ => Ok(assigned),
        }
    })
}

/// Writes an audit row about request `subject` inside the caller's transaction.
async fn write_audit(
    conn: super::Conn<'_>,
    actor: &str,
    action: &str,
    subject: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        super::audit::append(
            conn.as_conn(),
            &super::audit::Audit {
                actor,
                action,
                subject,
                before: Some(before),
                after: Some(after),
            },
        )
        .await
        .map(|_| ())
    })
}

/// Records that staff member `actor` read request `id` (the request page, or its JSON).
pub async fn record_read(db: &super::Db, actor: &str, id: &str) -> Result<(), StoreError> {
    super::audit::record(
        db,
        &super::audit::Audit {
            actor,
            action: READ,
            subject: id,
            before: None,
            after: None,
        },
    )
    .await
}

/// A staff member of `agency` takes `action` on a request within their `reach`: along the
/// status machine only, with a timeline step (note to the citizen, staff-only note) and an
/// audit row, in one transaction. `at`: when the step happened (UTC RFC 3339), for a caller
/// replaying a history with a fixed clock; `None`: now.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    db: &super::Db,
    agency: &str,
    id: &str,
    action: Action,
    actor_id: &str,
    reach: Reach<'_>,
    note: &str,
    internal_note: &str,
    at: Option<&str>,
) -> Result<Status, StaffError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            assignee(conn.as_conn(), agency, id, reach).await?;
            let (from, to) = super::requests::step(conn.as_conn(), id, Some(agency), action, Actor::Staff, Some(actor_id), note, internal_note, at).await?;
            let code = action.code();
            let before = serde_json::json!({ "status": from.code() });
            let after = serde_json::json!({ "status": to.code(), "note": note, "internal_note": internal_note });
            write_audit(conn.as_conn(), actor_id, &format!("request.{code}"), id, before, after).await?;
            Ok(to)
        })
        .await
    })
}

/// Assigns a request of `agency` within the actor's `reach` to `to` (an officer of that agency,
/// checked by the caller) or unassigns it (`None`), with an audit row. An officer can neither
/// release nor take over a request assigned to a colleague.
pub async fn assign(
    db: &super::Db,
    agency: &str,
    id: &str,
    to: Option<&str>,
    actor_id: &str,
    reach: Reach<'_>,
) -> Result<(), StaffError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let before = assignee(conn.as_conn(), agency, id, reach).await?;
            sqlx::query("UPDATE requests SET assigned_to = $2 WHERE id = $1")
                .bind(id)
                .bind(to)
                .execute(&mut *conn)
                .await?;
            let before = serde_json::json!({ "assigned_to": before });
            let after = serde_json::json!({ "assigned_to": to });
            write_audit(conn.as_conn(), actor_id, "request.assign", id, before, after).await?;
            Ok(())
        })
        .await
    })
}

/// The dashboard's figures for `agency`: those of the public page (`/kinerja`) for the quarter
/// holding `today`, the agency as a whole first, then each service.
pub async fn dashboard(
    db: &super::Db,
    agency: &str,
    today: Date,
) -> Result<Vec<crate::domain::performance::Figures>, StoreError> {
    let period = crate::domain::skm::Period::quarter_of(&today.to_string())
        .ok_or_else(|| StoreError::Invalid(format!("no quarter holds {today}")))?;
    super::performance::agency_figures(db, agency, period, today).await
}

/// True when `account` is an enabled officer or agency admin of `agency` (someone a request
/// of the agency may be assigned to).
pub async fn is_active_staff(
    db: &super::Db,
    agency: &str,
    account: &str,
) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        let found: Option<bool> = sqlx::query_scalar(
            "SELECT TRUE FROM accounts WHERE id = $1 AND agency_slug = $2 AND role IN ('officer', 'agency_admin') AND disabled = FALSE",
        )
        .bind(account)
        .bind(agency)
        .fetch_optional(pool)
        .await?;
        Ok(found.is_some())
    })
}

/// The staff accounts of an agency: (login, role code, disabled), by login.
pub async fn officers(
    db: &super::Db,
    agency: &str,
) -> Result<Vec<(String, String, bool, bool)>, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_as(
            "SELECT login, role, disabled, EXISTS (SELECT 1 FROM counter_officers c WHERE c.account_id = accounts.id)
             FROM accounts WHERE agency_slug = $1 ORDER BY login",
        )
        .bind(agency)
        .fetch_all(pool)
        .await?)
    })
}
