//! The walk-in satisfaction survey of a service (`/survei/<service>`): the nine questions as a
//! plain form (no account, no JavaScript needed), or thanks once sent.

use crate::domain::l10n::Lang;
use crate::domain::screen::SurveyScreen;
use crate::domain::skm::UNSUR;
use crate::i18n::Msg;
use crate::ui::html::Rendered;
use crate::ui::survey_html::{pick, questions};
use maud::html;

/// The questionnaire for `s.service`, with what the last try lacked, or the thanks.
pub fn survey(lang: Lang, s: &SurveyScreen) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let name = s.service.name.get(lang);
    let refused = s.failed.as_deref().map(|code| match code {
        "batas" => Msg::SurveyTooMany,
        _ => Msg::SurveyFailed,
    });
    let body = html! {
        h1 { (t(Msg::SurveyTitle)) }
        p.caption data-testid="survey-service" { (name) " · " (s.service.agency.name.get(lang)) }
        @if s.thanks {
            div.notice role="status" data-testid="survey-thanks" { p { (t(Msg::SurveyThanks)) } }
            p { a href={ "/survei/" (crate::domain::route::encode(&s.service.slug)) } {
                (t(Msg::SurveyAnother))
            } }
        } @else {
            @if !s.missing.is_empty() || refused.is_some() {
                div.error-summary role="alert" tabindex="-1" data-testid="survey-error" {
                    h2 { (t(Msg::ThereIsAProblem)) }
                    ul {
                        @if let Some(m) = refused { li { (t(m)) } }
                        @for u in UNSUR.iter().filter(|u| s.missing.iter().any(|m| m == u.code)) {
                            li { a href={ "#f-" (u.code) } {
                                (pick(u.name, lang)) ": " (t(Msg::SurveyPickOne))
                            } }
                        }
                    }
                }
            }
            p { (t(Msg::SurveyIntro)) }
            form.form method="post" action="/api/survey/walk-in-form" data-testid="survey-form"
                novalidate {
                input type="hidden" name="service" value=(s.service.slug);
                input type="hidden" name="id" value=(s.id);
                (questions(lang, &[], &s.missing, t(Msg::SurveyPickOne)))
                div.actions {
                    button.button type="submit" data-testid="survey-send" { (t(Msg::SurveySend)) }
                }
            }
        }
    };
    let title = format!("{}: {name}", t(Msg::SurveyTitle));
    let title = if s.missing.is_empty() && refused.is_none() {
        title
    } else {
        format!("{}: {title}", t(Msg::ErrorPrefix))
    };
    Rendered::page(title, body)
}
