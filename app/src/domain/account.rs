//! Accounts: who can sign in, as what, and the rules for logins and passwords. Pure, so the
//! sign-up form can check a password with exactly the rules the server applies.

use super::map_only::{map_deserialize, name_deserialize};
use crate::domain::form::{is_email, normalize_phone};
use serde::{Deserialize, Serialize};

/// What an account may do. Stored and sent as snake_case (`agency_admin`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A member of the public: submits and follows their own applications.
    Citizen,
    /// An agency's staff member: works on the applications of their agency.
    Officer,
    /// Manages the staff of one agency (invites and disables its officers).
    AgencyAdmin,
    /// Runs the whole installation; may create agency admins for any agency.
    SystemAdmin,
}

impl Role {
    /// Every role, in order of reach.
    pub const ALL: [Role; 4] = [
        Role::Citizen,
        Role::Officer,
        Role::AgencyAdmin,
        Role::SystemAdmin,
    ];

    /// The stored name (`citizen`, `officer`, `agency_admin`, `system_admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Officer => "officer",
            Role::AgencyAdmin => "agency_admin",
            Role::SystemAdmin => "system_admin",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// True for roles that belong to one agency (and so must name it).
    pub fn has_agency(self) -> bool {
        matches!(self, Role::Officer | Role::AgencyAdmin)
    }
}

/// Why an account may not do an agency's staff work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotStaff {
    /// Agency staff whose password an admin chose: they must change it first.
    TemporaryPassword,
    /// Not an officer or agency admin of an agency.
    NotAgencyStaff,
}

/// The agency whose staff work an account may do: officers and agency admins of an agency,
/// once they have changed the temporary password an admin chose. The one staff role test, for
/// the back office's server functions and for opening attachments.
pub fn staff_agency(
    role: Role,
    agency: Option<&str>,
    must_change_password: bool,
) -> Result<&str, NotStaff> {
    match agency {
        Some(_) if role.has_agency() && must_change_password => Err(NotStaff::TemporaryPassword),
        Some(a) if role.has_agency() => Ok(a),
        _ => Err(NotStaff::NotAgencyStaff),
    }
}

/// What a person signs in with: an Indonesian mobile number or an e-mail address, in one
/// normal form, so `0812-3456-7890` and `+62 812 3456 7890` are the same login.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Login {
    /// A phone number as `+62…`.
    Phone(String),
    /// An e-mail address, lower-cased.
    Email(String),
}

/// The longest login accepted (the longest e-mail address).
pub const MAX_LOGIN_CHARS: usize = 254;

impl Login {
    /// Reads what a person typed: an e-mail address when it has an `@`, else a phone number.
    /// `None` when it is neither.
    pub fn parse(typed: &str) -> Option<Login> {
        let t = typed.trim();
        if t.is_empty() || t.chars().count() > MAX_LOGIN_CHARS {
            return None;
        }
        if t.contains('@') {
            return is_email(t).then(|| Login::Email(t.to_lowercase()));
        }
        normalize_phone(t).map(Login::Phone)
    }

    /// The normal form, as stored.
    pub fn as_str(&self) -> &str {
        match self {
            Login::Phone(s) | Login::Email(s) => s,
        }
    }
}

impl std::fmt::Display for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password accepted, in characters (hashing cost stays bounded).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    TooLong,
    /// Only digits (a date of birth, a phone number, a NIK).
    AllDigits,
    /// The login itself.
    SameAsLogin,
    /// The current password again (a password change must change it).
    Unchanged,
}

// Read from its name only (see `map_only`): it comes to the phone inside `AppError::Account`.
super::map_only::name_deserialize!(PasswordProblem {
    TooShort "too_short",
    TooLong "too_long",
    AllDigits "all_digits",
    SameAsLogin "same_as_login",
    Unchanged "unchanged",
});

impl PasswordProblem {
    /// Every problem, for the message completeness test.
    pub const ALL: [PasswordProblem; 5] = [
        PasswordProblem::TooShort,
        PasswordProblem::TooLong,
        PasswordProblem::AllDigits,
        PasswordProblem::SameAsLogin,
        PasswordProblem::Unchanged,
    ];
}

/// Checks a new password against the rules; `login` is what it must not equal (compared
/// without case, and with the typed form as well as the normal form).
pub fn password_problem(password: &str, login: &str) -> Option<PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(PasswordProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Some(PasswordProblem::TooLong);
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Some(PasswordProblem::AllDigits);
    }
    let same =
        |l: &str| !l.trim().is_empty() && password.trim().to_lowercase() == l.trim().to_lowercase();
    if same(login) || Login::parse(login).is_some_and(|l| same(l.as_str())) {
        return Some(PasswordProblem::SameAsLogin);
    }
    None
}

