//! Accounts and sessions (migration 0005; the audit log they write is `store::audit`). Times are
//! written as `YYYY-MM-DDTHH:MM:SS.sssZ` (`store::clock`), so they compare as text.

use super::clock::{self, Moment};
use super::{AsConn, StoreError};
use crate::domain::account::{Login, Role};

/// An account as stored (the hash stays on the server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// UUIDv7.
    pub id: String,
    /// The login in normal form.
    pub login: String,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// What it may do.
    pub role: Role,
    /// Its agency (officers and agency admins).
    pub agency: Option<String>,
    /// Disabled accounts cannot sign in, and have no sessions.
    pub disabled: bool,
    /// Its password was chosen by someone else (an invitation): it must be changed before the
    /// account may do staff work.
    pub must_change_password: bool,
}

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewAccount<'a> {
    /// UUIDv7, made by the caller.
    pub id: &'a str,
    /// The login.
    pub login: &'a Login,
    /// The argon2id PHC string.
    pub password_hash: &'a str,
    /// The role.
    pub role: Role,
    /// The agency, for officers and agency admins.
    pub agency: Option<&'a str>,
    /// Who created it (an admin's account id), if anyone. An invited account must change the
    /// password chosen for it.
    pub invited_by: Option<&'a str>,
}

pub use super::audit::{audit_log, Audit, AuditRow};

/// What creating an account came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Created {
    /// Created, with this id.
    New(String),
    /// Another account has this login; nothing was stored.
    LoginTaken,
}

type AccountRow = (String, String, String, String, Option<String>, bool, bool);

/// The columns an [`AccountRow`] is read from.
const ACCOUNT_COLUMNS: &str =
    "id, login, password_hash, role, agency_slug, disabled, must_change_password";

fn account(row: AccountRow) -> Result<Account, StoreError> {
    let (id, login, password_hash, role, agency, disabled, must_change) = row;
    let role = Role::parse(&role)
        .ok_or_else(|| StoreError::Invalid(format!("account {id}: unknown role {role:?}")))?;
    Ok(Account {
        id,
        login,
        password_hash,
        role,
        agency,
        disabled,
        must_change_password: must_change,
    })
}

/// The account with this login, if any.
pub async fn by_login(db: &super::Db, login: &Login) -> Result<Option<Account>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<AccountRow> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE login = $1"
        ))
        .bind(login.as_str())
        .fetch_optional(pool)
        .await?;
        row.map(account).transpose()
    })
}

/// The account with this id, if any.
pub async fn by_id(db: &super::Db, id: &str) -> Result<Option<Account>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<AccountRow> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(pool)
        .await?;
        row.map(account).transpose()
    })
}

/// True when an agency with this slug is in the catalogue.
pub async fn agency_exists(db: &super::Db, slug: &str) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM agencies WHERE slug = $1")
                .bind(slug)
                .fetch_one(pool)
                .await?
                > 0,
        )
    })
}

/// Creates an account, and writes `audit` with it in one transaction when given. A login that
/// exists already stores nothing.
pub async fn create(
    db: &super::Db,
    new: &NewAccount<'_>,
    audit: Option<&Audit<'_>>,
) -> Result<Created, StoreError> {
    super::on_db!(db, pool => {
        if new.role.has_agency() != new.agency.is_some() {
            return Err(StoreError::Invalid(format!(
                "a {} {} an agency",
                new.role.as_str(),
                if new.agency.is_some() {
                    "has no"
                } else {
                    "needs"
                }
            )));
        }
        super::in_transaction(pool, async |conn| {
            let inserted = sqlx::query(
                "INSERT INTO accounts (id, login, password_hash, role, agency_slug, created_at, invited_by, must_change_password)
                 VALUES ($1, $2, $3, $4, $5, $7, $6, $6 IS NOT NULL) ON CONFLICT (login) DO NOTHING",
            )
            .bind(new.id)
            .bind(new.login.as_str())
            .bind(new.password_hash)
            .bind(new.role.as_str())
            .bind(new.agency)
            .bind(new.invited_by)
            .bind(clock::now())
            .execute(&mut *conn)
            .await?;
            if inserted.rows_affected() == 0 {
                return Ok(Created::LoginTaken); // nothing was written
            }
            if let Some(audit) = audit {
                super::audit::append(conn.as_conn(), audit).await?;
            }
            Ok(Created::New(new.id.to_string()))
        })
        .await
    })
}

/// Disables an account, deletes its sessions and writes `audit`, in one transaction.
/// False when there is no such account.
pub async fn disable(
    db: &super::Db,
    account_id: &str,
    audit: &Audit<'_>,
) -> Result<bool, StoreError> {
    set_disabled(db, account_id, true, audit).await
}

/// Enables a disabled account again, ends any session it has and writes `audit`, in one
/// transaction. Its password and its "must change" mark stay. False when there is no such account.
pub async fn enable(
    db: &super::Db,
    account_id: &str,
    audit: &Audit<'_>,
) -> Result<bool, StoreError> {
    set_disabled(db, account_id, false, audit).await
}

/// Marks an account disabled or not, ends its sessions and writes `audit`, in one transaction.
/// False when there is no such account.
async fn set_disabled(
    db: &super::Db,
    account_id: &str,
    disabled: bool,
    audit: &Audit<'_>,
) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let updated = sqlx::query("UPDATE accounts SET disabled = $2 WHERE id = $1")
                .bind(account_id)
                .bind(disabled)
                .execute(&mut *conn)
                .await?;
            if updated.rows_affected() == 0 {
                return Ok(false);
            }
            end_all_sessions(conn.as_conn(), account_id).await?;
            super::audit::append(conn.as_conn(), audit).await?;
            Ok(true)
        })
        .await
    })
}

