//! Rate limits kept in the database: a token bucket per limit and key (a login, an address, a
//! reference number), so that a restart forgets no guess and several servers on one database
//! count together. The time comes from a [`Clock`] that tests move by hand.

use crate::store::StoreError;

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where a limiter reads the time: wall-clock milliseconds, shared by every server on the
/// database (their clocks are assumed to agree within a second or so).
pub trait Clock: std::fmt::Debug + Send + Sync + 'static {
    /// Now, in milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    /// Waits `d` before going on.
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    }

    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(d))
    }
}

/// A clock that moves only when told to (tests); it starts at the real time. Sleeping moves it
/// on at once, and is counted in [`slept`](Self::slept).
#[derive(Debug)]
pub struct ManualClock {
    start_ms: i64,
    passed_ms: AtomicI64,
    slept_ms: AtomicI64,
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock {
            start_ms: SystemClock.now_ms(),
            passed_ms: AtomicI64::new(0),
            slept_ms: AtomicI64::new(0),
        }
    }
}

impl ManualClock {
    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        self.passed_ms
            .fetch_add(by.as_millis() as i64, Ordering::SeqCst);
    }

    /// How long all sleeps on this clock took together.
    pub fn slept(&self) -> Duration {
        Duration::from_millis(self.slept_ms.load(Ordering::SeqCst) as u64)
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.start_ms + self.passed_ms.load(Ordering::SeqCst)
    }

    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.slept_ms
            .fetch_add(d.as_millis() as i64, Ordering::SeqCst);
        self.advance(d);
        Box::pin(std::future::ready(()))
    }
}

/// A refusal: no try left for this key; one comes back after `retry_after_secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    /// Whole seconds until the next try is allowed (at least 1).
    pub retry_after_secs: u64,
}

/// Why a try was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// No try left.
    #[error("too many tries: wait {} s", .0.retry_after_secs)]
    Limited(Limited),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for LimitError {
    fn from(e: sqlx::Error) -> Self {
        LimitError::Store(StoreError::Db(e))
    }
}

/// Every this many tries (per limiter, in this process), full buckets are swept.
pub const SWEEP_EVERY: u64 = 1024;
/// At most this many full buckets are swept at once (more than [`SWEEP_EVERY`], so sweeping
/// keeps ahead of new keys and the table follows the keys really being limited).
const SWEEP_AT_MOST: i64 = 4 * SWEEP_EVERY as i64;

/// A token bucket per key: `tries` at most, refilled evenly over `per` (5 per 15 minutes is one
/// try back every 3 minutes). A key never seen has a full bucket.
///
/// Kept as the generic cell rate algorithm, in whole milliseconds: per key, the time at which
/// its bucket will be full again (`full_at`, table `rate_limits`); a try moves it one interval
/// (`per / tries`) on, and is allowed while `full_at` stays within `per` of now. A try is one
/// atomic UPSERT, so servers sharing the database never both take the last try.
pub struct Limiter {
    name: &'static str,
    per_ms: i64,
    interval_ms: i64,
    pool: super::Db,
    clock: Arc<dyn Clock>,
    tries_seen: AtomicU64,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Limiter");
        d.field("name", &self.name)
            .field("per_ms", &self.per_ms)
            .field("interval_ms", &self.interval_ms)
            .finish_non_exhaustive()
    }
}

/// Whole seconds in `ms`, rounded up, at least 1.
fn ceil_secs(ms: i64) -> u64 {
    ((ms.max(0) as u64).div_ceil(1000)).max(1)
}

impl Limiter {
    /// At most `tries` per `per` for each key of the limit `name` (`tries` of 0 counts as 1, and
    /// `per` of less than a millisecond per try as a millisecond per try).
    pub fn new(
        name: &'static str,
        tries: u32,
        per: Duration,
        pool: super::Db,
        clock: Arc<dyn Clock>,
    ) -> Limiter {
        let tries = i64::from(tries.max(1));
        let per_ms = (per.as_millis() as i64).max(tries);
        Limiter {
            name,
            per_ms,
            interval_ms: per_ms / tries,
            pool,
            clock,
            tries_seen: AtomicU64::new(0),
        }
    }

    /// Takes one try for `key`, or says how long until one is available.
    pub async fn take(&self, key: &str) -> Result<(), LimitError> {
        super::on_db!(&self.pool, pool => {
            let now = self.clock.now_ms();
            let seen = self.tries_seen.fetch_add(1, Ordering::Relaxed);
            if seen > 0 && seen.is_multiple_of(SWEEP_EVERY) {
                self.sweep(now).await?;
            }
            // Allowed when the bucket, one interval fuller, is still full within `per` of now;
            // otherwise nothing is written and nothing returned.
            let taken: Option<i64> = sqlx::query_scalar(
                "INSERT INTO rate_limits (name, key, full_at) VALUES ($1, $2, $3 + $4)
                 ON CONFLICT (name, key) DO UPDATE
                   SET full_at = CASE WHEN rate_limits.full_at > $3 THEN rate_limits.full_at ELSE $3 END + $4
                   WHERE CASE WHEN rate_limits.full_at > $3 THEN rate_limits.full_at ELSE $3 END + $4 <= $3 + $5
                 RETURNING full_at",
            )
            .bind(self.name)
            .bind(stored(key).as_ref())
            .bind(now)
            .bind(self.interval_ms)
            .bind(self.per_ms)
            .fetch_optional(pool)
            .await?;
            if taken.is_some() {
                return Ok(());
            }
            let full_at = self.full_at(key).await?.unwrap_or(now).max(now);
            Err(LimitError::Limited(Limited {
                retry_after_secs: ceil_secs(full_at + self.interval_ms - now - self.per_ms),
            }))
        })
    }

