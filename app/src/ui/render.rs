//! Any page's data (`domain::screen::Screen`) as HTML: catalogue pages through `ui::html`, the
//! account and back-office pages through `ui::staff_html` and the performance page through
//! `ui::kinerja_html` (server only).

use crate::domain::date::Date;
use crate::domain::l10n::Lang;
use crate::domain::screen::{Screen, StaffScreen};
use crate::ui::html::{self, Rendered};
use crate::ui::staff_html;

/// The page `screen` in `lang`, as of `today`.
pub fn render(screen: &Screen, lang: Lang, today: Date) -> Rendered {
    match screen {
        Screen::Catalogue(page) => html::render(page, lang, today),
        Screen::Account(account) => staff_html::account(lang, account),
        Screen::Staff(staff) => render_staff(staff, lang, today),
        Screen::Survey(survey) => staff_html::survey(lang, survey),
        Screen::Questions(q) => staff_html::questions(lang, q),
        Screen::Correction(c) => staff_html::correction(lang, c),
        Screen::Performance(p) => crate::ui::kinerja_html::page(lang, p),
        Screen::Provinces(p) => crate::ui::provinces_html::page(lang, p),
        Screen::WebForm(w) => crate::ui::web_form_html::page(w, lang, today),
    }
}

/// One back-office page.
fn render_staff(screen: &StaffScreen, lang: Lang, today: Date) -> Rendered {
    match screen {
        StaffScreen::SignIn {
            failed,
            next,
            login,
            providers,
            oidc_refused,
        } => {
            let oidc = staff_html::oidc::Offer {
                providers,
                next,
                linking: false,
            };
            let refused = oidc_refused.as_deref();
            staff_html::sign_in(lang, *failed, next, login.as_deref(), &oidc, refused)
        }
        StaffScreen::NotStaff => staff_html::not_staff(lang),
        StaffScreen::ChangePassword {
            login,
            forced,
            note,
        } => staff_html::change_password(lang, login, *forced, note.as_deref()),
        StaffScreen::Queue {
            me,
            rows,
            filter,
            pages,
            services,
        } => staff_html::queue(lang, me, rows, filter, *pages, services, today),
        StaffScreen::Request {
            me,
            request,
            service,
            failed,
        } => staff_html::request(lang, me, request, service.as_deref(), today, *failed),
        StaffScreen::Dashboard {
            me,
            period,
            choices,
            figures,
            services,
            attention,
        } => staff_html::dashboard(lang, me, (*period, choices), figures, services, attention),
        StaffScreen::Ikm {
            me,
            period,
            choices,
            rows,
            services,
        } => staff_html::ikm(lang, me, *period, choices, rows, services),
        StaffScreen::Officers { me, list, failed } => staff_html::officers(lang, me, list, *failed),
        StaffScreen::Questions {
            me,
            waiting,
            services,
            outcome,
            new_id,
        } => staff_html::questions_queue(lang, me, waiting, services, *outcome, new_id),
        StaffScreen::Desk(desk) => staff_html::desk(desk, lang),
        StaffScreen::Counter {
            me,
            allowed,
            services,
        } => crate::ui::web_form_html::counter_start(me, *allowed, services, lang),
    }
}
