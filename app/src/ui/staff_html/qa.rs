//! Questions on a service as HTML, rendered by the server only (adds nothing to the phone's
//! bundle): the public page `/layanan/<slug>/tanya-jawab` (questions, answers with the
//! *Jawaban resmi* badge and the accepted mark, the agency's median answer time, the ask and
//! answer forms, and for staff of the agency accept and hide), and the back office's queue of
//! unanswered questions `/staff/tanya-jawab`. Every change is a plain form posted to an
//! `api::qa` server function, which sends the browser back here.

use super::{alert, nav, service_name};
use crate::domain::catalogue::Service;
use crate::domain::l10n::Lang;
use crate::domain::qa::{Answer, Question, QuestionsScreen, TextKind, Waiting};
use crate::domain::screen::StaffMember;
use crate::i18n::Msg;
use crate::ui::form_html::utc_day as day;
use crate::ui::href::Href;
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// The public page of a service's questions.
pub fn questions(lang: Lang, s: &QuestionsScreen) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let name = s.service.name.get(lang);
    let failed = s.failed.map(|p| match p {
        Some(p) => crate::i18n::qa_problem(p, TextKind::Question, lang),
        None => t(Msg::QaFailed).to_string(),
    });
    let body = html! {
        p { a href=(Href::page("/layanan/", &s.service.slug)) { "‹ " (name) } }
        h1 { (t(Msg::QaTitle)) ": " (name) }
        p { (t(Msg::QaIntro)) }
        p data-testid="qa-median" {
            @match s.median_days {
                Some(n) => (Msg::QaMedian.with(lang, n)),
                None => (t(Msg::QaMedianNone)),
            }
        }
        (alert(failed.is_some(), "qa-refused", failed.as_deref().unwrap_or("")))
        @if s.sent {
            div class="notice" role="status" data-testid="qa-sent" { p { (t(Msg::QaSent)) } }
        }
        (crate::ui::html::ask_form(&s.service.slug, Some(&s.new_id), lang))
        @if s.questions.is_empty() {
            p data-testid="qa-none" { (t(Msg::QaNone)) }
        }
        ul class="qa" data-testid="qa-list" {
            @for (i, q) in s.questions.iter().enumerate() {
                (question(lang, q, &sibling_id(&s.new_id, i + 1), s.staff))
            }
        }
    };
    Rendered::page(format!("{} – {name}", t(Msg::QaTitle)), body)
}

/// Another UUIDv7 from `id` for the `n`th form of the page (the last 12 hex digits replaced):
/// each form sent twice is still one item, and no two forms share an id.
fn sibling_id(id: &str, n: usize) -> String {
    let head: String = id.chars().take(24).collect();
    format!("{head}{n:012x}")
}

/// One question with its answers and the forms on it.
fn question(lang: Lang, q: &Question, form_id: &str, staff: bool) -> Markup {
    let t = |m: Msg| m.get(lang);
    let answered = q.answers.iter().any(|a| a.official || a.accepted);
    html! {
        li data-testid="qa-question" data-id=(q.id) {
            p class="qa-q" { strong { (q.body) } }
            small { (day(&q.asked_at, lang)) }
            @if !answered {
                " " span class="tag" { (t(Msg::QaUnanswered)) }
            }
            ul class="qa-answers" {
                @for a in &q.answers {
                    (answer(lang, &q.id, a, staff))
                }
            }
            details {
                summary { (t(Msg::AcAnswer)) }
                (answer_form(lang, &q.id, form_id, staff))
            }
            @if staff {
                (hide_form(lang, "question", &q.id))
            } @else {
                (report_form(lang, "question", &q.id))
            }
        }
    }
}

/// One answer: its marks, its text, and for staff accept and hide.
fn answer(lang: Lang, question: &str, a: &Answer, staff: bool) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        li data-testid="qa-answer" data-id=(a.id) {
            @if a.official {
                strong class="tag official" data-testid="qa-official" { (t(Msg::QaOfficial)) } " "
            }
            @if a.accepted {
                strong class="tag accepted" data-testid="qa-accepted" { "✓ " (t(Msg::QaAccepted)) } " "
            }
            p { (a.body) }
            small { (day(&a.answered_at, lang)) }
            @if staff && a.accepted {
                form method="post" action="/api/qa/promote" class="inline" {
                    input type="hidden" name="question" value=(question);
                    input type="hidden" name="answer" value=(a.id);
                    button type="submit" class="button secondary" data-testid="qa-promote" {
                        (t(Msg::QaPromote))
                    }
                }
            }
            @if staff {
                @if !a.accepted {
                    form method="post" action="/api/qa/accept" class="inline" {
                        input type="hidden" name="question" value=(question);
                        input type="hidden" name="answer" value=(a.id);
                        button type="submit" class="button secondary" data-testid="qa-accept" {
                            (t(Msg::QaAccept))
                        }
                    }
                }
                (hide_form(lang, "answer", &a.id))
            }
        }
    }
}

