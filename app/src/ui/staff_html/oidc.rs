//! Sign-in with an OpenID provider on the account page and the back office's sign-in page
//! (issue 13 §4): a link per provider (a link, not a form: Loket's CSP `form-action 'self'`
//! would stop a form whose answer redirects to the provider), and why the last try was refused.

use crate::domain::l10n::Lang;
use crate::i18n::Msg;
use crate::ui::href::Href;
use maud::{html, Markup};

/// What to offer: the providers, the refusal of the last try, where to come back to.
#[derive(Clone, Copy, Debug)]
pub struct Offer<'a> {
    /// (id, name) of each provider.
    pub providers: &'a [(String, String)],
    /// The page to come back to (`?next=`).
    pub next: &'a str,
    /// Signed in already: the links link the provider to this account.
    pub linking: bool,
}

/// The message for a refusal's code (an unknown code: the general one).
pub fn refusal(code: &str) -> Msg {
    match code {
        "state" => Msg::OidcRefusedState,
        "provider" => Msg::OidcRefusedProvider,
        "token" | "issuer" => Msg::OidcRefusedToken,
        "linked_elsewhere" => Msg::OidcLinkedElsewhere,
        "has_identity" => Msg::OidcHasIdentity,
        "disabled" => Msg::OidcDisabled,
        "session_changed" => Msg::OidcSessionChanged,
        "use_provider" => Msg::OidcUseProvider,
        "limited" => Msg::OidcLimited,
        _ => Msg::OidcRefused,
    }
}

/// Why the last try was refused (`?oidc=`), at the top of the page; nothing when it was not.
pub fn refused(lang: Lang, code: Option<&str>) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        @if let Some(code) = code {
            div class="error-summary" role="alert" tabindex="-1" data-testid="oidc-error" {
                h2 { (t(Msg::OidcRefused)) }
                p { (t(refusal(code))) }
            }
        }
    }
}

/// A link per provider (nothing without providers).
pub fn offer(lang: Lang, o: &Offer<'_>) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        @if !o.providers.is_empty() {
            section data-testid="oidc-offer" {
                h2 { (t(if o.linking { Msg::OidcLinkHeading } else { Msg::OidcHeading })) }
                @if o.linking { p class="hint" { (t(Msg::OidcLinkHint)) } }
                ul class="links" {
                    @for (id, name) in o.providers {
                        li {
                            // `rel=external`: a real page load (the app's router would
                            // otherwise take the click and find no such page).
                            a class="button secondary" rel="external" data-testid=(format!("oidc-{id}"))
                                href=(Href::page("/auth/oidc/", id).param("next", o.next)) {
                                (Msg::OidcSignInWith.fill(lang, &[("p", name)]))
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_provider_gets_a_link_and_a_refusal_is_named() {
        let providers = vec![("uji".to_string(), "Uji <ID>".to_string())];
        let o = Offer {
            providers: &providers,
            next: "/akun",
            linking: false,
        };
        let html = offer(Lang::Id, &o).into_string();
        assert!(
            html.contains("href=\"/auth/oidc/uji?next=%2Fakun\""),
            "{html}"
        );
        assert!(html.contains("Masuk dengan Uji &lt;ID&gt;"), "{html}");
        let why = refused(Lang::En, Some("token")).into_string();
        assert!(why.contains(Msg::OidcRefusedToken.get(Lang::En)), "{why}");
        let unknown = refused(Lang::Id, Some("<script>")).into_string();
        assert!(unknown.contains(Msg::OidcRefused.get(Lang::Id)) && !unknown.contains("<script>"));
        assert_eq!(refused(Lang::Id, None).into_string(), "");
        let none = Offer {
            providers: &[],
            next: "/akun",
            linking: false,
        };
        assert_eq!(offer(Lang::En, &none).into_string(), "");
    }
}
