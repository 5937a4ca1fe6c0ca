//! The server's own application form (issue 13, parts 2 and 3): the same form, sections and
//! validator as the phone's, posted section by section as plain HTML forms by a browser that
//! runs no scripts (channel `web`) or by an officer at the counter (channel `counter`). The
//! rules here are what a posted section means: which answers it gives, which problems it has,
//! and where the person goes next.

use super::account::Role;
use super::application::FileInfo;
use super::catalogue::Service;
use super::channel::Channel;
use super::form::{validate_on, Answer, Answers, FieldError, FieldKind, FormSchema};
use super::route::query_param;
use super::skm::Expectation;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The door a server-kept draft is filled in through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Door {
    /// A browser that runs no scripts: `/formulir/<slug>`, the visitor's own draft.
    Web,
    /// An officer at the counter, for a citizen: `/staff/loket/<slug>`.
    Counter,
}

impl Door {
    /// The channel requests made through it carry.
    pub fn channel(self) -> Channel {
        match self {
            Door::Web => Channel::Web,
            Door::Counter => Channel::Counter,
        }
    }

    /// Its pages' path, before the service's slug.
    pub fn page(self) -> &'static str {
        match self {
            Door::Web => "/formulir/",
            Door::Counter => "/staff/loket/",
        }
    }

    /// Where its forms are posted, before the service's slug (under `/api/`, so the same-origin
    /// rule for changes applies).
    pub fn post(self) -> &'static str {
        match self {
            Door::Web => "/api/formulir/",
            Door::Counter => "/api/loket/",
        }
    }
}

/// Whether a staff member may file applications at the counter: an agency admin always, an
/// officer once their agency admin allowed it (`granted`).
pub fn may_file(role: Role, granted: bool) -> bool {
    match role {
        Role::AgencyAdmin => true,
        Role::Officer => granted,
        Role::Citizen | Role::SystemAdmin => false,
    }
}

/// Which page of the form an address asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    /// A section (from 0); `changing`: reached by *Ubah* from "check your answers"; `check`:
    /// show its problems (after a post that had some); `file`: a file field whose file was
    /// refused.
    Section {
        /// The section, from 0.
        idx: usize,
        /// Reached by *Ubah*.
        changing: bool,
        /// Show the section's problems.
        check: bool,
        /// A file field whose file was refused (kind or size).
        file: Option<String>,
    },
    /// "Check your answers"; `expect_failed`: the expectations typed could not be read.
    Check {
        /// The expectations were refused.
        expect_failed: bool,
    },
    /// The receipt of the sent draft.
    Done,
}

impl View {
    /// The view a query string asks for: `?periksa=1`, `?selesai=1`, else `?bagian=N` (from 1)
    /// with `&ubah=1`, `&galat=1`, `&berkas=FIELD`.
    pub fn parse(query: &str) -> View {
        let has = |k: &str| query_param(query, k).is_some();
        if has("selesai") {
            return View::Done;
        }
        if has("periksa") {
            return View::Check {
                expect_failed: has("galat"),
            };
        }
        let idx = query_param(query, "bagian")
            .and_then(|b| b.parse::<usize>().ok())
            .filter(|&n| n >= 1)
            .map_or(0, |n| n - 1);
        View::Section {
            idx,
            changing: has("ubah"),
            check: has("galat"),
            file: query_param(query, "berkas"),
        }
    }
}

/// The receipt of a request filed through a server-kept draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filed {
    /// The reference number.
    pub reference: String,
    /// The PIN to follow it with.
    pub pin: String,
    /// When it arrived (UTC, RFC 3339).
    pub received_at: String,
    /// Its expected completion date (`YYYY-MM-DD`; empty when the service promises none).
    pub due_date: String,
}

/// A page of the server's form: the service, the draft so far and the view asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebFormScreen {
    /// The door.
    pub door: Door,
    /// The service (with its form in force).
    pub service: Box<Service>,
    /// The draft's id (empty before anything was posted).
    pub draft_id: String,
    /// Its answers so far.
    pub answers: Answers,
    /// Its files, by SHA-256.
    pub files: BTreeMap<String, FileInfo>,
    /// What the person expects.
    pub expect: Option<Expectation>,
    /// The page asked for.
    pub view: View,
    /// The receipt, once sent.
    pub filed: Option<Filed>,
    /// Where the citizen follows it (`<public URL>/lacak`).
    pub track_url: String,
}

/// The cookie that names a visitor's drafts on the server (a random token; the server keeps
/// only its hash).
pub const DRAFT_COOKIE: &str = "loket_formulir";

/// How long a draft is kept after its last change, in seconds (a week, like an unclaimed
/// upload), and how long the visitor's cookie lasts.
pub const DRAFT_TTL_SECS: i64 = 7 * 24 * 3600;

/// The longest text a posted answer may have, in bytes (more than any field's limit; the
/// validator then says what the field allows).
pub const MAX_ANSWER_BYTES: usize = 16 * 1024;

