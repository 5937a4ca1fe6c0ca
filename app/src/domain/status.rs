//! The life of a request after it reaches the agency: its statuses, who may move it where, and
//! its service level in working days. One machine for the server (which enforces it), the staff
//! pages (which offer only allowed actions) and the citizen's timeline.

use super::calendar::{Calendar, CutiBersama};
use super::date::Date;
use super::map_only::{map_deserialize, name_deserialize};
use serde::{Deserialize, Serialize};

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored; not yet looked at (Diajukan).
    Submitted,
    /// The agency has taken it in (Diterima).
    Received,
    /// An officer is examining it (Sedang diperiksa).
    InReview,
    /// The agency asked the citizen for more (Perlu informasi tambahan).
    NeedsInfo,
    /// Granted (Disetujui).
    Approved,
    /// Refused, with reasons (Ditolak).
    Rejected,
    /// Closed: the product handed over or the decision delivered (Selesai).
    Completed,
    /// Withdrawn by the citizen before review (Dibatalkan).
    Cancelled,
}

impl Status {
    /// Every status, in the order of a request's life.
    pub const ALL: [Status; 8] = [
        Status::Submitted,
        Status::Received,
        Status::InReview,
        Status::NeedsInfo,
        Status::Approved,
        Status::Rejected,
        Status::Completed,
        Status::Cancelled,
    ];

    /// The word used on the wire and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Received => "received",
            Status::InReview => "in_review",
            Status::NeedsInfo => "needs_info",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Reads [`Status::code`].
    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Cancelled)
    }

    /// Still with the agency (counted as open, and for overdue).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Status::Completed | Status::Cancelled | Status::Rejected | Status::Approved
        )
    }
}

/// Who acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The citizen who made (or unlocked) the request.
    Citizen,
    /// An officer or admin of the request's agency.
    Staff,
}

/// What someone does to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Staff take it in.
    Receive,
    /// Staff start examining it.
    Review,
    /// Staff ask the citizen for more information.
    AskInfo,
    /// The citizen answers what was asked (back to review).
    Answer,
    /// Staff grant it.
    Approve,
    /// Staff refuse it.
    Reject,
    /// Staff close it.
    Complete,
    /// The citizen withdraws it (only before review starts).
    Cancel,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 8] = [
        Action::Receive,
        Action::Review,
        Action::AskInfo,
        Action::Answer,
        Action::Approve,
        Action::Reject,
        Action::Complete,
        Action::Cancel,
    ];

    /// The word used on the wire, in the timeline and in the audit log.
    pub fn code(self) -> &'static str {
        match self {
            Action::Receive => "receive",
            Action::Review => "review",
            Action::AskInfo => "ask_info",
            Action::Answer => "answer",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Complete => "complete",
            Action::Cancel => "cancel",
        }
    }

    /// Who may take it.
    pub fn actor(self) -> Actor {
        match self {
            Action::Answer | Action::Cancel => Actor::Citizen,
            _ => Actor::Staff,
        }
    }
}

/// The whole machine: (from, action, to). Anything not listed is refused.
pub const TRANSITIONS: &[(Status, Action, Status)] = &[
    (Status::Submitted, Action::Receive, Status::Received),
    (Status::Submitted, Action::Cancel, Status::Cancelled),
    (Status::Received, Action::Review, Status::InReview),
    (Status::Received, Action::Cancel, Status::Cancelled),
    (Status::InReview, Action::AskInfo, Status::NeedsInfo),
    (Status::InReview, Action::Approve, Status::Approved),
    (Status::InReview, Action::Reject, Status::Rejected),
    (Status::NeedsInfo, Action::Answer, Status::InReview),
    (Status::Approved, Action::Complete, Status::Completed),
    (Status::Rejected, Action::Complete, Status::Completed),
];

/// Why an action was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refused {
    /// The action does not apply in this status.
    NotNow,
    /// This actor may not take this action.
    NotYours,
}

/// The status after `action` by `actor`, or why not.
pub fn next(from: Status, action: Action, actor: Actor) -> Result<Status, Refused> {
    if action.actor() != actor {
        return Err(Refused::NotYours);
    }
    TRANSITIONS
        .iter()
        .find(|(f, a, _)| *f == from && *a == action)
        .map(|(_, _, to)| *to)
        .ok_or(Refused::NotNow)
}

/// The actions `actor` may take on a request in `status` (what a page offers).
pub fn actions(status: Status, actor: Actor) -> Vec<Action> {
    TRANSITIONS
        .iter()
        .filter(|(f, a, _)| *f == status && a.actor() == actor)
        .map(|(_, a, _)| *a)
        .collect()
}

/// One step of a request's timeline, as the citizen sees it (staff-only notes are not in it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// Order across all requests: the `request_updates` cursor.
    pub seq: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The status it moved to.
    pub status: Status,
    /// The agency's note to the citizen (empty when none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A request as its citizen sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestView {
    /// The request's id (the phone's UUIDv7).
    pub id: String,
    /// Its reference number.
    pub reference: String,
    /// The service's slug.
    pub service: String,
    /// Where it stands now.
    pub status: Status,
    /// When the agency should be done (`YYYY-MM-DD`; empty when the service sets no time).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due_date: String,
    /// Every step so far, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// What changed since a cursor: only requests with steps after it. Nothing changed is
/// `{"changed":[],"cursor":N}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestUpdates {
    /// Requests with a step after the cursor, whole.
    pub changed: Vec<RequestView>,
    /// The cursor to send next time.
    pub cursor: i64,
}

