//! The province choice page (`/provinsi`, server only): a plain form, so it works without the
//! phone's code, listing every province with how many services it has.

use crate::domain::l10n::Lang;
use crate::domain::screen::ProvincesScreen;
use crate::domain::sync::province_name;
use crate::i18n::Msg;
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// The page.
pub fn page(lang: Lang, s: &ProvincesScreen) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        h1 { (t(Msg::Provinces)) }
        @if s.saved {
            p.notice role="status" data-testid="provinces-saved" { (t(Msg::ProvincesSaved)) }
        }
        p { (t(Msg::ProvincesIntro)) }
        p.hint data-testid="provinces-national" {
            (Msg::ProvincesNational.with(lang, s.national))
        }
        form method="get" action=(crate::api::provinces::SAVE_PATH) data-testid="provinces-form" {
            fieldset {
                legend { (t(Msg::ProvincesPick)) }
                ul.choices { @for (code, n) in &s.provinces {
                    (choice(lang, code, *n, s.kept.iter().any(|k| k == code)))
                } }
            }
            button type="submit" data-testid="provinces-save" { (t(Msg::ProvincesSave)) }
        }
        @if !s.chosen { p.hint { (t(Msg::ProvincesNotYet)) } }
    };
    Rendered::page(t(Msg::Provinces).to_string(), body)
}

/// One province's box.
fn choice(lang: Lang, code: &str, services: usize, kept: bool) -> Markup {
    let id = format!("p{code}");
    html! {
        li {
            input type="checkbox" name="p" value=(code) id=(id) checked[kept];
            label for=(id) {
                (province_name(code, lang).unwrap_or(code)) " "
                span.count { "(" (services) " " (Msg::ServicesUnit.get(lang)) ")" }
            }
        }
    }
}
