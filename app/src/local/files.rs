//! Photos and files for file fields: made small on the phone (photos re-encoded as JPEG, longest
//! side at most 1600 px; a PNG that is already small enough is kept as it is, with its name),
//! named by their SHA-256, kept as Blobs in IndexedDB, and uploaded in 64 KiB pieces that
//! resume where the server says it stopped.

use super::client::{upload_piece, upload_progress, Raw as Reply};
use crate::domain::application::FileInfo;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Longest side of a photo after downscaling.
pub const MAX_SIDE: f64 = 1600.0;
/// Bytes per upload request.
pub const CHUNK: u64 = 64 * 1024;

/// Why a chosen file is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// Not a photo the browser can read, nor a PDF.
    NotSupported,
    /// Larger than the field allows (after downscaling).
    TooLarge,
    /// Reading or encoding failed.
    Unreadable,
}

fn window() -> Result<web_sys::Window, FileProblem> {
    web_sys::window().ok_or(FileProblem::Unreadable)
}

async fn bytes(blob: &web_sys::Blob) -> Result<js_sys::Uint8Array, FileProblem> {
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| FileProblem::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buf))
}

/// A photo as a JPEG no larger than `MAX_SIDE` (with its media type), or `None` when the
/// browser cannot decode it. With `keep_png`, a PNG no larger than that is kept as it is: a PNG
/// is a screenshot or a scan more often than a camera photo, and re-encoding it as JPEG would
/// blur its text and rename it (the server takes PNGs).
async fn downscale(
    file: &web_sys::Blob,
    keep_png: bool,
) -> Result<Option<(web_sys::Blob, &'static str)>, FileProblem> {
    let Ok(promise) = window()?.create_image_bitmap_with_blob(file) else {
        return Ok(None);
    };
    let Ok(bitmap) = JsFuture::from(promise).await else {
        return Ok(None);
    };
    let bitmap: web_sys::ImageBitmap = bitmap.unchecked_into();
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    if w < 1.0 || h < 1.0 {
        return Ok(None);
    }
    let scale = (MAX_SIDE / w.max(h)).min(1.0);
    if keep_png && scale >= 1.0 {
        bitmap.close();
        return Ok(Some((file.clone(), "image/png")));
    }
    let (nw, nh) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let canvas =
        web_sys::OffscreenCanvas::new(nw as u32, nh as u32).map_err(|_| FileProblem::Unreadable)?;
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(FileProblem::Unreadable)?
        .unchecked_into();
    // JPEG has no transparency: put a PNG's clear parts on white, not black.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, nw, nh);
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, nw, nh)
        .map_err(|_| FileProblem::Unreadable)?;
    bitmap.close();
    let opts = web_sys::ImageEncodeOptions::new();
    opts.set_type("image/jpeg");
    opts.set_quality(0.85);
    let blob = JsFuture::from(
        canvas
            .convert_to_blob_with_options(&opts)
            .map_err(|_| FileProblem::Unreadable)?,
    )
    .await
    .map_err(|_| FileProblem::Unreadable)?;
    Ok(Some((blob.unchecked_into(), "image/jpeg")))
}

/// The first `n` bytes of a file.
async fn head(file: &web_sys::File, n: f64) -> Result<Vec<u8>, FileProblem> {
    let part = file
        .slice_with_f64_and_f64(0.0, n)
        .map_err(|_| FileProblem::Unreadable)?;
    Ok(bytes(&part).await?.to_vec())
}

