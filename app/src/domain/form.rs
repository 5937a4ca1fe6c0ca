//! Application forms and their one validator, used by the form as the citizen types and by the
//! server on submit (the server never trusts the client).
//!
//! A form is versioned and made of sections of fields. Answers are text as typed (or lists for
//! multiple choice); [`validate`] checks them against the schema and returns them cleaned
//! (trimmed, phone numbers as +62…, hidden fields dropped) or every problem, per field.

use super::date::Date;
use super::l10n::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSchema {
    /// Grows whenever the form changes; a submission names the version it was filled in.
    pub version: u32,
    /// One section per screen.
    pub sections: Vec<Section>,
}

/// A screen of the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Stable name.
    pub id: String,
    /// Heading.
    pub title: Text,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// A choice's value and label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's id.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// The kinds of field, as named in the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    Text,
    LongText,
    Number,
    Date,
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
#[derive(Serialize, Deserialize)]
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
}

impl TryFrom<FieldWire> for Field {
    type Error = String;

    fn try_from(w: FieldWire) -> Result<Field, String> {
        let kind = match w.kind {
            KindName::Text => FieldKind::Text,
            KindName::LongText => FieldKind::LongText,
            KindName::Number => FieldKind::Number,
            KindName::Date => FieldKind::Date,
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

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The problems of a schema as an officer wrote it (checked when the catalogue is imported):
/// names, unique field ids, both languages, options, and conditions that point at an earlier
/// field and at answers it can have.
pub fn schema_problems(schema: &FormSchema) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: Vec<&Field> = Vec::new();
    if schema.version == 0 {
        problems.push("form version starts at 1".to_string());
    }
    if schema.sections.is_empty() {
        problems.push("a form needs at least one section".to_string());
    }
    for section in &schema.sections {
        if !is_name(&section.id) {
            problems.push(format!(
                "section id `{}` must be a-z, 0-9 and _",
                section.id
            ));
        }
        if section.title.is_incomplete() {
            problems.push(format!(
                "section `{}` needs a title in id and en",
                section.id
            ));
        }
        for f in &section.fields {
            field_problems(&mut problems, &seen, f);
            seen.push(f);
        }
    }
    problems
}

/// What is wrong with the field `f` (its id, texts, pattern and options), given the fields
/// `seen` before it.
fn field_problems(problems: &mut Vec<String>, seen: &[&Field], f: &Field) {
    if !is_name(&f.id) {
        problems.push(format!("field id `{}` must be a-z, 0-9 and _", f.id));
    }
    if seen.iter().any(|s| s.id == f.id) {
        problems.push(format!("field id `{}` is used twice", f.id));
    }
    if f.label.is_incomplete() || f.hint.as_ref().is_some_and(Text::is_incomplete) {
        problems.push(format!(
            "field `{}` needs its label and hint in id and en",
            f.id
        ));
    }
    if let Some(p) = &f.pattern {
        if super::pattern::Pattern::parse(p).is_none() {
            problems.push(format!("field `{}`: pattern `{p}` is malformed", f.id));
        }
        if !matches!(f.kind, FieldKind::Text | FieldKind::LongText) {
            problems.push(format!(
                "field `{}`: a pattern applies to text fields only",
                f.id
            ));
        }
    }
    if let FieldKind::Choice { options } | FieldKind::MultiChoice { options } = &f.kind {
        let mut values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
        values.sort_unstable();
        values.dedup();
        if options.len() < 2 || values.len() != options.len() {
            problems.push(format!(
                "field `{}` needs two or more options with different values",
                f.id
            ));
        }
        if options.iter().any(|o| o.label.is_incomplete()) {
            problems.push(format!(
                "field `{}`: every option needs a label in id and en",
                f.id
            ));
        }
    }
    if let Some(cond) = &f.visible_if {
        condition_problems(problems, seen, f, cond);
    }
}

/// What is wrong with `f`'s condition `cond`: it must name an earlier field and answers that
/// field can have.
fn condition_problems(problems: &mut Vec<String>, seen: &[&Field], f: &Field, cond: &VisibleIf) {
    match seen.iter().find(|s| s.id == cond.field) {
        None => problems.push(format!(
            "field `{}` is shown depending on `{}`, which is not an earlier field",
            f.id, cond.field
        )),
        Some(other) => {
            let possible = |v: &String| match &other.kind {
                FieldKind::YesNo => v == "ya" || v == "tidak",
                FieldKind::Choice { options } | FieldKind::MultiChoice { options } => {
                    options.iter().any(|o| &o.value == v)
                }
                _ => true,
            };
            if cond.any_of.is_empty() || !cond.any_of.iter().all(possible) {
                problems.push(format!(
                    "field `{}`: `{}` can never have the answers {:?}",
                    f.id, cond.field, cond.any_of
                ));
            }
        }
    }
}

fn is_blank(a: Option<&Answer>) -> bool {
    match a {
        None => true,
        // Only spaces and invisible characters (e.g. NUL) is no answer.
        Some(Answer::One(s)) => s.chars().all(|c| c.is_whitespace() || c.is_control()),
        Some(Answer::Many(v)) => v.is_empty(),
    }
}

/// Checks every answer against the schema. On success, the answers to store: trimmed,
/// normalised (phone `+62…`, number with `.`), with hidden and empty optional fields dropped.
pub fn validate(schema: &FormSchema, answers: &Answers) -> Result<Answers, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut clean = Answers::new();
    // Answers to hidden fields are dropped, not refused: the citizen may have answered before
    // changing their mind. Answers to questions the form does not have are refused.
    for id in answers.keys() {
        if schema.field(id).is_none() {
            errors.push(FieldError {
                field: id.clone(),
                problem: Problem::Unexpected,
            });
        }
    }
    for field in schema.fields() {
        if !schema.is_visible(field, answers) {
            continue;
        }
        let answer = answers.get(&field.id);
        if is_blank(answer) {
            if field.required {
                errors.push(FieldError {
                    field: field.id.clone(),
                    problem: Problem::Required,
                });
            }
            continue;
        }
        match check(field, answer.expect("not blank")) {
            Ok(a) => {
                clean.insert(field.id.clone(), a);
            }
            Err(problem) => errors.push(FieldError {
                field: field.id.clone(),
                problem,
            }),
        }
    }
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(errors)
    }
}

