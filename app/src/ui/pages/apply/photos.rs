//! Photos and files chosen for a file field: made small, kept on the phone, answered by their
//! hash, with the field's status line saying what is kept.

use super::dom::put;
use super::errors::{check_field, show_field_text};
use super::{draft, state};
use crate::domain::application::FileInfo;
use crate::domain::form::{Answer, FieldKind};
use crate::i18n::Msg;
use crate::local::apps;
use crate::local::files::{self, FileProblem};
use crate::ui::form_html;
use crate::ui::hook::Hook;

/// The largest file the field `id` of the draft shown takes, if it is a file field.
fn max_bytes(id: &str) -> Option<u64> {
    state::draft(|d| match d?.1.field(id)?.kind {
        FieldKind::File { max_bytes } => Some(max_bytes),
        _ => None,
    })
}

/// Writes what is kept for the field `id` into its status line (nothing: empty).
fn show_kept(status: &web_sys::Element, id: &str, info: Option<&FileInfo>) {
    let line = info.map(|info| form_html::file_status_markup(id, info, state::lang()));
    // The line comes from the renderer that wrote the page (it escapes the file's name).
    status.set_inner_html(&line.map(|m| m.into_string()).unwrap_or_default());
}

/// Makes a chosen file ready and keeps it on the phone; returns its hash and description.
async fn keep(file: &web_sys::File, max: u64) -> Result<(String, FileInfo), FileProblem> {
    let (sha, blob, info) = files::prepare(file, max).await?;
    apps::put_file(&sha, &blob)
        .await
        .map_err(|_| FileProblem::Unreadable)?;
    Ok((sha, info))
}

/// Answers the field `id` with the kept file `sha`, forgetting a file no answer uses any more.
fn answer_with(id: &str, sha: String, info: FileInfo) {
    state::draft_mut(|d| {
        let Some((app, _)) = d else { return };
        if let Some(Answer::One(old)) = app.answers.insert(id.to_string(), Answer::One(sha.clone()))
        {
            if old != sha && !app.answers.values().any(|a| *a == Answer::One(old.clone())) {
                app.files.remove(&old);
            }
        }
        app.files.insert(sha, info);
    });
}

/// What to tell the citizen about a file that was not kept.
fn problem_text(p: FileProblem, max: u64) -> String {
    let lang = state::lang();
    match p {
        FileProblem::NotSupported => Msg::FileNotSupported.get(lang).to_string(),
        FileProblem::TooLarge => format!(
            "{} {} MB",
            Msg::FileTooLarge.get(lang),
            max as f64 / 1_000_000.0
        ),
        FileProblem::Unreadable => Msg::FileUnreadable.get(lang).to_string(),
    }
}

/// A photo or file chosen for a file field: made small, kept on the phone, answered by hash.
pub(super) async fn choose_file(input: web_sys::HtmlInputElement) {
    let Some(form) = input.closest("form").ok().flatten() else {
        return;
    };
    let id = input.name();
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    let Some(max) = max_bytes(&id) else { return };
    let status = form
        .query_selector(&format!("[{}=\"{id}\"]", Hook::FileStatus.attr()))
        .ok()
        .flatten();
    if let Some(s) = &status {
        let working = Msg::FileWorking.get(state::lang());
        put(
            s,
            "p",
            &[("class", "hint"), ("aria-live", "polite")],
            working,
        );
    }
    match keep(&file, max).await {
        Ok((sha, info)) => {
            let shown = info.clone();
            answer_with(&id, sha, info);
            draft::save_now().await;
            if let Some(s) = &status {
                show_kept(s, &id, Some(&shown));
            }
            check_field(&form, &id);
        }
        Err(p) => {
            // Put back what was kept before, if anything.
            let before = state::draft(|d| {
                let (app, _) = d?;
                match app.answers.get(&id)? {
                    Answer::One(sha) => app.files.get(sha).cloned(),
                    Answer::Many(_) => None,
                }
            });
            if let Some(s) = &status {
                show_kept(s, &id, before.as_ref());
            }
            show_field_text(&form, &id, Some(&problem_text(p, max)));
        }
    }
}
