//! The server's own application form (issue 13, parts 2 and 3) as pages: the phone's section
//! and "check your answers" renderers (`form_html`, behind a server door: plain forms posted
//! to the server), and the receipt, which prints on one page (`style/main.css`, `@media
//! print`). Server only: none of this is in the phone's bundle.

use super::form_html::{self, utc_day, Door as FormDoor};
use super::href::Href;
use super::html::Rendered;
use crate::domain::application::Application;
use crate::domain::date::Date;
use crate::domain::form::{FieldError, FieldKind, FormDoc, FormSchema, Problem};
use crate::domain::l10n::{Lang, Text};
use crate::domain::screen::StaffMember;
use crate::domain::web_form::{section_problems, Door, Filed, View, WebFormScreen};
use crate::i18n::Msg;
use maud::{html, Markup};

/// The form door of `door` for the renderers.
fn form_door(door: Door) -> FormDoor {
    FormDoor::Server {
        page: door.page(),
        post: door.post(),
    }
}

/// The draft as the renderers read it (a new, empty one once the last was sent).
fn application(w: &WebFormScreen, form: FormDoc, schema: &FormSchema) -> Application {
    let s = &w.service;
    let mut app = Application::new(
        w.draft_id.clone(),
        s.slug.clone(),
        s.name.clone(),
        form,
        schema.version,
        0,
    );
    if w.filed.is_none() {
        app.answers = w.answers.clone();
        app.files = w.files.clone();
        app.expect = w.expect;
    }
    app
}

/// A page of the form `w` in `lang`, as of `today`.
pub fn page(w: &WebFormScreen, lang: Lang, today: Date) -> Rendered {
    let doc = w.service.intake_form();
    let (Some(doc), Some(schema)) = (doc, doc.and_then(|d| d.schema().ok())) else {
        return super::html::render(&crate::domain::page::Page::NotFound, lang, today);
    };
    let app = application(w, doc.clone(), &schema);
    let door = form_door(w.door);
    let mut rendered = match (&w.view, &w.filed) {
        (View::Done, Some(filed)) => receipt(w, filed, lang),
        (View::Check { expect_failed }, _) => {
            let mut r = form_html::check_at(&app, &schema, w.service.processing_days, lang, door);
            if *expect_failed {
                let notice = html! {
                    div.notice.warning role="alert" data-testid="expect-refused" {
                        p { (Msg::ExpectNumber.get(lang)) }
                    }
                };
                r.html = notice.into_string() + &r.html;
            }
            r
        }
        (
            View::Section {
                idx,
                changing,
                check,
                file,
            },
            _,
        ) => {
            let mut errors: Vec<FieldError> = if *check {
                section_problems(&schema, &app.answers, *idx, today)
            } else {
                Vec::new()
            };
            if let Some(f) = file.as_deref().filter(|f| is_file_field(&schema, f)) {
                errors.retain(|e| e.field != f);
                errors.insert(
                    0,
                    FieldError {
                        field: f.to_string(),
                        problem: Problem::File,
                    },
                );
            }
            form_html::section_at(&app, &schema, *idx, lang, &errors, *changing, door)
        }
        // Nothing was sent yet: the form's first section.
        (View::Done, None) => {
            let mut r = form_html::section_at(&app, &schema, 0, lang, &[], false, door);
            let notice = html! { div.notice role="note" { p { (Msg::WfNothingSent.get(lang)) } } };
            r.html = notice.into_string() + &r.html;
            r
        }
    };
    if w.door == Door::Counter {
        let top = html! { p.caption.no-print { (Msg::CtFiledAtCounter.get(lang)) } };
        rendered.html = top.into_string() + &rendered.html;
    }
    rendered
}

/// Whether `id` names a file field of `schema`.
fn is_file_field(schema: &FormSchema, id: &str) -> bool {
    schema
        .field(id)
        .is_some_and(|f| matches!(f.kind, FieldKind::File { .. }))
}

