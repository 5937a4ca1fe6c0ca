//! The optional expectations on *Periksa jawaban Anda* (working days, cost, readiness): read
//! from the form by the one rule (`Expectation::read`, which the server applies too), each
//! problem shown on its field and in the error summary.

use super::dom::{find, focus, named_value, put, set_hidden, slot};
use super::state;
use crate::domain::form::Problem;
use crate::domain::skm::Expectation;
use crate::i18n::Msg;
use crate::ui::hook::Slot;

/// What the citizen expects (`Ok(None)` when nothing was given), or `Err` once the problems
/// are shown.
pub(super) fn read(form: &web_sys::HtmlFormElement) -> Result<Option<Expectation>, ()> {
    let ready = form
        .query_selector("[name=expect_ready]:checked")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("value"))
        .unwrap_or_default();
    let days = named_value(form, "expect_days");
    let cost = named_value(form, "expect_cost");
    let lang = state::lang();
    for id in ["expect_days", "expect_cost", "expect_ready"] {
        if let Some(line) = find(&format!("#f-{id}-error")) {
            set_hidden(&line, true);
        }
    }
    match Expectation::read(&days, &cost, &ready) {
        Ok(e) if e == Expectation::default() => Ok(None),
        Ok(e) => Ok(Some(e)),
        Err(errors) => {
            let mut first = None;
            for e in &errors {
                let text = match e.problem {
                    Problem::TooLarge { .. } => Msg::ExpectTooLarge,
                    _ => Msg::ExpectNumber,
                }
                .get(lang);
                if let Some(line) = find(&format!("#f-{}-error", e.field)) {
                    put(&line, "span", &[], text);
                    set_hidden(&line, false);
                }
                first.get_or_insert(text);
            }
            if let (Some(summary), Some(text)) = (slot(Slot::ErrorSummary), first) {
                put(&summary, "p", &[], text);
                set_hidden(&summary, false);
                super::errors::mark_title(true);
                focus(&summary);
            }
            Err(())
        }
    }
}
