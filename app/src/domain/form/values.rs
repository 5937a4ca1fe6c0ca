//! Indonesian values a field may hold: NIK, phone numbers, e-mail addresses.

use super::Problem;
use crate::domain::date::Date;

/// Province codes in use (Kepmendagri on region codes), the first two digits of a NIK.
pub(super) const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

/// Each province's name, in Bahasa Indonesia and in English, by code (the order of
/// [`PROVINCES`]). Only the server shows them (the province choice, the generator).
#[cfg(feature = "ssr")]
pub const PROVINCE_NAMES: &[(u8, &str, &str)] = &[
    (11, "Aceh", "Aceh"),
    (12, "Sumatera Utara", "North Sumatra"),
    (13, "Sumatera Barat", "West Sumatra"),
    (14, "Riau", "Riau"),
    (15, "Jambi", "Jambi"),
    (16, "Sumatera Selatan", "South Sumatra"),
    (17, "Bengkulu", "Bengkulu"),
    (18, "Lampung", "Lampung"),
    (19, "Kepulauan Bangka Belitung", "Bangka Belitung Islands"),
    (21, "Kepulauan Riau", "Riau Islands"),
    (31, "DKI Jakarta", "Jakarta"),
    (32, "Jawa Barat", "West Java"),
    (33, "Jawa Tengah", "Central Java"),
    (34, "DI Yogyakarta", "Yogyakarta Special Region"),
    (35, "Jawa Timur", "East Java"),
    (36, "Banten", "Banten"),
    (51, "Bali", "Bali"),
    (52, "Nusa Tenggara Barat", "West Nusa Tenggara"),
    (53, "Nusa Tenggara Timur", "East Nusa Tenggara"),
    (61, "Kalimantan Barat", "West Kalimantan"),
    (62, "Kalimantan Tengah", "Central Kalimantan"),
    (63, "Kalimantan Selatan", "South Kalimantan"),
    (64, "Kalimantan Timur", "East Kalimantan"),
    (65, "Kalimantan Utara", "North Kalimantan"),
    (71, "Sulawesi Utara", "North Sulawesi"),
    (72, "Sulawesi Tengah", "Central Sulawesi"),
    (73, "Sulawesi Selatan", "South Sulawesi"),
    (74, "Sulawesi Tenggara", "Southeast Sulawesi"),
    (75, "Gorontalo", "Gorontalo"),
    (76, "Sulawesi Barat", "West Sulawesi"),
    (81, "Maluku", "Maluku"),
    (82, "Maluku Utara", "North Maluku"),
    (91, "Papua", "Papua"),
    (92, "Papua Barat", "West Papua"),
    (93, "Papua Selatan", "South Papua"),
    (94, "Papua Tengah", "Central Papua"),
    (95, "Papua Pegunungan", "Highland Papua"),
    (96, "Papua Barat Daya", "Southwest Papua"),
];

/// Whether `code` is a province's two-digit code (`32`): the first two digits of a NIK, and
/// what a regional agency's `province` names in the catalogue.
pub fn is_province_code(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_digit())
        && code.parse::<u8>().is_ok_and(|n| PROVINCES.contains(&n))
}

/// Checks a NIK's structure: 16 digits (spaces and dots allowed while typing); a province code,
/// non-zero regency and district codes; DDMMYY birth date with 40 added to the day for women;
/// a serial that is not 0000. Returns the 16 digits.
pub fn check_nik(s: &str) -> Result<String, Problem> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if digits.len() != 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::NikLength);
    }
    let n = |a: usize| (digits.as_bytes()[a] - b'0') * 10 + (digits.as_bytes()[a + 1] - b'0');
    if !PROVINCES.contains(&n(0)) || n(2) == 0 || n(4) == 0 {
        return Err(Problem::NikRegion);
    }
    let (mut day, month, yy) = (n(6), n(8), i32::from(n(10)));
    if day > 40 {
        day -= 40;
    }
    // Either century will do: the NIK does not say which.
    let exists =
        Date::new(1900 + yy, month, day).is_some() || Date::new(2000 + yy, month, day).is_some();
    if !exists {
        return Err(Problem::NikBirthDate);
    }
    if &digits[12..] == "0000" {
        return Err(Problem::NikSerial);
    }
    Ok(digits)
}

/// An Indonesian phone number as `+62…`: accepts `08…`, `628…`, `+62 8…`, landlines such as
/// `(021) 500-1234`; 9 to 13 digits after the country code's `0`.
pub fn normalize_phone(s: &str) -> Option<String> {
    let t = s.trim();
    if t.chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')))
    {
        return None;
    }
    if t.chars().skip(1).any(|c| c == '+') {
        return None;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        if t.starts_with('+') {
            return None;
        }
        rest.to_string()
    } else {
        return None;
    };
    if !(8..=12).contains(&national.len()) || national.starts_with('0') {
        return None;
    }
    Some(format!("+62{national}"))
}

/// A plausible e-mail address: one `@`, something before, a dotted domain after, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|p| !p.is_empty() && !p.starts_with('-') && !p.ends_with('-'))
}

/// The day, month and year of a date typed in parts (`Y-M-D`, any part possibly empty; an ISO
/// date reads the same way), each trimmed; `None` when it is not three parts.
pub fn date_parts(s: &str) -> Option<[&str; 3]> {
    let mut it = s.split('-').map(str::trim);
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    Some([d, m, y])
}

/// The date a `Y-M-D` answer names, when it is complete and exists (`2007-3-27` as well as
/// `2007-03-27`).
pub fn parts_date(s: &str) -> Option<Date> {
    let [d, m, y] = date_parts(s)?;
    let n = |p: &str| {
        p.parse::<u16>()
            .ok()
            .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
    };
    Date::new(
        i32::from(n(y)?),
        u8::try_from(n(m)?).ok()?,
        u8::try_from(n(d)?).ok()?,
    )
}

/// Checks a date typed in parts against `today`: every part there, a date that exists, not
/// before 1900, not after today. Returns it as `YYYY-MM-DD`.
pub fn check_memorable_date(s: &str, today: Date) -> Result<Date, Problem> {
    let parts = date_parts(s).ok_or(Problem::NotADate)?;
    let missing: Vec<u8> = (0u8..3)
        .filter(|&i| parts[usize::from(i)].is_empty())
        .collect();
    if !missing.is_empty() {
        return Err(Problem::DateMissing { parts: missing });
    }
    let d = parts_date(s).ok_or(Problem::NotADate)?;
    if d.year < 1900 {
        return Err(Problem::TooSmall { min: 19_000_101.0 });
    }
    if d > today {
        return Err(Problem::Future);
    }
    Ok(d)
}
