//! Keeping the catalogue fresh from the back office: the pages' data (the agency's services and
//! open corrections, the editor, the preview, the history) and the changes (publish an edited
//! service, "Masih benar", resolve or dismiss a correction). Staff of the service's agency
//! only: another agency's service or correction is "not found", exactly like a missing one.
//! Changes are plain form posts (`PostUrl`); without JavaScript the browser is sent back to a
//! page that says how it went.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    api::staff::{from_form, staff, Staff},
    domain::{
        correction::Status,
        desk::{DeskScreen, HistoryEntry, ServiceRow},
        page::Page,
        route::{encode, query_param},
        screen::{Screen, StaffMember, StaffScreen},
        service_edit::{self, EditProblem},
    },
    store::{self, revisions::Kind},
};

/// Publishes `doc` (a service document as JSON, from the preview) as the next revision of
/// service `slug`, over revision `base`. 404: not a service of the agency; 409: it changed
/// since `base`; 400: the document breaks the editor's rules or is not this service's.
#[server(prefix = "/api", endpoint = "staff/service-publish", input = server_fn::codec::PostUrl)]
pub async fn desk_publish(slug: String, base: i64, doc: String) -> Result<i64, AppError> {
    let me = staff().await?;
    let result = publish(&me, &slug, base, Some(&doc)).await;
    back(&slug, &result, "riwayat");
    result
}

/// "Masih benar": service `slug` (at revision `base`) is confirmed unchanged; its verified date
/// becomes today in a new revision.
#[server(prefix = "/api", endpoint = "staff/service-confirm", input = server_fn::codec::PostUrl)]
pub async fn desk_confirm(slug: String, base: i64) -> Result<i64, AppError> {
    let me = staff().await?;
    let result = publish(&me, &slug, base, None).await;
    if from_form() {
        let to = match &result {
            Ok(_) => "/staff/layanan?ok=masih".to_string(),
            Err(_) => "/staff/layanan?gagal=masih".to_string(),
        };
        leptos_axum::redirect(&to);
    }
    result
}

/// Resolves (`status` = `resolved`) or dismisses (`dismissed`) open correction `id` of the
/// agency, with a note. 404: no such open correction in the agency's queue.
#[server(prefix = "/api", endpoint = "staff/correction-close", input = server_fn::codec::PostUrl)]
pub async fn desk_close(id: i64, status: String, note: String) -> Result<(), AppError> {
    let me = staff().await?;
    let result = close(&me, id, &status, &note).await;
    if from_form() {
        let to = match &result {
            Ok(()) => "/staff/layanan?ok=koreksi",
            Err(_) => "/staff/layanan?gagal=koreksi",
        };
        leptos_axum::redirect(to);
    }
    result
}

/// A plain form's way back: to `page` of the service when it worked, to the editor saying it
/// did not otherwise.
#[cfg(feature = "ssr")]
fn back<T>(slug: &str, result: &Result<T, AppError>, page: &str) {
    if !from_form() {
        return;
    }
    let slug = encode(slug);
    match result {
        Ok(_) => leptos_axum::redirect(&format!("/staff/layanan/{slug}/{page}?ok=1")),
        Err(_) => leptos_axum::redirect(&format!("/staff/layanan/{slug}/ubah?gagal=1")),
    }
}

