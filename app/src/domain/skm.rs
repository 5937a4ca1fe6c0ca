//! The *Survei Kepuasan Masyarakat* of PermenPANRB 14/2017: the nine *unsur* with the
//! questionnaire's wording and 4-point answers, the NRR per *unsur*, the IKM (25–100) and its
//! grade, and the Krejcie–Morgan sample required for a period's number of users.
//!
//! Everything that is rounded is computed in integers, so a boundary (64.99 / 65.00) lands
//! exactly where the regulation's table puts it.

use serde::{Deserialize, Serialize};

/// One *unsur* of the questionnaire, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsur {
    /// Short code, `u1`…`u9` (form field names, storage columns).
    pub code: &'static str,
    /// The element's name as the regulation names it, and in English.
    pub name: (&'static str, &'static str),
    /// The sample questionnaire's question, and in English.
    pub question: (&'static str, &'static str),
    /// The answers 1 → 4, each (Indonesian, English).
    pub scale: [(&'static str, &'static str); 4],
}

/// A citizen's answers about one of their requests, kept on the phone (in the application's
/// record) from the moment they are given until the server has stored them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reply {
    /// The survey's UUIDv7, made on the phone: a resend is the same answer.
    pub id: String,
    /// The nine answers, 1–4, in the order of [`UNSUR`].
    pub answers: Vec<u8>,
    /// The server has it (or refused it for good: answered from elsewhere).
    pub sent: bool,
}

/// The nine *unsur* in the order of the regulation's element list (U1–U9), with the sample
/// questionnaire's questions and answers.
pub const UNSUR: [Unsur; 9] = [
    Unsur {
        code: "u1",
        name: ("Persyaratan", "Requirements"),
        question: (
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            "How well did the service's requirements fit the kind of service?",
        ),
        scale: [
            ("Tidak sesuai", "Not fitting"),
            ("Kurang sesuai", "Somewhat fitting"),
            ("Sesuai", "Fitting"),
            ("Sangat sesuai", "Very fitting"),
        ],
    },
    Unsur {
        code: "u2",
        name: ("Sistem, Mekanisme, dan Prosedur", "System, mechanism and procedure"),
        question: (
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            "How easy was the service procedure at this unit?",
        ),
        scale: [
            ("Tidak mudah", "Not easy"),
            ("Kurang mudah", "Somewhat easy"),
            ("Mudah", "Easy"),
            ("Sangat mudah", "Very easy"),
        ],
    },
    Unsur {
        code: "u3",
        name: ("Waktu Penyelesaian", "Completion time"),
        question: (
            "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            "How fast was the service delivered?",
        ),
        scale: [
            ("Tidak cepat", "Not fast"),
            ("Kurang cepat", "Somewhat fast"),
            ("Cepat", "Fast"),
            ("Sangat cepat", "Very fast"),
        ],
    },
    Unsur {
        code: "u4",
        name: ("Biaya/Tarif", "Cost/fee"),
        question: (
            "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            "How fair was the cost or fee of the service?",
        ),
        scale: [
            ("Sangat mahal", "Very expensive"),
            ("Cukup mahal", "Fairly expensive"),
            ("Murah", "Cheap"),
            ("Gratis", "Free"),
        ],
    },
    Unsur {
        code: "u5",
        name: (
            "Produk Spesifikasi Jenis Pelayanan",
            "Product specification of the service",
        ),
        question: (
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
            "How well did what you received match the product stated in the service standard?",
        ),
        scale: [
            ("Tidak sesuai", "Not matching"),
            ("Kurang sesuai", "Somewhat matching"),
            ("Sesuai", "Matching"),
            ("Sangat sesuai", "Fully matching"),
        ],
    },
    Unsur {
        code: "u6",
        name: ("Kompetensi Pelaksana", "Competence of staff"),
        question: (
            "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
            "How competent were the staff who served you?",
        ),
        scale: [
            ("Tidak kompeten", "Not competent"),
            ("Kurang kompeten", "Somewhat competent"),
            ("Kompeten", "Competent"),
            ("Sangat kompeten", "Very competent"),
        ],
    },
    Unsur {
        code: "u7",
        name: ("Perilaku Pelaksana", "Conduct of staff"),
        question: (
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
            "How polite and friendly were the staff who served you?",
        ),
        scale: [
            ("Tidak sopan dan ramah", "Not polite and friendly"),
            ("Kurang sopan dan ramah", "Somewhat polite and friendly"),
            ("Sopan dan ramah", "Polite and friendly"),
            ("Sangat sopan dan ramah", "Very polite and friendly"),
        ],
    },
    Unsur {
        code: "u8",
        name: ("Sarana dan prasarana", "Facilities"),
        question: (
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
            "How good were the facilities?",
        ),
        scale: [
            ("Buruk", "Poor"),
            ("Cukup", "Fair"),
            ("Baik", "Good"),
            ("Sangat Baik", "Very good"),
        ],
    },
    Unsur {
        code: "u9",
        name: (
            "Penanganan Pengaduan, Saran dan Masukan",
            "Handling of complaints, suggestions and feedback",
        ),
        question: (
            "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            "How are complaints from service users handled?",
        ),
        scale: [
            ("Tidak ada", "There is none"),
            ("Ada tetapi tidak berfungsi", "There is one but it does not work"),
            ("Berfungsi kurang maksimal", "It works, but not fully"),
            ("Dikelola dengan baik", "It is well managed"),
        ],
    },
];

