//! One round of background work at a time, and none asked for is lost: a round asked for while
//! one runs (the connection came back while a round that started offline was still failing)
//! runs again as soon as that one ends, once however often it was asked meanwhile. The outbox,
//! request tracking and the catalogue sync each keep their own [`Rounds`].

use std::cell::Cell;
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
