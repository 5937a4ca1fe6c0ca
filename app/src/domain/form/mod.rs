//! Application forms and their one validator, used by the form as the citizen types and by the
//! server on submit (the server never trusts the client).
//!
//! A form is versioned and made of sections of fields. Answers are text as typed (or lists for
//! multiple choice); [`validate`] checks them against the schema and returns them cleaned
//! (trimmed, phone numbers as +62…, hidden fields dropped) or every problem, per field.

use super::l10n::Text;
use super::map_only::{map_deserialize, name_deserialize};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod schema;
mod validator;
mod values;

pub use schema::schema_problems;
pub use validator::{validate, validate_on};
#[cfg(feature = "ssr")]
pub use values::PROVINCE_NAMES;
pub use values::{check_nik, date_parts, is_email, is_province_code, normalize_phone, parts_date};

/// A form as a service carries it: the JSON passed through untouched, read into a
/// [`FormSchema`] only where a form is filled in or checked. Pages that merely show the service
/// (and the phone's bundle for them) never pay for reading forms.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FormDoc(pub Box<serde_json::value::RawValue>);

impl FormDoc {
    /// Encodes a schema.
    pub fn of(schema: &FormSchema) -> Result<FormDoc, serde_json::Error> {
        serde_json::value::RawValue::from_string(serde_json::to_string(schema)?).map(FormDoc)
    }

    /// Reads the schema.
    pub fn schema(&self) -> Result<FormSchema, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }
}

impl PartialEq for FormDoc {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for FormDoc {}

/// A versioned form.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FormSchema {
    /// Grows whenever the form changes; a submission names the version it was filled in.
    pub version: u32,
    /// One section per screen.
    pub sections: Vec<Section>,
}

/// A screen of the form.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// Stable name.
    pub id: String,
    /// Heading.
    pub title: Text,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A choice's value and label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Choice {
    /// What is stored.
    pub value: String,
    /// What is shown.
    pub label: Text,
}

/// What a field asks for. In the data it is flat: `kind = "choice"` with `options` beside it
/// (see [`Field`]'s wire form).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines.
    LongText,
    /// A number (decimal point `.` or `,`).
    Number,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A past date known by heart or read off a document (a date of birth): typed as day,
    /// month and year (GOV.UK's date input), kept while typing as `Y-M-D` with any part empty,
    /// stored as `YYYY-MM-DD`; not in the future, not before 1900.
    MemorableDate,
    /// One of the choices.
    Choice {
        /// The options.
        options: Vec<Choice>,
    },
    /// Any of the choices.
    MultiChoice {
        /// The options.
        options: Vec<Choice>,
    },
    /// Yes or no (`ya` / `tidak`).
    YesNo,
    /// The 16-digit national identity number.
    Nik,
    /// An Indonesian telephone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A photo or file, answered with its SHA-256 (hex) once stored.
    File {
        /// Largest size in bytes.
        max_bytes: u64,
    },
}

/// Show a field only when another field has one of these answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VisibleIf {
    /// The other field's id.
    pub field: String,
    /// Answers that make this field visible.
    pub any_of: Vec<String>,
}

/// A question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FieldWire", into = "FieldWire")]
pub struct Field {
    /// Stable name (the answer's key).
    pub id: String,
    /// The question.
    pub label: Text,
    /// Help under the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// What it asks for.
    pub kind: FieldKind,
    /// An answer is needed (when the field is visible).
    #[serde(default)]
    pub required: bool,
    /// Shortest text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Longest text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Smallest number (or earliest date as `YYYYMMDD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest number (or latest date as `YYYYMMDD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// A shape the text must have (see `domain::pattern`), e.g. `9{5}` for a postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Only shown when another answer says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<VisibleIf>,
    /// What to say when the field is required and empty, where the words built from its kind
    /// and label ("Masukkan …", "Pilih …") would make a poor sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Text>,
}

impl Field {
    /// A question with no hint, limits, pattern, condition or own error text: what the rest
    /// default to when a catalogue leaves them out.
    pub fn new(id: &str, label: Text, kind: FieldKind, required: bool) -> Field {
        Field {
            id: id.into(),
            label,
            hint: None,
            kind,
            required,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            pattern: None,
            visible_if: None,
            error: None,
        }
    }
}