/// The index of *Waktu Penyelesaian* (U3) in [`UNSUR`].
pub const WAKTU: usize = 2;
/// The index of *Biaya/Tarif* (U4) in [`UNSUR`].
pub const BIAYA: usize = 3;

/// Below this many answers nothing is shown (a handful of answers would point at people).
pub const MIN_SHOWN: u32 = 5;

/// One completed questionnaire: an answer 1–4 to each of the nine *unsur*.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<u8>", into = "Vec<u8>")]
pub struct Answers([u8; 9]);

impl Answers {
    /// The answers when there are exactly nine, each 1–4; `None` otherwise.
    pub fn new(values: &[u8]) -> Option<Answers> {
        let arr: [u8; 9] = values.try_into().ok()?;
        arr.iter()
            .all(|v| (1..=4).contains(v))
            .then_some(Answers(arr))
    }

    /// The nine answers, U1 first.
    pub fn values(&self) -> [u8; 9] {
        self.0
    }
}

impl TryFrom<Vec<u8>> for Answers {
    type Error = &'static str;
    fn try_from(v: Vec<u8>) -> Result<Self, Self::Error> {
        Answers::new(&v).ok_or("nine answers, each 1 to 4")
    }
}

impl From<Answers> for Vec<u8> {
    fn from(a: Answers) -> Vec<u8> {
        a.0.to_vec()
    }
}

/// The sums of a set of questionnaires: what every figure of the survey is computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Completed questionnaires.
    pub n: u32,
    /// Per *unsur*, the sum of its answers.
    pub sums: [u32; 9],
}

impl Tally {
    /// Counts one more questionnaire.
    pub fn add(&mut self, a: &Answers) {
        self.n += 1;
        for (s, v) in self.sums.iter_mut().zip(a.0) {
            *s += u32::from(v);
        }
    }

    /// The tally of `answers`.
    pub fn of<'a>(answers: impl IntoIterator<Item = &'a Answers>) -> Tally {
        let mut t = Tally::default();
        answers.into_iter().for_each(|a| t.add(a));
        t
    }

    /// NRR of *unsur* `i` (sum of its answers ÷ questionnaires), in hundredths rounded half up
    /// (3.125 → 313); `None` without answers.
    pub fn nrr_hundredths(&self, i: usize) -> Option<u32> {
        let sum = u64::from(*self.sums.get(i)?);
        rounded(sum * 100, u64::from(self.n))
    }

    /// The IKM on the 25–100 scale in hundredths: the mean of the nine NRRs (weight exactly
    /// 1/9 each) × 25, rounded half up to two decimals only at the end. `None` without answers.
    pub fn ikm_hundredths(&self) -> Option<u32> {
        let total: u64 = self.sums.iter().map(|&s| u64::from(s)).sum();
        // Σ NRR_i / 9 × 25 × 100 = total × 2500 / (9 n).
        rounded(total * 2500, 9 * u64::from(self.n))
    }
}

/// `num / den` rounded half up, `None` when `den` is 0.
fn rounded(num: u64, den: u64) -> Option<u32> {
    (den > 0).then(|| ((2 * num + den) / (2 * den)) as u32)
}

/// *Mutu pelayanan*: the grade of an IKM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    /// 88.31–100: *Sangat Baik*.
    A,
    /// 76.61–88.30: *Baik*.
    B,
    /// 65.00–76.60: *Kurang Baik*.
    C,
    /// 25.00–64.99: *Tidak Baik*.
    D,
}

impl Grade {
    /// The grade of an IKM given in hundredths (already rounded to two decimals): below 65.00
    /// D, below 76.61 C, below 88.31 B, else A.
    pub fn of(ikm_hundredths: u32) -> Grade {
        match ikm_hundredths {
            0..6500 => Grade::D,
            6500..7661 => Grade::C,
            7661..8831 => Grade::B,
            _ => Grade::A,
        }
    }

