//! Submitting an application: the envelope a phone sends (with its own UUIDv7 as the
//! idempotency key), the checks the server makes, and the receipt it gives back.

use super::form::{validate_on, Answers, FieldError, FormSchema};
use super::map_only::map_deserialize;
use super::reference::Reference;
use serde::{Deserialize, Serialize};

/// What a phone sends: sending it twice must store one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// A UUIDv7 made on the phone when the citizen pressed "Kirim permohonan": the
    /// idempotency key.
    pub id: String,
    /// The service applied for.
    pub service: String,
    /// The form version the answers were given in.
    pub form_version: u32,
    /// The answers, by field id.
    pub answers: Answers,
    /// What the citizen expects (optional; older phones send none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<super::skm::Expectation>,
}

pub use super::status::Status;

/// The server's answer to a stored submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The envelope's id.
    pub id: String,
    /// The reference number to quote.
    pub reference: Reference,
    /// Its status.
    pub status: Status,
    /// When the server stored it (UTC, RFC 3339).
    pub received_at: String,
    /// Six digits that, with the reference, let the citizen follow the request on any device
    /// (the server keeps only a hash).
    #[serde(default)]
    pub pin: String,
    /// What this phone sends to read the request's updates without an account.
    #[serde(default)]
    pub token: String,
}

map_deserialize!(Receipt {
    id "id" req,
    reference "reference" req,
    status "status" req,
    received_at "received_at" req,
    pin "pin" opt,
    token "token" opt,
});

/// Why a submission was refused. Only `Unreachable` (on the phone) is worth retrying; the rest
/// go back to the citizen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The id is not a UUIDv7.
    BadId,
    /// No such service (or it was withdrawn), or it takes no applications through Loket.
    UnknownService,
    /// The form changed since the citizen filled it in.
    FormChanged {
        /// The version in force.
        current: u32,
    },
    /// Answers that do not pass the form's rules, per field.
    Invalid {
        /// The problems.
        errors: Vec<FieldError>,
    },
    /// The same id was already used for a different submission.
    Conflict,
}

/// A refusal as it crosses the wire inside an error: raw JSON, read with [`RefusalDoc::refusal`]
/// only by the code that submits (every other server call's error handling stays small).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RefusalDoc(pub Box<serde_json::value::RawValue>);

impl RefusalDoc {
    /// Encodes a refusal.
    pub fn of(r: &Refusal) -> RefusalDoc {
        let json = serde_json::to_string(r).unwrap_or_else(|_| "null".into());
        RefusalDoc(
            serde_json::value::RawValue::from_string(json).unwrap_or_else(|_| Default::default()),
        )
    }

    /// Reads the refusal.
    pub fn refusal(&self) -> Result<Refusal, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }
}

impl PartialEq for RefusalDoc {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

/// An upload key: the id (UUIDv7) of the application a file is uploaded for, lowercased;
/// `None` for anything else.
pub fn parse_upload_key(key: &str) -> Option<String> {
    is_uuid_v7(key).then(|| key.to_ascii_lowercase())
}

/// True for a UUID of version 7 with the RFC 9562 variant, written in the usual 8-4-4-4-12 form.
pub fn is_uuid_v7(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b.iter()
            .enumerate()
            .all(|(i, c)| [8, 13, 18, 23].contains(&i) || c.is_ascii_hexdigit())
        && b[14] == b'7'
        && matches!(b[19].to_ascii_lowercase(), b'8' | b'9' | b'a' | b'b')
}

/// Checks an envelope against the service's current form: the id, the version, every answer.
/// Returns the cleaned answers to store.
pub fn check(envelope: &Envelope, form: Option<&FormSchema>) -> Result<Answers, Refusal> {
    let end = crate::domain::date::Date {
        year: i32::MAX,
        month: 12,
        day: 31,
    };
    check_on(envelope, form, end)
}

/// [`check`] on the date `today` (a date of birth may not be after it): what the server does.
pub fn check_on(
    envelope: &Envelope,
    form: Option<&FormSchema>,
    today: crate::domain::date::Date,
) -> Result<Answers, Refusal> {
    if !is_uuid_v7(&envelope.id) {
        return Err(Refusal::BadId);
    }
    let form = form.ok_or(Refusal::UnknownService)?;
    if envelope.form_version != form.version {
        return Err(Refusal::FormChanged {
            current: form.version,
        });
    }
    validate_on(form, &envelope.answers, today).map_err(|errors| Refusal::Invalid { errors })
}

/// The envelope as stored for comparison: canonical JSON (answers are a sorted map).
pub fn canonical(envelope: &Envelope) -> String {
    serde_json::to_string(envelope).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::{Answer, Field, FieldKind, Problem, Section};
    use crate::domain::l10n::Text;

    fn form() -> FormSchema {
        let t = Text {
            id: "x".into(),
            en: "x".into(),
        };
        FormSchema {
            version: 2,
            sections: vec![Section {
                id: "s".into(),
                title: t.clone(),
                fields: vec![Field::new("nik", t, FieldKind::Nik, true)],
            }],
        }
    }

    fn envelope(nik: &str) -> Envelope {
        let mut answers = Answers::new();
        answers.insert("nik".into(), Answer::One(nik.into()));
        Envelope {
            id: "01936f3e-8b2a-7cde-9f01-23456789abcd".into(),
            service: "ktp".into(),
            form_version: 2,
            answers,
            expect: None,
        }
    }

    #[test]
    fn recognises_uuid_v7() {
        assert!(is_uuid_v7("01936f3e-8b2a-7cde-9f01-23456789abcd"));
        assert!(!is_uuid_v7("01936f3e-8b2a-4cde-9f01-23456789abcd"), "v4");
        assert!(
            !is_uuid_v7("01936f3e-8b2a-7cde-cf01-23456789abcd"),
            "variant"
        );
        assert!(!is_uuid_v7("01936f3e8b2a7cde9f0123456789abcd"));
        assert!(!is_uuid_v7("01936f3e-8b2a-7cde-9f01-23456789abcg"));
    }

    #[test]
    fn checks_id_version_and_answers() {
        assert!(check(&envelope("3171 0505 1290 0001"), Some(&form())).is_ok());
        let mut e = envelope("3171050512900001");
        e.id = "nope".into();
        assert_eq!(check(&e, Some(&form())), Err(Refusal::BadId));
        assert_eq!(
            check(&envelope("3171050512900001"), None),
            Err(Refusal::UnknownService)
        );
        let mut e = envelope("3171050512900001");
        e.form_version = 1;
        assert_eq!(
            check(&e, Some(&form())),
            Err(Refusal::FormChanged { current: 2 })
        );
        match check(&envelope("123"), Some(&form())) {
            Err(Refusal::Invalid { errors }) => assert_eq!(errors[0].problem, Problem::NikLength),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn canonical_form_ignores_answer_order() {
        let mut a = envelope("1");
        a.answers.insert("b".into(), Answer::One("2".into()));
        let mut b = Envelope {
            answers: Answers::new(),
            ..a.clone()
        };
        b.answers.insert("b".into(), Answer::One("2".into()));
        b.answers.insert("nik".into(), Answer::One("1".into()));
        assert_eq!(canonical(&a), canonical(&b));
    }

    #[test]
    fn upload_keys_are_application_ids_lowercased() {
        let id = "01936F3E-8B2A-7CDE-9F01-23456789ABCD";
        assert_eq!(parse_upload_key(id), Some(id.to_ascii_lowercase()));
        assert_eq!(
            parse_upload_key("01936f3e-8b2a-4cde-9f01-23456789abcd"),
            None
        );
    }
}
