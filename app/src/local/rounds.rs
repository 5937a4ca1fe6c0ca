//! One round of background work at a time, and none asked for is lost: a round asked for while
//! one runs (the connection came back while a round that started offline was still failing)
//! runs again as soon as that one ends, once however often it was asked meanwhile.

use leptos::task::spawn_local;
use std::cell::Cell;
use std::future::Future;
use std::thread::LocalKey;

/// Whether a round runs, and whether another was asked for meanwhile.
pub struct Rounds {
    running: Cell<bool>,
    again: Cell<bool>,
}

impl Rounds {
    pub const fn new() -> Self {
        Rounds {
            running: Cell::new(false),
            again: Cell::new(false),
        }
    }

    /// Marks a round as running; false (and a round owed) when one runs already.
    fn begin(&self) -> bool {
        if self.running.replace(true) {
            self.again.set(true);
            return false;
        }
        true
    }

    /// After a round: true when another was asked for meanwhile (and is now taken), else the
    /// rounds stop.
    fn next(&self) -> bool {
        if self.again.replace(false) {
            return true;
        }
        self.running.set(false);
        false
    }
}

impl Default for Rounds {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `round` now, or after the round under way if one is.
pub fn run<F, Fut>(rounds: &'static LocalKey<Rounds>, round: F)
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    if !rounds.with(Rounds::begin) {
        return;
    }
    spawn_local(async move {
        loop {
            round().await;
            if !rounds.with(Rounds::next) {
                break;
            }
        }
    });
}