    /// The letter.
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    /// *Kinerja unit* as the regulation's table words it, and in English.
    pub fn performance(self) -> (&'static str, &'static str) {
        match self {
            Grade::A => ("Sangat Baik", "Very good"),
            Grade::B => ("Baik", "Good"),
            Grade::C => ("Kurang Baik", "Poor"),
            Grade::D => ("Tidak Baik", "Not good"),
        }
    }
}

/// Hundredths written with two decimals and the language's separator (`8831` → `88,31` or
/// `88.31`).
pub fn decimal(hundredths: u32, comma: bool) -> String {
    let sep = if comma { ',' } else { '.' };
    format!("{}{sep}{:02}", hundredths / 100, hundredths % 100)
}

/// The Krejcie & Morgan (1970) sample required for a population of `n` users:
/// χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)) with χ² = 3.841, P = 0.5, d = 0.05, rounded to the nearest
/// whole number (this reproduces their table: 10 → 10, 100 → 80, 1,000 → 278).
pub fn krejcie_morgan(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    // × 100,000 to stay in integers: χ²·P(1−P) = 0.96025 → 96,025; d² = 0.0025 → 250.
    let num = 96_025 * u128::from(n);
    let den = 250 * (u128::from(n) - 1) + 96_025;
    ((2 * num + den) / (2 * den)) as u64
}

/// What the citizen expected when submitting (all optional): the working days, the cost in
/// rupiah and how ready they felt (1–4, "my requirements are complete").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Expectation {
    /// Working days until done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Rupiah to pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<u64>,
    /// Readiness, 1–4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<u8>,
}

// Read from maps only (see `map_only`): the phone reads both with every application record.
super::map_only::map_deserialize!(Reply { id "id" req, answers "answers" req, sent "sent" req });
super::map_only::map_deserialize!(Expectation { days "days" opt, cost "cost" opt, ready "ready" opt });

/// The most working days an expectation may name (a year).
pub const MAX_DAYS: u32 = 365;
/// The most rupiah an expectation may name.
pub const MAX_COST: u64 = 1_000_000_000;

impl Expectation {
    /// Reads the three optional answers as typed (`"14"`, `"Rp 50.000"`, `"3"`): an empty one
    /// is no answer; "Rp", spaces, dots and commas between digits are ignored; anything else,
    /// or a value out of range, is a problem of its field (`expect_days`, `expect_cost`,
    /// `expect_ready`), as [`Expectation::out_of_range`] names them.
    pub fn read(
        days: &str,
        cost: &str,
        ready: &str,
    ) -> Result<Expectation, Vec<super::form::FieldError>> {
        use super::form::{FieldError, Problem};
        let mut errors = Vec::new();
        let mut number = |field: &str, typed: &str| -> Option<u64> {
            let t = typed.trim();
            let t = t
                .strip_prefix("Rp")
                .or_else(|| t.strip_prefix("rp"))
                .unwrap_or(t);
            let digits: String = t
                .chars()
                .filter(|c| !matches!(c, ' ' | '.' | ','))
                .collect();
            if digits.is_empty() {
                return None;
            }
            match digits.parse::<u64>() {
                Ok(n) if digits.bytes().all(|b| b.is_ascii_digit()) => Some(n),
                _ => {
                    errors.push(FieldError {
                        field: field.to_string(),
                        problem: Problem::NotANumber,
                    });
                    None
                }
            }
        };
        let days = number("expect_days", days);
        let cost = number("expect_cost", cost);
        let ready = number("expect_ready", ready);
        let e = Expectation {
            days: days.map(|d| u32::try_from(d).unwrap_or(u32::MAX)),
            cost,
            ready: ready.map(|r| u8::try_from(r).unwrap_or(u8::MAX)),
        };
        errors.extend(e.out_of_range());
        if errors.is_empty() {
            Ok(e)
        } else {
            Err(errors)
        }
    }

    /// The fields out of range, each with its problem: `expect_days`, `expect_cost`,
    /// `expect_ready`.
    pub fn out_of_range(&self) -> Vec<super::form::FieldError> {
        use super::form::{FieldError, Problem};
        let mut out = Vec::new();
        let mut push = |field: &str, problem| {
            out.push(FieldError {
                field: field.to_string(),
                problem,
            })
        };
        if self.days.is_some_and(|d| d > MAX_DAYS) {
            push(
                "expect_days",
                Problem::TooLarge {
                    max: f64::from(MAX_DAYS),
                },
            );
        }
        if self.cost.is_some_and(|c| c > MAX_COST) {
            push(
                "expect_cost",
                Problem::TooLarge {
                    max: MAX_COST as f64,
                },
            );
        }
        match self.ready {
            Some(0) => push("expect_ready", Problem::TooSmall { min: 1.0 }),
            Some(r) if r > 4 => push("expect_ready", Problem::TooLarge { max: 4.0 }),
            _ => {}
        }
        out
    }
}

