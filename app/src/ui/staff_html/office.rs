//! The dashboard (`/staff/dasbor`) and the agency's staff accounts (`/staff/petugas`).

use super::{agency_name, nav, period_form, period_name};
use crate::domain::catalogue::Service;
use crate::domain::desk::Attention;
use crate::domain::l10n::Lang;
use crate::domain::performance::Figures;
use crate::domain::screen::StaffMember;
use crate::domain::skm::Period;
use crate::i18n::Msg;
use crate::ui::href::Href;
use crate::ui::html::Rendered;
use crate::ui::kinerja_html;
use maud::{html, Markup};

/// What needs attention, then the agency's figures for a period (`period` of `choices`): those
/// of `/kinerja`, drawn by the same renderer, each overdue figure a link to those requests in
/// the queue (overdue, of that service, received in the period).
pub fn dashboard(
    lang: Lang,
    me: &StaffMember,
    (period, choices): (Period, &[Period]),
    figures: &[Figures],
    services: &[Service],
    attention: &Attention,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let code = period.code();
    let overdue = |service: Option<&str>| {
        let queue = Href::path("/staff")
            .param("terlambat", "1")
            .param("periode", &code);
        match service {
            Some(s) => queue.param("service", s),
            None => queue,
        }
    };
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::Dashboard)) }
        p class="caption" { (agency_name(services, &me.agency, lang)) }
        (super::desk::attention(lang, attention))
        section data-testid="dashboard" {
            h2 { (t(Msg::Performance)) ": " span data-testid="dashboard-period" { (period_name(period, lang)) } }
            p { (t(Msg::PerfDashboard)) }
            (period_form(lang, "/staff/dasbor", "dashboard-period-form", period, choices))
            (kinerja_html::withheld_note(lang))
            (kinerja_html::agency(lang, 0, figures, services, Some(&overdue)))
        }
    };
    Rendered::page(t(Msg::Dashboard).into(), body)
}

/// The agency's staff: agency admins invite officers (with a temporary password) and disable
/// or re-enable accounts; officers see the list only. `failed`: the last change was refused.
pub fn officers(
    lang: Lang,
    me: &StaffMember,
    list: &[(String, String, bool, bool)],
    failed: bool,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::Officers)) }
        p class="caption" { (me.agency) }
        (super::alert(failed, "officers-error", t(Msg::OfficerRefused)))
        ul class="apps" data-testid="officers" {
            @for (login, role, disabled, counter) in list {
                (officer(lang, me, login, role, *disabled, *counter))
            }
        }
        @if me.admin {
            (invite_form(lang))
        }
    };
    Rendered::page(t(Msg::Officers).into(), body)
}

/// One account of the agency, with the admin's enable or disable button.
fn officer(
    lang: Lang,
    me: &StaffMember,
    login: &str,
    role: &str,
    disabled: bool,
    counter: bool,
) -> Markup {
    let officer = role != "agency_admin";
    let t = |m: Msg| m.get(lang);
    let role = if role == "agency_admin" {
        Msg::AgencyAdmin
    } else {
        Msg::Officer
    };
    html! {
        li data-login=(login) {
            strong { (login) } " "
            span class="tag" { (t(role)) }
            @if disabled {
                " " span class="tag attention" data-testid="disabled" { (t(Msg::Disabled)) }
                @if me.admin {
                    " " (account_button(lang, "/api/staff/enable-form", login, "enable", Msg::Enable))
                }
            } @else if me.admin && login != me.login {
                " " (account_button(lang, "/api/staff/disable-form", login, "disable", Msg::Disable))
            }
            // Filing at the counter (issue 13): agency admins always may; officers when allowed.
            @if officer && counter {
                " " span class="tag" data-testid="counter-allowed" { (t(Msg::CtAllowed)) }
            }
            @if officer && me.admin && !disabled {
                " " (counter_button(lang, login, !counter))
            }
        }
    }
}

/// A one-button form posting `login` to `action`.
fn account_button(
    lang: Lang,
    action: &'static str,
    login: &str,
    testid: &'static str,
    word: Msg,
) -> Markup {
    html! {
        form method="post" action=(action) class="inline" {
            input type="hidden" name="login" value=(login);
            button type="submit" class="link" data-testid=(testid) { (word.get(lang)) }
        }
    }
}

/// The admin's button allowing (`allow`) an officer to file at the counter, or withdrawing it.
fn counter_button(lang: Lang, login: &str, allow: bool) -> Markup {
    let (word, value, testid) = if allow {
        (Msg::CtAllow, "1", "counter-allow")
    } else {
        (Msg::CtDisallow, "0", "counter-disallow")
    };
    html! {
        form method="post" action="/api/loket-izin" class="inline" {
            input type="hidden" name="login" value=(login);
            input type="hidden" name="izin" value=(value);
            button type="submit" class="link" data-testid=(testid) { (word.get(lang)) }
        }
    }
}

/// The admin's form inviting an officer with a temporary password.
fn invite_form(lang: Lang) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        h2 { (t(Msg::InviteOfficer)) }
        form class="form" method="post" action="/api/staff/invite-form" data-testid="invite-form" {
            div class="field" {
                label for="f-login" { (t(Msg::LoginLabel)) }
                input type="text" id="f-login" name="login" required;
            }
            div class="field" {
                label for="f-temporary_password" { (t(Msg::TemporaryPassword)) }
                p class="hint" { (t(Msg::TemporaryPasswordHint)) }
                input type="text" id="f-temporary_password" name="temporary_password"
                    autocomplete="new-password" required;
            }
            div class="actions" {
                button type="submit" class="button" { (t(Msg::InviteOfficer)) }
            }
        }
    }
}
