//! Corrections citizens send about a service's information ("Apakah informasi ini benar?"):
//! which Standar Pelayanan field is wrong, what they saw, what it should say, and an optional
//! photo as evidence; the one check of what they typed; and the state of a correction in the
//! agency's queue. Used by the server only (the page and its form are server-rendered).

use serde::{Deserialize, Serialize};

/// The longest text accepted for "what you saw" and "what it should say", in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The largest evidence photo accepted, in bytes (within the server's request body limit).
pub const MAX_EVIDENCE_BYTES: usize = 200 * 1024;

/// A field of the Standar Pelayanan a correction is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    /// The service's name.
    Name,
    /// The short description.
    Summary,
    /// Persyaratan.
    Requirements,
    /// Sistem, mekanisme dan prosedur.
    Steps,
    /// Biaya/tarif.
    Cost,
    /// Jangka waktu penyelesaian.
    Processing,
    /// Produk pelayanan.
    Product,
    /// Where to apply.
    Channels,
    /// Dasar hukum.
    LegalBasis,
    /// Whom to ask (penanganan pengaduan).
    Contact,
    /// Anything else.
    Other,
}

impl Field {
    /// Every field, in the order of the service page.
    pub const ALL: [Field; 11] = [
        Field::Name,
        Field::Summary,
        Field::Requirements,
        Field::Steps,
        Field::Cost,
        Field::Processing,
        Field::Product,
        Field::Channels,
        Field::LegalBasis,
        Field::Contact,
        Field::Other,
    ];

    /// The field's code in forms and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Summary => "summary",
            Field::Requirements => "requirements",
            Field::Steps => "steps",
            Field::Cost => "cost",
            Field::Processing => "processing",
            Field::Product => "product",
            Field::Channels => "channels",
            Field::LegalBasis => "legal_basis",
            Field::Contact => "contact",
            Field::Other => "other",
        }
    }

    /// The field with `code`, if there is one.
    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Why a correction was refused (each with its code in `?gagal=` and its HTTP status).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// No field, or one that is not in the list.
    NoField,
    /// "What it should say" is empty.
    NoText,
    /// A text is longer than [`MAX_TEXT_CHARS`].
    TooLong,
    /// A text holds control characters or bidirectional overrides.
    BadCharacter,
    /// The evidence is not a JPEG or PNG photo.
    NotAPhoto,
    /// The evidence is larger than [`MAX_EVIDENCE_BYTES`].
    PhotoTooLarge,
    /// The form could not be read at all.
    Unreadable,
    /// Too many corrections from this address.
    TooMany,
}

impl Refusal {
    /// Every refusal.
    pub const ALL: [Refusal; 8] = [
        Refusal::NoField,
        Refusal::NoText,
        Refusal::TooLong,
        Refusal::BadCharacter,
        Refusal::NotAPhoto,
        Refusal::PhotoTooLarge,
        Refusal::Unreadable,
        Refusal::TooMany,
    ];

    /// The code in `?gagal=`.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoField => "bagian",
            Refusal::NoText => "kosong",
            Refusal::TooLong => "panjang",
            Refusal::BadCharacter => "karakter",
            Refusal::NotAPhoto => "foto",
            Refusal::PhotoTooLarge => "besar",
            Refusal::Unreadable => "formulir",
            Refusal::TooMany => "banyak",
        }
    }

    /// The refusal with `code`, if there is one.
    pub fn from_code(code: &str) -> Option<Refusal> {
        Refusal::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The HTTP status it is answered with.
    pub fn status(self) -> u16 {
        match self {
            Refusal::NotAPhoto => 415,
            Refusal::PhotoTooLarge => 413,
            Refusal::Unreadable => 400,
            Refusal::TooMany => 429,
            _ => 422,
        }
    }
}

/// A correction as the citizen typed it, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The field's code.
    pub field: String,
    /// What the citizen saw.
    pub saw: String,
    /// What it should say.
    pub should: String,
}

/// A checked correction: trimmed texts, a known field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// The field.
    pub field: Field,
    /// What the citizen saw (may be empty).
    pub saw: String,
    /// What it should say (never empty).
    pub should: String,
}

