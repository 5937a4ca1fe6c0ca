//! Server functions: thin — decode, call the store, map errors. Each has an explicit, stable
//! endpoint under `/api/`, because a phone may run an old cached build for weeks.

pub mod auth;
pub mod call;
pub mod catalogue;
pub mod requests;
pub mod staff;

#[cfg(feature = "ssr")]
pub(crate) fn pool() -> Result<sqlx::SqlitePool, crate::error::AppError> {
    leptos::prelude::use_context::<sqlx::SqlitePool>().ok_or_else(|| {
        crate::error::AppError::internal("server function", "no database pool in context")
    })
}
