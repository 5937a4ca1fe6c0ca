//! The back office as HTML, rendered on the server only (it needs the database and the
//! session, and staff work online): the queue, one request with its actions, the dashboard,
//! the staff list, the password change and the sign-in form; and the citizen's account page.
//! Every change is a plain HTML form posted to a server function, which sends the browser back
//! to the page, so it works with or without the app's WASM (and adds nothing to the phone's
//! bundle). Written with `maud::html!`: every value is escaped by construction.

mod account;
mod correction;
mod desk;
mod history;
mod ikm;
mod office;
pub mod oidc;
mod qa;
mod queue;
mod request;
mod survey;

pub use account::account;
pub use correction::{correction, field_label};
pub use desk::desk;
pub use ikm::ikm;
pub(crate) use ikm::{period_form, period_name};
pub use office::{dashboard, officers};
pub use qa::{questions, queue as questions_queue};
pub use queue::queue;
pub use request::request;
pub use survey::survey;

use super::html::Rendered;
use crate::domain::catalogue::Service;
use crate::domain::l10n::Lang;
use crate::domain::screen::SignInFailure;
use crate::i18n::Msg;
use maud::{html, Markup};

/// The back office's navigation, closed by who is signed in and "Keluar".
pub(crate) fn nav(lang: Lang, login: &str) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        nav class="staff-nav" data-staff {
            a href="/staff" { (t(Msg::Queue)) } " · "
            a href="/staff/dasbor" { (t(Msg::Dashboard)) } " · "
            a href="/staff/ikm" data-testid="nav-ikm" { (t(Msg::IkmNav)) } " · "
            a href="/staff/tanya-jawab" { (t(Msg::QaQueue)) } " · "
            a href="/staff/layanan" { (t(Msg::DeskTitle)) } " · "
            a href="/staff/loket" data-testid="nav-counter" { (t(Msg::CtNav)) } " · "
            a href="/staff/petugas" { (t(Msg::Officers)) } " · "
            a href="/staff/sandi" { (t(Msg::ChangePassword)) } " · "
            (sign_out(lang, login))
        }
    }
}

/// The signed-in login and a "Keluar" button (a plain form).
fn sign_out(lang: Lang, login: &str) -> Markup {
    html! {
        span class="hint" { (login) } " "
        form method="post" action="/api/auth/sign-out-form" class="inline" {
            button type="submit" class="link" { (Msg::SignOut.get(lang)) }
        }
    }
}

/// A service's name in `lang`, or its slug when it is not listed.
pub(crate) fn service_name(services: &[Service], slug: &str, lang: Lang) -> String {
    services
        .iter()
        .find(|s| s.slug == slug)
        .map(|s| s.name.get(lang).to_string())
        .unwrap_or_else(|| slug.to_string())
}

/// An agency's name in `lang`, from any of its services; its slug when none is listed.
pub(crate) fn agency_name(services: &[Service], agency: &str, lang: Lang) -> String {
    services
        .iter()
        .find(|s| s.agency.slug == agency)
        .map(|s| s.agency.name.get(lang).to_string())
        .unwrap_or_else(|| agency.to_string())
}

/// The error summary `testid` saying `msg`, shown when `shown`.
fn alert(shown: bool, testid: &'static str, msg: &str) -> Markup {
    html! {
        @if shown {
            div class="error-summary" role="alert" data-testid=(testid) { p { (msg) } }
        }
    }
}