/// The answers that section `idx` (from 0) of `schema` gives in the posted `pairs` (name,
/// value), for every field of the section but files: `None` removes the answer (an empty
/// field). A date typed in parts comes as three values under its name (day, month, year) and
/// is kept as `Y-M-D`, as the phone keeps it, so a half-typed date survives; a multiple choice
/// is every value given; other fields the first.
pub fn section_answers(
    schema: &FormSchema,
    idx: usize,
    pairs: &[(String, String)],
) -> Vec<(String, Option<Answer>)> {
    let Some(section) = schema.sections.get(idx) else {
        return Vec::new();
    };
    let values = |id: &str| -> Vec<&str> {
        pairs
            .iter()
            .filter(|(k, _)| k == id)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    section
        .fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::File { .. }))
        .map(|f| {
            let given = values(&f.id);
            let answer = match f.kind {
                FieldKind::MultiChoice { .. } => {
                    let many: Vec<String> = given
                        .iter()
                        .filter(|v| !v.is_empty())
                        .map(|v| v.to_string())
                        .collect();
                    (!many.is_empty()).then_some(Answer::Many(many))
                }
                FieldKind::MemorableDate => {
                    let part = |i: usize| given.get(i).map_or("", |v| v.trim());
                    let typed = format!("{}-{}-{}", part(2), part(1), part(0));
                    (typed != "--").then_some(Answer::One(typed))
                }
                _ => given
                    .first()
                    .filter(|v| !v.is_empty())
                    .map(|v| Answer::One(v.to_string())),
            };
            (f.id.clone(), answer)
        })
        .collect()
}

/// Puts a section's answers (from [`section_answers`]) into `answers`.
pub fn apply(answers: &mut Answers, given: Vec<(String, Option<Answer>)>) {
    for (id, answer) in given {
        match answer {
            Some(a) => answers.insert(id, a),
            None => answers.remove(&id),
        };
    }
}

/// The problems the one validator finds in `answers` on the fields of section `idx`.
pub fn section_problems(
    schema: &FormSchema,
    answers: &Answers,
    idx: usize,
    today: super::date::Date,
) -> Vec<FieldError> {
    let Some(section) = schema.sections.get(idx) else {
        return Vec::new();
    };
    match validate_on(schema, answers, today) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .filter(|e| section.fields.iter().any(|f| f.id == e.field))
            .collect(),
    }
}

/// The section after `idx` that asks something given `answers` (sections whose questions are
/// all hidden are passed over); `None` after the last: "check your answers".
pub fn next_section(schema: &FormSchema, answers: &Answers, idx: usize) -> Option<usize> {
    (idx + 1..schema.sections.len()).find(|&j| {
        schema.sections[j]
            .fields
            .iter()
            .any(|f| schema.is_visible(f, answers))
    })
}

/// The section (from 0) of the first problem in `errors`, to send the person back to.
pub fn first_section(schema: &FormSchema, errors: &[FieldError]) -> usize {
    errors
        .iter()
        .find_map(|e| super::application::section_of(schema, &e.field))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::{Field, Problem, Section};
    use crate::domain::l10n::Text;

    fn t(s: &str) -> Text {
        Text {
            id: s.into(),
            en: s.into(),
        }
    }

    fn schema() -> FormSchema {
        let field = |id: &str, kind| Field::new(id, t(id), kind, true);
        FormSchema {
            version: 1,
            sections: vec![
                Section {
                    id: "satu".into(),
                    title: t("satu"),
                    fields: vec![
                        field("nama", FieldKind::Text),
                        field("lahir", FieldKind::MemorableDate),
                        field("foto", FieldKind::File { max_bytes: 1000 }),
                    ],
                },
                Section {
                    id: "dua".into(),
                    title: t("dua"),
                    fields: vec![field("nik", FieldKind::Nik)],
                },
            ],
        }
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_posted_section_gives_its_answers_and_leaves_files_alone() {
        let s = schema();
        let given = section_answers(
            &s,
            0,
            &pairs(&[
                ("nama", "Siti"),
                ("lahir", "5"),
                ("lahir", "3"),
                ("lahir", "1990"),
                ("foto", "x"),
            ]),
        );
        assert_eq!(
            given,
            vec![
                ("nama".into(), Some(Answer::One("Siti".into()))),
                ("lahir".into(), Some(Answer::One("1990-3-5".into()))),
            ]
        );
        let empty = section_answers(&s, 0, &pairs(&[("nama", ""), ("lahir", ""), ("lahir", "")]));
        assert_eq!(empty, vec![("nama".into(), None), ("lahir".into(), None)]);
    }

    #[test]
    fn problems_are_the_sections_own_and_the_next_section_follows() {
        let s = schema();
        let mut answers = Answers::new();
        apply(
            &mut answers,
            section_answers(&s, 0, &pairs(&[("nama", "Siti")])),
        );
        let today = crate::domain::date::Date::new(2026, 12, 1).unwrap();
        let problems = section_problems(&s, &answers, 0, today);
        let fields: Vec<&str> = problems.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lahir", "foto"]);
        assert!(problems.iter().all(|e| e.problem == Problem::Required));
        assert_eq!(
            first_section(&s, &section_problems(&s, &answers, 1, today)),
            1
        );
        assert_eq!(next_section(&s, &answers, 0), Some(1));
        assert_eq!(next_section(&s, &answers, 1), None);
    }
}
