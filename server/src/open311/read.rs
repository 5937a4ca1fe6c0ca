//! The GET resources: services, a service's definition, requests (a list, or one by its
//! reference) and FixMyStreet's `servicerequestupdates`. Anyone may read them (the
//! specification asks no key for a GET), so they carry no personal data: only requests filed
//! through Open311, by reference, status, service, agency and dates.

use super::query::Query;
use super::{answer, failed, no_format, refuse, refuse_one, written, Open311};
use crate::encoding::{self, Coded, Coding};
use app::domain::catalogue::Service;
use app::domain::l10n::Lang;
use app::domain::open311::doc::{Document, Format};
use app::domain::open311::{self as o311, partner, Error};
use app::domain::shelf::Shelf;
use app::domain::status::Status;
use app::store::open311 as store;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use std::sync::{Arc, Mutex, Weak};

/// `services.{fmt}`: the services that take applications through Loket (those a partner can
/// file for). GeoReport v2 lists them all in one answer, without paging: 1.4 MB at 10,000
/// services. It changes only with the catalogue, so it is written once per kept shelf and
/// format ([`Written`]), and compressed once per coding a client asks for ([`Coded`]), not on
/// every request.
pub async fn services(s: &Open311, format: Format, headers: &HeaderMap) -> Response {
    let shelf = match s.shelves.current(&s.pool).await {
        Ok(shelf) => shelf,
        Err(e) => return failed(format, "services", e),
    };
    let list = s.services_written.get_or_write(&shelf, format, || {
        let entries: Vec<o311::ServiceEntry> = shelf
            .services()
            .iter()
            .filter(|svc| svc.intake_form().is_some())
            .map(|svc| o311::ServiceEntry {
                code: svc.slug.clone(),
                name: svc.name.id.clone(),
                description: svc.summary.id.clone(),
                keywords: svc.keywords.clone(),
                group: svc.agency.name.id.clone(),
            })
            .collect();
        o311::services(&entries).write(format)
    });
    let coding = Coding::chosen(headers, |_| true);
    let body = match list.coded(coding) {
        Ok(body) => body,
        Err(e) => return failed(format, "services", e),
    };
    let mut res = written(StatusCode::OK, format, body);
    encoding::mark(res.headers_mut(), coding);
    res
}

/// The services list as last written from a shelf, per format: while the server keeps that
/// shelf (the catalogue has not moved), the same bytes. The shelf is held weakly, so a list
/// never keeps an old catalogue in memory, and a weak pointer keeps its address from being
/// reused, so a new shelf is never taken for the old one.
#[derive(Clone, Default)]
pub struct Written(Arc<Mutex<Vec<Kept>>>);

/// A kept list: the shelf it was written from, its format and its bytes.
type Kept = (Weak<Shelf>, Format, Arc<Coded>);

impl Written {
    /// The list written from `shelf` in `format`: the one kept, or `write`'s, kept.
    fn get_or_write(
        &self,
        shelf: &Arc<Shelf>,
        format: Format,
        write: impl FnOnce() -> String,
    ) -> Arc<Coded> {
        let same =
            |(of, f, _): &&Kept| *f == format && std::ptr::eq(of.as_ptr(), Arc::as_ptr(shelf));
        let kept = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, list)) = kept().iter().find(same) {
            return list.clone();
        }
        // Written outside the lock (two requests at once may both write it; one is kept).
        let list = Arc::new(Coded::new(write()));
        let mut kept = kept();
        kept.retain(|(of, f, _)| *f != format && std::ptr::eq(of.as_ptr(), Arc::as_ptr(shelf)));
        kept.push((Arc::downgrade(shelf), format, list.clone()));
        list
    }
}

/// `services/{code}.{fmt}`: the definition built from the service's form in force.
pub async fn definition(State(s): State<Open311>, Path(file): Path<String>) -> Response {
    let Some((code, format)) = Format::split(&file) else {
        return no_format();
    };
    let service = if app::domain::catalogue::is_valid_slug(code) {
        match app::store::catalogue::service(&s.pool, code).await {
            Ok(svc) => svc,
            Err(e) => return failed(format, "service", e),
        }
    } else {
        None
    };
    let Some(doc) = service.as_ref().and_then(Service::intake_form) else {
        return refuse_one(format, 404, "service_code tidak dikenal");
    };
    let form = match doc.schema() {
        Ok(f) => f,
        Err(e) => return failed(format, "stored form", e),
    };
    let body = partner::definition(code, &form);
    let doc = Document {
        root: "service_definition",
        body,
    };
    answer(StatusCode::OK, format, &doc)
}

/// The Indonesian word for a status.
fn word(s: Status) -> String {
    app::ui::form_html::status_word(s).get(Lang::Id).to_string()
}

