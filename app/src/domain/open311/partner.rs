//! The partner form: what another system can file through Open311. It is the service's form
//! with its file fields taken out (Open311 has no file datatype, and every service Loket takes
//! applications for asks for a document); the service definition shows those fields as
//! information (`variable: false`) saying the document is brought to the office. The same
//! partner form is what the one validator checks a POST against.

use super::doc::Node;
use crate::domain::form::{Answer, Answers, Field, FieldKind, FormSchema};

/// The form without its file fields (sections left empty are dropped).
pub fn partner_form(form: &FormSchema) -> FormSchema {
    let mut out = form.clone();
    for s in &mut out.sections {
        s.fields
            .retain(|f| !matches!(f.kind, FieldKind::File { .. }));
    }
    out.sections.retain(|s| !s.fields.is_empty());
    out
}

/// The Open311 datatype of a field kind (`None` for a file: Open311 has none).
pub fn datatype(kind: &FieldKind) -> Option<&'static str> {
    Some(match kind {
        FieldKind::Text | FieldKind::Nik | FieldKind::Phone | FieldKind::Email => "string",
        FieldKind::LongText => "text",
        FieldKind::Number => "number",
        FieldKind::Date | FieldKind::MemorableDate => "datetime",
        FieldKind::Choice { .. } | FieldKind::YesNo => "singlevaluelist",
        FieldKind::MultiChoice { .. } => "multivaluelist",
        FieldKind::File { .. } => return None,
    })
}

/// The hint on how to write a value, where one helps.
fn datatype_description(f: &Field) -> Option<String> {
    let range = |unit: &str| match (f.min, f.max) {
        (Some(a), Some(b)) => Some(format!("{unit} {a} sampai {b}")),
        (Some(a), None) => Some(format!("{unit} paling kecil {a}")),
        (None, Some(b)) => Some(format!("{unit} paling besar {b}")),
        (None, None) => None,
    };
    match &f.kind {
        FieldKind::Text | FieldKind::LongText => match (f.min_length, f.max_length) {
            (Some(a), Some(b)) => Some(format!("{a} sampai {b} karakter")),
            (None, Some(b)) => Some(format!("Paling banyak {b} karakter")),
            (Some(a), None) => Some(format!("Paling sedikit {a} karakter")),
            (None, None) => None,
        },
        FieldKind::Number => range("Angka").or_else(|| Some("Angka, contoh 1.5".into())),
        FieldKind::Date => Some("Tanggal, YYYY-MM-DD".into()),
        FieldKind::MemorableDate => Some("Tanggal yang sudah lewat, YYYY-MM-DD".into()),
        FieldKind::Nik => Some("16 angka NIK".into()),
        FieldKind::Phone => Some("Nomor HP, contoh 081234567890".into()),
        FieldKind::Email => Some("Alamat email".into()),
        FieldKind::MultiChoice { .. } => range("Jumlah pilihan"),
        _ => None,
    }
}

/// The question and its instructions: the label (and hint) in Indonesian, never empty.
fn description(form: &FormSchema, f: &Field) -> String {
    let mut d = f.label.id.trim().to_string();
    if let Some(h) = f
        .hint
        .as_ref()
        .map(|h| h.id.trim())
        .filter(|h| !h.is_empty())
    {
        d.push_str(". ");
        d.push_str(h);
    }
    if let FieldKind::File { .. } = f.kind {
        d.push_str(
            ". Dokumen ini tidak dikirim lewat Open311: pemohon membawanya ke kantor layanan.",
        );
    } else if let Some(cond) = &f.visible_if {
        // Open311 cannot say "required when visible": the description says it, the server's
        // validator enforces it.
        let other = form
            .field(&cond.field)
            .map_or(cond.field.as_str(), |o| o.label.id.as_str());
        let when = if f.required { "Wajib" } else { "Diisi" };
        d.push_str(&format!(
            ". {when} bila {other} ({}) adalah {}",
            cond.field,
            cond.any_of.join(" atau ")
        ));
    }
    if d.is_empty() {
        f.id.clone()
    } else {
        d
    }
}