/// A period the IKM is reported for: a quarter or a whole year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// The quarter 1–4, or `None` for the whole year.
    pub quarter: Option<u8>,
}

impl Period {
    /// The quarter holding `day` (`YYYY-MM-DD`); `None` for anything else.
    pub fn quarter_of(day: &str) -> Option<Period> {
        let year = day.get(..4)?.parse().ok()?;
        let month: u8 = day.get(5..7)?.parse().ok()?;
        (1..=12).contains(&month).then_some(Period {
            year,
            quarter: Some((month - 1) / 3 + 1),
        })
    }

    /// Reads `2026` or `2026-Q3` (as written by [`Period::code`]); `None` for anything else.
    pub fn parse(code: &str) -> Option<Period> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let (year, quarter) = match code.split_once("-Q") {
            Some((y, q)) if digits(q, 1) => (y, Some(q.parse::<u8>().ok()?)),
            Some(_) => return None,
            None => (code, None),
        };
        let year = Some(year).filter(|y| digits(y, 4))?.parse().ok()?;
        quarter
            .is_none_or(|q| (1..=4).contains(&q))
            .then_some(Period { year, quarter })
    }

    /// Whether the instant or day `at` (RFC 3339 or `YYYY-MM-DD`, UTC as stored) falls in
    /// this period: its day between [`Period::bounds`], compared as text like the store's
    /// queries do.
    pub fn holds(self, at: &str) -> bool {
        let (from, to) = self.bounds();
        at >= from.as_str() && at < to.as_str()
    }

    /// `2026` or `2026-Q3`.
    pub fn code(self) -> String {
        match self.quarter {
            Some(q) => format!("{}-Q{q}", self.year),
            None => self.year.to_string(),
        }
    }

    /// The first day and the day after the last, `YYYY-MM-DD` (compared as text).
    pub fn bounds(self) -> (String, String) {
        let (from, to) = match self.quarter {
            Some(q) => ((q - 1) * 3 + 1, q * 3 + 1),
            None => (1, 13),
        };
        let day = |m: u8| {
            if m == 13 {
                format!("{:04}-01-01", self.year + 1)
            } else {
                format!("{:04}-{m:02}-01", self.year)
            }
        };
        (day(from), day(to))
    }

    /// Every quarter from the one holding `first` to the one holding `today` (days as
    /// `YYYY-MM-DD`), each year after its quarters, most recent first: the periods there can be
    /// figures for. Only today's quarter and year when `first` is none or later than `today`.
    pub fn since(first: Option<&str>, today: &str) -> Vec<Period> {
        let Some(last) = Period::quarter_of(today) else {
            return Vec::new();
        };
        let start = first
            .and_then(Period::quarter_of)
            .filter(|f| (f.year, f.quarter) <= (last.year, last.quarter))
            .unwrap_or(last);
        let mut out = Vec::new();
        for year in (start.year..=last.year).rev() {
            let to = if year == last.year {
                last.quarter
            } else {
                Some(4)
            };
            let from = if year == start.year {
                start.quarter
            } else {
                Some(1)
            };
            let (from, to) = (from.unwrap_or(1), to.unwrap_or(4));
            out.extend((from..=to).rev().map(|q| Period {
                year,
                quarter: Some(q),
            }));
            out.push(Period {
                year,
                quarter: None,
            });
        }
        out
    }

    /// The quarters of this period's year and the year itself, most recent first.
    pub fn choices(self) -> Vec<Period> {
        let mut out: Vec<Period> = (1..=4)
            .rev()
            .map(|q| Period {
                year: self.year,
                quarter: Some(q),
            })
            .collect();
        out.push(Period {
            year: self.year,
            quarter: None,
        });
        out
    }
}

/// The expected-vs-perceived gaps of a set of requests: sums over the requests that gave
/// each expectation and have the matching outcome, so means can be shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gaps {
    /// Requests with expected days and a completion: how many, and Σ (actual − expected).
    pub days: (u32, i64),
    /// Requests with an expected cost and a known tariff: how many, and Σ (actual − expected).
    pub cost: (u32, i64),
}