/// SHA-256 of a Blob, as 64 lowercase hex digits.
pub async fn sha256(blob: &web_sys::Blob) -> Result<String, FileProblem> {
    let data = bytes(blob).await?;
    let subtle = window()?
        .crypto()
        .map_err(|_| FileProblem::Unreadable)?
        .subtle();
    let digest = JsFuture::from(
        subtle
            .digest_with_str_and_js_u8_array("SHA-256", &data)
            .map_err(|_| FileProblem::Unreadable)?,
    )
    .await
    .map_err(|_| FileProblem::Unreadable)?;
    let digest = js_sys::Uint8Array::new(&digest).to_vec();
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Makes a chosen file ready to keep: a small enough PNG and PDFs as they are (known by their
/// first bytes, as the server knows them, not by their name), other photos downscaled to JPEG,
/// anything else refused. Returns the hash, the Blob to keep and what the form shows of it.
pub async fn prepare(
    file: &web_sys::File,
    max_bytes: u64,
) -> Result<(String, web_sys::Blob, FileInfo), FileProblem> {
    let first = head(file, 8.0).await?;
    let png = first.starts_with(b"\x89PNG\r\n\x1A\n") && file.size() as u64 <= max_bytes;
    let (blob, media_type) = match downscale(file, png).await? {
        Some(kept) => kept,
        None if first.starts_with(b"%PDF-") => (file.clone().unchecked_into(), "application/pdf"),
        None => return Err(FileProblem::NotSupported),
    };
    let size = blob.size() as u64;
    if size > max_bytes {
        return Err(FileProblem::TooLarge);
    }
    let sha = sha256(&blob).await?;
    let mut name = file.name();
    if media_type == "image/jpeg"
        && !name.to_ascii_lowercase().ends_with(".jpg")
        && !name.to_ascii_lowercase().ends_with(".jpeg")
    {
        name = format!(
            "{}.jpg",
            name.rsplit_once('.').map(|(n, _)| n).unwrap_or(&name)
        );
    }
    Ok((
        sha,
        blob,
        FileInfo {
            name,
            size,
            media_type: media_type.into(),
            uploaded: false,
        },
    ))
}

/// Why an upload stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// No answer or a server failure: try again later, from where the server says it is.
    Retry,
    /// The server refused the file (type, size, content): the citizen must choose another.
    Refused,
}

#[derive(Deserialize)]
struct Progress {
    received: u64,
    #[serde(default)]
    complete: bool,
}

fn progress(body: &str) -> Option<Progress> {
    serde_json::from_str(body).ok()
}

/// Uploads a kept file for the application `key` (its id: the server keeps each application's
/// uploads apart) unless the server already has it from this application, continuing from the
/// byte the server holds: a piece that arrived is never sent again. A server that is busy or
/// full (429, 5xx) is tried again later.
pub async fn upload(key: &str, sha: &str, blob: &web_sys::Blob) -> Result<(), UploadError> {
    let total = blob.size() as u64;
    let mut offset = match upload_progress(key, sha).await {
        Reply::Http(200, body) => match progress(&body) {
            Some(p) if p.complete => return Ok(()),
            Some(p) => p.received,
            None => 0,
        },
        Reply::Http(s, _) if s >= 500 || s == 429 => return Err(UploadError::Retry),
        Reply::Http(..) => 0,
        Reply::Unreachable => return Err(UploadError::Retry),
    };
    // Each round moves forward or re-reads the server's position; bound them all the same.
    for _ in 0..(total / CHUNK + 16) {
        let end = (offset + CHUNK).min(total);
        let piece = blob
            .slice_with_f64_and_f64(offset as f64, end as f64)
            .map_err(|_| UploadError::Retry)?;
        match upload_piece(key, sha, offset, total, &piece).await {
            Reply::Http(200 | 201, body) => match progress(&body) {
                Some(p) if p.complete => return Ok(()),
                Some(p) => offset = p.received,
                None => return Err(UploadError::Retry),
            },
            // The server holds a different amount than we thought: continue from there.
            Reply::Http(409, body) => {
                offset = progress(&body)
                    .map(|p| p.received)
                    .ok_or(UploadError::Retry)?
            }
            Reply::Http(s, _) if s >= 500 || s == 408 || s == 429 => {
                return Err(UploadError::Retry)
            }
            Reply::Http(..) => return Err(UploadError::Refused),
            Reply::Unreachable => return Err(UploadError::Retry),
        }
    }
    Err(UploadError::Retry)
}
