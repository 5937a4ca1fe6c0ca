//! Questions asked on a service's *Tanya jawab* page and not yet sent: kept in IndexedDB
//! (one `meta` record, a short list) from the moment they are asked, offline too, and sent by
//! the outbox. Each carries the UUIDv7 the phone made for it, so a resend is the same question.

use super::catalogue::{db, err, DeviceError, META};
use crate::api::qa::QaAskApp;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

const KEY: &str = "questions";

/// The questions waiting to be sent, oldest first.
pub async fn pending() -> Result<Vec<QaAskApp>, DeviceError> {
    let db = db().await?;
    let tx = db.transaction(META).build().map_err(err)?;
    let store = tx.object_store(META).map_err(err)?;
    let json: Option<String> = store
        .get(KEY)
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// Replaces the waiting list by `list` (its own transaction; done when it completes).
async fn save(list: &[QaAskApp]) -> Result<(), DeviceError> {
    let json = serde_json::to_string(list).map_err(err)?;
    let db = db().await?;
    let tx = db
        .transaction(META)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)?;
    let store = tx.object_store(META).map_err(err)?;
    store.put(json).with_key(KEY).primitive().map_err(err)?;
    tx.commit().await.map_err(err)
}

/// Keeps `q` until it is sent.
pub async fn add(q: QaAskApp) -> Result<(), DeviceError> {
    let mut list = pending().await?;
    list.retain(|p| p.id != q.id);
    list.push(q);
    save(&list).await
}

/// Forgets the question `id` (sent, or refused for good).
pub async fn remove(id: &str) -> Result<(), DeviceError> {
    let mut list = pending().await?;
    list.retain(|p| p.id != id);
    save(&list).await
}
