//! The citizen's account page (`/akun`).

use super::{password_form, password_note};
use crate::domain::l10n::Lang;
use crate::domain::screen::AccountScreen;
use crate::i18n::Msg;
use crate::ui::hook::{FormRole, Slot};
use crate::ui::html::Rendered;
use maud::{html, Markup};

/// A citizen's account page: signed in, who, "Keluar" and the password change (`password`:
/// how the last change went, from `?sandi=`); signed out, sign in or create an account
/// (optional: everything works without one; with one, requests follow to any device).
pub fn account(lang: Lang, screen: &AccountScreen) -> Rendered {
    let t = |m: Msg| m.get(lang);
    let body = html! {
        h1 { (t(Msg::Account)) }
        (super::oidc::refused(lang, screen.oidc_refused.as_deref()))
        @match &screen.login {
            Some(login) => {
                p data-testid="signed-in-as" {
                    (t(Msg::SignedInAs)) " " strong { (login) }
                }
                p { (t(Msg::AccountFollows)) }
                // Signed in just now: the phone claims its requests.
                @if screen.claim {
                    div hidden data-slot=(Slot::Claim.value()) {}
                }
                form method="post" action="/api/auth/sign-out-form" {
                    button type="submit" class="button secondary" data-testid="sign-out" {
                        (t(Msg::SignOut))
                    }
                }
                h2 { (t(Msg::ChangePassword)) }
                (password_note(lang, screen.password.as_deref()))
                (password_form(lang, "/akun"))
                (super::oidc::offer(lang, &oidc(screen, true)))
            }
            None => {
                (signed_out(lang, screen.failed))
                (super::oidc::offer(lang, &oidc(screen, false)))
            }
        }
    };
    Rendered::page(t(Msg::Account).into(), body)
}

/// The sign-in (or link) with an OpenID provider offered on the account page.
fn oidc(screen: &AccountScreen, linking: bool) -> super::oidc::Offer<'_> {
    super::oidc::Offer {
        providers: &screen.providers,
        next: "/akun",
        linking,
    }
}

/// Signed out: why an account helps, the refusal (hidden until there is one; the phone's
/// wiring shows it through [`Slot::AccountError`]) and the two forms.
fn signed_out(lang: Lang, failed: bool) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        p { (t(Msg::AccountWhy)) }
        // `data-slot` names the place the wiring writes into: its value comes from `hook`.
        div class="error-summary" role="alert" tabindex="-1" data-testid="account-error"
            data-slot=(Slot::AccountError.value()) hidden[!failed] {
            p { (t(Msg::AccountFailed)) }
        }
        (account_form(lang, "in", "/api/auth/sign-in-form", Msg::SignIn, "current-password"))
        (account_form(lang, "up", "/api/auth/sign-up-form", Msg::CreateAccount, "new-password"))
    }
}

/// One account form: `mode` `in` (sign in) or `up` (create an account), posted to `action`.
fn account_form(
    lang: Lang,
    mode: &'static str,
    action: &'static str,
    heading: Msg,
    autocomplete: &'static str,
) -> Markup {
    let t = |m: Msg| m.get(lang);
    let (login_id, password_id) = (format!("a-{mode}-login"), format!("a-{mode}-password"));
    html! {
        h2 { (t(heading)) }
        // The form's role and its action are the hooks the phone's wiring finds it by.
        form class="form" method="post" action=(action)
            data-form=(FormRole::Account.value()) data-account=(mode)
            data-testid=(format!("account-{mode}")) {
            input type="hidden" name="next" value="/akun";
            div class="field" {
                label for=(login_id) { (t(Msg::LoginLabel)) }
                input type="text" id=(login_id) name="login" autocomplete="username" required;
            }
            div class="field" {
                label for=(password_id) { (t(Msg::Password)) }
                @if mode == "up" {
                    p class="hint" { (t(Msg::PasswordRules)) }
                }
                input type="password" id=(password_id) name="password"
                    autocomplete=(autocomplete) required;
            }
            div class="actions" { button type="submit" class="button" { (t(heading)) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::hook::Hook;

    #[test]
    fn the_account_forms_carry_the_hooks_the_wiring_finds() {
        let signed_out = account(Lang::Id, &AccountScreen::default()).html;
        let role = format!("{}=\"{}\"", FormRole::ATTR, FormRole::Account.value());
        let slot = format!("{}=\"{}\"", Slot::ATTR, Slot::AccountError.value());
        assert_eq!(signed_out.matches(&role).count(), 2, "{signed_out}");
        assert!(signed_out.contains(&slot), "{signed_out}");
        for mode in ["in", "up"] {
            assert!(signed_out.contains(&format!("{}=\"{mode}\"", Hook::Account.attr())));
        }
    }

    #[test]
    fn only_a_page_just_signed_in_to_asks_the_phone_to_claim() {
        let mark = format!("{}=\"{}\"", Slot::ATTR, Slot::Claim.value());
        let signed_in = AccountScreen {
            login: Some("warga@uji.oidc.invalid".into()),
            ..AccountScreen::default()
        };
        assert!(!account(Lang::Id, &signed_in).html.contains(&mark));
        let just = AccountScreen {
            claim: true,
            ..signed_in
        };
        let html = account(Lang::Id, &just).html;
        assert_eq!(html.matches(&mark).count(), 1, "{html}");
    }
}