/// The list values of a field (`key` = the stored value, `name` = the Indonesian label).
fn values(kind: &FieldKind) -> Option<Node> {
    let pair = |key: &str, name: &str| {
        Node::Object(vec![("key", Node::text(key)), ("name", Node::text(name))])
    };
    let items = match kind {
        FieldKind::Choice { options } | FieldKind::MultiChoice { options } => options
            .iter()
            .map(|o| pair(&o.value, &o.label.id))
            .collect(),
        FieldKind::YesNo => vec![pair("ya", "Ya"), pair("tidak", "Tidak")],
        _ => return None,
    };
    Some(Node::List("value", items))
}

/// The service definition (`services/{code}`) of a service's whole form: one attribute per
/// field in form order (`order` 1, 2, … over all sections), file fields as information only.
pub fn definition(code: &str, form: &FormSchema) -> Node {
    let attributes = form
        .fields()
        .enumerate()
        .map(|(i, f)| {
            let file = datatype(&f.kind).is_none();
            let mut a = vec![
                ("variable", Node::Bool(!file)),
                ("code", Node::text(&f.id)),
                (
                    "datatype",
                    Node::text(datatype(&f.kind).unwrap_or("string")),
                ),
                (
                    "required",
                    Node::Bool(!file && f.required && f.visible_if.is_none()),
                ),
            ];
            if let Some(d) = datatype_description(f) {
                a.push(("datatype_description", Node::text(&d)));
            }
            a.push(("order", Node::Int(i as i64 + 1)));
            a.push(("description", Node::text(&description(form, f))));
            if let Some(v) = values(&f.kind) {
                a.push(("values", v));
            }
            Node::Object(a)
        })
        .collect();
    Node::Object(vec![
        ("service_code", Node::text(code)),
        ("attributes", Node::List("attribute", attributes)),
    ])
}

/// What is wrong with a form field's name (`attribute[…]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadName(pub String);

/// The answers in a POST's `attribute[code]` and `attribute[code][]` pairs, shaped for the one
/// validator with `form` (the partner form): `attribute[x][]` (repeated) is a list; a single
/// `attribute[x]` for a multiple choice is a list of one; a second `attribute[x]` makes a list
/// (which the validator refuses for a one-answer field). A date field also takes a W3C datetime
/// and keeps its date part. Pairs that are not attributes are left out. A name that starts like
/// an attribute but is malformed is returned as a [`BadName`].
pub fn answers<'a>(
    form: &FormSchema,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Answers, Vec<BadName>) {
    let (mut out, mut bad) = (Answers::new(), Vec::new());
    for (k, v) in pairs {
        let Some(rest) = k.strip_prefix("attribute[") else {
            continue;
        };
        let (code, many) = if let Some(code) = rest.strip_suffix("][]") {
            (code, true)
        } else if let Some(code) = rest.strip_suffix(']') {
            (code, false)
        } else {
            bad.push(BadName(k.to_string()));
            continue;
        };
        if code.is_empty() || code.contains(['[', ']']) {
            bad.push(BadName(k.to_string()));
            continue;
        }
        let field = form.field(code);
        let v = match field.map(|f| &f.kind) {
            Some(FieldKind::Date | FieldKind::MemorableDate) => date_part(v),
            _ => v.to_string(),
        };
        let multi = matches!(field.map(|f| &f.kind), Some(FieldKind::MultiChoice { .. }));
        let entry = out.remove(code);
        let next = match entry {
            None if many || multi => Answer::Many(vec![v]),
            None => Answer::One(v),
            Some(Answer::One(first)) => Answer::Many(vec![first, v]),
            Some(Answer::Many(mut vs)) => {
                vs.push(v);
                Answer::Many(vs)
            }
        };
        out.insert(code.to_string(), next);
    }
    (out, bad)
}

