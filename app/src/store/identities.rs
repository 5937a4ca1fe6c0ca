//! Identities at OpenID providers and the accounts they sign in as (migration 0018). The pair
//! (provider, subject) is the only key: an identity is never matched to an account by e-mail.

use super::accounts::{Audit, NewAccount};
use super::{clock, AsConn, StoreError};

/// What linking an identity came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Linked {
    /// Linked now (or it was linked to this account already).
    Yes,
    /// The identity signs in as another account: nothing was stored.
    OtherAccount,
    /// The account has another identity at this provider: nothing was stored.
    AccountHasOne,
}

/// The account this identity signs in as, if it is linked; marks it used.
pub async fn account_of(
    db: &super::Db,
    provider: &str,
    subject: &str,
) -> Result<Option<String>, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_scalar(
            "UPDATE identities SET last_used_at = $3 WHERE provider = $1 AND subject = $2 RETURNING account_id",
        )
        .bind(provider)
        .bind(subject)
        .bind(clock::now())
        .fetch_optional(pool)
        .await?)
    })
}

/// True when the account has an identity at `provider`.
pub async fn has_identity(
    db: &super::Db,
    account_id: &str,
    provider: &str,
) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM identities WHERE account_id = $1 AND provider = $2",
        )
        .bind(account_id)
        .bind(provider)
        .fetch_one(pool)
        .await?
            > 0)
    })
}

/// Links an identity to an existing account and writes `audit`, in one transaction. An account
/// keeps one identity per provider, and an identity signs in as one account.
pub async fn link(
    db: &super::Db,
    provider: &str,
    subject: &str,
    account_id: &str,
    audit: &Audit<'_>,
) -> Result<Linked, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let owner: Option<String> = sqlx::query_scalar(
                "SELECT account_id FROM identities WHERE provider = $1 AND subject = $2",
            )
            .bind(provider)
            .bind(subject)
            .fetch_optional(&mut *conn)
            .await?;
            match owner {
                Some(o) if o == account_id => return Ok(Linked::Yes),
                Some(_) => return Ok(Linked::OtherAccount),
                None => {}
            }
            let has_one: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM identities WHERE account_id = $1 AND provider = $2",
            )
            .bind(account_id)
            .bind(provider)
            .fetch_one(&mut *conn)
            .await?;
            if has_one > 0 {
                return Ok(Linked::AccountHasOne);
            }
            insert(conn.as_conn(), provider, subject, account_id).await?;
            super::audit::append(conn.as_conn(), audit).await?;
            Ok(Linked::Yes)
        })
        .await
    })
}

/// Creates an account with this identity linked to it and writes `audit`, in one transaction.
/// False (nothing stored) when the login or the identity exists already.
pub async fn create_account(
    db: &super::Db,
    new: &NewAccount<'_>,
    provider: &str,
    subject: &str,
    audit: &Audit<'_>,
) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let taken: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM identities WHERE provider = $1 AND subject = $2",
            )
            .bind(provider)
            .bind(subject)
            .fetch_one(&mut *conn)
            .await?;
            if taken > 0 {
                return Ok(false);
            }
            let inserted = sqlx::query(
                "INSERT INTO accounts (id, login, password_hash, role, agency_slug, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (login) DO NOTHING",
            )
            .bind(new.id)
            .bind(new.login.as_str())
            .bind(new.password_hash)
            .bind(new.role.as_str())
            .bind(new.agency)
            .bind(clock::now())
            .execute(&mut *conn)
            .await?;
            if inserted.rows_affected() == 0 {
                return Ok(false);
            }
            insert(conn.as_conn(), provider, subject, new.id).await?;
            super::audit::append(conn.as_conn(), audit).await?;
            Ok(true)
        })
        .await
    })
}

async fn insert(
    conn: super::Conn<'_>,
    provider: &str,
    subject: &str,
    account_id: &str,
) -> Result<(), StoreError> {
    super::on_conn!(conn, conn => {
        sqlx::query(
            "INSERT INTO identities (provider, subject, account_id, created_at, last_used_at)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(provider)
        .bind(subject)
        .bind(account_id)
        .bind(clock::now())
        .execute(conn)
        .await?;
        Ok(())
    })
}

/// How many identities are linked (tests).
pub async fn count(db: &super::Db) -> Result<i64, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM identities")
            .fetch_one(pool)
            .await?)
    })
}
