//! Pages and components. No SQL and no IndexedDB here: only `api`, `i18n` and `domain`.

pub mod app;
pub mod components;
pub mod form_html;
pub mod hook;
pub mod html;
#[cfg(feature = "ssr")]
pub mod markup;
pub mod nav;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod staff_html;
