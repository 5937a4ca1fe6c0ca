//! Corrections to the catalogue: the data of the citizen's page (`/layanan/:slug/koreksi`).
//! The form itself is posted to a plain handler of the server (multipart, for the photo),
//! which stores through `store::corrections`.

#[cfg(feature = "ssr")]
use crate::{
    api::pool,
    domain::correction::{CorrectionScreen, Draft, Refusal},
    domain::route::query_param,
    domain::screen::Screen,
    error::AppError,
    store,
};

/// The correction page of active service `slug` (`?gagal=` a refusal's code, `?terkirim=1`
/// the thanks; a refused try's typed values come in the request's extensions), or `None`
/// when there is no such service (the address is then no page: 404).
#[cfg(feature = "ssr")]
pub async fn page(slug: &str, query: &str) -> Result<Option<Screen>, AppError> {
    let service = store::catalogue::service(&pool()?, slug)
        .await
        .map_err(|e| AppError::internal("correction page", e))?;
    let Some(service) = service else {
        return Ok(None);
    };
    let draft = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Draft>().cloned())
        .unwrap_or_default();
    Ok(Some(Screen::Correction(CorrectionScreen {
        service: Box::new(service),
        failed: query_param(query, "gagal").and_then(|c| Refusal::from_code(&c)),
        sent: query_param(query, "terkirim").is_some(),
        draft,
    })))
}
