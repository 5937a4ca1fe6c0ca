//! Working days that know the calendar: Indonesia's national holidays (*libur nasional*) and
//! joint leave days (*cuti bersama*), read from a data file per year (`calendar/2026.toml`,
//! set by the SKB of three ministers, with its source and revision), and the one working-day
//! rule every due date and every "days to complete" uses. A weekend is never a working day, a
//! national holiday never, and a cuti bersama day only when the agency closes its counters on
//! it ([`CutiBersama`]; by default the counters stay open).

use super::date::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of day off a dated day is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A national holiday: every public office is closed.
    Libur,
    /// Joint leave: closed only where the agency says its counters close.
    CutiBersama,
}

impl DayKind {
    /// Its code in the data file and the database.
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Libur => "libur",
            DayKind::CutiBersama => "cuti_bersama",
        }
    }

    /// The kind a code names.
    pub fn parse(code: &str) -> Option<DayKind> {
        match code {
            "libur" => Some(DayKind::Libur),
            "cuti_bersama" => Some(DayKind::CutiBersama),
            _ => None,
        }
    }
}

/// What an agency does on a cuti bersama day (its catalogue entry's `closes_on_cuti_bersama`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CutiBersama {
    /// The counters stay open: a working day (the default; public service units often do).
    #[default]
    Open,
    /// The counters close: not a working day.
    Closed,
}

impl CutiBersama {
    /// From the agency's flag.
    pub fn closes(closed: bool) -> CutiBersama {
        if closed {
            CutiBersama::Closed
        } else {
            CutiBersama::Open
        }
    }
}

/// One dated day off in a calendar file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayOff {
    /// The day (`YYYY-MM-DD`).
    pub date: Date,
    /// Its name, as the SKB gives it (e.g. "Hari Raya Nyepi Tahun Baru Saka 1948").
    pub name: String,
    /// `libur` or `cuti_bersama`.
    pub kind: DayKind,
}

/// A year's days off as published: one data file (`calendar/<year>.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    /// The year it covers; every day must fall in it.
    pub year: i32,
    /// Where the dates come from (the SKB's numbers and an address).
    pub source: String,
    /// Which version of the decree this is (a revised SKB gets a new revision).
    pub revision: String,
    /// The days off.
    pub day: Vec<DayOff>,
}

impl CalendarFile {
    /// Everything wrong with the file (empty when it may be imported): no source or revision, a
    /// day outside the year, a day listed twice.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.source.trim().is_empty() {
            out.push("source is empty".to_string());
        }
        if self.revision.trim().is_empty() {
            out.push("revision is empty".to_string());
        }
        let mut seen = std::collections::BTreeSet::new();
        for d in &self.day {
            if d.date.year != self.year {
                out.push(format!("{} is not in {}", d.date, self.year));
            }
            if !seen.insert(d.date) {
                out.push(format!("{} is listed twice", d.date));
            }
            if d.name.trim().is_empty() {
                out.push(format!("{} has no name", d.date));
            }
        }
        out
    }
}

/// The known days off, by date. An empty calendar counts only weekends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<Date, DayKind>,
}

impl Calendar {
    /// A calendar of these days (a day given twice keeps the stronger kind: a holiday).
    pub fn new(days: impl IntoIterator<Item = (Date, DayKind)>) -> Calendar {
        let mut map = BTreeMap::new();
        for (d, k) in days {
            let e = map.entry(d).or_insert(k);
            if k == DayKind::Libur {
                *e = DayKind::Libur;
            }
        }
        Calendar { days: map }
    }

    /// What kind of day off `d` is, if it is one.
    pub fn kind(&self, d: Date) -> Option<DayKind> {
        self.days.get(&d).copied()
    }

    /// Whether an agency's counters are open on `d`: Monday to Friday, not a national holiday,
    /// and not a cuti bersama day when the agency closes on those.
    pub fn is_working(&self, d: Date, cuti: CutiBersama) -> bool {
        is_weekday(d.days_since_epoch()) && self.open_on(d, cuti)
    }

    fn open_on(&self, d: Date, cuti: CutiBersama) -> bool {
        match self.kind(d) {
            None => true,
            Some(DayKind::Libur) => false,
            Some(DayKind::CutiBersama) => cuti == CutiBersama::Open,
        }
    }

    /// The due date: `days` working days after `from`, the day a request came in (a request
    /// that arrives on a day off starts counting on the next working day).
    pub fn due_date(&self, from: Date, days: u32, cuti: CutiBersama) -> Date {
        let mut n = from.days_since_epoch();
        let mut left = days;
        while left > 0 {
            n += 1;
            if is_weekday(n) && self.open_on(Date::from_days_since_epoch(n), cuti) {
                left -= 1;
            }
        }
        Date::from_days_since_epoch(n)
    }

