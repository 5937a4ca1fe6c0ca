//! The phone's copy of the catalogue, in IndexedDB (through indexed_db_futures).
//!
//! Stores: `services` (key: slug, value: the service's JSON) and `meta` (key: name, value: text;
//! `catalogue_cursor` is the cursor of the last delta applied). A delta is applied in one
//! read-write transaction, so the copy is never half old, half new. An in-memory snapshot saves
//! re-reading IndexedDB on every page; it is dropped whenever a delta lands.

use crate::domain::catalogue::{CatalogueDelta, Cursor, Service};
use crate::domain::shelf::Shelf;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use std::cell::RefCell;
use std::rc::Rc;

const DB_NAME: &str = "loket";
/// Version 1: catalogue. Version 2: applications (drafts and the outbox) and their files.
const DB_VERSION: u32 = 2;
const SERVICES: &str = "services";
const META: &str = "meta";
const CURSOR_KEY: &str = "catalogue_cursor";
const CATALOGUE_KEY: &str = "catalogue_id";
/// Applications by id (JSON of `domain::application::Application`).
pub(crate) const APPLICATIONS: &str = "applications";
/// Files (Blobs) by SHA-256.
pub(crate) const FILES: &str = "files";

thread_local! {
    static DB: RefCell<Option<Database>> = const { RefCell::new(None) };
    static SNAPSHOT: RefCell<Option<Rc<Shelf>>> = const { RefCell::new(None) };
}

/// A failure of the device store, as text for the log (the page then falls back to the server).
pub type DeviceError = String;

pub(crate) fn err(e: impl std::fmt::Display) -> DeviceError {
    e.to_string()
}

/// The phone's database, opened (and upgraded) once per page.
pub(crate) async fn db() -> Result<Database, DeviceError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = Database::open(DB_NAME)
        .with_version(DB_VERSION)
        .with_on_upgrade_needed(|event, db| {
            let old = event.old_version() as u64;
            if old < 1 {
                db.create_object_store(SERVICES).build()?;
                db.create_object_store(META).build()?;
            }
            if old < 2 {
                db.create_object_store(APPLICATIONS).build()?;
                db.create_object_store(FILES).build()?;
            }
            Ok(())
        })
        .await
        .map_err(err)?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// The cursor of the last delta applied, or `None` before the first complete download.
pub async fn cursor() -> Result<Option<Cursor>, DeviceError> {
    let db = db().await?;
    let tx = db.transaction(META).build().map_err(err)?;
    let store = tx.object_store(META).map_err(err)?;
    let v: Option<String> = store
        .get(CURSOR_KEY)
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    Ok(v.and_then(|s| s.parse().ok()).map(Cursor))
}

/// The id of the catalogue the phone's copy came from.
pub async fn catalogue_id() -> Result<Option<String>, DeviceError> {
    let db = db().await?;
    let tx = db.transaction(META).build().map_err(err)?;
    let store = tx.object_store(META).map_err(err)?;
    store
        .get(CATALOGUE_KEY)
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)
}

/// Applies a delta from the server in one transaction; returns how many services the phone
/// holds afterwards.
pub async fn apply(delta: &CatalogueDelta) -> Result<(), DeviceError> {
    let db = db().await?;
    let tx = db
        .transaction([SERVICES, META])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)?;
    let services = tx.object_store(SERVICES).map_err(err)?;
    let meta = tx.object_store(META).map_err(err)?;
    if delta.reset {
        services.clear().map_err(err)?;
    }
    for doc in &delta.changed {
        // The full read rather than a slug-only one: one deserializer less in the phone's bundle.
        let slug = doc.service().map_err(err)?.slug;
        services
            .put(doc.json().to_string())
            .with_key(slug)
            .primitive()
            .map_err(err)?;
    }
    for slug in &delta.withdrawn {
        services.delete(slug.clone()).primitive().map_err(err)?;
    }
    meta.put(delta.cursor.0.to_string())
        .with_key(CURSOR_KEY)
        .primitive()
        .map_err(err)?;
    meta.put(delta.catalogue.clone())
        .with_key(CATALOGUE_KEY)
        .primitive()
        .map_err(err)?;
    tx.commit().await.map_err(err)?;
    SNAPSHOT.with(|s| *s.borrow_mut() = None);
    Ok(())
}

/// Every service the phone holds, on a shelf (searched without working out each one's text
/// again), or `None` before the first complete download (then the page asks the server instead).
pub async fn snapshot() -> Result<Option<Rc<Shelf>>, DeviceError> {
    if let Some(s) = SNAPSHOT.with(|s| s.borrow().clone()) {
        return Ok(Some(s));
    }
    if cursor().await?.is_none() {
        return Ok(None);
    }
    let db = db().await?;
    let tx = db.transaction(SERVICES).build().map_err(err)?;
    let store = tx.object_store(SERVICES).map_err(err)?;
    let mut all = Vec::new();
    for json in store
        .get_all::<String>()
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?
    {
        let json = json.map_err(err)?;
        match serde_json::from_str::<Service>(&json) {
            Ok(s) => all.push(s),
            // A document this build cannot read (written by a newer one): skip it, the
            // server still has it.
            Err(e) => leptos::logging::warn!("device catalogue: skipping a service: {e}"),
        }
    }
    let all = Rc::new(Shelf::new(all));
    SNAPSHOT.with(|s| *s.borrow_mut() = Some(all.clone()));
    Ok(Some(all))
}
