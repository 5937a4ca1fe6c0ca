//! Reference numbers: short, unambiguous, easy to read over the phone, with a check character
//! that catches a mistyped or swapped character before it reaches the server.
//!
//! Format: `XXXX-XXXX-C`: eight characters of payload (40 bits) and a check character, from an
//! alphabet without the look-alikes `0 O 1 I`. Input is forgiving about case, spaces and
//! hyphens; a look-alike is rejected rather than guessed, since a guess would hide a mistake.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The 32 characters a reference is written in.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const PAYLOAD: usize = 8;

/// A valid reference number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(u64);

/// Why a typed reference is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferenceError {
    /// Not nine characters (ignoring spaces and hyphens).
    Length,
    /// A character outside the alphabet (e.g. `0`, `O`, `1`, `I`).
    Character,
    /// The check character does not match: a character was mistyped or two were swapped.
    Check,
}

fn index(c: u8) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&a| a == c.to_ascii_uppercase())
        .map(|i| i as u32)
}

/// Multiplication in GF(32) (polynomial x⁵ + x² + 1).
fn gf_mul(mut a: u32, mut b: u32) -> u32 {
    let mut p = 0;
    while b > 0 {
        if b & 1 == 1 {
            p ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0b10_0000 != 0 {
            a ^= 0b10_0101;
        }
    }
    p
}

/// The check character: Σ αⁱ·dᵢ over GF(32), positions i = 1..8 (α = 2). With the check's own
/// weight 1 = α⁰, every weight differs, so any one mistyped character, and any two characters
/// swapped (neighbours or not, the check included), change the sum.
fn check_char(payload: &[u32]) -> u32 {
    let mut weight = 1;
    let mut sum = 0;
    for &d in payload {
        weight = gf_mul(weight, 2);
        sum ^= gf_mul(weight, d);
    }
    sum
}

impl Reference {
    /// The largest payload (40 bits).
    pub const MAX: u64 = (1 << 40) - 1;

    /// The reference for a number (only its low 40 bits are used).
    pub fn from_number(n: u64) -> Reference {
        Reference(n & Reference::MAX)
    }

    /// The number behind the reference.
    pub fn number(self) -> u64 {
        self.0
    }

    fn digits(self) -> [u32; PAYLOAD] {
        let mut d = [0; PAYLOAD];
        let mut n = self.0;
        for slot in d.iter_mut().rev() {
            *slot = (n % 32) as u32;
            n /= 32;
        }
        d
    }

    /// Reads a reference as a citizen types or reads it out.
    pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
        let chars: Vec<u8> = s
            .bytes()
            .filter(|b| !matches!(b, b' ' | b'-' | b'\t'))
            .collect();
        if chars.len() != PAYLOAD + 1 {
            return Err(ReferenceError::Length);
        }
        let values: Vec<u32> = chars
            .iter()
            .map(|&c| index(c))
            .collect::<Option<_>>()
            .ok_or(ReferenceError::Character)?;
        if check_char(&values[..PAYLOAD]) != values[PAYLOAD] {
            return Err(ReferenceError::Check);
        }
        Ok(Reference(
            values[..PAYLOAD]
                .iter()
                .fold(0u64, |n, &v| n * 32 + u64::from(v)),
        ))
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        let c = |v: u32| ALPHABET[v as usize] as char;
        for (i, v) in d.iter().enumerate() {
            if i == 4 {
                f.write_str("-")?;
            }
            write!(f, "{}", c(*v))?;
        }
        write!(f, "-{}", c(check_char(&d)))
    }
}

impl Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Reference::parse(&s)
            .map_err(|e| serde::de::Error::custom(format!("not a reference number: {e:?}")))
    }
}

/// The six digits of a receipt's PIN as a person may type them: the receipt shows it spaced
/// ("2 8 3 5 9 9"), so spaces, dots and dashes are ignored; anything else, or another number
/// of digits, is not a PIN. Used by the track form and by the server.
pub fn pin_digits(typed: &str) -> Option<String> {
    let digits: String = typed
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-')))
        .collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// How many characters the PIN field takes: six digits with a separator between each.
pub const PIN_FIELD_CHARS: usize = 11;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_read_as_the_receipt_shows_it() {
        for typed in ["283599", "283 599", "2 8 3 5 9 9", " 283-599 ", "28.35.99"] {
            assert_eq!(pin_digits(typed).as_deref(), Some("283599"), "{typed}");
            assert!(typed.trim().len() <= PIN_FIELD_CHARS, "{typed}");
        }
        for wrong in ["", "28359", "2835990", "28359a", "283 59９"] {
            assert_eq!(pin_digits(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn round_trips_and_reads_forgivingly() {
        for n in [0, 1, 31, 32, 123_456_789, Reference::MAX] {
            let r = Reference::from_number(n);
            let s = r.to_string();
            assert_eq!(s.len(), 11, "{s}");
            assert_eq!(Reference::parse(&s), Ok(r));
            assert_eq!(Reference::parse(&s.to_lowercase().replace('-', " ")), Ok(r));
        }
    }

    #[test]
    fn has_no_look_alike_characters() {
        let s = Reference::from_number(Reference::MAX).to_string()
            + &Reference::from_number(0).to_string();
        assert!(!s.contains(['0', 'O', '1', 'I']));
        assert_eq!(
            Reference::parse("0000-0000-0"),
            Err(ReferenceError::Character)
        );
        assert_eq!(Reference::parse("ABCD"), Err(ReferenceError::Length));
    }

    #[test]
    fn every_single_mistyped_character_is_caught() {
        for n in [7u64, 99_991, 555_555_555, 1_000_000_007] {
            let good: Vec<u8> = Reference::from_number(n).to_string().into_bytes();
            for pos in (0..good.len()).filter(|&p| good[p] != b'-') {
                for &c in ALPHABET.iter().filter(|&&c| c != good[pos]) {
                    let mut bad = good.clone();
                    bad[pos] = c;
                    assert_eq!(
                        Reference::parse(std::str::from_utf8(&bad).unwrap()),
                        Err(ReferenceError::Check)
                    );
                }
            }
        }
    }

    #[test]
    fn every_swap_of_two_characters_is_caught() {
        for n in (0..2000u64).map(|i| i * 549_755_813 % Reference::MAX) {
            let s: Vec<u8> = Reference::from_number(n)
                .to_string()
                .bytes()
                .filter(|&b| b != b'-')
                .collect();
            for i in 0..s.len() {
                for j in i + 1..s.len() {
                    if s[i] == s[j] {
                        continue;
                    }
                    let mut t = s.clone();
                    t.swap(i, j);
                    assert!(
                        Reference::parse(std::str::from_utf8(&t).unwrap()).is_err(),
                        "{n}: swap {i}/{j}"
                    );
                }
            }
        }
    }

    #[test]
    fn gf32_is_a_field() {
        // every non-zero element has an inverse, so weighting loses no information
        for a in 1..32 {
            assert!((1..32).any(|b| gf_mul(a, b) == 1), "{a} has an inverse");
        }
    }
}