/// Publishes `doc` (or, without one, confirms the service unchanged) for `me`.
#[cfg(feature = "ssr")]
async fn publish(me: &Staff, slug: &str, base: i64, doc: Option<&str>) -> Result<i64, AppError> {
    use store::revisions::{Publication, Published};
    let pool = crate::api::pool()?;
    let Some((current, _)) = store::revisions::current(&pool, &me.agency, slug).await? else {
        return Err(AppError::NotFound.sent());
    };
    let today = crate::clock::today();
    let (new, kind) = match doc {
        Some(doc) => {
            let new =
                serde_json::from_str(doc).map_err(|_| refused(EditProblem::NotThisService))?;
            let new = service_edit::accept(&current, &new, today).map_err(refused)?;
            (new, Kind::Publish)
        }
        None => {
            let mut same = current.clone();
            same.verified_at = today;
            (same, Kind::Confirm)
        }
    };
    let p = Publication {
        actor: &me.account_id,
        agency: &me.agency,
        base,
        doc: &new,
        kind,
    };
    match store::revisions::publish(&pool, &p).await? {
        Published::Done(revision) => Ok(revision),
        Published::NotFound => Err(AppError::NotFound.sent()),
        Published::Stale => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(axum::http::StatusCode::CONFLICT);
            }
            Err(AppError::BadRequest(
                "Layanan ini sudah berubah sejak Anda membukanya. / This service changed since you opened it."
                    .into(),
            ))
        }
    }
}

/// A document that cannot be published: 400, saying which value.
#[cfg(feature = "ssr")]
fn refused(p: EditProblem) -> AppError {
    let key = p.key().unwrap_or("doc").to_string();
    AppError::BadRequest(format!(
        "Nilai tidak dapat diterbitkan: {key}. / This value cannot be published: {key}."
    ))
    .sent()
}

/// Closes correction `id` for `me`.
#[cfg(feature = "ssr")]
async fn close(me: &Staff, id: i64, status: &str, note: &str) -> Result<(), AppError> {
    let status = Status::from_code(status)
        .filter(|s| *s != Status::Open)
        .ok_or_else(|| AppError::BadRequest("status: resolved | dismissed".into()).sent())?;
    let note = note.trim();
    let bad = note.chars().count() > 2000
        || note
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if bad {
        return Err(AppError::BadRequest(
            "Catatan paling banyak 2.000 karakter, tanpa karakter kendali. / A note is at most 2,000 characters, without control characters."
                .into(),
        )
        .sent());
    }
    let closing = store::corrections::Closing {
        actor: &me.account_id,
        agency: &me.agency,
        id,
        status,
        note,
    };
    if store::corrections::close(&crate::api::pool()?, &closing).await? {
        Ok(())
    } else {
        Err(AppError::NotFound.sent())
    }
}

/// A page of the catalogue desk for `me` (`rest`: `layanan`, `layanan/:slug/ubah`,
/// `…/pratinjau?<values>` or `…/riwayat`); another agency's service is "not found".
#[cfg(feature = "ssr")]
pub async fn page(
    pool: &crate::store::Db,
    me: StaffMember,
    rest: &str,
    query: &str,
) -> Result<Screen, AppError> {
    let desk = match rest.strip_prefix("layanan").unwrap_or("") {
        "" | "/" => Some(services(pool, me, query).await?),
        tail => match tail.trim_start_matches('/').split_once('/') {
            Some((slug, what)) => service_page(pool, me, slug, what, query).await?,
            None => None,
        },
    };
    Ok(match desk {
        Some(d) => Screen::Staff(StaffScreen::Desk(Box::new(d))),
        None => Screen::Catalogue(Page::NotFound),
    })
}

/// The agency's services, oldest verified first, and its open corrections.
#[cfg(feature = "ssr")]
async fn services(
    pool: &crate::store::Db,
    me: StaffMember,
    query: &str,
) -> Result<DeskScreen, AppError> {
    let today = crate::clock::today();
    let mut rows: Vec<ServiceRow> = store::revisions::of_agency(pool, &me.agency)
        .await?
        .into_iter()
        .map(|(service, revision)| ServiceRow {
            stale: service.is_stale(today),
            service,
            revision,
        })
        .collect();
    rows.sort_by_key(|r| r.service.verified_at);
    let corrections = store::corrections::open_for(pool, &me.agency).await?;
    let note = query_param(query, "ok")
        .map(|k| format!("ok:{k}"))
        .or_else(|| query_param(query, "gagal").map(|k| format!("gagal:{k}")));
    Ok(DeskScreen::Services {
        me,
        rows,
        corrections,
        note,
    })
}

