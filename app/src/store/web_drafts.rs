//! Drafts of the server's own application form (`domain::web_form`): one per owner (a
//! visitor's cookie, or an officer at the counter) and service, kept until sent and then until
//! a new one starts, swept a week after their last change. And who may file at the counter.

use super::{AsConn, StoreError};
use crate::domain::application::FileInfo;
use crate::domain::channel::Channel;
use crate::domain::form::{Answer, Answers};
use crate::domain::skm::Expectation;

use std::collections::BTreeMap;

/// A draft the server keeps.
#[derive(Clone, Debug, PartialEq)]
pub struct WebDraft {
    /// Its UUIDv7: the upload key of its files and the request's id once sent.
    pub id: String,
    /// The service's slug.
    pub service: String,
    /// The door it is filled in through (`web` or `counter`).
    pub channel: Channel,
    /// The form version it was begun in.
    pub form_version: u32,
    /// Every answer given so far (also invalid ones: nothing typed is lost).
    pub answers: Answers,
    /// The files given, by SHA-256.
    pub files: BTreeMap<String, FileInfo>,
    /// What the person expects (optional).
    pub expect: Option<Expectation>,
    /// It became a request (under its id).
    pub sent: bool,
}

/// A stored draft's row.
type Row = (
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    i64,
);

fn from_row(r: Row) -> Result<WebDraft, StoreError> {
    let (id, service, channel, version, answers, files, expect, sent) = r;
    let answers: BTreeMap<String, Answer> = serde_json::from_str(&answers)?;
    Ok(WebDraft {
        id,
        service,
        channel: Channel::parse(&channel)
            .ok_or_else(|| StoreError::Invalid(format!("stored channel {channel}")))?,
        form_version: u32::try_from(version).unwrap_or(0),
        answers,
        files: serde_json::from_str(&files)?,
        expect: expect.map(|e| serde_json::from_str(&e)).transpose()?,
        sent: sent == 1,
    })
}

/// `owner`'s draft for `service`, if any.
pub async fn get(
    db: &super::Db,
    owner: &str,
    service: &str,
) -> Result<Option<WebDraft>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, service_slug, channel, form_version, answers, files, expect, sent
             FROM web_drafts WHERE owner = $1 AND service_slug = $2",
        )
        .bind(owner)
        .bind(service)
        .fetch_optional(pool)
        .await?;
        row.map(from_row).transpose()
    })
}

/// `owner`'s open draft for `service`: the one there is, or a new empty one under `id` (a
/// draft already sent is replaced: its request stays).
pub async fn open(
    db: &super::Db,
    owner: &str,
    service: &str,
    channel: Channel,
    form_version: u32,
    id: &str,
    now: i64,
) -> Result<WebDraft, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            sqlx::query("DELETE FROM web_drafts WHERE owner = $1 AND service_slug = $2 AND sent = 1")
                .bind(owner)
                .bind(service)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO web_drafts (id, owner, service_slug, channel, form_version, created_at, touched_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (owner, service_slug) DO NOTHING",
            )
            .bind(id)
            .bind(owner)
            .bind(service)
            .bind(channel.code())
            .bind(i64::from(form_version))
            .bind(now)
            .execute(&mut *conn)
            .await?;
            let row: Row = sqlx::query_as(
                "SELECT id, service_slug, channel, form_version, answers, files, expect, sent
                 FROM web_drafts WHERE owner = $1 AND service_slug = $2",
            )
            .bind(owner)
            .bind(service)
            .fetch_one(&mut *conn)
            .await?;
            from_row(row)
        })
        .await
    })
}

/// Keeps a draft's answers, files and expectation (an open draft only).
pub async fn save(db: &super::Db, draft: &WebDraft, now: i64) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        let expect = draft
            .expect
            .map(|e| serde_json::to_string(&e))
            .transpose()?;
        sqlx::query(
            "UPDATE web_drafts SET answers = $2, files = $3, expect = $4, touched_at = $5
             WHERE id = $1 AND sent = 0",
        )
        .bind(&draft.id)
        .bind(serde_json::to_string(&draft.answers)?)
        .bind(serde_json::to_string(&draft.files)?)
        .bind(expect)
        .bind(now)
        .execute(pool)
        .await?;
        Ok(())
    })
}

/// Marks draft `id` as sent (its request is stored under the same id).
pub async fn mark_sent(db: &super::Db, id: &str, now: i64) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        sqlx::query("UPDATE web_drafts SET sent = 1, touched_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
        Ok(())
    })
}

/// Removes the drafts not changed since `before` (Unix seconds); how many went. Their files
/// are swept with the other unclaimed uploads.
pub async fn sweep(db: &super::Db, before: i64) -> Result<u64, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query("DELETE FROM web_drafts WHERE touched_at < $1")
            .bind(before)
            .execute(pool)
            .await?
            .rows_affected())
    })
}

/// Whether officer `account_id` was allowed to file at the counter.
pub async fn may_file(db: &super::Db, account_id: &str) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<bool> =
            sqlx::query_scalar("SELECT TRUE FROM counter_officers WHERE account_id = $1")
                .bind(account_id)
                .fetch_optional(pool)
                .await?;
        Ok(row.is_some())
    })
}

/// Allows (`allow`) or stops officer `account_id` filing at the counter, by `by`, audited
/// (`staff.counter_grant` / `staff.counter_revoke`).
pub async fn set_counter(
    db: &super::Db,
    account_id: &str,
    by: &str,
    allow: bool,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            if allow {
                sqlx::query(
                    "INSERT INTO counter_officers (account_id, granted_by, granted_at) VALUES ($1, $2, $3)
                     ON CONFLICT (account_id) DO NOTHING",
                )
                .bind(account_id)
                .bind(by)
                .bind(super::clock::now())
                .execute(&mut *conn)
                .await?;
            } else {
                sqlx::query("DELETE FROM counter_officers WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut *conn)
                    .await?;
            }
            let action = if allow {
                "staff.counter_grant"
            } else {
                "staff.counter_revoke"
            };
            super::audit::append(
                conn.as_conn(),
                &super::audit::Audit {
                    actor: by,
                    action,
                    subject: account_id,
                    before: None,
                    after: None,
                },
            )
            .await?;
            Ok(())
        })
        .await
    })
}

/// Records that officer `actor` filed request `id` for a citizen at the counter.
pub async fn record_filed(db: &super::Db, actor: &str, id: &str) -> Result<(), StoreError> {
    super::audit::record(
        db,
        &super::audit::Audit {
            actor,
            action: "request.counter_file",
            subject: id,
            before: None,
            after: None,
        },
    )
    .await
}

/// The id of the officer (not an admin) of `agency` whose login is `login`.
pub async fn officer_of(
    db: &super::Db,
    agency: &str,
    login: &str,
) -> Result<Option<String>, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_scalar(
            "SELECT id FROM accounts WHERE login = $1 AND agency_slug = $2 AND role = 'officer'",
        )
        .bind(login)
        .bind(agency)
        .fetch_optional(pool)
        .await?)
    })
}
