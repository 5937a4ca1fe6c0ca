//! Small pieces shared by the maud renderers: a page from its markup, and the one way a value from the data becomes part of a same-site address.

use crate::ui::html::Rendered;
use maud::Markup;

/// A found page titled `title` whose `<main>` holds `body`.
pub fn page(title: String, body: Markup) -> Rendered {
    Rendered {
        title,
        html: body.into_string(),
        not_found: false,
    }
}

/// A same-site address: the constant `prefix` followed by `segment` percent-encoded as one
/// path segment, so a value from the data can never leave the prefix's path (no `/`, `?`,
/// `#`, `:` or quote survives). Escaping for the attribute is maud's.
pub fn local_url(prefix: &'static str, segment: &str) -> String {
    let encoded = crate::domain::route::encode(segment).replace('/', "%2F");
    format!("{prefix}{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_urls_stay_under_their_prefix() {
        assert_eq!(
            local_url("/staff/permohonan/", "abc-1"),
            "/staff/permohonan/abc-1"
        );
        let hostile = local_url("/staff/berkas/", "javascript:alert(1)/../\"'><x");
        assert!(hostile.starts_with("/staff/berkas/javascript%3Aalert%281%29%2F..%2F%22%27%3E%3Cx"));
        assert!(!hostile[14..].contains(['/', ':', '"', '\'', '<', '>']));
    }
}
