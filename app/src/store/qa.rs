//! Questions and answers on a service (migration 0012): asking and answering exactly once per
//! client id, accepting an answer, hiding (with an audit row) and reporting, the public list of
//! a service and an agency's queue of unanswered questions. Texts and authorization are the
//! caller's (`api::qa`): every function here stores what it is given.

use super::{AsConn, StoreError};
use crate::domain::qa::{Answer, Question, Target, Waiting};

/// What became of an item sent with a client-made id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored now.
    New,
    /// The same item was stored before (a retry): nothing changed.
    Again,
    /// The id is taken by another item: nothing changed.
    Conflict,
}

/// A question to store.
#[derive(Clone, Debug)]
pub struct NewQuestion<'a> {
    /// Its client-made id.
    pub id: &'a str,
    /// The service it is about.
    pub service: &'a str,
    /// The service's agency.
    pub agency: &'a str,
    /// The checked text.
    pub body: &'a str,
    /// Who asks (an account id or `device:<session>`).
    pub asker: &'a str,
}

/// Stores a question once per id.
pub async fn ask(db: &super::Db, q: &NewQuestion<'_>) -> Result<Stored, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let old: Option<(String, String, String)> =
                sqlx::query_as("SELECT service_slug, body, asker FROM qa_questions WHERE id = $1")
                    .bind(q.id)
                    .fetch_optional(&mut *conn)
                    .await?;
            if let Some((service, body, asker)) = old {
                let same = service == q.service && body == q.body && asker == q.asker;
                return Ok(if same {
                    Stored::Again
                } else {
                    Stored::Conflict
                });
            }
            let at = super::clock::now();
            sqlx::query(
                "INSERT INTO qa_questions (id, service_slug, agency_slug, body, asker, asked_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(q.id)
            .bind(q.service)
            .bind(q.agency)
            .bind(q.body)
            .bind(q.asker)
            .bind(&at)
            .execute(&mut *conn)
            .await?;
            Ok(Stored::New)
        })
        .await
    })
}

/// An answer to store.
#[derive(Clone, Debug)]
pub struct NewAnswer<'a> {
    /// Its client-made id.
    pub id: &'a str,
    /// The question it answers.
    pub question: &'a str,
    /// The checked text.
    pub body: &'a str,
    /// Who answers (an account id or `device:<session>`).
    pub author: &'a str,
    /// For an official answer: the agency of the staff member answering for it.
    pub official_for: Option<&'a str>,
}

/// Stores an answer once per id.
pub async fn answer(db: &super::Db, a: &NewAnswer<'_>) -> Result<Stored, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let old: Option<(String, String, String, Option<String>)> = sqlx::query_as(
                "SELECT question_id, body, author, author_agency FROM qa_answers WHERE id = $1",
            )
            .bind(a.id)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((question, body, author, agency)) = old {
                let same = question == a.question
                    && body == a.body
                    && author == a.author
                    && agency.as_deref() == a.official_for;
                return Ok(if same { Stored::Again } else { Stored::Conflict });
            }
            let at = super::clock::now();
            sqlx::query(
                "INSERT INTO qa_answers (id, question_id, body, author, official, author_agency, answered_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(a.id)
            .bind(a.question)
            .bind(a.body)
            .bind(a.author)
            .bind(a.official_for.is_some())
            .bind(a.official_for)
            .bind(&at)
            .execute(&mut *conn)
            .await?;
            Ok(Stored::New)
        })
        .await
    })
}

/// Where a question stands: its service, its agency, and whether staff hid it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionInfo {
    /// The service it is about.
    pub service: String,
    /// The agency whose queue it is in.
    pub agency: String,
    /// Hidden by staff.
    pub hidden: bool,
}

/// The question `id`, or `None`.
pub async fn question_info(db: &super::Db, id: &str) -> Result<Option<QuestionInfo>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<(String, String, bool)> = sqlx::query_as(
            "SELECT service_slug, agency_slug, hidden_at IS NOT NULL FROM qa_questions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        Ok(row.map(|(service, agency, hidden)| QuestionInfo {
            service,
            agency,
            hidden,
        }))
    })
}

