//! The back office's pages for keeping the catalogue fresh, as data: the agency's services with
//! what needs attention (stale information, open corrections), the editor, the preview of a
//! publication and a service's history.

use super::catalogue::Service;
use super::correction::Correction;
use super::screen::StaffMember;
use super::service_edit::{Change, EditProblem};
use serde::{Deserialize, Serialize};

/// One of the agency's services, in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    /// The service.
    pub service: Service,
    /// Its revision now (what "Masih benar" confirms).
    pub revision: i64,
    /// Verified more than 12 months ago.
    pub stale: bool,
}

/// One kept revision with what it changed from the one before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The catalogue revision.
    pub revision: i64,
    /// `import`, `publish` or `confirm`.
    pub action: String,
    /// Who (a login, or `import`).
    pub actor: String,
    /// When (UTC, ISO 8601).
    pub at: String,
    /// What changed from the revision before (empty for the first).
    pub changes: Vec<Change>,
}

/// A page of the catalogue desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeskScreen {
    /// `/staff/layanan`: the agency's services, stale ones first, and its open corrections.
    Services {
        /// Who is signed in.
        me: StaffMember,
        /// The services, oldest verified first.
        rows: Vec<ServiceRow>,
        /// The open corrections, oldest first.
        corrections: Vec<Correction>,
        /// What the last change did (`?ok=`) or why it was refused (`?gagal=`).
        note: Option<String>,
    },
    /// `/staff/layanan/:slug/ubah`: every editable value of one service.
    Edit {
        /// Who is signed in.
        me: StaffMember,
        /// The service now.
        service: Box<Service>,
        /// Its revision now.
        revision: i64,
        /// The values in the editor (the service's, or those of a refused preview).
        values: Vec<(String, String)>,
        /// Why the values cannot be published, if they cannot.
        problem: Option<EditProblem>,
    },
    /// `/staff/layanan/:slug/pratinjau?…`: what publishing the edited values would change.
    Preview {
        /// Who is signed in.
        me: StaffMember,
        /// The service now.
        service: Box<Service>,
        /// Its revision now.
        revision: i64,
        /// The changes, value by value.
        changes: Vec<Change>,
        /// The new document as JSON, posted by "Terbitkan".
        doc: String,
    },
    /// `/staff/layanan/:slug/riwayat`: every revision with who, when and what changed.
    History {
        /// Who is signed in.
        me: StaffMember,
        /// The service now.
        service: Box<Service>,
        /// The revisions, newest first.
        entries: Vec<HistoryEntry>,
        /// The corrections of this service (any status), newest first.
        corrections: Vec<Correction>,
    },
}

/// What needs the agency's attention, oldest first: services verified more than 12 months ago,
/// open corrections and unanswered questions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    /// Stale services, least recently verified first.
    pub stale: Vec<ServiceRow>,
    /// Open corrections, oldest first, with their service's name.
    pub corrections: Vec<(Correction, super::l10n::Text)>,
    /// Questions without an official or accepted answer, oldest first.
    #[serde(default)]
    pub questions: Vec<super::qa::Waiting>,
}
