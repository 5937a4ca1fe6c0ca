//! Small preferences kept on the phone: the language (a cookie, so the server renders in it
//! too) and the requirement ticks (localStorage, per service).

use crate::domain::l10n::{lang_from_cookies, Lang};
use gloo_storage::{LocalStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsCast;

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
}

/// The language chosen on this phone, if any.
pub fn saved_lang() -> Option<Lang> {
    lang_from_cookies(&html_document()?.cookie().ok()?)
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

/// True when the browser lets this page use localStorage (gloo-storage throws otherwise, e.g.
/// with site data blocked): without it, preferences are simply not kept.
fn usable() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some()
}

/// A value kept in localStorage as JSON (`None` when absent, unreadable or storage is refused).
fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    usable().then(|| LocalStorage::get(key).ok()).flatten()
}

/// Keeps a value in localStorage as JSON (a number's JSON is its decimal text).
fn write(key: &str, value: impl Serialize) {
    if usable() {
        let _ = LocalStorage::set(key, value);
    }
}

fn ticks_key(service: &str) -> String {
    format!("loket.ticks.{service}")
}

/// The requirements ticked for a service, identified by their Indonesian text (so a reordered
/// list keeps its ticks, and a changed requirement is unticked).
pub fn ticks(service: &str) -> Vec<String> {
    read(&ticks_key(service)).unwrap_or_default()
}

/// Saves the ticked requirements of a service.
pub fn save_ticks(service: &str, ticked: &[String]) {
    write(&ticks_key(service), ticked);
}

const OUTBOX_KEY: &str = "loket.outbox";
const FOLLOWED_KEY: &str = "loket.followed";
const UPDATES_CURSOR_KEY: &str = "loket.updates.cursor";

/// How many applications wait in the outbox, as last counted (kept beside them so that the
/// badge shows at start without loading the application part of the app).
pub fn outbox_count() -> usize {
    read(OUTBOX_KEY).unwrap_or_default()
}

/// Records the outbox count.
pub fn set_outbox_count(n: usize) {
    write(OUTBOX_KEY, n);
}

/// How many sent requests this phone follows (still open at the agency): at start the app part
/// that asks for their updates is loaded only when there are some.
pub fn followed_count() -> usize {
    read(FOLLOWED_KEY).unwrap_or_default()
}

/// Records how many requests are followed.
pub fn set_followed_count(n: usize) {
    write(FOLLOWED_KEY, n);
}

/// The `request_updates` cursor.
pub fn updates_cursor() -> i64 {
    read(UPDATES_CURSOR_KEY).unwrap_or_default()
}

/// Records the `request_updates` cursor.
pub fn set_updates_cursor(c: i64) {
    write(UPDATES_CURSOR_KEY, c);
}

const ACCOUNT_KEY: &str = "loket.account";

/// This phone signed in to a citizen's account through the app (so it asks for the account's
/// requests too).
pub fn has_account() -> bool {
    read::<u8>(ACCOUNT_KEY).is_some()
}

/// Records that this phone signed in (or not any more).
pub fn set_has_account(yes: bool) {
    if !yes && usable() {
        LocalStorage::delete(ACCOUNT_KEY);
    } else if yes {
        write(ACCOUNT_KEY, 1u8);
    }
}
