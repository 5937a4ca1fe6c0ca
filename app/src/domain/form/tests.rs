use super::values::PROVINCES;
use super::*;
use crate::domain::date::Date;

fn t(s: &str) -> Text {
    Text {
        id: s.into(),
        en: s.into(),
    }
}

fn field(id: &str, kind: FieldKind) -> Field {
    Field::new(id, t(id), kind, true)
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
                Date::new(2000 + yy, month, d).is_some() || Date::new(1900 + yy, month, d).is_some()
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

#[test]
fn a_date_typed_in_parts_is_checked_and_stored_as_iso() {
    let today = Date::new(2026, 11, 30).unwrap();
    let form = FormSchema {
        version: 1,
        sections: vec![Section {
            id: "s".into(),
            title: t("S"),
            fields: vec![field("lahir", FieldKind::MemorableDate)],
        }],
    };
    let check = |typed: &str| validate_on(&form, &answers(&[("lahir", typed)]), today);
    let problem = |typed: &str| check(typed).unwrap_err().remove(0).problem;
    assert_eq!(
        check("2007-3-27").unwrap().get("lahir"),
        Some(&Answer::One("2007-03-27".into()))
    );
    // An ISO date (stored data, or typed with zeros) reads the same.
    assert!(check("2007-03-27").is_ok() && check(" 2026 - 11 - 30 ").is_ok());
    // Nothing typed in any part is a missing answer; some parts missing are named.
    assert_eq!(problem("--"), Problem::Required);
    assert_eq!(problem("--27"), Problem::DateMissing { parts: vec![1, 2] });
    assert_eq!(problem("-3-27"), Problem::DateMissing { parts: vec![2] });
    assert_eq!(
        problem("2007--"),
        Problem::DateMissing { parts: vec![0, 1] }
    );
    // Impossible dates, letters, years before 1900 and the future are refused.
    assert_eq!(problem("2007-2-31"), Problem::NotADate);
    assert_eq!(problem("2007-2-3x"), Problem::NotADate);
    assert_eq!(problem("2007-13-1"), Problem::NotADate);
    assert_eq!(
        problem("1899-12-31"),
        Problem::TooSmall { min: 19_000_101.0 }
    );
    assert_eq!(problem("2026-12-1"), Problem::Future);
    assert_eq!(parts_date("2007-3-27"), Date::new(2007, 3, 27));
    assert_eq!(date_parts("-3-"), Some(["", "3", ""]));
}

#[test]
fn a_date_of_birth_field_reads_from_the_catalogue_and_an_error_text_must_be_complete() {
    let json = r#"{"id":"lahir","label":{"id":"Tanggal lahir","en":"Date of birth"},
        "kind":"memorable_date","required":true,"error":{"id":"Isi","en":""}}"#;
    let f: Field = serde_json::from_str(json).unwrap();
    assert_eq!(f.kind, FieldKind::MemorableDate);
    let form = FormSchema {
        version: 1,
        sections: vec![Section {
            id: "s".into(),
            title: t("S"),
            fields: vec![f],
        }],
    };
    assert!(schema_problems(&form).iter().any(|p| p.contains("error")));
}