    /// Working days from `from` to `to`, counting `to` and not `from` (0 when `to` is not
    /// after `from`): "days to complete".
    pub fn working_days_between(&self, from: Date, to: Date, cuti: CutiBersama) -> u32 {
        let (a, b) = (from.days_since_epoch(), to.days_since_epoch());
        ((a + 1)..=b)
            .filter(|&n| is_weekday(n) && self.open_on(Date::from_days_since_epoch(n), cuti))
            .count() as u32
    }
}

/// Monday to Friday, for a day counted from 1970-01-01 (a Thursday).
fn is_weekday(days_since_epoch: i64) -> bool {
    (days_since_epoch + 3).rem_euclid(7) < 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Idul Fitri 2026 as SKB 2026 has it: Nyepi on Thu 19 March, cuti bersama 18, 20, 23, 24
    /// March, Idul Fitri on Sat 21 and Sun 22 March.
    fn lebaran_2026() -> Calendar {
        Calendar::new([
            (d("2026-03-18"), DayKind::CutiBersama),
            (d("2026-03-19"), DayKind::Libur),
            (d("2026-03-20"), DayKind::CutiBersama),
            (d("2026-03-21"), DayKind::Libur),
            (d("2026-03-22"), DayKind::Libur),
            (d("2026-03-23"), DayKind::CutiBersama),
            (d("2026-03-24"), DayKind::CutiBersama),
        ])
    }

    #[test]
    fn an_empty_calendar_counts_weekdays() {
        let c = Calendar::default();
        // Tue 17 March + 5 weekdays = Tue 24 March.
        assert_eq!(
            c.due_date(d("2026-03-17"), 5, CutiBersama::Closed),
            d("2026-03-24")
        );
    }

    #[test]
    fn holidays_and_cuti_bersama_are_skipped_when_the_counters_close() {
        let c = lebaran_2026();
        // Closed on cuti bersama: 18–24 March are all off; 25, 26, 27, 30, 31 March count.
        assert_eq!(
            c.due_date(d("2026-03-17"), 5, CutiBersama::Closed),
            d("2026-03-31")
        );
        // Open on cuti bersama: 18, 20, 23, 24, 25 count; Nyepi (19) does not.
        assert_eq!(
            c.due_date(d("2026-03-17"), 5, CutiBersama::Open),
            d("2026-03-25")
        );
        assert!(!c.is_working(d("2026-03-19"), CutiBersama::Open));
        assert!(c.is_working(d("2026-03-20"), CutiBersama::Open));
        assert!(!c.is_working(d("2026-03-20"), CutiBersama::Closed));
    }

    #[test]
    fn between_inverts_due_date() {
        let c = lebaran_2026();
        let mut from = d("2026-03-01");
        for _ in 0..45 {
            for cuti in [CutiBersama::Open, CutiBersama::Closed] {
                for n in 0..12 {
                    let due = c.due_date(from, n, cuti);
                    assert_eq!(c.working_days_between(from, due, cuti), n, "{from} + {n}");
                    assert!(n == 0 || c.is_working(due, cuti), "{due} is a day off");
                }
            }
            from = Date::from_days_since_epoch(from.days_since_epoch() + 1);
        }
        assert_eq!(
            c.working_days_between(d("2026-03-31"), d("2026-03-17"), CutiBersama::Open),
            0
        );
    }

    #[test]
    fn a_holiday_beats_cuti_bersama_on_the_same_day() {
        let c = Calendar::new([
            (d("2026-03-19"), DayKind::CutiBersama),
            (d("2026-03-19"), DayKind::Libur),
        ]);
        assert_eq!(c.kind(d("2026-03-19")), Some(DayKind::Libur));
    }

    #[test]
    fn files_are_checked() {
        let f = CalendarFile {
            year: 2026,
            source: " ".into(),
            revision: "1".into(),
            day: vec![
                DayOff {
                    date: d("2026-01-01"),
                    name: "Tahun Baru".into(),
                    kind: DayKind::Libur,
                },
                DayOff {
                    date: d("2026-01-01"),
                    name: "Tahun Baru".into(),
                    kind: DayKind::Libur,
                },
                DayOff {
                    date: d("2027-01-01"),
                    name: String::new(),
                    kind: DayKind::Libur,
                },
            ],
        };
        let p = f.problems();
        assert_eq!(p.len(), 4, "{p:?}");
        for code in ["libur", "cuti_bersama"] {
            assert_eq!(DayKind::parse(code).unwrap().code(), code);
        }
    }
}
