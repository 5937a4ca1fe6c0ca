//! Signing in or creating an account in the app: then the account page is loaded afresh from
//! the server, marked as just signed in (`route::ACCOUNT_JUST_SIGNED_IN`). A sign-in with an
//! OpenID provider lands on the same address. That page carries [`Slot::Claim`], and there this
//! phone's requests are claimed to the account (they follow it to other devices): one claim,
//! whichever way the citizen signed in.

use super::dom::{focus, named_value, put, set_hidden, slot};
use super::state;
use crate::api::auth::{SignIn, SignUp};
use crate::api::requests::ClaimRequests;
use crate::domain::status::Key;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::local::apps;
use crate::local::client::{self, Reply, Unsendable};
use crate::ui::hook::{Hook, Slot};

/// What the account form asked, as the server answered it: `Ok` when signed in.
type Outcome = Result<(), Option<&'static str>>;

/// Sends the form to sign in or to create an account.
async fn send(form: &web_sys::HtmlFormElement) -> Result<Outcome, Unsendable> {
    let (login, password) = (named_value(form, "login"), named_value(form, "password"));
    Ok(
        if form.get_attribute(Hook::Account.attr()).as_deref() == Some("up") {
            outcome::<SignUp>(client::call(&SignUp { login, password }).await?)
        } else {
            outcome::<SignIn>(client::call(&SignIn { login, password }).await?)
        },
    )
}

/// Signed in, or the specific rule the server says was broken (a weak password, a taken
/// login); `Err(None)`: the page's general message stands.
fn outcome<F: client::PostFn<Error = AppError>>(reply: Reply<F>) -> Outcome {
    let lang = state::lang();
    match reply {
        Reply::Done(_) => Ok(()),
        Reply::Status(_, text) => Err(match client::refusal::<F>(&text) {
            AppError::Account(refusal) => Some(Msg::from(refusal).get(lang)),
            AppError::RateLimited { .. } => Some(Msg::TrackLimited.get(lang)),
            _ => None,
        }),
        Reply::Unreachable => Err(Some(Msg::TrackOffline.get(lang))),
    }
}

/// The keys of this phone's sent requests.
async fn keys() -> Vec<Key> {
    apps::all()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| {
            a.receipt.filter(|r| !r.token.is_empty()).map(|r| Key {
                id: a.id,
                token: r.token,
            })
        })
        .collect()
}

/// Signing in or creating an account from the account page's forms.
pub(super) async fn account(form: web_sys::HtmlFormElement) {
    let outcome = match send(&form).await {
        Ok(outcome) => outcome,
        Err(e) => {
            leptos::logging::warn!("{e}");
            Err(None)
        }
    };
    match outcome {
        Ok(()) => {
            // Before the page changes (the next page's claim sets it too, a moment later).
            crate::local::prefs::set_has_account(true);
            if let Some(w) = web_sys::window() {
                let _ = w
                    .location()
                    .assign(crate::domain::route::ACCOUNT_JUST_SIGNED_IN);
            }
        }
        Err(specific) => show_error(specific),
    }
}

/// The account page just after a sign-in carries [`Slot::Claim`] (and `after_render` has noted
/// that this phone has an account): taken off the page at once (a page shown again must not
/// claim twice), the requests this phone holds keys for are claimed to the account (the server
/// ignores keys that do not match and requests another account holds); then the account
/// page's plain address, so a reload does not claim again.
pub(super) fn claim_if_asked() {
    let Some(mark) = slot(Slot::Claim) else {
        return;
    };
    mark.remove();
    leptos::task::spawn_local(async {
        let keys = keys().await;
        if !keys.is_empty() {
            if let Err(e) = client::call(&ClaimRequests { keys }).await {
                leptos::logging::warn!("{e}");
            }
        }
        if let Some(w) = web_sys::window() {
            if let Ok(history) = w.history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/akun"));
            }
        }
    });
}

/// Shows the account forms' error summary (with the specific message, if any) and focuses it.
fn show_error(specific: Option<&str>) {
    let Some(el) = slot(Slot::AccountError) else {
        return;
    };
    if let Some(text) = specific {
        put(&el, "p", &[], text);
    }
    set_hidden(&el, false);
    focus(&el);
}
