//! What the back office shows, as plain data both sides know: the queue's lines, a request's
//! steps and audit trail, the dashboard's figures are `domain::performance`'s. (The queries are in `store::staff`, the
//! checks of who may see them in `api::staff`.)

use super::date::Date;
use super::status::{Action, Status};
use serde::{Deserialize, Serialize};

/// A request in the agency's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    /// The request's id.
    pub id: String,
    /// Its reference number.
    pub reference: String,
    /// The service's slug.
    pub service: String,
    /// Where it stands.
    pub status: Status,
    /// When it arrived (UTC, RFC 3339).
    pub received_at: String,
    /// When it is due (`YYYY-MM-DD`, empty when the service sets no time).
    pub due_date: String,
    /// The officer working on it (account id), if any.
    pub assigned_to: Option<String>,
    /// That officer's login.
    pub assigned_login: Option<String>,
    /// The door it came in through.
    #[serde(default)]
    pub channel: super::channel::Channel,
}

impl QueueRow {
    /// Open and past its due date.
    pub fn overdue(&self, today: Date) -> bool {
        self.status.is_open() && Date::parse(&self.due_date).is_some_and(|d| d < today)
    }
}

impl QueueFilter {
    /// Whether `row` passes the filter (`today` decides what is overdue).
    pub fn keeps(&self, row: &QueueRow, today: Date) -> bool {
        self.status.is_none_or(|s| s == row.status)
            && self.service.as_deref().is_none_or(|s| s == row.service)
            && (!self.overdue || row.overdue(today))
            && self
                .assigned_to
                .as_deref()
                .is_none_or(|a| row.assigned_to.as_deref() == Some(a))
            && self.period.is_none_or(|p| p.holds(&row.received_at))
    }
}

/// Which requests the queue shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    /// Only this status.
    #[serde(default)]
    pub status: Option<Status>,
    /// Only this service.
    #[serde(default)]
    pub service: Option<String>,
    /// Only overdue ones.
    #[serde(default)]
    pub overdue: bool,
    /// Only those assigned to this account.
    #[serde(default)]
    pub assigned_to: Option<String>,
    /// Only those received in this period (the requests behind a figure of the dashboard).
    #[serde(default)]
    pub period: Option<super::skm::Period>,
    /// Which page, from 1 (0 reads as 1); a page holds [`QUEUE_PAGE_SIZE`] requests.
    #[serde(default)]
    pub page: u32,
}

/// Requests on one page of the queue: an agency with thousands of requests still gets a page a
/// phone can load.
pub const QUEUE_PAGE_SIZE: usize = 50;

/// Page `page` (from 1; past the end: the last) of the queue's `rows`, and how many pages there
/// are (at least 1).
pub fn page_of(rows: Vec<QueueRow>, page: u32) -> (Vec<QueueRow>, u32) {
    let pages = rows.len().div_ceil(QUEUE_PAGE_SIZE).max(1);
    let page = (page.max(1) as usize).min(pages);
    let rows = rows
        .into_iter()
        .skip((page - 1) * QUEUE_PAGE_SIZE)
        .take(QUEUE_PAGE_SIZE)
        .collect();
    (rows, u32::try_from(pages).unwrap_or(u32::MAX))
}

/// One step of the timeline as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffStep {
    /// Order.
    pub seq: i64,
    /// When.
    pub at: String,
    /// The status it moved to.
    pub status: Status,
    /// What was done (`submit`, `receive`, …).
    pub action: String,
    /// The note to the citizen.
    pub note: String,
    /// The staff-only note.
    pub internal_note: String,
    /// Who did it (login), when staff.
    pub actor: Option<String>,
}

/// An audit row about a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: String,
    /// Who (login, or the raw actor id when the account is gone).
    pub actor: String,
    /// What (`request.receive`, `request.assign`, …).
    pub action: String,
    /// The state before (JSON).
    pub before: Option<String>,
    /// The state after (JSON).
    pub after: Option<String>,
}

/// One set of a request's answers: the first from the submission, one more for each answer to
/// "more information needed" (kept, never replaced).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerSet {
    /// Order.
    pub seq: i64,
    /// When.
    pub at: String,
    /// Who gave them: a login, or `citizen` (whoever holds the request's key).
    pub actor: String,
    /// The cleaned answers (JSON object, field id → answer).
    pub answers: String,
}

