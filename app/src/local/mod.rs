//! The device side (browser only): IndexedDB, the catalogue sync, preferences kept on the
//! phone, network state and the service worker.

pub mod apps;
pub mod catalogue;
pub mod client;
pub mod files;
pub mod net;
pub mod outbox;
pub mod prefs;
pub mod pwa;
pub mod questions;
pub mod rounds;
pub mod sync;
pub mod tracking;

/// True when this page is the service worker's offline shell: a page with an empty body that the
/// app renders from the device (instead of hydrating server HTML).
pub fn is_offline_shell() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .map(|b| b.has_attribute("data-shell"))
        .unwrap_or(false)
}

/// Milliseconds since the Unix epoch, from the phone's clock.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}
