//! Server functions: thin — decode, call the store, map errors. Each has an explicit, stable
//! endpoint under `/api/`, because a phone may run an old cached build for weeks.

pub mod auth;
pub mod call;
pub mod catalogue;
pub mod corrections;
pub mod desk;
pub mod kinerja;
#[cfg(feature = "ssr")]
pub mod provinces;
pub mod qa;
pub mod requests;
pub mod staff;
pub mod staff_accounts;
pub mod survey;
#[cfg(feature = "ssr")]
pub mod web_form;

#[cfg(feature = "ssr")]
pub(crate) fn pool() -> Result<crate::store::Db, crate::error::AppError> {
    leptos::prelude::use_context::<crate::store::Db>().ok_or_else(|| {
        crate::error::AppError::internal("server function", "no database pool in context")
    })
}

/// The server's kept catalogue (see `store::shelf`).
#[cfg(feature = "ssr")]
pub(crate) fn shelves() -> Result<crate::store::shelf::Shelves, crate::error::AppError> {
    leptos::prelude::use_context::<crate::store::shelf::Shelves>().ok_or_else(|| {
        crate::error::AppError::internal("server function", "no catalogue shelf in context")
    })
}

/// The limiter key of this request's client address (`unknown` when the server did not say).
#[cfg(feature = "ssr")]
pub(crate) fn client_key() -> String {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
    let ip = parts.as_ref().and_then(|p| p.extensions.get());
    crate::store::limits::ClientIp::key_of(ip)
}
