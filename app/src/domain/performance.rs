//! The performance figures published on `/kinerja` and as open data (`/kinerja.csv`,
//! `/kinerja.json`), and shown on the staff dashboard: per agency and per service, for one
//! [`Period`] (a quarter or a year).
//!
//! **Which period a request counts in.** A request counts as *received* in the period of the
//! day it was received; as *completed* or *rejected*, with its working days to finish, in the
//! period of the day it was finished (the first time it reached *Selesai* or *Ditolak*; a
//! rejection is a finished request: the promise of the service standard is a time to a result).
//! *Open* and *overdue now* are today's state of the requests received in the period: open is
//! still with the agency ([`Status::is_open`](super::status::Status::is_open)), overdue is open
//! with its due date before today. *On time* is finished within the promise: working days to
//! finish ≤ the service's `processing_days`. Questions count in the period they were asked
//! (answered: with an official answer, at any time since; hours: to the first official
//! answer); corrections in the period they were sent (open: still open today; days to fix:
//! those closed in the period, by the day they were closed). The IKM counts the survey
//! answers given in the period, against the Krejcie–Morgan sample for the requests received in
//! it.
//!
//! **Percentiles** are nearest-rank: the p-th percentile of N values is the value at rank
//! ⌈p·N/100⌉ in ascending order (the median of 1, 2, 3, 4 is 2). Durations are whole numbers
//! (working days, whole hours rounded down, calendar days), counted in [`Histogram`]s, so the
//! database hands over counts per value (`GROUP BY`), never one row per request.
//!
//! **Withholding.** No figure computed from fewer than [`MIN_CELL`] requests or answers is
//! published: [`shown`] is the one place that decides, and a [`Figures`] holds only
//! [`Shown`] values, so a page or a file made from it cannot print a small number. Each
//! figure's base is the group it describes: received, open, overdue and the channels count the
//! requests received; completed, rejected, the median and the 90th percentile the requests
//! finished; the on-time share the finished requests of services with a promise; the IKM and
//! the sample the survey answers (the required sample the requests received); questions asked
//! and answered the questions asked, the answer hours the questions answered officially;
//! corrections open the corrections sent, days to fix the corrections closed.

use super::channel::Channel;
use super::skm::{krejcie_morgan, Grade, Period, Tally};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Below this many requests or answers, a figure is withheld.
pub const MIN_CELL: u32 = 5;

/// A published figure: its value, or withheld because too few requests or answers stand
/// behind it (shown as "—" with a note; `withheld` in the open data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shown<T> {
    /// Enough behind it: the value.
    Value(T),
    /// Fewer than [`MIN_CELL`] behind it.
    Withheld,
}

impl<T> Shown<T> {
    /// The value, when it may be shown.
    pub fn value(self) -> Option<T> {
        match self {
            Shown::Value(v) => Some(v),
            Shown::Withheld => None,
        }
    }

    /// Whether it is withheld.
    pub fn is_withheld(&self) -> bool {
        matches!(self, Shown::Withheld)
    }
}

/// The one rule: `value` is shown when it rests on at least [`MIN_CELL`] requests or answers
/// (`base`), and withheld otherwise (or when there is no value).
pub fn shown<T>(base: u32, value: Option<T>) -> Shown<T> {
    match value {
        Some(v) if base >= MIN_CELL => Shown::Value(v),
        _ => Shown::Withheld,
    }
}

/// How many times each whole number (working days, hours) occurs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram(BTreeMap<u32, u32>);

impl Histogram {
    /// Counts `value` `count` more times.
    pub fn add(&mut self, value: u32, count: u32) {
        if count > 0 {
            *self.0.entry(value).or_insert(0) += count;
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        for (&v, &n) in &other.0 {
            self.add(v, n);
        }
    }

    /// How many values it holds.
    pub fn total(&self) -> u32 {
        self.0.values().sum()
    }

    /// How many values are at most `limit`.
    pub fn at_most(&self, limit: u32) -> u32 {
        self.0.range(..=limit).map(|(_, n)| n).sum()
    }

    /// The `p`-th percentile (1–100), nearest-rank: the value at rank ⌈p·N/100⌉. `None` when
    /// empty.
    pub fn percentile(&self, p: u32) -> Option<u32> {
        let n = u64::from(self.total());
        if n == 0 {
            return None;
        }
        let rank = (u64::from(p.clamp(1, 100)) * n).div_ceil(100).max(1);
        let mut seen = 0u64;
        for (&v, &c) in &self.0 {
            seen += u64::from(c);
            if seen >= rank {
                return Some(v);
            }
        }
        None
    }
}

/// A part of a whole, e.g. finished on time of all finished.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The part.
    pub part: u32,
    /// The whole.
    pub whole: u32,
}

