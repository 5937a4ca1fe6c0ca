//! The page's hydration data, without the page.
//!
//! The server writes the page into the document, and the page resource's value (`Rendered`)
//! would travel a second time as hydration data: the same HTML again, escaped inside a script
//! (570 KB more on a `/kinerja` page of a national catalogue, and the home page's HTML again on
//! every first visit). [`PageCodec`] sends the value with a fingerprint in place of the HTML,
//! and the phone takes the HTML from the document it already holds.
//!
//! The document's copy is the browser's serialisation, not always the server's string byte
//! for byte (`required` comes back `required=""`). A page re-rendered under the citizen (the
//! phone's copy of the catalogue changed) is written into the document only when its HTML
//! differs from the one shown; so [`as_shown`] gives a re-render of the server's very string
//! (the same fingerprint) the document's copy back, and an unchanged page stays untouched.

use crate::error::AppError;
use crate::ui::html::Rendered;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;

/// The page resource's value.
type Value = Result<Rendered, AppError>;

/// Starts a fingerprint where the HTML would be (no page's HTML starts with it).
const MARK: char = '\u{1}';

/// The fingerprint of `html`: 64 bits, written the same on both sides, taken eight bytes at a
/// time (a byte at a time, FNV-1a, it was 7 % of the server's work on a list page of 50
/// services). Each step (xor a word, multiply by an odd constant, rotate) is a bijection, so
/// a page that differs in one word differs in its fingerprint; the length goes in first, so
/// the last word's padding cannot pass for bytes.
fn fingerprint(html: &str) -> String {
    let step = |h: u64, w: [u8; 8]| {
        (h ^ u64::from_le_bytes(w))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29)
    };
    let mut words = html.as_bytes().chunks_exact(8);
    let mut hash = (html.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for w in &mut words {
        hash = step(hash, w.try_into().unwrap_or_default());
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    let hash = step(hash, last);
    format!("{MARK}{hash:x}")
}

/// The hydration codec of the page resource: JSON, with the HTML's fingerprint for the HTML.
pub struct PageCodec;

/// `Rendered` as it travels for hydration.
#[derive(Serialize)]
struct Light<'a> {
    title: &'a str,
    html: String,
    not_found: bool,
}

impl Encoder<Value> for PageCodec {
    type Error = serde_json::Error;
    type Encoded = String;

    // Runs on the server only (leptos encodes a resource's value for the document there).
    fn encode(value: &Value) -> Result<String, serde_json::Error> {
        let light = value.as_ref().map(|r| {
            // Every field named, none skipped with `..`: a field added to `Rendered` stops the
            // build here until it is sent (or said not to travel, as `share`).
            let Rendered {
                title,
                html,
                not_found,
                #[cfg(feature = "ssr")]
                    share: _,
            } = r;
            Light {
                title,
                html: fingerprint(html),
                not_found: *not_found,
            }
        });
        serde_json::to_string(&light)
    }
}

impl Decoder<Value> for PageCodec {
    type Error = serde_json::Error;
    type Encoded = str;

    // Runs on the phone only, while it hydrates the document the server sent.
    fn decode(encoded: &str) -> Result<Value, serde_json::Error> {
        // Read as bytes, as server functions read their errors: one reader of `AppError` in
        // the phone's bundle instead of two.
        #[allow(unused_mut)]
        let mut value: Value = serde_json::from_slice(encoded.as_bytes())?;
        #[cfg(feature = "hydrate")]
        if let Ok(r) = &mut value {
            if r.html.starts_with(MARK) {
                if let Some(shown) = shown() {
                    let print = std::mem::replace(&mut r.html, shown.clone());
                    SHOWN.with(|s| *s.borrow_mut() = Some((print, shown)));
                }
            }
        }
        Ok(value)
    }
}

#[cfg(feature = "hydrate")]
std::thread_local! {
    /// The fingerprint of the page the server sent, and the document's copy of its HTML.
    static SHOWN: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
}

/// The HTML of the page in the document.
#[cfg(feature = "hydrate")]
fn shown() -> Option<String> {
    let document = web_sys::window()?.document()?;
    Some(document.query_selector("div.page").ok()??.inner_html())
}

/// `page` with the document's copy of its HTML when it is the page the server sent.
#[cfg(feature = "hydrate")]
pub fn as_shown(mut page: Rendered) -> Rendered {
    SHOWN.with(|s| {
        if let Some((print, shown)) = &*s.borrow() {
            if *print == fingerprint(&page.html) {
                page.html = shown.clone();
            }
        }
    });
    page
}

// On the server, where `Rendered` is encoded (the phone part needs a document).
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_hydration_data_carries_a_fingerprint_not_the_page() {
        let page = Rendered {
            title: "Akta".into(),
            html: "<h1>Akta kelahiran</h1><p>syarat</p>".into(),
            not_found: false,
            share: None,
        };
        let sent = PageCodec::encode(&Ok(page.clone())).unwrap();
        assert!(!sent.contains("syarat"), "{sent}");
        let back = PageCodec::decode(&sent).unwrap().unwrap();
        assert_eq!((back.title.as_str(), back.not_found), ("Akta", false));
        assert_eq!(back.html, fingerprint(&page.html));
        // Another page, or the same page changed by one byte, has another fingerprint.
        assert_ne!(
            fingerprint(&page.html),
            fingerprint("<h1>Akta kelahiran</h1><p>syarat</p> ")
        );
        for at in 0..page.html.len() {
            let mut bytes = page.html.clone().into_bytes();
            bytes[at] ^= 0x20;
            let changed = String::from_utf8(bytes).unwrap();
            assert_ne!(fingerprint(&changed), fingerprint(&page.html), "byte {at}");
        }
        // The last word's padding is not taken for bytes.
        for tail in ["", "a", "abcdefgh"] {
            assert_ne!(fingerprint(tail), fingerprint(&format!("{tail}\0")));
        }
        // An error travels whole.
        let failed: Value = Err(AppError::NotFound);
        let sent = PageCodec::encode(&failed).unwrap();
        assert_eq!(PageCodec::decode(&sent).unwrap(), failed);
    }
}