/// Why an account request is refused (sign-up, staff invitations and changes); its message in
/// both languages is `i18n::Msg::from(refusal)`. Sent inside
/// [`AppError::Account`](crate::error::AppError::Account).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRefusal {
    /// The login is neither an Indonesian mobile number nor an e-mail address.
    BadLogin,
    /// The password breaks a rule.
    Password(PasswordProblem),
    /// An account with this login exists already.
    LoginTaken,
    /// The agency named does not exist.
    UnknownAgency,
    /// The role asked for cannot be given this way (e.g. a citizen through a staff invitation).
    BadRole,
    /// No such account (told only to a system admin).
    NoSuchAccount,
    /// An admin cannot disable their own account.
    IsYourself,
    /// The current password given to change it is wrong (403).
    WrongPassword,
    /// The password was chosen by someone else (an invitation) and must be changed before the
    /// account may do staff work (403).
    MustChangePassword,
}

/// What the client may see of an account: its own, or one an admin just created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountView {
    /// The login in normal form.
    pub login: String,
    /// What the account may do.
    pub role: Role,
    /// The agency's slug, for officers and agency admins.
    pub agency: Option<String>,
    /// The password was chosen by someone else and must be changed first (sent only when true).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_change_password: bool,
}

// How each is read: from a map only, optional fields defaulting (see `map_only`).
name_deserialize!(Role {
    Citizen "citizen",
    Officer "officer",
    AgencyAdmin "agency_admin",
    SystemAdmin "system_admin",
});
map_deserialize!(AccountView {
    login "login" req,
    role "role" req,
    agency "agency" opt,
    must_change_password "must_change_password" opt,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_back_from_their_stored_names_and_serde_agrees() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        assert_eq!(Role::parse("Officer"), None);
        assert!(Role::Officer.has_agency() && Role::AgencyAdmin.has_agency());
        assert!(!Role::Citizen.has_agency() && !Role::SystemAdmin.has_agency());
    }

    #[test]
    fn logins_are_phones_or_emails_in_one_normal_form() {
        assert_eq!(
            Login::parse("0812-3456-7890"),
            Some(Login::Phone("+6281234567890".into()))
        );
        assert_eq!(
            Login::parse(" +62 812 3456 7890 "),
            Some(Login::Phone("+6281234567890".into()))
        );
        assert_eq!(
            Login::parse("Siti@Contoh.ID"),
            Some(Login::Email("siti@contoh.id".into()))
        );
        for bad in [
            "",
            "   ",
            "siti",
            "siti@",
            "@contoh.id",
            "siti@contoh",
            "12345",
            "a b@c.id",
            "0812abc",
            "+1 202 555 0100",
        ] {
            assert_eq!(Login::parse(bad), None, "{bad:?}");
        }
        let long = format!("{}@contoh.id", "a".repeat(260));
        assert_eq!(Login::parse(&long), None);
        assert_eq!(
            Login::parse("0812 3456 7890").unwrap().to_string(),
            "+6281234567890"
        );
    }

    #[test]
    fn passwords_need_ten_characters_not_only_digits_and_not_the_login() {
        assert_eq!(
            password_problem("pendek", "siti@contoh.id"),
            Some(PasswordProblem::TooShort)
        );
        assert_eq!(
            password_problem("ÄÖÜäöüßéèê", "siti@contoh.id"),
            None,
            "characters, not bytes"
        );
        assert_eq!(
            password_problem("123456789012", "siti@contoh.id"),
            Some(PasswordProblem::AllDigits)
        );
        assert_eq!(
            password_problem(&"x".repeat(257), "siti@contoh.id"),
            Some(PasswordProblem::TooLong)
        );
        assert_eq!(password_problem(&"x".repeat(256), "siti@contoh.id"), None);
        assert_eq!(
            password_problem("Siti@Contoh.id", "siti@contoh.id"),
            Some(PasswordProblem::SameAsLogin)
        );
        assert_eq!(
            password_problem("+6281234567890", "0812-3456-7890"),
            Some(PasswordProblem::SameAsLogin)
        );
        assert_eq!(
            password_problem("0812-3456-7890", "0812-3456-7890"),
            Some(PasswordProblem::SameAsLogin)
        );
        assert_eq!(password_problem("kopi tubruk pagi", "siti@contoh.id"), None);
    }

    #[test]
    fn refusals_cross_the_wire_in_snake_case() {
        let r = AccountRefusal::Password(PasswordProblem::AllDigits);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"password":"all_digits"}"#);
        assert_eq!(serde_json::from_str::<AccountRefusal>(&json).unwrap(), r);
        assert_eq!(
            serde_json::to_string(&AccountRefusal::LoginTaken).unwrap(),
            r#""login_taken""#
        );
    }

    #[test]
    fn staff_are_officers_and_agency_admins_of_an_agency_with_their_own_password() {
        use super::NotStaff::*;
        assert_eq!(
            staff_agency(Role::Officer, Some("dukcapil"), false),
            Ok("dukcapil")
        );
        assert_eq!(
            staff_agency(Role::AgencyAdmin, Some("dukcapil"), false),
            Ok("dukcapil")
        );
        assert_eq!(
            staff_agency(Role::Officer, Some("dukcapil"), true),
            Err(TemporaryPassword)
        );
        assert_eq!(
            staff_agency(Role::Officer, None, false),
            Err(NotAgencyStaff)
        );
        assert_eq!(
            staff_agency(Role::Citizen, Some("x"), false),
            Err(NotAgencyStaff)
        );
        assert_eq!(
            staff_agency(Role::SystemAdmin, None, false),
            Err(NotAgencyStaff)
        );
    }
}