/// One request as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRequest {
    /// The queue's line for it.
    pub row: QueueRow,
    /// The cleaned answers (JSON object, field id → answer).
    pub answers: String,
    /// Every step, with staff notes.
    pub steps: Vec<StaffStep>,
    /// Every set of answers it had, oldest first (the last is `answers`).
    #[serde(default)]
    pub answer_sets: Vec<AnswerSet>,
    /// Every staff action on it.
    pub audit: Vec<AuditEntry>,
    /// What staff may do next (from the status machine).
    pub actions: Vec<Action>,
    /// What the citizen expected when sending (none asked, or an older phone).
    #[serde(default)]
    pub expect: Option<super::skm::Expectation>,
    /// Working days from its arrival to its completion, counted with the calendar and the
    /// agency's choice on cuti bersama (none while not completed).
    #[serde(default)]
    pub worked_days: Option<u32>,
    /// The door it came in through (issue 13).
    #[serde(default)]
    pub channel: super::channel::Channel,
    /// What a partner system sent with it, when it was filed through Open311.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerFacts>,
}

/// What staff see of a request a partner system filed through Open311: who sent it and what
/// it sent beside the answers (its documents come to the office with the applicant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerFacts {
    /// The partner's name (its key's).
    pub partner: String,
    /// The address or location given.
    pub address: String,
    /// The citizen's description (may be empty).
    pub description: String,
    /// A link to a photo on the partner's side, as sent (may be empty; never fetched).
    pub media_url: String,
    /// How to reach the applicant, as the partner sent it: their name (first and last), e-mail
    /// and phone, each possibly empty. Staff may need them; the Open311 GET answers never
    /// carry them.
    #[serde(default)]
    pub contact: PartnerContact,
}

/// The applicant's contact a partner sent (Open311's `first_name`, `last_name`, `email`,
/// `phone`); empty strings where it sent none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerContact {
    /// First and last name, joined by a space.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The phone number.
    pub phone: String,
}

impl PartnerContact {
    /// From the contact object stored with the request (unknown or malformed parts are left
    /// empty: the object was checked when it was stored).
    pub fn from_stored(contact: &serde_json::Value) -> Self {
        let part = |k: &str| contact.get(k).and_then(|v| v.as_str()).unwrap_or("").trim();
        let name = [part("first_name"), part("last_name")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        PartnerContact {
            name,
            email: part("email").to_string(),
            phone: part("phone").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partners_contact_reads_what_was_sent_and_leaves_the_rest_empty() {
        let c = PartnerContact::from_stored(&serde_json::json!({
            "first_name": " Siti ", "last_name": "Aminah", "phone": "0812", "device_id": "x"
        }));
        assert_eq!(
            (c.name.as_str(), c.email.as_str(), c.phone.as_str()),
            ("Siti Aminah", "", "0812")
        );
        let only_last = PartnerContact::from_stored(&serde_json::json!({ "last_name": "Aminah" }));
        assert_eq!(only_last.name, "Aminah");
        for nothing in [
            serde_json::json!({}),
            serde_json::json!("not an object"),
            serde_json::json!({ "email": 5 }),
        ] {
            assert_eq!(
                PartnerContact::from_stored(&nothing),
                PartnerContact::default(),
                "{nothing}"
            );
        }
    }

    fn rows(n: usize) -> Vec<QueueRow> {
        (0..n)
            .map(|i| QueueRow {
                id: i.to_string(),
                reference: String::new(),
                service: String::new(),
                status: Status::Submitted,
                received_at: String::new(),
                due_date: String::new(),
                assigned_to: None,
                assigned_login: None,
                channel: Default::default(),
            })
            .collect()
    }

    #[test]
    fn the_queue_comes_in_pages_of_fifty() {
        let (first, pages) = page_of(rows(7293), 0);
        assert_eq!((first.len(), first[0].id.as_str(), pages), (50, "0", 146));
        let (last, _) = page_of(rows(7293), 146);
        assert_eq!((last.len(), last[0].id.as_str()), (43, "7250"));
        assert_eq!(
            page_of(rows(7293), 9999).0[0].id,
            "7250",
            "past the end: the last page"
        );
        assert_eq!(page_of(Vec::new(), 3), (Vec::new(), 1));
    }
}
