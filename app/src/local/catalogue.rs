//! The phone's copy of the catalogue, in IndexedDB (through indexed_db_futures).
//!
//! Stores: `services` (key: `<scope>/<slug>`, value: the service's JSON; the scope is `""` for
//! national services, else the province's code), `outlines` (the same keys: a service's
//! outline, until its whole document is here) and `meta` (key: name, value: text: the
//! catalogue's id, `at:<scope>` the position after the last page of documents stored of each
//! scope, `outline:<scope>` the same for outlines while a scope's first sync is under way, and
//! `ready` once the national services are all listed). A page is stored in one read-write
//! transaction with its position, so a sync cut anywhere resumes after the last page stored.
//! An in-memory snapshot saves re-reading IndexedDB on every page; it is dropped whenever a
//! page lands.

use crate::domain::catalogue::Service;
use crate::domain::shelf::Shelf;
use crate::domain::sync::{Position, SyncPage, NATIONAL};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use std::cell::RefCell;
use std::rc::Rc;

const DB_NAME: &str = "loket";
/// Version 1: catalogue. Version 2: applications (drafts and the outbox) and their files.
/// Version 3: outlines.
const DB_VERSION: u32 = 3;
const SERVICES: &str = "services";
const OUTLINES: &str = "outlines";
const META: &str = "meta";
/// The single cursor of the builds before scopes: its copy is dropped.
const OLD_CURSOR_KEY: &str = "catalogue_cursor";
/// Before a scope's name: the position after its last page of documents stored.
const AT: &str = "at:";
/// Before a scope's name: the position after its last page of outlines stored, while the
/// scope's documents have not caught up once.
const OUTLINE_AT: &str = "outline:";
/// How many documents the snapshot reads from IndexedDB at once.
const READ_AT_ONCE: usize = 200;
/// Set once the national services are all stored: the copy can show pages.
const READY_KEY: &str = "ready";
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
            if old < 3 {
                db.create_object_store(OUTLINES).build()?;
            }
            Ok(())
        })
        .await
        .map_err(err)?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// A text kept in `meta`, if any.
async fn meta_text(key: &str) -> Result<Option<String>, DeviceError> {
    let db = db().await?;
    let tx = db.transaction(META).build().map_err(err)?;
    let store = tx.object_store(META).map_err(err)?;
    store.get(key).primitive().map_err(err)?.await.map_err(err)
}

/// Every key of `store` (text keys), in IndexedDB's order.
async fn all_keys(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> Result<Vec<String>, DeviceError> {
    store
        .get_all_keys::<String>()
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?
        .collect::<Result<Vec<String>, _>>()
        .map_err(err)
}

/// The `meta` key of the position in `scope`'s outlines or its documents.
fn at_key(scope: &str, outline: bool) -> String {
    format!("{}{scope}", if outline { OUTLINE_AT } else { AT })
}

/// Where the phone is in `scope`'s outlines or documents: after the last page it stored; none
/// before any (or, for outlines, once the scope's documents have caught up).
pub async fn position(scope: &str, outline: bool) -> Result<Option<Position>, DeviceError> {
    Ok(meta_text(&at_key(scope, outline))
        .await?
        .and_then(|p| Position::decode(&p)))
}

/// The id of the catalogue the phone's copy came from.
pub async fn catalogue_id() -> Result<Option<String>, DeviceError> {
    meta_text(CATALOGUE_KEY).await
}

/// Drops what the phone holds of any scope but `keep` (a province no longer chosen), and a
/// copy kept by a build before scopes (its services stored by slug alone): both in one
/// transaction. Says whether it dropped any service.
pub async fn keep_only(keep: &[String]) -> Result<bool, DeviceError> {
    let db = db().await?;
    let tx = db
        .transaction([SERVICES, OUTLINES, META])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)?;
    let kept = |scope: &str| keep.iter().any(|k| k == scope);
    let mut dropped = false;
    for name in [SERVICES, OUTLINES] {
        let store = tx.object_store(name).map_err(err)?;
        for key in all_keys(&store).await? {
            if !key.split_once('/').is_some_and(|(scope, _)| kept(scope)) {
                store.delete(key).primitive().map_err(err)?;
                dropped = true;
            }
        }
    }
    let meta = tx.object_store(META).map_err(err)?;
    for key in all_keys(&meta).await? {
        let stale = match key
            .strip_prefix(AT)
            .or_else(|| key.strip_prefix(OUTLINE_AT))
        {
            Some(scope) => !kept(scope),
            None => key == OLD_CURSOR_KEY,
        };
        if stale {
            meta.delete(key).primitive().map_err(err)?;
        }
    }
    tx.commit().await.map_err(err)?;
    if dropped {
        SNAPSHOT.with(|s| *s.borrow_mut() = None);
    }
    Ok(dropped)
}

