//! Staff accounts: an admin invites staff with a temporary password, and disables or enables
//! them. An agency admin manages the officers of their own agency; a system admin any agency's
//! staff. Every change is written to the audit log, and disabling or enabling ends the
//! account's sessions.

use crate::domain::account::{AccountView, Role};
use crate::error::AppError;
use leptos::prelude::*;

/// Creates a staff account with a temporary password. An agency admin invites officers of
/// their own agency (`role` and `agency` may be left out); a system admin names the agency and
/// may invite an agency admin. Written to the audit log.
#[server(prefix = "/api", endpoint = "staff/invite", input = server_fn::codec::Json)]
pub async fn invite_staff(
    login: String,
    temporary_password: String,
    role: Option<Role>,
    agency: Option<String>,
) -> Result<AccountView, AppError> {
    work::invite_staff(&login, &temporary_password, role, agency)
        .await
        .map_err(AppError::sent)
}

/// `staff/invite` from the back office's plain form: an officer of the admin's agency; back to
/// the officers page (`?gagal=1` when refused).
#[server(prefix = "/api", endpoint = "staff/invite-form", input = server_fn::codec::PostUrl)]
pub async fn invite_staff_form(login: String, temporary_password: String) -> Result<(), AppError> {
    let result = work::invite_staff(&login, &temporary_password, None, None)
        .await
        .map(|_| ());
    leptos_axum::redirect(if result.is_ok() {
        "/staff/petugas"
    } else {
        "/staff/petugas?gagal=1"
    });
    result
}

/// `staff/enable` from the back office's plain form.
#[server(prefix = "/api", endpoint = "staff/enable-form", input = server_fn::codec::PostUrl)]
pub async fn enable_staff_form(login: String) -> Result<(), AppError> {
    let result = work::enable_staff(&login).await.map(|_| ());
    leptos_axum::redirect(if result.is_ok() {
        "/staff/petugas"
    } else {
        "/staff/petugas?gagal=1"
    });
    result
}

/// Enables a disabled account again, with the same rules as `staff/disable` (an agency admin:
/// one of their agency; a system admin: any). Its old sessions stay ended; the person signs in
/// with their password. Written to the audit log.
#[server(prefix = "/api", endpoint = "staff/enable", input = server_fn::codec::Json)]
pub async fn enable_staff(login: String) -> Result<AccountView, AppError> {
    work::enable_staff(&login).await.map_err(AppError::sent)
}

/// `staff/disable` from the back office's plain form.
#[server(prefix = "/api", endpoint = "staff/disable-form", input = server_fn::codec::PostUrl)]
pub async fn disable_staff_form(login: String) -> Result<(), AppError> {
    let result = work::disable_staff(&login).await.map(|_| ());
    leptos_axum::redirect(if result.is_ok() {
        "/staff/petugas"
    } else {
        "/staff/petugas?gagal=1"
    });
    result
}

/// Disables an account (an agency admin: one of their agency; a system admin: any but their
/// own) and ends its sessions at once. Written to the audit log.
#[server(prefix = "/api", endpoint = "staff/disable", input = server_fn::codec::Json)]
pub async fn disable_staff(login: String) -> Result<AccountView, AppError> {
    work::disable_staff(&login).await.map_err(AppError::sent)
}

#[cfg(feature = "ssr")]
mod work {
    use crate::api::auth::{
        account_view, checked, hash_password, new_account_id, refuse, who, Identity,
    };
    use crate::api::pool;
    use crate::domain::account::{AccountRefusal, AccountView, Login, Role};
    use crate::error::AppError;
    use crate::store::accounts::{self, Audit, Created, NewAccount};

    /// The signed-in admin, or why not (an admin whose password is temporary must change it first).
    async fn admin() -> Result<Identity, AppError> {
        let me = who().await?.ok_or(AppError::Unauthorized)?;
        match me.role {
            Role::AgencyAdmin | Role::SystemAdmin if me.must_change_password => {
                Err(refuse(AccountRefusal::MustChangePassword))
            }
            Role::AgencyAdmin | Role::SystemAdmin => Ok(me),
            Role::Citizen | Role::Officer => Err(AppError::Forbidden),
        }
    }

