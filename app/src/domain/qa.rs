//! Questions and answers on a service, in the open: the rules for their text (trimmed, not
//! empty, within length limits) and the personal-data check, the same on the phone and the
//! server.
//!
//! **Personal data** (public text never carries it) is refused when found:
//! - a **NIK**: 16 digits in a row, also written with spaces, dots or dashes between groups
//!   (`3201 0101 0190 0001`, `3201.0101.0190.0001`). Any 16 digits count, whether or not they
//!   form a structurally valid NIK: a mistyped NIK is still someone's NIK, and a 16-digit
//!   virtual-account or card number is personal too.
//! - an **Indonesian mobile number**: `08…` with 10 to 13 digits, `628…` with 11 to 14,
//!   or anything written `+62…` with 10 to 14 digits, with spaces, dots or dashes between
//!   groups (`0812-3456-7890`, `+62 812 3456 7890`).
//! - an **e-mail address**: something, `@`, a dotted domain (`nama@contoh.id`).
//!
//! Deliberately **not** refused (near-misses the tests hold): years (`2024`), prices
//! (`Rp 50.000`, `Rp1.500.000`), dates (`17-08-2024`), times (`08.00-16.00`), counts, short
//! office and call-centre numbers (`1500-400`, `(021) 500-400`: agencies publish these, and
//! a helpful answer quotes them), a 15-digit number (not a NIK; the old 15-digit NPWP is not
//! checked) and an `@name` mention without a domain. Numbers separated by anything but
//! spaces (a comma, a word) are read apart, so `2024, 2025, 2026, 2027` is four years.
//!
//! A refusal names what was found ([`Found`]) and never echoes it.

use serde::{Deserialize, Serialize};

/// What a text is: each kind has its own length limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextKind {
    /// A question on a service.
    Question,
    /// An answer to a question.
    Answer,
    /// Why staff hid a question or answer, or why a citizen reports one.
    Reason,
}

impl TextKind {
    /// The fewest and most characters (after trimming) of this kind.
    pub const fn limits(self) -> (usize, usize) {
        match self {
            TextKind::Question => (10, 1000),
            TextKind::Answer => (2, 2000),
            TextKind::Reason => (3, 500),
        }
    }
}

/// Which kind of personal data a text was refused for (never the data itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Found {
    /// A 16-digit NIK.
    Nik,
    /// An Indonesian mobile phone number.
    Phone,
    /// An e-mail address.
    Email,
}

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextProblem {
    /// Nothing but spaces.
    Empty,
    /// Shorter than the kind allows.
    TooShort,
    /// Longer than the kind allows.
    TooLong,
    /// It holds control characters other than line breaks and tabs.
    ControlCharacters,
    /// It holds personal data.
    Personal(Found),
}

impl TextProblem {
    /// Every problem, for tests and the codes a page reads back.
    pub const ALL: [TextProblem; 7] = [
        TextProblem::Empty,
        TextProblem::TooShort,
        TextProblem::TooLong,
        TextProblem::ControlCharacters,
        TextProblem::Personal(Found::Nik),
        TextProblem::Personal(Found::Phone),
        TextProblem::Personal(Found::Email),
    ];

