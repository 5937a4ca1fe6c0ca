//! The hooks the phone's wiring looks for in rendered pages, named once.
//!
//! The renderers (`ui::html`, `ui::form_html`, `ui::staff_html`) write these attributes and
//! the wiring (`ui::nav`, `ui::pages`) finds elements by them; neither side spells an
//! attribute name or a selector of its own. `data-testid` attributes are for the tests only:
//! no wiring reads them.

/// A form whose submit the phone handles: `data-form="<value>"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormRole {
    /// One section of an application (`?bagian=N`).
    Section,
    /// *Kirim permohonan* on *check your answers*.
    Submit,
    /// `/lacak`: reference number and PIN.
    Track,
    /// The citizen's account forms on `/akun` (the action is in [`Hook::Account`]).
    Account,
    /// The catalogue search form.
    Search,
    /// The satisfaction survey of a closed request (`data-app`: the application).
    Survey,
    /// A question on a service's *Tanya jawab* page (kept and sent by the outbox).
    Ask,
}

impl FormRole {
    /// The attribute that carries the role.
    pub const ATTR: &'static str = "data-form";
    /// Every role, to read one back from the page.
    pub const ALL: [FormRole; 7] = [
        FormRole::Section,
        FormRole::Submit,
        FormRole::Track,
        FormRole::Account,
        FormRole::Search,
        FormRole::Survey,
        FormRole::Ask,
    ];

    /// The attribute's value.
    pub const fn value(self) -> &'static str {
        match self {
            FormRole::Section => "section",
            FormRole::Submit => "submit",
            FormRole::Track => "track",
            FormRole::Account => "account",
            FormRole::Search => "search",
            FormRole::Survey => "survey",
            FormRole::Ask => "ask",
        }
    }

    /// The selector that finds the form.
    pub const fn selector(self) -> &'static str {
        match self {
            FormRole::Section => "form[data-form=section]",
            FormRole::Submit => "form[data-form=submit]",
            FormRole::Track => "form[data-form=track]",
            FormRole::Account => "form[data-form=account]",
            FormRole::Search => "form[data-form=search]",
            FormRole::Survey => "form[data-form=survey]",
            FormRole::Ask => "form[data-form=ask]",
        }
    }

    /// The role a form's `data-form` value names.
    pub fn parse(value: &str) -> Option<FormRole> {
        FormRole::ALL.into_iter().find(|r| r.value() == value)
    }
}

/// A place the wiring writes into: `data-slot="<value>"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The GOV.UK error summary of a section.
    ErrorSummary,
    /// "Saved on this phone" under a section.
    SaveStatus,
    /// The error summary of `/lacak`.
    TrackError,
    /// The error summary of the account forms.
    AccountError,
    /// The warning that the phone may clear its storage.
    StorageWarning,
    /// How many requirements of the checklist are ticked ("3 dari 7 siap").
    Ready,
    /// On the account page right after a sign-in with a provider: claim this phone's requests.
    Claim,
}

impl Slot {
    /// The attribute that carries the slot.
    pub const ATTR: &'static str = "data-slot";

    /// The attribute's value.
    pub const fn value(self) -> &'static str {
        match self {
            Slot::ErrorSummary => "error-summary",
            Slot::SaveStatus => "save-status",
            Slot::TrackError => "track-error",
            Slot::AccountError => "account-error",
            Slot::StorageWarning => "storage-warning",
            Slot::Ready => "ready",
            Slot::Claim => "claim",
        }
    }

    /// The selector that finds the slot.
    pub const fn selector(self) -> &'static str {
        match self {
            Slot::ErrorSummary => "[data-slot=error-summary]",
            Slot::SaveStatus => "[data-slot=save-status]",
            Slot::TrackError => "[data-slot=track-error]",
            Slot::AccountError => "[data-slot=account-error]",
            Slot::StorageWarning => "[data-slot=storage-warning]",
            Slot::Ready => "[data-slot=ready]",
            Slot::Claim => "[data-slot=claim]",
        }
    }
}