/// Stores one page of `scope`'s outlines or documents from the server in one transaction, with
/// the position after it: a sync cut anywhere resumes after the last page stored. A page that
/// starts over (`reset`) first drops every scope's services and positions. A document replaces
/// its service's outline; once the scope's documents have caught up, its outlines are gone.
pub async fn apply(scope: &str, page: &SyncPage, outline: bool) -> Result<(), DeviceError> {
    let db = db().await?;
    let tx = db
        .transaction([SERVICES, OUTLINES, META])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)?;
    let services = tx.object_store(SERVICES).map_err(err)?;
    let outlines = tx.object_store(OUTLINES).map_err(err)?;
    let meta = tx.object_store(META).map_err(err)?;
    if page.reset {
        services.clear().map_err(err)?;
        outlines.clear().map_err(err)?;
        meta.clear().map_err(err)?;
    }
    let into = if outline { &outlines } else { &services };
    for doc in &page.changed {
        // The full read rather than a slug-only one: one deserializer less in the phone's bundle.
        let key = format!("{scope}/{}", doc.service().map_err(err)?.slug);
        if !outline {
            outlines.delete(key.clone()).primitive().map_err(err)?;
        }
        into.put(doc.json().to_string())
            .with_key(key)
            .primitive()
            .map_err(err)?;
    }
    for slug in &page.withdrawn {
        let key = format!("{scope}/{slug}");
        services.delete(key.clone()).primitive().map_err(err)?;
        outlines.delete(key).primitive().map_err(err)?;
    }
    let at = Position {
        revision: page.since,
        slug: page.after.clone(),
    };
    meta.put(at.encode())
        .with_key(at_key(scope, outline))
        .primitive()
        .map_err(err)?;
    if !outline && !page.more {
        // Every document of the scope is here: its outlines are done with.
        meta.delete(at_key(scope, true)).primitive().map_err(err)?;
        let prefix = format!("{scope}/");
        for key in all_keys(&outlines).await? {
            if key.starts_with(&prefix) {
                outlines.delete(key).primitive().map_err(err)?;
            }
        }
    }
    meta.put(page.catalogue.clone())
        .with_key(CATALOGUE_KEY)
        .primitive()
        .map_err(err)?;
    if scope == NATIONAL && !page.more {
        meta.put("1".to_string())
            .with_key(READY_KEY)
            .primitive()
            .map_err(err)?;
    }
    tx.commit().await.map_err(err)?;
    SNAPSHOT.with(|s| *s.borrow_mut() = None);
    Ok(())
}

/// Every service the phone holds, on a shelf (searched without working out each one's text
/// again): its whole document, else its outline (marked so: its page is not here yet). `None`
/// before the national services are all listed (then the page asks the server instead).
pub async fn snapshot() -> Result<Option<Rc<Shelf>>, DeviceError> {
    if let Some(s) = SNAPSHOT.with(|s| s.borrow().clone()) {
        return Ok(Some(s));
    }
    if meta_text(READY_KEY).await?.is_none() {
        return Ok(None);
    }
    let db = db().await?;
    let tx = db.transaction([SERVICES, OUTLINES]).build().map_err(err)?;
    let mut all = Vec::new();
    // Documents first: a service with both is shown whole (the stable sort and dedup below
    // keep the first of a slug).
    for name in [SERVICES, OUTLINES] {
        read_all(&tx.object_store(name).map_err(err)?, &mut all).await?;
    }
    // A service that moved between two provinces the phone keeps is in both until the old
    // scope's page withdraws it: shown once.
    all.sort_by(|a, b| a.slug.cmp(&b.slug));
    all.dedup_by(|a, b| a.slug == b.slug);
    let all = Rc::new(Shelf::new(all));
    SNAPSHOT.with(|s| *s.borrow_mut() = Some(all.clone()));
    Ok(Some(all))
}

/// Reads every service of `store` into `all`, a few hundred documents at a time: all of a
/// large province's at once (11 MB of text for Jawa Barat's 1,939) would double the phone's
/// JavaScript heap for a moment.
async fn read_all(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
    all: &mut Vec<Service>,
) -> Result<(), DeviceError> {
    let keys = all_keys(store).await?;
    for chunk in keys.chunks(READ_AT_ONCE) {
        let (first, last) = (chunk[0].clone(), chunk[chunk.len() - 1].clone());
        for json in store
            .get_all::<String>()
            .with_query::<String, _>(KeyRange::Bound(first, false, last, false))
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
    }
    Ok(())
}
