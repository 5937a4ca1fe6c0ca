//! The work behind the account endpoints: sign-up, sign-in (with its limits and audit),
//! sign-out, password change, and the command line's first system admin.

use super::password::{hash_password, verify_password};
use super::session::{end_sessions, set_cookie, start_session, who};
use crate::api::pool;
use crate::domain::account::{
    password_problem, AccountRefusal, AccountView, Login, PasswordProblem, Role, MAX_LOGIN_CHARS,
};
use crate::error::AppError;
use crate::store::accounts::{self, Audit, Created, NewAccount};
use crate::store::limits::{LimitError, Limited, Limits};
use leptos::prelude::use_context;
use std::sync::Arc;

/// The rate limits in force, provided in context by the server.
fn limits() -> Result<Arc<Limits>, AppError> {
    use_context::<Arc<Limits>>()
        .ok_or_else(|| AppError::internal("session", "no Limits in context"))
}

/// A new account id (UUIDv7).
pub(crate) fn new_account_id() -> Result<String, AppError> {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| AppError::internal("account id: clock", e))?
        .as_millis() as u64;
    Ok(crate::domain::application::uuid_v7(
        millis,
        super::password::random::<10>()?,
    ))
}

/// What the client may see of an account.
pub(crate) fn account_view(a: &accounts::Account) -> AccountView {
    AccountView {
        login: a.login.clone(),
        role: a.role,
        agency: a.agency.clone(),
        must_change_password: a.must_change_password,
    }
}

/// An account refusal as the error sent.
pub(crate) fn refuse(r: AccountRefusal) -> AppError {
    AppError::Account(r)
}

/// Reads a login and checks a new password against the rules.
pub(crate) fn checked(login: &str, password: &str) -> Result<Login, AppError> {
    let parsed = Login::parse(login).ok_or(refuse(AccountRefusal::BadLogin))?;
    if let Some(p) = password_problem(password, login) {
        return Err(refuse(AccountRefusal::Password(p)));
    }
    Ok(parsed)
}

/// Creates a citizen's account and signs it in (see `auth/sign-up`).
pub(super) async fn sign_up(login: &str, password: &str) -> Result<AccountView, AppError> {
    let login = checked(login, password)?;
    limits()?
        .sign_up_per_ip
        .take(&crate::api::client_key())
        .await?;
    let id = new_account_id()?;
    let hash = hash_password(password).await?;
    let new = NewAccount {
        id: &id,
        login: &login,
        password_hash: &hash,
        role: Role::Citizen,
        agency: None,
        invited_by: None,
    };
    match accounts::create(&pool()?, &new, None).await? {
        Created::LoginTaken => Err(refuse(AccountRefusal::LoginTaken)),
        Created::New(_) => {
            let account = accounts::Account {
                id,
                login: login.to_string(),
                password_hash: hash,
                role: Role::Citizen,
                agency: None,
                disabled: false,
                must_change_password: false,
            };
            end_sessions().await?;
            Ok(account_view(
                &start_session(Some(account))
                    .await?
                    .account
                    .ok_or(AppError::Internal)?,
            ))
        }
    }
}

/// What a login is limited by: what it will be looked up as; a login that cannot exist still
/// counts (trimmed, lower-cased, cut to the longest login).
fn login_key(login: &str, parsed: Option<&Login>) -> String {
    match parsed {
        Some(l) => l.to_string(),
        None => login
            .trim()
            .to_lowercase()
            .chars()
            .take(MAX_LOGIN_CHARS)
            .collect(),
    }
}

/// Takes a sign-in try from the address and from the login. Past its budget, an address is
/// refused without a check: that stops only this address. Past its budget, a login is not
/// refused (anyone could lock out anyone, admins included): every try waits, and then only the
/// right password gets in; returns that limit.
async fn take_sign_in_try(
    limits: &Limits,
    ip_key: &str,
    login_key: &str,
) -> Result<Option<Limited>, AppError> {
    // The login itself is not logged (it is personal data); the address is.
    if let Err(e) = limits.sign_in_per_ip.take(ip_key).await {
        if matches!(e, LimitError::Limited(_)) {
            tracing::warn!(client = %ip_key, "sign-in refused: too many failures from one address");
        }
        return Err(e.into());
    }
    let locked = match limits.sign_in_per_login.take(login_key).await {
        Ok(()) => None,
        Err(LimitError::Limited(l)) => Some(l),
        Err(e) => return Err(e.into()),
    };
    if locked.is_some() {
        tracing::warn!(client = %ip_key, "sign-in slowed: too many failures for one login");
        limits.clock.sleep(limits.locked_sign_in_delay).await;
    }
    Ok(locked)
}

/// Signs in (see `auth/sign-in`): one answer for a wrong login and a wrong password, and only
/// failures count against the limits.
pub(super) async fn sign_in(login: &str, password: &str) -> Result<AccountView, AppError> {
    let limits = limits()?;
    let parsed = Login::parse(login);
    let login_key = login_key(login, parsed.as_ref());
    let ip_key = crate::api::client_key();
    let locked = take_sign_in_try(&limits, &ip_key, &login_key).await?;
    let account = match &parsed {
        Some(l) => accounts::by_login(&pool()?, l).await?,
        None => None,
    };
    let matches =
        verify_password(password, account.as_ref().map(|a| a.password_hash.clone())).await?;
    let account = match account {
        Some(a) if matches && !a.disabled => a,
        other => {
            audit_sign_in(other.as_ref(), false, &ip_key).await?;
            return Err(
                locked.map_or(AppError::Unauthorized, |l| AppError::RateLimited {
                    retry_after_secs: l.retry_after_secs,
                }),
            );
        }
    };
    // Staff of an agency that requires an OpenID provider, once linked, sign in only with it
    // (issue 13 §4). The password was right, so the tries are given back; the refusal is
    // audited like a wrong password.
    let providers = super::external::Providers::current();
    if super::external::must_use_provider(&pool()?, &providers, &account).await? {
        if locked.is_none() {
            limits.sign_in_per_login.give_back(&login_key).await?;
        }
        limits.sign_in_per_ip.give_back(&ip_key).await?;
        audit_refused_sign_in(&account, "use_provider", &ip_key).await?;
        return Err(AppError::Forbidden);
    }
    // Only failures count: a success gives back what it took.
    if locked.is_none() {
        limits.sign_in_per_login.give_back(&login_key).await?;
    }
    limits.sign_in_per_ip.give_back(&ip_key).await?;
    end_sessions().await?;
    start_session(Some(account.clone())).await?;
    audit_sign_in(Some(&account), true, &ip_key).await?;
    Ok(account_view(&account))
}

