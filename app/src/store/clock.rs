//! The time the store writes and compares: the server's clock, read in Rust and bound to each
//! statement as text, never the database's `'now'`. One statement text then runs on any
//! backend, cut-offs ("older than 12 hours") are computed here rather than in a dialect, and
//! the stored format is written in one place: `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC), which sorts
//! as it reads.

use crate::domain::date::Date;

/// A moment, in milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment(i64);

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

impl Moment {
    /// Now, from the server's clock.
    pub fn now() -> Moment {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        Moment(millis)
    }

    pub fn from_unix_millis(millis: i64) -> Moment {
        Moment(millis)
    }

    pub fn plus_minutes(self, n: i64) -> Moment {
        Moment(self.0 + n * MINUTE)
    }

    pub fn plus_hours(self, n: i64) -> Moment {
        Moment(self.0 + n * HOUR)
    }

    pub fn plus_days(self, n: i64) -> Moment {
        Moment(self.0 + n * DAY)
    }

    /// As stored, to the millisecond: `2026-12-01T10:58:30.324Z`.
    pub fn stamp(self) -> String {
        let (date, ms) = self.split();
        format!(
            "{date}T{:02}:{:02}:{:02}.{:03}Z",
            ms / HOUR,
            ms % HOUR / MINUTE,
            ms % MINUTE / 1000,
            ms % 1000
        )
    }

    /// As stored where seconds are enough (catalogue rows): `2026-12-01T10:58:30Z`.
    pub fn stamp_seconds(self) -> String {
        let (date, ms) = self.split();
        format!(
            "{date}T{:02}:{:02}:{:02}Z",
            ms / HOUR,
            ms % HOUR / MINUTE,
            ms % MINUTE / 1000
        )
    }

    /// The UTC date and the milliseconds into it.
    fn split(self) -> (Date, i64) {
        (
            Date::from_days_since_epoch(self.0.div_euclid(DAY)),
            self.0.rem_euclid(DAY),
        )
    }
}

/// Now, as stored (to the millisecond).
pub fn now() -> String {
    Moment::now().stamp()
}

#[cfg(test)]
mod tests {
    use super::Moment;

    #[test]
    fn stamps_read_as_the_database_wrote_them() {
        // 2026-12-01T10:58:30.324Z
        let m = Moment::from_unix_millis(1_796_122_710_324);
        assert_eq!(m.stamp(), "2026-12-01T10:58:30.324Z");
        assert_eq!(m.stamp_seconds(), "2026-12-01T10:58:30Z");
        assert_eq!(
            Moment::from_unix_millis(0).stamp(),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(
            Moment::from_unix_millis(-1).stamp(),
            "1969-12-31T23:59:59.999Z"
        );
        assert_eq!(m.plus_days(31).stamp(), "2027-01-01T10:58:30.324Z");
        assert_eq!(m.plus_hours(-11).stamp(), "2026-11-30T23:58:30.324Z");
        assert_eq!(m.plus_minutes(2).stamp(), "2026-12-01T11:00:30.324Z");
    }

    #[test]
    fn stamps_sort_as_text_as_their_moments_sort_in_time() {
        // The store compares stamps as text in SQL (`at < $1`), on both backends: that holds
        // only when a later moment always has a later text. Moments across 1970..2200, with
        // millisecond, second, day and year boundaries among them.
        let mut moments: Vec<i64> = vec![0, 999, 1_000, 59_999, 60_000, 86_399_999, 86_400_000];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            moments.push((x % 7_258_118_400_000) as i64);
        }
        // 2026-12-31T23:59:59.999Z and the millisecond after it.
        moments.extend([1_798_761_599_999, 1_798_761_600_000]);
        moments.sort_unstable();
        let stamps: Vec<String> = moments
            .iter()
            .map(|&m| Moment::from_unix_millis(m).stamp())
            .collect();
        for (pair, at) in stamps.windows(2).zip(moments.windows(2)) {
            assert_eq!(pair[0].len(), pair[1].len());
            assert_eq!(
                pair[0].cmp(&pair[1]),
                at[0].cmp(&at[1]),
                "{} vs {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn now_is_the_systems_clock() {
        let system = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let now = Moment::now().stamp();
        let around = |ms: i64| Moment::from_unix_millis(ms).stamp();
        assert!(around(system - 5_000) <= now && now <= around(system + 5_000));
        let stored = super::now();
        assert!(around(system - 5_000) <= stored && stored.len() == now.len());
    }
}
