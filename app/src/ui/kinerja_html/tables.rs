//! The figures of an agency and its services as tables, one per subject: requests, time to
//! finish, satisfaction, questions and corrections, channels. Each scrolls sideways inside its
//! own box on a narrow screen (the page itself never does), and refers to the note on "—".

use super::{region_name, row_name, OverdueLink, WITHHELD_NOTE};
use crate::domain::catalogue::Service;
use crate::domain::l10n::Lang;
use crate::domain::performance::{Figures, Share, Shown};
use crate::domain::skm::decimal;
use crate::i18n::Msg;
use crate::ui::survey_html::pick;
use maud::{html, Markup};

/// A column: its heading and how a row's cell is written.
struct Column<'a> {
    head: Msg,
    cell: Box<dyn Fn(&Figures) -> Markup + 'a>,
}

/// A column of `head` whose cells `cell` writes.
fn column<'a>(head: Msg, cell: impl Fn(&Figures) -> Markup + 'a) -> Column<'a> {
    Column {
        head,
        cell: Box::new(cell),
    }
}

/// Every table of the agency's `rows`.
pub(super) fn all(
    lang: Lang,
    rows: &[Figures],
    services: &[Service],
    overdue: Option<OverdueLink<'_>>,
) -> Markup {
    let requests = [
        column(Msg::PerfReceived, |r| count(lang, r.received)),
        column(Msg::StCompleted, |r| count(lang, r.completed)),
        column(Msg::StRejected, |r| count(lang, r.rejected)),
        column(Msg::OpenCount, |r| count(lang, r.open)),
        column(Msg::PerfOverdueNow, |r| match (overdue, r.overdue) {
            (Some(link), Shown::Value(n)) if n > 0 => html! {
                a href=(link(r.service.as_deref())) data-testid="overdue-link" {
                    (n) span.visually-hidden { ": " (Msg::PerfOverdueLink.get(lang)) }
                }
            },
            _ => count(lang, r.overdue),
        }),
    ];
    let time = [
        column(Msg::PerfMedian, |r| count(lang, r.median_days)),
        column(Msg::PerfP90, |r| count(lang, r.p90_days)),
        column(Msg::PerfPromised, |r| promised(lang, r)),
        column(Msg::PerfOnTime, |r| match r.on_time_permille {
            Some(s) => shown(lang, s, |p| percent(p, lang)),
            None => html! { (Msg::PerfNoPromise.get(lang)) },
        }),
    ];
    let satisfaction = [
        column(Msg::IkmValue, |r| {
            shown(lang, r.ikm, |i| decimal(i.hundredths, lang == Lang::Id))
        }),
        column(Msg::IkmGrade, |r| {
            shown(lang, r.ikm, |i| {
                format!(
                    "{} ({})",
                    i.grade.letter(),
                    pick(i.grade.performance(), lang)
                )
            })
        }),
        column(Msg::IkmSample, |r| {
            html! { (count(lang, r.survey_answers)) " / " (shown(lang, r.survey_required, |n| n.to_string())) }
        }),
    ];
    let listening = [
        column(Msg::PerfAsked, |r| count(lang, r.questions_asked)),
        column(Msg::PerfAnswered, |r| count(lang, r.questions_answered)),
        column(Msg::PerfAnswerHours, |r| count(lang, r.median_answer_hours)),
        column(Msg::PerfSent, |r| count(lang, r.corrections_sent)),
        column(Msg::PerfStillOpen, |r| count(lang, r.corrections_open)),
        column(Msg::PerfFixDays, |r| count(lang, r.median_fix_days)),
    ];
    let channels: Vec<Column> = crate::domain::channel::Channel::ALL
        .into_iter()
        .map(|c| {
            column(channel_word(c), move |r: &Figures| {
                let n = r
                    .channels
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map_or(Shown::Withheld, |(_, n)| *n);
                channel_share(lang, n, r.received)
            })
        })
        .collect();
    html! {
        (table(lang, Msg::PerfRequests, "perf-requests", rows, services, &requests))
        (table(lang, Msg::PerfTime, "perf-time", rows, services, &time))
        (table(lang, Msg::PerfSatisfaction, "perf-ikm", rows, services, &satisfaction))
        (table(lang, Msg::PerfQuestions, "perf-listening", rows, services, &listening))
        (table(lang, Msg::PerfChannels, "perf-channels", rows, services, &channels))
    }
}

