//! An application as the phone keeps it: a draft while the citizen fills it in, then an item
//! of the outbox until the server's receipt comes back. One record, one id (a UUIDv7 made on the
//! phone, which is also the idempotency key), so a draft never turns into two requests.

use super::form::{validate, Answer, Answers, FieldError, FieldKind, FormDoc, FormSchema};
use super::l10n::Text;
use super::map_only::{map_deserialize, name_deserialize};
use super::status::RequestView;
use super::submission::{Envelope, Receipt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an application stands on the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Being filled in.
    Draft,
    /// Submitted by the citizen, waiting for a connection (or for the next try).
    Queued,
    /// Being sent right now.
    Sending,
    /// The server stored it and gave a receipt.
    Sent,
    /// Sending stopped: the citizen must look (see the notice).
    Attention,
}

impl State {
    /// The word used in `data-state` attributes.
    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Queued => "queued",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Attention => "attention",
        }
    }

    /// Submitted but not yet acknowledged: what the outbox badge counts.
    pub fn in_outbox(self) -> bool {
        matches!(self, State::Queued | State::Sending | State::Attention)
    }
}

/// Why an application came back to the citizen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// The server found problems in the answers (the messages are in `returned`).
    Returned,
    /// The form changed since it was filled in; the citizen checks the answers again.
    FormChanged,
    /// The same id was already used for different content (the first version arrived).
    Conflict,
    /// A file was refused by the server (type or size); the field says which.
    FileRefused,
    /// The service no longer takes applications through Loket.
    UnknownService,
    /// The server refused it for a reason the phone does not know (HTTP status).
    Refused {
        /// The HTTP status.
        status: u16,
    },
}

/// A file kept on the phone for a file field (the Blob itself is stored by its SHA-256).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    /// The name the citizen's file had.
    pub name: String,
    /// Bytes, after downscaling.
    pub size: u64,
    /// `image/jpeg`, `image/png` or `application/pdf`.
    pub media_type: String,
    /// The server holds all of it.
    #[serde(default)]
    pub uploaded: bool,
}

/// An application on the phone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Application {
    /// UUIDv7 made on the phone: the record's key and the submission's idempotency key.
    pub id: String,
    /// The service's slug.
    pub service: String,
    /// The service's name, for lists (the catalogue may change under a draft).
    pub service_name: Text,
    /// The form as it was when the draft began (raw JSON, see `FormDoc`).
    pub form: FormDoc,
    /// Its version.
    pub form_version: u32,
    /// Every answer given, also to fields now hidden (hidden answers are not sent).
    #[serde(default)]
    pub answers: Answers,
    /// The section the citizen is on (0-based).
    #[serde(default)]
    pub section: usize,
    /// Where it stands.
    pub state: State,
    /// Created, last changed, submitted: phone time, ms since the Unix epoch.
    pub created: i64,
    /// Last change.
    pub updated: i64,
    /// When the citizen pressed "Kirim permohonan".
    #[serde(default)]
    pub submitted: Option<i64>,
    /// The server's receipt once sent.
    #[serde(default)]
    pub receipt: Option<Receipt>,
    /// Why it came back or stopped.
    #[serde(default)]
    pub notice: Option<Notice>,
    /// The server's problems with the answers, shown on the fields.
    #[serde(default)]
    pub returned: Vec<FieldError>,
    /// Failed sending attempts since the last success or edit.
    #[serde(default)]
    pub attempts: u32,
    /// Not before this time (ms) will the outbox try again by itself.
    #[serde(default)]
    pub next_try: i64,
    /// Files kept for file fields, by SHA-256.
    #[serde(default)]
    pub files: BTreeMap<String, FileInfo>,
    /// The request as the agency last reported it (status and timeline), once sent.
    #[serde(default)]
    pub request: Option<RequestView>,
    /// The last timeline step the citizen has seen (newer ones are "new").
    #[serde(default)]
    pub seen_seq: i64,
    /// Being edited (or sent) as the answer to the agency's "more information needed".
    #[serde(default)]
    pub answering: bool,
    /// What the citizen expected when sending (working days, cost, readiness; all optional).
    #[serde(default)]
    pub expect: Option<super::skm::Expectation>,
    /// The citizen's satisfaction survey of the closed request, kept until the server has it.
    #[serde(default)]
    pub survey: Option<super::skm::Reply>,
}