/// `YYYY-MM-DD` of a W3C datetime (as written, in its own zone), or the value unchanged.
fn date_part(v: &str) -> String {
    let v = v.trim();
    match (super::datetime::parse(v), v.get(..10)) {
        (Some(_), Some(day)) => day.to_string(),
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::{validate, Choice, Section, VisibleIf};
    use crate::domain::l10n::Text;

    fn t(s: &str) -> Text {
        Text {
            id: s.into(),
            en: s.into(),
        }
    }

    fn form() -> FormSchema {
        let mut hint = Field::new("nama", t("Nama lengkap"), FieldKind::Text, true);
        hint.hint = Some(t("Seperti di KTP"));
        hint.max_length = Some(100);
        let mut alasan = Field::new("alasan", t("Alasan"), FieldKind::LongText, true);
        alasan.visible_if = Some(VisibleIf {
            field: "ganti".into(),
            any_of: vec!["ya".into()],
        });
        let opts = vec![
            Choice {
                value: "a".into(),
                label: t("Pilihan A"),
            },
            Choice {
                value: "b".into(),
                label: t("Pilihan B"),
            },
        ];
        FormSchema {
            version: 3,
            sections: vec![
                Section {
                    id: "s1".into(),
                    title: t("Satu"),
                    fields: vec![
                        hint,
                        Field::new("nik", t("NIK"), FieldKind::Nik, true),
                        Field::new("lahir", t("Tanggal lahir"), FieldKind::Date, false),
                        Field::new("ganti", t("Ganti?"), FieldKind::YesNo, true),
                        alasan,
                    ],
                },
                Section {
                    id: "s2".into(),
                    title: t("Dua"),
                    fields: vec![
                        Field::new("foto", t("Foto KK"), FieldKind::File { max_bytes: 1 }, true),
                        Field::new(
                            "pil",
                            t("Pilih"),
                            FieldKind::MultiChoice {
                                options: opts.clone(),
                            },
                            false,
                        ),
                        Field::new(
                            "satu",
                            t("Satu"),
                            FieldKind::Choice { options: opts },
                            false,
                        ),
                        Field::new("jumlah", t("Jumlah"), FieldKind::Number, false),
                    ],
                },
                Section {
                    id: "s3".into(),
                    title: t("Dokumen"),
                    fields: vec![Field::new(
                        "ktp",
                        t("KTP"),
                        FieldKind::File { max_bytes: 1 },
                        true,
                    )],
                },
            ],
        }
    }

    #[test]
    fn the_partner_form_has_no_file_fields() {
        let p = partner_form(&form());
        assert_eq!(p.version, 3);
        let ids: Vec<&str> = p.fields().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            ["nama", "nik", "lahir", "ganti", "alasan", "pil", "satu", "jumlah"]
        );
        assert_eq!(p.sections.len(), 2, "a section of files only is dropped");
    }

    #[test]
    fn the_definition_maps_every_kind_and_orders_uniquely() {
        let d = super::super::doc::Document {
            root: "service_definition",
            body: definition("ktp-el-baru", &form()),
        };
        let v: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
        assert_eq!(v["service_code"], "ktp-el-baru");
        let attrs = v["attributes"].as_array().unwrap();
        let by = |code: &str| attrs.iter().find(|a| a["code"] == code).unwrap().clone();
        let orders: Vec<i64> = attrs.iter().map(|a| a["order"].as_i64().unwrap()).collect();
        assert_eq!(orders, (1..=10).collect::<Vec<_>>());
        assert_eq!(by("nama")["datatype"], "string");
        assert_eq!(by("nama")["description"], "Nama lengkap. Seperti di KTP");
        assert_eq!(
            by("nama")["datatype_description"],
            "Paling banyak 100 karakter"
        );
        assert_eq!(by("alasan")["datatype"], "text");
        assert_eq!(
            by("alasan")["required"],
            false,
            "required only when visible"
        );
        assert!(by("alasan")["description"]
            .as_str()
            .unwrap()
            .contains("Wajib bila Ganti? (ganti) adalah ya"));
        assert_eq!(by("lahir")["datatype"], "datetime");
        assert_eq!(by("ganti")["datatype"], "singlevaluelist");
        assert_eq!(by("ganti")["values"][0]["key"], "ya");
        assert_eq!(by("pil")["datatype"], "multivaluelist");
        assert_eq!(by("pil")["values"][1]["name"], "Pilihan B");
        assert_eq!(by("satu")["datatype"], "singlevaluelist");
        assert_eq!(by("jumlah")["datatype"], "number");
        assert_eq!(by("nik")["required"], true);
        let foto = by("foto");
        assert_eq!(
            (foto["variable"].clone(), foto["required"].clone()),
            (false.into(), false.into())
        );
        assert!(foto["description"]
            .as_str()
            .unwrap()
            .contains("membawanya ke kantor"));
        for a in attrs {
            assert!(
                a["description"].is_string(),
                "never null: civicbot slices it"
            );
            assert!(a["variable"].is_boolean() && a["required"].is_boolean());
        }
    }

    #[test]
    fn attributes_are_shaped_for_the_validator() {
        let f = partner_form(&form());
        let pairs = [
            ("service_code", "x"),
            ("attribute[nama]", "  Siti  "),
            ("attribute[pil][]", "a"),
            ("attribute[pil][]", "b"),
            ("attribute[satu]", "a"),
            ("attribute[lahir]", "1990-01-02T10:00:00+07:00"),
            ("attribute[ganti]", "tidak"),
            ("attribute[", "x"),
            ("attribute[]", "x"),
            ("attribute[a][b]", "x"),
        ];
        let (a, bad) = answers(&f, pairs);
        assert_eq!(a["nama"], Answer::One("  Siti  ".into()));
        assert_eq!(a["pil"], Answer::Many(vec!["a".into(), "b".into()]));
        assert_eq!(a["satu"], Answer::One("a".into()));
        assert_eq!(a["lahir"], Answer::One("1990-01-02".into()));
        assert_eq!(bad.len(), 3);
        // One attribute[x] for a multivaluelist is a list of one.
        let (a, _) = answers(&f, [("attribute[pil]", "a")]);
        assert_eq!(a["pil"], Answer::Many(vec!["a".into()]));
        // Twice for a one-answer field is a list, which the validator refuses.
        let (a, _) = answers(&f, [("attribute[satu]", "a"), ("attribute[satu]", "b")]);
        assert_eq!(a["satu"], Answer::Many(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn the_one_validator_judges_partner_answers() {
        let f = partner_form(&form());
        let ok = [
            ("attribute[nama]", "Siti Aminah"),
            ("attribute[nik]", "3171014101900001"),
            ("attribute[ganti]", "tidak"),
        ];
        let (a, bad) = answers(&f, ok);
        assert!(bad.is_empty());
        assert!(validate(&f, &a).is_ok(), "{:?}", validate(&f, &a));
        // A file field is not in the partner form: refused as unexpected.
        let (a, _) = answers(&f, ok.into_iter().chain([("attribute[foto]", "x")]));
        let errs = validate(&f, &a).unwrap_err();
        assert_eq!(errs[0].field, "foto");
        // Civicbot's `None` for a missing value is an ordinary (wrong) answer.
        let (a, _) = answers(
            &f,
            [
                ("attribute[nama]", "Siti"),
                ("attribute[nik]", "None"),
                ("attribute[ganti]", "None"),
            ],
        );
        let errs = validate(&f, &a).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            ["nik", "ganti"]
        );
        // Required only when visible: `alasan` is asked for once `ganti` is `ya`.
        let (a, _) = answers(
            &f,
            [
                ("attribute[nama]", "Siti"),
                ("attribute[nik]", "3171014101900001"),
                ("attribute[ganti]", "ya"),
            ],
        );
        assert_eq!(validate(&f, &a).unwrap_err()[0].field, "alasan");
    }
}
