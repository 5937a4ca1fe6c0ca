//! What a revision changes: the preview before publishing (old and new, value by value, and
//! "Terbitkan") and a service's history (every kept revision with who, when and what it changed
//! from the one before), with the service's corrections.

use super::desk::{correction_text, desk_href, value_label};
use super::nav;
use crate::domain::catalogue::Service;
use crate::domain::correction::{Correction, Status};
use crate::domain::desk::HistoryEntry;
use crate::domain::l10n::Lang;
use crate::domain::screen::StaffMember;
use crate::domain::service_edit::Change;
use crate::i18n::Msg;
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// A text of several lines, one block per line (so line breaks show without markup in it).
fn lines(text: &str) -> Markup {
    html! { @for l in text.lines() { span.line { (l) } br; } }
}

/// The changes as a table: value, before, after.
fn changes_table(lang: Lang, changes: &[Change], testid: &'static str) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        table.tariffs.diff data-testid=(testid) {
            thead { tr {
                th scope="col" { (t(Msg::DeskValue)) }
                th scope="col" { (t(Msg::DeskBefore)) }
                th scope="col" { (t(Msg::DeskAfter)) }
            } }
            tbody {
                @for c in changes {
                    tr data-key=(c.key) {
                        th scope="row" { (value_label(&c.key, lang)) }
                        td { del { (lines(&c.old)) } }
                        td { ins { (lines(&c.new)) } }
                    }
                }
            }
        }
    }
}

/// The preview: what publishing the edited values changes, and "Terbitkan".
pub fn preview(
    lang: Lang,
    me: &StaffMember,
    service: &Service,
    revision: i64,
    changes: &[Change],
    doc: &str,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        nav.crumbs aria-label="breadcrumb" {
            a href="/staff/layanan" { (t(Msg::DeskTitle)) } " › "
            a href=(desk_href(&service.slug, "ubah")) { (service.name.get(lang)) }
        }
        h1 { (t(Msg::DeskPreview)) }
        p.caption { (service.name.get(lang)) " · " (t(Msg::DeskRevision)) " " (revision) }
        @if changes.iter().all(|c| c.key == "verified_at") {
            p.notice data-testid="no-changes" { (t(Msg::DeskNoChanges)) }
        }
        (changes_table(lang, changes, "diff"))
        form.form method="post" action="/api/staff/service-publish" {
            input type="hidden" name="slug" value=(service.slug);
            input type="hidden" name="base" value=(revision);
            input type="hidden" name="doc" value=(doc);
            div.actions {
                button.button type="submit" data-testid="publish" { (t(Msg::DeskPublish)) }
                " "
                a href=(desk_href(&service.slug, "ubah")) { (t(Msg::DeskBackToEdit)) }
            }
        }
    };
    Rendered::page(t(Msg::DeskPreview).into(), body)
}

/// What made a revision.
fn action_label(action: &str, lang: Lang) -> &'static str {
    match action {
        "publish" => Msg::DeskPublished.get(lang),
        "confirm" => Msg::StillCorrect.get(lang),
        _ => Msg::DeskImported.get(lang),
    }
}

/// The history of one service, newest first, and its corrections.
pub fn history(
    lang: Lang,
    me: &StaffMember,
    service: &Service,
    entries: &[HistoryEntry],
    corrections: &[Correction],
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        nav.crumbs aria-label="breadcrumb" {
            a href="/staff/layanan" { (t(Msg::DeskTitle)) } " › " (service.name.get(lang))
        }
        h1 { (t(Msg::DeskHistory)) }
        p.caption { (service.name.get(lang)) " · " a href=(desk_href(&service.slug, "ubah")) { (t(Msg::DeskEdit)) } }
        ol.apps data-testid="history" {
            @for e in entries {
                li data-revision=(e.revision) {
                    strong { (t(Msg::DeskRevision)) " " (e.revision) } " · "
                    (action_label(&e.action, lang)) " · " (e.actor) " · "
                    time datetime=(e.at) { (e.at.get(..16).unwrap_or(&e.at).replace('T', " ")) " UTC" }
                    @if !e.changes.is_empty() { (changes_table(lang, &e.changes, "history-diff")) }
                }
            }
        }
        h2 { (t(Msg::DeskCorrections)) }
        @if corrections.is_empty() { p { (t(Msg::DeskNoCorrections)) } }
        ul.apps {
            @for c in corrections {
                li data-correction=(c.id) {
                    strong { (super::field_label(c.what.field, lang)) } " · "
                    (status_label(c.status, lang)) " · " span.hint { (c.at.get(..10).unwrap_or(&c.at)) }
                    (correction_text(lang, c))
                }
            }
        }
    };
    Rendered::page(t(Msg::DeskHistory).into(), body)
}

/// Where a correction stands.
fn status_label(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Open => Msg::DeskOpen.get(lang),
        Status::Resolved => Msg::DeskResolve.get(lang),
        Status::Dismissed => Msg::DeskDismissed.get(lang),
    }
}
