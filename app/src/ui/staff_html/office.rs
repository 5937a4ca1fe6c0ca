//! The dashboard (`/staff/dasbor`) and the agency's staff accounts (`/staff/petugas`).

use super::{agency_name, nav, service_name};
use crate::domain::catalogue::Service;
use crate::domain::desk::Attention;
use crate::domain::l10n::Lang;
use crate::domain::performance::{Figures, Shown};
use crate::domain::screen::StaffMember;
use crate::i18n::Msg;
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// The agency's figures this quarter (those of `/kinerja`): requests received, open, overdue,
/// completed and the median working days, the agency first, then each service; a withheld
/// figure is "—", explained under the table.
pub fn dashboard(
    lang: Lang,
    me: &StaffMember,
    figures: &[Figures],
    services: &[Service],
    attention: &Attention,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let period = figures.first().map(|f| f.period.code()).unwrap_or_default();
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::Dashboard)) }
        p class="caption" { (agency_name(services, &me.agency, lang)) }
        (super::desk::attention(lang, attention))
        p { (t(Msg::IkmPeriod)) ": " span data-testid="dashboard-period" { (period) } }
        table class="tariffs" data-testid="dashboard" {
            thead {
                tr {
                    th { (t(Msg::Service)) } th { (t(Msg::IkmRequests)) } th { (t(Msg::OpenCount)) }
                    th { (t(Msg::Overdue)) } th { (t(Msg::StCompleted)) } th { (t(Msg::MedianDays)) }
                }
            }
            tbody {
                @for f in figures {
                    tr data-service=(f.service.as_deref().unwrap_or("")) {
                        td {
                            @match &f.service {
                                Some(s) => (service_name(services, s, lang)),
                                None => (t(Msg::IkmWholeAgency)),
                            }
                        }
                        td { (shown(f.received)) } td { (shown(f.open)) } td { (shown(f.overdue)) }
                        td { (shown(f.completed)) } td { (shown(f.median_days)) }
                    }
                }
            }
        }
        p class="hint" { (t(Msg::PerfWithheld)) }
    };
    Rendered::page(t(Msg::Dashboard).into(), body)
}

/// A figure, or "—" when withheld.
fn shown(v: Shown<u32>) -> String {
    v.value().map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// The agency's staff: agency admins invite officers (with a temporary password) and disable
/// or re-enable accounts; officers see the list only. `failed`: the last change was refused.
pub fn officers(
    lang: Lang,
    me: &StaffMember,
    list: &[(String, String, bool)],
    failed: bool,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::Officers)) }
        p class="caption" { (me.agency) }
        (super::alert(failed, "officers-error", t(Msg::OfficerRefused)))
        ul class="apps" data-testid="officers" {
            @for (login, role, disabled) in list {
                (officer(lang, me, login, role, *disabled))
            }
        }
        @if me.admin {
            (invite_form(lang))
        }
    };
    Rendered::page(t(Msg::Officers).into(), body)
}

/// One account of the agency, with the admin's enable or disable button.
fn officer(lang: Lang, me: &StaffMember, login: &str, role: &str, disabled: bool) -> Markup {
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
