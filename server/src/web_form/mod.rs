//! `POST /api/formulir/{slug}` and `POST /api/loket/{slug}`: the server's own application
//! form (issue 13, parts 2 and 3), posted section by section as plain multipart forms by a
//! browser that runs no scripts (the visitor's draft, named by the `loket_formulir` cookie;
//! counted per client address) or by a counter clerk for a citizen (the clerk's draft; agency
//! admins, and officers their admin allowed, for their own agency's services only).
//!
//! `?bagian=N` keeps section N's answers (whatever was typed, so nothing is lost) and its
//! photos (judged by their first bytes and the field's size limit, stored like the phone's
//! uploads under the draft's id, which is the upload key), then checks the section with the
//! one validator: problems → back to the section with its error summary; none → the next
//! section, or "check your answers". `?kirim=1` files the draft through the same path as the
//! phone's submissions (`api::requests::file_application`) under the draft's id, so a repeated
//! post stores one request, and shows its receipt. Every answer is a redirect (303) to a page
//! the app renders (`api::web_form`).

mod grant;
mod read;

use crate::files::{media_type, Files, NotStored};
use app::api::auth::AuthSettings;
use app::api::web_form::{self as pages, Clerk, NotClerk};
use app::domain::application::FileInfo;
use app::domain::form::FormSchema;
use app::domain::route::encode;
use app::domain::skm::Expectation;
use app::domain::submission::Envelope;
use app::domain::web_form::{self, Door, DRAFT_COOKIE, DRAFT_TTL_SECS};
use app::error::AppError;
use app::store::limits::{ClientIp, LimitError, Limits};
use app::store::web_drafts::{self, WebDraft};
use app::store::Db;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
pub use grant::post_grant;
use read::{read, Posted, Upload};
use std::sync::Arc;

/// What the form's handlers need.
#[derive(Clone)]
pub struct WebForms {
    /// The database.
    pub pool: Db,
    /// The per-address limit.
    pub limits: Arc<Limits>,
    /// Where photos go.
    pub files: Arc<Files>,
    /// Where a finished application is stored.
    pub submitter: app::store::submitter::Submitter,
    /// The kept catalogue and calendar a filing reads.
    pub shelves: app::store::shelf::Shelves,
    /// Cookies are `Secure` (HTTPS).
    pub secure_cookies: bool,
}

/// The query of a post: which section (from 1), from "check your answers", or the submit.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Step {
    bagian: Option<usize>,
    ubah: Option<String>,
    kirim: Option<String>,
}

/// A short plain answer that is never cached.
fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], text).into_response()
}

