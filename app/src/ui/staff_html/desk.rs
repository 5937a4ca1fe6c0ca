//! Keeping the catalogue fresh (`/staff/layanan…`): the agency's services with what needs
//! attention (stale ones first, "Masih benar"), its open corrections (resolve or dismiss with a
//! note), and the editor of one service's Standar Pelayanan in both languages, whose plain
//! `GET` form leads to the preview (`super::history`).

use super::correction::field_label;
use super::nav;
use crate::domain::correction::Correction;
use crate::domain::desk::{DeskScreen, ServiceRow};
use crate::domain::l10n::Lang;
use crate::domain::screen::StaffMember;
use crate::domain::service_edit::EditProblem;
use crate::i18n::Msg;
use crate::ui::href::Href;
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// Any page of the catalogue desk.
pub fn desk(d: &DeskScreen, lang: Lang) -> Rendered {
    match d {
        DeskScreen::Services {
            me,
            rows,
            corrections,
            note,
        } => services(lang, me, rows, corrections, note.as_deref()),
        DeskScreen::Edit {
            me,
            service,
            revision,
            values,
            problem,
        } => edit(lang, me, service, *revision, values, problem.as_ref()),
        DeskScreen::Preview {
            me,
            service,
            revision,
            changes,
            doc,
        } => super::history::preview(lang, me, service, *revision, changes, doc),
        DeskScreen::History {
            me,
            service,
            entries,
            corrections,
        } => super::history::history(lang, me, service, entries, corrections),
    }
}

/// The address of page `what` of service `slug` in the desk.
pub(super) fn desk_href(slug: &str, what: &str) -> String {
    format!("{}/{what}", Href::page("/staff/layanan/", slug).as_str())
}

/// What the last change did, from the page's `?ok=` / `?gagal=`.
fn note_message(note: &str) -> Option<(bool, Msg)> {
    match note {
        "ok:masih" => Some((true, Msg::DeskConfirmed)),
        "ok:koreksi" => Some((true, Msg::DeskCorrectionClosed)),
        n if n.starts_with("gagal:") => Some((false, Msg::DeskRefused)),
        _ => None,
    }
}

/// The agency's services, oldest verified first, and its open corrections.
fn services(
    lang: Lang,
    me: &StaffMember,
    rows: &[ServiceRow],
    corrections: &[Correction],
    note: Option<&str>,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::DeskTitle)) }
        @if let Some((ok, m)) = note.and_then(note_message) {
            @if ok { p.notice role="status" data-testid="desk-note" { (t(m)) } }
            @else { (super::alert(true, "desk-error", t(m))) }
        }
        p.hint { (t(Msg::DeskIntro)) }
        (open_corrections(lang, rows, corrections))
        h2 #services { (t(Msg::DeskServices)) }
        ul.apps data-testid="desk-services" {
            @for r in rows { (service_row(lang, r)) }
        }
    };
    Rendered::page(t(Msg::DeskTitle).into(), body)
}

/// One service: its verified date (flagged when stale), edit, history and "Masih benar".
fn service_row(lang: Lang, r: &ServiceRow) -> Markup {
    let t = |m: Msg| m.get(lang);
    let s = &r.service;
    html! {
        li data-service=(s.slug) {
            strong { (s.name.get(lang)) } br;
            span.hint {
                (t(Msg::LastVerified)) ": "
                time datetime=(s.verified_at) { (s.verified_at.long(lang)) }
            }
            @if r.stale { " " strong.stale data-testid="desk-stale" { (t(Msg::DeskStale)) } }
            br;
            a href=(desk_href(&s.slug, "ubah")) { (t(Msg::DeskEdit)) } " · "
            a href=(desk_href(&s.slug, "riwayat")) { (t(Msg::DeskHistory)) } " · "
            form.inline method="post" action="/api/staff/service-confirm" {
                input type="hidden" name="slug" value=(s.slug);
                input type="hidden" name="base" value=(r.revision);
                button.link type="submit" data-testid="still-correct" { (t(Msg::StillCorrect)) }
            }
        }
    }
}

