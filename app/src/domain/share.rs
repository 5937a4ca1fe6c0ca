//! What a shared link shows (Open Graph and Twitter card metadata) and the one base every
//! absolute URL of a page is made from.
//!
//! The base is configured (`--public-url`), never read from the request: a crawler caches what
//! it fetched, so a forged `Host` header must not be able to put another site's address in the
//! canonical link or the preview image of a page.

use super::l10n::Lang;

/// The address people reach the site at, `scheme://host[:port]` without a trailing slash, e.g.
/// `https://loket.go.id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    /// Reads `http(s)://host[:port]`, with or without a trailing `/`. Refused: another scheme,
    /// no host, a path, query or fragment (the app's links are all from the site's root), a
    /// login (`user@`), and spaces or control characters.
    pub fn parse(s: &str) -> Result<PublicUrl, &'static str> {
        let s = s.trim();
        let (scheme, rest) = s
            .split_once("://")
            .ok_or("the public URL must start with http:// or https://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err("the public URL must start with http:// or https://");
        }
        let host = rest.strip_suffix('/').unwrap_or(rest);
        let allowed =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        if host.is_empty() || host.starts_with(':') {
            return Err("the public URL names no host");
        }
        if !host.chars().all(allowed) {
            return Err("the public URL must be only scheme://host[:port] (no path, query, login or spaces)");
        }
        Ok(PublicUrl(format!(
            "{scheme}://{}",
            host.to_ascii_lowercase()
        )))
    }

    /// The site served at `addr` (`127.0.0.1:3000`): `http://127.0.0.1:3000`.
    pub fn of_addr(addr: impl std::fmt::Display) -> PublicUrl {
        PublicUrl(format!("http://{addr}"))
    }

    /// The absolute address of `path` (a path of this site, from its `/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// The base as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for PublicUrl {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<PublicUrl, &'static str> {
        PublicUrl::parse(s)
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The picture a shared link shows: the app's icon (square, so Twitter's `summary` card).
pub const IMAGE: &str = "/icons/icon-512.png";
/// Its width and height in pixels.
pub const IMAGE_SIZE: u32 = 512;
/// The site's name (`og:site_name`).
pub const SITE_NAME: &str = "Loket";

/// Where the tags `ui::share::head` writes are found: the app removes them after a move to
/// another page, which they would no longer describe.
pub const SELECTOR: &str =
    "head link[rel=canonical],head meta[property^='og:'],head meta[name^='twitter:']";

/// What a shared link to a page shows: every value text, escaped where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// The page's title (`og:title`, `twitter:title`).
    pub title: String,
    /// One or two sentences about it (`og:description`, `twitter:description`).
    pub description: String,
    /// Its canonical absolute address (`og:url`, `<link rel="canonical">`).
    pub url: String,
    /// The absolute address of [`IMAGE`].
    pub image: String,
    /// The page's language as Open Graph names it (`og:locale`).
    pub locale: &'static str,
}

impl Preview {
    /// The page at `path` (a path of this site) on the site at `base`, in `lang`.
    pub fn new(
        base: &PublicUrl,
        path: &str,
        title: String,
        description: String,
        lang: Lang,
    ) -> Preview {
        Preview {
            title,
            description: shorten(&description, MAX_DESCRIPTION),
            url: base.absolute(path),
            image: base.absolute(IMAGE),
            locale: locale(lang),
        }
    }
}

/// `og:locale` of a language: `id_ID`, `en_US`.
pub fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "id_ID",
        Lang::En => "en_US",
    }
}

/// Previews cut descriptions after about this many characters: ours end at a word before it.
pub const MAX_DESCRIPTION: usize = 200;

/// `text` cut at a whole word to at most `max` characters, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at = cut.rfind(' ').filter(|&i| i > 0).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_is_a_scheme_and_a_host() {
        let ok = |s: &str| PublicUrl::parse(s).map(|u| u.as_str().to_string());
        assert_eq!(ok("https://loket.go.id").unwrap(), "https://loket.go.id");
        assert_eq!(ok("HTTPS://Loket.Go.Id/").unwrap(), "https://loket.go.id");
        assert_eq!(
            ok("http://127.0.0.1:3000").unwrap(),
            "http://127.0.0.1:3000"
        );
        assert_eq!(ok("http://[::1]:8080/").unwrap(), "http://[::1]:8080");
        for bad in [
            "loket.go.id",
            "ftp://loket.go.id",
            "javascript://x",
            "https://",
            "https://:80",
            "https://loket.go.id/app",
            "https://loket.go.id?x=1",
            "https://loket.go.id#x",
            "https://evil@loket.go.id",
            "https://loket.go.id\"><script>",
            "https://loket .go.id",
            "https://loket.go.id\t/x",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad:?}");
        }
        // Space around it (a trailing newline in an environment file) is not part of it.
        assert_eq!(ok(" https://loket.go.id\n").unwrap(), "https://loket.go.id");
        assert_eq!(
            PublicUrl::of_addr("127.0.0.1:3000").absolute("/kinerja"),
            "http://127.0.0.1:3000/kinerja"
        );
    }

    #[test]
    fn a_preview_is_absolute_and_short() {
        let base = PublicUrl::parse("https://loket.go.id").unwrap();
        let s = Preview::new(
            &base,
            "/layanan/paspor",
            "Paspor".into(),
            "a ".repeat(300),
            Lang::En,
        );
        assert_eq!(s.url, "https://loket.go.id/layanan/paspor");
        assert_eq!(s.image, "https://loket.go.id/icons/icon-512.png");
        assert_eq!(s.locale, "en_US");
        assert!(
            s.description.chars().count() <= MAX_DESCRIPTION,
            "{}",
            s.description
        );
        assert!(s.description.ends_with("a…"), "{}", s.description);
        assert_eq!(shorten("  pendek  ", 10), "pendek");
        assert_eq!(shorten("satu dua, tiga", 11), "satu dua…");
        assert_eq!(locale(Lang::Id), "id_ID");
    }
}
