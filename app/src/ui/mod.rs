//! Pages and components. No SQL here: pages get their data through `api` (server functions),
//! `local` (the phone's own copy) and `domain`.

pub mod app;
pub mod components;
pub mod form_html;
pub mod hook;
pub mod href;
pub mod html;
#[cfg(feature = "ssr")]
pub mod kinerja_html;
pub mod nav;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod provinces_html;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod share;
#[cfg(feature = "ssr")]
pub mod staff_html;
pub mod survey_html;
#[cfg(feature = "ssr")]
pub mod web_form_html;
