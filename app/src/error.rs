//! The error that crosses the wire from server functions. Internal details are logged on the
//! server and never sent: the client gets a kind it can translate.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// What went wrong, as the client may know it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or was withdrawn).
    #[error("not found")]
    NotFound,
    /// The request was malformed; the text says which part, for developers.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Something failed on the server; details are in the server's log.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer did not come back (offline).
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// The server refused a submission for a reason the citizen must see (not retried).
    #[error("refused: {0:?}")]
    Refused(crate::domain::submission::RefusalDoc),
    /// Not signed in, or the login and password do not match (one message for both, so an
    /// answer never tells whether an account exists).
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but this account may not do this.
    #[error("not allowed")]
    Forbidden,
    /// Too many tries; the next is allowed after this many seconds.
    #[error("too many tries: wait {retry_after_secs} s")]
    RateLimited {
        /// Seconds until the next try is allowed.
        retry_after_secs: u64,
    },
    /// An account request refused for a reason the person must see (a weak password, a login
    /// taken); the refusal has its message in both languages.
    #[error("account refused: {0:?}")]
    Account(crate::domain::account::AccountRefusal),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => {
                AppError::Unreachable(e)
            }
            ServerFnErrorErr::Args(e)
            | ServerFnErrorErr::MissingArg(e)
            | ServerFnErrorErr::Deserialization(e) => AppError::bad_request(&e),
            ServerFnErrorErr::UnsupportedRequestMethod(e) => AppError::bad_request(&e),
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

impl AppError {
    /// A `BadRequest` saying what could not be read, cut to 200 characters: a parser's message
    /// quotes the input, and an answer must never echo a client's (possibly huge) body back.
    pub fn bad_request(why: &str) -> AppError {
        let mut text: String = why.chars().take(200).collect();
        if text.len() < why.len() {
            text.push('…');
        }
        AppError::BadRequest(text)
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an internal failure and returns the opaque error the client sees.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
        tracing::error!(%err, "{context}");
        AppError::Internal
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> axum::http::StatusCode {
        use crate::domain::account::AccountRefusal;
        use axum::http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Unreachable(_) => StatusCode::BAD_GATEWAY,
            AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Account(AccountRefusal::LoginTaken) => StatusCode::CONFLICT,
            AppError::Account(AccountRefusal::NoSuchAccount) => StatusCode::NOT_FOUND,
            AppError::Account(
                AccountRefusal::WrongPassword | AccountRefusal::MustChangePassword,
            ) => StatusCode::FORBIDDEN,
            AppError::Account(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// Sets the current server function's HTTP status to [`status`](Self::status) (and
    /// `Retry-After` for a rate limit), then returns the error: `return Err(AppError::Forbidden.sent())`.
    /// Without it every error is answered 500.
    pub fn sent(self) -> AppError {
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(self.status());
            if let AppError::RateLimited { retry_after_secs } = &self {
                if let Ok(v) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string()) {
                    res.insert_header(axum::http::header::RETRY_AFTER, v);
                }
            }
        }
        self
    }
}

/// A storage failure is an internal error: logged with where it happened (the `?` that
/// converted it), never sent.
#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    #[track_caller]
    fn from(e: crate::store::StoreError) -> Self {
        AppError::internal(&std::panic::Location::caller().to_string(), e)
    }
}

/// A rate limit reached is 429 with `Retry-After` (once [`sent`](AppError::sent)); the
/// limiter's storage failing is an internal error.
#[cfg(feature = "ssr")]
impl From<crate::store::limits::LimitError> for AppError {
    #[track_caller]
    fn from(e: crate::store::limits::LimitError) -> Self {
        use crate::store::limits::LimitError;
        match e {
            LimitError::Limited(l) => AppError::RateLimited {
                retry_after_secs: l.retry_after_secs,
            },
            LimitError::Store(e) => AppError::internal("rate limit", e),
        }
    }
}

/// A back-office change refused by the store: a request of another agency or none is 404, one
/// assigned to someone else 403 (both sent with their status). A move the status machine
/// refuses is an internal error here: a handler that can be refused says how (`staff/act`: 409).
#[cfg(feature = "ssr")]
impl From<crate::store::staff::StaffError> for AppError {
    #[track_caller]
    fn from(e: crate::store::staff::StaffError) -> Self {
        use crate::store::staff::StaffError;
        match e {
            StaffError::NotFound => AppError::NotFound.sent(),
            StaffError::NotYours => AppError::Forbidden.sent(),
            other => AppError::internal(&std::panic::Location::caller().to_string(), other),
        }
    }
}
