//! Loket: public services, even when the signal drops.
//!
//! `domain` holds the rules (both sides), `api` the server functions, `store` the SQL (server),
//! `local` the device side (browser), `ui` the pages. See ARCHITECTURE.md.
#![recursion_limit = "512"]

pub mod api;
pub mod clock;
pub mod domain;
pub mod error;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod keys;
#[cfg(feature = "hydrate")]
pub mod local;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

#[cfg(feature = "ssr")]
pub use ui::app::shell;
pub use ui::app::{App, OFFLINE_SHELL_PATH};
