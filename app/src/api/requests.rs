//! Submitting applications.

use crate::domain::submission::{Envelope, Receipt};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{api::pool, domain, store};

/// Stores an application exactly once per envelope id and returns its receipt. A refusal
/// (`AppError::Refused`) goes back to the citizen; only an unreachable server is worth a retry.
#[server(prefix = "/api", endpoint = "requests/submit", input = server_fn::codec::Json)]
pub async fn submit_application(envelope: Envelope) -> Result<Receipt, AppError> {
    use domain::submission::{check, Refusal};
    let pool = pool()?;
    let service = if domain::catalogue::is_valid_slug(&envelope.service) {
        store::catalogue::service(&pool, &envelope.service).await.map_err(|e| AppError::internal("submit", e))?
    } else {
        None
    };
    let form = match service.as_ref().and_then(|s| s.form.as_ref()) {
        Some(doc) => Some(doc.schema().map_err(|e| AppError::internal("submit: stored form", e))?),
        None => None,
    };
    let refuse = |r: Refusal| {
        // 409 for a reused id, 422 for the rest: a phone retries neither.
        let status = if r == Refusal::Conflict { axum::http::StatusCode::CONFLICT } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(status);
        }
        AppError::Refused(domain::submission::RefusalDoc::of(&r))
    };
    let clean = check(&envelope, form.as_ref()).map_err(refuse)?;
    // A file answer must name a complete upload, within the field's size limit.
    if let Some(form) = &form {
        let mut errors = Vec::new();
        for (field, sha) in domain::application::file_answers(form, &clean) {
            let limit = match form.field(field).map(|f| &f.kind) {
                Some(domain::form::FieldKind::File { max_bytes }) => *max_bytes,
                _ => 0,
            };
            let stored = store::files::stored(&pool, sha).await.map_err(|e| AppError::internal("submit: files", e))?;
            if !stored.is_some_and(|f| f.size >= 0 && f.size as u64 <= limit) {
                errors.push(domain::form::FieldError { field: field.to_string(), problem: domain::form::Problem::File });
            }
        }
        if !errors.is_empty() {
            return Err(refuse(Refusal::Invalid { errors }));
        }
    }
    match store::requests::submit(&pool, &envelope, &clean).await.map_err(|e| AppError::internal("submit", e))? {
        store::requests::Stored::New(r) | store::requests::Stored::Again(r) => Ok(r),
        store::requests::Stored::Conflict => Err(refuse(Refusal::Conflict)),
    }
}
