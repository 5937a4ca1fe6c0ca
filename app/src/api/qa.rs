//! Questions on a service, answered in the open: ask, answer (anyone; staff of the service's
//! agency officially), accept an answer and hide (staff of the question's agency), report
//! (anyone), and the public list of a service. Every text is checked by `domain::qa` (length,
//! personal data) and refused with a 422 naming what was found in both languages, never
//! echoing it; nothing is stored then. Each accepts a plain HTML form post too (`PostUrl`):
//! without JavaScript the browser is sent back to the page, with `?gagal=<code>` on a refusal.

use crate::domain::qa::Question;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::qa::{check_text, Target, TextKind, TextProblem};
#[cfg(feature = "ssr")]
use crate::store::qa::Stored;

/// A service's questions and how long its agency takes to answer.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServiceQuestions {
    /// The visible questions, newest first, with their visible answers.
    pub questions: Vec<Question>,
    /// The median days the agency took to answer officially (`None`: nothing answered yet).
    pub median_days: Option<u32>,
}

/// Asks question `id` (a UUIDv7 made by the asker's device) on `service`. The same id and text
/// again is the same question (an outbox retry); the id with another text is 409. A plain form
/// from a page the phone rendered carries no id: the server makes one.
#[server(prefix = "/api", endpoint = "qa/ask", input = server_fn::codec::PostUrl)]
pub async fn qa_ask(
    #[server(default)] id: String,
    service: String,
    body: String,
) -> Result<bool, AppError> {
    let back = format!(
        "/layanan/{}/tanya-jawab",
        crate::domain::route::encode(&service)
    );
    let result = ask(&id, &service, &body).await;
    answer_form(result, &back)
}

/// The phone's outbox sends a kept question here (JSON; the same work as [`qa_ask`], answered
/// with data, never a redirect): `id` is the UUIDv7 the phone made, so a resend is the same
/// question; a refusal is the same 4xx with the same words.
#[server(prefix = "/api", endpoint = "qa/ask-app", input = server_fn::codec::Json)]
pub async fn qa_ask_app(id: String, service: String, body: String) -> Result<bool, AppError> {
    if id.is_empty() {
        return Err(AppError::BadRequest("id is a UUIDv7".into()).sent());
    }
    ask(&id, &service, &body).await
}

/// [`qa_ask`]'s work.
#[cfg(feature = "ssr")]
async fn ask(id: &str, service: &str, body: &str) -> Result<bool, AppError> {
    let pool = crate::api::pool()?;
    let made;
    let id = if id.is_empty() {
        made = crate::store::new_id()?;
        &made
    } else {
        check_id(id)?;
        id
    };
    let body = checked(TextKind::Question, body)?;
    let found = if crate::domain::catalogue::is_valid_slug(service) {
        crate::store::catalogue::service(&pool, service).await?
    } else {
        None
    };
    let service = found.ok_or_else(|| AppError::NotFound.sent())?;
    let asker = asker().await?;
    limit(&asker).await?;
    let q = crate::store::qa::NewQuestion {
        id,
        service: &service.slug,
        agency: &service.agency.slug,
        body: &body,
        asker: &asker,
    };
    stored(crate::store::qa::ask(&pool, &q).await?)
}

/// Answers question `question` with answer `id` (a UUIDv7). With `official` set, the answer is
/// given for the agency: only its staff may (403 for anyone else), and the row keeps their
/// agency and the official mark from then on.
#[server(prefix = "/api", endpoint = "qa/answer", input = server_fn::codec::PostUrl)]
pub async fn qa_answer(
    id: String,
    question: String,
    body: String,
    official: Option<String>,
) -> Result<bool, AppError> {
    let official = official.is_some_and(|o| !o.is_empty());
    let result = answer(&id, &question, &body, official).await;
    let back = back_to_question(&question, official).await;
    answer_form(result, &back)
}

/// [`qa_answer`]'s work.
#[cfg(feature = "ssr")]
async fn answer(id: &str, question: &str, body: &str, official: bool) -> Result<bool, AppError> {
    let pool = crate::api::pool()?;
    check_id(id)?;
    let body = checked(TextKind::Answer, body)?;
    let info = crate::store::qa::question_info(&pool, question).await?;
    let info = info
        .filter(|q| !q.hidden)
        .ok_or_else(|| AppError::NotFound.sent())?;
    let (author, official_for) = if official {
        let me = staff_of(&info.agency).await?;
        (me.account_id, Some(info.agency))
    } else {
        let asker = asker().await?;
        limit(&asker).await?;
        (asker, None)
    };
    let a = crate::store::qa::NewAnswer {
        id,
        question,
        body: &body,
        author: &author,
        official_for: official_for.as_deref(),
    };
    stored(crate::store::qa::answer(&pool, &a).await?)
}

