//! Cookies as text: reading a `Cookie` header (or `document.cookie`) and writing a `Set-Cookie`
//! value. The one place their syntax and attributes are written, for the session cookie (server)
//! and the language cookie (server and phone).

/// How long a cookie lasts and who may read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attributes {
    /// Seconds until the browser forgets it (0: forget it now).
    pub max_age_secs: u64,
    /// Hidden from the page's scripts (`HttpOnly`).
    pub http_only: bool,
    /// Sent over HTTPS only (`Secure`).
    pub secure: bool,
}

/// The values of the cookies called `name` in a `Cookie` header value (or `document.cookie`),
/// in the order they stand. Values are as sent (not decoded).
pub fn values<'a>(cookies: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .filter(move |(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value for `name=value`: the whole site (`Path=/`), never sent with another
/// site's requests that change things (`SameSite=Lax`), with `attributes`.
pub fn set_cookie(name: &str, value: &str, attributes: Attributes) -> String {
    let Attributes {
        max_age_secs,
        http_only,
        secure,
    } = attributes;
    let http_only = if http_only { "; HttpOnly" } else { "" };
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_secs}{http_only}; SameSite=Lax{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_cookie_of_a_name_in_order() {
        let header = "a=1; loket_lang=en;b=2; loket_lang=id; c";
        assert_eq!(
            values(header, "loket_lang").collect::<Vec<_>>(),
            ["en", "id"]
        );
        assert_eq!(values(header, "x").count(), 0);
        assert_eq!(values("a==1", "a").collect::<Vec<_>>(), ["=1"]);
    }

    #[test]
    fn writes_the_attributes_in_one_order() {
        let plain = Attributes {
            max_age_secs: 60,
            http_only: false,
            secure: false,
        };
        assert_eq!(
            set_cookie("n", "v", plain),
            "n=v; Path=/; Max-Age=60; SameSite=Lax"
        );
        let strict = Attributes {
            http_only: true,
            secure: true,
            ..plain
        };
        assert_eq!(
            set_cookie("n", "v", strict),
            "n=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
    }
}