/// The open corrections, oldest first, each with resolve / dismiss and a note.
fn open_corrections(lang: Lang, rows: &[ServiceRow], list: &[Correction]) -> Markup {
    let t = |m: Msg| m.get(lang);
    let name = |slug: &str| {
        rows.iter()
            .find(|r| r.service.slug == slug)
            .map_or(slug.to_string(), |r| r.service.name.get(lang).to_string())
    };
    html! {
        h2 #koreksi { (t(Msg::DeskOpenCorrections)) }
        @if list.is_empty() { p data-testid="no-corrections" { (t(Msg::DeskNoCorrections)) } }
        ul.apps data-testid="corrections" {
            @for c in list {
                li data-correction=(c.id) {
                    strong { (name(&c.service)) " — " (field_label(c.what.field, lang)) }
                    " " span.hint { (c.at.get(..10).unwrap_or(&c.at)) }
                    (correction_text(lang, c))
                    (close_form(lang, c.id))
                }
            }
        }
    }
}

/// What a correction says: what was seen, what it should say, the photo.
pub(super) fn correction_text(lang: Lang, c: &Correction) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        dl {
            @if !c.what.saw.is_empty() {
                dt { (t(Msg::DeskSaid)) } dd.pre { (c.what.saw) }
            }
            dt { (t(Msg::DeskShouldSay)) } dd.pre data-testid="correction-should" { (c.what.should) }
            @if let Some(sha) = &c.evidence {
                dt { (t(Msg::CorrectionEvidence)) }
                dd { a href=(Href::page("/staff/berkas/", sha)) rel="external" { (t(Msg::DeskOpenPhoto)) } }
            }
            @if let Some(n) = c.note.as_deref().filter(|n| !n.is_empty()) {
                dt { (t(Msg::Note)) } dd.pre { (n) }
            }
        }
    }
}

/// Resolve or dismiss correction `id`, with an optional note.
fn close_form(lang: Lang, id: i64) -> Markup {
    let t = |m: Msg| m.get(lang);
    let note_id = format!("close-note-{id}");
    html! {
        form.form method="post" action="/api/staff/correction-close" {
            input type="hidden" name="id" value=(id);
            div.field {
                label for=(note_id) { (t(Msg::DeskClosingNote)) }
                textarea id=(note_id) name="note" rows="2" maxlength="2000" {}
            }
            div.actions {
                button.button type="submit" name="status" value="resolved" data-testid="resolve" {
                    (t(Msg::DeskResolve))
                }
                " "
                button.button.secondary type="submit" name="status" value="dismissed" data-testid="dismiss" {
                    (t(Msg::DeskDismiss))
                }
            }
        }
    }
}

/// The label of an editor value (`name_id`: the service's name, in Indonesian).
pub(super) fn value_label(key: &str, lang: Lang) -> String {
    use crate::domain::correction::Field;
    let (base, language) = match key.rsplit_once('_') {
        Some((b, "id")) => (b, Some("Bahasa Indonesia")),
        Some((b, "en")) => (b, Some("English")),
        _ => (key, None),
    };
    let label = match base {
        "name" => field_label(Field::Name, lang),
        "summary" => field_label(Field::Summary, lang),
        "requirements" => field_label(Field::Requirements, lang),
        "steps" => field_label(Field::Steps, lang),
        "cost_items" => field_label(Field::Cost, lang),
        "processing" => field_label(Field::Processing, lang),
        "product" => field_label(Field::Product, lang),
        "channels" => field_label(Field::Channels, lang),
        "legal_basis" => field_label(Field::LegalBasis, lang),
        "cost_free" => Msg::DeskCostFree.get(lang),
        "cost_basis" => Msg::DeskCostBasis.get(lang),
        "cost_note" => Msg::DeskCostNote.get(lang),
        "processing_days" => Msg::DeskProcessingDays.get(lang),
        "contact_phone" => Msg::DeskPhone.get(lang),
        "contact_email" => Msg::DeskEmail.get(lang),
        "contact_website" => Msg::DeskWebsite.get(lang),
        "note" => Msg::Note.get(lang),
        "sources" => Msg::Sources.get(lang),
        "verified_at" => Msg::LastVerified.get(lang),
        _ => key,
    };
    match language {
        Some(l) => format!("{label} ({l})"),
        None => label.to_string(),
    }
}

/// What an editor problem says.
fn problem_message(p: &EditProblem) -> Msg {
    match p {
        EditProblem::Required(_) => Msg::DeskRequired,
        EditProblem::TooLong(_) => Msg::DeskTooLong,
        EditProblem::BadCharacter(_) => Msg::CorrectionBadCharacter,
        EditProblem::LinesDiffer(_) => Msg::DeskLinesDiffer,
        EditProblem::BadLine(_) => Msg::DeskBadLine,
        EditProblem::BadDays => Msg::DeskBadDays,
        EditProblem::NotThisService => Msg::DeskRefused,
    }
}