/// Listed rows as entries (service and agency named from the catalogue).
async fn entries(
    s: &Open311,
    rows: Vec<store::RequestRow>,
) -> Result<Vec<o311::RequestEntry>, app::store::StoreError> {
    let shelf = s.shelves.current(&s.pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let status = Status::from_code(&r.status).ok_or_else(|| {
            app::store::StoreError::Invalid(format!("stored status {}", r.status))
        })?;
        let (service_name, agency) = app::store::shelf::find(&shelf, &r.service).map_or_else(
            || (r.service.clone(), r.agency.clone()),
            |svc| (svc.name.id.clone(), svc.agency.name.id.clone()),
        );
        out.push(o311::RequestEntry {
            reference: r.reference,
            status,
            status_word: word(status),
            service_code: r.service,
            service_name,
            agency,
            received_at: r.received_at,
            updated_at: r.updated_at,
            due_date: r.due_date,
        });
    }
    Ok(out)
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// `requests.{fmt}`: by `service_request_id` (a comma list, which overrides every other
/// filter), else by service, status and a window of at most 90 days; newest first, paged.
pub async fn requests(s: &Open311, format: Format, q: &Query) -> Response {
    let mut errors: Vec<Error> = Vec::new();
    let statuses = match q.list("status") {
        None => None,
        Some(words) => {
            let mut codes = Vec::new();
            for w in &words {
                let open = match w.as_str() {
                    "open" => true,
                    "closed" => false,
                    _ => {
                        errors.push(Error::new(400, "status: open atau closed (dipisah koma)"));
                        continue;
                    }
                };
                codes.extend(
                    Status::ALL
                        .into_iter()
                        .filter(|st| st.is_open() == open)
                        .map(|st| st.code().to_string()),
                );
            }
            Some(codes)
        }
    };
    let window = q.window(now_ms()).map_err(|e| errors.extend(e)).ok();
    let paging = q.paging().map_err(|e| errors.extend(e)).ok();
    let references = q.list("service_request_id").map(|ids| {
        ids.iter()
            .take(1000)
            .filter_map(|id| app::domain::reference::Reference::parse(id).ok())
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
    });
    let (Some((from, to)), Some((limit, offset))) = (window, paging) else {
        return refuse(format, &errors);
    };
    if !errors.is_empty() {
        return refuse(format, &errors);
    }
    let filter = store::Filter {
        references,
        services: q.list("service_code"),
        statuses,
        from: Some(from),
        to: Some(to),
        limit,
        offset,
    };
    let rows = match store::requests(&s.pool, &filter).await {
        Ok(r) => r,
        Err(e) => return failed(format, "requests", e),
    };
    match entries(s, rows).await {
        Ok(list) => answer(StatusCode::OK, format, &o311::requests(&list)),
        Err(e) => failed(format, "requests", e),
    }
}

/// `requests/{id}.{fmt}`: a list of one, or 404.
pub async fn one_request(State(s): State<Open311>, Path(file): Path<String>) -> Response {
    let Some((id, format)) = Format::split(&file) else {
        return no_format();
    };
    let Ok(reference) = app::domain::reference::Reference::parse(id) else {
        return refuse_one(format, 404, "service_request_id tidak dikenal");
    };
    let filter = store::Filter {
        references: Some(vec![reference.to_string()]),
        limit: 1,
        ..Default::default()
    };
    let rows = match store::requests(&s.pool, &filter).await {
        Ok(r) => r,
        Err(e) => return failed(format, "request", e),
    };
    if rows.is_empty() {
        return refuse_one(format, 404, "service_request_id tidak dikenal");
    }
    match entries(&s, rows).await {
        Ok(list) => answer(StatusCode::OK, format, &o311::requests(&list)),
        Err(e) => failed(format, "request", e),
    }
}

/// `servicerequestupdates.{fmt}` (FixMyStreet): every step of the requests filed through
/// Open311 in the window (`start_date`, `end_date`; 90 days at most), oldest first, paged.
pub async fn updates(s: &Open311, format: Format, q: &Query) -> Response {
    let mut errors = Vec::new();
    let window = q.window(now_ms()).map_err(|e| errors.extend(e)).ok();
    let paging = q.paging().map_err(|e| errors.extend(e)).ok();
    let (Some((from, to)), Some((limit, offset))) = (window, paging) else {
        return refuse(format, &errors);
    };
    let rows = match store::updates(&s.pool, &from, &to, limit, offset).await {
        Ok(r) => r,
        Err(e) => return failed(format, "updates", e),
    };
    let list: Vec<o311::UpdateEntry> = rows
        .into_iter()
        .filter_map(|(seq, reference, status, at)| {
            let status = Status::from_code(&status)?;
            Some(o311::UpdateEntry {
                seq,
                reference,
                status,
                status_word: word(status),
                at,
            })
        })
        .collect();
    answer(StatusCode::OK, format, &o311::updates(&list))
}
