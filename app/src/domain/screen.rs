//! What a page shows, as data: a catalogue page, the account page or a back-office page. The
//! server functions compute it (`api::catalogue::catalogue_page`), the renderers write it
//! (`ui::render`), so the api never writes markup.

use super::catalogue::Service;
use super::page::Page;
use super::staff::{QueueFilter, QueueRow, ServiceCounts, StaffRequest};
use serde::{Deserialize, Serialize};

/// The data of any page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Screen {
    /// A page of the catalogue (also the frame of an on-device page, and "not found").
    Catalogue(Page),
    /// `/akun`: the citizen's account.
    Account(AccountScreen),
    /// A page of the back office under `/staff`.
    Staff(StaffScreen),
}

/// The account page: who is signed in, and how the last attempt went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountScreen {
    /// The signed-in login; none when signed out.
    pub login: Option<String>,
    /// The last sign-in or sign-up was refused (`?gagal=`).
    pub failed: bool,
    /// How the last password change went (`?sandi=`: `ok` or a refusal's code).
    pub password: Option<String>,
}

/// Who is signed in to the back office, shown in its navigation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// Their login.
    pub login: String,
    /// Their account id.
    pub account_id: String,
    /// Their agency's slug.
    pub agency: String,
    /// An agency admin (may change any of the agency's requests, and manage its staff).
    pub admin: bool,
}

/// One page of the back office, with its data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffScreen {
    /// The sign-in form (`failed`: the last attempt was refused; `next`: where to go after).
    SignIn {
        /// The last attempt was refused.
        failed: bool,
        /// The page to return to.
        next: String,
    },
    /// Signed in, but not agency staff.
    NotStaff,
    /// The password change; `forced` while the account holds a temporary password.
    ChangePassword {
        /// The signed-in login.
        login: String,
        /// The only page such an account gets.
        forced: bool,
        /// How the last change went (`?sandi=`).
        note: Option<String>,
    },
    /// The agency's queue: one page of `pages`, through `filter`.
    Queue {
        /// Who is signed in.
        me: StaffMember,
        /// The requests of this page.
        rows: Vec<QueueRow>,
        /// The filter (and page number) asked for.
        filter: QueueFilter,
        /// How many pages the filter gives.
        pages: u32,
        /// Every active service (names, and the service filter's choices).
        services: Vec<Service>,
    },
    /// One request with its actions, answers, history and audit trail.
    Request {
        /// Who is signed in.
        me: StaffMember,
        /// The request.
        request: Box<StaffRequest>,
        /// Its service (labels for the answers), if still listed.
        service: Option<Box<Service>>,
        /// The last action was refused (`?gagal=`).
        failed: bool,
    },
    /// Per-service counts.
    Dashboard {
        /// Who is signed in.
        me: StaffMember,
        /// The counts.
        counts: Vec<ServiceCounts>,
        /// Every active service (names).
        services: Vec<Service>,
    },
    /// The agency's staff accounts: (login, role, disabled).
    Officers {
        /// Who is signed in.
        me: StaffMember,
        /// The accounts: login, role and whether disabled.
        list: Vec<(String, String, bool)>,
        /// The last change was refused (`?gagal=`).
        failed: bool,
    },
}

impl Screen {
    /// True for pages that do not exist (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Screen::Catalogue(p) if p.is_not_found())
    }
}
