//! Validator cases that must give the same answer in the browser build and on the server: the
//! native test suite and the browser test (`app/tests/validator_in_browser.rs`) both run them.

use super::form::{
    check_nik, is_email, normalize_phone, validate, Answer, Answers, Field, FieldKind, FormSchema,
    Problem, Section, VisibleIf,
};
use super::l10n::Text;
use super::pattern::Pattern;
use super::reference::Reference;

fn t(s: &str) -> Text {
    Text {
        id: s.into(),
        en: s.into(),
    }
}

fn field(id: &str, kind: FieldKind, required: bool) -> Field {
    Field::new(id, t(id), kind, required)
}

/// Runs every case; returns a description of each one that failed (empty: all agree).
pub fn failures() -> Vec<String> {
    let mut out = Vec::new();
    value_cases(&mut out);
    form_cases(&mut out);
    out
}

/// NIK, phone, e-mail, pattern and reference cases; failures go to `out`.
fn value_cases(out: &mut Vec<String>) {
    let mut expect = |name: &str, ok: bool| {
        if !ok {
            out.push(name.to_string());
        }
    };
    // NIK
    expect("nik man", check_nik("3171050512900001").is_ok());
    expect("nik woman", check_nik("3171054512900001").is_ok());
    expect("nik 29 Feb 2000", check_nik("3171056902000001").is_ok());
    expect(
        "nik 29 Feb 2001",
        check_nik("3171056902010001") == Err(Problem::NikBirthDate),
    );
    expect(
        "nik region",
        check_nik("9971050512900001") == Err(Problem::NikRegion),
    );
    expect(
        "nik serial",
        check_nik("3171050512900000") == Err(Problem::NikSerial),
    );
    expect(
        "nik length",
        check_nik("31710505129") == Err(Problem::NikLength),
    );
    // phone
    expect(
        "phone 08",
        normalize_phone("0812-3456-7890").as_deref() == Some("+6281234567890"),
    );
    expect(
        "phone +62",
        normalize_phone("+62 812 3456 7890").as_deref() == Some("+6281234567890"),
    );
    expect(
        "phone landline",
        normalize_phone("(021) 500-1234").as_deref() == Some("+62215001234"),
    );
    expect(
        "phone foreign",
        normalize_phone("+1 415 555 0100").is_none(),
    );
    // e-mail, pattern, reference
    expect("email ok", is_email("siti@contoh.go.id"));
    expect("email bad", !is_email("siti@contoh"));
    expect(
        "pattern plate",
        Pattern::parse("A{1,2} 9{1,4} A{0,3}").is_some_and(|p| p.matches("B 1234 XYZ")),
    );
    let r = Reference::from_number(123_456_789);
    expect(
        "reference round trip",
        Reference::parse(&r.to_string()) == Ok(r),
    );
}

/// A whole form with a condition; failures go to `out`.
fn form_cases(out: &mut Vec<String>) {
    let mut expect = |name: &str, ok: bool| {
        if !ok {
            out.push(name.to_string());
        }
    };
    let mut spouse = field("pasangan", FieldKind::Text, true);
    spouse.visible_if = Some(VisibleIf {
        field: "menikah".into(),
        any_of: vec!["ya".into()],
    });
    let mut age = field("usia", FieldKind::Number, true);
    age.min = Some(17.0);
    let form = FormSchema {
        version: 1,
        sections: vec![Section {
            id: "s".into(),
            title: t("s"),
            fields: vec![field("menikah", FieldKind::YesNo, true), spouse, age],
        }],
    };
    let answers = |pairs: &[(&str, &str)]| -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Answer::One(v.to_string())))
            .collect()
    };
    expect(
        "form hidden not required",
        validate(&form, &answers(&[("menikah", "tidak"), ("usia", "20")])).is_ok(),
    );
    expect(
        "form visible required",
        validate(&form, &answers(&[("menikah", "ya"), ("usia", "20")])).is_err_and(|e| {
            e.len() == 1 && e[0].field == "pasangan" && e[0].problem == Problem::Required
        }),
    );
    expect(
        "form range",
        validate(&form, &answers(&[("menikah", "tidak"), ("usia", "16,5")]))
            .is_err_and(|e| e[0].problem == Problem::TooSmall { min: 17.0 }),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_case_passes_on_the_server() {
        assert_eq!(super::failures(), Vec::<String>::new());
    }
}