/// Writes a sign-in whose password was checked to the audit log: `auth.sign_in` by the
/// account, or `auth.sign_in_failed` about the account when the login has one (never the
/// login typed, nor the password), with the client's address. Its own transaction: the
/// session store does not share one with it.
async fn audit_sign_in(
    account: Option<&accounts::Account>,
    ok: bool,
    client: &str,
) -> Result<(), AppError> {
    let subject = account.map_or("unknown", |a| a.id.as_str());
    let (actor, action) = if ok {
        (subject, "auth.sign_in")
    } else {
        ("anonymous", "auth.sign_in_failed")
    };
    let why = match account {
        _ if ok => None,
        Some(a) if a.disabled => Some("disabled"),
        Some(_) => Some("wrong_password"),
        None => Some("no_account"),
    };
    let after = serde_json::json!({ "client": client, "reason": why });
    let audit = Audit {
        actor,
        action,
        subject,
        before: None,
        after: Some(after),
    };
    Ok(crate::store::audit::record(&pool()?, &audit).await?)
}

/// Writes a sign-in refused for `reason` although the password was right (`auth.sign_in_failed`).
async fn audit_refused_sign_in(
    account: &accounts::Account,
    reason: &str,
    client: &str,
) -> Result<(), AppError> {
    let audit = Audit {
        actor: "anonymous",
        action: "auth.sign_in_failed",
        subject: &account.id,
        before: None,
        after: Some(serde_json::json!({ "client": client, "reason": reason })),
    };
    Ok(crate::store::audit::record(&pool()?, &audit).await?)
}

/// Ends this browser's session and clears its cookie; a signed-in account's sign-out is audited.
pub(super) async fn sign_out() -> Result<(), AppError> {
    let me = who().await?;
    end_sessions().await?;
    set_cookie(None)?;
    if let Some(me) = me {
        let audit = Audit {
            actor: &me.account_id,
            action: "auth.sign_out",
            subject: &me.account_id,
            before: None,
            after: None,
        };
        crate::store::audit::record(&pool()?, &audit).await?;
    }
    Ok(())
}

/// Changes the signed-in account's password (see `auth/change-password`).
pub(super) async fn change_password(current: &str, new: &str) -> Result<AccountView, AppError> {
    let me = who().await?.ok_or(AppError::Unauthorized)?;
    if let Some(p) = password_problem(new, &me.login) {
        return Err(refuse(AccountRefusal::Password(p)));
    }
    if new == current {
        return Err(refuse(AccountRefusal::Password(PasswordProblem::Unchanged)));
    }
    // A wrong current password counts as a failed sign-in for the login, so a borrowed
    // session cannot guess it faster than the sign-in form could.
    let limits = limits()?;
    limits.sign_in_per_login.take(&me.login).await?;
    let pool = pool()?;
    let account = accounts::by_id(&pool, &me.account_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !verify_password(current, Some(account.password_hash.clone())).await? {
        return Err(refuse(AccountRefusal::WrongPassword));
    }
    limits.sign_in_per_login.give_back(&me.login).await?;
    let hash = hash_password(new).await?;
    let audit = Audit {
        actor: &me.account_id,
        action: "account.password",
        subject: &me.account_id,
        before: Some(serde_json::json!({ "must_change_password": account.must_change_password })),
        after: Some(serde_json::json!({ "must_change_password": false })),
    };
    // Every session of the account ends (a thief's too); this browser starts a new one.
    accounts::set_password(&pool, &account.id, &hash, &audit).await?;
    end_sessions().await?;
    let account = accounts::Account {
        password_hash: hash,
        must_change_password: false,
        ..account
    };
    start_session(Some(account.clone())).await?;
    Ok(account_view(&account))
}

/// Creates a system admin (the command line's `create-admin`), after the same checks as
/// sign-up; written to the audit log with `cli` as the actor. Returns the account id.
pub async fn create_system_admin(
    pool: &crate::store::Db,
    login: &str,
    password: &str,
) -> Result<String, AppError> {
    let login = checked(login, password)?;
    let id = new_account_id()?;
    let hash = hash_password(password).await?;
    let after =
        serde_json::json!({ "login": login.as_str(), "role": Role::SystemAdmin, "agency": null });
    let audit = Audit {
        actor: "cli",
        action: "admin.create",
        subject: &id,
        before: None,
        after: Some(after),
    };
    let new = NewAccount {
        id: &id,
        login: &login,
        password_hash: &hash,
        role: Role::SystemAdmin,
        agency: None,
        invited_by: None,
    };
    match accounts::create(pool, &new, Some(&audit)).await? {
        Created::LoginTaken => Err(refuse(AccountRefusal::LoginTaken)),
        Created::New(id) => Ok(id),
    }
}