    /// The role and agency an invitation by `admin` may give, or why not.
    async fn grantable(
        admin: &Identity,
        role: Option<Role>,
        agency: Option<String>,
    ) -> Result<(Role, String), AppError> {
        let role = role.unwrap_or(Role::Officer);
        match admin.role {
            Role::AgencyAdmin => {
                let own = admin.agency.clone().ok_or_else(|| {
                    AppError::internal("invite", "agency admin without an agency")
                })?;
                if role != Role::Officer || agency.is_some_and(|a| a != own) {
                    return Err(AppError::Forbidden);
                }
                Ok((role, own))
            }
            Role::SystemAdmin => {
                if !role.has_agency() {
                    return Err(refuse(AccountRefusal::BadRole));
                }
                let agency = agency.ok_or(refuse(AccountRefusal::UnknownAgency))?;
                let exists = crate::domain::catalogue::is_valid_slug(&agency)
                    && accounts::agency_exists(&pool()?, &agency).await?;
                if !exists {
                    return Err(refuse(AccountRefusal::UnknownAgency));
                }
                Ok((role, agency))
            }
            Role::Citizen | Role::Officer => Err(AppError::Forbidden),
        }
    }

    /// Invites a staff account (see `staff/invite`).
    pub(super) async fn invite_staff(
        login: &str,
        password: &str,
        role: Option<Role>,
        agency: Option<String>,
    ) -> Result<AccountView, AppError> {
        let admin = admin().await?;
        let (role, agency) = grantable(&admin, role, agency).await?;
        let login = checked(login, password)?;
        let id = new_account_id()?;
        let hash = hash_password(password).await?;
        let made = AccountView {
            login: login.to_string(),
            role,
            agency: Some(agency.clone()),
            must_change_password: false,
        };
        let after =
            serde_json::to_value(&made).map_err(|e| AppError::internal("invite: audit", e))?;
        let audit = Audit {
            actor: &admin.account_id,
            action: "staff.invite",
            subject: &id,
            before: None,
            after: Some(after),
        };
        let new = NewAccount {
            id: &id,
            login: &login,
            password_hash: &hash,
            role,
            agency: Some(&agency),
            invited_by: Some(&admin.account_id),
        };
        match accounts::create(&pool()?, &new, Some(&audit)).await? {
            Created::LoginTaken => Err(refuse(AccountRefusal::LoginTaken)),
            // The audit row keeps the invitation as asked; the account must change its password.
            Created::New(_) => Ok(AccountView {
                must_change_password: true,
                ..made
            }),
        }
    }

    /// The account's state as the audit log records it (never its password hash).
    fn audited(a: &accounts::Account, disabled: bool) -> serde_json::Value {
        serde_json::json!({ "login": a.login, "role": a.role, "agency": a.agency, "disabled": disabled })
    }

    /// The account `admin` may disable or enable by `login`, or why not.
    async fn managed(admin: &Identity, login: &str) -> Result<accounts::Account, AppError> {
        let login = Login::parse(login).ok_or(refuse(AccountRefusal::BadLogin))?;
        let target = accounts::by_login(&pool()?, &login).await?;
        // An agency admin learns nothing about accounts outside their agency: missing and
        // foreign are the same refusal.
        match (admin.role, target) {
            (Role::SystemAdmin, None) => Err(refuse(AccountRefusal::NoSuchAccount)),
            (Role::SystemAdmin, Some(t)) => Ok(t),
            (_, Some(t)) if t.agency.is_some() && t.agency == admin.agency => Ok(t),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Enables an account again (see `staff/enable`).
    pub(super) async fn enable_staff(login: &str) -> Result<AccountView, AppError> {
        let admin = admin().await?;
        let target = managed(&admin, login).await?;
        let audit = Audit {
            actor: &admin.account_id,
            action: "staff.enable",
            subject: &target.id,
            before: Some(audited(&target, target.disabled)),
            after: Some(audited(&target, false)),
        };
        accounts::enable(&pool()?, &target.id, &audit).await?;
        Ok(account_view(&target))
    }

    /// Disables an account (see `staff/disable`).
    pub(super) async fn disable_staff(login: &str) -> Result<AccountView, AppError> {
        let admin = admin().await?;
        let pool = pool()?;
        let target = managed(&admin, login).await?;
        if target.id == admin.account_id {
            return Err(refuse(AccountRefusal::IsYourself));
        }
        let audit = Audit {
            actor: &admin.account_id,
            action: "staff.disable",
            subject: &target.id,
            before: Some(audited(&target, target.disabled)),
            after: Some(audited(&target, true)),
        };
        accounts::disable(&pool, &target.id, &audit).await?;
        Ok(account_view(&target))
    }
}
