//! Signing in with an identity an OpenID provider vouched for (`server::oidc` checks the
//! provider's answer; this is what Loket does with it). It ends like the password sign-in: the
//! browser's old sessions end, a new one starts, `auth.sign_in` is audited. Called from plain
//! axum handlers, so it takes the pool and the request's headers instead of Leptos' context.
//!
//! Which account: a linked identity signs in as its account; an unknown identity links to the
//! account that was signed in with its password when the sign-in started, or else makes a new
//! citizen account. Never by a matching e-mail claim (that would let a provider's user take
//! over an account whose owner never linked it).

use super::password::hash_password;
use super::session::{session_cookie, signed_in, AuthSettings};
use crate::domain::account::{Login, Role};
use crate::error::AppError;
use crate::store::accounts::{self, Audit, NewAccount};
use crate::store::identities::{self, Linked};
use axum::http::HeaderMap;

use std::sync::Arc;

/// An OpenID provider offered for sign-in, as the pages and the password sign-in see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderLink {
    /// Its id, in the sign-in address (`/auth/oidc/<id>`).
    pub id: String,
    /// Its name as people know it (`INApas`).
    pub name: String,
    /// Agencies whose staff must sign in with it once their identity is linked.
    pub staff_agencies: Vec<String>,
}

/// The OpenID providers offered, provided in context by the server (none when absent).
#[derive(Clone, Debug, Default)]
pub struct Providers(pub Arc<[ProviderLink]>);

impl Providers {
    /// The configured providers (from context; none in a test without them).
    pub fn current() -> Providers {
        leptos::prelude::use_context::<Providers>().unwrap_or_default()
    }

    /// (id, name) of each, for sign-in links.
    pub fn links(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect()
    }

    /// The providers staff of `agency` must sign in with.
    pub fn required_for<'a>(&'a self, agency: &'a str) -> impl Iterator<Item = &'a ProviderLink> {
        self.0
            .iter()
            .filter(move |p| p.staff_agencies.iter().any(|a| a == agency))
    }
}

/// True when `account` is staff of an agency that requires a provider, and has an identity
/// linked at one of them: then its password no longer signs it in. Before the first link the
/// password still works (the way to link is to sign in with it, then with the provider).
pub async fn must_use_provider(
    pool: &crate::store::Db,
    providers: &Providers,
    account: &accounts::Account,
) -> Result<bool, AppError> {
    let Some(agency) = account
        .agency
        .as_deref()
        .filter(|_| account.role.has_agency())
    else {
        return Ok(false);
    };
    for p in providers.required_for(agency) {
        if identities::has_identity(pool, &account.id, &p.id).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Why an identity a provider vouched for did not sign in (its code is shown to the person and
/// written to the audit log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityRefusal {
    /// The identity is linked to another account.
    LinkedElsewhere,
    /// The account signed in has another identity at this provider.
    HasIdentity,
    /// The account is disabled.
    Disabled,
    /// The browser's session changed while it was at the provider (signed out or in as
    /// someone else): the link it asked for is no longer theirs to make.
    SessionChanged,
}

impl IdentityRefusal {
    /// Its code (`?oidc=`, audit `reason`).
    pub fn code(self) -> &'static str {
        match self {
            IdentityRefusal::LinkedElsewhere => "linked_elsewhere",
            IdentityRefusal::HasIdentity => "has_identity",
            IdentityRefusal::Disabled => "disabled",
            IdentityRefusal::SessionChanged => "session_changed",
        }
    }
}

/// A sign-in with an identity, as the server checked it.
#[derive(Clone, Debug)]
pub struct Vouched<'a> {
    /// The provider's id.
    pub provider: &'a str,
    /// The id_token's `sub`.
    pub subject: &'a str,
    /// The account signed in when the sign-in started (link to it), if any.
    pub link_to: Option<&'a str>,
    /// The client's address key (for the audit log).
    pub client: &'a str,
}

/// Signed in: the `Set-Cookie` of the new session, and the account.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The session cookie to set.
    pub cookie: String,
    /// The account now signed in.
    pub account: accounts::Account,
}

/// Signs the identity in (see the module): ends the sessions named by `headers`, starts one
/// for the account and audits it. A refusal changes nothing but the audit log.
pub async fn sign_in_with_identity(
    pool: &crate::store::Db,
    headers: &HeaderMap,
    settings: AuthSettings,
    v: &Vouched<'_>,
) -> Result<Result<SignedIn, IdentityRefusal>, AppError> {
    let account = match account_for(pool, headers, settings, v).await? {
        Ok(a) => a,
        Err((refusal, about)) => {
            audit_refused(pool, v, refusal.code(), about.as_deref()).await?;
            return Ok(Err(refusal));
        }
    };
    super::session::delete_sessions_of(pool, headers, settings.secure_cookies).await?;
    let (token, _) = super::session::store_session(pool, Some(&account.id)).await?;
    let after = serde_json::json!({ "client": v.client, "reason": null, "provider": v.provider });
    let audit = Audit {
        actor: &account.id,
        action: "auth.sign_in",
        subject: &account.id,
        before: None,
        after: Some(after),
    };
    crate::store::audit::record(pool, &audit).await?;
    Ok(Ok(SignedIn {
        cookie: session_cookie(Some(&token), settings.secure_cookies),
        account,
    }))
}

type Refused = (IdentityRefusal, Option<String>);