/// Deletes every session of an account (inside the caller's transaction).
async fn end_all_sessions(conn: super::Conn<'_>, account_id: &str) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Sets an account's password (an argon2id PHC string), clears its "must change" mark, ends
/// all its sessions and writes `audit`, in one transaction (the caller starts a new session).
pub async fn set_password(
    db: &super::Db,
    account_id: &str,
    password_hash: &str,
    audit: &Audit<'_>,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            sqlx::query(
                "UPDATE accounts SET password_hash = $2, must_change_password = FALSE WHERE id = $1",
            )
            .bind(account_id)
            .bind(password_hash)
            .execute(&mut *conn)
            .await?;
            end_all_sessions(conn.as_conn(), account_id).await?;
            super::audit::append(conn.as_conn(), audit).await.map(|_| ())
        })
        .await
    })
}

// ---- sessions -------------------------------------------------------------------------------

/// A live session, with its account when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The SHA-256 (hex) of the cookie's token.
    pub token_hash: String,
    /// The signed-in account; `None` for an anonymous device session, or when the account is
    /// disabled.
    pub account: Option<Account>,
    /// Last seen longer ago than the `touch_after` asked for: time to slide its expiry.
    pub stale: bool,
}

/// How long a session may live from its creation, however often it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    /// Citizens and anonymous device sessions, in hours.
    pub citizen_hours: u32,
    /// Officers, agency admins and system admins, in hours.
    pub staff_hours: u32,
}

impl Lifetime {
    /// The longer of the two (a session older than this is dead whoever holds it).
    fn longest_hours(self) -> u32 {
        self.citizen_hours.max(self.staff_hours)
    }
}

/// The SQL condition "session `s` (joined with its account `a`) is younger than its absolute
/// lifetime", with the citizen's and staff's oldest allowed creation times as parameters.
fn younger_than(citizen: &str, staff: &str) -> String {
    format!(
        "s.created_at > CASE WHEN a.role IN ('officer', 'agency_admin', 'system_admin') THEN {staff} ELSE {citizen} END"
    )
}

/// Stores a new session lasting `days` (sliding), and clears expired ones and those older than
/// any lifetime allows.
pub async fn create_session(
    db: &super::Db,
    token_hash: &str,
    account_id: Option<&str>,
    days: u32,
    lifetime: Lifetime,
) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        let now = Moment::now();
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR created_at <= $2")
            .bind(now.stamp())
            .bind(now.plus_hours(-i64::from(lifetime.longest_hours())).stamp())
            .execute(pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at)
             VALUES ($1, $2, $4, $3, $4)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now.plus_days(i64::from(days)).stamp())
        .bind(now.stamp())
        .execute(pool)
        .await?;
        Ok(())
    })
}

/// The live session with this token hash: not expired (sliding) and younger than its absolute
/// `lifetime` (by the account's role). `touch_after_minutes`: how long ago it must have been
/// last seen to be reported `stale`.
pub async fn session(
    db: &super::Db,
    token_hash: &str,
    touch_after_minutes: u32,
    lifetime: Lifetime,
) -> Result<Option<Session>, StoreError> {
    super::on_db!(db, pool => {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<bool>,
            Option<bool>,
            bool,
        );
        let now = Moment::now();
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT a.id, a.login, a.password_hash, a.role, a.agency_slug, a.disabled, a.must_change_password,
                    s.last_seen_at < $2
             FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id
             WHERE s.token_hash = $1 AND s.expires_at > $5 AND {}",
            younger_than("$3", "$4")
        ))
        .bind(token_hash)
        .bind(now.plus_minutes(-i64::from(touch_after_minutes)).stamp())
        .bind(now.plus_hours(-i64::from(lifetime.citizen_hours)).stamp())
        .bind(now.plus_hours(-i64::from(lifetime.staff_hours)).stamp())
        .bind(now.stamp())
        .fetch_optional(pool)
        .await?;
        let Some((id, login, hash, role, agency, disabled, must_change, stale)) = row else {
            return Ok(None);
        };
        let account = match (id, login, hash, role, disabled, must_change) {
            (Some(id), Some(login), Some(hash), Some(role), Some(disabled), Some(must)) => {
                Some(account((id, login, hash, role, agency, disabled, must))?)
            }
            _ => None,
        };
        Ok(Some(Session {
            token_hash: token_hash.to_string(),
            account: account.filter(|a| !a.disabled),
            stale,
        }))
    })
}

/// Slides a session's expiry: `days` from now, seen now.
pub async fn touch_session(db: &super::Db, token_hash: &str, days: u32) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        let now = Moment::now();
        sqlx::query("UPDATE sessions SET last_seen_at = $3, expires_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now.plus_days(i64::from(days)).stamp())
            .bind(now.stamp())
            .execute(pool)
            .await?;
        Ok(())
    })
}

/// Ends a session.
pub async fn delete_session(db: &super::Db, token_hash: &str) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await?;
        Ok(())
    })
}

/// How many sessions an account has (tests).
pub async fn session_count(db: &super::Db, account_id: &str) -> Result<i64, StoreError> {
    super::on_db!(db, pool => {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE account_id = $1")
                .bind(account_id)
                .fetch_one(pool)
                .await?,
        )
    })
}