impl Gaps {
    /// Counts one request: actual and expected working days, actual and expected cost.
    pub fn add(&mut self, days: (Option<u32>, Option<u32>), cost: (Option<u64>, Option<u64>)) {
        if let (Some(a), Some(e)) = days {
            self.days.0 += 1;
            self.days.1 += i64::from(a) - i64::from(e);
        }
        if let (Some(a), Some(e)) = cost {
            self.cost.0 += 1;
            self.cost.1 += a as i64 - e as i64;
        }
    }

    /// Adds another set's sums (a service's into its agency's).
    pub fn add_all(&mut self, other: &Gaps) {
        self.days.0 += other.days.0;
        self.days.1 += other.days.1;
        self.cost.0 += other.cost.0;
        self.cost.1 += other.cost.1;
    }

    /// The mean working-day gap in tenths (positive: slower than expected).
    pub fn days_tenths(&self) -> Option<i64> {
        mean_tenths(self.days)
    }

    /// The mean cost gap in whole rupiah (positive: dearer than expected).
    pub fn cost_mean(&self) -> Option<i64> {
        mean_tenths(self.cost).map(|t| (t + t.signum() * 5) / 10)
    }
}

/// Σ / n in tenths, rounded half away from zero; `None` for n = 0.
fn mean_tenths((n, sum): (u32, i64)) -> Option<i64> {
    let n = i64::from(n);
    (n > 0).then(|| {
        let x = sum * 10;
        (x + x.signum() * n / 2) / n
    })
}

/// One line of the IKM page: the whole agency (`service` none) or one service, for a period.
/// Figures made of fewer than [`MIN_SHOWN`] answers or requests are left out here, so they never
/// reach a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IkmRow {
    /// The service's slug; none for the agency as a whole.
    pub service: Option<String>,
    /// The answers' sums, when there are at least [`MIN_SHOWN`].
    pub tally: Option<Tally>,
    /// Requests that arrived in the period (the population of the sample).
    pub population: u64,
    /// The expected-vs-actual gaps, each left at zero requests below [`MIN_SHOWN`].
    pub gaps: Gaps,
}

impl IkmRow {
    /// The row of `tally`, `population` and `gaps`, with whatever rests on fewer than
    /// [`MIN_SHOWN`] answers or requests withheld.
    pub fn withheld(service: Option<String>, tally: Tally, population: u64, gaps: Gaps) -> IkmRow {
        let keep = |(n, sum): (u32, i64)| if n >= MIN_SHOWN { (n, sum) } else { (0, 0) };
        IkmRow {
            service,
            tally: (tally.n >= MIN_SHOWN).then_some(tally),
            population,
            gaps: Gaps {
                days: keep(gaps.days),
                cost: keep(gaps.cost),
            },
        }
    }
}

/// The working days from a request's arrival to its completion (stored timestamps, read by
/// their day), counted with the calendar and the agency's choice on cuti bersama: the actual
/// side of the days gap, per request and in the means.
pub fn worked_days(
    received_at: &str,
    completed_at: &str,
    calendar: &super::calendar::Calendar,
    cuti: super::calendar::CutiBersama,
) -> Option<u32> {
    use super::date::Date;
    let from = Date::parse(received_at.get(..10)?)?;
    let to = Date::parse(completed_at.get(..10)?)?;
    Some(calendar.working_days_between(from, to, cuti))
}

/// What a service costs, as one amount: 0 when free, its tariff when it has exactly one, none
/// when it has several (which one the citizen paid is not known).
pub fn tariff(cost: &super::catalogue::Cost) -> Option<u64> {
    match cost.items.as_slice() {
        _ if cost.free => Some(0),
        [one] => Some(one.amount),
        _ => None,
    }
}

#[cfg(test)]
mod expectation_tests {
    use super::Expectation;
    use crate::domain::form::Problem;

