//! The public performance page (`/kinerja`), rendered by the server only (its figures come
//! from the database; nothing of it is in the phone's bundle), readable without JavaScript and
//! kept by the service worker like any page once visited. Per agency, then per service: tables
//! of the figures ([`tables`]) and bar charts drawn as SVG ([`charts`]), each with its caption,
//! a text summary and the data it draws. The staff dashboard shows an agency's section with
//! its overdue figures linked to the queue ([`agency`]).
//!
//! Figures come as `domain::performance::Figures`, whose withheld values (fewer than five
//! requests or answers behind them) cannot be printed: each shows "—", explained by the one
//! note ([`withheld_note`]) every table names in `aria-describedby`.

mod charts;
pub(crate) mod tables;

use crate::domain::catalogue::Service;
use crate::domain::l10n::Lang;
use crate::domain::performance::{Figures, COLUMNS, LICENCE, LICENCE_URL};
use crate::domain::screen::PerformanceScreen;
use crate::domain::skm::Period;
use crate::i18n::Msg;
use crate::ui::href::Href;
use crate::ui::html::Rendered;
use crate::ui::staff_html::{agency_name, period_form, period_name};
use maud::{html, Markup};

/// The id of the note that explains "—".
const WITHHELD_NOTE: &str = "withheld-note";

/// Where an overdue figure links to (the staff queue of those requests), for the agency as a
/// whole (`None`) or one service.
pub(crate) type OverdueLink<'a> = &'a dyn Fn(Option<&str>) -> Href;

/// The page: the period chooser, how the figures are counted, each agency's section, and the
/// open data.
pub fn page(lang: Lang, s: &PerformanceScreen) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let groups = by_agency(&s.rows);
    let body = html! {
        h1 { (t(Msg::PerfTitle)) }
        p.caption data-testid="perf-period" { (period_name(s.period, lang)) }
        p { (t(Msg::PerfIntro)) }
        (period_form(lang, "/kinerja", "perf-period-form", s.period, &s.choices))
        p.hint { (t(Msg::PerfMethod)) }
        (withheld_note(lang))
        @if groups.is_empty() {
            p data-testid="perf-none" { (t(Msg::PerfNone)) }
        }
        @for (i, rows) in groups.iter().enumerate() {
            section.perf-agency data-testid="perf-agency" data-agency=(rows[0].agency) {
                h2 { (agency_name(&s.services, &rows[0].agency, lang)) }
                (agency(lang, i, rows, &s.services, None))
            }
        }
        (crate::ui::html::pager(lang, Msg::ListPages, s.part.number, s.part.pages, &|n| {
            let here = match s.chosen {
                true => Href::path("/kinerja").param("periode", &s.period.code()),
                false => Href::path("/kinerja"),
            };
            html! { (here.query("hal", n)) }
        }))
        (open_data(lang, s.period))
    };
    let title = format!("{}: {}", t(Msg::PerfTitle), period_name(s.period, lang));
    Rendered::page(title, body)
}

/// The note that explains "—" (one per page; every table refers to it).
pub(crate) fn withheld_note(lang: Lang) -> Markup {
    html! {
        p.note #(WITHHELD_NOTE) data-testid="withheld-note" { (Msg::PerfWithheldNote.get(lang)) }
    }
}

/// One agency's figures (`rows`: the agency's row first, then its services'), the `index`-th
/// on the page: the tables, then the charts. `overdue`: links for the overdue figures (the
/// staff dashboard), none on the public page.
pub(crate) fn agency(
    lang: Lang,
    index: usize,
    rows: &[Figures],
    services: &[Service],
    overdue: Option<OverdueLink<'_>>,
) -> Markup {
    html! {
        (tables::all(lang, rows, services, overdue))
        (charts::days(lang, index, rows, services))
        (charts::on_time(lang, index, rows, services))
    }
}

/// `rows` (each agency's row followed by its services') cut into one slice per agency.
pub(crate) fn by_agency(rows: &[Figures]) -> Vec<&[Figures]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || rows[i].agency != rows[start].agency {
            out.push(&rows[start..i]);
            start = i;
        }
    }
    out
}

