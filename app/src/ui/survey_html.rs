//! The nine questions of the satisfaction survey (SKM) as a form's fields: each *unsur* a
//! fieldset of four radio buttons with the regulation's answers. Used by the walk-in page
//! (server) and the request's survey (phone); written with `maud::html!`, so every value is
//! escaped.

use crate::domain::l10n::Lang;
use crate::domain::skm::UNSUR;
use maud::{html, Markup};

/// The text of a pair (Indonesian, English) in `lang`.
pub fn pick(pair: (&'static str, &'static str), lang: Lang) -> &'static str {
    match lang {
        Lang::Id => pair.0,
        Lang::En => pair.1,
    }
}

/// The nine questions; `chosen[i]` (1–4) is checked, and the *unsur* whose code is in
/// `missing` are marked as not answered with `missing_msg`.
pub fn questions(lang: Lang, chosen: &[u8], missing: &[String], missing_msg: &str) -> Markup {
    html! {
        @for (i, u) in UNSUR.iter().enumerate() {
            @let wrong = missing.iter().any(|m| m == u.code);
            @let picked = chosen.get(i).copied().unwrap_or(0);
            fieldset.field.has-error[wrong] data-unsur=(u.code) {
                legend { (i + 1) ". " (pick(u.question, lang)) }
                p.hint id={ "f-" (u.code) "-hint" } { (pick(u.name, lang)) }
                @if wrong {
                    p.field-error id={ "f-" (u.code) "-error" } { (missing_msg) }
                }
                div.choices {
                    @for (v, label) in u.scale.iter().enumerate() {
                        @let value = v as u8 + 1;
                        label.choice {
                            @if v == 0 {
                                input type="radio" id={ "f-" (u.code) } name=(u.code)
                                    value=(value) checked[picked == value]
                                    aria-describedby={ "f-" (u.code) "-hint" };
                            } @else {
                                input type="radio" id={ "f-" (u.code) "-" (v) } name=(u.code)
                                    value=(value) checked[picked == value]
                                    aria-describedby={ "f-" (u.code) "-hint" };
                            }
                            " " span { (pick(*label, lang)) }
                        }
                    }
                }
            }
        }
    }
}