impl Share {
    /// The share in tenths of a percent (per mille), rounded half up; `None` of nothing.
    pub fn permille(self) -> Option<u32> {
        let (p, w) = (u64::from(self.part), u64::from(self.whole));
        (w > 0).then(|| ((2 * 1000 * p + w) / (2 * w)) as u32)
    }

    fn add(&mut self, other: Share) {
        self.part += other.part;
        self.whole += other.whole;
    }
}

/// The raw counts of one service in one period, as the store reads them (`GROUP BY`). Never
/// published as they are: [`publish`] turns them into [`Figures`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// The agency's slug.
    pub agency: String,
    /// The service's slug.
    pub service: String,
    /// The working days the service standard promises (`processing_days`), if any.
    pub promised_days: Option<u32>,
    /// Requests received in the period.
    pub received: u32,
    /// Of those, still with the agency today.
    pub open: u32,
    /// Of those, open and past their due date today.
    pub overdue: u32,
    /// Requests received in the period, per channel (in the order of [`Channel::ALL`]).
    pub channels: [u32; 4],
    /// Working days to finish of the requests completed in the period.
    pub completed: Histogram,
    /// Working days to finish of the requests rejected in the period.
    pub rejected: Histogram,
    /// The survey answers given in the period.
    pub survey: Tally,
    /// Questions asked in the period.
    pub questions_asked: u32,
    /// Whole hours from asking to the first official answer, of those questions answered
    /// officially.
    pub answer_hours: Histogram,
    /// Corrections sent in the period.
    pub corrections_sent: u32,
    /// Of those, still open today.
    pub corrections_open: u32,
    /// Calendar days from sending to closing, of the corrections closed in the period.
    pub fix_days: Histogram,
}

impl Cell {
    /// An empty cell of `service` of `agency`.
    pub fn new(agency: &str, service: &str, promised_days: Option<u32>) -> Cell {
        Cell {
            agency: agency.to_string(),
            service: service.to_string(),
            promised_days,
            ..Cell::default()
        }
    }

    /// Counts `count` requests received through `channel`.
    pub fn add_channel(&mut self, channel: Channel, count: u32) {
        if let Some(i) = Channel::ALL.iter().position(|c| *c == channel) {
            self.channels[i] += count;
        }
    }

    /// Every finished request's working days: completed and rejected.
    fn finished(&self) -> Histogram {
        let mut h = self.completed.clone();
        h.merge(&self.rejected);
        h
    }

    /// Finished within the promise, of all finished; `None` when the service promises no time.
    fn on_time(&self) -> Option<Share> {
        let days = self.promised_days?;
        let finished = self.finished();
        Some(Share {
            part: finished.at_most(days),
            whole: finished.total(),
        })
    }

    /// Adds `other`'s counts (a service's into its agency's).
    fn absorb(&mut self, other: &Cell) {
        self.received += other.received;
        self.open += other.open;
        self.overdue += other.overdue;
        for (a, b) in self.channels.iter_mut().zip(other.channels) {
            *a += b;
        }
        self.completed.merge(&other.completed);
        self.rejected.merge(&other.rejected);
        self.survey.n += other.survey.n;
        for (a, b) in self.survey.sums.iter_mut().zip(other.survey.sums) {
            *a += b;
        }
        self.questions_asked += other.questions_asked;
        self.answer_hours.merge(&other.answer_hours);
        self.corrections_sent += other.corrections_sent;
        self.corrections_open += other.corrections_open;
        self.fix_days.merge(&other.fix_days);
    }
}