/// The receipt of a sent draft: reference, PIN, service, expected completion and where to
/// follow it; at the counter, printable on one page, then a new application.
fn receipt(w: &WebFormScreen, filed: &Filed, lang: Lang) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let s = &w.service;
    let due = Date::parse(&filed.due_date).map(|d| d.long(lang));
    let counter = w.door == Door::Counter;
    let page = html! {
        section.receipt data-testid="receipt" aria-labelledby="receipt-h" {
            p.caption { (s.agency.name.get(lang)) }
            h1 #receipt-h { (t(if counter { Msg::CtReceipt } else { Msg::ApplicationSent })) }
            dl.facts {
                div { dt { (t(Msg::ReferenceNumber)) }
                    dd { strong.reference data-testid="reference" { (filed.reference) } } }
                div { dt { (t(Msg::Pin)) } dd { strong.pin data-testid="pin" { (filed.pin) } } }
                div { dt { (t(Msg::Service)) } dd data-testid="receipt-service" { (s.name.get(lang)) } }
                div { dt { (t(Msg::ReceivedAt)) }
                    dd { time datetime=(filed.received_at) { (utc_day(&filed.received_at, lang)) } } }
                // The due date in working days with the holiday calendar; for a service that
                // promises no time, its standard's own words for how long it takes.
                div { dt { (t(Msg::WfExpected)) } dd data-testid="receipt-due" {
                    @match due {
                        Some(due) => (due),
                        None => (super::html::processing_summary(s, lang)),
                    }
                } }
                div { dt { (t(Msg::WfChannel)) } dd data-testid="receipt-channel" { (t(crate::ui::kinerja_html::tables::channel_word(w.door.channel()))) } }
                div { dt { (t(Msg::WfTrackAt)) } dd data-testid="receipt-track" { (w.track_url) } }
            }
            p { (t(if counter { Msg::CtCitizenHint } else { Msg::WfKeepReceipt })) }
            p.hint { (t(Msg::PinHint)) }
        }
        @if counter {
            div.no-print {
                p.hint { (t(Msg::CtPrintHint)) }
                p { a.button href=(Href::page(w.door.page(), &s.slug).query("bagian", 1))
                    data-testid="counter-new" { (t(Msg::CtNew)) } }
                p { a href="/staff/loket" { (t(Msg::CtTitle)) } }
            }
        } @else {
            p { a href="/lacak" { (t(Msg::TrackRequest)) } }
        }
    };
    let title = format!("{} {}", t(Msg::CtReceipt), filed.reference);
    Rendered::page(title, page)
}

/// `/staff/loket`: the agency's services that take applications, to file one for a citizen.
pub fn counter_start(
    me: &StaffMember,
    allowed: bool,
    services: &[(String, Text)],
    lang: Lang,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let page = html! {
        (super::staff_html::nav(lang, &me.login))
        h1 { (t(Msg::CtTitle)) }
        @if !allowed {
            div.notice role="note" data-testid="counter-refused" { p { (t(Msg::CtNotAllowed)) } }
        } @else if services.is_empty() {
            p { (t(Msg::CtNone)) }
        } @else {
            p { (t(Msg::CtIntro)) }
            ul data-testid="counter-services" { @for (slug, name) in services {
                li { a href=(Href::page("/staff/loket/", slug)) { (name.get(lang)) } }
            } }
        }
    };
    Rendered::page(t(Msg::CtTitle).to_string(), page)
}

/// The start of `/ajukan/<slug>` for a browser without JavaScript: the way into this form.
pub fn start_link(slug: &str, lang: Lang) -> Markup {
    html! {
        div.notice role="note" data-testid="web-form-start" {
            p { (Msg::WfStartHint.get(lang)) }
            p { a.button href=(Href::page(Door::Web.page(), slug)) { (Msg::WfStart.get(lang)) } }
        }
    }
}