/// The sign-in form (also shown to anyone who opens a staff page signed out), and how staff
/// get an account. The form leaves checking to the server (`novalidate`): an empty field is
/// named in the page's language, beside the field and in the summary, which links to it; the
/// login typed in a failed try (`login`) is filled in again.
pub fn sign_in(
    lang: Lang,
    failed: Option<SignInFailure>,
    next: &str,
    login: Option<&str>,
    oidc: &oidc::Offer<'_>,
    refused: Option<&str>,
) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let login_error = failed.filter(|f| f.login_at_fault()).map(|f| match f {
        SignInFailure::Wrong => Msg::SignInFailed,
        _ => Msg::EnterLogin,
    });
    let password_error = failed
        .filter(|f| f.password_empty())
        .map(|_| Msg::EnterPassword);
    let body = html! {
        // `data-staff`: the back office's pages leave out the citizen's links (style/main.css).
        h1 data-staff { (t(Msg::StaffSignIn)) }
        (oidc::refused(lang, refused))
        @if failed.is_some() {
            div.error-summary role="alert" tabindex="-1" data-testid="sign-in-error" {
                h2 { (t(Msg::ThereIsAProblem)) }
                ul {
                    @if let Some(m) = login_error { li { a href="#f-login" { (t(m)) } } }
                    @if let Some(m) = password_error { li { a href="#f-password" { (t(m)) } } }
                }
            }
        }
        p.hint data-testid="staff-account-hint" { (t(Msg::StaffAccountHint)) }
        form.form method="post" action="/api/auth/sign-in-form" data-testid="sign-in-form"
            novalidate {
            input type="hidden" name="next" value=(next);
            div.field.has-error[login_error.is_some()] {
                label for="f-login" { (t(Msg::LoginLabel)) }
                @if let Some(m) = login_error {
                    p.field-error #f-login-error { (t(m)) }
                }
                input #f-login type="text" name="login" autocomplete="username" value=[login]
                    aria-describedby=[login_error.map(|_| "f-login-error")];
            }
            div.field.has-error[password_error.is_some()] {
                label for="f-password" { (t(Msg::Password)) }
                @if let Some(m) = password_error {
                    p.field-error #f-password-error { (t(m)) }
                }
                input #f-password type="password" name="password"
                    autocomplete="current-password"
                    aria-describedby=[password_error.map(|_| "f-password-error")];
            }
            div.actions {
                button.button type="submit" data-testid="sign-in" { (t(Msg::SignIn)) }
            }
        }
        (oidc::offer(lang, oidc))
    };
    let title = t(Msg::StaffSignIn);
    let title = match failed.map(|_| ()).or(refused.map(|_| ())) {
        Some(_) => format!("{}: {title}", t(Msg::ErrorPrefix)),
        None => title.to_string(),
    };
    Rendered::page(title, body)
}

/// What a password change came to, from the form's `?sandi=` (`ok`, or a refusal's code).
fn password_note(lang: Lang, note: Option<&str>) -> Markup {
    use crate::domain::account::{AccountRefusal, PasswordProblem};
    let Some(code) = note else {
        return html! {};
    };
    if code == "ok" {
        return html! {
            div class="notice" role="status" data-testid="password-changed" {
                p { (Msg::PasswordChanged.get(lang)) }
            }
        };
    }
    let value = serde_json::Value::from(code);
    let why = match (
        serde_json::from_value::<PasswordProblem>(value.clone()),
        serde_json::from_value::<AccountRefusal>(value),
    ) {
        (Ok(p), _) => Msg::from(p).get(lang),
        (_, Ok(r)) => Msg::from(r).get(lang),
        _ if code == "too_many" => Msg::TooManyTries.get(lang),
        _ => Msg::PasswordNotChanged.get(lang),
    };
    alert(true, "password-error", why)
}

/// The plain password change form (current and new password), posting to
/// `auth/change-password-form`, which comes back to `next`'s page.
fn password_form(lang: Lang, next: &'static str) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        form class="form" method="post" action="/api/auth/change-password-form"
            data-testid="change-password-form" {
            input type="hidden" name="next" value=(next);
            div class="field" {
                label for="p-current" { (t(Msg::CurrentPassword)) }
                input type="password" id="p-current" name="current_password"
                    autocomplete="current-password" required;
            }
            div class="field" {
                label for="p-new" { (t(Msg::NewPassword)) }
                p class="hint" { (t(Msg::PasswordRules)) }
                input type="password" id="p-new" name="new_password" autocomplete="new-password"
                    minlength="10" required;
            }
            div class="actions" {
                button type="submit" class="button" data-testid="change-password" {
                    (t(Msg::ChangePassword))
                }
            }
        }
    }
}

/// The back office's password change (`/staff/sandi`). `forced`: the account still holds the
/// temporary password an admin chose, so this is the only page it gets (no navigation but
/// signing out).
pub fn change_password(lang: Lang, login: &str, forced: bool, note: Option<&str>) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        @if forced {
            nav class="staff-nav" data-staff { (sign_out(lang, login)) }
        } @else {
            (nav(lang, login))
        }
        h1 { (t(Msg::ChangePassword)) }
        @if forced {
            p data-testid="must-change-password" { (t(Msg::MustChangePassword)) }
        }
        (password_note(lang, note))
        (password_form(lang, "/staff"))
    };
    Rendered::page(t(Msg::ChangePassword).into(), body)
}

/// Signed in, but not agency staff.
pub fn not_staff(lang: Lang) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        h1 { (t(Msg::StaffOnly)) }
        p { (t(Msg::StaffOnlyHint)) }
    };
    Rendered::page(t(Msg::StaffOnly).into(), body)
}