/// One service's editor, preview or history; `None` when the agency has no such service.
#[cfg(feature = "ssr")]
async fn service_page(
    pool: &crate::store::Db,
    me: StaffMember,
    slug: &str,
    what: &str,
    query: &str,
) -> Result<Option<DeskScreen>, AppError> {
    let Some((service, revision)) = store::revisions::current(pool, &me.agency, slug).await? else {
        return Ok(None);
    };
    let service = Box::new(service);
    Ok(Some(match what {
        "ubah" => DeskScreen::Edit {
            values: owned(service_edit::values(&service)),
            problem: query_param(query, "gagal").map(|_| EditProblem::NotThisService),
            me,
            service,
            revision,
        },
        "pratinjau" => preview(me, service, revision, query)?,
        "riwayat" => history(pool, me, service).await?,
        _ => return Ok(None),
    }))
}

/// Key-value pairs as owned strings.
#[cfg(feature = "ssr")]
fn owned(values: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// The preview of the values in `query`: the changes and the document to publish, or the
/// editor again with the problem when they cannot be published.
#[cfg(feature = "ssr")]
fn preview(
    me: StaffMember,
    service: Box<crate::domain::catalogue::Service>,
    revision: i64,
    query: &str,
) -> Result<DeskScreen, AppError> {
    let get = |k: &str| query_param(query, k);
    match service_edit::apply(&service, &get, crate::clock::today()) {
        Ok(new) => Ok(DeskScreen::Preview {
            changes: service_edit::diff(&service, &new),
            doc: serde_json::to_string(&new).map_err(|e| AppError::internal("preview", e))?,
            me,
            service,
            revision,
        }),
        Err(problem) => Ok(DeskScreen::Edit {
            values: service_edit::KEYS
                .iter()
                .map(|k| (k.to_string(), get(k).unwrap_or_default()))
                .collect(),
            problem: Some(problem),
            me,
            service,
            revision,
        }),
    }
}

/// The service's revisions, newest first, each with what it changed, and its corrections.
#[cfg(feature = "ssr")]
async fn history(
    pool: &crate::store::Db,
    me: StaffMember,
    service: Box<crate::domain::catalogue::Service>,
) -> Result<DeskScreen, AppError> {
    let kept = store::revisions::history(pool, &service.slug).await?;
    let entries = kept
        .iter()
        .enumerate()
        .map(|(i, k)| HistoryEntry {
            revision: k.revision,
            action: k.action.clone(),
            actor: k.actor.clone(),
            at: k.at.clone(),
            changes: kept
                .get(i + 1)
                .map(|before| service_edit::diff(&before.doc, &k.doc))
                .unwrap_or_default(),
        })
        .collect();
    let corrections = store::corrections::of_service(pool, &service.slug).await?;
    Ok(DeskScreen::History {
        me,
        service,
        entries,
        corrections,
    })
}

/// What needs `agency`'s attention on `today`, oldest first: stale services and open
/// corrections.
#[cfg(feature = "ssr")]
pub async fn attention(
    pool: &crate::store::Db,
    agency: &str,
    today: crate::domain::date::Date,
) -> Result<crate::domain::desk::Attention, AppError> {
    let all = store::revisions::of_agency(pool, agency).await?;
    let mut stale: Vec<ServiceRow> = all
        .iter()
        .filter(|(s, _)| s.is_stale(today))
        .map(|(s, revision)| ServiceRow {
            service: s.clone(),
            revision: *revision,
            stale: true,
        })
        .collect();
    stale.sort_by_key(|r| r.service.verified_at);
    let name = |slug: &str| {
        all.iter()
            .find(|(s, _)| s.slug == slug)
            .map(|(s, _)| s.name.clone())
            .unwrap_or_default()
    };
    let corrections = store::corrections::open_for(pool, agency)
        .await?
        .into_iter()
        .map(|c| {
            let n = name(&c.service);
            (c, n)
        })
        .collect();
    let questions = store::qa::unanswered(pool, agency).await?;
    Ok(crate::domain::desk::Attention {
        stale,
        corrections,
        questions,
    })
}
