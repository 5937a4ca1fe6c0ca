//! The phone's applications (drafts and the outbox) and their files, in IndexedDB.
//!
//! An application is one JSON record keyed by its id; a file is a Blob keyed by its SHA-256, so
//! the same photo attached twice is kept once. Every write is its own transaction and counts as
//! saved only when that transaction completes.

use super::catalogue::{db, err, DeviceError, APPLICATIONS, FILES};
use crate::domain::application::Application;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wasm_bindgen::JsValue;

/// Saves an application (put → transaction complete). Records the time it took as the
/// performance measure `loket-draft-save` (read by the autosave benchmark).
pub async fn put(app: &Application) -> Result<(), DeviceError> {
    let perf = web_sys::window().and_then(|w| w.performance());
    let mark = format!("loket-save-{}", app.updated);
    if let Some(p) = &perf {
        let _ = p.mark(&mark);
    }
    let json = serde_json::to_string(app).map_err(err)?;
    let db = db().await?;
    let tx = db
        .transaction(APPLICATIONS)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)?;
    let store = tx.object_store(APPLICATIONS).map_err(err)?;
    store
        .put(json)
        .with_key(app.id.clone())
        .primitive()
        .map_err(err)?;
    tx.commit().await.map_err(err)?;
    if let Some(p) = perf {
        let _ = p.measure_with_start_mark("loket-draft-save", &mark);
        p.clear_marks_with_mark_name(&mark);
    }
    Ok(())
}

/// One application, if the phone has it.
pub async fn get(id: &str) -> Result<Option<Application>, DeviceError> {
    let db = db().await?;
    let tx = db.transaction(APPLICATIONS).build().map_err(err)?;
    let store = tx.object_store(APPLICATIONS).map_err(err)?;
    let json: Option<String> = store
        .get(id.to_string())
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    json.map(|j| serde_json::from_str(&j).map_err(err))
        .transpose()
}

/// Every application on the phone, oldest first (ids are time-ordered).
pub async fn all() -> Result<Vec<Application>, DeviceError> {
    let db = db().await?;
    let tx = db.transaction(APPLICATIONS).build().map_err(err)?;
    let store = tx.object_store(APPLICATIONS).map_err(err)?;
    let mut out = Vec::new();
    for json in store
        .get_all::<String>()
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?
    {
        match serde_json::from_str::<Application>(&json.map_err(err)?) {
            Ok(a) => out.push(a),
            Err(e) => leptos::logging::warn!("device: skipping an application: {e}"),
        }
    }
    Ok(out)
}

/// Deletes an application and the files no other application uses.
pub async fn delete(id: &str) -> Result<(), DeviceError> {
    let Some(app) = get(id).await? else {
        return Ok(());
    };
    let others = all().await?;
    let db = db().await?;
    let tx = db
        .transaction([APPLICATIONS, FILES])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)?;
    tx.object_store(APPLICATIONS)
        .map_err(err)?
        .delete(id.to_string())
        .primitive()
        .map_err(err)?;
    let files = tx.object_store(FILES).map_err(err)?;
    for sha in app.files.keys() {
        if !others
            .iter()
            .any(|o| o.id != app.id && o.files.contains_key(sha))
        {
            files.delete(sha.clone()).primitive().map_err(err)?;
        }
    }
    tx.commit().await.map_err(err)
}

/// Keeps a file (a Blob) under its SHA-256.
pub async fn put_file(sha: &str, blob: &web_sys::Blob) -> Result<(), DeviceError> {
    let db = db().await?;
    let tx = db
        .transaction(FILES)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)?;
    let store = tx.object_store(FILES).map_err(err)?;
    store
        .put(JsValue::from(blob.clone()))
        .with_key(sha.to_string())
        .primitive()
        .map_err(err)?;
    tx.commit().await.map_err(err)
}

/// A kept file.
pub async fn file(sha: &str) -> Result<Option<web_sys::Blob>, DeviceError> {
    use wasm_bindgen::JsCast;
    let db = db().await?;
    let tx = db.transaction(FILES).build().map_err(err)?;
    let store = tx.object_store(FILES).map_err(err)?;
    let v: Option<JsValue> = store
        .get(sha.to_string())
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    Ok(v.and_then(|v| v.dyn_into::<web_sys::Blob>().ok()))
}
