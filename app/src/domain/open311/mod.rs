//! Open311 GeoReport v2 (server only): what other systems see of Loket and file through it.
//! The documents (`doc`: one tree, written as JSON and as XML), W3C datetimes in WIB
//! (`datetime`), the partner form and service definitions (`partner`), a POST's fields
//! (`post`), and here the status words and the shapes of each answer. The handlers are
//! `server::open311`, the SQL `store::open311`.

pub mod datetime;
pub mod doc;
pub mod partner;
pub mod post;

use self::doc::{Document, Node};
use super::status::Status;

/// Open311's two statuses: `open` while the request is with the agency, else `closed`.
pub fn open_or_closed(s: Status) -> &'static str {
    if s.is_open() {
        "open"
    } else {
        "closed"
    }
}

/// FixMyStreet's lower-case status word for a step (its `servicerequestupdates`); Loket's own
/// code goes beside it in `external_status_code`.
pub fn fixmystreet_status(s: Status) -> &'static str {
    match s {
        Status::Submitted | Status::Received => "open",
        Status::InReview => "investigating",
        Status::NeedsInfo | Status::Approved => "in_progress",
        Status::Rejected => "no_further_action",
        Status::Completed | Status::Cancelled => "closed",
    }
}

/// `status_notes`: Loket's code first (partners may read it), then its Indonesian word.
pub fn status_notes(s: Status, word: &str) -> String {
    format!("{} - {word}", s.code())
}

/// One error of an answer: the HTTP status as its `code`, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// 400, 403, 404, 429 (or 500).
    pub code: u16,
    /// What is wrong, in Indonesian.
    pub description: String,
}

impl Error {
    /// An error with `code`.
    pub fn new(code: u16, description: impl Into<String>) -> Error {
        Error {
            code,
            description: description.into(),
        }
    }
}

/// The errors document: `<errors><error><code/><description/></error></errors>`, or an array.
pub fn errors(list: &[Error]) -> Document {
    let items = list
        .iter()
        .map(|e| {
            Node::Object(vec![
                ("code", Node::Int(i64::from(e.code))),
                ("description", Node::text(&e.description)),
            ])
        })
        .collect();
    Document {
        root: "errors",
        body: Node::List("error", items),
    }
}

/// The discovery document of the one endpoint at `url`.
pub fn discovery(url: &str, contact: &str, key_service: &str, changeset: &str) -> Document {
    let endpoint = Node::Object(vec![
        (
            "specification",
            Node::text("http://wiki.open311.org/GeoReport_v2"),
        ),
        ("url", Node::text(url)),
        ("changeset", Node::text(changeset)),
        ("type", Node::text("production")),
        (
            "formats",
            Node::List(
                "format",
                vec![Node::text("text/xml"), Node::text("application/json")],
            ),
        ),
    ]);
    Document {
        root: "discovery",
        body: Node::Object(vec![
            ("changeset", Node::text(changeset)),
            ("contact", Node::text(contact)),
            ("key_service", Node::text(key_service)),
            ("endpoints", Node::List("endpoint", vec![endpoint])),
        ]),
    }
}

/// A service as `services` lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceEntry {
    /// The slug.
    pub code: String,
    /// Its Indonesian name.
    pub name: String,
    /// Its Indonesian summary.
    pub description: String,
    /// Its keywords.
    pub keywords: Vec<String>,
    /// Its agency's name.
    pub group: String,
}

/// The `services` document: every service taking applications, `realtime`, with a definition.
pub fn services(list: &[ServiceEntry]) -> Document {
    let items = list
        .iter()
        .map(|s| {
            Node::Object(vec![
                ("service_code", Node::text(&s.code)),
                ("service_name", Node::text(&s.name)),
                ("description", Node::text(&s.description)),
                ("metadata", Node::Bool(true)),
                ("type", Node::text("realtime")),
                ("keywords", Node::text(&s.keywords.join(","))),
                ("group", Node::text(&s.group)),
            ])
        })
        .collect();
    Document {
        root: "services",
        body: Node::List("service", items),
    }
}

/// A request as the GET resources show it: no personal data (no answers, no description or
/// address, no notes), since anyone may read them.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestEntry {
    /// The reference number (`service_request_id`).
    pub reference: String,
    /// Its status.
    pub status: Status,
    /// The status's Indonesian word.
    pub status_word: String,
    /// The service's slug.
    pub service_code: String,
    /// The service's Indonesian name.
    pub service_name: String,
    /// The agency's name.
    pub agency: String,
    /// When it came in (stored UTC).
    pub received_at: String,
    /// Its last step (stored UTC).
    pub updated_at: String,
    /// Its due day (`YYYY-MM-DD`, may be empty).
    pub due_date: String,
}