/// True when `s` holds a character no answer to `field` may hold: a control character (a long
/// text may have line breaks and tabs) or a bidirectional override, which can make a text read
/// differently from what it is.
fn has_forbidden_character(field: &Field, s: &str) -> bool {
    let long = matches!(field.kind, FieldKind::LongText);
    s.chars().any(|c| {
        (c.is_control() && !(long && matches!(c, '\n' | '\r' | '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

fn check(field: &Field, answer: &Answer) -> Result<Answer, Problem> {
    let typed = match answer {
        Answer::One(s) => std::slice::from_ref(s),
        Answer::Many(v) => v.as_slice(),
    };
    if typed.iter().any(|s| has_forbidden_character(field, s)) {
        return Err(Problem::ControlCharacter);
    }
    let one = |a: &Answer| match a {
        Answer::One(s) => Ok(s.trim().to_string()),
        Answer::Many(_) => Err(Problem::WrongShape),
    };
    match &field.kind {
        FieldKind::MultiChoice { options } => check_many(field, options, answer),
        FieldKind::Text | FieldKind::LongText => check_text(field, one(answer)?),
        FieldKind::Number => {
            let s = one(answer)?.replace(',', ".");
            let v: f64 = s
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or(Problem::NotANumber)?;
            range(field, v)?;
            Ok(Answer::One(s))
        }
        FieldKind::Date => {
            let s = one(answer)?;
            let d = Date::parse(&s).ok_or(Problem::NotADate)?;
            range(
                field,
                f64::from(d.year) * 10_000.0 + f64::from(d.month) * 100.0 + f64::from(d.day),
            )?;
            Ok(Answer::One(d.to_string()))
        }
        FieldKind::Choice { options } => {
            let s = one(answer)?;
            if options_have(options, &s) {
                Ok(Answer::One(s))
            } else {
                Err(Problem::UnknownOption)
            }
        }
        FieldKind::YesNo => match one(answer)?.as_str() {
            v @ ("ya" | "tidak") => Ok(Answer::One(v.to_string())),
            _ => Err(Problem::NotYesNo),
        },
        FieldKind::Nik => check_nik(&one(answer)?).map(Answer::One),
        FieldKind::Phone => normalize_phone(&one(answer)?)
            .map(Answer::One)
            .ok_or(Problem::Phone),
        FieldKind::Email => {
            let s = one(answer)?;
            if is_email(&s) {
                Ok(Answer::One(s))
            } else {
                Err(Problem::Email)
            }
        }
        FieldKind::File { .. } => {
            let name = super::file::parse_name(&one(answer)?);
            name.map(Answer::One).ok_or(Problem::File)
        }
    }
}

/// Whether `v` is one of `options`' values.
fn options_have(options: &[Choice], v: &str) -> bool {
    options.iter().any(|o| o.value == v)
}

/// A multiple choice: known values only, each once, sorted, within the field's count range.
fn check_many(field: &Field, options: &[Choice], answer: &Answer) -> Result<Answer, Problem> {
    let Answer::Many(vs) = answer else {
        return Err(Problem::WrongShape);
    };
    if vs.iter().any(|v| !options_have(options, v)) {
        return Err(Problem::UnknownOption);
    }
    let mut vs = vs.clone();
    vs.sort();
    vs.dedup();
    if let Some(min) = field.min {
        if (vs.len() as f64) < min {
            return Err(Problem::TooSmall { min });
        }
    }
    if let Some(max) = field.max {
        if (vs.len() as f64) > max {
            return Err(Problem::TooLarge { max });
        }
    }
    Ok(Answer::Many(vs))
}

/// A text (trimmed): within the field's length range and matching its pattern, if any.
fn check_text(field: &Field, s: String) -> Result<Answer, Problem> {
    let n = s.chars().count() as u32;
    if let Some(min) = field.min_length.filter(|&m| n < m) {
        return Err(Problem::TooShort { min });
    }
    if let Some(max) = field.max_length.filter(|&m| n > m) {
        return Err(Problem::TooLong { max });
    }
    if let Some(p) = &field.pattern {
        // A malformed pattern is refused at import; should one slip through, refuse the
        // answer rather than accept anything.
        if !super::pattern::Pattern::parse(p).is_some_and(|p| p.matches(&s)) {
            return Err(Problem::Pattern);
        }
    }
    Ok(Answer::One(s))
}

fn range(field: &Field, v: f64) -> Result<(), Problem> {
    if let Some(min) = field.min.filter(|&m| v < m) {
        return Err(Problem::TooSmall { min });
    }
    if let Some(max) = field.max.filter(|&m| v > m) {
        return Err(Problem::TooLarge { max });
    }
    Ok(())
}

/// Province codes in use (Kepmendagri on region codes), the first two digits of a NIK.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Text {
        Text {
            id: s.into(),
            en: s.into(),
        }
    }

    fn field(id: &str, kind: FieldKind) -> Field {
        Field {
            id: id.into(),
            label: t(id),
            hint: None,
            kind,
            required: true,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            pattern: None,
            visible_if: None,
        }
    }

    fn schema() -> FormSchema {
        let mut married = field("menikah", FieldKind::YesNo);
        married.required = true;
        let mut spouse = field("nama_pasangan", FieldKind::Text);
        spouse.visible_if = Some(VisibleIf {
            field: "menikah".into(),
            any_of: vec!["ya".into()],
        });
        spouse.max_length = Some(60);
        let mut spouse_phone = field("hp_pasangan", FieldKind::Phone);
        spouse_phone.visible_if = Some(VisibleIf {
            field: "nama_pasangan".into(),
            any_of: vec!["Siti".into()],
        });
        let mut age = field("usia", FieldKind::Number);
        age.min = Some(17.0);
        age.max = Some(120.0);
        let mut email = field("email", FieldKind::Email);
        email.required = false;
        FormSchema {
            version: 3,
            sections: vec![
                Section {
                    id: "diri".into(),
                    title: t("Diri"),
                    fields: vec![field("nik", FieldKind::Nik), age, email],
                },
                Section {
                    id: "keluarga".into(),
                    title: t("Keluarga"),
                    fields: vec![married, spouse, spouse_phone],
                },
            ],
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::One(v.to_string())))
            .collect()
    }

    #[test]
    fn a_complete_form_is_cleaned() {
        let a = answers(&[
            ("nik", "3171 0505 1290 0001"),
            ("usia", " 34 "),
            ("menikah", "ya"),
            ("nama_pasangan", "Siti"),
            ("hp_pasangan", "0812-3456-7890"),
        ]);
        let clean = validate(&schema(), &a).unwrap();
        assert_eq!(clean["nik"], Answer::One("3171050512900001".into()));
        assert_eq!(clean["usia"], Answer::One("34".into()));
        assert_eq!(clean["hp_pasangan"], Answer::One("+6281234567890".into()));
        assert!(!clean.contains_key("email"));
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let a = answers(&[
            ("nik", "123"),
            ("usia", "12"),
            ("menikah", "ya"),
            ("email", "siti@"),
        ]);
        let errs = validate(&schema(), &a).unwrap_err();
        let got: Vec<(&str, &Problem)> = errs
            .iter()
            .map(|e| (e.field.as_str(), &e.problem))
            .collect();
        assert_eq!(
            got,
            vec![
                ("nik", &Problem::NikLength),
                ("usia", &Problem::TooSmall { min: 17.0 }),
                ("email", &Problem::Email),
                ("nama_pasangan", &Problem::Required),
            ]
        );
    }

    #[test]
    fn hidden_fields_are_not_required_and_their_answers_are_dropped() {
        let a = answers(&[
            ("nik", "3171050512900001"),
            ("usia", "30"),
            ("menikah", "tidak"),
            ("nama_pasangan", "Siti"),
            ("hp_pasangan", "x"),
        ]);
        let clean = validate(&schema(), &a).unwrap();
        assert!(!clean.contains_key("nama_pasangan"), "hidden: dropped");
        assert!(
            !clean.contains_key("hp_pasangan"),
            "hidden because its condition's field is hidden"
        );
    }

    #[test]
    fn invisible_characters_are_no_answer() {
        let base = [
            ("nik", "3171050512900001"),
            ("usia", "30"),
            ("menikah", "ya"),
        ];
        for blank in ["\0", "\0\0 \t", "\u{1b}", " \u{7f} "] {
            let mut a = answers(&base);
            a.insert("nama_pasangan".into(), Answer::One(blank.into()));
            let errs = validate(&schema(), &a).unwrap_err();
            assert_eq!(
                (errs[0].field.as_str(), &errs[0].problem),
                ("nama_pasangan", &Problem::Required),
                "{blank:?}"
            );
        }
        for hidden in [
            "Siti\0",
            "Si\u{1b}[2Jti",
            "Siti\u{202E}nimda",
            "Siti\nAminah",
        ] {
            let mut a = answers(&base);
            a.insert("nama_pasangan".into(), Answer::One(hidden.into()));
            let errs = validate(&schema(), &a).unwrap_err();
            assert_eq!(
                (errs[0].field.as_str(), &errs[0].problem),
                ("nama_pasangan", &Problem::ControlCharacter),
                "{hidden:?}"
            );
        }
        let mut note = field("catatan", FieldKind::LongText);
        note.required = false;
        let long = FormSchema {
            version: 1,
            sections: vec![Section {
                id: "s".into(),
                title: t("S"),
                fields: vec![note],
            }],
        };
        let ok = validate(&long, &answers(&[("catatan", "baris satu\r\nbaris\tdua")])).unwrap();
        assert_eq!(
            ok["catatan"],
            Answer::One("baris satu\r\nbaris\tdua".into()),
            "line breaks and tabs belong in a long text"
        );
        assert!(validate(&long, &answers(&[("catatan", "a\u{0}b")])).is_err());
    }

    #[test]
    fn unknown_answers_are_refused() {
        let mut a = answers(&[
            ("nik", "3171050512900001"),
            ("usia", "30"),
            ("menikah", "tidak"),
        ]);
        a.insert("admin".into(), Answer::One("1".into()));
        assert_eq!(
            validate(&schema(), &a).unwrap_err()[0].problem,
            Problem::Unexpected
        );
    }

    #[test]
    fn text_must_fit_its_pattern() {
        let mut plate = field("nopol", FieldKind::Text);
        plate.pattern = Some("A{1,2} 9{1,4} A{0,3}".into());
        let f = FormSchema {
            version: 1,
            sections: vec![Section {
                id: "s".into(),
                title: t("s"),
                fields: vec![plate],
            }],
        };
        assert!(validate(&f, &answers(&[("nopol", " B 1234 XYZ ")])).is_ok());
        assert_eq!(
            validate(&f, &answers(&[("nopol", "B1234XYZ!")])).unwrap_err()[0].problem,
            Problem::Pattern
        );
        let mut broken = f.clone();
        broken.sections[0].fields[0].pattern = Some("9{".into());
        assert!(schema_problems(&broken).join(" ").contains("malformed"));
    }

    #[test]
    fn nik_structure() {
        assert!(check_nik("3171050512900001").is_ok()); // man born 5 Dec 1990
        assert!(check_nik("3171054512900001").is_ok()); // woman: day 05 + 40
        assert_eq!(check_nik("3171053212900001"), Err(Problem::NikBirthDate)); // day 32
        assert_eq!(check_nik("3171050513900001"), Err(Problem::NikBirthDate)); // month 13
        assert_eq!(check_nik("3171057212900001"), Err(Problem::NikBirthDate)); // 32 + 40
        assert!(check_nik("3171056902000001").is_ok()); // woman born 29 Feb 2000 (29 + 40)
        assert_eq!(check_nik("3171056902010001"), Err(Problem::NikBirthDate)); // 29 Feb 1901/2001: no
        assert_eq!(check_nik("9971050512900001"), Err(Problem::NikRegion));
        assert_eq!(check_nik("3100050512900001"), Err(Problem::NikRegion));
        assert_eq!(check_nik("3171050512900000"), Err(Problem::NikSerial));
        assert_eq!(check_nik("317105051290000A"), Err(Problem::NikLength));
    }

    #[test]
    fn phone_numbers_normalise_to_plus_62() {
        for (typed, want) in [
            ("081234567890", "+6281234567890"),
            ("+62 812-3456-7890", "+6281234567890"),
            ("6281234567890", "+6281234567890"),
            ("(021) 500-1234", "+62215001234"),
        ] {
            assert_eq!(normalize_phone(typed).as_deref(), Some(want), "{typed}");
        }
        for bad in [
            "12345",
            "+1 415 555 0100",
            "0812abc",
            "08",
            "+0812345678",
            "0812345678901234",
            "62+812345678",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("siti@contoh.go.id"));
        for bad in [
            "siti",
            "@contoh.id",
            "siti@contoh",
            "si ti@contoh.id",
            "a@b@c.id",
            "siti@-x.id",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn choices_and_shapes() {
        let opts = vec![
            Choice {
                value: "a".into(),
                label: t("A"),
            },
            Choice {
                value: "b".into(),
                label: t("B"),
            },
        ];
        let mut many = field(
            "m",
            FieldKind::MultiChoice {
                options: opts.clone(),
            },
        );
        many.max = Some(1.0);
        let one = field("c", FieldKind::Choice { options: opts });
        let f = FormSchema {
            version: 1,
            sections: vec![Section {
                id: "s".into(),
                title: t("s"),
                fields: vec![many, one],
            }],
        };
        let mut a = Answers::new();
        a.insert("m".into(), Answer::Many(vec!["a".into(), "b".into()]));
        a.insert("c".into(), Answer::Many(vec!["a".into()]));
        let errs = validate(&f, &a).unwrap_err();
        assert_eq!(errs[0].problem, Problem::TooLarge { max: 1.0 });
        assert_eq!(errs[1].problem, Problem::WrongShape);
        a.insert("m".into(), Answer::Many(vec!["z".into()]));
        a.insert("c".into(), Answer::One("b".into()));
        assert_eq!(
            validate(&f, &a).unwrap_err()[0].problem,
            Problem::UnknownOption
        );
    }

    #[test]
    fn a_cyclic_condition_hides_rather_than_loops() {
        let mut x = field("x", FieldKind::Text);
        x.visible_if = Some(VisibleIf {
            field: "y".into(),
            any_of: vec!["1".into()],
        });
        let mut y = field("y", FieldKind::Text);
        y.visible_if = Some(VisibleIf {
            field: "x".into(),
            any_of: vec!["1".into()],
        });
        let f = FormSchema {
            version: 1,
            sections: vec![Section {
                id: "s".into(),
                title: t("s"),
                fields: vec![x, y],
            }],
        };
        assert_eq!(validate(&f, &Answers::new()), Ok(Answers::new()));
    }

    #[test]
    fn a_sound_schema_has_no_problems_and_a_broken_one_names_them() {
        assert!(
            schema_problems(&schema()).is_empty(),
            "{:?}",
            schema_problems(&schema())
        );
        let mut broken = schema();
        broken.version = 0;
        broken.sections[1].fields[1].visible_if = Some(VisibleIf {
            field: "menikah".into(),
            any_of: vec!["mungkin".into()],
        });
        broken.sections[1].fields[2].visible_if = Some(VisibleIf {
            field: "nanti".into(),
            any_of: vec!["x".into()],
        });
        broken.sections[0].fields[1].id = "nik".into();
        broken.sections[0].fields[2].label.en.clear();
        let p = schema_problems(&broken).join("\n");
        for needle in [
            "version starts at 1",
            "`nik` is used twice",
            "label and hint",
            "can never have the answers",
            "not an earlier field",
        ] {
            assert!(p.contains(needle), "{needle} in {p}");
        }
    }

    #[test]
    fn a_form_travels_as_json_and_reads_back() {
        let doc = FormDoc::of(&schema()).unwrap();
        let back: FormDoc = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
        assert_eq!(back.schema().unwrap(), schema());
    }

    #[test]
    fn the_schema_reads_from_json() {
        let json = r#"{"version":1,"sections":[{"id":"s","title":{"id":"A","en":"A"},"fields":[
            {"id":"nik","label":{"id":"NIK","en":"NIK"},"kind":"nik","required":true},
            {"id":"jk","label":{"id":"JK","en":"Sex"},"kind":"choice","options":[{"value":"l","label":{"id":"L","en":"M"}}]}]}]}"#;
        let f: FormSchema = serde_json::from_str(json).unwrap();
        assert_eq!(f.fields().count(), 2);
        assert!(matches!(
            f.field("jk").unwrap().kind,
            FieldKind::Choice { .. }
        ));
    }

    /// A small deterministic generator for the property tests below (no dependency needed).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn property_phone_normalisation_is_idempotent() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..5000 {
            let len = 8 + r.below(4);
            let national: String = std::iter::once('8')
                .chain((1..len).map(|_| char::from(b'0' + r.below(10) as u8)))
                .collect();
            let typed = match r.below(3) {
                0 => format!("0{national}"),
                1 => format!("+62 {national}"),
                _ => format!("62{national}"),
            };
            let n = normalize_phone(&typed).unwrap_or_else(|| panic!("{typed}"));
            assert_eq!(n, format!("+62{national}"));
            assert_eq!(
                normalize_phone(&n).as_deref(),
                Some(n.as_str()),
                "idempotent"
            );
        }
    }

    #[test]
    fn property_every_structurally_valid_nik_passes_and_a_bad_day_fails() {
        let mut r = Rng(42);
        for _ in 0..5000 {
            let prov = PROVINCES[r.below(PROVINCES.len() as u64) as usize];
            let (reg, dist) = (1 + r.below(99), 1 + r.below(99));
            let month = 1 + r.below(12) as u8;
            let yy = r.below(100) as i32;
            let max_day = (28..=31)
                .rev()
                .find(|&d| {
                    Date::new(2000 + yy, month, d).is_some()
                        || Date::new(1900 + yy, month, d).is_some()
                })
                .unwrap();
            let day = 1 + r.below(u64::from(max_day));
            let woman = r.below(2) == 1;
            let serial = 1 + r.below(9999);
            let nik = format!(
                "{prov:02}{reg:02}{dist:02}{:02}{month:02}{yy:02}{serial:04}",
                day + if woman { 40 } else { 0 }
            );
            assert_eq!(check_nik(&nik).as_deref(), Ok(nik.as_str()));
            let bad_day = 32 + r.below(8) + if woman { 40 } else { 0 };
            let bad = format!("{}{bad_day:02}{}", &nik[..6], &nik[8..]);
            assert_eq!(check_nik(&bad), Err(Problem::NikBirthDate), "{bad}");
        }
    }

    #[test]
    fn property_validation_never_panics_and_cleans_to_a_fixed_point() {
        let mut r = Rng(7);
        let alphabet: Vec<char> = "0123456789 +-.@()abcxyzYA,ya tidak\u{00e9}"
            .chars()
            .collect();
        let f = schema();
        for _ in 0..5000 {
            let mut a = Answers::new();
            for id in [
                "nik",
                "usia",
                "email",
                "menikah",
                "nama_pasangan",
                "hp_pasangan",
            ] {
                if r.below(5) == 0 {
                    continue;
                }
                let len = r.below(20) as usize;
                let v: String = (0..len)
                    .map(|_| alphabet[r.below(alphabet.len() as u64) as usize])
                    .collect();
                let v = if id == "menikah" && r.below(2) == 0 {
                    "ya".to_string()
                } else {
                    v
                };
                a.insert(id.to_string(), Answer::One(v));
            }
            if let Ok(clean) = validate(&f, &a) {
                // What the server stores validates again to itself.
                assert_eq!(validate(&f, &clean), Ok(clean.clone()));
            }
        }
    }
}