/// The question a question or answer belongs to (itself for a question), when it exists and
/// is not hidden.
pub async fn visible_question_of(
    db: &super::Db,
    target: Target,
    id: &str,
) -> Result<Option<String>, StoreError> {
    super::on_db!(db, pool => {
        let sql = match target {
            Target::Question => "SELECT id FROM qa_questions WHERE id = $1 AND hidden_at IS NULL",
            Target::Answer => {
                "SELECT a.question_id FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id
                 WHERE a.id = $1 AND a.hidden_at IS NULL AND q.hidden_at IS NULL"
            }
        };
        Ok(sqlx::query_scalar(sql)
            .bind(id)
            .fetch_optional(pool)
            .await?)
    })
}

/// Marks `answer` (of `question`, visible) as the accepted one; `false` when it is not an
/// answer of that question, or hidden.
pub async fn accept(
    db: &super::Db,
    question: &str,
    answer: &str,
    by: &str,
) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let ok: Option<bool> = sqlx::query_scalar(
                "SELECT TRUE FROM qa_answers WHERE id = $1 AND question_id = $2 AND hidden_at IS NULL",
            )
            .bind(answer)
            .bind(question)
            .fetch_optional(&mut *conn)
            .await?;
            if ok.is_none() {
                return Ok(false);
            }
            let at = super::clock::now();
            sqlx::query(
                "UPDATE qa_questions SET accepted_answer_id = $2, accepted_by = $3, accepted_at = $4 WHERE id = $1",
            )
            .bind(question)
            .bind(answer)
            .bind(by)
            .bind(&at)
            .execute(&mut *conn)
            .await?;
            Ok(true)
        })
        .await
    })
}

/// Hides a question or answer with `reason`, and writes `qa.hide` to the audit log in the same
/// transaction; `false` when it is already hidden or does not exist.
pub async fn hide(
    db: &super::Db,
    target: Target,
    id: &str,
    reason: &str,
    by: &str,
) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        let table = match target {
            Target::Question => "qa_questions",
            Target::Answer => "qa_answers",
        };
        super::in_transaction(pool, async |conn| {
            let at = super::clock::now();
            let done = sqlx::query(&format!(
                "UPDATE {table} SET hidden_at = $2, hidden_by = $3, hidden_reason = $4
                 WHERE id = $1 AND hidden_at IS NULL"
            ))
            .bind(id)
            .bind(&at)
            .bind(by)
            .bind(reason)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if done == 0 {
                return Ok(false);
            }
            let subject = format!("qa_{}:{id}", target.code());
            let audit = super::audit::Audit {
                actor: by,
                action: "qa.hide",
                subject: &subject,
                before: None,
                after: Some(serde_json::json!({ "hidden": true, "reason": reason })),
            };
            super::audit::append(conn.as_conn(), &audit).await?;
            Ok(true)
        })
        .await
    })
}

/// Keeps a citizen's report of a question or answer.
pub async fn report(
    db: &super::Db,
    target: Target,
    id: &str,
    reason: &str,
    reporter: &str,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let at = super::clock::now();
            sqlx::query(
                "INSERT INTO qa_reports (target_kind, target_id, reason, reporter, reported_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(target.code())
            .bind(id)
            .bind(reason)
            .bind(reporter)
            .bind(&at)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
        .await
    })
}

/// A stored question row: id, service, body, asked at, accepted answer.
type QuestionRow = (String, String, String, String, Option<String>);

/// The visible questions of `service`, newest first, each with its visible answers.
pub async fn for_service(db: &super::Db, service: &str) -> Result<Vec<Question>, StoreError> {
    super::on_db!(db, pool => {
        super::in_snapshot(pool, async |conn| {
            let rows: Vec<QuestionRow> = sqlx::query_as(
                "SELECT id, service_slug, body, asked_at, accepted_answer_id FROM qa_questions
                 WHERE service_slug = $1 AND hidden_at IS NULL ORDER BY asked_at DESC, id DESC LIMIT 200",
            )
            .bind(service)
            .fetch_all(&mut *conn)
            .await?;
            with_answers(conn.as_conn(), rows).await
        })
        .await
    })
}