/// Marks `answer` as the accepted answer of `question`: staff of the question's agency only.
#[server(prefix = "/api", endpoint = "qa/accept", input = server_fn::codec::PostUrl)]
pub async fn qa_accept(question: String, answer: String) -> Result<(), AppError> {
    let result = accept(&question, &answer).await;
    answer_form(result, &back_to_question(&question, true).await)
}

/// [`qa_accept`]'s work.
#[cfg(feature = "ssr")]
async fn accept(question: &str, answer: &str) -> Result<(), AppError> {
    let pool = crate::api::pool()?;
    let info = crate::store::qa::question_info(&pool, question).await?;
    let info = info
        .filter(|q| !q.hidden)
        .ok_or_else(|| AppError::NotFound.sent())?;
    let me = staff_of(&info.agency).await?;
    if crate::store::qa::accept(&pool, question, answer, &me.account_id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound.sent())
    }
}

/// Turns `question`'s accepted answer `answer` into a FAQ entry of its service, due for
/// review after `review_months` (1 to 36; 12 when not given): staff of the question's agency
/// only. The service is published as a new revision. Returns that revision.
#[server(prefix = "/api", endpoint = "qa/promote", input = server_fn::codec::PostUrl)]
pub async fn qa_promote(
    question: String,
    answer: String,
    review_months: Option<String>,
) -> Result<i64, AppError> {
    let result = promote(&question, &answer, review_months.as_deref()).await;
    let back = back_to_question(&question, false).await;
    answer_form(result, &back)
}

/// [`qa_promote`]'s work.
#[cfg(feature = "ssr")]
async fn promote(question: &str, answer: &str, months: Option<&str>) -> Result<i64, AppError> {
    let pool = crate::api::pool()?;
    let months = match months.map(str::trim).filter(|m| !m.is_empty()) {
        None => 12,
        Some(m) => m
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=36).contains(m))
            .ok_or_else(|| AppError::BadRequest("review_months is 1 to 36".into()).sent())?,
    };
    let info = crate::store::qa::question_info(&pool, question).await?;
    let info = info
        .filter(|q| !q.hidden)
        .ok_or_else(|| AppError::NotFound.sent())?;
    let me = staff_of(&info.agency).await?;
    let promotion = crate::store::qa::Promotion {
        question,
        answer,
        by: &me.account_id,
        review_by: crate::clock::today().plus_months(months),
    };
    match crate::store::qa::promote(&pool, &promotion).await? {
        Some(revision) => Ok(revision),
        None => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(axum::http::StatusCode::CONFLICT);
            }
            Err(AppError::BadRequest(
                "only the accepted answer can be promoted".into(),
            ))
        }
    }
}

/// Hides a question or answer (`target`: `question` or `answer`) with `reason`: staff of the
/// question's agency only; written to the audit log.
#[server(prefix = "/api", endpoint = "qa/hide", input = server_fn::codec::PostUrl)]
pub async fn qa_hide(target: String, id: String, reason: String) -> Result<(), AppError> {
    let result = hide(&target, &id, &reason).await;
    answer_form(result, "/staff/tanya-jawab")
}

/// [`qa_hide`]'s work.
#[cfg(feature = "ssr")]
async fn hide(target: &str, id: &str, reason: &str) -> Result<(), AppError> {
    let pool = crate::api::pool()?;
    let target = Target::from_code(target)
        .ok_or_else(|| AppError::BadRequest("target is `question` or `answer`".into()).sent())?;
    let reason = checked(TextKind::Reason, reason)?;
    let question = crate::store::qa::visible_question_of(&pool, target, id).await?;
    let question = question.ok_or_else(|| AppError::NotFound.sent())?;
    let info = crate::store::qa::question_info(&pool, &question).await?;
    let info = info.ok_or_else(|| AppError::NotFound.sent())?;
    let me = staff_of(&info.agency).await?;
    if crate::store::qa::hide(&pool, target, id, &reason, &me.account_id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound.sent())
    }
}