/// A button the phone acts on; the attribute's value is what it acts on (an application's
/// id, a request's id), or empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Send a waiting application now.
    SendNow,
    /// Take a waiting application back to a draft.
    Cancel,
    /// Open the delete confirmation.
    Delete,
    /// Close the delete confirmation (keep the application).
    Keep,
    /// Delete for good.
    ConfirmDelete,
    /// Withdraw a sent request.
    CancelRequest,
    /// Answer the agency's request for more information.
    Answer,
}

impl Action {
    /// Every action, in the order the wiring tries them.
    pub const ALL: [Action; 7] = [
        Action::SendNow,
        Action::Cancel,
        Action::Delete,
        Action::Keep,
        Action::ConfirmDelete,
        Action::CancelRequest,
        Action::Answer,
    ];
    /// The selector that finds any action button.
    pub const ANY: &'static str = "button[data-send-now], button[data-cancel], \
        button[data-delete], button[data-keep], button[data-confirm-delete], \
        button[data-cancel-request], button[data-answer]";

    /// The attribute's name.
    pub const fn attr(self) -> &'static str {
        match self {
            Action::SendNow => "data-send-now",
            Action::Cancel => "data-cancel",
            Action::Delete => "data-delete",
            Action::Keep => "data-keep",
            Action::ConfirmDelete => "data-confirm-delete",
            Action::CancelRequest => "data-cancel-request",
            Action::Answer => "data-answer",
        }
    }
}

/// Attributes that carry data from the renderer to the wiring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// On a field's wrapper: the field's id.
    Field,
    /// On a file input: its field's id.
    File,
    /// On a file's status line: its field's id.
    FileStatus,
    /// On a section form: the application's id.
    App,
    /// On a section form: the section's index.
    Section,
    /// On an account form: what it does (`sign-in`, `register`, ...).
    Account,
    /// On the save status: how many saves completed.
    Saves,
    /// On the requirement checklist: the service whose ticks it keeps.
    Ticks,
    /// On a requirement's checkbox: the requirement's key.
    Key,
}

impl Hook {
    /// The attribute's name.
    pub const fn attr(self) -> &'static str {
        match self {
            Hook::Field => "data-field",
            Hook::File => "data-file",
            Hook::FileStatus => "data-file-status",
            Hook::App => "data-app",
            Hook::Section => "data-section",
            Hook::Account => "data-account",
            Hook::Saves => "data-saves",
            Hook::Ticks => "data-ticks",
            Hook::Key => "data-key",
        }
    }
}

/// Classes the wiring reads or sets (the style sheet styles them too).
pub mod class {
    /// A field showing a problem.
    pub const HAS_ERROR: &str = "has-error";
    /// A link inside an error summary (focuses its field).
    pub const SUMMARY_LINK: &str = ".error-summary a";
    /// A date's day and month boxes (its year box is `-year`): leaving them is not yet an
    /// answer to check.
    pub const DATE_START: &str = ".date-input input:not([id$=\"-year\"])";
    /// The delete row of an application and its confirmation.
    pub const DELETE: &str = ".delete";
    /// The confirmation inside [`DELETE`].
    pub const CONFIRM: &str = ".confirm";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_match_the_names() {
        for r in FormRole::ALL {
            assert_eq!(
                r.selector(),
                format!("form[{}={}]", FormRole::ATTR, r.value())
            );
            assert_eq!(FormRole::parse(r.value()), Some(r));
        }
        for s in [
            Slot::ErrorSummary,
            Slot::SaveStatus,
            Slot::TrackError,
            Slot::AccountError,
            Slot::StorageWarning,
            Slot::Ready,
            Slot::Claim,
        ] {
            assert_eq!(s.selector(), format!("[{}={}]", Slot::ATTR, s.value()));
        }
        let any: Vec<String> = Action::ALL
            .iter()
            .map(|a| format!("button[{}]", a.attr()))
            .collect();
        assert_eq!(Action::ANY, any.join(", "));
    }
}
