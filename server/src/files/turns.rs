//! One turn at a time per file name: appends, status reads and sweeps of one file never
//! overlap, in this server or (on PostgreSQL, with a shared files folder) in any other.

use app::store::db::Held;
use app::store::Db;
use std::collections::HashMap;
use std::sync::Arc;

/// One turn at a time per file name. A name's entry lives while someone holds or waits for
/// its turn, so the map stays as small as the uploads in progress. Within this server the map
/// decides; across servers, the database's lock named after the file (taken after this
/// server's turn, so one server waits on the database at most once per file).
pub(super) struct Turns {
    slots: std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    db: Db,
    /// A held lock keeps one of the pool's connections (16 on PostgreSQL) while its holder
    /// works on others: at most this many at once, so the work always finds a connection.
    shared: Arc<tokio::sync::Semaphore>,
}

/// How many files' turns may hold a connection of the pool for the servers' lock at once.
const SHARED_TURNS: usize = 6;

/// The turn of one file; dropping it lets the next one in.
pub(super) struct Turn<'a> {
    turns: &'a Turns,
    sha: String,
    slot: Option<Arc<tokio::sync::Mutex<()>>>,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
    held: Option<(Held, Option<tokio::sync::OwnedSemaphorePermit>)>,
}

impl Turns {
    /// No turns taken yet; the servers' shared lock is kept in `db`.
    pub(super) fn new(db: Db) -> Turns {
        Turns {
            slots: Default::default(),
            db,
            shared: Arc::new(tokio::sync::Semaphore::new(SHARED_TURNS)),
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<tokio::sync::Mutex<()>>>> {
        // A panic elsewhere cannot leave the map half-changed: take it as it is.
        self.slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for `sha`'s turn. Callers run to the end (in a task of their own), so a turn is
    /// never abandoned while waiting. Fails only when the database cannot be reached for the
    /// servers' lock.
    pub(super) async fn take(&self, sha: &str) -> Result<Turn<'_>, sqlx::Error> {
        let slot = self.map().entry(sha.to_string()).or_default().clone();
        let mut turn = Turn {
            turns: self,
            sha: sha.to_string(),
            slot: Some(slot.clone()),
            guard: None,
            held: None,
        };
        turn.guard = Some(slot.lock_owned().await);
        if self.db.is_postgres() {
            // Never closed, so acquiring cannot fail.
            let permit = self.shared.clone().acquire_owned().await.ok();
            turn.held = Some((self.db.hold(&format!("loket:file:{sha}")).await?, permit));
        }
        Ok(turn)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        // The servers' lock first (its transaction ends as it drops), then this server's turn.
        self.held.take();
        self.guard.take();
        if let Some(slot) = self.slot.take() {
            let mut map = self.turns.map();
            // Nobody else holds or waits (only the map and this turn): forget the name. New
            // takers clone under the map's lock, so the count cannot grow meanwhile.
            if Arc::strong_count(&slot) == 2 {
                map.remove(&self.sha);
            }
        }
    }
}