/// True when `s` holds a character that has no place in a correction: a control character other
/// than a line break or tab, or a bidirectional override that would show the text differently.
fn has_bad_character(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// The one check of a correction's texts and field.
pub fn check(d: &Draft) -> Result<Checked, Refusal> {
    let field = Field::from_code(d.field.trim()).ok_or(Refusal::NoField)?;
    let (saw, should) = (d.saw.trim(), d.should.trim());
    if has_bad_character(saw) || has_bad_character(should) {
        return Err(Refusal::BadCharacter);
    }
    if saw.chars().count() > MAX_TEXT_CHARS || should.chars().count() > MAX_TEXT_CHARS {
        return Err(Refusal::TooLong);
    }
    if should.is_empty() {
        return Err(Refusal::NoText);
    }
    Ok(Checked {
        field,
        saw: saw.to_string(),
        should: should.to_string(),
    })
}

/// Where a correction stands in the agency's queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Waiting for the agency.
    Open,
    /// The agency fixed the information (or found it right after all and said so).
    Resolved,
    /// The agency found nothing to change.
    Dismissed,
}

impl Status {
    /// The status's code in the database and in forms.
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
            Status::Dismissed => "dismissed",
        }
    }

    /// The status with `code`, if there is one.
    pub fn from_code(code: &str) -> Option<Status> {
        [Status::Open, Status::Resolved, Status::Dismissed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A correction in the agency's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Its number.
    pub id: i64,
    /// The service it is about.
    pub service: String,
    /// The field, its text and what it should say.
    pub what: Checked,
    /// The SHA-256 of the evidence photo, if one was sent.
    pub evidence: Option<String>,
    /// When it was sent (UTC, ISO 8601).
    pub at: String,
    /// Where it stands.
    pub status: Status,
    /// The note of whoever closed it.
    pub note: Option<String>,
}

/// The correction page of a service: the form, a refusal of the last try, or the thanks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionScreen {
    /// The service.
    pub service: Box<super::catalogue::Service>,
    /// Why the last try was refused (`?gagal=`).
    pub failed: Option<Refusal>,
    /// The correction was received (`?terkirim=1`): the thanks.
    pub sent: bool,
    /// What was typed in a refused try, to fill in again.
    pub draft: Draft,
}

/// The service slug of a correction page's address (`/layanan/<slug>/koreksi`), if `path` is
/// one.
pub fn page_slug(path: &str) -> Option<&str> {
    let slug = path
        .strip_prefix("/layanan/")?
        .trim_end_matches('/')
        .strip_suffix("/koreksi")?;
    super::catalogue::is_valid_slug(slug).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(field: &str, saw: &str, should: &str) -> Draft {
        Draft {
            field: field.into(),
            saw: saw.into(),
            should: should.into(),
        }
    }

    #[test]
    fn a_correction_needs_a_known_field_and_what_it_should_say() {
        let ok = check(&draft(" cost ", " Rp 50.000 ", " Gratis ")).unwrap();
        assert_eq!(ok.field, Field::Cost);
        assert_eq!(
            (ok.saw.as_str(), ok.should.as_str()),
            ("Rp 50.000", "Gratis")
        );
        assert_eq!(check(&draft("", "a", "b")), Err(Refusal::NoField));
        assert_eq!(check(&draft("form", "a", "b")), Err(Refusal::NoField));
        assert_eq!(check(&draft("cost", "a", "  \n ")), Err(Refusal::NoText));
        assert!(check(&draft("steps", "", "baris 1\nbaris 2\tx")).is_ok());
    }

    #[test]
    fn long_texts_and_hidden_characters_are_refused() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(check(&draft("cost", &long, "b")), Err(Refusal::TooLong));
        assert_eq!(check(&draft("cost", "a", &long)), Err(Refusal::TooLong));
        let max = "é".repeat(MAX_TEXT_CHARS);
        assert!(check(&draft("cost", "", &max)).is_ok());
        assert_eq!(
            check(&draft("cost", "a\u{0}", "b")),
            Err(Refusal::BadCharacter)
        );
        assert_eq!(
            check(&draft("cost", "a", "b\u{202E}c")),
            Err(Refusal::BadCharacter)
        );
    }

    #[test]
    fn codes_go_both_ways() {
        for f in Field::ALL {
            assert_eq!(Field::from_code(f.code()), Some(f));
        }
        for r in Refusal::ALL {
            assert_eq!(Refusal::from_code(r.code()), Some(r));
            assert!((400..500).contains(&r.status()));
        }
    }

    #[test]
    fn the_page_address_names_a_valid_slug() {
        assert_eq!(page_slug("/layanan/paspor/koreksi"), Some("paspor"));
        assert_eq!(page_slug("/layanan/paspor/koreksi/"), Some("paspor"));
        assert_eq!(page_slug("/layanan/paspor"), None);
        assert_eq!(page_slug("/layanan/a/b/koreksi"), None);
        assert_eq!(page_slug("/layanan/<x>/koreksi"), None);
    }
}
