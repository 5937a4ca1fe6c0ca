//! Calendar dates without a date library (it would cost the browser bundle real bytes).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A day in the proleptic Gregorian calendar, written `YYYY-MM-DD` on the wire and in the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`): the inverse of
    /// [`Date::from_days_since_epoch`].
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a Unix timestamp in milliseconds, in UTC+7 (WIB, where most users live):
    /// "today" for a citizen in Indonesia.
    pub fn from_unix_millis_wib(millis: i64) -> Date {
        const WIB_OFFSET_MS: i64 = 7 * 3600 * 1000;
        Date::from_days_since_epoch((millis + WIB_OFFSET_MS).div_euclid(86_400_000))
    }

    /// The same day `n` months later (the last day of the month when it does not exist).
    pub fn plus_months(self, n: u32) -> Date {
        let total = self.year * 12 + i32::from(self.month - 1) + n as i32;
        let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The date as people write it: `23 November 2026` (and `23 Desember 2026` in Indonesian).
    pub fn long(self, lang: super::l10n::Lang) -> String {
        let months = match lang {
            super::l10n::Lang::Id => &MONTHS_ID,
            super::l10n::Lang::En => &MONTHS_EN,
        };
        format!(
            "{} {} {}",
            self.day,
            months[usize::from(self.month - 1)],
            self.year
        )
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date (YYYY-MM-DD): {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("23-01-01").is_none());
    }

    #[test]
    fn converts_days_since_epoch() {
        assert_eq!(
            Date::from_days_since_epoch(0),
            Date::new(1970, 1, 1).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(20_415),
            Date::new(2025, 11, 23).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(-1),
            Date::new(1969, 12, 31).unwrap()
        );
    }

    #[test]
    fn today_in_indonesia_starts_at_midnight_wib() {
        // 2026-11-22 17:00 UTC is 2026-11-23 00:00 WIB.
        let utc_17h = (Date::new(2026, 11, 22).unwrap(), 17 * 3600 * 1000);
        let days = 20_779i64; // 2026-11-22
        assert_eq!(Date::from_days_since_epoch(days), utc_17h.0);
        assert_eq!(
            Date::from_unix_millis_wib(days * 86_400_000 + utc_17h.1).to_string(),
            "2026-11-23"
        );
        assert_eq!(
            Date::from_unix_millis_wib(days * 86_400_000 + utc_17h.1 - 1).to_string(),
            "2026-11-22"
        );
    }

    #[test]
    fn writes_long_dates_in_both_languages() {
        let d = Date::parse("2026-12-05").unwrap();
        assert_eq!(d.long(crate::domain::l10n::Lang::Id), "5 Desember 2026");
        assert_eq!(d.long(crate::domain::l10n::Lang::En), "5 December 2026");
    }

    #[test]
    fn adds_months_clamping_the_day() {
        assert_eq!(
            Date::parse("2025-01-31")
                .unwrap()
                .plus_months(1)
                .to_string(),
            "2025-02-28"
        );
        assert_eq!(
            Date::parse("2025-11-23")
                .unwrap()
                .plus_months(12)
                .to_string(),
            "2026-11-23"
        );
    }
}