/// The editor: every value, in both languages; "Pratinjau" shows what publishing changes.
fn edit(
    lang: Lang,
    me: &StaffMember,
    service: &crate::domain::catalogue::Service,
    revision: i64,
    values: &[(String, String)],
    problem: Option<&EditProblem>,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    // A list's problem (`steps`) is shown on its Indonesian value.
    let at_fault = |k: &str| {
        problem
            .and_then(EditProblem::key)
            .is_some_and(|p| p == k || format!("{p}_id") == k)
    };
    let body = html! {
        (nav(lang, &me.login))
        nav.crumbs aria-label="breadcrumb" {
            a href="/staff/layanan" { (t(Msg::DeskTitle)) } " › " (service.name.get(lang))
        }
        h1 { (t(Msg::DeskEditTitle)) }
        p.caption { (service.name.get(lang)) " · " (t(Msg::DeskRevision)) " " (revision) }
        @if let Some(p) = problem {
            div.error-summary role="alert" tabindex="-1" data-testid="edit-error" {
                h2 { (t(Msg::ThereIsAProblem)) }
                p { @if let Some(k) = p.key() {
                    a href={ "#v-" (k) } { (value_label(k, lang)) } ": "
                } (t(problem_message(p))) }
            }
        }
        p.hint { (t(Msg::DeskEditHint)) }
        form.form method="get" action=(desk_href(&service.slug, "pratinjau")) data-testid="edit-form" novalidate {
            @for (k, v) in values { (value_field(lang, k, v, at_fault(k))) }
            div.actions {
                button.button type="submit" data-testid="preview" { (t(Msg::DeskPreview)) }
            }
        }
    };
    let title = match problem {
        Some(_) => format!("{}: {}", t(Msg::ErrorPrefix), t(Msg::DeskEditTitle)),
        None => t(Msg::DeskEditTitle).to_string(),
    };
    Rendered::page(title, body)
}

/// One value of the editor: a check box for "free", a number for the working days, else a
/// text area (lists one item a line).
fn value_field(lang: Lang, key: &str, value: &str, at_fault: bool) -> Markup {
    let id = format!("v-{key}");
    let rows = value.lines().count().clamp(2, 12);
    html! {
        div.field.has-error[at_fault] {
            @if key == "cost_free" {
                input id=(id) type="checkbox" name=(key) value="ya" checked[!value.is_empty()];
                " " label for=(id) { (value_label(key, lang)) }
            } @else {
                label for=(id) { (value_label(key, lang)) }
                @if key == "processing_days" {
                    input id=(id) type="text" inputmode="numeric" name=(key) value=(value);
                } @else {
                    textarea id=(id) name=(key) rows=(rows) { (value) }
                }
            }
        }
    }
}

/// What needs the agency's attention, oldest first (the dashboard): stale services to check
/// and open corrections, each linking to where it is dealt with.
pub(super) fn attention(lang: Lang, a: &crate::domain::desk::Attention) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        section aria-labelledby="attention" data-testid="attention" {
            h2 #attention { (t(Msg::DeskAttention)) }
            p { (a.stale.len()) " " (t(Msg::DeskStaleCount)) }
            ul data-testid="attention-stale" {
                @for r in &a.stale {
                    li { a href=(desk_href(&r.service.slug, "ubah")) { (r.service.name.get(lang)) }
                        " · " time datetime=(r.service.verified_at) { (r.service.verified_at.long(lang)) } }
                }
            }
            p { (a.corrections.len()) " " (t(Msg::DeskCorrectionCount)) }
            ul data-testid="attention-corrections" {
                @for (c, name) in &a.corrections {
                    li { a href="/staff/layanan#koreksi" { (name.get(lang)) " — " (field_label(c.what.field, lang)) }
                        " · " (c.at.get(..10).unwrap_or(&c.at)) }
                }
            }
            p { (a.questions.len()) " " (t(Msg::DeskQuestionCount)) }
            ul data-testid="attention-questions" {
                @for w in &a.questions {
                    li { a href="/staff/tanya-jawab" { (w.question.body) }
                        " · " (t(Msg::QaAge)) ": " (w.age_days) " " (t(Msg::QaDays)) }
                }
            }
        }
    }
}
