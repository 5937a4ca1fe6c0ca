//! What a page shows, as data: a catalogue page, the account page or a back-office page. The
//! server functions compute it (`api::catalogue::catalogue_page`), the renderers write it
//! (`ui::render`), so the api never writes markup.

use super::catalogue::Service;
use super::page::Page;
use super::performance::Figures;
use super::skm::{IkmRow, Period};
use super::staff::{QueueFilter, QueueRow, StaffRequest};
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
    /// `/layanan/:slug/koreksi`: "Apakah informasi ini benar?" (server-rendered).
    Correction(super::correction::CorrectionScreen),
    /// `/layanan/<slug>/tanya-jawab`: a service's questions (rendered by the server).
    Questions(Box<super::qa::QuestionsScreen>),
    /// `/survei/<service>`: the walk-in satisfaction survey (server-rendered).
    Survey(Box<SurveyScreen>),
    /// `/kinerja`: the public performance figures (server-rendered, so not on the phone).
    #[cfg(feature = "ssr")]
    Performance(Box<PerformanceScreen>),
    /// `/provinsi`: which provinces this phone keeps (server-rendered).
    #[cfg(feature = "ssr")]
    Provinces(Box<ProvincesScreen>),
    /// `/formulir/<slug>` and `/staff/loket/<slug>`: the server's own application form
    /// (issue 13, parts 2 and 3).
    WebForm(Box<super::web_form::WebFormScreen>),
}

/// The province choice (`/provinsi`).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvincesScreen {
    /// How many services the national scope holds (always kept).
    pub national: usize,
    /// Every province by code, with how many services it has.
    pub provinces: Vec<(String, usize)>,
    /// The provinces this phone keeps (from its cookie).
    pub kept: Vec<String>,
    /// Whether the citizen has chosen at all.
    pub chosen: bool,
    /// The choice was just saved (`?tersimpan=1`).
    pub saved: bool,
}

/// The public performance page (`/kinerja?periode=`): the figures of a period, per agency then
/// per service.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformanceScreen {
    /// The period shown.
    pub period: Period,
    /// It was asked for (`?periode=`), rather than the default.
    pub chosen: bool,
    /// The periods with figures, most recent first: quarters and their years.
    pub choices: Vec<Period>,
    /// Each agency's row, then its services' rows (`domain::performance::publish`), of the
    /// agencies on this page.
    pub rows: Vec<super::performance::Figures>,
    /// Which page of the agencies (`?hal=`; `domain::performance::agencies_on_page`).
    pub part: super::page::Part,
    /// The services the rows name, and one of each agency (for its name).
    pub services: Vec<Service>,
}