/// The answer form for question `question` (`official` for staff of its agency).
fn answer_form(lang: Lang, question: &str, id: &str, official: bool) -> Markup {
    let t = |m: Msg| m.get(lang);
    let field = format!("a-{question}");
    let (_, max) = TextKind::Answer.limits();
    html! {
        form method="post" action="/api/qa/answer" class="form" data-testid="qa-answer-form" {
            input type="hidden" name="id" value=(id);
            input type="hidden" name="question" value=(question);
            @if official {
                input type="hidden" name="official" value="1";
            }
            div class="field" {
                label for=(field) {
                    (t(if official { Msg::QaAnswerOfficially } else { Msg::QaYourAnswer }))
                }
                p class="hint" { (t(Msg::QaNoPersonal)) }
                textarea id=(field) name="body" rows="3" maxlength=(max) required {}
            }
            button type="submit" class="button" { (t(Msg::QaSendAnswer)) }
        }
    }
}

/// The staff's form hiding a question or answer, with the reason.
fn hide_form(lang: Lang, target: &str, id: &str) -> Markup {
    reason_form(lang, "/api/qa/hide", target, id, Msg::QaHide, "qa-hide")
}

/// Anyone's form reporting a question or answer, with the reason.
fn report_form(lang: Lang, target: &str, id: &str) -> Markup {
    reason_form(
        lang,
        "/api/qa/report",
        target,
        id,
        Msg::QaReport,
        "qa-report",
    )
}

/// A form posting `target` `id` with a reason to `action`, folded under `word`.
fn reason_form(
    lang: Lang,
    action: &str,
    target: &str,
    id: &str,
    word: Msg,
    testid: &str,
) -> Markup {
    let t = |m: Msg| m.get(lang);
    let field = format!("{testid}-{id}");
    html! {
        details data-testid=(testid) {
            summary { (t(word)) }
            form method="post" action=(action) class="form" {
                input type="hidden" name="target" value=(target);
                input type="hidden" name="id" value=(id);
                div class="field" {
                    label for=(field) { (t(Msg::QaReason)) }
                    input type="text" id=(field) name="reason" maxlength="500" required;
                }
                button type="submit" class="button secondary" { (t(word)) }
            }
        }
    }
}

/// The back office's queue of the agency's unanswered questions, oldest first, with their age
/// and a form to answer each officially or hide it.
pub fn queue(
    lang: Lang,
    me: &StaffMember,
    waiting: &[Waiting],
    services: &[Service],
    outcome: Option<bool>,
    new_id: &str,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::QaQueue)) }
        (alert(outcome == Some(false), "qa-refused", t(Msg::QaFailed)))
        @if outcome == Some(true) {
            div class="notice" role="status" data-testid="qa-done" { p { (t(Msg::QaSent)) } }
        }
        @if waiting.is_empty() {
            p data-testid="qa-queue-empty" { (t(Msg::QaQueueEmpty)) }
        }
        ul class="apps" data-testid="qa-queue" {
            @for (i, w) in waiting.iter().enumerate() {
                li data-testid="qa-waiting" data-id=(w.question.id) {
                    p { strong { (w.question.body) } }
                    small {
                        a href=(Href::page("/layanan/", &w.question.service)) {
                            (service_name(services, &w.question.service, lang))
                        }
                        " · " (t(Msg::QaAge)) ": " (w.age_days) " " (t(Msg::QaDays))
                        " · " a href=(questions_href(&w.question.service)) { (t(Msg::QaTitle)) }
                    }
                    (answer_form(lang, &w.question.id, &sibling_id(new_id, i + 1), true))
                    (hide_form(lang, "question", &w.question.id))
                }
            }
        }
    };
    Rendered::page(t(Msg::QaQueue).into(), body)
}

/// The public questions page of `service`.
fn questions_href(service: &str) -> Href {
    Href::page("/layanan/", service).then("/tanya-jawab")
}