    /// Its short name in a page's address (`?gagal=nik`).
    pub fn code(self) -> &'static str {
        match self {
            TextProblem::Empty => "kosong",
            TextProblem::TooShort => "pendek",
            TextProblem::TooLong => "panjang",
            TextProblem::ControlCharacters => "karakter",
            TextProblem::Personal(Found::Nik) => "nik",
            TextProblem::Personal(Found::Phone) => "hp",
            TextProblem::Personal(Found::Email) => "email",
        }
    }

    /// The problem named `code` (see [`code`](Self::code)).
    pub fn from_code(code: &str) -> Option<TextProblem> {
        TextProblem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Checks `raw` as a text of `kind`: trimmed, not empty, within the kind's limits, no control
/// characters (line breaks and tabs are kept), no personal data. Returns the trimmed text.
pub fn check_text(kind: TextKind, raw: &str) -> Result<String, TextProblem> {
    let text = raw.trim();
    let (min, max) = kind.limits();
    let n = text.chars().count();
    if n == 0 {
        return Err(TextProblem::Empty);
    }
    if n > max {
        return Err(TextProblem::TooLong);
    }
    if n < min {
        return Err(TextProblem::TooShort);
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(TextProblem::ControlCharacters);
    }
    if let Some(found) = personal_data(text) {
        return Err(TextProblem::Personal(found));
    }
    Ok(text.to_string())
}

/// The first kind of personal data in `text`: an e-mail address, then a NIK, then a phone.
pub fn personal_data(text: &str) -> Option<Found> {
    if has_email(text) {
        return Some(Found::Email);
    }
    let groups = digit_groups(text);
    let mut phone = false;
    for start in 0..groups.len() {
        let mut digits = String::new();
        for (i, g) in groups[start..].iter().enumerate() {
            if i > 0 && !g.joined {
                break;
            }
            digits.push_str(&g.digits);
            if digits.len() == 16 {
                return Some(Found::Nik);
            }
            phone |= is_mobile(&digits, groups[start].plus);
        }
    }
    phone.then_some(Found::Phone)
}

/// A run of digits with at most one `.` or `-` between two digits (`0812-3456`, `50.000`).
#[derive(Debug, PartialEq, Eq)]
struct Group {
    /// Its digits alone.
    digits: String,
    /// Written right after a `+`.
    plus: bool,
    /// Separated from the group before by spaces only (so they may be one number).
    joined: bool,
}

/// The groups of digits in `text`, in order.
fn digit_groups(text: &str) -> Vec<Group> {
    let chars: Vec<char> = text.chars().collect();
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    let mut last_end: Option<usize> = None;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                i += 1;
            } else if matches!(chars[i], '.' | '-')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            {
                i += 1;
            } else {
                break;
            }
        }
        let plus = start > 0 && chars[start - 1] == '+';
        let gap_start = if plus { start - 1 } else { start };
        let joined = last_end
            .is_some_and(|end| gap_start > end && chars[end..gap_start].iter().all(|c| *c == ' '));
        groups.push(Group {
            digits,
            plus,
            joined,
        });
        last_end = Some(i);
    }
    groups
}

/// True when `digits` (a `+` before them when `plus`) are an Indonesian mobile number.
fn is_mobile(digits: &str, plus: bool) -> bool {
    let n = digits.len();
    (plus && digits.starts_with("62") && (10..=14).contains(&n))
        || (digits.starts_with("628") && (11..=14).contains(&n))
        || (digits.starts_with("08") && (10..=13).contains(&n))
}

/// True when `text` holds something shaped like an e-mail address: at least one name
/// character before an `@`, and after it a domain of name parts with a dot and a last part of
/// two or more letters.
///
/// Letters are read as ASCII letters and digits plus any non-ASCII character (an address with
/// *ü* or *é* is still caught): Unicode's letter tables would cost the phone's bundle kilobytes.
fn has_email(text: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || !c.is_ascii();
    let local = |c: char| word(c) || matches!(c, '.' | '_' | '%' | '+' | '-');
    let host = |c: char| word(c) || matches!(c, '.' | '-');
    text.match_indices('@').any(|(at, _)| {
        let before = text[..at].chars().next_back().is_some_and(local);
        let domain: String = text[at + 1..].chars().take_while(|c| host(*c)).collect();
        let domain = domain.trim_end_matches(['.', '-']);
        let parts: Vec<&str> = domain.split('.').collect();
        before
            && parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty())
            && parts.last().is_some_and(|tld| {
                tld.chars().count() >= 2
                    && tld
                        .chars()
                        .all(|c| c.is_ascii_alphabetic() || !c.is_ascii())
            })
    })
}