/// An IKM as published: the index in hundredths (25.00–100.00) and its grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ikm {
    /// The IKM × 100.
    pub hundredths: u32,
    /// Its grade (*mutu pelayanan*).
    pub grade: Grade,
}

/// The published figures of an agency (`service` none) or one of its services in a period.
/// Every figure that rests on requests or answers is a [`Shown`] (see the module's text for
/// each one's base).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// The period.
    pub period: Period,
    /// The agency's slug.
    pub agency: String,
    /// The service's slug; none for the agency as a whole.
    pub service: Option<String>,
    /// Requests received in the period.
    pub received: Shown<u32>,
    /// Of those, still with the agency today.
    pub open: Shown<u32>,
    /// Of those, open and past their due date today.
    pub overdue: Shown<u32>,
    /// Requests completed (*Selesai*) in the period.
    pub completed: Shown<u32>,
    /// Requests rejected (*Ditolak*) in the period.
    pub rejected: Shown<u32>,
    /// Median working days to finish (nearest rank), of those finished in the period.
    pub median_days: Shown<u32>,
    /// 90th percentile of the same (nearest rank).
    pub p90_days: Shown<u32>,
    /// The working days the service standard promises; none when it promises none (and for an
    /// agency, whose services promise different times).
    pub promised_days: Option<u32>,
    /// Finished within the promise, in tenths of a percent; none when no promise applies.
    pub on_time_permille: Option<Shown<u32>>,
    /// The IKM of the survey answers given in the period.
    pub ikm: Shown<Ikm>,
    /// Survey answers given in the period (the sample achieved).
    pub survey_answers: Shown<u32>,
    /// The sample Krejcie–Morgan requires for the requests received in the period.
    pub survey_required: Shown<u64>,
    /// Questions asked in the period.
    pub questions_asked: Shown<u32>,
    /// Of those, answered officially.
    pub questions_answered: Shown<u32>,
    /// Median whole hours to the first official answer.
    pub median_answer_hours: Shown<u32>,
    /// Corrections sent in the period.
    pub corrections_sent: Shown<u32>,
    /// Of those, still open today.
    pub corrections_open: Shown<u32>,
    /// Median calendar days from sending to closing, of the corrections closed in the period.
    pub median_fix_days: Shown<u32>,
    /// Requests received in the period per channel, in the order of [`Channel::ALL`].
    pub channels: Vec<(Channel, Shown<u32>)>,
}

impl Figures {
    /// The figures of `cells` together (one service's cell, or every service of an agency),
    /// withheld by [`shown`].
    fn of(period: Period, agency: &str, service: Option<&str>, cells: &[&Cell]) -> Figures {
        let mut all = Cell::new(agency, service.unwrap_or(""), None);
        let mut on_time: Option<Share> = None;
        for c in cells {
            all.absorb(c);
            if let Some(s) = c.on_time() {
                on_time.get_or_insert_with(Share::default).add(s);
            }
        }
        let promised_days = match (service, cells) {
            (Some(_), [one]) => one.promised_days,
            _ => None,
        };
        let finished = all.finished();
        let done = finished.total();
        let received = all.received;
        let answered = all.answer_hours.total();
        let fixed = all.fix_days.total();
        let n = all.survey.n;
        let ikm = all.survey.ikm_hundredths().map(|h| Ikm {
            hundredths: h,
            grade: Grade::of(h),
        });
        Figures {
            period,
            agency: agency.to_string(),
            service: service.map(str::to_string),
            received: shown(received, Some(received)),
            open: shown(received, Some(all.open)),
            overdue: shown(received, Some(all.overdue)),
            completed: shown(done, Some(all.completed.total())),
            rejected: shown(done, Some(all.rejected.total())),
            median_days: shown(done, finished.percentile(50)),
            p90_days: shown(done, finished.percentile(90)),
            promised_days,
            on_time_permille: on_time.map(|s| shown(s.whole, s.permille())),
            ikm: shown(n, ikm),
            survey_answers: shown(n, Some(n)),
            survey_required: shown(received, Some(krejcie_morgan(u64::from(received)))),
            questions_asked: shown(all.questions_asked, Some(all.questions_asked)),
            questions_answered: shown(all.questions_asked, Some(answered)),
            median_answer_hours: shown(answered, all.answer_hours.percentile(50)),
            corrections_sent: shown(all.corrections_sent, Some(all.corrections_sent)),
            corrections_open: shown(all.corrections_sent, Some(all.corrections_open)),
            median_fix_days: shown(fixed, all.fix_days.percentile(50)),
            channels: Channel::ALL
                .into_iter()
                .zip(all.channels)
                .map(|(c, k)| (c, shown(received, Some(k))))
                .collect(),
        }
    }
}

