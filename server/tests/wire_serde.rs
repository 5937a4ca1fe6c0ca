//! The phone's own records and the answers it reads (applications, receipts, requests and their
//! timelines, accounts, forms) are read by `map_deserialize!` and `name_deserialize!` (map and
//! name only, for a smaller lazily loaded part of the bundle) instead of
//! `#[derive(Deserialize)]`. These tests keep a copy of the derived types (`old`) and check that
//! both read the seeded forms and a complete application record to the same values, and agree
//! on the same mangled records (keys missing, unknown keys, nulls, wrong types, unknown names).
//! The differences, as for the catalogue (`catalogue_serde.rs`): the derive also read a struct
//! written as a JSON array and refused a repeated key.

mod common;

use app::api::requests::Tracked;
use app::domain::account::{AccountView, Role};
use app::domain::application::{Application, FileInfo, State};
use app::domain::form::{Choice, FieldError, FormSchema, VisibleIf};
use app::domain::status::{RequestUpdates, RequestView, Status, TimelineEntry};
use app::domain::submission::Receipt;
use common::serde_pair::same_json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;

/// The derived types as they were before `map_deserialize!`, field for field.
mod old {
    use app::domain::application::Notice;
    use app::domain::form::{Answers, FormDoc, Problem};
    use app::domain::l10n::Text;
    use app::domain::reference::Reference;
    use app::domain::skm::{Expectation, Reply};
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        Submitted,
        Received,
        InReview,
        NeedsInfo,
        Approved,
        Rejected,
        Completed,
        Cancelled,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        Citizen,
        Officer,
        AgencyAdmin,
        SystemAdmin,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum State {
        Draft,
        Queued,
        Sending,
        Sent,
        Attention,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum KindName {
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
    #[derive(Serialize, Deserialize)]
    pub struct TimelineEntry {
        pub seq: i64,
        pub at: String,
        pub status: Status,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        pub note: String,
    }
    #[derive(Serialize, Deserialize)]
    pub struct RequestView {
        pub id: String,
        pub reference: String,
        pub service: String,
        pub status: Status,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        pub due_date: String,
        pub timeline: Vec<TimelineEntry>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct RequestUpdates {
        pub changed: Vec<RequestView>,
        pub cursor: i64,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Tracked {
        pub request: RequestView,
        pub token: String,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Receipt {
        pub id: String,
        pub reference: Reference,
        pub status: Status,
        pub received_at: String,
        #[serde(default)]
        pub pin: String,
        #[serde(default)]
        pub token: String,
    }
    #[derive(Serialize, Deserialize)]
    pub struct AccountView {
        pub login: String,
        pub role: Role,
        pub agency: Option<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub must_change_password: bool,
    }
    #[derive(Serialize, Deserialize)]
    pub struct FileInfo {
        pub name: String,
        pub size: u64,
        pub media_type: String,
        #[serde(default)]
        pub uploaded: bool,
    }
    #[derive(Serialize, Deserialize)]
    pub struct FieldError {
        pub field: String,
        pub problem: Problem,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Choice {
        pub value: String,
        pub label: Text,
    }
    #[derive(Serialize, Deserialize)]
    pub struct VisibleIf {
        pub field: String,
        pub any_of: Vec<String>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct FieldWire {
        pub id: String,
        pub label: Text,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub hint: Option<Text>,
        pub kind: KindName,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub options: Vec<Choice>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max_bytes: Option<u64>,
        #[serde(default)]
        pub required: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub min_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max_length: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pattern: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub visible_if: Option<VisibleIf>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<Text>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Section {
        pub id: String,
        pub title: Text,
        pub fields: Vec<FieldWire>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct FormSchema {
        pub version: u32,
        pub sections: Vec<Section>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Application {
        pub id: String,
        pub service: String,
        pub service_name: Text,
        pub form: FormDoc,
        pub form_version: u32,
        #[serde(default)]
        pub answers: Answers,
        #[serde(default)]
        pub section: usize,
        pub state: State,
        pub created: i64,
        pub updated: i64,
        #[serde(default)]
        pub submitted: Option<i64>,
        #[serde(default)]
        pub receipt: Option<Receipt>,
        #[serde(default)]
        pub notice: Option<Notice>,
        #[serde(default)]
        pub returned: Vec<FieldError>,
        #[serde(default)]
        pub attempts: u32,
        #[serde(default)]
        pub next_try: i64,
        #[serde(default)]
        pub files: BTreeMap<String, FileInfo>,
        #[serde(default)]
        pub request: Option<RequestView>,
        #[serde(default)]
        pub seen_seq: i64,
        #[serde(default)]
        pub answering: bool,
        #[serde(default)]
        pub expect: Option<Expectation>,
        #[serde(default)]
        pub survey: Option<Reply>,
    }
}

/// Reads `full` with an unknown key (its maps of answers and files take any key, so the parts
/// are mangled on their own), then with each of its keys removed, `null`, a
/// number and an object, as `New` and as `Old`; returns how many of those both refused.
fn mangled<New, Old>(full: &Value) -> usize
where
    New: DeserializeOwned + Serialize,
    Old: DeserializeOwned + Serialize,
{
    assert_eq!(&same_json::<New, Old>(&full.to_string()).unwrap(), full);
    let mut unknown = full.clone();
    let m = unknown.as_object_mut().unwrap();
    m.insert("zz_unknown".into(), json!({"a": [1, null, "x"]}));
    same_json::<New, Old>(&unknown.to_string()).unwrap();
    let mut refused = 0;
    for key in full.as_object().unwrap().keys() {
        for change in [None, Some(Value::Null), Some(json!(7)), Some(json!({}))] {
            let mut v = full.clone();
            let m = v.as_object_mut().unwrap();
            match change {
                None => m.remove(key),
                Some(x) => m.insert(key.clone(), x),
            };
            refused += same_json::<New, Old>(&v.to_string()).is_err() as usize;
        }
    }
    refused
}

/// Every form of the seeded catalogue, as its raw JSON.
fn seeded_forms() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue");
    let forms: Vec<String> = server::seed::read(&dir)
        .unwrap()
        .services
        .into_iter()
        .filter_map(|s| s.form.map(|f| f.0.get().to_string()))
        .collect();
    assert!(forms.len() > 10, "the seed catalogue has its forms");
    forms
}

fn timeline() -> Value {
    json!([
        {"seq": 4, "at": "2026-12-01T02:03:04Z", "status": "submitted"},
        {"seq": 9, "at": "2026-12-02T02:03:04Z", "status": "needs_info", "note": "Foto KK buram"},
    ])
}

fn request() -> Value {
    json!({
        "id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "reference": "KTP-2026-ABCD",
        "service": "kartu-keluarga",
        "status": "in_review",
        "due_date": "2026-12-15",
        "timeline": timeline(),
    })
}

/// An application record with every field set, as the phone keeps it.
fn application() -> Value {
    let form: Value = serde_json::from_str(&seeded_forms()[0]).unwrap();
    let reference = app::domain::reference::Reference::from_number(123_456).to_string();
    json!({
        "id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "service": "kartu-keluarga",
        "service_name": {"id": "Kartu Keluarga", "en": "Family card"},
        "form": form,
        "form_version": 3,
        "answers": {"nama": "Siti", "dokumen": ["kk", "ktp"]},
        "section": 2,
        "state": "attention",
        "created": 1_764_000_000_000i64,
        "updated": 1_764_000_500_000i64,
        "submitted": 1_764_000_400_000i64,
        "receipt": {
            "id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "reference": reference,
            "status": "submitted",
            "received_at": "2026-12-01T02:03:04Z",
            "pin": "123456",
            "token": "t0k3n",
        },
        "notice": {"refused": {"status": 503}},
        "returned": [{"field": "nama", "problem": "required"}, {"field": "nik", "problem": {"too_short": {"min": 16}}}],
        "attempts": 2,
        "next_try": 1_764_000_900_000i64,
        "files": {"ab12": {"name": "kk.jpg", "size": 120_000, "media_type": "image/jpeg", "uploaded": true}},
        "request": request(),
        "seen_seq": 9,
        "answering": true,
        "expect": {"days": 5, "cost": 0, "ready": 2},
        "survey": {"id": "s1", "answers": [4, 3, 4, 4, 2, 3, 4, 4, 3], "sent": false},
    })
}

#[test]
fn every_seeded_form_reads_the_same_as_with_the_derive() {
    for form in seeded_forms() {
        let value = same_json::<FormSchema, old::FormSchema>(&form).unwrap();
        assert_eq!(value, serde_json::from_str::<Value>(&form).unwrap());
        // and its parts mangled: a section, a field's choice and condition
        let v: Value = serde_json::from_str(&form).unwrap();
        mangled::<FormSchema, old::FormSchema>(&v);
        mangled::<app::domain::form::Section, old::Section>(&v["sections"][0]);
    }
    mangled::<Choice, old::Choice>(&json!({"value": "a", "label": {"id": "A", "en": "A"}}));
    mangled::<VisibleIf, old::VisibleIf>(&json!({"field": "x", "any_of": ["ya"]}));
}

#[test]
fn an_application_record_reads_the_same_as_with_the_derive() {
    let full = application();
    let record = serde_json::from_value::<Application>(full.clone()).unwrap();
    assert_eq!(serde_json::to_value(&record).unwrap(), full, "round trip");
    assert_eq!(record.state, State::Attention);
    assert!(mangled::<Application, old::Application>(&full) > 40);
    // the least a record holds: every optional field takes its default
    let least = json!({
        "id": "x", "service": "s", "service_name": {"id": "a", "en": "b"}, "form": {},
        "form_version": 1, "state": "draft", "created": 1, "updated": 2,
    });
    let read = same_json::<Application, old::Application>(&least.to_string()).unwrap();
    assert_eq!(read["answers"], json!({}));
    assert_eq!(read["receipt"], Value::Null);
    for (part, refused_by_both) in [
        (
            &full["receipt"],
            mangled::<Receipt, old::Receipt>(&full["receipt"]),
        ),
        (
            &full["files"]["ab12"],
            mangled::<FileInfo, old::FileInfo>(&full["files"]["ab12"]),
        ),
        (
            &full["returned"][1],
            mangled::<FieldError, old::FieldError>(&full["returned"][1]),
        ),
    ] {
        assert!(
            refused_by_both > 0,
            "some mangled {part} are refused by both readers"
        );
    }
}

#[test]
fn requests_and_accounts_read_the_same_as_with_the_derive() {
    assert!(mangled::<RequestView, old::RequestView>(&request()) > 10);
    mangled::<TimelineEntry, old::TimelineEntry>(&timeline()[1]);
    mangled::<RequestUpdates, old::RequestUpdates>(&json!({"changed": [request()], "cursor": 9}));
    mangled::<Tracked, old::Tracked>(&json!({"request": request(), "token": "t"}));
    let account = json!({"login": "siti", "role": "agency_admin", "agency": "dukcapil", "must_change_password": true});
    mangled::<AccountView, old::AccountView>(&account);
}

#[test]
fn names_read_the_same_as_with_the_derive() {
    for s in Status::ALL {
        let name = serde_json::to_string(&s).unwrap();
        same_json::<Status, old::Status>(&name).unwrap();
    }
    for r in Role::ALL {
        let name = serde_json::to_string(&r).unwrap();
        same_json::<Role, old::Role>(&name).unwrap();
    }
    for n in ["draft", "queued", "sending", "sent", "attention"] {
        same_json::<State, old::State>(&format!("\"{n}\"")).unwrap();
    }
    assert_eq!(
        same_json::<Status, old::Status>(r#""lost""#).unwrap_err(),
        "unknown variant `lost`, expected one of `submitted`, `received`, `in_review`, \
         `needs_info`, `approved`, `rejected`, `completed`, `cancelled`"
    );
    same_json::<Role, old::Role>(r#""root""#).unwrap_err();
    same_json::<State, old::State>("7").unwrap_err();
    // the one difference: a struct written as a sequence (which Loket never sends) is refused
    let seq = serde_json::from_str::<TimelineEntry>(r#"[1,"t","submitted",""]"#)
        .unwrap_err()
        .to_string();
    assert!(
        seq.starts_with("invalid type: sequence, expected struct TimelineEntry"),
        "{seq}"
    );
}