/// A question as everyone sees it, with its visible answers, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Its id (a UUIDv7 the asker's device made).
    pub id: String,
    /// The service it is about.
    pub service: String,
    /// The question.
    pub body: String,
    /// When it was asked (`YYYY-MM-DDTHH:MM:SS.sssZ`).
    pub asked_at: String,
    /// Its answers that are not hidden.
    pub answers: Vec<Answer>,
}

/// An answer as everyone sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Its id.
    pub id: String,
    /// The answer.
    pub body: String,
    /// Given by staff of the question's agency for it (decided when it was written).
    pub official: bool,
    /// The agency that answered, for an official answer.
    pub agency: Option<String>,
    /// The agency accepted it as the answer to the question.
    pub accepted: bool,
    /// When it was written.
    pub answered_at: String,
}

/// A question waiting in an agency's queue for an official answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// The question, with the answers citizens gave meanwhile.
    pub question: Question,
    /// Whole days since it was asked.
    pub age_days: i64,
}

/// The public page of a service's questions (`/layanan/<slug>/tanya-jawab`), rendered by the
/// server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionsScreen {
    /// The service.
    pub service: super::catalogue::Service,
    /// Its visible questions, newest first.
    pub questions: Vec<Question>,
    /// The median days its agency takes to answer officially.
    pub median_days: Option<u32>,
    /// A fresh id (UUIDv7) for the ask form, so that a form sent twice is one question.
    pub new_id: String,
    /// The last form was stored (`?terkirim=1`).
    pub sent: bool,
    /// The last form was refused for this (`?gagal=<code>`; `None` for another reason).
    pub failed: Option<Option<TextProblem>>,
    /// The reader is staff of the service's agency: the page offers accept, hide and
    /// promote.
    pub staff: bool,
}

/// What a question or answer is, for hiding and reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A question.
    Question,
    /// An answer.
    Answer,
}

impl Target {
    /// Its stored name.
    pub fn code(self) -> &'static str {
        match self {
            Target::Question => "question",
            Target::Answer => "answer",
        }
    }

    /// The target named `code` (`question`, `answer`).
    pub fn from_code(code: &str) -> Option<Target> {
        match code {
            "question" => Some(Target::Question),
            "answer" => Some(Target::Answer),
            _ => None,
        }
    }
}

