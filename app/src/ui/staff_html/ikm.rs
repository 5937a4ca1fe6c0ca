//! The satisfaction index (`/staff/ikm`): per period, the IKM of the agency and of each of its
//! services as PermenPANRB 14/2017 computes it, the sample reached against the Krejcie–Morgan
//! sample required, and beside it (never blended into it) what citizens expected against what
//! happened. Only aggregates of at least five answers reach this page.

use super::{agency_name, nav, service_name};
use crate::domain::catalogue::Service;
use crate::domain::l10n::Lang;
use crate::domain::screen::StaffMember;
use crate::domain::skm::{
    decimal, krejcie_morgan, Grade, IkmRow, Period, Tally, BIAYA, UNSUR, WAKTU,
};
use crate::i18n::Msg;
use crate::ui::html::Rendered;
use crate::ui::survey_html::pick;
use maud::{html, Markup};

/// The page: the period chooser, then the agency's row and one per service.
pub fn ikm(
    lang: Lang,
    me: &StaffMember,
    period: Period,
    choices: &[Period],
    rows: &[IkmRow],
    services: &[Service],
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        (nav(lang, &me.login))
        h1 { (t(Msg::Ikm)) }
        p.caption { (agency_name(services, &me.agency, lang)) " · " (period_name(period, lang)) }
        (period_form(lang, "/staff/ikm", "ikm-period", period, choices))
        p.hint { (t(Msg::IkmMethod)) }
        @for r in rows {
            (row(lang, r, services))
        }
    };
    Rendered::page(t(Msg::Ikm).into(), body)
}

/// The period chooser: a plain `GET` form to `action` with `?periode=` (`testid` names it).
pub(crate) fn period_form(
    lang: Lang,
    action: &'static str,
    testid: &'static str,
    period: Period,
    choices: &[Period],
) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        form.form method="get" action=(action) data-testid=(testid) {
            div.field {
                label for="f-periode" { (t(Msg::IkmPeriod)) }
                select #f-periode name="periode" {
                    @for p in choices {
                        option value=(p.code()) selected[*p == period] { (period_name(*p, lang)) }
                    }
                }
            }
            div.actions { button.button.secondary type="submit" { (t(Msg::IkmShow)) } }
        }
    }
}

/// "Triwulan 3 2026" or "Tahun 2026".
pub(crate) fn period_name(p: Period, lang: Lang) -> String {
    match p.quarter {
        Some(q) => format!("{} {q} {}", Msg::IkmQuarter.get(lang), p.year),
        None => format!("{} {}", Msg::IkmYear.get(lang), p.year),
    }
}

/// One section: the whole agency or one service.
fn row(lang: Lang, r: &IkmRow, services: &[Service]) -> Markup {
    let t = |m: Msg| m.get(lang);
    let title = match &r.service {
        Some(slug) => service_name(services, slug, lang),
        None => t(Msg::IkmWholeAgency).to_string(),
    };
    let testid = if r.service.is_some() {
        "ikm-service"
    } else {
        "ikm-agency"
    };
    html! {
        section.ikm data-testid=(testid) data-service=[r.service.as_deref()] {
            h2 { (title) }
            @match &r.tally {
                Some(tally) => (figures(lang, tally, r.population)),
                None => p data-testid="ikm-too-few" { (t(Msg::IkmTooFew)) },
            }
            (gaps(lang, r))
            @if let Some(slug) = &r.service {
                @let path = format!("/survei/{}", crate::domain::route::encode(slug));
                p {
                    a href=(path) { (t(Msg::IkmWalkIn)) } " · "
                    a href={ (path) "/qr.svg" } { (t(Msg::IkmQr)) }
                }
            }
        }
    }
}

/// The IKM, its grade, the sample against the required one, and the NRR per *unsur*.
fn figures(lang: Lang, tally: &Tally, population: u64) -> Markup {
    let t = |m: Msg| m.get(lang);
    let comma = lang == Lang::Id;
    let ikm = tally.ikm_hundredths().unwrap_or(0);
    let grade = Grade::of(ikm);
    let (perf_id, perf_en) = grade.performance();
    html! {
        dl.ikm-facts {
            dt { (t(Msg::IkmValue)) }
            dd data-testid="ikm-value" { (decimal(ikm, comma)) }
            dt { (t(Msg::IkmGrade)) }
            dd data-testid="ikm-grade" { (grade.letter()) " (" (pick((perf_id, perf_en), lang)) ")" }
            dt { (t(Msg::IkmSample)) }
            dd data-testid="ikm-sample" { (tally.n) " / " (krejcie_morgan(population)) }
            dt { (t(Msg::IkmRequests)) }
            dd { (population) }
        }
        table.tariffs data-testid="ikm-nrr" {
            caption { (t(Msg::IkmNrr)) }
            thead { tr { th scope="col" { (t(Msg::IkmUnsur)) } th scope="col" { "NRR" } } }
            tbody {
                @for (i, u) in UNSUR.iter().enumerate() {
                    tr data-unsur=(u.code) {
                        th scope="row" { "U" (i + 1) " " (pick(u.name, lang)) }
                        td { (decimal(tally.nrr_hundredths(i).unwrap_or(0), comma)) }
                    }
                }
            }
        }
    }
}

/// Expected against actual, apart from the IKM: the mean gap in working days and in cost, and
/// the perception of *Waktu* and *Biaya* beside them.
fn gaps(lang: Lang, r: &IkmRow) -> Markup {
    let t = |m: Msg| m.get(lang);
    let comma = lang == Lang::Id;
    let days = r.gaps.days_tenths().map(|d| signed_tenths(d, comma));
    let cost = r.gaps.cost_mean().map(|c| {
        let sign = if c < 0 { "−" } else { "+" };
        format!(
            "{sign}{}",
            crate::domain::money::format_idr(c.unsigned_abs())
        )
    });
    let perceived = r.tally.map(|tally| {
        let nrr = |i| decimal(tally.nrr_hundredths(i).unwrap_or(0), comma);
        format!("{} / {}", nrr(WAKTU), nrr(BIAYA))
    });
    let none = t(Msg::IkmGapNone);
    html! {
        h3 { (t(Msg::IkmGaps)) }
        dl.ikm-facts data-testid="ikm-gaps" {
            dt { (t(Msg::IkmGapDays)) }
            dd data-testid="ikm-gap-days" { (days.as_deref().unwrap_or(none)) }
            dt { (t(Msg::IkmGapCost)) }
            dd data-testid="ikm-gap-cost" { (cost.as_deref().unwrap_or(none)) }
            dt { (t(Msg::IkmPerceived)) }
            dd data-testid="ikm-perceived" { (perceived.as_deref().unwrap_or(t(Msg::IkmFewer))) }
        }
    }
}

/// Tenths with a sign: `+1,5` / `−0.7`.
fn signed_tenths(tenths: i64, comma: bool) -> String {
    let sign = if tenths < 0 { "−" } else { "+" };
    let a = tenths.unsigned_abs();
    let sep = if comma { ',' } else { '.' };
    format!("{sign}{}{sep}{}", a / 10, a % 10)
}
