//! One turn at a time per file name: appends, status reads and sweeps of one file never
//! overlap.

use std::collections::HashMap;
use std::sync::Arc;

/// One turn at a time per file name. A name's entry lives while someone holds or waits for
/// its turn, so the map stays as small as the uploads in progress.
#[derive(Default)]
pub(super) struct Turns(std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

/// The turn of one file; dropping it lets the next one in.
pub(super) struct Turn<'a> {
    turns: &'a Turns,
    sha: String,
    slot: Option<Arc<tokio::sync::Mutex<()>>>,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Turns {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<tokio::sync::Mutex<()>>>> {
        // A panic elsewhere cannot leave the map half-changed: take it as it is.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for `sha`'s turn. Callers run to the end (in a task of their own), so a turn is
    /// never abandoned while waiting.
    pub(super) async fn take(&self, sha: &str) -> Turn<'_> {
        let slot = self.map().entry(sha.to_string()).or_default().clone();
        let mut turn = Turn {
            turns: self,
            sha: sha.to_string(),
            slot: Some(slot.clone()),
            guard: None,
        };
        turn.guard = Some(slot.lock_owned().await);
        turn
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
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