/// The median of `days` (each a question's wait for its first official answer), rounded up
/// to whole days and at least 1; `None` when nothing was answered.
pub fn median_days(mut days: Vec<f64>) -> Option<u32> {
    days.retain(|d| d.is_finite() && *d >= 0.0);
    if days.is_empty() {
        return None;
    }
    days.sort_by(f64::total_cmp);
    let n = days.len();
    let m = if n % 2 == 1 {
        days[n / 2]
    } else {
        (days[n / 2 - 1] + days[n / 2]) / 2.0
    };
    Some((m.ceil() as u32).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<Found> {
        personal_data(text)
    }

    #[test]
    fn a_nik_is_found_however_it_is_written() {
        for t in [
            "NIK saya 3201010101900001 bagaimana?",
            "3201 0101 0190 0001",
            "nik: 3201.0101.0190.0001.",
            "3201-0101-0190-0001",
            "32010101 01900001",
            // Not a valid NIK (province 99), still 16 digits of someone's number.
            "9999999999999999",
            // A NIK and a phone written together: the NIK is named.
            "3201010101900001 081234567890",
        ] {
            assert_eq!(found(t), Some(Found::Nik), "{t}");
        }
    }

    #[test]
    fn a_mobile_number_is_found_however_it_is_written() {
        for t in [
            "hubungi 081234567890 ya",
            "0812-3456-7890",
            "0812 3456 7890",
            "0812.3456.789",
            "+6281234567890",
            "+62 812 3456 7890",
            "+62-812-3456-7890",
            "6281234567890",
            "62 812 3456 7890",
            "WA saya 08123456789.",
        ] {
            assert_eq!(found(t), Some(Found::Phone), "{t}");
        }
    }

    #[test]
    fn an_email_address_is_found() {
        for t in [
            "kirim ke budi@gmail.com",
            "email: Budi.Santoso+ktp@mail.example.co.id.",
            "(siti_99@yahoo.co.id)",
        ] {
            assert_eq!(found(t), Some(Found::Email), "{t}");
        }
    }

    #[test]
    fn near_misses_are_not_personal_data() {
        for t in [
            "Apakah syaratnya berubah sejak 2024?",
            "Biayanya Rp 50.000 atau Rp1.500.000?",
            "Tanggal 17-08-2024 kantor buka?",
            "Buka jam 08.00-16.00, Senin sampai Jumat.",
            "Loket buka 08.00 sampai 16.00",
            "Hubungi call center 1500-400 atau (021) 500-400.",
            "Nomor 123456789012345 itu 15 angka.",
            "2024, 2025, 2026, 2027",
            "Tanya ke @dukcapil di media sosial",
            "Apakah 2 orang bisa diwakilkan, maksimal 3 kali?",
            "user@localhost tanpa domain bertitik",
            "nomor 0812 saja tidak cukup",
        ] {
            assert_eq!(found(t), None, "{t}");
        }
    }

    #[test]
    fn texts_are_trimmed_and_held_to_their_limits() {
        let q = TextKind::Question;
        assert_eq!(
            check_text(q, "  Berapa lama prosesnya?  ").as_deref(),
            Ok("Berapa lama prosesnya?")
        );
        assert_eq!(check_text(q, " \n\t "), Err(TextProblem::Empty));
        assert_eq!(check_text(q, "Berapa?"), Err(TextProblem::TooShort));
        assert_eq!(check_text(q, &"a".repeat(1001)), Err(TextProblem::TooLong));
        assert!(
            check_text(q, &"é".repeat(1000)).is_ok(),
            "counted in characters"
        );
        assert_eq!(
            check_text(q, "Berapa lama\u{0}prosesnya?"),
            Err(TextProblem::ControlCharacters)
        );
        assert!(check_text(q, "Baris satu\nbaris dua\tdan tab").is_ok());
        assert_eq!(check_text(TextKind::Answer, "Ya").as_deref(), Ok("Ya"));
        assert_eq!(
            check_text(TextKind::Reason, &"x".repeat(501)),
            Err(TextProblem::TooLong)
        );
    }

    #[test]
    fn every_problem_reads_back_from_its_code() {
        for p in TextProblem::ALL {
            assert_eq!(TextProblem::from_code(p.code()), Some(p));
        }
        assert_eq!(TextProblem::from_code("lain"), None);
    }

    #[test]
    fn the_median_wait_is_in_whole_days_rounded_up() {
        assert_eq!(median_days(vec![]), None);
        assert_eq!(median_days(vec![0.1]), Some(1));
        assert_eq!(median_days(vec![5.0, 0.5, 2.2]), Some(3));
        assert_eq!(median_days(vec![1.0, 2.0, 3.0, 10.0]), Some(3));
        assert_eq!(median_days(vec![f64::NAN, -1.0, 4.0]), Some(4));
    }

    #[test]
    fn personal_data_is_refused_by_kind() {
        assert_eq!(
            check_text(TextKind::Question, "NIK saya 3201010101900001, bisa?"),
            Err(TextProblem::Personal(Found::Nik))
        );
        assert_eq!(
            check_text(TextKind::Answer, "WA saja ke 0812 3456 7890"),
            Err(TextProblem::Personal(Found::Phone))
        );
        assert_eq!(
            check_text(TextKind::Answer, "tanya budi@contoh.id"),
            Err(TextProblem::Personal(Found::Email))
        );
    }
}
