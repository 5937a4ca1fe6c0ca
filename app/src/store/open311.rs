//! Open311: the partners' keys (kept as SHA-256), what a request filed through Open311 carries
//! beyond the app's, and the lists the public GET resources read.

use super::audit::{self, Audit};
use super::{AsConn, StoreError};

/// A key's stored form: SHA-256, hex. A key is 32 random bytes, so a fast hash is enough.
pub fn key_hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A partner's key as listed (never the key itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRow {
    /// Its id.
    pub id: i64,
    /// The partner system's name.
    pub name: String,
    /// When it was made (UTC).
    pub created_at: String,
    /// Who made it (`cli`).
    pub created_by: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// Makes a key for the partner `name`: 32 random bytes as 64 hex digits, prefixed `loket311_`.
/// Only its hash is kept; an audit row (`open311_key.create` by `actor`) in the same
/// transaction. Returns the id and the key, which cannot be shown again.
pub async fn create_key(
    db: &super::Db,
    name: &str,
    actor: &str,
) -> Result<(i64, String), StoreError> {
    super::on_db!(db, pool => {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid(
                "the name must be 1 to 100 characters, without control characters".into(),
            ));
        }
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let key: String = std::iter::once("loket311_".to_string())
            .chain(bytes.iter().map(|b| format!("{b:02x}")))
            .collect();
        let hash = key_hash(&key);
        let id = super::in_transaction(pool, async |conn| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO open311_keys (name, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(name)
            .bind(&hash)
            .bind(actor)
            .bind(super::clock::now())
            .fetch_one(&mut *conn)
            .await?;
            let subject = format!("open311_key:{id}");
            let audit = Audit {
                actor,
                action: "open311_key.create",
                subject: &subject,
                before: None,
                after: Some(serde_json::json!({ "name": name })),
            };
            audit::append(conn.as_conn(), &audit).await?;
            Ok::<_, StoreError>(id)
        })
        .await?;
        Ok((id, key))
    })
}

/// Every key, oldest first.
pub async fn keys(db: &super::Db) -> Result<Vec<KeyRow>, StoreError> {
    super::on_db!(db, pool => {
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, name, created_at, created_by, revoked_at FROM open311_keys ORDER BY id",
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, created_at, created_by, revoked_at)| KeyRow {
                id,
                name,
                created_at,
                created_by,
                revoked_at,
            })
            .collect())
    })
}

/// Revokes key `id` (audited as `open311_key.revoke`). `false` when there is no such key or it
/// was revoked already (nothing changes then).
pub async fn revoke_key(db: &super::Db, id: i64, actor: &str) -> Result<bool, StoreError> {
    super::on_db!(db, pool => {
        super::in_transaction(pool, async |conn| {
            let done = sqlx::query(
                "UPDATE open311_keys SET revoked_at = $2
                 WHERE id = $1 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(super::clock::now())
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            let subject = format!("open311_key:{id}");
            let audit = Audit {
                actor,
                action: "open311_key.revoke",
                subject: &subject,
                before: Some(serde_json::json!({ "revoked": false })),
                after: Some(serde_json::json!({ "revoked": true })),
            };
            audit::append(conn.as_conn(), &audit).await?;
            Ok::<_, StoreError>(true)
        })
        .await
    })
}

/// The id and name of the key `key`, if it exists and is not revoked.
pub async fn key_in_force(db: &super::Db, key: &str) -> Result<Option<(i64, String)>, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_as(
            "SELECT id, name FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL",
        )
        .bind(key_hash(key))
        .fetch_optional(pool)
        .await?)
    })
}

/// What a request filed through Open311 carries beyond the app's (stored with it, in the
/// transaction of [`submit`](super::requests::submit)).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Partner {
    /// The key that filed it.
    pub key_id: i64,
    /// The address kept (`address_string`, else `lat,long`, else `address_id`).
    pub address: String,
    /// The partner's address id.
    pub address_id: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub long: Option<f64>,
    /// The citizen's description.
    pub description: String,
    /// A link to a photo on the partner's side.
    pub media_url: String,
    /// The contact the partner sent (`first_name`, `last_name`, `email`, `phone`, `device_id`,
    /// `account_id`), JSON.
    pub contact: serde_json::Value,
}

/// Adds to `trip` the statements that keep each request's partner part (`(request id,
/// partner)`), by multi-row statements as the request rows are (in the writes of the submit's
/// transaction, after the requests' own).
pub(crate) fn push_partners<'q, DB: sqlx::Database>(
    trip: &mut super::trip::Trip<'q, DB>,
    partners: &[(&'q str, &'q Partner)],
) where
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<f64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    for run in super::db::runs(partners.len()) {
        let q = trip.statement(
            "INSERT INTO open311_requests (request_id, key_id, address, address_id, lat, long, description, media_url, contact) ",
        );
        q.push_values(&partners[run], |mut b, &(id, p)| {
            b.push_bind(id)
                .push_bind(p.key_id)
                .push_bind(p.address.as_str())
                .push_bind(p.address_id.as_deref())
                .push_bind(p.lat)
                .push_bind(p.long)
                .push_bind(p.description.as_str())
                .push_bind(p.media_url.as_str())
                .push_bind(p.contact.to_string());
        });
    }
}

