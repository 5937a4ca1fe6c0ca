//! The installation: which secret every server of this database derives PINs and tokens from,
//! recorded by the secret's id (never the secret).

use super::audit::{self, Audit};
use super::{AsConn, StoreError};

/// The id of the secret recorded as the installation's, if one is.
pub async fn key_id(db: &super::Db) -> Result<Option<String>, StoreError> {
    Ok(super::on_db!(db, pool => {
        sqlx::query_scalar("SELECT key_id FROM installation WHERE id = 1")
            .fetch_optional(pool)
            .await
    })?)
}

/// Records `key_id` as the installation's secret (audited, with the id it replaces). Returns
/// the id recorded before, if any.
pub async fn record_key_id(
    db: &super::Db,
    key_id: &str,
    actor: &str,
) -> Result<Option<String>, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let before: Option<String> =
                sqlx::query_scalar("SELECT key_id FROM installation WHERE id = 1")
                    .fetch_optional(&mut *conn)
                    .await?;
            if before.as_deref() == Some(key_id) {
                return Ok::<_, StoreError>(before);
            }
            sqlx::query(
                "INSERT INTO installation (id, key_id, recorded_at) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE
                 SET key_id = excluded.key_id, recorded_at = excluded.recorded_at",
            )
            .bind(key_id)
            .bind(super::clock::now())
            .execute(&mut *conn)
            .await?;
            let audit = Audit {
                actor,
                action: "installation.secret",
                subject: "installation",
                before: before.as_ref().map(|id| serde_json::json!({ "key_id": id })),
                after: Some(serde_json::json!({ "key_id": key_id })),
            };
            audit::append(conn.as_conn(), &audit).await?;
            Ok(before)
        })
        .await
    })
}
