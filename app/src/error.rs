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
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::Unreachable(e),
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::MissingArg(e) | ServerFnErrorErr::Deserialization(e) => {
                AppError::BadRequest(e)
            }
            ServerFnErrorErr::UnsupportedRequestMethod(e) => AppError::BadRequest(e),
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

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an internal failure and returns the opaque error the client sees.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
        tracing::error!(%err, "{context}");
        AppError::Internal
    }
}
