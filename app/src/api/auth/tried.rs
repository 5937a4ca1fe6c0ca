//! The login typed into the back office's sign-in form when it failed, kept for ten minutes in a
//! cookie only the server reads, so that the form comes back with it filled in (the password
//! never is). Nothing else reads it: it is what the person typed, shown back to them.

use super::session::{send_cookie, settings};
use crate::domain::{cookie, route};
use crate::error::AppError;
use axum::http::{header, request::Parts, HeaderMap};
use leptos::prelude::*;

/// The cookie's name.
pub const TRIED_COOKIE: &str = "loket_tried";
/// How long the login is kept, in seconds.
const KEEP_SECS: u64 = 600;
/// The longest login kept (longer is no login of ours: `domain::account`).
const MAX_CHARS: usize = 256;

/// A login worth keeping: trimmed, not empty, not too long.
fn keepable(login: &str) -> Option<&str> {
    let login = login.trim();
    (!login.is_empty() && login.chars().count() <= MAX_CHARS).then_some(login)
}

/// The `Set-Cookie` value that keeps `login`, or, with none, forgets the last one.
pub fn tried_cookie(login: Option<&str>, secure: bool) -> String {
    let login = login.and_then(keepable);
    let attributes = cookie::Attributes {
        max_age_secs: if login.is_some() { KEEP_SECS } else { 0 },
        http_only: true,
        secure,
    };
    cookie::set_cookie(
        TRIED_COOKIE,
        &route::encode(login.unwrap_or("")),
        attributes,
    )
}

/// The login kept in the cookies of `headers`, if any.
pub fn tried_in(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::values(v, TRIED_COOKIE))
        .map(route::decode)
        .find_map(|l| keepable(&l).map(str::to_string))
}

/// The login this request's browser last tried, if any.
pub fn tried_login() -> Option<String> {
    use_context::<Parts>().and_then(|p| tried_in(&p.headers))
}

/// Keeps `login` for the form (or, with none, forgets it) in this response.
pub(super) fn keep(login: Option<&str>) -> Result<(), AppError> {
    send_cookie(&tried_cookie(login, settings()?.secure_cookies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn request_with(set_cookie: &str) -> HeaderMap {
        let pair = set_cookie.split(';').next().unwrap().to_string();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&pair).unwrap());
        headers
    }

    #[test]
    fn a_login_goes_into_the_cookie_and_back_unchanged() {
        for login in ["0812 3456 7890", "siti@contoh.go.id", "<b>\"a;b=c\"</b> é"] {
            let set = tried_cookie(Some(login), false);
            assert!(
                set.contains("HttpOnly") && set.contains("Max-Age=600"),
                "{set}"
            );
            assert_eq!(tried_in(&request_with(&set)).as_deref(), Some(login));
        }
    }

    #[test]
    fn nothing_or_too_much_is_not_kept() {
        assert!(tried_cookie(None, true).contains("Max-Age=0"));
        assert!(tried_cookie(Some("  "), false).contains("Max-Age=0"));
        assert!(tried_cookie(Some(&"x".repeat(257)), false).contains("Max-Age=0"));
        assert_eq!(tried_in(&request_with("loket_tried=")), None);
        assert_eq!(tried_in(&HeaderMap::new()), None);
    }
}
