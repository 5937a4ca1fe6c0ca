//! Changing an answer from "check your answers" (`?bagian=N&ubah=FIELD`): the section opens
//! with the focus on that question, and `draft::next` returns to "check your answers".

use super::dom::{document, focus};

/// Puts the focus on the question named by `?ubah=` unless the citizen has already moved it
/// (the page may be shown again while they type elsewhere).
pub(super) fn focus_field() {
    let Some(field) = super::load::query("ubah") else {
        return;
    };
    let Some(doc) = document() else { return };
    let idle = doc
        .active_element()
        .is_none_or(|a| a.id() == "main" || a.tag_name() == "BODY");
    if !idle {
        return;
    }
    if let Some(el) = doc.get_element_by_id(&format!("f-{field}")) {
        focus(&el);
    }
}