    #[test]
    fn reads_what_people_type_and_names_what_is_wrong() {
        assert_eq!(Expectation::read("", " ", ""), Ok(Expectation::default()));
        let e = Expectation::read(" 14 ", "Rp 50.000", "3").unwrap();
        assert_eq!((e.days, e.cost, e.ready), (Some(14), Some(50_000), Some(3)));
        let errors = Expectation::read("dua", "Rp 2.000.000.000", "5").unwrap_err();
        let got: Vec<(&str, &Problem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), &e.problem))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], ("expect_days", &Problem::NotANumber));
        assert_eq!(got[1].0, "expect_cost");
        assert_eq!(got[2].0, "expect_ready");
        assert!(Expectation::read("-3", "", "").is_err());
        assert!(Expectation::read("", "", "0").is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_days_count_the_calendar_and_the_agencys_choice() {
        use crate::domain::calendar::{Calendar, CutiBersama, DayKind};
        use crate::domain::date::Date;
        let d = |s: &str| Date::parse(s).unwrap();
        // Lebaran 2026: cuti bersama 20, 23, 24 March around Idul Fitri (21, 22 March).
        let cal = Calendar::new([
            (d("2026-03-20"), DayKind::CutiBersama),
            (d("2026-03-21"), DayKind::Libur),
            (d("2026-03-22"), DayKind::Libur),
            (d("2026-03-23"), DayKind::CutiBersama),
            (d("2026-03-24"), DayKind::CutiBersama),
        ]);
        let (from, to) = ("2026-03-19T08:00:00Z", "2026-03-25T09:00:00.000Z");
        assert_eq!(worked_days(from, to, &cal, CutiBersama::Closed), Some(1));
        assert_eq!(worked_days(from, to, &cal, CutiBersama::Open), Some(4));
        assert_eq!(
            worked_days(from, to, &Calendar::default(), CutiBersama::Closed),
            Some(4)
        );
        assert_eq!(worked_days("kemarin", to, &cal, CutiBersama::Open), None);
    }

    /// `n` questionnaires whose answers add up to `total` (9n ≤ total ≤ 36n): every answer
    /// starts at 1 and the rest is handed out one point at a time, answer by answer.
    fn tally_with(n: u32, total: u32) -> Tally {
        let mut extra = total - 9 * n;
        let mut sets = Vec::new();
        for _ in 0..n {
            let mut v = [1u8; 9];
            for x in v.iter_mut() {
                let add = extra.min(3);
                *x += add as u8;
                extra -= add;
            }
            sets.push(Answers::new(&v).unwrap());
        }
        assert_eq!(extra, 0);
        let t = Tally::of(&sets);
        assert_eq!(t.sums.iter().sum::<u32>(), total);
        t
    }

    #[test]
    fn answers_are_nine_values_from_one_to_four() {
        assert!(Answers::new(&[1, 2, 3, 4, 1, 2, 3, 4, 4]).is_some());
        assert!(Answers::new(&[1, 2, 3, 4, 1, 2, 3, 4]).is_none());
        assert!(Answers::new(&[1, 2, 3, 4, 1, 2, 3, 4, 4, 4]).is_none());
        assert!(Answers::new(&[0, 2, 3, 4, 1, 2, 3, 4, 4]).is_none());
        assert!(Answers::new(&[5, 2, 3, 4, 1, 2, 3, 4, 4]).is_none());
        assert!(serde_json::from_str::<Answers>("[1,2,3,4,5,1,1,1,1]").is_err());
        let a: Answers = serde_json::from_str("[4,4,4,4,4,4,4,4,1]").unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), "[4,4,4,4,4,4,4,4,1]");
    }

    #[test]
    fn every_unsur_has_its_four_answers_in_both_languages() {
        for (i, u) in UNSUR.iter().enumerate() {
            assert_eq!(u.code, format!("u{}", i + 1));
            assert!(!u.name.0.is_empty() && !u.name.1.is_empty());
            assert!(u
                .scale
                .iter()
                .all(|(id, en)| !id.is_empty() && !en.is_empty()));
        }
        assert_eq!(UNSUR[WAKTU].name.0, "Waktu Penyelesaian");
        assert_eq!(UNSUR[BIAYA].name.0, "Biaya/Tarif");
        assert_eq!(UNSUR[BIAYA].scale[3].0, "Gratis");
    }

    #[test]
    fn nrr_is_the_mean_answer_of_an_unsur() {
        // Four questionnaires: U1 answered 4, 3, 3, 3 → 13 / 4 = 3.25.
        let sets = [
            [4, 1, 1, 1, 1, 1, 1, 1, 1],
            [3, 2, 1, 1, 1, 1, 1, 1, 1],
            [3, 2, 1, 1, 1, 1, 1, 1, 1],
            [3, 2, 1, 1, 1, 1, 1, 1, 2],
        ]
        .map(|v| Answers::new(&v).unwrap());
        let t = Tally::of(&sets);
        assert_eq!(t.n, 4);
        assert_eq!(t.nrr_hundredths(0), Some(325));
        // U2: 7 / 4 = 1.75; U9: 5 / 4 = 1.25.
        assert_eq!(t.nrr_hundredths(1), Some(175));
        assert_eq!(t.nrr_hundredths(8), Some(125));
        // Three questionnaires of 1, 1, 2 on U1: 4 / 3 = 1.333… → 1.33; 5 / 3 = 1.666… → 1.67.
        let t = Tally {
            n: 3,
            sums: [4, 5, 3, 3, 3, 3, 3, 3, 3],
        };
        assert_eq!(t.nrr_hundredths(0), Some(133));
        assert_eq!(t.nrr_hundredths(1), Some(167));
        assert_eq!(Tally::default().nrr_hundredths(0), None);
        assert_eq!(Tally::default().ikm_hundredths(), None);
    }

    #[test]
    fn a_perfect_survey_scores_exactly_100() {
        let all4 = Answers::new(&[4; 9]).unwrap();
        let t = Tally::of(&[all4, all4, all4, all4, all4]);
        // 5 × 9 × 4 = 180; 180 × 2500 / 45 = 10,000 hundredths: 100.00, not 99.00 (0.11) or 99.90.
        assert_eq!(t.ikm_hundredths(), Some(10_000));
        assert_eq!(Grade::of(10_000), Grade::A);
        let all1 = Answers::new(&[1; 9]).unwrap();
        assert_eq!(Tally::of(&[all1]).ikm_hundredths(), Some(2_500));
        assert_eq!(Grade::of(2_500), Grade::D);
    }

    #[test]
    fn ikm_lands_exactly_on_the_grade_boundaries() {
        // IKM × 100 = total × 2500 / (9n), rounded half up.
        // 38 questionnaires, total 889: 2,222,500 / 342 = 6498.54 → 64.99, D.
        assert_eq!(tally_with(38, 889).ikm_hundredths(), Some(6_499));
        // 5 questionnaires, total 117 (mean answer 2.6): 292,500 / 45 = 6500 → 65.00, C.
        assert_eq!(tally_with(5, 117).ikm_hundredths(), Some(6_500));
        // 26 questionnaires, total 717: 1,792,500 / 234 = 7660.26 → 76.60, C.
        assert_eq!(tally_with(26, 717).ikm_hundredths(), Some(7_660));
        // 19 questionnaires, total 524: 1,310,000 / 171 = 7660.82 → 76.61, B.
        assert_eq!(tally_with(19, 524).ikm_hundredths(), Some(7_661));
        // 19 questionnaires, total 604: 1,510,000 / 171 = 8830.41 → 88.30, B.
        assert_eq!(tally_with(19, 604).ikm_hundredths(), Some(8_830));
        // 24 questionnaires, total 763: 1,907,500 / 216 = 8831.02 → 88.31, A.
        assert_eq!(tally_with(24, 763).ikm_hundredths(), Some(8_831));
        let grades = [6_499, 6_500, 7_660, 7_661, 8_830, 8_831].map(Grade::of);
        let (a, b, c, d) = (Grade::A, Grade::B, Grade::C, Grade::D);
        assert_eq!(grades, [d, c, c, b, b, a]);
    }

    #[test]
    fn rounding_is_half_up_at_the_last_step_only() {
        // 2 questionnaires, total 43: 107,500 / 18 = 5972.22 → 59.72.
        assert_eq!(tally_with(2, 43).ikm_hundredths(), Some(5_972));
        // 8 questionnaires, total 207: 517,500 / 72 = 7187.5 exactly → 71.88 (half up).
        assert_eq!(tally_with(8, 207).ikm_hundredths(), Some(7_188));
    }

    #[test]
    fn grades_name_the_performance() {
        assert_eq!(Grade::A.performance().0, "Sangat Baik");
        assert_eq!(Grade::D.performance().0, "Tidak Baik");
        assert_eq!(Grade::of(0).letter(), "D");
    }

    #[test]
    fn decimals_keep_two_places() {
        assert_eq!(decimal(6_500, true), "65,00");
        assert_eq!(decimal(8_831, false), "88.31");
        assert_eq!(decimal(10_000, false), "100.00");
        assert_eq!(decimal(305, true), "3,05");
    }

    #[test]
    fn krejcie_morgan_reproduces_the_table() {
        let table = [
            (10, 10),
            (20, 19),
            (30, 28),
            (50, 44),
            (100, 80),
            (150, 108),
            (200, 132),
            (300, 169),
            (500, 217),
            (1_000, 278),
            (2_000, 322),
            (5_000, 357),
            (10_000, 370),
            (1_000_000, 384),
        ];
        for (population, sample) in table {
            assert_eq!(krejcie_morgan(population), sample, "N = {population}");
        }
        assert_eq!(krejcie_morgan(0), 0);
        assert_eq!(krejcie_morgan(1), 1);
        assert!(krejcie_morgan(u64::MAX / 1_000) <= 385);
    }

    #[test]
    fn periods_read_and_bound_quarters_and_years() {
        let q3 = Period::parse("2026-Q3").unwrap();
        assert_eq!(
            q3,
            Period {
                year: 2026,
                quarter: Some(3)
            }
        );
        assert_eq!(q3.code(), "2026-Q3");
        assert_eq!(q3.bounds(), ("2026-07-01".into(), "2026-10-01".into()));
        let q4 = Period::quarter_of("2026-12-31").unwrap();
        assert_eq!(q4.bounds(), ("2026-10-01".into(), "2027-01-01".into()));
        let y = Period::parse("2026").unwrap();
        assert_eq!(y.bounds(), ("2026-01-01".into(), "2027-01-01".into()));
        assert_eq!(y.choices().len(), 5);
        for bad in [
            "", "26", "2026-Q5", "2026-Q0", "2026-Q", "2026-Q12", "x026", "2026-q1", "<b>",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::quarter_of("2026-13-01"), None);
        assert_eq!(Period::quarter_of("2026-01-01").unwrap().quarter, Some(1));
    }

    #[test]
    fn periods_since_the_first_day_run_to_today() {
        let codes = |first: Option<&str>, today: &str| -> Vec<String> {
            Period::since(first, today)
                .into_iter()
                .map(Period::code)
                .collect()
        };
        assert_eq!(
            codes(Some("2025-11-20T03:00:00Z"), "2026-05-02"),
            ["2026-Q2", "2026-Q1", "2026", "2025-Q4", "2025"]
        );
        assert_eq!(codes(None, "2026-05-02"), ["2026-Q2", "2026"]);
        assert_eq!(codes(Some("2026-04-01"), "2026-05-02"), ["2026-Q2", "2026"]);
        // A first day after today (a clock set back) is today.
        assert_eq!(codes(Some("2027-01-01"), "2026-05-02"), ["2026-Q2", "2026"]);
        // 2026-Q1 and 2026, then 2025's four quarters and 2025, then 2024's and 2024.
        assert_eq!(codes(Some("2024-02-29"), "2026-01-05").len(), 12);
        assert!(codes(None, "bukan tanggal").is_empty());
    }

    #[test]
    fn expectations_out_of_range_are_named() {
        assert!(Expectation::default().out_of_range().is_empty());
        let ok = Expectation {
            days: Some(365),
            cost: Some(MAX_COST),
            ready: Some(4),
        };
        assert!(ok.out_of_range().is_empty());
        let bad = Expectation {
            days: Some(366),
            cost: Some(MAX_COST + 1),
            ready: Some(0),
        };
        let fields: Vec<_> = bad.out_of_range().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["expect_days", "expect_cost", "expect_ready"]);
        // An old client sends no expectation at all; an empty one writes nothing.
        assert_eq!(
            serde_json::to_string(&Expectation::default()).unwrap(),
            "{}"
        );
    }

    #[test]
    fn gaps_are_means_of_actual_minus_expected() {
        let mut g = Gaps::default();
        // Took 7 working days, expected 5; took 3, expected 4; no expectation: not counted.
        g.add((Some(7), Some(5)), (Some(0), Some(50_000)));
        g.add((Some(3), Some(4)), (None, Some(10_000)));
        g.add((Some(9), None), (Some(0), None));
        assert_eq!(g.days, (2, 1));
        // (2 + −1) / 2 = 0.5 days → 5 tenths; cost: (0 − 50,000) / 1.
        assert_eq!(g.days_tenths(), Some(5));
        assert_eq!(g.cost_mean(), Some(-50_000));
        assert_eq!(Gaps::default().days_tenths(), None);
        let mut g = Gaps::default();
        for (a, e) in [(4, 5), (4, 5), (4, 4)] {
            g.add((Some(a), Some(e)), (None, None));
        }
        // −2 / 3 = −0.67 → −7 tenths.
        assert_eq!(g.days_tenths(), Some(-7));
    }

    #[test]
    fn rows_withhold_what_rests_on_fewer_than_five() {
        let four = tally_with(4, 100);
        let row = IkmRow::withheld(
            None,
            four,
            10,
            Gaps {
                days: (4, 8),
                cost: (5, 0),
            },
        );
        assert_eq!(row.tally, None);
        assert_eq!(row.gaps.days, (0, 0));
        assert_eq!(row.gaps.cost, (5, 0));
        let five = tally_with(5, 117);
        let row = IkmRow::withheld(Some("x".into()), five, 10, Gaps::default());
        assert_eq!(row.tally.and_then(|t| t.ikm_hundredths()), Some(6_500));
    }
}
