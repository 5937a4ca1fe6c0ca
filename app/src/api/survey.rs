//! The satisfaction survey (SKM): a citizen's answers about a closed request, sent by the phone
//! with the request's key, and the walk-in survey of the counter (`/survei/<service>`), a plain
//! form. Both are stored exactly once per client id, with nothing that names the person.

use crate::domain::status::Key;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{api::pool, domain, store};

/// The walk-in form's fields: the service, the id the page was rendered with, and the answer
/// (`1`–`4`) to each *unsur* that was answered.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct WalkIn {
    /// The service's slug.
    pub service: String,
    /// The UUIDv7 the page was rendered with.
    pub id: String,
    /// Persyaratan.
    pub u1: Option<String>,
    /// Sistem, Mekanisme, dan Prosedur.
    pub u2: Option<String>,
    /// Waktu Penyelesaian.
    pub u3: Option<String>,
    /// Biaya/Tarif.
    pub u4: Option<String>,
    /// Produk Spesifikasi Jenis Pelayanan.
    pub u5: Option<String>,
    /// Kompetensi Pelaksana.
    pub u6: Option<String>,
    /// Perilaku Pelaksana.
    pub u7: Option<String>,
    /// Sarana dan prasarana.
    pub u8: Option<String>,
    /// Penanganan Pengaduan, Saran dan Masukan.
    pub u9: Option<String>,
}

/// Stores the survey of the request `key` opens (only once it is *Selesai* or *Ditolak*):
/// `id` is the UUIDv7 the phone made for this survey (the idempotency key), `answers` the nine
/// answers 1–4. The same id and answers again: the same answer, nothing new. 404 with a wrong
/// key; 409 when the request is not closed, already has another survey, or the id was used
/// for other answers; 422 (per *unsur*) for answers that are not nine values 1–4.
#[server(prefix = "/api", endpoint = "survey/answer", input = server_fn::codec::Json)]
pub async fn survey_answer(key: Key, id: String, answers: Vec<u8>) -> Result<String, AppError> {
    use domain::submission::Refusal;
    let secrets = use_context::<std::sync::Arc<crate::keys::Secrets>>()
        .ok_or_else(|| AppError::internal("survey", "no secrets in context"))?;
    if key.id.len() > 64 || !secrets.token_matches(&key.id, &key.token) {
        return Err(AppError::NotFound.sent());
    }
    let (id, answers) = checked(&id, &answers)?;
    let pool = pool()?;
    let day = crate::clock::today().to_string();
    let hashed = hash(&id);
    let answer = store::survey::Answer {
        key: &hashed,
        day: &day,
        answers: &answers,
    };
    let mac = secrets.token(&format!("survey:{id}"));
    match store::survey::answer_request(&pool, &key.id, &mac, &answer).await? {
        store::survey::Stored::New | store::survey::Stored::Again => Ok(id),
        _ => Err(refused(Refusal::Conflict)),
    }
}

/// The walk-in survey's plain form (`/survei/<service>`): `id` is the UUIDv7 the page was
/// rendered with (a form sent twice is one answer), `u1`…`u9` the answers. Limited per client
/// address. Back to the page with `?terima=1`, or with `?gagal=` naming what was wrong (the
/// unanswered *unsur*, `batas` past the limit); a client that is not a browser page gets the
/// refusal's status (404 unknown service, 422 bad answers or id, 409 reused id, 429).
#[server(prefix = "/api", endpoint = "survey/walk-in-form", input = server_fn::codec::PostUrl)]
pub async fn survey_walk_in(#[server(flatten)] form: WalkIn) -> Result<(), AppError> {
    let WalkIn { service, id, .. } = &form;
    let given = [
        &form.u1, &form.u2, &form.u3, &form.u4, &form.u5, &form.u6, &form.u7, &form.u8, &form.u9,
    ];
    let result = walk_in(service, id, &given).await;
    if from_form() {
        let slug = domain::route::encode(service);
        leptos_axum::redirect(&match &result {
            Ok(()) => format!("/survei/{slug}?terima=1"),
            Err((code, _)) => format!("/survei/{slug}?gagal={code}"),
        });
    }
    result.map_err(|(_, e)| e)
}