/// Rows of figures one page of `/kinerja` holds at most: whole agencies, in order, as many as
/// fit (an agency with more has a page of its own). The seed's eleven agencies (41 rows) fit
/// on one; a national catalogue's 10,000 services would otherwise make one page of about
/// 100 MB (a row, with its share of the charts, is about 9 KB of HTML).
pub const ROWS_PER_PAGE: usize = 100;

/// Which agencies page `asked` (from 1; past the end, the last) of the figures holds, when the
/// agencies, in order, have `rows[i]` rows each (their own and their services'): whole
/// agencies, as many as fit in `per_page` rows (an agency with more has a page of its own).
/// Returns the range of agency positions, and which part of the agencies it is. Only the
/// counts are needed, so a page's figures are worked out for its own agencies alone.
pub fn agencies_on_page(
    rows: &[usize],
    asked: usize,
    per_page: usize,
) -> (std::ops::Range<usize>, super::page::Part) {
    // The first agency of each page.
    let (mut starts, mut filled) = (vec![0], 0);
    for (a, &n) in rows.iter().enumerate() {
        let first = starts[starts.len() - 1];
        if filled + n > per_page && a > first {
            starts.push(a);
            filled = 0;
        }
        filled += n;
    }
    let pages = starts.len();
    let number = asked.clamp(1, pages);
    let end = starts.get(number).copied().unwrap_or(rows.len());
    let part = super::page::Part {
        number,
        pages,
        total: rows.len(),
    };
    (starts[number - 1]..end, part)
}

/// The published figures of `cells` (one per service): for each agency (by slug), the agency
/// as a whole first, then each of its services (by slug).
pub fn publish(period: Period, cells: &[Cell]) -> Vec<Figures> {
    let mut by_agency: BTreeMap<&str, Vec<&Cell>> = BTreeMap::new();
    for c in cells {
        by_agency.entry(c.agency.as_str()).or_default().push(c);
    }
    let mut out = Vec::new();
    for (agency, mut services) in by_agency {
        services.sort_by(|a, b| a.service.cmp(&b.service));
        out.push(Figures::of(period, agency, None, &services));
        for s in services {
            out.push(Figures::of(period, agency, Some(&s.service), &[s]));
        }
    }
    out
}

/// The licence of the open data.
pub const LICENCE: &str = "CC BY 4.0";
/// Where the licence is written.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
/// What a withheld figure reads as in the open data.
pub const WITHHELD: &str = "withheld";

/// The open data's columns, in order: the CSV header and the keys of each JSON row
/// (documented in `docs/open-data.md`; only ever added to, at the end).
pub const COLUMNS: [&str; 26] = [
    "period",
    "agency",
    "service",
    "received",
    "open",
    "overdue",
    "completed",
    "rejected",
    "median_days",
    "p90_days",
    "promised_days",
    "on_time_pct",
    "ikm",
    "ikm_grade",
    "survey_answers",
    "survey_required",
    "questions_asked",
    "questions_answered",
    "median_answer_hours",
    "corrections_sent",
    "corrections_open",
    "median_fix_days",
    "channel_app",
    "channel_counter",
    "channel_open311",
    "channel_web",
];

/// One value of the open data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A whole number.
    Int(u64),
    /// A decimal: `value` / 10^`places` (88.31 is `{ value: 8831, places: 2 }`).
    Fixed {
        /// The number × 10^places.
        value: u64,
        /// Decimal places.
        places: u8,
    },
    /// Withheld (fewer than [`MIN_CELL`] behind it).
    Withheld,
    /// Does not apply (no promise, the agency's row of a service column).
    Empty,
}