/// An answer as typed or chosen: a JSON string, or a list of strings for multiple choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Text, a number, a date, a single choice, yes/no, NIK, phone, e-mail, a file hash.
    One(String),
    /// Multiple choices.
    Many(Vec<String>),
}

/// Answers by field id.
pub type Answers = BTreeMap<String, Answer>;

/// What is wrong with an answer; the interface words it in the citizen's language. On the wire
/// `"required"` or `{"too_short":{"min":3}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Required and empty.
    Required,
    /// Shorter than `min` characters.
    TooShort {
        /// Shortest allowed.
        min: u32,
    },
    /// Longer than `max` characters.
    TooLong {
        /// Longest allowed.
        max: u32,
    },
    /// Not a number.
    NotANumber,
    /// Below `min`.
    TooSmall {
        /// Smallest allowed.
        min: f64,
    },
    /// Above `max`.
    TooLarge {
        /// Largest allowed.
        max: f64,
    },
    /// Not of the required shape.
    Pattern,
    /// Not a date that exists.
    NotADate,
    /// A date typed in parts with parts left empty (0 day, 1 month, 2 year).
    DateMissing {
        /// The empty parts, in order.
        parts: Vec<u8>,
    },
    /// A date that has not come yet, where a past date is asked for.
    Future,
    /// Not one of the options.
    UnknownOption,
    /// Not `ya` or `tidak`.
    NotYesNo,
    /// A NIK has 16 digits.
    NikLength,
    /// The first six digits are not a region code.
    NikRegion,
    /// Digits 7–12 are not a birth date (DDMMYY, day + 40 for women).
    NikBirthDate,
    /// The last four digits cannot be 0000.
    NikSerial,
    /// Not an Indonesian phone number.
    Phone,
    /// Not an e-mail address.
    Email,
    /// Not a stored file's SHA-256.
    File,
    /// An answer to a question the form does not have (or that is hidden).
    Unexpected,
    /// A list where one answer was expected, or the other way round.
    WrongShape,
    /// Invisible control characters (NUL, escape, bidirectional overrides, …): never part of an
    /// answer a person typed.
    ControlCharacter,
}

/// One problem, on one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldError {
    /// The field's id.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// The kinds of field, as named in the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    Text,
    LongText,
    Number,
    Date,
    MemorableDate,
    Choice,
    MultiChoice,
    YesNo,
    Nik,
    Phone,
    Email,
    File,
}

/// A field as written in the catalogue and on the wire: flat, so serde reads it without
/// buffering (a flattened, internally tagged enum costs the phone's bundle several KB).
#[derive(Serialize)]
struct FieldWire {
    id: String,
    label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hint: Option<Text>,
    kind: KindName,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    options: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_bytes: Option<u64>,
    #[serde(default)]
    required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    visible_if: Option<VisibleIf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<Text>,
}

// How each is read: from a map only, optional fields defaulting (see `map_only`).
map_deserialize!(FormSchema { version "version" req, sections "sections" req });
map_deserialize!(Section { id "id" req, title "title" req, fields "fields" req });
map_deserialize!(Choice { value "value" req, label "label" req });
map_deserialize!(VisibleIf { field "field" req, any_of "any_of" req });
map_deserialize!(FieldError { field "field" req, problem "problem" req });
name_deserialize!(KindName {
    Text "text",
    LongText "long_text",
    Number "number",
    Date "date",
    MemorableDate "memorable_date",
    Choice "choice",
    MultiChoice "multi_choice",
    YesNo "yes_no",
    Nik "nik",
    Phone "phone",
    Email "email",
    File "file",
});
map_deserialize!(FieldWire {
    id "id" req,
    label "label" req,
    hint "hint" opt,
    kind "kind" req,
    options "options" opt,
    max_bytes "max_bytes" opt,
    required "required" opt,
    min_length "min_length" opt,
    max_length "max_length" opt,
    min "min" opt,
    max "max" opt,
    pattern "pattern" opt,
    visible_if "visible_if" opt,
    error "error" opt,
});

