//! The validator's conformance cases, compiled to WebAssembly and run in headless Chromium:
//! the browser build must judge answers exactly as the server does.
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p app --target wasm32-unknown-unknown --test validator_in_browser`
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_case_passes_in_the_browser() {
    assert_eq!(app::domain::conformance::failures(), Vec::<String>::new());
}
