//! Questions asked on a service's *Tanya jawab* part and not yet sent: kept in localStorage
//! (a short list, `[id, service, text]` each) from the moment they are asked, offline too, and
//! sent by the outbox. Each carries the UUIDv7 the phone made for it, so a resend is the same
//! question. (Plain arrays, and localStorage rather than IndexedDB: the least code in the
//! phone's bundle for a few short texts.)

use crate::api::qa::QaAskApp;

const KEY: &str = "loket.questions";

/// The questions waiting to be sent, oldest first.
pub fn pending() -> Vec<QaAskApp> {
    let list: Vec<[String; 3]> = super::prefs::text(KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    list.into_iter()
        .map(|[id, service, body]| QaAskApp { id, service, body })
        .collect()
}

/// Replaces the waiting list by `list`; false when the phone could not keep it.
fn save(list: &[QaAskApp]) -> bool {
    let rows: Vec<[&str; 3]> = list
        .iter()
        .map(|q| [q.id.as_str(), q.service.as_str(), q.body.as_str()])
        .collect();
    serde_json::to_string(&rows).is_ok_and(|json| super::prefs::set_text(KEY, &json))
}

/// Keeps `q` until it is sent; false when the phone could not keep it.
pub fn add(q: QaAskApp) -> bool {
    let mut list = pending();
    list.retain(|p| p.id != q.id);
    list.push(q);
    save(&list)
}

/// Forgets the question `id` (sent, or refused for good).
pub fn remove(id: &str) {
    let mut list = pending();
    list.retain(|p| p.id != id);
    save(&list);
}
