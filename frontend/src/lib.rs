//! The browser entry: hydrates the server's HTML, or — on the service worker's offline shell —
//! renders the page on the phone from its own copy of the catalogue.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the script Leptos puts in every page.
#[wasm_bindgen]
pub fn hydrate() {
    // No panic hook: the phone's budget (200 KB brotli) could not spare the 0.7 KB one costs
    // once leptos_router came in; a panic still stops with `unreachable` in the console.
    if app::local::is_offline_shell() {
        leptos::mount::mount_to_body(app::App);
    } else {
        leptos::mount::hydrate_body(app::App);
    }
}
