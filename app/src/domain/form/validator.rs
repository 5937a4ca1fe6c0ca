//! The one validator: answers checked against the schema, cleaned, or refused per field.

use super::values::{check_memorable_date, check_nik, is_email, normalize_phone};
use super::{Answer, Answers, Choice, Field, FieldError, FieldKind, FormSchema, Problem};
use crate::domain::date::Date;

fn is_blank(field: &Field, a: Option<&Answer>) -> bool {
    // A date typed in parts with every part empty is `--`.
    let parts = matches!(field.kind, FieldKind::MemorableDate);
    match a {
        None => true,
        // Only spaces and invisible characters (e.g. NUL) is no answer.
        Some(Answer::One(s)) => s
            .chars()
            .all(|c| c.is_whitespace() || c.is_control() || (parts && c == '-')),
        Some(Answer::Many(v)) => v.is_empty(),
    }
}

/// Checks every answer against the schema, without knowing today's date (a date of birth is
/// not checked against the future here; see [`validate_on`], which the server and the form's
/// own checks use).
pub fn validate(schema: &FormSchema, answers: &Answers) -> Result<Answers, Vec<FieldError>> {
    let end = Date {
        year: i32::MAX,
        month: 12,
        day: 31,
    };
    validate_on(schema, answers, end)
}

/// Checks every answer against the schema, `today` being the date. On success, the answers to
/// store: trimmed, normalised (phone `+62…`, number with `.`, dates `YYYY-MM-DD`), with hidden
/// and empty optional fields dropped.
pub fn validate_on(
    schema: &FormSchema,
    answers: &Answers,
    today: Date,
) -> Result<Answers, Vec<FieldError>> {
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
        if is_blank(field, answer) {
            if field.required {
                errors.push(FieldError {
                    field: field.id.clone(),
                    problem: Problem::Required,
                });
            }
            continue;
        }
        match check(field, answer.expect("not blank"), today) {
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

/// One answer that is not blank, checked against its field.
fn check(field: &Field, answer: &Answer, today: Date) -> Result<Answer, Problem> {
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
        FieldKind::Date | FieldKind::MemorableDate => {
            let s = one(answer)?;
            let d = if matches!(field.kind, FieldKind::Date) {
                Date::parse(&s).ok_or(Problem::NotADate)?
            } else {
                check_memorable_date(&s, today)?
            };
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
            let name = crate::domain::file::parse_name(&one(answer)?);
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
        if !crate::domain::pattern::Pattern::parse(p).is_some_and(|p| p.matches(&s)) {
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