/// The name of a row: the service's, or "Seluruh instansi" for the agency's own.
fn row_name(lang: Lang, row: &Figures, services: &[Service]) -> String {
    match &row.service {
        Some(slug) => crate::ui::staff_html::service_name(services, slug, lang),
        None => Msg::IkmWholeAgency.get(lang).to_string(),
    }
}

/// The name of a box of the agency of `rows`: `what` · the agency, so that each agency's boxes
/// are told apart among the page's landmarks.
fn region_name(lang: Lang, what: &str, rows: &[Figures], services: &[Service]) -> String {
    let agency = rows.first().map(|r| r.agency.as_str()).unwrap_or_default();
    format!("{what} · {}", agency_name(services, agency, lang))
}

/// The open data of the period: CSV and JSON, their licence and their columns.
fn open_data(lang: Lang, period: Period) -> Markup {
    let t = |m: Msg| m.get(lang);
    let code = period.code();
    let csv = Href::path("/kinerja.csv").param("periode", &code);
    let json = Href::path("/kinerja.json").param("periode", &code);
    html! {
        section.open-data data-testid="open-data" {
            h2 { (t(Msg::PerfOpenData)) }
            p.actions {
                a.button href=(csv) download={ "kinerja-" (code) ".csv" } rel="external"
                    data-testid="perf-csv" { (t(Msg::PerfCsv)) }
                " "
                a.button.secondary href=(json) download={ "kinerja-" (code) ".json" }
                    rel="external" data-testid="perf-json" { (t(Msg::PerfJson)) }
            }
            p data-testid="perf-licence" {
                (t(Msg::PerfLicence)) " "
                a href=(Href::external(LICENCE_URL)) rel="license external" { (LICENCE) }
            }
            p data-testid="perf-columns" {
                (t(Msg::PerfColumns)) " "
                @for (i, c) in COLUMNS.iter().enumerate() {
                    @if i > 0 { ", " }
                    code { (c) }
                }
                "."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::channel::Channel;
    use crate::domain::performance::{publish, Cell};

    const Q1: Period = Period {
        year: 2026,
        quarter: Some(1),
    };

    /// Dukcapil with a service of 12 requests (7 finished: 1 2 3 4 6 9 12 working days against a
    /// promise of 5) and one of 2 requests; Polri with nothing.
    fn rows() -> Vec<Figures> {
        let mut akta = Cell::new("dukcapil", "akta-kelahiran", Some(5));
        (akta.received, akta.open, akta.overdue) = (12, 3, 2);
        akta.add_channel(Channel::App, 9);
        akta.add_channel(Channel::Counter, 3);
        for d in [1, 2, 3, 4, 6, 9, 12] {
            akta.completed.add(d, 1);
        }
        let mut ktp = Cell::new("dukcapil", "ktp-el-baru", Some(14));
        ktp.received = 2;
        let skck = Cell::new("polri", "skck", Some(3));
        publish(Q1, &[akta, ktp, skck])
    }

    fn screen() -> PerformanceScreen {
        PerformanceScreen {
            period: Q1,
            chosen: true,
            choices: Period::since(Some("2025-12-01"), "2026-03-30"),
            rows: rows(),
            part: crate::domain::page::Part {
                number: 1,
                pages: 1,
                total: 2,
            },
            services: Vec::new(),
        }
    }

    #[test]
    fn a_long_list_of_agencies_has_a_pager_that_keeps_the_period() {
        let mut s = screen();
        assert!(!page(Lang::Id, &s).html.contains("data-testid=\"pager\""));
        s.part = crate::domain::page::Part {
            number: 2,
            pages: 3,
            total: 40,
        };
        let html = page(Lang::Id, &s).html;
        assert!(
            html.contains("href=\"/kinerja?periode=2026-Q1&amp;hal=1\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"/kinerja?periode=2026-Q1&amp;hal=3\""),
            "{html}"
        );
        s.chosen = false;
        let html = page(Lang::En, &s).html;
        assert!(html.contains("href=\"/kinerja?hal=3\""), "{html}");
    }

    #[test]
    fn each_agency_has_its_section_with_figures_and_charts() {
        let html = page(Lang::Id, &screen()).html;
        assert_eq!(html.matches("data-testid=\"perf-agency\"").count(), 2);
        // The akta row: 12 received, 7 completed, 3 open, 2 overdue.
        let akta = html
            .split("data-service=\"akta-kelahiran\"")
            .nth(1)
            .unwrap();
        let cells: Vec<&str> = akta
            .split("<td>")
            .skip(1)
            .take(5)
            .map(|c| &c[..c.find("</td>").unwrap()])
            .collect();
        assert_eq!(cells, ["12", "7", "0", "3", "2"]);
        // Median rank 4 of 7 → 4, p90 rank 7 → 12, on time (≤ 5) 4 of 7 = 57,1 %.
        assert!(
            html.contains("<td>4</td><td>12</td><td>5</td><td>57,1 %</td>"),
            "{html}"
        );
        // Channels as counts and shares.
        assert!(
            html.contains("<td>9 (75,0 %)</td><td>3 (25,0 %)</td>"),
            "{html}"
        );
        // The charts: a bar per service with figures, described for screen readers.
        assert!(html
            .contains("<svg class=\"chart\" viewBox=\"0 0 320 34\" font-size=\"11\" role=\"img\""));
        assert!(html.contains("Median dalam janji: 1 dari 1 layanan."));
        assert!(html.contains("Tertinggi: akta-kelahiran (57,1 %)."));
        // ktp-el-baru: two requests, every figure withheld, one note explains the dash.
        let ktp = html.split("data-service=\"ktp-el-baru\"").nth(1).unwrap();
        let ktp = &ktp[..ktp.find("</tr>").unwrap()];
        assert_eq!(ktp.matches("data-withheld").count(), 5, "{ktp}");
        assert_eq!(html.matches(" id=\"withheld-note\"").count(), 1);
        assert!(
            !html.contains("<td>2</td><td>"),
            "no small count is printed"
        );
        // Polri: nothing to draw.
        assert!(html.contains(Msg::PerfChartEmpty.get(Lang::Id)));
        // The open data of the period, with its licence and columns.
        assert!(html.contains("href=\"/kinerja.csv?periode=2026-Q1\""));
        assert!(html.contains("href=\"/kinerja.json?periode=2026-Q1\""));
        assert!(html.contains("CC BY 4.0"));
        assert!(html.contains("<code>median_days</code>"));
        // The period chooser offers the periods and marks the one shown.
        assert!(html.contains("<option value=\"2026-Q1\" selected>"));
        assert!(html.contains("<option value=\"2025-Q4\">"));
    }

    #[test]
    fn english_writes_its_own_numbers() {
        let html = page(Lang::En, &screen()).html;
        assert!(html.contains("<td>57.1%</td>"));
        assert!(html.contains("Median within the promise: 1 of 1 services."));
    }

    #[test]
    fn the_dashboard_links_each_overdue_figure_to_its_requests() {
        let rows = rows();
        let link = |service: Option<&str>| {
            let h = Href::path("/staff").param("terlambat", "1");
            match service {
                Some(s) => h.param("service", s),
                None => h,
            }
        };
        let html = agency(Lang::Id, 0, &rows[..3], &[], Some(&link)).into_string();
        assert!(html.contains("href=\"/staff?terlambat=1\""), "{html}");
        assert!(html.contains("href=\"/staff?terlambat=1&amp;service=akta-kelahiran\""));
        // A withheld overdue figure is no link.
        assert!(!html.contains("service=ktp-el-baru"));
        let public = agency(Lang::Id, 0, &rows[..3], &[], None).into_string();
        assert!(!public.contains("overdue-link"));
    }

    #[test]
    fn rows_are_cut_per_agency() {
        let rows = rows();
        let groups = by_agency(&rows);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].len(), 3);
        assert_eq!(groups[1][0].agency, "polri");
        assert!(by_agency(&[]).is_empty());
    }
}
