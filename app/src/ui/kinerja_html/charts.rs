//! Bar charts of an agency's services, drawn by the server as SVG (no chart library, no
//! script): the median working days against the promise of the service standard, and the
//! share finished within the promise. Each is a `<figure>` with its caption, a text summary
//! (the picture's description for screen readers, shown to everyone) and, under "Data grafik",
//! the table of what it draws. Services whose figure is withheld are not drawn.

use super::tables::percent;
use super::{region_name, row_name, WITHHELD_NOTE};
use crate::domain::catalogue::Service;
use crate::domain::l10n::Lang;
use crate::domain::performance::{Figures, Shown};
use crate::i18n::Msg;
use maud::{html, Markup};

/// The drawing's width in its own units (it is scaled to the page's width).
const WIDTH: u32 = 320;
/// The height of one bar with its label above it.
const ROW: u32 = 34;
/// The longest service name written on a bar (the table holds every name whole).
const LABEL: usize = 36;

/// One bar: a service, its value, where a mark crosses it (the promise) and the text beside it.
struct Bar {
    name: String,
    value: u32,
    mark: Option<u32>,
    label: String,
}

/// Median working days per service against the promise: services with a promise whose median
/// is shown.
pub(super) fn days(lang: Lang, index: usize, rows: &[Figures], services: &[Service]) -> Markup {
    let bars: Vec<Bar> = rows
        .iter()
        .filter(|r| r.service.is_some())
        .filter_map(|r| {
            let (Shown::Value(median), Some(promised)) = (r.median_days, r.promised_days) else {
                return None;
            };
            Some(Bar {
                name: row_name(lang, r, services),
                value: median,
                mark: Some(promised),
                label: format!("{median} / {promised}"),
            })
        })
        .collect();
    let max = bars
        .iter()
        .map(|b| b.value.max(b.mark.unwrap_or(0)))
        .max()
        .unwrap_or(0);
    let within = bars
        .iter()
        .filter(|b| b.mark.is_some_and(|m| b.value <= m))
        .count();
    let mut summary = Msg::PerfSumWithin.fill(
        lang,
        &[("a", &within.to_string()), ("b", &bars.len().to_string())],
    );
    let furthest = bars
        .iter()
        .filter_map(|b| b.mark.map(|m| (i64::from(b.value) - i64::from(m), b, m)))
        .filter(|(over, _, _)| *over > 0)
        .max_by_key(|(over, _, _)| *over);
    if let Some((_, b, m)) = furthest {
        summary.push(' ');
        summary.push_str(&Msg::PerfSumSlowest.fill(
            lang,
            &[
                ("s", &b.name),
                ("m", &b.value.to_string()),
                ("p", &m.to_string()),
            ],
        ));
    }
    let data = html! {
        (data_table(&data_name(lang, Msg::PerfChartDays, rows, services), &bars, lang, &[Msg::PerfMedian, Msg::PerfPromised], |b| {
            html! { td { (b.value) } td { (b.mark.unwrap_or(0)) } }
        }))
    };
    figure(
        lang,
        &format!("chart-{index}-days"),
        Msg::PerfChartDays,
        &bars,
        max,
        &summary,
        Some(Msg::PerfChartLegend),
        data,
    )
}

/// The share finished within the promise, per service whose share is shown.
pub(super) fn on_time(lang: Lang, index: usize, rows: &[Figures], services: &[Service]) -> Markup {
    let bars: Vec<Bar> = rows
        .iter()
        .filter(|r| r.service.is_some())
        .filter_map(|r| match r.on_time_permille {
            Some(Shown::Value(p)) => Some(Bar {
                name: row_name(lang, r, services),
                value: p,
                mark: None,
                label: percent(p, lang),
            }),
            _ => None,
        })
        .collect();
    let mut summary = String::new();
    let highest = bars.iter().max_by_key(|b| b.value);
    let lowest = bars.iter().min_by_key(|b| b.value);
    if let Some(b) = highest {
        summary = Msg::PerfSumHighest.fill(lang, &[("s", &b.name), ("v", &b.label)]);
    }
    if let (Some(l), true) = (lowest, bars.len() > 1) {
        summary.push(' ');
        summary.push_str(&Msg::PerfSumLowest.fill(lang, &[("s", &l.name), ("v", &l.label)]));
    }
    let name = data_name(lang, Msg::PerfChartOnTime, rows, services);
    let data = data_table(&name, &bars, lang, &[Msg::PerfOnTime], |b| {
        html! { td { (b.label) } }
    });
    figure(
        lang,
        &format!("chart-{index}-on-time"),
        Msg::PerfChartOnTime,
        &bars,
        1000,
        &summary,
        None,
        data,
    )
}