/// The partner's part of request `id`, when it came through Open311.
pub async fn partner_view(
    db: &super::Db,
    id: &str,
) -> Result<Option<crate::domain::staff::PartnerFacts>, StoreError> {
    super::on_db!(db, pool => {
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT k.name, o.address, o.description, o.media_url, o.contact
             FROM open311_requests o JOIN open311_keys k ON k.id = o.key_id WHERE o.request_id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        Ok(
            row.map(|(partner, address, description, media_url, contact)| {
                crate::domain::staff::PartnerFacts {
                    partner,
                    address,
                    description,
                    media_url,
                    contact: crate::domain::staff::PartnerContact::from_stored(
                        &serde_json::from_str(&contact).unwrap_or_default(),
                    ),
                }
            }),
        )
    })
}

/// The door request `id` came in through (`app` when it is not stored).
pub async fn channel(
    db: &super::Db,
    id: &str,
) -> Result<crate::domain::channel::Channel, StoreError> {
    super::on_db!(db, pool => {
        let code: Option<String> = sqlx::query_scalar("SELECT channel FROM requests WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
        Ok(code
            .as_deref()
            .and_then(crate::domain::channel::Channel::parse)
            .unwrap_or_default())
    })
}

/// The filters of the request list (`None`: no filter). Times are stored UTC text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these references (then no other filter applies).
    pub references: Option<Vec<String>>,
    /// Only these services.
    pub services: Option<Vec<String>>,
    /// Only these Loket statuses.
    pub statuses: Option<Vec<String>>,
    /// Received at or after.
    pub from: Option<String>,
    /// Received at or before.
    pub to: Option<String>,
    /// At most this many.
    pub limit: i64,
    /// After skipping this many.
    pub offset: i64,
}

/// A listed request, as stored: reference, status, service, agency, received, last step, due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRow {
    /// The reference.
    pub reference: String,
    /// Its status code.
    pub status: String,
    /// The service's slug.
    pub service: String,
    /// The agency's slug.
    pub agency: String,
    /// When it came in (UTC).
    pub received_at: String,
    /// Its last step (UTC).
    pub updated_at: String,
    /// Its due day.
    pub due_date: String,
}

fn json_list(v: &Option<Vec<String>>) -> Option<String> {
    v.as_ref()
        .map(|v| serde_json::Value::from(v.clone()).to_string())
}

/// Requests filed through Open311 matching `f`, newest first.
pub async fn requests(db: &super::Db, f: &Filter) -> Result<Vec<RequestRow>, StoreError> {
    super::on_db!(db, pool => {
        let by_ref = f.references.is_some();
        let list = |param| super::db::dialect::json_texts(PG, param);
        let (references, services, statuses) = (list("$1"), list("$2"), list("$3"));
        let rows: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT r.reference, r.status, r.service_slug, r.agency_slug, r.received_at,
                    COALESCE((SELECT e.at FROM request_events e WHERE e.seq = r.last_seq), r.received_at),
                    r.due_date
             FROM requests r JOIN open311_requests o ON o.request_id = r.id
             WHERE ($1 IS NULL OR r.reference IN ({references}))
               AND ($8 OR $2 IS NULL OR r.service_slug IN ({services}))
               AND ($8 OR $3 IS NULL OR r.status IN ({statuses}))
               AND ($8 OR $4 IS NULL OR r.received_at >= $4)
               AND ($8 OR $5 IS NULL OR r.received_at <= $5)
             ORDER BY r.received_at DESC, r.id DESC LIMIT $6 OFFSET $7",
        ))
        .bind(json_list(&f.references))
        .bind(json_list(&f.services))
        .bind(json_list(&f.statuses))
        .bind(f.from.as_deref())
        .bind(f.to.as_deref())
        .bind(f.limit)
        .bind(f.offset)
        .bind(by_ref)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(reference, status, service, agency, received_at, updated_at, due_date)| RequestRow {
                    reference,
                    status,
                    service,
                    agency,
                    received_at,
                    updated_at,
                    due_date,
                },
            )
            .collect())
    })
}

/// One step of a request filed through Open311: seq, reference, status, when (UTC).
pub type UpdateRow = (i64, String, String, String);

/// The steps of Open311 requests taken between `from` and `to` (UTC text), oldest first.
pub async fn updates(
    db: &super::Db,
    from: &str,
    to: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<UpdateRow>, StoreError> {
    super::on_db!(db, pool => {
        Ok(sqlx::query_as(
            "SELECT e.seq, r.reference, e.status, e.at
             FROM request_events e JOIN open311_requests o ON o.request_id = e.request_id
                  JOIN requests r ON r.id = e.request_id
             WHERE e.at >= $1 AND e.at <= $2
             ORDER BY e.seq LIMIT $3 OFFSET $4",
        )
        .bind(from)
        .bind(to)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?)
    })
}
