//! Rate limits in memory: a token bucket per key (a login, an address, a reference number),
//! with a clock that tests can move by hand. Kept in this process only: a restart forgets,
//! which is acceptable for slowing down guessing (the limits are per minutes, not per days).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where a limiter reads the time.
pub trait Clock: Send + Sync + 'static {
    /// Now.
    fn now(&self) -> Instant;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to (tests).
#[derive(Debug)]
pub struct ManualClock {
    start: Instant,
    passed: Mutex<Duration>,
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock { start: Instant::now(), passed: Mutex::new(Duration::ZERO) }
    }
}

impl ManualClock {
    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut passed = self.passed.lock().unwrap_or_else(|p| p.into_inner());
        *passed += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + *self.passed.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A refusal: no try left for this key; one comes back after `retry_after_secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    /// Whole seconds until the next try is allowed (at least 1).
    pub retry_after_secs: u64,
}

/// When the table of keys is swept of forgettable ones, at the least.
const SWEEP_AT_LEAST: usize = 1024;

/// A token bucket per key: `tries` at most, refilled evenly over `per` (5 per 15 minutes is one
/// try back every 3 minutes). A key never seen has a full bucket.
///
/// Kept as the generic cell rate algorithm, in whole nanoseconds: per key, the time at which
/// its bucket will be full again (`full_at`); a try moves it one interval (`per / tries`) on,
/// and is allowed while `full_at` stays within `per` of now.
pub struct Limiter {
    per: Duration,
    interval: Duration,
    clock: Arc<dyn Clock>,
    keys: Mutex<Keys>,
}

/// When each key's bucket is full again, and the size at which the table is next swept.
struct Keys {
    full_at: HashMap<String, Instant>,
    sweep_at: usize,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter").field("per", &self.per).field("interval", &self.interval).finish_non_exhaustive()
    }
}

/// Whole seconds, rounded up, at least 1.
fn ceil_secs(d: Duration) -> u64 {
    (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
}

impl Limiter {
    /// At most `tries` per `per` for each key (`tries` of 0 counts as 1, and `per` of less than
    /// a millisecond as a millisecond).
    pub fn new(tries: u32, per: Duration, clock: Arc<dyn Clock>) -> Limiter {
        let tries = tries.max(1);
        let per = per.max(Duration::from_millis(1));
        Limiter { per, interval: per / tries, clock, keys: Mutex::new(Keys { full_at: HashMap::new(), sweep_at: SWEEP_AT_LEAST }) }
    }

    /// Takes one try for `key`, or says how long until one is available.
    pub fn take(&self, key: &str) -> Result<(), Limited> {
        let now = self.clock.now();
        let mut keys = self.lock();
        self.sweep(&mut keys, now);
        let full_at = keys.full_at.get(key).copied().unwrap_or(now).max(now);
        let next = full_at + self.interval;
        let ahead = next - now;
        if ahead <= self.per {
            keys.full_at.insert(key.to_string(), next);
            Ok(())
        } else {
            Err(Limited { retry_after_secs: ceil_secs(ahead - self.per) })
        }
    }

    /// Returns a try taken with [`take`](Self::take) that should not count (a sign-in that
    /// succeeded): only failures use up a key's tries.
    pub fn give_back(&self, key: &str) {
        let now = self.clock.now();
        let mut keys = self.lock();
        if let Some(full_at) = keys.full_at.get_mut(key) {
            *full_at = full_at.checked_sub(self.interval).unwrap_or(now).max(now);
        }
    }

    /// How many tries `key` has now (for tests and logs).
    pub fn remaining(&self, key: &str) -> u32 {
        let now = self.clock.now();
        let keys = self.lock();
        let used = keys.full_at.get(key).map_or(Duration::ZERO, |f| f.saturating_duration_since(now));
        let left = self.per.saturating_sub(used);
        (left.as_nanos() / self.interval.as_nanos().max(1)) as u32
    }

    /// How many keys are remembered (a full bucket may be forgotten at any time).
    pub fn keys(&self) -> usize {
        self.lock().full_at.len()
    }

    /// Forgets full buckets once the table has doubled since the last sweep, so memory follows
    /// the keys that are really being limited, not every key ever tried.
    fn sweep(&self, keys: &mut Keys, now: Instant) {
        if keys.full_at.len() < keys.sweep_at {
            return;
        }
        keys.full_at.retain(|_, full_at| *full_at > now);
        keys.sweep_at = (keys.full_at.len() * 2).max(SWEEP_AT_LEAST);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Keys> {
        // A panic while holding the lock leaves consistent times behind; carry on.
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The limiters in force, shared by the server functions (provided in context as
/// `Arc<Limits>` by the server). Add a field for a new kind of guess to slow down.
#[derive(Debug)]
pub struct Limits {
    /// Failed sign-ins per login.
    pub sign_in_per_login: Limiter,
    /// Failed sign-ins per client address.
    pub sign_in_per_ip: Limiter,
    /// Accounts created per client address.
    pub sign_up_per_ip: Limiter,
    /// Wrong PINs per reference number ("Lacak permohonan").
    pub pin_per_reference: Limiter,
    /// Wrong PINs per client address.
    pub pin_per_ip: Limiter,
    /// Submissions per client address (`None`: no limit).
    pub submit_per_ip: Option<Limiter>,
}

/// The client's address as the server saw it, put in the request's extensions by the server
/// (the peer address, or the last `X-Forwarded-For` hop given by a proxy on this machine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// The key to limit by: the address itself for IPv4, the /64 network for IPv6 (one
    /// subscriber usually holds a whole /64).
    pub fn key(self) -> String {
        match self.0 {
            IpAddr::V4(a) => a.to_string(),
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = a.segments();
                    format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(tries: u32, per_secs: u64) -> (Arc<ManualClock>, Limiter) {
        let clock = Arc::new(ManualClock::default());
        let l = Limiter::new(tries, Duration::from_secs(per_secs), clock.clone());
        (clock, l)
    }

    #[test]
    fn five_tries_then_a_wait_then_one_try_back_every_three_minutes() {
        let (clock, l) = limiter(5, 15 * 60);
        for _ in 0..5 {
            assert_eq!(l.take("siti@contoh.id"), Ok(()));
        }
        assert_eq!(l.take("siti@contoh.id"), Err(Limited { retry_after_secs: 180 }));
        assert_eq!(l.take("budi@contoh.id"), Ok(()), "other keys are not affected");
        clock.advance(Duration::from_secs(179));
        assert_eq!(l.take("siti@contoh.id"), Err(Limited { retry_after_secs: 1 }));
        clock.advance(Duration::from_secs(1));
        assert_eq!(l.take("siti@contoh.id"), Ok(()));
        assert!(l.take("siti@contoh.id").is_err());
        clock.advance(Duration::from_secs(15 * 60));
        assert_eq!(l.remaining("siti@contoh.id"), 5, "never more than the capacity");
    }

    #[test]
    fn a_try_given_back_does_not_count() {
        let (_clock, l) = limiter(2, 60);
        for _ in 0..10 {
            l.take("k").unwrap();
            l.give_back("k");
        }
        assert_eq!(l.remaining("k"), 2);
        l.give_back("never-seen");
        assert_eq!(l.keys(), 1, "giving back to an unknown key remembers nothing");
    }

    #[test]
    fn full_buckets_are_forgotten_when_the_table_grows() {
        let (clock, l) = limiter(1, 10);
        for i in 0..SWEEP_AT_LEAST {
            l.take(&format!("k{i}")).unwrap();
        }
        assert_eq!(l.keys(), SWEEP_AT_LEAST);
        clock.advance(Duration::from_secs(10));
        l.take("new").unwrap();
        assert_eq!(l.keys(), 1, "only the key still limited is kept");
    }

    #[test]
    fn ipv6_clients_are_limited_per_64_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(ClientIp(a).key(), ClientIp(b).key());
        assert_eq!(ClientIp("::ffff:10.1.2.3".parse().unwrap()).key(), "10.1.2.3");
        assert_eq!(ClientIp("10.1.2.3".parse().unwrap()).key(), "10.1.2.3");
    }
}