/// `rows` with their visible answers, oldest answer first.
async fn with_answers(
    conn: super::Conn<'_>,
    rows: Vec<QuestionRow>,
) -> Result<Vec<Question>, StoreError> {
    super::on_conn!(conn, conn => {
        let mut out = Vec::with_capacity(rows.len());
        for (id, service, body, asked_at, accepted) in rows {
            let answers: Vec<(String, String, bool, Option<String>, String)> = sqlx::query_as(
                "SELECT id, body, official, author_agency, answered_at FROM qa_answers
                 WHERE question_id = $1 AND hidden_at IS NULL ORDER BY answered_at, id",
            )
            .bind(&id)
            .fetch_all(&mut *conn)
            .await?;
            let answers = answers
                .into_iter()
                .map(|(aid, body, official, agency, answered_at)| Answer {
                    accepted: accepted.as_deref() == Some(aid.as_str()),
                    id: aid,
                    body,
                    official,
                    agency,
                    answered_at,
                })
                .collect();
            out.push(Question {
                id,
                service,
                body,
                asked_at,
                answers,
            });
        }
        Ok(out)
    })
}

/// The agency's visible questions with neither an official nor an accepted answer, oldest
/// first, with their age in whole days.
pub async fn unanswered(db: &super::Db, agency: &str) -> Result<Vec<Waiting>, StoreError> {
    super::on_db!(db, pool => {
        super::in_snapshot(pool, async |conn| {
            let age = super::db::dialect::days_between(PG, "q.asked_at", "$2");
            let rows: Vec<(String, String, String, String, Option<String>, i64)> = sqlx::query_as(&format!(
                "SELECT q.id, q.service_slug, q.body, q.asked_at, q.accepted_answer_id, {age}
                 FROM qa_questions q
                 WHERE q.agency_slug = $1 AND q.hidden_at IS NULL AND q.accepted_answer_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM qa_answers a WHERE a.question_id = q.id
                                   AND a.official = TRUE AND a.hidden_at IS NULL)
                 ORDER BY q.asked_at, q.id LIMIT 200",
            ))
            .bind(agency)
            .bind(super::clock::now())
            .fetch_all(&mut *conn)
            .await?;
            let ages: Vec<i64> = rows.iter().map(|r| r.5).collect();
            let rows = rows
                .into_iter()
                .map(|(a, b, c, d, e, _)| (a, b, c, d, e))
                .collect();
            let questions = with_answers(conn.as_conn(), rows).await?;
            Ok(questions
                .into_iter()
                .zip(ages)
                .map(|(question, age_days)| Waiting { question, age_days })
                .collect())
        })
        .await
    })
}

/// For each of the agency's questions answered officially, the days from asking to its first
/// official answer (for the median the public page shows).
pub async fn answer_days(db: &super::Db, agency: &str) -> Result<Vec<f64>, StoreError> {
    super::on_db!(db, pool => {
        let days = super::db::dialect::fractional_days_between(PG, "q.asked_at", "MIN(a.answered_at)");
        Ok(sqlx::query_scalar(&format!(
            "SELECT {days}
             FROM qa_questions q JOIN qa_answers a ON a.question_id = q.id AND a.official = TRUE
             WHERE q.agency_slug = $1 GROUP BY q.id, q.asked_at"
        ))
        .bind(agency)
        .fetch_all(pool)
        .await?)
    })
}

/// A promotion of a question's accepted answer to its service's FAQ.
#[derive(Clone, Debug)]
pub struct Promotion<'a> {
    /// The question.
    pub question: &'a str,
    /// Its accepted answer.
    pub answer: &'a str,
    /// The staff account promoting it.
    pub by: &'a str,
    /// When the entry is due for review.
    pub review_by: crate::domain::date::Date,
}