/// A redirect (303) to `to`, setting `cookie` when given.
fn see_other(to: String, cookie: Option<String>) -> Response {
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
    if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

/// Logs a failure and answers 500.
fn failed(context: &str, e: impl std::fmt::Display) -> Response {
    tracing::error!(%e, "web form: {context}");
    plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

/// Now, in Unix seconds.
fn now() -> i64 {
    crate::files::unix_now()
}

/// `POST /api/formulir/{slug}`: a section or the submit of the visitor's own draft.
pub async fn post_web(forms: &WebForms, slug: &str, step: Step, req: Request) -> Response {
    let key = ClientIp::key_of(req.extensions().get());
    match forms.limits.web_form_per_ip.take(&key).await {
        Ok(()) => {}
        Err(LimitError::Limited(l)) => {
            let mut res = plain(
                StatusCode::TOO_MANY_REQUESTS,
                "Terlalu banyak permintaan dari alamat ini. Coba lagi nanti. / Too many requests from this address. Try again later.",
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(l.retry_after_secs));
            return res;
        }
        Err(e) => return failed("limit", e),
    }
    let service = match pages::service(&forms.pool, slug, None).await {
        Ok(Some(s)) => s,
        Ok(None) => return plain(StatusCode::NOT_FOUND, "not found"),
        Err(e) => return failed("service", e),
    };
    // The visitor's cookie names their drafts; a first post makes one.
    let (owner, cookie) = match pages::web_owner(req.headers()) {
        Some(owner) => (owner, None),
        None => match app::api::auth::new_token() {
            Ok(token) => {
                let attributes = app::domain::cookie::Attributes {
                    max_age_secs: DRAFT_TTL_SECS as u64,
                    http_only: true,
                    secure: forms.secure_cookies,
                };
                let cookie = app::domain::cookie::set_cookie(DRAFT_COOKIE, &token, attributes);
                (pages::owner_of_token(&token), Some(cookie))
            }
            Err(e) => return failed("token", e),
        },
    };
    let draft = Drafted {
        forms,
        door: Door::Web,
        owner,
        service,
        clerk: None,
    };
    match draft.post(step, req).await {
        Ok(to) => see_other(to, cookie),
        Err(res) => res,
    }
}

/// `POST /api/loket/{slug}`: a section or the submit of a counter clerk's draft.
pub async fn post_counter(
    forms: &WebForms,
    auth: AuthSettings,
    slug: &str,
    step: Step,
    req: Request,
) -> Response {
    let clerk = match pages::clerk(&forms.pool, req.headers(), auth).await {
        Ok(Ok(clerk)) => clerk,
        Ok(Err(NotClerk::SignedOut)) => return plain(StatusCode::UNAUTHORIZED, "sign in first"),
        Ok(Err(NotClerk::Refused)) => {
            return plain(StatusCode::FORBIDDEN, "not allowed to file at the counter")
        }
        Err(e) => return failed("clerk", e),
    };
    let service = match pages::service(&forms.pool, slug, Some(&clerk.agency)).await {
        Ok(Some(s)) => s,
        Ok(None) => return plain(StatusCode::NOT_FOUND, "not found"),
        Err(e) => return failed("service", e),
    };
    let draft = Drafted {
        forms,
        door: Door::Counter,
        owner: pages::counter_owner(&clerk.account_id),
        service,
        clerk: Some(clerk),
    };
    match draft.post(step, req).await {
        Ok(to) => see_other(to, None),
        Err(res) => res,
    }
}

/// One post to one owner's draft of one service.
struct Drafted<'a> {
    forms: &'a WebForms,
    door: Door,
    owner: String,
    service: app::domain::catalogue::Service,
    clerk: Option<Clerk>,
}

impl Drafted<'_> {
    /// The page of this service's form with `query`.
    fn page(&self, query: &str) -> String {
        format!("{}{}?{query}", self.door.page(), encode(&self.service.slug))
    }

    /// Handles the post: where to go next, or the answer that refuses it.
    async fn post(&self, step: Step, req: Request) -> Result<String, Response> {
        let schema = self
            .service
            .intake_form()
            .and_then(|d| d.schema().ok())
            .ok_or_else(|| failed("form", "a service's form does not read"))?;
        let Ok(posted) = read(req, &schema).await else {
            return Err(plain(StatusCode::BAD_REQUEST, "unreadable form"));
        };
        let pairs = &posted.pairs;
        if step.kirim.is_some() {
            // A confirmation posted again (back, reload, a double click) finds the draft sent.
            let draft = web_drafts::get(&self.forms.pool, &self.owner, &self.service.slug)
                .await
                .map_err(|e| failed("draft", e))?;
            return match draft {
                Some(d) => self.submit(d, &schema, pairs).await,
                None => Ok(self.page("bagian=1&galat=1")),
            };
        }
        let id = app::store::new_id().map_err(|e| failed("id", e))?;
        let draft = web_drafts::open(
            &self.forms.pool,
            &self.owner,
            &self.service.slug,
            self.door.channel(),
            schema.version,
            &id,
            now(),
        )
        .await
        .map_err(|e| failed("open draft", e))?;
        let idx = step
            .bagian
            .unwrap_or(1)
            .clamp(1, schema.sections.len().max(1))
            - 1;
        self.section(draft, &schema, idx, step.ubah.is_some(), posted)
            .await
    }

    /// Keeps section `idx`'s answers and files, then checks it.
    async fn section(
        &self,
        mut draft: WebDraft,
        schema: &FormSchema,
        idx: usize,
        changing: bool,
        posted: Posted,
    ) -> Result<String, Response> {
        web_form::apply(
            &mut draft.answers,
            web_form::section_answers(schema, idx, &posted.pairs),
        );
        // A file too large is refused on its field; what was typed beside it is kept.
        let mut refused_file = posted.too_large;
        for up in posted.uploads {
            let in_section = schema
                .sections
                .get(idx)
                .is_some_and(|s| s.fields.iter().any(|f| f.id == up.field));
            if !in_section {
                continue;
            }
            match self.store_file(&draft.id, &up).await {
                Ok(Some(info)) => {
                    let sha = info.0;
                    draft.answers.insert(
                        up.field.clone(),
                        app::domain::form::Answer::One(sha.clone()),
                    );
                    draft.files.insert(sha, info.1);
                }
                Ok(None) => {
                    refused_file.get_or_insert(up.field.clone());
                }
                Err(res) => return Err(res),
            }
        }
        web_drafts::save(&self.forms.pool, &draft, now())
            .await
            .map_err(|e| failed("save draft", e))?;
        let n = idx + 1;
        let ubah = if changing { "&ubah=1" } else { "" };
        if let Some(field) = refused_file {
            return Ok(self.page(&format!(
                "bagian={n}{ubah}&galat=1&berkas={}",
                encode(&field)
            )));
        }
        let today = app::clock::today();
        if !web_form::section_problems(schema, &draft.answers, idx, today).is_empty() {
            return Ok(self.page(&format!("bagian={n}{ubah}&galat=1")));
        }
        if changing {
            return Ok(self.page("periksa=1"));
        }
        Ok(match web_form::next_section(schema, &draft.answers, idx) {
            Some(j) => self.page(&format!("bagian={}", j + 1)),
            None => self.page("periksa=1"),
        })
    }

    /// Stores a posted file for draft `key`: its SHA-256 and what the page says of it, `None`
    /// when refused (not a JPEG, PNG or PDF, or larger than the field allows).
    async fn store_file(
        &self,
        key: &str,
        up: &Upload,
    ) -> Result<Option<(String, FileInfo)>, Response> {
        let Some(kind) = media_type(&up.bytes) else {
            return Ok(None);
        };
        let file = match self.forms.files.store_whole(up.bytes.clone()).await {
            Ok(f) => f,
            Err(NotStored::UnsupportedType) => return Ok(None),
            Err(NotStored::DiskFull) => {
                return Err(plain(StatusCode::INSUFFICIENT_STORAGE, "no space left"))
            }
            Err(NotStored::Failed) => return Err(failed("file", "not stored")),
        };
        app::store::files::finish(&self.forms.pool, key, &file, now())
            .await
            .map_err(|e| failed("file listing", e))?;
        // The name shown back: the person's own, without any path, kept short.
        let name: String = up
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(80)
            .collect();
        let info = FileInfo {
            name: if name.is_empty() { "foto".into() } else { name },
            size: up.bytes.len() as u64,
            media_type: kind.to_string(),
            uploaded: true,
        };
        Ok(Some((file.sha256, info)))
    }

    /// Files the draft (once: its id is the request's), then its receipt.
    async fn submit(
        &self,
        mut draft: WebDraft,
        schema: &FormSchema,
        pairs: &[(String, String)],
    ) -> Result<String, Response> {
        if draft.sent {
            return Ok(self.page("selesai=1"));
        }
        let value = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map_or("", |(_, v)| v.as_str())
        };
        match Expectation::read(
            value("expect_days"),
            value("expect_cost"),
            value("expect_ready"),
        ) {
            Ok(e) => draft.expect = (e != Expectation::default()).then_some(e),
            Err(_) => return Ok(self.page("periksa=1&galat=1")),
        }
        web_drafts::save(&self.forms.pool, &draft, now())
            .await
            .map_err(|e| failed("save draft", e))?;
        let today = app::clock::today();
        if let Err(errors) = app::domain::form::validate_on(schema, &draft.answers, today) {
            let n = web_form::first_section(schema, &errors) + 1;
            return Ok(self.page(&format!("bagian={n}&galat=1")));
        }
        let envelope = Envelope {
            id: draft.id.clone(),
            service: self.service.slug.clone(),
            form_version: draft.form_version,
            answers: draft.answers.clone(),
            expect: draft.expect,
        };
        let channel = self.door.channel();
        match app::api::requests::file_application(
            &self.forms.pool,
            &self.forms.shelves,
            &self.forms.submitter,
            &envelope,
            channel,
        )
        .await
        {
            Ok(_) => {}
            Err(AppError::Refused(doc)) => {
                use app::domain::submission::Refusal;
                tracing::info!(refusal = doc.0.get(), "web form: refused");
                return Ok(match doc.refusal() {
                    Ok(Refusal::Invalid { errors }) => {
                        let n = web_form::first_section(schema, &errors) + 1;
                        self.page(&format!("bagian={n}&galat=1"))
                    }
                    // The form changed under the draft: from the start, answers kept.
                    _ => self.page("bagian=1&galat=1"),
                });
            }
            Err(e) => return Err(failed("file application", e)),
        }
        web_drafts::mark_sent(&self.forms.pool, &draft.id, now())
            .await
            .map_err(|e| failed("mark sent", e))?;
        if let Some(clerk) = &self.clerk {
            web_drafts::record_filed(&self.forms.pool, &clerk.account_id, &draft.id)
                .await
                .map_err(|e| failed("audit", e))?;
        }
        Ok(self.page("selesai=1"))
    }
}

/// Sweeps drafts not changed for [`DRAFT_TTL_SECS`], now and every hour, while the router
/// that holds `forms` lives (their photos go with the other unclaimed uploads).
pub fn start_sweeper(forms: &Arc<WebForms>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let forms = Arc::downgrade(forms);
    runtime.spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let Some(forms) = forms.upgrade() else { return };
            match web_drafts::sweep(&forms.pool, now() - DRAFT_TTL_SECS).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(drafts = n, "swept web form drafts"),
                Err(e) => tracing::error!(%e, "sweeping web form drafts"),
            }
        }
    });
}