/// The account the identity signs in as: linked, linked now, or new.
async fn account_for(
    pool: &crate::store::Db,
    headers: &HeaderMap,
    settings: AuthSettings,
    v: &Vouched<'_>,
) -> Result<Result<accounts::Account, Refused>, AppError> {
    if let Some(link_to) = v.link_to {
        let now = signed_in(pool, headers, settings).await?;
        if now.as_ref().map(|a| a.id.as_str()) != Some(link_to) {
            return Ok(Err((IdentityRefusal::SessionChanged, Some(link_to.into()))));
        }
    }
    let id = match (
        identities::account_of(pool, v.provider, v.subject).await?,
        v.link_to,
    ) {
        (Some(owner), Some(link_to)) if owner != link_to => {
            return Ok(Err((
                IdentityRefusal::LinkedElsewhere,
                Some(link_to.into()),
            )))
        }
        (Some(owner), _) => owner,
        (None, Some(link_to)) => {
            let after = serde_json::json!({ "provider": v.provider, "client": v.client });
            let audit = Audit {
                actor: link_to,
                action: "account.link_identity",
                subject: link_to,
                before: None,
                after: Some(after),
            };
            match identities::link(pool, v.provider, v.subject, link_to, &audit).await? {
                Linked::Yes => link_to.to_string(),
                Linked::OtherAccount => {
                    return Ok(Err((
                        IdentityRefusal::LinkedElsewhere,
                        Some(link_to.into()),
                    )))
                }
                Linked::AccountHasOne => {
                    return Ok(Err((IdentityRefusal::HasIdentity, Some(link_to.into()))))
                }
            }
        }
        (None, None) => new_citizen(pool, v).await?,
    };
    let account = accounts::by_id(pool, &id)
        .await?
        .ok_or_else(|| AppError::internal("oidc", "linked account missing"))?;
    if account.disabled {
        return Ok(Err((IdentityRefusal::Disabled, Some(account.id))));
    }
    Ok(Ok(account))
}

/// A new citizen account for an identity: its login is made up from the identity (a login
/// must be a phone or an e-mail, and the e-mail claim is not trusted to be the person's), its
/// password a hash of random bytes nobody knows (a real argon2 hash, so a password sign-in
/// with it is simply wrong).
async fn new_citizen(pool: &crate::store::Db, v: &Vouched<'_>) -> Result<String, AppError> {
    let login = synthetic_login(v.provider, v.subject)
        .ok_or_else(|| AppError::internal("oidc", "made-up login does not parse"))?;
    let secret = super::session::new_token()?;
    let hash = hash_password(&secret).await?;
    let id = super::new_account_id()?;
    let new = NewAccount {
        id: &id,
        login: &login,
        password_hash: &hash,
        role: Role::Citizen,
        agency: None,
        invited_by: None,
    };
    let after =
        serde_json::json!({ "provider": v.provider, "role": Role::Citizen, "client": v.client });
    let audit = Audit {
        actor: &id,
        action: "account.create_with_identity",
        subject: &id,
        before: None,
        after: Some(after),
    };
    if identities::create_account(pool, &new, v.provider, v.subject, &audit).await? {
        return Ok(id);
    }
    // Made meanwhile by the same identity's other callback: sign in as that one.
    identities::account_of(pool, v.provider, v.subject)
        .await?
        .ok_or_else(|| AppError::internal("oidc", "identity neither new nor linked"))
}

/// The login of an account made for an identity: `<16 hex of SHA-256(provider, subject)>@
/// <provider>.oidc.invalid` (`.invalid` is reserved: it can never be anyone's address).
pub fn synthetic_login(provider: &str, subject: &str) -> Option<Login> {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{provider}\n{subject}").as_bytes());
    let hex = crate::domain::file::hex(&digest);
    Login::parse(&format!("{}@{provider}.oidc.invalid", &hex[..16]))
}

/// Writes a refused sign-in with an identity to the audit log, like a wrong password:
/// `auth.sign_in_failed` by `anonymous`, about the account when there is one.
pub async fn audit_refused(
    pool: &crate::store::Db,
    v: &Vouched<'_>,
    reason: &str,
    account: Option<&str>,
) -> Result<(), AppError> {
    audit_refusal(pool, v.provider, v.client, reason, account).await
}

/// [`audit_refused`] for a refusal before any identity was known (a bad state, a token the
/// provider refused or an id_token that failed its checks).
pub async fn audit_refusal(
    pool: &crate::store::Db,
    provider: &str,
    client: &str,
    reason: &str,
    account: Option<&str>,
) -> Result<(), AppError> {
    let after = serde_json::json!({ "client": client, "reason": reason, "provider": provider });
    let audit = Audit {
        actor: "anonymous",
        action: "auth.sign_in_failed",
        subject: account.unwrap_or("unknown"),
        before: None,
        after: Some(after),
    };
    Ok(crate::store::audit::record(pool, &audit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_logins_are_e_mails_nobody_can_own_and_differ_per_identity() {
        let a = synthetic_login("inapas", "warga-001").unwrap();
        assert!(a.as_str().ends_with("@inapas.oidc.invalid"), "{a}");
        assert_eq!(a, synthetic_login("inapas", "warga-001").unwrap());
        assert_ne!(a, synthetic_login("inapas", "warga-002").unwrap());
        assert_ne!(a, synthetic_login("uji", "warga-001").unwrap());
    }
}