impl Value {
    fn of<T: Into<u64>>(s: Shown<T>) -> Value {
        s.value().map_or(Value::Withheld, |v| Value::Int(v.into()))
    }

    /// As CSV text (RFC 4180: quoted when it holds a comma, a quote or a line break; a text
    /// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` first, so a
    /// spreadsheet never runs it as a formula).
    pub fn csv(&self) -> String {
        match self {
            Value::Text(t) => {
                let guarded = if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    format!("'{t}")
                } else {
                    t.clone()
                };
                if guarded.contains([',', '"', '\r', '\n']) {
                    format!("\"{}\"", guarded.replace('"', "\"\""))
                } else {
                    guarded
                }
            }
            Value::Int(n) => n.to_string(),
            Value::Fixed { value, places } => fixed(*value, *places),
            Value::Withheld => WITHHELD.to_string(),
            Value::Empty => String::new(),
        }
    }
}

/// `value` / 10^`places` written with a dot (`8831, 2` → `88.31`).
fn fixed(value: u64, places: u8) -> String {
    let scale = 10u64.pow(u32::from(places));
    match places {
        0 => value.to_string(),
        p => format!(
            "{}.{:0width$}",
            value / scale,
            value % scale,
            width = usize::from(p)
        ),
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Int(n) => s.serialize_u64(*n),
            Value::Fixed { value, places } => {
                let x: f64 = fixed(*value, *places).parse().unwrap_or(f64::NAN);
                s.serialize_f64(x)
            }
            Value::Withheld => s.serialize_str(WITHHELD),
            Value::Empty => s.serialize_none(),
        }
    }
}

impl Figures {
    /// The row of the open data, in the order of [`COLUMNS`].
    pub fn values(&self) -> [Value; 26] {
        let text = |s: &str| Value::Text(s.to_string());
        let channel = |c: Channel| {
            self.channels
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(Value::Withheld, |(_, v)| Value::of(*v))
        };
        [
            text(&self.period.code()),
            text(&self.agency),
            self.service.as_deref().map_or(Value::Empty, text),
            Value::of(self.received),
            Value::of(self.open),
            Value::of(self.overdue),
            Value::of(self.completed),
            Value::of(self.rejected),
            Value::of(self.median_days),
            Value::of(self.p90_days),
            self.promised_days
                .map_or(Value::Empty, |d| Value::Int(d.into())),
            match self.on_time_permille {
                None => Value::Empty,
                Some(Shown::Withheld) => Value::Withheld,
                Some(Shown::Value(p)) => Value::Fixed {
                    value: p.into(),
                    places: 1,
                },
            },
            self.ikm.value().map_or(Value::Withheld, |i| Value::Fixed {
                value: i.hundredths.into(),
                places: 2,
            }),
            self.ikm
                .value()
                .map_or(Value::Withheld, |i| text(i.grade.letter())),
            Value::of(self.survey_answers),
            Value::of(self.survey_required),
            Value::of(self.questions_asked),
            Value::of(self.questions_answered),
            Value::of(self.median_answer_hours),
            Value::of(self.corrections_sent),
            Value::of(self.corrections_open),
            Value::of(self.median_fix_days),
            channel(Channel::App),
            channel(Channel::Counter),
            channel(Channel::Open311),
            channel(Channel::Web),
        ]
    }
}

/// The figures as CSV (RFC 4180, lines ending CRLF): the header [`COLUMNS`], then a line per
/// row.
pub fn csv(rows: &[Figures]) -> String {
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    let mut out = line(COLUMNS.iter().map(|c| c.to_string()).collect());
    for r in rows {
        out.push_str(&line(r.values().iter().map(Value::csv).collect()));
    }
    out
}

/// One row of the open data as a JSON object, keys in the order of [`COLUMNS`].
struct Record<'a>(&'a Figures);

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let values = self.0.values();
        let mut map = s.serialize_map(Some(COLUMNS.len()))?;
        for (k, v) in COLUMNS.iter().zip(values.iter()) {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The open data's JSON document.
#[derive(Serialize)]
struct Document<'a> {
    period: String,
    licence: &'static str,
    licence_url: &'static str,
    min_cell: u32,
    withheld: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Record<'a>>,
}