/// Reports a question or answer to staff, with `reason`: anyone may, within the limits.
#[server(prefix = "/api", endpoint = "qa/report", input = server_fn::codec::PostUrl)]
pub async fn qa_report(target: String, id: String, reason: String) -> Result<(), AppError> {
    let result = report(&target, &id, &reason).await;
    let back = match crate::domain::qa::Target::from_code(&target) {
        Some(crate::domain::qa::Target::Question) => back_to_question(&id, false).await,
        _ => "/".to_string(),
    };
    answer_form(result, &back)
}

/// [`qa_report`]'s work.
#[cfg(feature = "ssr")]
async fn report(target: &str, id: &str, reason: &str) -> Result<(), AppError> {
    let pool = crate::api::pool()?;
    let target = Target::from_code(target)
        .ok_or_else(|| AppError::BadRequest("target is `question` or `answer`".into()).sent())?;
    let reason = checked(TextKind::Reason, reason)?;
    if crate::store::qa::visible_question_of(&pool, target, id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound.sent());
    }
    let reporter = asker().await?;
    limit(&reporter).await?;
    Ok(crate::store::qa::report(&pool, target, id, &reason, &reporter).await?)
}

/// The visible questions of `service` and its agency's median answer time.
#[server(prefix = "/api", endpoint = "qa/list", input = server_fn::codec::GetUrl)]
pub async fn qa_list(service: String) -> Result<ServiceQuestions, AppError> {
    let pool = crate::api::pool()?;
    let found = if crate::domain::catalogue::is_valid_slug(&service) {
        crate::store::catalogue::service(&pool, &service).await?
    } else {
        None
    };
    let service = found.ok_or_else(|| AppError::NotFound.sent())?;
    service_questions(&pool, &service).await
}

/// The questions of `service` and the median answer time of its agency.
#[cfg(feature = "ssr")]
pub async fn service_questions(
    pool: &crate::store::Db,
    service: &crate::domain::catalogue::Service,
) -> Result<ServiceQuestions, AppError> {
    let questions = crate::store::qa::for_service(pool, &service.slug).await?;
    let days = crate::store::qa::answer_days(pool, &service.agency.slug).await?;
    Ok(ServiceQuestions {
        questions,
        median_days: crate::domain::qa::median_days(days),
    })
}

/// Where a plain form about `question` goes back to: the staff queue for staff actions, else
/// the public page of its service.
#[cfg(feature = "ssr")]
async fn back_to_question(question: &str, staff: bool) -> String {
    if staff {
        return "/staff/tanya-jawab".into();
    }
    let service = match crate::api::pool() {
        Ok(pool) => crate::store::qa::question_info(&pool, question)
            .await
            .ok()
            .flatten()
            .map(|q| q.service),
        Err(_) => None,
    };
    service.map_or_else(
        || "/".to_string(),
        |s| format!("/layanan/{}/tanya-jawab", crate::domain::route::encode(&s)),
    )
}

/// Passes `result` on; for a plain HTML form post the browser is also sent to `back`, with
/// `?terkirim=1` after success or `?gagal=<code>` after a refusal.
#[cfg(feature = "ssr")]
fn answer_form<T>(result: Result<T, AppError>, back: &str) -> Result<T, AppError> {
    if crate::api::staff::from_form() {
        let outcome = match &result {
            Ok(_) => "terkirim=1".to_string(),
            Err(e) => format!("gagal={}", failure_code(e)),
        };
        leptos_axum::redirect(&format!("{back}?{outcome}"));
    }
    result
}

/// The code a refusal goes back to a form page with: a text problem's, else `lain`.
#[cfg(feature = "ssr")]
fn failure_code(e: &AppError) -> &'static str {
    let problem = match e {
        AppError::Refused(doc) => serde_json::from_str::<Refusal>(doc.0.get())
            .ok()
            .map(|r| r.problem),
        _ => None,
    };
    problem.map_or("lain", TextProblem::code)
}

/// A refused text as it crosses the wire: what was wrong, and the message in both languages.
#[cfg(feature = "ssr")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Refusal {
    problem: TextProblem,
    id: String,
    en: String,
}

/// `raw` checked as a text of `kind`, or a 422 saying what is wrong.
#[cfg(feature = "ssr")]
fn checked(kind: TextKind, raw: &str) -> Result<String, AppError> {
    use crate::domain::l10n::Lang;
    check_text(kind, raw).map_err(|problem| {
        let refusal = Refusal {
            problem,
            id: crate::i18n::qa_problem(problem, kind, Lang::Id),
            en: crate::i18n::qa_problem(problem, kind, Lang::En),
        };
        let json = serde_json::to_string(&refusal).unwrap_or_else(|_| "null".into());
        let raw = serde_json::value::RawValue::from_string(json).unwrap_or_default();
        AppError::Refused(crate::domain::submission::RefusalDoc(raw)).sent()
    })
}