/// Adds the question and its accepted answer to the service's FAQ (replacing an entry from the
/// same question) and publishes the service as the catalogue's next revision, so phones get
/// it with their next delta; writes `qa.promote` to the audit log. `None` (nothing changed)
/// when the question is hidden, `answer` is not its accepted answer, or the service is gone.
pub async fn promote(db: &super::Db, p: &Promotion<'_>) -> Result<Option<i64>, StoreError> {
    super::on_db!(db, pool => {
        use crate::domain::catalogue::Service;
        super::in_transaction(pool, async |conn| {
            let row: Option<(String, String, String)> = sqlx::query_as(
                "SELECT q.service_slug, q.body, a.body FROM qa_questions q
                 JOIN qa_answers a ON a.id = q.accepted_answer_id
                 WHERE q.id = $1 AND a.id = $2 AND q.hidden_at IS NULL AND a.hidden_at IS NULL",
            )
            .bind(p.question)
            .bind(p.answer)
            .fetch_optional(&mut *conn)
            .await?;
            let Some((slug, question, answer)) = row else {
                return Ok(None);
            };
            let doc: Option<String> =
                sqlx::query_scalar("SELECT doc FROM services WHERE slug = $1 AND withdrawn = FALSE")
                    .bind(&slug)
                    .fetch_optional(&mut *conn)
                    .await?;
            let Some(doc) = doc else { return Ok(None) };
            let mut service: Service = serde_json::from_str(&doc)?;
            let promoted_at = super::clock::now();
            sqlx::query(
                "UPDATE qa_questions SET promoted_answer_id = $2, promoted_by = $3, promoted_at = $4
                 WHERE id = $1",
            )
            .bind(p.question)
            .bind(p.answer)
            .bind(p.by)
            .bind(&promoted_at)
            .execute(&mut *conn)
            .await?;
            let entry = [question, answer, p.review_by.to_string(), p.question.into()];
            service.faq.retain(|f| f[3] != entry[3]);
            service.faq.push(entry);
            let revision = publish(conn.as_conn(), &service, p.by).await?;
            let subject = format!("service:{slug}");
            let audit = super::audit::Audit {
                actor: p.by,
                action: "qa.promote",
                subject: &subject,
                before: None,
                after: Some(serde_json::json!({
                    "question": p.question, "answer": p.answer, "revision": revision
                })),
            };
            super::audit::append(conn.as_conn(), &audit).await?;
            Ok(Some(revision))
        })
        .await
    })
}

/// Stores `service`'s new document as the catalogue's next revision (as an import does for a
/// changed service), kept in its history as published by `by`. Returns the revision.
async fn publish(
    conn: super::Conn<'_>,
    service: &crate::domain::catalogue::Service,
    by: &str,
) -> Result<i64, StoreError> {
    super::on_conn!(conn, conn => {
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(revision), 0) FROM services")
            .fetch_one(&mut *conn)
            .await?;
        let doc = serde_json::to_string(service)?;
        sqlx::query(
            "UPDATE services SET doc = $2, revision = $3,
             updated_at = $4 WHERE slug = $1",
        )
        .bind(&service.slug)
        .bind(&doc)
        .bind(head + 1)
        .bind(super::clock::Moment::now().stamp_seconds())
        .execute(&mut *conn)
        .await?;
        super::revisions::record(conn.as_conn(), &service.slug, head + 1, &doc, by, "publish").await?;
        Ok(head + 1)
    })
}

/// `imported` with the FAQ of its stored document `old`, when the import lists none and the
/// stored one has some (promoted in the back office, not in the TOML); `None` otherwise.
pub fn keep_faq(
    imported: &crate::domain::catalogue::Service,
    old: Option<&str>,
) -> Option<crate::domain::catalogue::Service> {
    if !imported.faq.is_empty() {
        return None;
    }
    let old: crate::domain::catalogue::Service = serde_json::from_str(old?).ok()?;
    (!old.faq.is_empty()).then(|| crate::domain::catalogue::Service {
        faq: old.faq,
        ..imported.clone()
    })
}
