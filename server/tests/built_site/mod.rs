//! A small built site as cargo-leptos lays it out with hashed names: `hash.txt` naming the
//! JS, WASM and CSS in `pkg/`, the icons and the manifest. Shared by `deploy.rs` and
//! `timeouts.rs`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The hash in the names of this site's files.
pub const HASH: &str = "AAAAAAAAAAAAAAAAAAAAAA";

/// The JS file's bytes (big enough to be worth compressing).
pub fn js() -> Vec<u8> {
    "export function hydrate() { console.log('loket'); }\n"
        .repeat(40)
        .into_bytes()
}

/// Writes the site under `dir/site` with `hash.txt` at `dir/site/hash.txt`; returns the site root.
pub fn write(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::create_dir_all(site.join("icons")).unwrap();
    std::fs::write(pkg.join(format!("loket.{HASH}.js")), js()).unwrap();
    std::fs::write(pkg.join(format!("loket.{HASH}.wasm")), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        pkg.join(format!("loket.{HASH}.css")),
        "body { margin: 0 }\n".repeat(20),
    )
    .unwrap();
    for icon in ["icon-192.png", "icon-512.png", "maskable-512.png"] {
        std::fs::write(site.join("icons").join(icon), b"\x89PNG\r\n\x1a\n").unwrap();
    }
    std::fs::write(
        site.join("manifest.webmanifest"),
        r#"{"name":"Loket","start_url":"/"}"#,
    )
    .unwrap();
    std::fs::write(
        site.join("hash.txt"),
        format!("js: {HASH}\nwasm: {HASH}\ncss: {HASH}\n"),
    )
    .unwrap();
    site
}

/// The site path of the JS file.
pub fn js_path() -> String {
    format!("/pkg/loket.{HASH}.js")
}
