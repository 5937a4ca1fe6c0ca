//! W3C datetimes (the profile of ISO 8601 Open311 names), read with their time zone and written
//! in WIB (`+07:00`). Instants are milliseconds since the Unix epoch.

use crate::domain::date::Date;

const MS_PER_DAY: i64 = 86_400_000;
const WIB_MS: i64 = 7 * 3_600_000;

/// Reads `YYYY-MM-DDThh:mm[:ss[.fraction]]` followed by `Z` or `±hh:mm`, the time zone required
/// (a time without one is ambiguous). A space where the offset's `+` belongs is read as `+`
/// (an unencoded `+07:00` in a query arrives as ` 07:00`). `None` for anything else.
pub fn parse(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 17 || (b[10] != b'T' && b[10] != b't') {
        return None;
    }
    let date = Date::parse(s.get(..10)?)?;
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (hour, minute) = (num(11, 2)?, num(14, 2)?);
    if b[13] != b':' || hour > 23 || minute > 59 {
        return None;
    }
    let mut at = 16;
    let mut second = 0;
    let mut millis = 0;
    if b.get(at) == Some(&b':') {
        second = num(at + 1, 2)?;
        if second > 59 {
            return None;
        }
        at += 3;
        if b.get(at) == Some(&b'.') {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return None;
            }
            let frac = &s[at + 1..at + 1 + digits.min(3)];
            millis = format!("{frac:0<3}").parse().ok()?;
            at += 1 + digits;
        }
    }
    let offset_ms = match &s[at..] {
        "Z" | "z" => 0,
        zone if zone.len() == 6 && zone.as_bytes()[3] == b':' => {
            let sign = match zone.as_bytes()[0] {
                b'+' | b' ' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = (num(at + 1, 2)?, num(at + 4, 2)?);
            if h > 14 || m > 59 {
                return None;
            }
            sign * (h * 3_600_000 + m * 60_000)
        }
        _ => return None,
    };
    let local = date.days_since_epoch() * MS_PER_DAY
        + hour * 3_600_000
        + minute * 60_000
        + second * 1000
        + millis;
    Some(local - offset_ms)
}

/// `instant` in WIB to the second: `2026-12-01T17:05:09+07:00`.
pub fn write_wib(instant_ms: i64) -> String {
    let local = instant_ms + WIB_MS;
    let day = Date::from_days_since_epoch(local.div_euclid(MS_PER_DAY));
    let secs = local.rem_euclid(MS_PER_DAY) / 1000;
    format!(
        "{day}T{:02}:{:02}:{:02}+07:00",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// `instant` as the database keeps times (UTC, `2026-12-01T10:05:09.000Z`), which sorts and
/// compares as text.
pub fn write_stored(instant_ms: i64) -> String {
    let day = Date::from_days_since_epoch(instant_ms.div_euclid(MS_PER_DAY));
    let ms = instant_ms.rem_euclid(MS_PER_DAY);
    let secs = ms / 1000;
    format!(
        "{day}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        ms % 1000
    )
}

/// A stored time (UTC, as [`write_stored`] writes it) in WIB; the text unchanged when it does
/// not read (it never should).
pub fn stored_to_wib(stored: &str) -> String {
    parse(stored).map_or_else(|| stored.to_string(), write_wib)
}

/// The end of a due day (`YYYY-MM-DD`, Indonesian time) as a WIB datetime; `None` for no date.
pub fn due_to_wib(day: &str) -> Option<String> {
    Date::parse(day).map(|d| format!("{d}T23:59:59+07:00"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_zone_form_and_writes_wib() {
        let z = parse("2026-12-01T10:05:09Z").unwrap();
        assert_eq!(parse("2026-12-01T17:05:09+07:00"), Some(z));
        assert_eq!(parse("2026-12-01T17:05:09 07:00"), Some(z), "unencoded +");
        assert_eq!(parse("2026-12-01T05:05:09-05:00"), Some(z));
        assert_eq!(parse("2026-12-01T10:05:09.000Z"), Some(z));
        assert_eq!(parse("2026-12-01T10:05:09.5Z"), Some(z + 500));
        assert_eq!(parse("2026-12-01T10:05Z"), Some(z - 9000));
        assert_eq!(write_wib(z), "2026-12-01T17:05:09+07:00");
        assert_eq!(write_stored(z), "2026-12-01T10:05:09.000Z");
        assert_eq!(
            stored_to_wib("2026-12-31T20:00:00.123Z"),
            "2027-01-01T03:00:00+07:00"
        );
        assert_eq!(
            due_to_wib("2026-12-09").as_deref(),
            Some("2026-12-09T23:59:59+07:00")
        );
        assert_eq!(due_to_wib(""), None);
    }

    #[test]
    fn refuses_what_is_not_a_w3c_datetime_with_a_zone() {
        for bad in [
            "",
            "kemarin",
            "2026-01-01",
            "2026-01-01T00:00:00",
            "2026-13-45T99:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:00+7:00",
            "2026-01-01T00:00:00+0700",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00Zjunk",
            "2026-01-01 00:00:00Z",
            "+2026-01-01T00:00:00Z",
            "2026-01-01T0a:00:00Z",
            "2026-01-01T00:00:00\u{0}Z",
            "２０２６-01-01T00:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