// How each is read: from a map only, optional fields defaulting (see `map_only`).
name_deserialize!(State { Draft "draft", Queued "queued", Sending "sending", Sent "sent", Attention "attention" });
map_deserialize!(FileInfo { name "name" req, size "size" req, media_type "media_type" req, uploaded "uploaded" opt });
map_deserialize!(Application {
    id "id" req,
    service "service" req,
    service_name "service_name" req,
    form "form" req,
    form_version "form_version" req,
    answers "answers" opt,
    section "section" opt,
    state "state" req,
    created "created" req,
    updated "updated" req,
    submitted "submitted" opt,
    receipt "receipt" opt,
    notice "notice" opt,
    returned "returned" opt,
    attempts "attempts" opt,
    next_try "next_try" opt,
    files "files" opt,
    request "request" opt,
    seen_seq "seen_seq" opt,
    answering "answering" opt,
    expect "expect" opt,
    survey "survey" opt,
});

impl Application {
    /// A new, empty draft.
    pub fn new(
        id: String,
        service: String,
        service_name: Text,
        form: FormDoc,
        form_version: u32,
        now: i64,
    ) -> Self {
        Application {
            id,
            service,
            service_name,
            form,
            form_version,
            answers: Answers::new(),
            section: 0,
            state: State::Draft,
            created: now,
            updated: now,
            submitted: None,
            receipt: None,
            notice: None,
            returned: Vec::new(),
            attempts: 0,
            next_try: 0,
            files: BTreeMap::new(),
            request: None,
            seen_seq: 0,
            answering: false,
            expect: None,
            survey: None,
        }
    }

    /// Whether the survey is asked for: the request (sent from here or followed) is *Selesai*
    /// or *Ditolak* and the citizen has not answered yet (one survey per request).
    pub fn survey_due(&self) -> bool {
        use super::status::Status;
        let closed = self
            .request
            .as_ref()
            .is_some_and(|q| matches!(q.status, Status::Completed | Status::Rejected));
        closed && self.receipt.is_some() && self.survey.is_none()
    }

    /// The agency's latest step, when the citizen has not seen it yet.
    pub fn unseen(&self) -> bool {
        self.request
            .as_ref()
            .and_then(|r| r.timeline.last())
            .is_some_and(|e| e.seq > self.seen_seq)
    }

    /// What the outbox sends: only the answers the form asks for now (hidden ones dropped,
    /// normalised), or the problems that keep it from being sent.
    pub fn envelope(&self, schema: &FormSchema) -> Result<Envelope, Vec<FieldError>> {
        let answers = validate(schema, &self.answers)?;
        Ok(Envelope {
            id: self.id.clone(),
            service: self.service.clone(),
            form_version: self.form_version,
            answers,
            expect: self.expect,
        })
    }

    /// Back to the citizen as a draft: sending stops, the reason is kept.
    pub fn return_to_draft(&mut self, notice: Option<Notice>, returned: Vec<FieldError>) {
        self.state = State::Draft;
        self.notice = notice;
        self.returned = returned;
        self.attempts = 0;
        self.next_try = 0;
    }
}

/// The section (0-based) that holds a field.
pub fn section_of(schema: &FormSchema, field: &str) -> Option<usize> {
    schema
        .sections
        .iter()
        .position(|s| s.fields.iter().any(|f| f.id == field))
}

/// How far a section of a draft is filled in (GOV.UK's task list statuses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionStatus {
    /// Nothing answered yet.
    NotStarted,
    /// Something answered, something still to answer or fix.
    InProgress,
    /// Every question shown is answered as the form asks.
    Done,
}

impl SectionStatus {
    /// The word used in `data-status` attributes and style classes.
    pub fn code(self) -> &'static str {
        match self {
            SectionStatus::NotStarted => "not-started",
            SectionStatus::InProgress => "in-progress",
            SectionStatus::Done => "done",
        }
    }
}

/// Each section's status (`None`: the section asks nothing, given the answers so far). A
/// section is done when none of its shown questions has a problem and something in it was
/// answered, or the citizen went past it (a section of optional questions left empty).
pub fn section_statuses(app: &Application, schema: &FormSchema) -> Vec<Option<SectionStatus>> {
    let problems = validate(schema, &app.answers).err().unwrap_or_default();
    schema
        .sections
        .iter()
        .enumerate()
        .map(|(i, sec)| {
            let shown = || {
                sec.fields
                    .iter()
                    .filter(|f| schema.is_visible(f, &app.answers))
            };
            shown().next()?;
            let started = shown().any(|f| app.answers.contains_key(&f.id));
            let fix = shown().any(|f| problems.iter().any(|e| e.field == f.id));
            Some(match (started, fix) {
                (_, false) if started || i < app.section => SectionStatus::Done,
                (false, _) => SectionStatus::NotStarted,
                _ => SectionStatus::InProgress,
            })
        })
        .collect()
}

