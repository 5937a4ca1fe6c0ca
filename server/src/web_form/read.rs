//! Reading a post of the server's form: a multipart form (the pages send one), or a
//! URL-encoded one without files. Text parts become (name, value) pairs; the parts of the
//! form's file fields that carry a file become uploads, bounded by the field's size limit (a
//! file over it is read past, so the parts after it are still read, and named).

use crate::files::MAX_FILE_BYTES;
use app::domain::form::{FieldKind, FormSchema};
use app::domain::route::decode;
use app::domain::web_form::MAX_ANSWER_BYTES;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;

/// A posted part that is a file: its field, the name the person's file had, its bytes.
pub(super) struct Upload {
    pub(super) field: String,
    pub(super) name: String,
    pub(super) bytes: Vec<u8>,
}

/// A post as read: its text parts as (name, value) pairs, its files, and the first file field
/// whose file was larger than the field allows (its bytes were read past, not kept).
pub(super) struct Posted {
    pub(super) pairs: Vec<(String, String)>,
    pub(super) uploads: Vec<Upload>,
    pub(super) too_large: Option<String>,
}

/// A post that is not a form (or a broken one).
pub(super) struct Unreadable;

/// Reads the form's parts: text parts as (name, value) pairs, parts of `schema`'s file fields
/// that carry a file as uploads (an empty file part is no new file: the one kept stays).
pub(super) async fn read(req: Request, schema: &FormSchema) -> Result<Posted, Unreadable> {
    // A form without files may come URL-encoded (an older page, another client).
    let urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if urlencoded {
        let bytes = axum::body::to_bytes(req.into_body(), 64 * MAX_ANSWER_BYTES)
            .await
            .map_err(|_| Unreadable)?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| Unreadable)?;
        let pairs = text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        return Ok(Posted {
            pairs,
            uploads: Vec::new(),
            too_large: None,
        });
    }
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|_| Unreadable)?;
    let (mut pairs, mut uploads, mut too_large) = (Vec::new(), Vec::new(), None);
    while let Some(mut part) = form.next_field().await.map_err(|_| Unreadable)? {
        let name = part.name().unwrap_or("").to_string();
        let file_limit = schema.field(&name).and_then(|f| match f.kind {
            FieldKind::File { max_bytes } => Some(max_bytes.min(MAX_FILE_BYTES)),
            _ => None,
        });
        let file_name = part.file_name().map(str::to_string);
        let cap = file_limit.map_or(MAX_ANSWER_BYTES, |l| {
            usize::try_from(l).unwrap_or(usize::MAX)
        });
        let (mut bytes, mut over) = (Vec::new(), false);
        while let Some(chunk) = part.chunk().await.map_err(|_| Unreadable)? {
            if over || bytes.len() + chunk.len() > cap {
                // A text this long is no answer; a file this large is read past (the body
                // limit bounds it) so the parts after it are still read.
                if file_limit.is_none() {
                    return Err(Unreadable);
                }
                over = true;
                bytes.clear();
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        if over {
            too_large.get_or_insert(name);
            continue;
        }
        match (file_limit, file_name) {
            (Some(_), Some(file_name)) if !bytes.is_empty() => uploads.push(Upload {
                field: name,
                name: file_name,
                bytes,
            }),
            (Some(_), _) => {}
            (None, _) => {
                let text = String::from_utf8(bytes).map_err(|_| Unreadable)?;
                pairs.push((name, text));
            }
        }
    }
    Ok(Posted {
        pairs,
        uploads,
        too_large,
    })
}