/// Stores one walk-in answer; a refusal is the code `?gagal=` carries and the error (its
/// status set).
#[cfg(feature = "ssr")]
async fn walk_in(
    service: &str,
    id: &str,
    given: &[&Option<String>; 9],
) -> Result<(), (String, AppError)> {
    use domain::submission::Refusal;
    let pool = pool().map_err(fail)?;
    let known = if domain::catalogue::is_valid_slug(service) {
        store::catalogue::service(&pool, service)
            .await
            .map_err(|e| fail(AppError::internal("walk-in", e)))?
    } else {
        None
    };
    let Some(known) = known else {
        return Err(fail(AppError::NotFound.sent()));
    };
    let values: Vec<u8> = given
        .iter()
        .map(|v| match v.as_deref().map(str::trim) {
            Some(v) if v.len() == 1 => v.parse().unwrap_or(0),
            _ => 0,
        })
        .collect();
    let (id, answers) = checked(id, &values).map_err(|e| {
        let missing: Vec<&str> = domain::skm::UNSUR
            .iter()
            .zip(&values)
            .filter(|(_, v)| !(1..=4).contains(*v))
            .map(|(u, _)| u.code)
            .collect();
        let code = if missing.is_empty() {
            "1".to_string()
        } else {
            missing.join(",")
        };
        (code, e)
    })?;
    let limits = use_context::<std::sync::Arc<store::limits::Limits>>()
        .ok_or_else(|| fail(AppError::internal("walk-in", "no limits in context")))?;
    if let Err(e) = limits.survey_per_ip.take(&crate::api::client_key()).await {
        return Err(("batas".into(), AppError::from(e).sent()));
    }
    let day = crate::clock::today().to_string();
    let hashed = hash(&id);
    let answer = store::survey::Answer {
        key: &hashed,
        day: &day,
        answers: &answers,
    };
    match store::survey::answer_walk_in(&pool, &known.slug, &known.agency.slug, &answer).await {
        Ok(store::survey::Stored::New | store::survey::Stored::Again) => Ok(()),
        Ok(_) => Err(fail(refused(Refusal::Conflict))),
        Err(e) => Err(fail(AppError::internal("walk-in", e))),
    }
}

/// An error that is not about the answers, with the `?gagal=` code that says so (its status
/// already set).
#[cfg(feature = "ssr")]
fn fail(e: AppError) -> (String, AppError) {
    ("1".into(), e)
}

/// The client id (a UUIDv7, lowercased) and the nine answers, or the refusal (422) naming the
/// id or each *unsur* whose answer is missing or not 1–4.
#[cfg(feature = "ssr")]
fn checked(id: &str, values: &[u8]) -> Result<(String, domain::skm::Answers), AppError> {
    use domain::form::{FieldError, Problem};
    use domain::submission::Refusal;
    if !domain::submission::is_uuid_v7(id) {
        return Err(refused(Refusal::BadId));
    }
    if let Some(a) = domain::skm::Answers::new(values) {
        return Ok((id.to_ascii_lowercase(), a));
    }
    let errors = domain::skm::UNSUR
        .iter()
        .enumerate()
        .filter(|(i, _)| !values.get(*i).is_some_and(|v| (1..=4).contains(v)))
        .map(|(_, u)| FieldError {
            field: u.code.to_string(),
            problem: Problem::UnknownOption,
        })
        .collect::<Vec<_>>();
    let errors = if errors.is_empty() {
        // Every one of the first nine is fine: there are more than nine.
        vec![FieldError {
            field: "answers".into(),
            problem: Problem::TooLong { max: 9 },
        }]
    } else {
        errors
    };
    Err(refused(Refusal::Invalid { errors }))
}

/// A refusal sent with its status: 409 for a conflict, 422 for the rest.
#[cfg(feature = "ssr")]
fn refused(r: domain::submission::Refusal) -> AppError {
    use axum::http::StatusCode;
    let status = if r == domain::submission::Refusal::Conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    AppError::Refused(domain::submission::RefusalDoc::of(&r))
}

/// The stored key of a client id: its SHA-256 in hex (the id's timestamp is not kept).
#[cfg(feature = "ssr")]
fn hash(id: &str) -> String {
    use sha2::{Digest, Sha256};
    domain::file::hex(&Sha256::digest(format!("loket-survey-v1\0{id}").as_bytes()))
}

