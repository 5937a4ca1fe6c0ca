//! Link targets. Every `href` the page renderers write from data is an [`Href`], and an `Href`
//! can only be made by the constructors below: a path of this site with a percent-encoded
//! segment, an `http(s)` address (anything else becomes `#`, so `javascript:` never reaches a
//! link), `tel:`/`mailto:` from checked characters, or a fragment on the same page. Spliced into
//! markup it is escaped like every other value.

use crate::domain::route::encode;
use maud::{Escaper, Render};
use std::fmt::Write;

/// A link target that is safe in an `href` (see the module's text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Href(String);

impl Href {
    /// `base` (a path of this site) followed by one segment from data, percent-encoded, `/`
    /// included, so the value stays one segment under `base`: `Href::page("/layanan/", slug)`.
    pub fn page(base: &'static str, segment: &str) -> Href {
        Href(format!("{base}{}", encode(segment).replace('/', "%2F")))
    }

    /// A fixed path of this site: `Href::path("/kinerja.csv")`.
    pub fn path(path: &'static str) -> Href {
        Href(path.to_string())
    }

    /// This address with `name` = `value` (from data, percent-encoded, `/` included) added to
    /// its query: `…?periode=2026-Q1`, `…&service=akta`.
    pub fn param(self, name: &'static str, value: &str) -> Href {
        let join = if self.0.contains('?') { '&' } else { '?' };
        Href(format!(
            "{}{join}{name}={}",
            self.0,
            encode(value).replace('/', "%2F")
        ))
    }

    /// This address with a number in its query: `…?bagian=2`, `…&hal=3`.
    pub fn query(self, name: &'static str, value: usize) -> Href {
        let join = if self.0.contains('?') { '&' } else { '?' };
        Href(format!("{}{join}{name}={value}", self.0))
    }

    /// This address followed by a fixed tail: `…/tanya-jawab`.
    pub fn then(self, tail: &'static str) -> Href {
        Href(self.0 + tail)
    }

    /// An address from data: kept when it is `http://` or `https://`, else `#`.
    pub fn external(url: &str) -> Href {
        let u = url.trim();
        if u.starts_with("https://") || u.starts_with("http://") {
            Href(u.to_string())
        } else {
            Href("#".to_string())
        }
    }

    /// `tel:` with the digits and `+` of a phone number (everything else is dropped).
    pub fn tel(phone: &str) -> Href {
        let digits: String = phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        Href(format!("tel:{digits}"))
    }

    /// `mailto:` for an e-mail address, percent-encoded (the `@` kept).
    pub fn mailto(email: &str) -> Href {
        Href(format!("mailto:{}", encode(email).replace("%40", "@")))
    }

    /// A place on this page: `#` + `prefix` + an element's id.
    pub fn fragment(prefix: &'static str, id: &str) -> Href {
        Href(format!("#{prefix}{id}"))
    }

    /// The address as written (before escaping).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Render for Href {
    fn render_to(&self, buffer: &mut String) {
        // Escaper writes into a String, which cannot fail.
        let _ = Escaper::new(buffer).write_str(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_stays_under_its_base() {
        assert_eq!(
            Href::page("/staff/permohonan/", "abc-1").as_str(),
            "/staff/permohonan/abc-1"
        );
        let hostile = Href::page("/staff/berkas/", "javascript:alert(1)/../\"'><x");
        assert!(hostile
            .as_str()
            .starts_with("/staff/berkas/javascript%3Aalert%281%29%2F..%2F%22%27%3E%3Cx"));
        assert!(!hostile.as_str()[14..].contains(['/', ':', '"', '\'', '<', '>']));
    }

    #[test]
    fn only_web_addresses_leave_the_site() {
        assert_eq!(
            Href::external(" https://a.id/x ").as_str(),
            "https://a.id/x"
        );
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "data:text/html,x",
            "//evil",
            "",
        ] {
            assert_eq!(Href::external(bad).as_str(), "#", "{bad}");
        }
        assert_eq!(Href::tel("(021) 500-454\"><x").as_str(), "tel:021500454");
        assert_eq!(Href::mailto("a b@c.id").as_str(), "mailto:a%20b@c.id");
        assert_eq!(
            Href::page("/layanan/", "javascript:<x>").as_str(),
            "/layanan/javascript%3A%3Cx%3E"
        );
        let h = Href::page("/permohonan/", "1").query("bagian", 2);
        assert_eq!(
            maud::html! { a href=(h) {} }.into_string(),
            "<a href=\"/permohonan/1?bagian=2\"></a>"
        );
        let q = Href::path("/staff")
            .param("terlambat", "1")
            .param("service", "a&b=c/d");
        assert_eq!(q.as_str(), "/staff?terlambat=1&service=a%26b%3Dc%2Fd");
        let f = Href::fragment("f-", "\"><x");
        assert_eq!(
            maud::html! { a href=(f) {} }.into_string(),
            "<a href=\"#f-&quot;&gt;&lt;x\"></a>"
        );
    }
}