    /// Returns a try taken with [`take`](Self::take) that should not count (a sign-in that
    /// succeeded): only failures use up a key's tries.
    pub async fn give_back(&self, key: &str) -> Result<(), StoreError> {
        super::on_db!(&self.pool, pool => {
            sqlx::query(
                "UPDATE rate_limits SET full_at = CASE WHEN full_at - $3 > $4 THEN full_at - $3 ELSE $4 END
                 WHERE name = $1 AND key = $2",
            )
            .bind(self.name)
            .bind(stored(key).as_ref())
            .bind(self.interval_ms)
            .bind(self.clock.now_ms())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// How many tries `key` has now (for tests and logs).
    pub async fn remaining(&self, key: &str) -> Result<u32, StoreError> {
        let now = self.clock.now_ms();
        let used = self.full_at(key).await?.map_or(0, |f| (f - now).max(0));
        Ok(((self.per_ms - used).max(0) / self.interval_ms.max(1)) as u32)
    }

    /// How many keys of this limit are remembered (a full bucket may be forgotten at any time).
    pub async fn keys(&self) -> Result<usize, StoreError> {
        super::on_db!(&self.pool, pool => {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rate_limits WHERE name = $1")
                .bind(self.name)
                .fetch_one(pool)
                .await?;
            Ok(n as usize)
        })
    }

    async fn full_at(&self, key: &str) -> Result<Option<i64>, StoreError> {
        super::on_db!(&self.pool, pool => {
            Ok(
                sqlx::query_scalar("SELECT full_at FROM rate_limits WHERE name = $1 AND key = $2")
                    .bind(self.name)
                    .bind(stored(key).as_ref())
                    .fetch_optional(pool)
                    .await?,
            )
        })
    }

    /// Forgets full buckets of this limit, a bounded number at once.
    async fn sweep(&self, now: i64) -> Result<(), StoreError> {
        super::on_db!(&self.pool, pool => {
            sqlx::query(
                "DELETE FROM rate_limits WHERE name = $1 AND key IN
                    (SELECT key FROM rate_limits WHERE name = $1 AND full_at <= $2 LIMIT $3)",
            )
            .bind(self.name)
            .bind(now)
            .bind(SWEEP_AT_MOST)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

/// The limiters in force, shared by the server functions (provided in context as
/// `Arc<Limits>` by the server). Add a field for a new kind of guess to slow down.
#[derive(Debug)]
pub struct Limits {
    /// The clock the limiters read (and sign-in waits on).
    pub clock: Arc<dyn Clock>,
    /// How long every sign-in to a login past its failure budget waits before its answer (the
    /// right password still gets in; guessing gets slow).
    pub locked_sign_in_delay: Duration,
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
    /// Walk-in satisfaction surveys per client address.
    pub survey_per_ip: Limiter,
    /// Questions, answers and reports per client address.
    pub qa_per_ip: Limiter,
    /// Questions, answers and reports per account or device.
    pub qa_per_asker: Limiter,
    /// Corrections of the catalogue ("Apakah informasi ini benar?") per client address.
    pub correction_per_ip: Limiter,
    /// Open311 POSTs per partner key (issue 13).
    pub open311_per_key: Limiter,
    /// Posts of the server's own application form (no JavaScript) per client address.
    pub web_form_per_ip: Limiter,
    /// Sign-ins started with an OpenID provider per client address (each one asks the provider
    /// and keeps a pending row).
    pub oidc_start_per_ip: Limiter,
}

/// The client's address as the server saw it, put in the request's extensions by the server
/// (the peer address, or the rightmost `X-Forwarded-For` entry that is not a trusted proxy,
/// when the peer is one).
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

    /// The limiter key of a request's client (`ip`, from the request's extensions), or
    /// `unknown` when the server did not say: the one rule every limit by address uses.
    pub fn key_of(ip: Option<&ClientIp>) -> String {
        ip.map_or_else(|| "unknown".to_string(), |ip| ip.key())
    }
}

/// A key as the database keeps it. Keys are whatever a client sent (a login that cannot exist
/// included); a NUL, which SQLite keeps but PostgreSQL's text refuses, becomes U+FFFD on both.
fn stored(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains('\0') {
        std::borrow::Cow::Owned(key.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The limiter itself is tested on a real SQLite file in `server/tests/limits.rs`.

    #[test]
    fn ipv6_clients_are_limited_per_64_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(ClientIp(a).key(), ClientIp(b).key());
        assert_eq!(
            ClientIp("::ffff:10.1.2.3".parse().unwrap()).key(),
            "10.1.2.3"
        );
        assert_eq!(ClientIp("10.1.2.3".parse().unwrap()).key(), "10.1.2.3");
    }

    #[test]
    fn retry_after_is_rounded_up_to_whole_seconds() {
        assert_eq!(
            (
                ceil_secs(-5),
                ceil_secs(0),
                ceil_secs(1),
                ceil_secs(1000),
                ceil_secs(1001)
            ),
            (1, 1, 1, 1, 2)
        );
    }
}