/// The request came from a plain HTML form (the browser asked for a page back).
#[cfg(feature = "ssr")]
fn from_form() -> bool {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The IKM page's data for staff of `agency`: the period asked for in `query` (`?periode=`,
/// this quarter by default), the agency's row and one per service that has requests or
/// answers in it. Rows withhold what rests on fewer than five answers or requests.
#[cfg(feature = "ssr")]
pub async fn ikm_rows(
    agency: &str,
    query: &str,
    services: &[domain::catalogue::Service],
) -> Result<(domain::skm::Period, Vec<domain::skm::IkmRow>), AppError> {
    use domain::skm::{Gaps, IkmRow, Period, Tally};
    let today = crate::clock::today().to_string();
    let period = domain::route::query_param(query, "periode")
        .and_then(|p| Period::parse(&p))
        .or_else(|| Period::quarter_of(&today))
        .ok_or_else(|| AppError::internal("ikm", "no period for today"))?;
    let (from, to) = period.bounds();
    let pool = pool()?;
    let tallies: Vec<(String, Tally)> = store::survey::tallies(&pool, Some(agency), period)
        .await?
        .into_iter()
        .map(|(_, service, tally)| (service, tally))
        .collect();
    let outcomes = store::survey::outcomes(&pool, agency, (&from, &to)).await?;
    let (calendar, cuti) = store::calendar::for_agency(&pool, agency).await?;
    let mut slugs: Vec<&str> = tallies.iter().map(|(s, _)| s.as_str()).collect();
    slugs.extend(outcomes.iter().map(|o| o.service.as_str()));
    slugs.sort_unstable();
    slugs.dedup();
    let mut all = (Tally::default(), 0u64, Gaps::default());
    let mut rows = Vec::new();
    for slug in slugs {
        let mut tally = Tally::default();
        if let Some((_, t)) = tallies.iter().find(|(s, _)| s == slug) {
            tally = *t;
        }
        let mine: Vec<_> = outcomes.iter().filter(|o| o.service == slug).collect();
        let tariff = services
            .iter()
            .find(|s| s.slug == slug)
            .and_then(|s| domain::skm::tariff(&s.cost));
        let mut gaps = Gaps::default();
        for o in &mine {
            gaps.add(
                (
                    worked_days(o, &calendar, cuti),
                    o.expected_days.map(|d| d as u32),
                ),
                (tariff, o.expected_cost.map(|c| c as u64)),
            );
        }
        all.0.n += tally.n;
        all.0
            .sums
            .iter_mut()
            .zip(tally.sums)
            .for_each(|(a, b)| *a += b);
        all.1 += mine.len() as u64;
        all.2.add_all(&gaps);
        rows.push(IkmRow::withheld(
            Some(slug.to_string()),
            tally,
            mine.len() as u64,
            gaps,
        ));
    }
    rows.insert(0, IkmRow::withheld(None, all.0, all.1, all.2));
    Ok((period, rows))
}

/// The working days from a request's arrival to its completion, when it was completed,
/// counted with the agency's calendar.
#[cfg(feature = "ssr")]
fn worked_days(
    o: &store::survey::Outcome,
    calendar: &domain::calendar::Calendar,
    cuti: domain::calendar::CutiBersama,
) -> Option<u32> {
    domain::skm::worked_days(&o.received_at, o.completed_at.as_deref()?, calendar, cuti)
}

/// The walk-in survey page of `slug` (`/survei/<slug>`), with what `?terima=` and `?gagal=`
/// say about the last try; the not-found page for a service that is not listed.
#[cfg(feature = "ssr")]
pub async fn walk_in_screen(slug: &str, query: &str) -> Result<domain::screen::Screen, AppError> {
    use domain::route::query_param;
    use domain::screen::{Screen, SurveyScreen};
    let service = if domain::catalogue::is_valid_slug(slug) {
        store::catalogue::service(&pool()?, slug)
            .await
            .map_err(|e| AppError::internal("walk-in page", e))?
    } else {
        None
    };
    let Some(service) = service else {
        return Ok(Screen::Catalogue(domain::page::Page::NotFound));
    };
    let failed = query_param(query, "gagal").unwrap_or_default();
    let missing: Vec<String> = failed
        .split(',')
        .filter(|c| domain::skm::UNSUR.iter().any(|u| u.code == *c))
        .map(str::to_string)
        .collect();
    let failed = (!failed.is_empty() && missing.is_empty()).then(|| {
        if failed == "batas" {
            failed
        } else {
            "1".into()
        }
    });
    Ok(Screen::Survey(Box::new(SurveyScreen {
        service,
        id: fresh_id()?,
        thanks: query_param(query, "terima").is_some(),
        missing,
        failed,
    })))
}

/// A fresh UUIDv7 from the server's clock and random bytes.
#[cfg(feature = "ssr")]
fn fresh_id() -> Result<String, AppError> {
    let mut random = [0u8; 10];
    getrandom::getrandom(&mut random).map_err(|e| AppError::internal("walk-in id", e))?;
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    Ok(domain::application::uuid_v7(millis, random))
}
