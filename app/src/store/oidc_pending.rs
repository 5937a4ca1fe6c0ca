//! Sign-ins on their way through an OpenID provider (migration 0018): what the callback must
//! find again (state, nonce, PKCE verifier), keyed by the SHA-256 of a random handle the browser
//! holds in a cookie. A pending sign-in is taken (read and deleted) in one statement, so it can
//! be used once; those older than [`PENDING_MINUTES`] are swept.

use super::StoreError;

/// How long a sign-in may stay at the provider, in minutes.
pub const PENDING_MINUTES: u32 = 10;

/// A sign-in sent to a provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The SHA-256 (hex) of the cookie's handle.
    pub handle_hash: String,
    /// The provider's id (`--oidc-provider id=…`).
    pub provider: String,
    /// The `state` sent to the provider.
    pub state: String,
    /// The `nonce` the id_token must carry.
    pub nonce: String,
    /// The PKCE code verifier.
    pub verifier: String,
    /// The account signed in when it started: the identity is linked to it.
    pub account_id: Option<String>,
    /// Where the browser goes afterwards (already checked by `domain::route::safe_next`).
    pub next: String,
}

/// Stores a pending sign-in, and sweeps those older than [`PENDING_MINUTES`].
pub async fn insert(db: &super::Db, p: &Pending) -> Result<(), StoreError> {
    super::on_db!(db, pool => {
        sweep(db).await?;
        sqlx::query(
            "INSERT INTO oidc_pending (handle_hash, provider, state, nonce, verifier, account_id, next, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&p.handle_hash)
        .bind(&p.provider)
        .bind(&p.state)
        .bind(&p.nonce)
        .bind(&p.verifier)
        .bind(&p.account_id)
        .bind(&p.next)
        .bind(super::clock::now())
        .execute(pool)
        .await?;
        Ok(())
    })
}

/// Takes the pending sign-in with this handle hash for `provider`: deletes it and returns it
/// (one statement, so a second callback finds nothing). One older than [`PENDING_MINUTES`] is
/// deleted and not returned.
pub async fn take(
    db: &super::Db,
    handle_hash: &str,
    provider: &str,
) -> Result<Option<Pending>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<(Pending, bool)> = sqlx::query_as::<
            _,
            (
                String,
                String,
                String,
                String,
                String,
                Option<String>,
                String,
                bool,
            ),
        >(
            "DELETE FROM oidc_pending WHERE handle_hash = $1
             RETURNING handle_hash, provider, state, nonce, verifier, account_id, next,
                       created_at > $2",
        )
        .bind(handle_hash)
        .bind(oldest_pending())
        .fetch_optional(pool)
        .await?
        .map(
            |(handle_hash, provider, state, nonce, verifier, account_id, next, fresh)| {
                (
                    Pending {
                        handle_hash,
                        provider,
                        state,
                        nonce,
                        verifier,
                        account_id,
                        next,
                    },
                    fresh,
                )
            },
        );
        Ok(row
            .filter(|(p, fresh)| *fresh && p.provider == provider)
            .map(|(p, _)| p))
    })
}

/// The creation time before which a pending sign-in is too old.
fn oldest_pending() -> String {
    super::clock::Moment::now()
        .plus_minutes(-i64::from(PENDING_MINUTES))
        .stamp()
}

/// Deletes the pending sign-ins older than [`PENDING_MINUTES`].
pub async fn sweep(db: &super::Db) -> Result<u64, StoreError> {
    super::on_db!(db, pool => {
        Ok(
            sqlx::query("DELETE FROM oidc_pending WHERE created_at <= $1")
                .bind(oldest_pending())
                .execute(pool)
                .await?
                .rows_affected(),
        )
    })
}

/// How many sign-ins are pending (tests).
pub async fn count(db: &super::Db) -> Result<i64, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM oidc_pending")
            .fetch_one(pool)
            .await?)
    })
}