/// A chart as a figure: caption, the drawing (named by the caption, described by the summary),
/// the summary, and the data under a disclosure. No bars: the caption and a sentence saying so.
#[allow(clippy::too_many_arguments)]
fn figure(
    lang: Lang,
    id: &str,
    caption: Msg,
    bars: &[Bar],
    max: u32,
    summary: &str,
    legend: Option<Msg>,
    data: Markup,
) -> Markup {
    let t = |m: Msg| m.get(lang);
    let (cap_id, sum_id) = (format!("{id}-caption"), format!("{id}-summary"));
    html! {
        figure.chart data-testid="perf-chart" id=(id) {
            figcaption #(cap_id) { (t(caption)) }
            @if bars.is_empty() || max == 0 {
                p.hint { (t(Msg::PerfChartEmpty)) }
            } @else {
                (drawing(bars, max, &cap_id, &sum_id))
                p.chart-summary #(sum_id) data-testid="chart-summary" {
                    @if let Some(l) = legend { (t(l)) " " }
                    (summary)
                }
                details {
                    summary { (t(Msg::PerfChartData)) }
                    (data)
                }
            }
        }
    }
}

/// The SVG: for each bar its name and label on a line, then the bar (its length `value` of
/// `max`), crossed by its mark.
fn drawing(bars: &[Bar], max: u32, labelled_by: &str, described_by: &str) -> Markup {
    let height = ROW * bars.len() as u32;
    let x = |v: u32| u64::from(v) * u64::from(WIDTH) / u64::from(max.max(1));
    html! {
        // Its text is in the drawing's own units (`font-size`), so it scales with the drawing
        // and keeps to its rows; the summary and the table carry the same words at the
        // reader's text size.
        svg.chart viewBox={ "0 0 " (WIDTH) " " (height) } font-size="11" role="img"
            aria-labelledby=(labelled_by) aria-describedby=(described_by) {
            @for (i, b) in bars.iter().enumerate() {
                @let top = ROW * i as u32;
                g {
                    text.name x="0" y=(top + 12) { (short(&b.name)) }
                    text.value x=(WIDTH) y=(top + 12) text-anchor="end" { (b.label) }
                    rect.bar x="0" y=(top + 16) width=(x(b.value).max(1)) height="12" {}
                    @if let Some(m) = b.mark {
                        line.mark x1=(x(m)) x2=(x(m)) y1=(top + 14) y2=(top + 30) {}
                    }
                }
            }
        }
    }
}

/// `name` cut to [`LABEL`] characters, with `…` when cut.
fn short(name: &str) -> String {
    crate::domain::share::shorten(name, LABEL)
}

/// The name of the box of the data of the chart `caption` of the agency of `rows`.
fn data_name(lang: Lang, caption: Msg, rows: &[Figures], services: &[Service]) -> String {
    let what = format!("{}: {}", Msg::PerfChartData.get(lang), caption.get(lang));
    region_name(lang, &what, rows, services)
}

/// The data a chart draws (its box named `name`): a row per bar, the service and `heads`'
/// cells (`cells`), in a box that scrolls by itself like the page's other tables.
fn data_table(
    name: &str,
    bars: &[Bar],
    lang: Lang,
    heads: &[Msg],
    cells: impl Fn(&Bar) -> Markup,
) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        div.table-scroll role="region" aria-label=(name) tabindex="0" {
            table.figures aria-describedby=(WITHHELD_NOTE) {
                thead {
                    tr {
                        th scope="col" { (t(Msg::Service)) }
                        @for h in heads { th scope="col" { (t(*h)) } }
                    }
                }
                tbody {
                    @for b in bars {
                        tr { th scope="row" { (b.name) } (cells(b)) }
                    }
                }
            }
        }
    }
}