/// The figures of `period` as JSON: the period, the licence, the withholding rule, the columns
/// and a row object per figure row (values as in [`csv`]: numbers, text, `"withheld"`, or
/// `null` where a column does not apply).
pub fn json(period: Period, rows: &[Figures]) -> String {
    let doc = Document {
        period: period.code(),
        licence: LICENCE,
        licence_url: LICENCE_URL,
        min_cell: MIN_CELL,
        withheld: WITHHELD,
        columns: &COLUMNS,
        rows: rows.iter().map(Record).collect(),
    };
    serde_json::to_string(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::skm::Answers;

    const Q1: Period = Period {
        year: 2026,
        quarter: Some(1),
    };

    fn hist(values: &[u32]) -> Histogram {
        let mut h = Histogram::default();
        for &v in values {
            h.add(v, 1);
        }
        h
    }

    /// Nearest rank by sorting the values: what the histogram must agree with.
    fn sorted_rank(values: &[u32], p: u32) -> Option<u32> {
        let mut v = values.to_vec();
        v.sort_unstable();
        let rank = (p as usize * v.len()).div_ceil(100).max(1);
        v.get(rank - 1).copied()
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(hist(&[1, 2, 3, 4]).percentile(50), Some(2));
        assert_eq!(hist(&[1, 2, 3, 4, 5]).percentile(50), Some(3));
        assert_eq!(hist(&[5, 1, 4, 2, 3]).percentile(90), Some(5));
        assert_eq!(hist(&[7]).percentile(90), Some(7));
        assert_eq!(hist(&[]).percentile(50), None);
        // Ten values: the 90th percentile is the 9th.
        let ten = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34];
        assert_eq!(hist(&ten).percentile(90), Some(21));
        // Against sorting, on a spread of values.
        let mut x = 17u32;
        let values: Vec<u32> = (0..211)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) % 40
            })
            .collect();
        let h = hist(&values);
        for p in [1, 10, 25, 50, 75, 90, 99, 100] {
            assert_eq!(h.percentile(p), sorted_rank(&values, p), "p{p}");
        }
        assert_eq!(h.total(), 211);
        assert_eq!(
            h.at_most(9),
            values.iter().filter(|&&v| v <= 9).count() as u32
        );
    }

    #[test]
    fn one_function_withholds_below_five() {
        assert_eq!(shown(4, Some(4)), Shown::Withheld);
        assert_eq!(shown(0, Some(0)), Shown::Withheld);
        assert_eq!(shown(5, Some(2)), Shown::Value(2));
        assert_eq!(shown::<u32>(9, None), Shown::Withheld);
        assert_eq!(MIN_CELL, 5);
    }

    #[test]
    fn shares_round_half_up() {
        let s = |part, whole| Share { part, whole }.permille();
        assert_eq!(s(2, 3), Some(667));
        assert_eq!(s(1, 8), Some(125));
        assert_eq!(s(1, 16), Some(63), "62.5 per mille rounds up");
        assert_eq!(s(0, 0), None);
    }

    fn service(agency: &str, slug: &str, promise: Option<u32>, done: &[u32]) -> Cell {
        let mut c = Cell::new(agency, slug, promise);
        c.received = done.len() as u32 + 1;
        c.open = 1;
        c.overdue = 1;
        c.add_channel(Channel::App, c.received);
        for &d in done {
            c.completed.add(d, 1);
        }
        c
    }

    #[test]
    fn a_page_of_figures_holds_whole_agencies() {
        // Agency a fills most of a page, b does not fit beside it, c is more than a page,
        // and d, small, comes after c (each with its own row and its services').
        let n = ROWS_PER_PAGE;
        let rows = [n * 4 / 5 + 1, n * 2 / 5 + 1, n + 21, 2];
        let (one, part) = agencies_on_page(&rows, 1, n);
        assert_eq!(one, 0..1);
        assert_eq!((part.number, part.pages, part.total), (1, 4, 4));
        assert_eq!(agencies_on_page(&rows, 2, n).0, 1..2);
        assert_eq!(
            agencies_on_page(&rows, 3, n).0,
            2..3,
            "more than a page: a page of its own"
        );
        let (last, part) = agencies_on_page(&rows, 9, n);
        assert_eq!(last, 3..4, "past the end: the last");
        assert_eq!(part.number, 4);
        assert_eq!(
            agencies_on_page(&rows, 0, n).0,
            0..1,
            "before the first: the first"
        );
        let (none, part) = agencies_on_page(&[], 1, n);
        assert!(none.is_empty());
        assert_eq!((part.pages, part.total), (1, 0));
        // b and d together fit: one page.
        let (both, part) = agencies_on_page(&[rows[1], rows[3]], 1, n);
        assert_eq!((both, part.pages), (0..2, 1));
        // Exactly a page fits; one row more starts the next.
        assert_eq!(agencies_on_page(&[60, 40, 1], 1, n).0, 0..2);
        assert_eq!(agencies_on_page(&[60, 41, 1], 1, n).0, 0..1);
    }

    #[test]
    fn agencies_add_up_their_services_and_small_cells_are_withheld() {
        let mut a = service("dukcapil", "akta", Some(5), &[1, 3, 5, 6, 9, 2]);
        a.rejected.add(4, 1);
        let b = service("dukcapil", "ktp", None, &[10, 11, 12]);
        let c = service("polri", "skck", Some(3), &[1, 2]);
        let rows = publish(Q1, &[c, b, a]);
        let names: Vec<(&str, Option<&str>)> = rows
            .iter()
            .map(|r| (r.agency.as_str(), r.service.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("dukcapil", None),
                ("dukcapil", Some("akta")),
                ("dukcapil", Some("ktp")),
                ("polri", None),
                ("polri", Some("skck")),
            ]
        );
        let (agency, akta, ktp) = (&rows[0], &rows[1], &rows[2]);
        // akta: 7 finished (1, 2, 3, 4r, 5, 6, 9): median rank 4 → 4, p90 rank 7 → 9; on time
        // (≤ 5): 5 of 7.
        assert_eq!(akta.completed, Shown::Value(6));
        assert_eq!(akta.rejected, Shown::Value(1));
        assert_eq!(akta.median_days, Shown::Value(4));
        assert_eq!(akta.p90_days, Shown::Value(9));
        assert_eq!(akta.promised_days, Some(5));
        assert_eq!(akta.on_time_permille, Some(Shown::Value(714)));
        assert_eq!(akta.received, Shown::Value(7));
        // ktp: 4 received, 3 finished: all withheld; no promise, no on-time share.
        assert_eq!(ktp.received, Shown::Withheld);
        assert_eq!(ktp.overdue, Shown::Withheld);
        assert_eq!(ktp.median_days, Shown::Withheld);
        assert_eq!(ktp.on_time_permille, None);
        // The agency: 10 finished (1 2 3 4 5 6 9 10 11 12), median rank 5 → 5, p90 rank 9 →
        // 11; on time only over the service with a promise (5 of 7); 11 received, 2 overdue.
        assert_eq!(agency.median_days, Shown::Value(5));
        assert_eq!(agency.p90_days, Shown::Value(11));
        assert_eq!(agency.promised_days, None);
        assert_eq!(agency.on_time_permille, Some(Shown::Value(714)));
        assert_eq!(agency.received, Shown::Value(11));
        assert_eq!(agency.overdue, Shown::Value(2));
        assert_eq!(agency.channels[0], (Channel::App, Shown::Value(11)));
        assert_eq!(agency.channels[1], (Channel::Counter, Shown::Value(0)));
        // polri: 3 received: nothing shown, and its on-time share is withheld, not absent.
        assert_eq!(rows[3].received, Shown::Withheld);
        assert_eq!(rows[3].on_time_permille, Some(Shown::Withheld));
    }

    #[test]
    fn the_ikm_needs_five_answers() {
        let mut c = Cell::new("dukcapil", "akta", None);
        let all4 = Answers::new(&[4; 9]).unwrap();
        for _ in 0..4 {
            c.survey.add(&all4);
        }
        c.received = 100;
        let rows = publish(Q1, std::slice::from_ref(&c));
        assert_eq!(rows[1].ikm, Shown::Withheld);
        assert_eq!(rows[1].survey_answers, Shown::Withheld);
        assert_eq!(rows[1].survey_required, Shown::Value(80));
        c.survey.add(&all4);
        let rows = publish(Q1, &[c]);
        assert_eq!(
            rows[1].ikm,
            Shown::Value(Ikm {
                hundredths: 10_000,
                grade: Grade::A
            })
        );
        assert_eq!(rows[1].survey_answers, Shown::Value(5));
    }

    #[test]
    fn questions_and_corrections_have_their_own_bases() {
        let mut c = Cell::new("dukcapil", "akta", None);
        c.questions_asked = 6;
        for h in [1, 2, 30, 4] {
            c.answer_hours.add(h, 1);
        }
        c.corrections_sent = 5;
        c.corrections_open = 1;
        for d in [3, 1, 2, 8, 5] {
            c.fix_days.add(d, 1);
        }
        let r = &publish(Q1, &[c])[1];
        assert_eq!(r.questions_asked, Shown::Value(6));
        assert_eq!(r.questions_answered, Shown::Value(4));
        assert_eq!(r.median_answer_hours, Shown::Withheld, "4 answers");
        assert_eq!(r.corrections_open, Shown::Value(1));
        assert_eq!(r.median_fix_days, Shown::Value(3));
    }

    #[test]
    fn csv_quotes_and_disarms_formulas() {
        let v = |s: &str| Value::Text(s.into()).csv();
        assert_eq!(v("akta-kelahiran"), "akta-kelahiran");
        assert_eq!(v("a,b"), "\"a,b\"");
        assert_eq!(v("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(v("two\nlines"), "\"two\nlines\"");
        assert_eq!(v("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(v("+1"), "'+1");
        assert_eq!(v("-1"), "'-1");
        assert_eq!(v("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(Value::Int(12).csv(), "12");
        assert_eq!(
            Value::Fixed {
                value: 8831,
                places: 2
            }
            .csv(),
            "88.31"
        );
        assert_eq!(
            Value::Fixed {
                value: 5,
                places: 1
            }
            .csv(),
            "0.5"
        );
        assert_eq!(
            Value::Fixed {
                value: 1000,
                places: 1
            }
            .csv(),
            "100.0"
        );
        assert_eq!(Value::Withheld.csv(), "withheld");
        assert_eq!(Value::Empty.csv(), "");
    }

    #[test]
    fn csv_and_json_carry_the_same_rows() {
        let a = service("dukcapil", "akta", Some(5), &[1, 3, 5, 6, 9, 2]);
        let rows = publish(Q1, &[a]);
        let text = csv(&rows);
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            lines[2],
            "2026-Q1,dukcapil,akta,7,1,1,6,0,3,9,5,66.7,withheld,withheld,withheld,7,\
             withheld,withheld,withheld,withheld,withheld,withheld,7,0,0,0"
        );
        let doc: serde_json::Value = serde_json::from_str(&json(Q1, &rows)).unwrap();
        assert_eq!(doc["licence"], "CC BY 4.0");
        assert_eq!(doc["period"], "2026-Q1");
        assert_eq!(doc["min_cell"], 5);
        let json_rows = doc["rows"].as_array().unwrap();
        assert_eq!(json_rows.len(), 2);
        let agency = &json_rows[0];
        assert_eq!(agency["service"], serde_json::Value::Null);
        assert_eq!(agency["promised_days"], serde_json::Value::Null);
        let akta = &json_rows[1];
        assert_eq!(akta["median_days"], 3);
        assert_eq!(akta["on_time_pct"], 66.7);
        assert_eq!(akta["ikm"], "withheld");
        // Same keys as the CSV header, in the same order.
        let text = json(Q1, &rows);
        let mut at = 0;
        for c in COLUMNS {
            let key = format!("\"{c}\":");
            let found = text[at..].find(&key).map(|i| i + at);
            assert!(found.is_some(), "{c} in order");
            at = found.unwrap_or(at);
        }
        for (r, j) in rows.iter().zip(json_rows) {
            for (k, v) in COLUMNS.iter().zip(r.values()) {
                let csv_cell = v.csv();
                let json_cell = match &j[*k] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(csv_cell, json_cell, "{k}");
            }
        }
    }
}
