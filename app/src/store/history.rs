//! A made-up history written in one transaction, for the benchmark of the performance figures
//! (`server generate-history`): requests with their timeline's first and last steps (chained
//! like any), their finishing facts kept by the same rule as a real step, survey answers,
//! questions with official answers, and corrections. Never for a database that holds requests.

use super::{AsConn, StoreError};
use crate::domain::skm::Answers;
use crate::domain::status::{Status, TRANSITIONS};

use std::collections::BTreeMap;

/// A made-up request.
#[derive(Clone, Debug)]
pub struct Request {
    /// Its id.
    pub id: String,
    /// Its reference number.
    pub reference: String,
    /// The service's slug.
    pub service: String,
    /// The agency's slug.
    pub agency: String,
    /// The channel's code.
    pub channel: &'static str,
    /// When it came in (UTC RFC 3339).
    pub received_at: String,
    /// Its due date (`YYYY-MM-DD`, empty without a promise).
    pub due_date: String,
    /// Where it stands, and since when (UTC RFC 3339; ignored for `Submitted`).
    pub status: (Status, String),
    /// When and how it was finished (completed or rejected), when it was.
    pub finished: Option<(String, Status)>,
    /// A survey answered on this day (`YYYY-MM-DD`), when one was.
    pub survey: Option<(String, Answers)>,
}

/// A made-up question, with its first official answer when it has one.
#[derive(Clone, Debug)]
pub struct Question {
    /// Its id.
    pub id: String,
    /// The service's slug.
    pub service: String,
    /// The agency's slug.
    pub agency: String,
    /// When it was asked (UTC RFC 3339).
    pub asked_at: String,
    /// When the agency answered it officially.
    pub answered_at: Option<String>,
}

/// A made-up correction: sent, and resolved when `resolved_at` is given.
#[derive(Clone, Debug)]
pub struct Correction {
    /// The service's slug.
    pub service: String,
    /// The agency's slug.
    pub agency: String,
    /// When it was sent (UTC RFC 3339).
    pub created_at: String,
    /// When it was resolved.
    pub resolved_at: Option<String>,
}

/// What [`write`] refuses.
pub const NOT_EMPTY: &str =
    "the database already holds requests: generate a history only into a new one";

/// The action that leads to `status` (for the timeline's last step).
fn action_to(status: Status) -> &'static str {
    TRANSITIONS
        .iter()
        .find(|(_, _, to)| *to == status)
        .map_or("submit", |(_, a, _)| a.code())
}

/// Writes the history in one transaction, with prepared statements; refused (nothing written)
/// when the database holds a request already.
pub async fn write(
    db: &super::Db,
    requests: &[Request],
    questions: &[Question],
    corrections: &[Correction],
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests")
                .fetch_one(&mut *conn)
                .await?;
            if n > 0 {
                return Err(StoreError::Invalid(NOT_EMPTY.into()));
            }
            let calendar = super::calendar::calendar_in(conn.as_conn()).await?;
            let mut cuti = BTreeMap::new();
            for r in requests {
                sqlx::query(
                    "INSERT INTO requests (id, reference, service_slug, form_version, envelope, answers,
                       status, received_at, agency_slug, due_date, channel)
                     VALUES ($1, $2, $3, 1, '{}', '{}', $4, $5, $6, $7, $8)",
                )
                .bind(&r.id)
                .bind(&r.reference)
                .bind(&r.service)
                .bind(r.status.0.code())
                .bind(&r.received_at)
                .bind(&r.agency)
                .bind(&r.due_date)
                .bind(r.channel)
                .execute(&mut *conn)
                .await?;
                let mut steps = vec![(r.received_at.as_str(), Status::Submitted)];
                if r.status.0 != Status::Submitted {
                    steps.push((r.status.1.as_str(), r.status.0));
                }
                let mut last = 0;
                for (at, status) in steps {
                    let e = super::audit::Event {
                        request_id: &r.id,
                        at: Some(at),
                        status: status.code(),
                        action: action_to(status),
                        note: "",
                        internal_note: "",
                        actor_id: None,
                    };
                    last = super::audit::append_event(conn.as_conn(), &e).await?;
                }
                sqlx::query("UPDATE requests SET last_seq = $2 WHERE id = $1")
                    .bind(&r.id)
                    .bind(last)
                    .execute(&mut *conn)
                    .await?;
                if let Some((at, outcome)) = &r.finished {
                    let c = match cuti.get(&r.agency) {
                        Some(c) => *c,
                        None => {
                            let c = super::calendar::cuti_bersama_in(conn.as_conn(), &r.agency).await?;
                            cuti.insert(r.agency.clone(), c);
                            c
                        }
                    };
                    super::performance::keep(conn.as_conn(), &r.id, *outcome, at, &r.received_at, &calendar, c)
                        .await?;
                }
                if let Some((day, answers)) = &r.survey {
                    let key = format!("{:0>64}", r.id.replace('-', ""));
                    sqlx::query(
                        "INSERT INTO survey_answers (key, service_slug, agency_slug, channel, answered_on, answers)
                         VALUES ($1, $2, $3, 'app', $4, $5)",
                    )
                    .bind(&key)
                    .bind(&r.service)
                    .bind(&r.agency)
                    .bind(day)
                    .bind(serde_json::to_string(answers)?)
                    .execute(&mut *conn)
                    .await?;
                }
            }
            for q in questions {
                sqlx::query(
                    "INSERT INTO qa_questions (id, service_slug, agency_slug, body, asker, asked_at)
                     VALUES ($1, $2, $3, 'Berapa lama prosesnya?', 'generated', $4)",
                )
                .bind(&q.id)
                .bind(&q.service)
                .bind(&q.agency)
                .bind(&q.asked_at)
                .execute(&mut *conn)
                .await?;
                if let Some(at) = &q.answered_at {
                    sqlx::query(
                        "INSERT INTO qa_answers (id, question_id, body, author, official, author_agency, answered_at)
                         VALUES ($1 || '-a', $1, 'Lima hari kerja.', 'generated', TRUE, $2, $3)",
                    )
                    .bind(&q.id)
                    .bind(&q.agency)
                    .bind(at)
                    .execute(&mut *conn)
                    .await?;
                }
            }
            for c in corrections {
                sqlx::query(
                    "INSERT INTO corrections (service_slug, agency_slug, field, saw, should_say, created_at,
                       status, closed_by, closed_at, closing_note)
                     VALUES ($1, $2, 'processing', '', 'generated', $3,
                       CASE WHEN $4 IS NULL THEN 'open' ELSE 'resolved' END,
                       CASE WHEN $4 IS NULL THEN NULL ELSE 'generated' END, $4,
                       CASE WHEN $4 IS NULL THEN NULL ELSE '' END)",
                )
                .bind(&c.service)
                .bind(&c.agency)
                .bind(&c.created_at)
                .bind(c.resolved_at.as_deref())
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        })
        .await
    })
}
