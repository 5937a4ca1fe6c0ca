//! One round of background work at a time, and none asked for is lost: a round asked for while
//! one runs (the connection came back while a round that started offline was still failing)
//! runs again as soon as that one ends, once however often it was asked meanwhile. The outbox,
//! request tracking and the catalogue sync each keep their own [`Rounds`]; a round that met no
//! server is tried again on a backoff ([`Retry`]; the outbox keeps one per application).

use crate::domain::application::backoff_ms;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::thread::LocalKey;

/// Whether a round runs, and whether another was asked for meanwhile (and forcing).
pub struct Rounds {
    running: Cell<bool>,
    again: Cell<bool>,
    force_again: Cell<bool>,
}

impl Rounds {
    pub const fn new() -> Self {
        Rounds {
            running: Cell::new(false),
            again: Cell::new(false),
            force_again: Cell::new(false),
        }
    }

    /// Marks a round as running; false (and a round owed, forcing if `force`) when one runs
    /// already.
    fn begin(&self, force: bool) -> bool {
        if self.running.replace(true) {
            self.again.set(true);
            if force {
                self.force_again.set(true);
            }
            return false;
        }
        true
    }

    /// After a round: the owed round's force when another was asked for meanwhile (and is now
    /// taken), else `None` and the rounds stop.
    fn next(&self) -> Option<bool> {
        if self.again.replace(false) {
            return Some(self.force_again.replace(false));
        }
        self.running.set(false);
        None
    }
}

impl Default for Rounds {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `round(force)` now and then each round owed meanwhile, and returns true once the rounds
/// stop. When a round runs already it returns false at once, and that round is followed by one
/// more: forcing if any ask meanwhile was (the connection came back, "send now"), so a failure
/// just met is retried at once only when someone asked for that.
pub async fn run<F, Fut>(rounds: &'static LocalKey<Rounds>, force: bool, round: F) -> bool
where
    F: Fn(bool) -> Fut,
    Fut: Future<Output = ()>,
{
    if !rounds.with(|r| r.begin(force)) {
        return false;
    }
    let mut force = force;
    loop {
        round(force).await;
        match rounds.with(Rounds::next) {
            Some(owed) => force = owed,
            None => return true,
        }
    }
}

/// The next try after rounds that failed (no answer, or a wrong one): 2 s, doubling, at most
/// 5 minutes, as the outbox waits. The `online` event is not enough on its own: a browser can
/// say "online" before its requests get through (in Chromium a fetch made in that event's
/// handler failed about once in 150 here), and a phone's connection can come back without one;
/// either way a failed round would otherwise wait for the next periodic one.
pub struct Retry {
    failures: Cell<u32>,
    timer: RefCell<Option<Timeout>>,
}

impl Retry {
    pub const fn new() -> Self {
        Retry {
            failures: Cell::new(0),
            timer: RefCell::new(None),
        }
    }

    /// Records how a round went. After a failure `again` runs once the backoff has passed (a
    /// retry already waiting is replaced); after a success the count starts over and no retry
    /// waits.
    pub fn after(&self, failed: bool, again: impl FnOnce() + 'static) {
        let timer = failed.then(|| {
            let n = self.failures.replace(self.failures.get().saturating_add(1));
            Timeout::new(backoff_ms(n) as u32, again)
        });
        if !failed {
            self.failures.set(0);
        }
        // Dropping the timer it replaces cancels that one.
        drop(self.timer.replace(timer));
    }
}

impl Default for Retry {
    fn default() -> Self {
        Self::new()
    }
}