/// Sections done and sections that ask something: "2 of 4 sections done".
pub fn sections_done(statuses: &[Option<SectionStatus>]) -> (usize, usize) {
    let asked = statuses.iter().flatten().count();
    let done = statuses
        .iter()
        .filter(|s| **s == Some(SectionStatus::Done))
        .count();
    (done, asked)
}

/// The file answers among `answers` (field id, SHA-256).
pub fn file_answers<'a>(schema: &'a FormSchema, answers: &'a Answers) -> Vec<(&'a str, &'a str)> {
    schema
        .fields()
        .filter(|f| matches!(f.kind, FieldKind::File { .. }))
        .filter_map(|f| match answers.get(&f.id) {
            Some(Answer::One(sha)) => Some((f.id.as_str(), sha.as_str())),
            _ => None,
        })
        .collect()
}

/// How long the outbox (and a background round that failed) waits before the next try after
/// `attempts` failures: 2 s, doubling, at most 5 minutes (the `online` event and "send now" do
/// not wait).
pub fn backoff_ms(attempts: u32) -> i64 {
    (2_000i64 << attempts.min(8)).min(300_000)
}

/// A UUIDv7 (RFC 9562) from a Unix time in ms and 10 random bytes.
pub fn uuid_v7(millis: u64, random: [u8; 10]) -> String {
    let mut b = [0u8; 16];
    b[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    b[6..].copy_from_slice(&random);
    b[6] = 0x70 | (b[6] & 0x0f);
    b[8] = 0x80 | (b[8] & 0x3f);
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::submission::is_uuid_v7;

    #[test]
    fn makes_uuid_v7s_the_server_accepts() {
        let id = uuid_v7(1_763_900_000_000, [0xff; 10]);
        assert!(is_uuid_v7(&id), "{id}");
        assert!(is_uuid_v7(&uuid_v7(0, [0; 10])));
        // Time-ordered: a later millisecond sorts after.
        assert!(uuid_v7(2, [0xff; 10]) > uuid_v7(1, [0xff; 10]));
    }

    #[test]
    fn counts_sections_done_as_answers_come() {
        use crate::domain::form::{Field, Section};
        use crate::domain::l10n::Text;
        let text = |s: &str| Text {
            id: s.into(),
            en: s.into(),
        };
        let field = |id: &str, required| Field::new(id, text(id), FieldKind::Text, required);
        let section = |id: &str, fields| Section {
            id: id.into(),
            title: text(id),
            fields,
        };
        let schema = FormSchema {
            version: 1,
            sections: vec![
                section("a", vec![field("x", true), field("y", true)]),
                section("b", vec![field("z", false)]),
                section("c", vec![]),
            ],
        };
        let mut app = Application::new(
            "i".into(),
            "s".into(),
            text("S"),
            FormDoc::of(&schema).unwrap(),
            1,
            0,
        );
        let (not_started, in_progress, done) = (
            Some(SectionStatus::NotStarted),
            Some(SectionStatus::InProgress),
            Some(SectionStatus::Done),
        );
        let st = |app: &Application| section_statuses(app, &schema);
        assert_eq!(st(&app), vec![not_started, not_started, None]);
        app.answers.insert("x".into(), Answer::One("1".into()));
        assert_eq!(st(&app)[0], in_progress);
        app.answers.insert("y".into(), Answer::One("2".into()));
        assert_eq!(st(&app), vec![done, not_started, None]);
        // Gone past a section of optional questions: done though empty.
        app.section = 2;
        assert_eq!(sections_done(&st(&app)), (2, 2));
    }

    #[test]
    fn backs_off_doubling_up_to_five_minutes() {
        assert_eq!(backoff_ms(0), 2_000);
        assert_eq!(backoff_ms(1), 4_000);
        assert_eq!(backoff_ms(7), 256_000);
        assert_eq!(backoff_ms(8), 300_000);
        assert_eq!(backoff_ms(40), 300_000);
    }
}
