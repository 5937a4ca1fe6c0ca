//! The server's catalogue on a shelf: the services parsed, with their search text and the home
//! page's lists worked out, kept in memory for as long as the catalogue does not change. Pages
//! other than a service's read it instead of parsing every stored document on every request.
//!
//! The database stays the truth: each use reads the catalogue's state (its id and head revision,
//! one indexed read) and loads again when it moved, so several servers on one database each
//! keep their own shelf and none serves a catalogue older than the one it read the state of.

use super::{AsConn, StoreError};
use crate::domain::catalogue::Service;
use crate::domain::shelf::Shelf;
use sqlx::Row;
use std::sync::{Arc, Mutex};

/// A shelf and the catalogue state it was loaded at.
struct Kept {
    id: String,
    head: i64,
    shelf: Arc<Shelf>,
}

/// The kept shelf, shared by every request of one server (cheap to clone).
#[derive(Clone, Default)]
pub struct Shelves {
    kept: Arc<Mutex<Option<Kept>>>,
    // One load at a time: the others wait for it instead of loading the same again.
    loading: Arc<tokio::sync::Mutex<()>>,
}

impl Shelves {
    /// The catalogue as it is now (not withdrawn services, in slug order), prepared.
    pub async fn current(&self, db: &super::Db) -> Result<Arc<Shelf>, StoreError> {
        super::on_db!(db, pool => {
            let (id, head) = state(pool.acquire().await?.as_conn()).await?;
            if let Some(shelf) = self.kept_at(&id, head) {
                return Ok(shelf);
            }
            let _one = self.loading.lock().await;
            if let Some(shelf) = self.kept_at(&id, head) {
                return Ok(shelf);
            }
            // The state and the services from one snapshot, so the shelf is labelled truly.
            let (id, head, services) = super::in_snapshot(pool, async |conn| {
                let (id, head) = state(conn.as_conn()).await?;
                let services = super::catalogue::active_services_in(conn.as_conn()).await?;
                Ok::<_, StoreError>((id, head, services))
            })
            .await?;
            let shelf = Arc::new(Shelf::new(services));
            *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(Kept {
                id,
                head,
                shelf: shelf.clone(),
            });
            Ok(shelf)
        })
    }

    /// The kept shelf if it holds the catalogue `id` at revision `head` or later (revisions
    /// only grow, so a later one is at least as fresh).
    fn kept_at(&self, id: &str, head: i64) -> Option<Arc<Shelf>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|k| k.id == id && k.head >= head)
            .map(|k| k.shelf.clone())
    }
}

/// The service `slug` of a shelf kept here (its services are in slug order), if it is active.
pub fn find<'a>(shelf: &'a Shelf, slug: &str) -> Option<&'a Service> {
    let services = shelf.services();
    services
        .binary_search_by(|s| s.slug.as_str().cmp(slug))
        .ok()
        .map(|i| &services[i])
}

/// Copies of what a page that names services needs of a shelf kept here: the services `slugs`
/// names, and for each agency of `agencies` one of its services (pages name an agency from
/// any of its services), instead of the whole catalogue.
pub fn named<'a>(
    shelf: &'a Shelf,
    slugs: impl IntoIterator<Item = &'a str>,
    agencies: impl IntoIterator<Item = &'a str>,
) -> Vec<Service> {
    use std::collections::BTreeSet;
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let mut named: BTreeSet<&str> = BTreeSet::new();
    let mut out: Vec<Service> = Vec::new();
    for s in slugs.into_iter().filter_map(|slug| find(shelf, slug)) {
        if taken.insert(&s.slug) {
            named.insert(&s.agency.slug);
            out.push(s.clone());
        }
    }
    let wanted: BTreeSet<&str> = agencies
        .into_iter()
        .filter(|a| !named.contains(a))
        .collect();
    if !wanted.is_empty() {
        for s in shelf.services() {
            if wanted.contains(s.agency.slug.as_str()) && named.insert(&s.agency.slug) {
                out.push(s.clone());
            }
        }
    }
    out
}

/// The catalogue's id and head revision (every import, publication and withdrawal raises it).
async fn state(conn: super::Conn<'_>) -> Result<(String, i64), StoreError> {
    super::on_conn!(conn, conn => {
        let row = sqlx::query(
            "SELECT (SELECT value FROM catalogue_meta WHERE key = 'catalogue_id'),
                    (SELECT COALESCE(MAX(revision), 0) FROM services)",
        )
        .fetch_one(&mut *conn)
        .await?;
        Ok((row.get(0), row.get(1)))
    })
}