/// The `service_requests` document of `list` (also what `requests/{id}` answers, a list of one).
pub fn requests(list: &[RequestEntry]) -> Document {
    let items = list
        .iter()
        .map(|r| {
            let mut f = vec![
                ("service_request_id", Node::text(&r.reference)),
                ("status", Node::text(open_or_closed(r.status))),
                (
                    "status_notes",
                    Node::text(&status_notes(r.status, &r.status_word)),
                ),
                ("service_name", Node::text(&r.service_name)),
                ("service_code", Node::text(&r.service_code)),
                ("agency_responsible", Node::text(&r.agency)),
                (
                    "requested_datetime",
                    Node::text(&datetime::stored_to_wib(&r.received_at)),
                ),
                (
                    "updated_datetime",
                    Node::text(&datetime::stored_to_wib(&r.updated_at)),
                ),
            ];
            if let Some(due) = datetime::due_to_wib(&r.due_date) {
                f.push(("expected_datetime", Node::text(&due)));
            }
            Node::Object(f)
        })
        .collect();
    Document {
        root: "service_requests",
        body: Node::List("request", items),
    }
}

/// The answer to a POST that stored a request: its reference and the notice that carries the
/// PIN (the only place a PIN is ever written).
pub fn created(reference: &str, notice: &str) -> Document {
    Document {
        root: "service_requests",
        body: Node::List(
            "request",
            vec![Node::Object(vec![
                ("service_request_id", Node::text(reference)),
                ("service_notice", Node::text(notice)),
            ])],
        ),
    }
}

/// One step of an Open311 request, as `servicerequestupdates` shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateEntry {
    /// The step's sequence number (`update_id`).
    pub seq: i64,
    /// The request's reference.
    pub reference: String,
    /// The status the step reached.
    pub status: Status,
    /// Its Indonesian word (the `description`: officers' notes are not public).
    pub status_word: String,
    /// When (stored UTC).
    pub at: String,
}

/// FixMyStreet's `servicerequestupdates` document.
pub fn updates(list: &[UpdateEntry]) -> Document {
    let items = list
        .iter()
        .map(|u| {
            Node::Object(vec![
                ("update_id", Node::text(&u.seq.to_string())),
                ("service_request_id", Node::text(&u.reference)),
                ("status", Node::text(fixmystreet_status(u.status))),
                (
                    "updated_datetime",
                    Node::text(&datetime::stored_to_wib(&u.at)),
                ),
                ("description", Node::text(&u.status_word)),
                ("external_status_code", Node::text(u.status.code())),
            ])
        })
        .collect();
    Document {
        root: "service_request_updates",
        body: Node::List("request_update", items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_open_closed_and_fixmystreet_words() {
        let open: Vec<_> = Status::ALL.iter().map(|&s| open_or_closed(s)).collect();
        assert_eq!(
            open,
            ["open", "open", "open", "open", "closed", "closed", "closed", "closed"]
        );
        assert_eq!(fixmystreet_status(Status::InReview), "investigating");
        assert_eq!(fixmystreet_status(Status::Rejected), "no_further_action");
        assert!(status_notes(Status::Received, "Diterima").starts_with("received"));
    }

    #[test]
    fn a_request_shows_no_personal_data_and_dates_in_wib() {
        let r = RequestEntry {
            reference: "ABCD-EFGH-J".into(),
            status: Status::Received,
            status_word: "Diterima".into(),
            service_code: "ktp-el-baru".into(),
            service_name: "KTP-el".into(),
            agency: "Dukcapil".into(),
            received_at: "2026-12-01T10:05:09.123Z".into(),
            updated_at: "2026-12-01T11:00:00.000Z".into(),
            due_date: String::new(),
        };
        let v: serde_json::Value = serde_json::from_str(&requests(&[r]).json()).unwrap();
        let one = &v[0];
        assert_eq!(one["service_request_id"], "ABCD-EFGH-J");
        assert_eq!(one["status"], "open");
        assert_eq!(one["requested_datetime"], "2026-12-01T17:05:09+07:00");
        assert!(
            one.get("expected_datetime").is_none(),
            "left out, never null"
        );
        for private in ["description", "address", "lat", "long", "media_url"] {
            assert!(one.get(private).is_none(), "{private}");
        }
    }

    #[test]
    fn error_codes_are_numbers_and_descriptions_text() {
        let d = errors(&[Error::new(400, "attribute[nik]: <b>")]);
        assert_eq!(
            d.json(),
            r#"[{"code":400,"description":"attribute[nik]: <b>"}]"#
        );
        assert!(d.xml().contains("<errors><error><code>400</code><description>attribute[nik]: &lt;b&gt;</description></error></errors>"));
    }
}