/// The walk-in survey of a service (`/survei/<service>`): the questionnaire, or thanks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyScreen {
    /// The service asked about.
    pub service: Service,
    /// A fresh UUIDv7 for this questionnaire (a form sent twice is one answer).
    pub id: String,
    /// The answer was stored (`?terima=1`).
    pub thanks: bool,
    /// The *unsur* codes left unanswered in the last try (`?gagal=u1,u3`).
    pub missing: Vec<String>,
    /// The last try was refused for another reason (`?gagal=1`, `batas`: too many).
    pub failed: Option<String>,
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
    /// The OpenID providers offered, (id, name): sign in with one, or link one (issue 13 §4).
    /// Server only: the phone never renders this page.
    #[cfg(feature = "ssr")]
    #[serde(skip)]
    pub providers: Vec<(String, String)>,
    /// Why the last sign-in with a provider was refused (`server::oidc`'s code), if it was.
    #[cfg(feature = "ssr")]
    #[serde(skip)]
    pub oidc_refused: Option<String>,
    /// A citizen signed in just now (`route::ACCOUNT_JUST_SIGNED_IN`): the page asks the phone
    /// to claim the requests it holds keys for.
    #[cfg(feature = "ssr")]
    #[serde(skip)]
    pub claim: bool,
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
    /// The sign-in form (`failed`: why the last attempt was refused; `next`: where to go after).
    SignIn {
        /// Why the last attempt was refused, if it was.
        failed: Option<SignInFailure>,
        /// The page to return to.
        next: String,
        /// The login typed in the attempt that failed, to fill in again.
        login: Option<String>,
        /// The OpenID providers offered, (id, name) (issue 13 §4; server only).
        #[cfg(feature = "ssr")]
        #[serde(skip)]
        providers: Vec<(String, String)>,
        /// Why the last sign-in was refused when a provider is involved: the agency requires
        /// one (`use_provider`) or the provider's answer was refused (`server::oidc`'s code).
        #[cfg(feature = "ssr")]
        #[serde(skip)]
        oidc_refused: Option<String>,
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
    /// The agency's performance figures for a period (those of `/kinerja`) and what needs
    /// attention.
    Dashboard {
        /// Who is signed in.
        me: StaffMember,
        /// The period of the figures (`?periode=`, else this quarter).
        period: Period,
        /// The periods to choose from.
        choices: Vec<Period>,
        /// The agency as a whole, then each service.
        figures: Vec<Figures>,
        /// Stale services and open corrections (issue 11).
        attention: Box<super::desk::Attention>,
        /// Every active service (names).
        services: Vec<Service>,
    },
    /// The satisfaction index (IKM) of the agency and its services for a period.
    Ikm {
        /// Who is signed in.
        me: StaffMember,
        /// The period shown.
        period: Period,
        /// The periods to choose from (this year's quarters and the year).
        choices: Vec<Period>,
        /// The whole agency first, then each service.
        rows: Vec<IkmRow>,
        /// Every active service (names).
        services: Vec<Service>,
    },
    /// The agency's unanswered questions, oldest first (`/staff/tanya-jawab`).
    Questions {
        /// Who is signed in.
        me: StaffMember,
        /// The questions waiting for an official answer.
        waiting: Vec<super::qa::Waiting>,
        /// Every active service (names).
        services: Vec<Service>,
        /// How the last form went: `Some(true)` stored, `Some(false)` refused.
        outcome: Option<bool>,
        /// A fresh id (UUIDv7) the answer forms' ids are made from.
        new_id: String,
    },
    /// Keeping the agency's catalogue fresh: its services, the editor, history, corrections.
    Desk(Box<super::desk::DeskScreen>),
    /// `/staff/loket`: the services of the agency a counter officer files for (issue 13).
    Counter {
        /// Who is signed in.
        me: StaffMember,
        /// They may file at the counter (`domain::web_form::may_file`).
        allowed: bool,
        /// The agency's services that take applications: slug and name.
        services: Vec<(String, super::l10n::Text)>,
    },
    /// The agency's staff accounts: (login, role, disabled).
    Officers {
        /// Who is signed in.
        me: StaffMember,
        /// The accounts: login, role, whether disabled, and whether allowed to file at the
        /// counter (issue 13).
        list: Vec<(String, String, bool, bool)>,
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

/// Why a sign-in from the back office's form failed, carried back to the form in `?gagal=`: an
/// empty field is named (the form does not leave that to the browser, whose message would not
/// be in the page's language); anything else is the one answer for a wrong pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInFailure {
    /// The login and password do not match (or too many tries).
    Wrong,
    /// The login was empty.
    NoLogin,
    /// The password was empty.
    NoPassword,
    /// Both were empty.
    Empty,
}

impl SignInFailure {
    /// The empty fields of a sign-in, if any.
    pub fn of_empty(login: &str, password: &str) -> Option<SignInFailure> {
        match (login.trim().is_empty(), password.is_empty()) {
            (true, true) => Some(SignInFailure::Empty),
            (true, false) => Some(SignInFailure::NoLogin),
            (false, true) => Some(SignInFailure::NoPassword),
            (false, false) => None,
        }
    }

    /// The value of `?gagal=` for it.
    pub fn code(self) -> &'static str {
        match self {
            SignInFailure::Wrong => "1",
            SignInFailure::NoLogin => "login",
            SignInFailure::NoPassword => "sandi",
            SignInFailure::Empty => "kosong",
        }
    }

    /// Reads `?gagal=`: an unknown value is a wrong pair.
    pub fn parse(code: &str) -> SignInFailure {
        match code {
            "login" => SignInFailure::NoLogin,
            "sandi" => SignInFailure::NoPassword,
            "kosong" => SignInFailure::Empty,
            _ => SignInFailure::Wrong,
        }
    }

    /// The login field is at fault (empty, or half of a wrong pair).
    pub fn login_at_fault(self) -> bool {
        self != SignInFailure::NoPassword
    }

    /// The password field is empty.
    pub fn password_empty(self) -> bool {
        matches!(self, SignInFailure::NoPassword | SignInFailure::Empty)
    }
}

#[cfg(test)]
mod tests {
    use super::SignInFailure;

    #[test]
    fn a_sign_in_failure_goes_through_its_code_and_back() {
        for f in [
            SignInFailure::Wrong,
            SignInFailure::NoLogin,
            SignInFailure::NoPassword,
            SignInFailure::Empty,
        ] {
            assert_eq!(SignInFailure::parse(f.code()), f);
        }
        assert_eq!(SignInFailure::parse("<script>"), SignInFailure::Wrong);
        assert_eq!(SignInFailure::of_empty(" ", ""), Some(SignInFailure::Empty));
        assert_eq!(
            SignInFailure::of_empty("", "x"),
            Some(SignInFailure::NoLogin)
        );
        assert_eq!(
            SignInFailure::of_empty("a@b.id", ""),
            Some(SignInFailure::NoPassword)
        );
        assert_eq!(SignInFailure::of_empty("a@b.id", "x"), None);
    }
}