impl TryFrom<FieldWire> for Field {
    type Error = String;

    fn try_from(w: FieldWire) -> Result<Field, String> {
        let kind = match w.kind {
            KindName::Text => FieldKind::Text,
            KindName::LongText => FieldKind::LongText,
            KindName::Number => FieldKind::Number,
            KindName::Date => FieldKind::Date,
            KindName::MemorableDate => FieldKind::MemorableDate,
            KindName::Choice => FieldKind::Choice { options: w.options },
            KindName::MultiChoice => FieldKind::MultiChoice { options: w.options },
            KindName::YesNo => FieldKind::YesNo,
            KindName::Nik => FieldKind::Nik,
            KindName::Phone => FieldKind::Phone,
            KindName::Email => FieldKind::Email,
            KindName::File => FieldKind::File {
                max_bytes: w
                    .max_bytes
                    .ok_or_else(|| format!("field {}: a file field needs max_bytes", w.id))?,
            },
        };
        Ok(Field {
            id: w.id,
            label: w.label,
            hint: w.hint,
            kind,
            required: w.required,
            min_length: w.min_length,
            max_length: w.max_length,
            min: w.min,
            max: w.max,
            pattern: w.pattern,
            visible_if: w.visible_if,
            error: w.error,
        })
    }
}

impl From<Field> for FieldWire {
    fn from(f: Field) -> FieldWire {
        let (kind, options, max_bytes) = match f.kind {
            FieldKind::Text => (KindName::Text, Vec::new(), None),
            FieldKind::LongText => (KindName::LongText, Vec::new(), None),
            FieldKind::Number => (KindName::Number, Vec::new(), None),
            FieldKind::Date => (KindName::Date, Vec::new(), None),
            FieldKind::MemorableDate => (KindName::MemorableDate, Vec::new(), None),
            FieldKind::Choice { options } => (KindName::Choice, options, None),
            FieldKind::MultiChoice { options } => (KindName::MultiChoice, options, None),
            FieldKind::YesNo => (KindName::YesNo, Vec::new(), None),
            FieldKind::Nik => (KindName::Nik, Vec::new(), None),
            FieldKind::Phone => (KindName::Phone, Vec::new(), None),
            FieldKind::Email => (KindName::Email, Vec::new(), None),
            FieldKind::File { max_bytes } => (KindName::File, Vec::new(), Some(max_bytes)),
        };
        FieldWire {
            id: f.id,
            label: f.label,
            hint: f.hint,
            kind,
            options,
            max_bytes,
            required: f.required,
            min_length: f.min_length,
            max_length: f.max_length,
            min: f.min,
            max: f.max,
            pattern: f.pattern,
            visible_if: f.visible_if,
            error: f.error,
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::One(v) => s.serialize_str(v),
            Answer::Many(vs) => vs.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Answer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
                Ok(Answer::One(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Answer, E> {
                Ok(Answer::One(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Answer, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    out.push(v);
                }
                Ok(Answer::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl FormSchema {
    /// Every field, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The field named `id`.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }

    /// Whether `field` is shown, given the answers (a condition on a hidden field is false, so
    /// hiding cascades).
    pub fn is_visible(&self, field: &Field, answers: &Answers) -> bool {
        self.visible_at_depth(field, answers, 0)
    }

    fn visible_at_depth(&self, field: &Field, answers: &Answers, depth: usize) -> bool {
        let Some(cond) = &field.visible_if else {
            return true;
        };
        if depth > 32 {
            return false; // a cycle in the schema: keep it hidden rather than loop
        }
        let Some(other) = self.field(&cond.field) else {
            return false;
        };
        if !self.visible_at_depth(other, answers, depth + 1) {
            return false;
        }
        match answers.get(&cond.field) {
            Some(Answer::One(v)) => cond.any_of.iter().any(|a| a == v.trim()),
            Some(Answer::Many(vs)) => vs.iter().any(|v| cond.any_of.contains(v)),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests;
