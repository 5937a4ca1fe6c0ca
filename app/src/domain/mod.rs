//! Pure types and rules of Loket, with no I/O: compiled into both the server and the browser
//! build, so a rule (search matching, staleness, money format, the sync cursor) is written once.

pub mod account;
pub mod application;
pub mod calendar;
pub mod catalogue;
pub mod channel;
pub mod conformance;
pub mod cookie;
pub mod correction;
pub mod date;
pub mod desk;
pub mod file;
pub mod form;
pub mod l10n;
pub mod map_only;
pub mod money;
/// Open311 GeoReport v2 for other systems (server only: the phone never needs it).
#[cfg(feature = "ssr")]
pub mod open311;
pub mod page;
pub mod pattern;
pub mod performance;
pub mod qa;
pub mod reference;
pub mod route;
pub mod screen;
pub mod search;
pub mod service_edit;
pub mod share;
pub mod shelf;
pub mod skm;
pub mod staff;
pub mod status;
pub mod submission;
pub mod sync;
pub mod web_form;
