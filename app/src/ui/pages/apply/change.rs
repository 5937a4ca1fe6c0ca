//! Changing an answer from "check your answers" (`?bagian=N&ubah=FIELD`): the section opens
//! with the focus on that question, and `draft::next` returns to "check your answers".

use super::dom::{closest, document, focus};

/// Puts the focus on the question named by `?ubah=` unless the citizen is already in the form
/// (the page may be shown again while they type).
pub(super) fn focus_field() {
    let Some(field) = super::load::query("ubah") else {
        return;
    };
    let Some(doc) = document() else { return };
    // Already in the form: the citizen is typing; leave the focus where it is.
    if doc
        .active_element()
        .is_some_and(|a| closest(&a, "form").is_some())
    {
        return;
    }
    if let Some(el) = doc.get_element_by_id(&format!("f-{field}")) {
        focus(&el);
    }
}
