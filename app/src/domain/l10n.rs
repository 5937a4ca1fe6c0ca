//! Languages and bilingual text.

use serde::{Deserialize, Serialize};

/// A language the interface and the catalogue are written in. Bahasa Indonesia is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag, as used in `<html lang>` and in the language cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Reads a tag such as `en`, `en-GB` or `id`; anything else is not a language we have.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The name of the language in itself, as a switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }
}

/// The name of the cookie that remembers the chosen language, read by the server when it renders.
pub const LANG_COOKIE: &str = "loket_lang";

/// Finds the language in a `Cookie` header (or `document.cookie`) value.
pub fn lang_from_cookies(cookies: &str) -> Option<Lang> {
    super::cookie::values(cookies, LANG_COOKIE)
        .next()
        .and_then(Lang::from_code)
}

/// The `Set-Cookie` value that remembers `lang` for a year (`secure`: over HTTPS only). Readable
/// by the page's scripts: the phone sets and reads it too.
pub fn lang_cookie(lang: Lang, secure: bool) -> String {
    let attributes = super::cookie::Attributes {
        max_age_secs: 365 * 24 * 60 * 60,
        http_only: false,
        secure,
    };
    super::cookie::set_cookie(LANG_COOKIE, lang.code(), attributes)
}

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

// Read from a map only (see `map_only`): it is in every service, many times.
super::map_only::map_deserialize!(Text { id "id" req, en "en" req });

impl Text {
    /// The text in `lang`; falls back to Indonesian when the English is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.id,
        }
    }

    /// True when either language is missing.
    pub fn is_incomplete(&self) -> bool {
        self.id.trim().is_empty() || self.en.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_language_tags() {
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("ID"), Some(Lang::Id));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn finds_the_language_cookie_among_others() {
        assert_eq!(lang_from_cookies("a=1; loket_lang=en; b=2"), Some(Lang::En));
        assert_eq!(lang_from_cookies("a=1"), None);
        assert_eq!(lang_from_cookies("loket_lang=xx"), None);
    }

    #[test]
    fn english_falls_back_to_indonesian() {
        let t = Text {
            id: "Layanan".into(),
            en: String::new(),
        };
        assert_eq!(t.get(Lang::En), "Layanan");
    }
}
