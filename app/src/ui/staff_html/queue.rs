//! The agency's queue with its filters and pager (`/staff`).

use super::{agency_name, nav, service_name};
use crate::domain::catalogue::Service;
use crate::domain::date::Date;
use crate::domain::l10n::Lang;
use crate::domain::screen::StaffMember;
use crate::domain::staff::{QueueFilter, QueueRow};
use crate::domain::status::Status;
use crate::i18n::Msg;
use crate::ui::form_html::{status_word, utc_day as day};
use crate::ui::href::Href;
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// The agency's queue with its filters: one page of `pages`.
pub fn queue(
    lang: Lang,
    me: &StaffMember,
    rows: &[QueueRow],
    filter: &QueueFilter,
    pages: u32,
    services: &[Service],
    today: Date,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::Queue)) }
        p class="caption" { (agency_name(services, &me.agency, lang)) }
        (filters(lang, &me.agency, filter, services))
        @if rows.is_empty() {
            p data-testid="queue-empty" { (t(Msg::EmptyQueue)) }
        }
        ul class="apps" data-testid="queue" {
            @for r in rows {
                (queue_item(lang, r, services, today))
            }
        }
        (pager(lang, filter, pages))
    };
    Rendered::page(t(Msg::Queue).into(), body)
}

/// The filter form: status, service, overdue only, mine only (and received in a period, when
/// the dashboard asked).
fn filters(lang: Lang, agency: &str, filter: &QueueFilter, services: &[Service]) -> Markup {
    let t = |m: Msg| m.get(lang);
    let offered = services
        .iter()
        .filter(|s| s.agency.slug == agency && s.form.is_some());
    html! {
        form method="get" action="/staff" class="filters" data-testid="queue-filters" {
            label {
                (t(Msg::CurrentStatus)) " "
                select name="status" {
                    option value="" { (t(Msg::AllStatuses)) }
                    @for s in Status::ALL {
                        option value=(s.code()) selected[filter.status == Some(s)] {
                            (t(status_word(s)))
                        }
                    }
                }
            }
            " "
            label {
                (t(Msg::Service)) " "
                select name="service" {
                    option value="" { (t(Msg::AllServices)) }
                    @for s in offered {
                        option value=(s.slug)
                            selected[filter.service.as_deref() == Some(s.slug.as_str())] {
                            (s.name.get(lang))
                        }
                    }
                }
            }
            " "
            label class="choice" {
                input type="checkbox" name="terlambat" value="1" checked[filter.overdue];
                " " (t(Msg::OnlyOverdue))
            }
            " "
            label class="choice" {
                input type="checkbox" name="saya" value="1" checked[filter.assigned_to.is_some()];
                " " (t(Msg::OnlyMine))
            }
            // Reached from a figure of the dashboard: only the requests received in its period
            // (untick to see every period).
            @if let Some(p) = filter.period {
                " "
                label class="choice" {
                    input type="checkbox" name="periode" value=(p.code()) checked;
                    " " (t(Msg::ReceivedIn)) " " (super::period_name(p, lang))
                }
            }
            " "
            button type="submit" class="button secondary" { (t(Msg::Filter)) }
        }
    }
}

/// One request in the queue: reference, service, status, dates and who has it.
fn queue_item(lang: Lang, r: &QueueRow, services: &[Service], today: Date) -> Markup {
    let t = |m: Msg| m.get(lang);
    let overdue = r.overdue(today);
    html! {
        li data-testid="queue-item" data-id=(r.id) data-status=(r.status.code())
            class=[overdue.then_some("overdue")] {
            a href=(Href::page("/staff/permohonan/", &r.id)) {
                strong { (r.reference) } " " (service_name(services, &r.service, lang))
            }
            " "
            span class="tag" { (t(status_word(r.status))) }
            @if overdue {
                " " span class="tag attention" data-testid="overdue" { (t(Msg::Overdue)) }
            }
            br;
            small {
                (t(Msg::ReceivedAt)) " " (day(&r.received_at, lang))
                @if !r.due_date.is_empty() {
                    " · " (t(Msg::Due)) " " (day(&r.due_date, lang))
                }
                " · " (t(Msg::AssignedTo)) ": "
                @match &r.assigned_login {
                    Some(l) => (l),
                    None => (t(Msg::Nobody)),
                }
                " · " (t(Msg::WfChannel)) ": "
                span data-testid="queue-channel" { (t(crate::ui::kinerja_html::tables::channel_word(r.channel))) }
            }
        }
    }
}

/// The queue's address for page `to`, keeping the filters.
fn page_url(filter: &QueueFilter, to: u32) -> String {
    let mut q = format!("/staff?halaman={to}");
    if let Some(s) = filter.status {
        q.push_str("&status=");
        q.push_str(s.code());
    }
    if let Some(s) = &filter.service {
        q.push_str("&service=");
        q.push_str(&crate::domain::route::encode(s).replace('/', "%2F"));
    }
    if filter.overdue {
        q.push_str("&terlambat=1");
    }
    if filter.assigned_to.is_some() {
        q.push_str("&saya=1");
    }
    if let Some(p) = filter.period {
        q.push_str("&periode=");
        q.push_str(&p.code());
    }
    q
}

/// "Page 2 of 146" with links to the pages before and after, keeping the filters.
fn pager(lang: Lang, filter: &QueueFilter, pages: u32) -> Markup {
    let page = filter.page.clamp(1, pages.max(1));
    crate::ui::html::pager(lang, Msg::Pages, page as usize, pages as usize, &|n| {
        html! { (page_url(filter, n as u32)) }
    })
}