/// 400 unless `id` is a UUIDv7 (the client makes it; the idempotency key).
#[cfg(feature = "ssr")]
fn check_id(id: &str) -> Result<(), AppError> {
    if crate::domain::submission::is_uuid_v7(id) {
        Ok(())
    } else {
        Err(AppError::BadRequest("id is a UUIDv7".into()).sent())
    }
}

/// True (stored now) or false (stored before), or 409 when the id holds another item.
#[cfg(feature = "ssr")]
fn stored(s: Stored) -> Result<bool, AppError> {
    match s {
        Stored::New => Ok(true),
        Stored::Again => Ok(false),
        Stored::Conflict => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(axum::http::StatusCode::CONFLICT);
            }
            Err(AppError::BadRequest("this id holds another item".into()))
        }
    }
}

/// Who is asking, answering or reporting: the signed-in account, else this device's session
/// (`device:<id>`; one is started when there is none).
#[cfg(feature = "ssr")]
async fn asker() -> Result<String, AppError> {
    if let Some(who) = crate::api::auth::who().await? {
        return Ok(who.account_id);
    }
    Ok(format!(
        "device:{}",
        crate::api::auth::device_session().await?
    ))
}

/// Takes one try from the limits per address and per `asker` (429 when none is left).
#[cfg(feature = "ssr")]
async fn limit(asker: &str) -> Result<(), AppError> {
    let limits = use_context::<std::sync::Arc<crate::store::limits::Limits>>()
        .ok_or_else(|| AppError::internal("qa", "no limits in context"))?;
    for (limiter, key) in [
        (&limits.qa_per_ip, crate::api::client_key()),
        (&limits.qa_per_asker, asker.to_string()),
    ] {
        limiter
            .take(&key)
            .await
            .map_err(|e| AppError::from(e).sent())?;
    }
    Ok(())
}

/// The signed-in staff member when they work for `agency`; 401/403 otherwise.
#[cfg(feature = "ssr")]
async fn staff_of(agency: &str) -> Result<crate::api::staff::Staff, AppError> {
    let me = crate::api::staff::staff().await?;
    if me.agency == agency {
        Ok(me)
    } else {
        Err(AppError::Forbidden.sent())
    }
}

/// The public page of service `slug`'s questions (`/layanan/<slug>/tanya-jawab`), with how
/// the last form went (`?terkirim=1`, `?gagal=<code>`); "not found" for an unknown service.
#[cfg(feature = "ssr")]
pub async fn page(slug: &str, query: &str) -> Result<crate::domain::screen::Screen, AppError> {
    use crate::domain::qa::QuestionsScreen;
    use crate::domain::route::query_param;
    use crate::domain::screen::Screen;
    let pool = crate::api::pool()?;
    let found = if crate::domain::catalogue::is_valid_slug(slug) {
        crate::store::catalogue::service(&pool, slug).await?
    } else {
        None
    };
    let Some(service) = found else {
        return Ok(Screen::Catalogue(crate::domain::page::Page::NotFound));
    };
    let list = service_questions(&pool, &service).await?;
    // Staff controls for staff of the service's agency (asked without setting a status).
    let staff = crate::api::auth::who().await?.is_some_and(|w| {
        crate::domain::account::staff_agency(w.role, w.agency.as_deref(), w.must_change_password)
            .is_ok_and(|a| a == service.agency.slug)
    });
    Ok(Screen::Questions(Box::new(QuestionsScreen {
        service,
        questions: list.questions,
        median_days: list.median_days,
        new_id: crate::store::new_id()?,
        sent: query_param(query, "terkirim").is_some(),
        failed: query_param(query, "gagal").map(|c| TextProblem::from_code(&c)),
        staff,
    })))
}

/// The agency's queue of unanswered questions for the back office (`/staff/tanya-jawab`).
#[cfg(feature = "ssr")]
pub async fn queue(agency: &str) -> Result<Vec<crate::domain::qa::Waiting>, AppError> {
    let pool = crate::api::pool()?;
    Ok(crate::store::qa::unanswered(&pool, agency).await?)
}

/// The service slug of a questions page's path (`/layanan/<slug>/tanya-jawab`).
#[cfg(feature = "ssr")]
pub fn questions_path(path: &str) -> Option<&str> {
    let slug = path
        .trim_end_matches('/')
        .strip_prefix("/layanan/")?
        .strip_suffix("/tanya-jawab")?;
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}
