//! The warning that the phone may clear its storage (and the drafts with it): asked for
//! persistence when a draft is made, warned when it is refused or storage is nearly full.

use super::dom::{set_hidden, slot};
use super::state;
use crate::i18n::Msg;
use crate::local::apps;
use crate::ui::hook::Slot;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The browser's storage manager.
fn storage() -> Option<web_sys::StorageManager> {
    web_sys::window().map(|w| w.navigator().storage())
}

/// The boolean a storage promise resolves to (`false` when it fails).
async fn resolved(p: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> bool {
    match p {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}

/// Asks the browser to keep the phone's data (drafts) even when storage runs low, and notes
/// whether a warning is due: not granted, or storage more than 90 % used.
pub(super) fn ask_persistence() {
    spawn_local(async {
        let Some(storage) = storage() else {
            return;
        };
        check_storage(resolved(storage.persist()).await).await;
        show_storage_warning();
    });
}

/// Notes the warning due: storage not kept (`granted` false), or more than 90 % used.
async fn check_storage(granted: bool) {
    let Some(storage) = storage() else {
        return;
    };
    let mut warning = (!granted).then_some(Msg::StorageNotPersistent);
    if let Ok(p) = storage.estimate() {
        if let Ok(e) = JsFuture::from(p).await {
            let e: web_sys::StorageEstimate = e.unchecked_into();
            if let (Some(used), Some(quota)) = (e.get_usage(), e.get_quota()) {
                if quota > 0.0 && used / quota > 0.9 {
                    warning = Some(Msg::StorageNearlyFull);
                }
            }
        }
    }
    state::with(|s| s.storage_warning.set(warning));
}

/// Shows the warning due, if any, in the page's slot.
fn show_storage_warning() {
    let Some(msg) = state::with(|s| s.storage_warning.get()) else {
        return;
    };
    let Some(el) = slot(Slot::StorageWarning) else {
        return;
    };
    el.set_text_content(Some(msg.get(state::lang())));
    set_hidden(&el, false);
}

/// On a page with the warning's slot: checks once (when the phone holds applications), then
/// shows the warning due.
pub(super) fn notice() {
    let unknown = state::with(|s| s.storage_warning.get()).is_none();
    if unknown && slot(Slot::StorageWarning).is_some() {
        spawn_local(async {
            let persisted = match storage() {
                Some(s) => resolved(s.persisted()).await,
                None => false,
            };
            if !apps::all().await.unwrap_or_default().is_empty() {
                check_storage(persisted).await;
            }
            show_storage_warning();
        });
    } else {
        show_storage_warning();
    }
}
