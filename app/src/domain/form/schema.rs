//! Whether a form schema, as an officer wrote it, can be used: checked at import.

use super::{Field, FieldKind, FormSchema, VisibleIf};
use crate::domain::l10n::Text;

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
    if f.error.as_ref().is_some_and(Text::is_incomplete) {
        problems.push(format!("field `{}` needs its error in id and en", f.id));
    }
    if let Some(p) = &f.pattern {
        if crate::domain::pattern::Pattern::parse(p).is_none() {
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
