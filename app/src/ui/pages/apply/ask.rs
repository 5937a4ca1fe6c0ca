//! A question asked on a service's *Tanya jawab* page: checked on the phone by the server's
//! own rule (a NIK, a mobile number or an e-mail address is refused before anything is kept),
//! then kept on the phone (`local::questions`) under a new UUIDv7 and sent by the outbox (`qa/ask-app`), at once or when the
//! connection returns.

use super::dom::{focus, named_value, put, set_hidden, slot};
use super::state;
use crate::api::qa::QaAskApp;
use crate::domain::qa::{check_text, TextKind};
use crate::i18n::{qa_problem, Msg};
use crate::local::{now_millis, outbox, questions};
use crate::ui::hook::Slot;
use wasm_bindgen::JsCast;

/// Keeps the question of `form` for the outbox, or names what is wrong with it.
pub(super) async fn ask(form: web_sys::HtmlFormElement) {
    let lang = state::lang();
    let Some(summary) = slot(Slot::ErrorSummary) else {
        return;
    };
    let typed = form
        .query_selector("[name=body]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default();
    let body = match check_text(TextKind::Question, &typed) {
        Ok(body) => body,
        Err(problem) => {
            put(
                &summary,
                "p",
                &[],
                &qa_problem(problem, TextKind::Question, lang),
            );
            set_hidden(&summary, false);
            super::errors::mark_title(true);
            return focus(&summary);
        }
    };
    let q = QaAskApp {
        id: super::load::new_id(now_millis()),
        service: named_value(&form, "service"),
        body,
    };
    if !questions::add(q) {
        return;
    }
    super::errors::mark_title(false);
    // The form gives way to the notice: the question is the phone's to send now.
    put(
        &summary,
        "p",
        &[("data-testid", "qa-queued")],
        Msg::QaQueued.get(lang),
    );
    let _ = summary.set_attribute("class", "notice");
    let _ = summary.set_attribute("role", "status");
    set_hidden(&summary, false);
    set_hidden(&form, true);
    super::ensure_outbox();
    super::badge::changed_count();
    outbox::kick(true);
}