/// One table: a row per figure row (the agency's first), a column per `columns`, in a box that
/// scrolls sideways by itself (focusable, so a keyboard can scroll it too).
fn table(
    lang: Lang,
    caption: Msg,
    testid: &'static str,
    rows: &[Figures],
    services: &[Service],
    columns: &[Column<'_>],
) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        div.table-scroll role="region" aria-label=(region_name(lang, t(caption), rows, services))
            tabindex="0" {
            table.figures data-testid=(testid) aria-describedby=(WITHHELD_NOTE) {
                caption { (t(caption)) }
                thead {
                    tr {
                        th scope="col" { (t(Msg::Service)) }
                        @for c in columns { th scope="col" { (t(c.head)) } }
                    }
                }
                tbody {
                    @for r in rows {
                        tr.whole[r.service.is_none()] data-service=[r.service.as_deref()] {
                            th scope="row" { (row_name(lang, r, services)) }
                            @for c in columns { td { ((c.cell)(r)) } }
                        }
                    }
                }
            }
        }
    }
}

/// A figure, or "—" (read out as "not shown, fewer than 5") when withheld.
fn shown<T: Copy>(lang: Lang, s: Shown<T>, write: impl Fn(T) -> String) -> Markup {
    match s {
        Shown::Value(v) => html! { (write(v)) },
        Shown::Withheld => withheld(lang),
    }
}

/// A count or a number of days.
fn count(lang: Lang, s: Shown<u32>) -> Markup {
    shown(lang, s, |n| n.to_string())
}

/// "—" for a withheld figure, with its meaning for screen readers.
pub(super) fn withheld(lang: Lang) -> Markup {
    html! {
        span.withheld data-withheld {
            span aria-hidden="true" { "—" }
            span.visually-hidden { (Msg::PerfWithheld.get(lang)) }
        }
    }
}

/// The days promised: the service standard's, "none" when it promises none, "varies" for an
/// agency (its services promise different times).
fn promised(lang: Lang, r: &Figures) -> Markup {
    match (r.promised_days, &r.service) {
        (Some(d), _) => html! { (d) },
        (None, Some(_)) => html! { (Msg::PerfNoPromise.get(lang)) },
        (None, None) => html! { (Msg::PerfVaries.get(lang)) },
    }
}

/// Tenths of a percent as the language writes them: `71,4 %` / `71.4%`.
pub(super) fn percent(permille: u32, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("{},{} %", permille / 10, permille % 10),
        Lang::En => format!("{}.{}%", permille / 10, permille % 10),
    }
}

/// A channel's count and its share of the requests received: `12 (40,0 %)`.
fn channel_share(lang: Lang, n: Shown<u32>, received: Shown<u32>) -> Markup {
    match (n, received) {
        (Shown::Value(n), Shown::Value(all)) => match (Share {
            part: n,
            whole: all,
        })
        .permille()
        {
            Some(p) => html! { (n) " (" (percent(p, lang)) ")" },
            None => html! { (n) },
        },
        _ => count(lang, n),
    }
}

/// A channel's name: the figures, the staff queue and request page, and the receipt.
pub(crate) fn channel_word(c: crate::domain::channel::Channel) -> Msg {
    use crate::domain::channel::Channel;
    match c {
        Channel::App => Msg::PerfChApp,
        Channel::Counter => Msg::PerfChCounter,
        Channel::Open311 => Msg::PerfChOpen311,
        Channel::Web => Msg::PerfChWeb,
    }
}