// How each is read: from a map only, optional fields defaulting (see `map_only`).
name_deserialize!(Status {
    Submitted "submitted",
    Received "received",
    InReview "in_review",
    NeedsInfo "needs_info",
    Approved "approved",
    Rejected "rejected",
    Completed "completed",
    Cancelled "cancelled",
});
map_deserialize!(TimelineEntry { seq "seq" req, at "at" req, status "status" req, note "note" opt });
map_deserialize!(RequestView {
    id "id" req,
    reference "reference" req,
    service "service" req,
    status "status" req,
    due_date "due_date" opt,
    timeline "timeline" req,
});
map_deserialize!(RequestUpdates { changed "changed" req, cursor "cursor" req });

/// What proves a phone may read a request without an account: the token that came with the
/// receipt (or with tracking by reference and PIN).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// The request's id.
    pub id: String,
    /// Its device token.
    pub token: String,
}

/// Monday = 0 … Sunday = 6.
pub fn weekday(d: Date) -> u8 {
    // 1970-01-01 was a Thursday (3).
    ((d.days_since_epoch() + 3).rem_euclid(7)) as u8
}

/// The due date counting weekends only: `days` working days (Monday to Friday) after `from`.
/// Due dates of requests count holidays too: [`Calendar::due_date`] with the imported
/// calendar and the agency's [`CutiBersama`]; this is that rule with an empty calendar.
pub fn due_date(from: Date, days: u32) -> Date {
    Calendar::default().due_date(from, days, CutiBersama::Open)
}

/// Working days from `from` to `to` counting weekends only (0 when `to` is not after `from`):
/// [`Calendar::working_days_between`] with an empty calendar.
pub fn working_days_between(from: Date, to: Date) -> u32 {
    Calendar::default().working_days_between(from, to, CutiBersama::Open)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn codes_round_trip() {
        for a in Action::ALL {
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("\"{}\"", a.code())
            );
        }
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        assert_eq!(Status::from_code("done"), None);
    }

    #[test]
    fn follows_the_life_of_a_request() {
        let mut s = Status::Submitted;
        for (a, who) in [
            (Action::Receive, Actor::Staff),
            (Action::Review, Actor::Staff),
            (Action::AskInfo, Actor::Staff),
            (Action::Answer, Actor::Citizen),
            (Action::Approve, Actor::Staff),
            (Action::Complete, Actor::Staff),
        ] {
            s = next(s, a, who).unwrap();
        }
        assert_eq!(s, Status::Completed);
        assert_eq!(
            next(Status::Received, Action::Cancel, Actor::Citizen),
            Ok(Status::Cancelled)
        );
        assert_eq!(
            next(Status::InReview, Action::Cancel, Actor::Citizen),
            Err(Refused::NotNow),
            "not once review started"
        );
        assert_eq!(
            next(Status::Submitted, Action::Receive, Actor::Citizen),
            Err(Refused::NotYours)
        );
        assert_eq!(
            next(Status::Submitted, Action::Cancel, Actor::Staff),
            Err(Refused::NotYours)
        );
        assert_eq!(
            actions(Status::InReview, Actor::Staff),
            vec![Action::AskInfo, Action::Approve, Action::Reject]
        );
        assert!(
            actions(Status::Completed, Actor::Staff).is_empty()
                && actions(Status::Cancelled, Actor::Citizen).is_empty()
        );
    }

    #[test]
    fn property_no_sequence_of_actions_leaves_the_machine() {
        let mut r = Rng(0x5eed_1234_abcd_0042);
        for _ in 0..2_000 {
            let mut s = Status::Submitted;
            for _ in 0..30 {
                let a = Action::ALL[r.below(8) as usize];
                let who = if r.below(2) == 0 {
                    Actor::Citizen
                } else {
                    Actor::Staff
                };
                match next(s, a, who) {
                    Ok(to) => {
                        assert!(
                            TRANSITIONS.contains(&(s, a, to)),
                            "{s:?} --{a:?}--> {to:?} is not in the machine"
                        );
                        assert_eq!(a.actor(), who);
                        assert!(!s.is_final(), "nothing leaves a final status");
                        if a == Action::Cancel {
                            assert!(
                                matches!(s, Status::Submitted | Status::Received),
                                "cancel only before review"
                            );
                        }
                        s = to;
                    }
                    Err(_) => assert!(!TRANSITIONS
                        .iter()
                        .any(|(f, x, _)| *f == s && *x == a && x.actor() == who)),
                }
            }
        }
    }

    #[test]
    fn counts_working_days_monday_to_friday() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(weekday(d("2026-11-23")), 0, "a Monday");
        assert_eq!(weekday(d("1970-01-01")), 3, "a Thursday");
        assert_eq!(due_date(d("2026-11-23"), 1), d("2026-11-24"));
        assert_eq!(
            due_date(d("2026-11-27"), 1),
            d("2026-11-30"),
            "Friday + 1 → Monday"
        );
        assert_eq!(
            due_date(d("2026-11-28"), 1),
            d("2026-11-30"),
            "arrived Saturday: Monday is day 1"
        );
        assert_eq!(due_date(d("2026-11-23"), 14), d("2026-12-11"));
        assert_eq!(due_date(d("2026-11-23"), 0), d("2026-11-23"));
        assert_eq!(working_days_between(d("2026-11-23"), d("2026-12-11")), 14);
        assert_eq!(working_days_between(d("2026-11-27"), d("2026-11-30")), 1);
        assert_eq!(working_days_between(d("2026-11-30"), d("2026-11-27")), 0);
        let mut r = Rng(99);
        for _ in 0..500 {
            let from = Date::from_days_since_epoch(19_000 + r.below(5_000) as i64);
            let n = r.below(60) as u32;
            let due = due_date(from, n);
            assert_eq!(working_days_between(from, due), n, "{from} + {n}");
            assert!(n == 0 || weekday(due) < 5, "a due date is a working day");
            assert_eq!(Date::from_days_since_epoch(from.days_since_epoch()), from);
        }
    }
}
