//! Pages and components. No SQL and no IndexedDB here: only `data`, `i18n` and `domain`.

pub mod app;
pub mod components;
pub mod form_html;
pub mod hook;
pub mod href;
pub mod html;
#[cfg(feature = "ssr")]
mod legacy_out;
pub mod nav;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod staff_html;
