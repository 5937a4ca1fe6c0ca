//! Small preferences kept on the phone: the language (a cookie, so the server renders in it
//! too) and the requirement ticks (localStorage, per service).

use crate::domain::l10n::{lang_from_cookies, Lang};
use wasm_bindgen::JsCast;

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
}

/// The page's cookies (`document.cookie`).
pub fn cookies() -> Option<String> {
    html_document()?.cookie().ok()
}

/// The language chosen on this phone, if any.
pub fn saved_lang() -> Option<Lang> {
    lang_from_cookies(&cookies()?)
}

/// Remembers the language for a year (and tells the server through the cookie).
pub fn save_lang(lang: Lang) {
    if let Some(doc) = html_document() {
        let _ = doc.set_cookie(&crate::domain::l10n::lang_cookie(lang, false));
    }
    mark_document_lang(lang);
}

/// Sets `<html lang>` to the language shown.
pub fn mark_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The language the server rendered this page in (`<html lang>`), so hydration matches it.
pub fn rendered_lang() -> Option<Lang> {
    let root = web_sys::window()?.document()?.document_element()?;
    Lang::from_code(&root.get_attribute("lang")?)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A text kept in localStorage under `key`, if any.
pub fn text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Keeps `value` under `key`; false when the browser refused (storage full or blocked).
pub fn set_text(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

fn ticks_key(service: &str) -> String {
    format!("loket.ticks.{service}")
}

/// The requirements ticked for a service, identified by their Indonesian text (so a reordered
/// list keeps its ticks, and a changed requirement is unticked).
pub fn ticks(service: &str) -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(&ticks_key(service)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Saves the ticked requirements of a service.
pub fn save_ticks(service: &str, ticked: &[String]) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(ticked)) {
        let _ = s.set_item(&ticks_key(service), &json);
    }
}

/// A number kept in localStorage (0 when absent or unreadable).
fn number<T: std::str::FromStr + Default>(key: &str) -> T {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|v| v.parse().ok())
        .unwrap_or_default()
}

fn set_number(key: &str, n: impl ToString) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, &n.to_string());
    }
}

const OUTBOX_KEY: &str = "loket.outbox";
const FOLLOWED_KEY: &str = "loket.followed";
const UPDATES_CURSOR_KEY: &str = "loket.updates.cursor";
const LISTENING_KEY: &str = "loket.listening";

/// How many applications wait in the outbox, as last counted (kept beside them so that the
/// badge shows at start without loading the application part of the app).
pub fn outbox_count() -> usize {
    number(OUTBOX_KEY)
}

/// Records the outbox count.
pub fn set_outbox_count(n: usize) {
    set_number(OUTBOX_KEY, n);
}

/// How many sent requests this phone follows (still open at the agency): at start the app part
/// that asks for their updates is loaded only when there are some.
pub fn followed_count() -> usize {
    number(FOLLOWED_KEY)
}

/// Records how many requests are followed.
pub fn set_followed_count(n: usize) {
    set_number(FOLLOWED_KEY, n);
}

/// How many surveys and questions wait to be sent, as last counted (at start the outbox is
/// loaded when there are some).
pub fn listening_count() -> usize {
    number(LISTENING_KEY)
}

/// Records how many surveys and questions wait.
pub fn set_listening_count(n: usize) {
    set_number(LISTENING_KEY, n);
}

/// The `request_updates` cursor.
pub fn updates_cursor() -> i64 {
    number(UPDATES_CURSOR_KEY)
}

/// Records the `request_updates` cursor.
pub fn set_updates_cursor(c: i64) {
    set_number(UPDATES_CURSOR_KEY, c);
}

const ACCOUNT_KEY: &str = "loket.account";

/// This phone signed in to a citizen's account through the app (so it asks for the account's
/// requests too).
pub fn has_account() -> bool {
    storage()
        .and_then(|s| s.get_item(ACCOUNT_KEY).ok().flatten())
        .is_some()
}

/// Records that this phone signed in (or not any more).
pub fn set_has_account(yes: bool) {
    if let Some(s) = storage() {
        let _ = if yes {
            s.set_item(ACCOUNT_KEY, "1")
        } else {
            s.remove_item(ACCOUNT_KEY)
        };
    }
}
