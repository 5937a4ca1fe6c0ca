//! "Apakah informasi ini benar?": the citizen's page for reporting wrong information about a
//! service (`/layanan/:slug/koreksi`), rendered on the server only and readable and postable
//! without JavaScript: the form (multipart, for the optional photo), its refusals beside the
//! field at fault, and the thanks.

use super::Rendered;
use crate::domain::correction::{CorrectionScreen, Field, Refusal, MAX_TEXT_CHARS};
use crate::domain::l10n::Lang;
use crate::i18n::Msg;
use crate::ui::href::Href;
use maud::{html, Markup};

/// The label of a Standar Pelayanan field, as the service page names it.
pub fn field_label(f: Field, lang: Lang) -> &'static str {
    let m = match f {
        Field::Name => Msg::FieldName,
        Field::Summary => Msg::FieldSummary,
        Field::Requirements => Msg::Requirements,
        Field::Steps => Msg::Procedure,
        Field::Cost => Msg::Cost,
        Field::Processing => Msg::ProcessingTime,
        Field::Product => Msg::Product,
        Field::Channels => Msg::WhereToApply,
        Field::LegalBasis => Msg::LegalBasis,
        Field::Contact => Msg::Contact,
        Field::Other => Msg::FieldOther,
    };
    m.get(lang)
}

/// What a refusal says.
fn refusal_message(r: Refusal) -> Msg {
    match r {
        Refusal::NoField => Msg::CorrectionNoField,
        Refusal::NoText => Msg::CorrectionNoText,
        Refusal::TooLong => Msg::CorrectionTooLong,
        Refusal::BadCharacter => Msg::CorrectionBadCharacter,
        Refusal::NotAPhoto => Msg::CorrectionNotAPhoto,
        Refusal::PhotoTooLarge => Msg::CorrectionPhotoTooLarge,
        Refusal::Unreadable => Msg::CorrectionUnreadable,
        Refusal::TooMany => Msg::CorrectionTooMany,
    }
}

/// The form field a refusal is about (its id), if it is about one.
fn refused_field(r: Refusal) -> Option<&'static str> {
    match r {
        Refusal::NoField => Some("f-field"),
        Refusal::NoText | Refusal::TooLong | Refusal::BadCharacter => Some("f-should"),
        Refusal::NotAPhoto | Refusal::PhotoTooLarge => Some("f-evidence"),
        Refusal::Unreadable | Refusal::TooMany => None,
    }
}

/// The correction page of one service.
pub fn correction(lang: Lang, c: &CorrectionScreen) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let s = &c.service;
    let back = Href::page("/layanan/", &s.slug);
    let body = html! {
        nav.crumbs aria-label="breadcrumb" {
            a href="/" { (t(Msg::Home)) } " › " a href=(back) { (s.name.get(lang)) }
        }
        @if c.sent {
            div.panel role="status" data-testid="correction-thanks" {
                h1 { (t(Msg::CorrectionThanks)) }
                p { (t(Msg::CorrectionThanksHint)) }
            }
            p { a href=(back) { (t(Msg::CorrectionBack)) } }
        } @else {
            h1 { (t(Msg::CorrectionTitle)) }
            p.summary { (s.name.get(lang)) " — " (s.agency.name.get(lang)) }
            @if let Some(r) = c.failed {
                div.error-summary role="alert" tabindex="-1" data-testid="correction-error" {
                    h2 { (t(Msg::ThereIsAProblem)) }
                    ul { li { @match refused_field(r) {
                        Some(id) => a href={ "#" (id) } { (t(refusal_message(r))) },
                        None => (t(refusal_message(r))),
                    } } }
                }
            }
            p.hint { (t(Msg::CorrectionIntro)) }
            (form(lang, c, &s.slug))
        }
    };
    let title = if c.sent {
        t(Msg::CorrectionThanks).to_string()
    } else if c.failed.is_some() {
        format!("{}: {}", t(Msg::ErrorPrefix), t(Msg::CorrectionTitle))
    } else {
        t(Msg::CorrectionTitle).to_string()
    };
    Rendered::page(title, body)
}

/// The form: which field, what it says, what it should say, a photo; the typed values of a
/// refused try filled in again.
fn form(lang: Lang, c: &CorrectionScreen, slug: &str) -> Markup {
    let t = |m: Msg| m.get(lang);
    let at_fault = |id: &str| c.failed.and_then(refused_field) == Some(id);
    let error = |id: &'static str| {
        html! { @if at_fault(id) { @if let Some(r) = c.failed {
            p.field-error id={ (id) "-error" } { (t(refusal_message(r))) }
        } } }
    };
    let described = |id: &'static str| at_fault(id).then(|| format!("{id}-error"));
    let chosen = Field::from_code(&c.draft.field);
    html! {
        form.form method="post" action={ "/api/koreksi/" (Href::page("", slug)) }
            enctype="multipart/form-data" novalidate data-testid="correction-form" {
            div.field.has-error[at_fault("f-field")] {
                label for="f-field" { (t(Msg::CorrectionField)) }
                (error("f-field"))
                select #f-field name="field" aria-describedby=[described("f-field")] {
                    option value="" { (t(Msg::CorrectionChoose)) }
                    @for f in Field::ALL {
                        option value=(f.code()) selected[chosen == Some(f)] { (field_label(f, lang)) }
                    }
                }
            }
            div.field {
                label for="f-saw" { (t(Msg::CorrectionSaw)) }
                textarea #f-saw name="saw" rows="3" maxlength=(MAX_TEXT_CHARS) { (c.draft.saw) }
            }
            div.field.has-error[at_fault("f-should")] {
                label for="f-should" { (t(Msg::CorrectionShould)) }
                (error("f-should"))
                textarea #f-should name="should" rows="3" maxlength=(MAX_TEXT_CHARS)
                    aria-describedby=[described("f-should")] { (c.draft.should) }
            }
            div.field.has-error[at_fault("f-evidence")] {
                label for="f-evidence" { (t(Msg::CorrectionEvidence)) }
                p.hint #f-evidence-hint { (t(Msg::CorrectionEvidenceHint)) }
                (error("f-evidence"))
                input #f-evidence type="file" name="evidence" accept="image/jpeg,image/png"
                    aria-describedby={ "f-evidence-hint" @if at_fault("f-evidence") { " f-evidence-error" } };
            }
            div.actions {
                button.button type="submit" data-testid="correction-send" { (t(Msg::CorrectionSend)) }
            }
        }
    }
}
