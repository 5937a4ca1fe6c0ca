//! The app's addresses, parsed in one place for the server (which renders them) and the phone
//! (which renders them from its own copy of the catalogue).

use super::catalogue::ListKind;
use serde::{Deserialize, Serialize};

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Route {
    /// `/`
    Home,
    /// `/cari?q=…`
    Search(String),
    /// `/layanan`
    AllServices,
    /// `/layanan/:slug`
    Service(String),
    /// `/kategori/:slug` or `/peristiwa/:slug`
    Listing(ListKind, String),
    /// `/lacak`: follow a request by reference number and PIN.
    Track,
    /// `/akun`: a citizen's account (sign up, sign in, out), rendered by the server.
    Account,
    /// `/staff…`: the back office (rendered by the server only): the rest of the path
    /// (`""`, `dasbor`, `permohonan/:id`).
    Staff(String),
    /// `/ajukan/:slug`: start a new application for a service (a draft made on the phone), or
    /// continue the service's draft on this phone; `?baru=1` (read by the form) starts a new
    /// one all the same.
    Apply(String),
    /// `/permohonan`: the applications on this phone (drafts, outbox, sent).
    MyApplications,
    /// `/permohonan/:id`, with `?bagian=N` (1-based) for a section or `?periksa=1` to check.
    /// `?bagian=N&ubah=FIELD` (the parameter read by the form) is that section reached by
    /// *Ubah* on "check your answers": focus on FIELD, then back there.
    Application {
        /// The application's id (its UUIDv7).
        id: String,
        /// Which view of it.
        view: AppView,
    },
    /// Anything else.
    NotFound,
}

/// Which view of an application an address asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppView {
    /// Where the citizen left off (a draft's section, else its state).
    Resume,
    /// A section, 0-based.
    Section(usize),
    /// "Check your answers".
    Check,
}

impl Route {
    /// True for pages held only on the phone (applications): the server sends a frame and the
    /// phone fills it from its own storage.
    pub fn on_device(&self) -> bool {
        matches!(
            self,
            Route::MyApplications | Route::Application { .. } | Route::Apply(_)
        )
    }

    /// True for pages the phone renders from its copy of the catalogue (not the applications,
    /// and not the pages only the server renders: the account, the back office and any address
    /// the phone does not know, such as `/kinerja`).
    pub fn from_catalogue(&self) -> bool {
        !self.on_device() && !matches!(self, Route::NotFound | Route::Staff(_) | Route::Account)
    }

    /// Reads a path and its query string (without `?`).
    pub fn parse(path: &str, query: &str) -> Route {
        let path = path.trim_end_matches('/');
        let mut parts = path.trim_start_matches('/').splitn(2, '/');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("", None) => Route::Home,
            ("cari", None) => Route::Search(query_param(query, "q").unwrap_or_default()),
            ("layanan", None) => Route::AllServices,
            ("layanan", Some(slug)) if !slug.contains('/') => Route::Service(slug.to_string()),
            ("kategori", Some(slug)) if !slug.contains('/') => {
                Route::Listing(ListKind::Category, slug.to_string())
            }
            ("peristiwa", Some(slug)) if !slug.contains('/') => {
                Route::Listing(ListKind::LifeEvent, slug.to_string())
            }
            ("lacak", None) => Route::Track,
            ("akun", None) => Route::Account,
            ("staff", rest) => Route::Staff(rest.unwrap_or("").to_string()),
            ("ajukan", Some(slug)) if !slug.contains('/') => Route::Apply(slug.to_string()),
            ("permohonan", None) => Route::MyApplications,
            // An application's id is the UUIDv7 the phone made; any other is no page (404).
            ("permohonan", Some(id)) if super::submission::is_uuid_v7(id) => {
                let view = if query_param(query, "periksa").is_some() {
                    AppView::Check
                } else {
                    match query_param(query, "bagian").and_then(|b| b.parse::<usize>().ok()) {
                        Some(n) if n >= 1 => AppView::Section(n - 1),
                        _ => AppView::Resume,
                    }
                };
                Route::Application {
                    id: id.to_string(),
                    view,
                }
            }
            _ => Route::NotFound,
        }
    }
}

/// The account page's address right after a citizen signed in, with the app's own forms or
/// with an OpenID provider: the page then asks the phone to claim its requests (`Slot::Claim`).
pub const ACCOUNT_JUST_SIGNED_IN: &str = "/akun?masuk=1";

/// Whether the account page's query string `query` is [`ACCOUNT_JUST_SIGNED_IN`]'s.
pub fn just_signed_in(query: &str) -> bool {
    query_param(query, "masuk").is_some()
}

/// The value of `name` in a query string, percent- and plus-decoded.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(k) == name).then(|| decode(v))
    })
}

/// The page of a long list an address asks for (`?hal=N`, from 1); 1 when it names none.
pub fn list_page(query: &str) -> usize {
    query_param(query, "hal")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Decodes a percent- and plus-encoded value (what [`encode`] writes, or a browser's form).
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a value for a query string.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out
}

/// The longest `next` address a redirect follows.
const MAX_NEXT: usize = 512;

/// Where a redirect may go after a form or a switch (`?next=…`): a path on this site, or
/// `None`. The one rule every `next` goes through. Refused: anything not starting with one `/`
/// (so `//host` and `https://…`), a backslash anywhere (browsers read `/\host` as `//host`),
/// control characters (a decoded `%09` or `%0A`: browsers drop tabs and newlines, and a
/// newline in a header is refused), and addresses over 512 bytes. Spaces and other characters
/// that do not belong in a URL are percent-encoded, so the answer is always a valid header.
pub fn safe_next(next: &str) -> Option<String> {
    let bytes = next.as_bytes();
    let ok = bytes.len() <= MAX_NEXT
        && bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if !ok {
        return None;
    }
    let mut out = String::with_capacity(next.len());
    for c in next.chars() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '_'
            | '.'
            | '~'
            | '/'
            | '?'
            | '&'
            | '='
            | '%'
            | '+'
            | ','
            | ';'
            | ':'
            | '@'
            | '!' => out.push(c),
            c => out.push_str(&encode(c.encode_utf8(&mut [0u8; 4]))),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_just_signed_in_address_is_the_account_page_read_as_just_signed_in() {
        let (path, query) = ACCOUNT_JUST_SIGNED_IN.split_once('?').unwrap();
        assert_eq!(Route::parse(path, query), Route::Account);
        assert!(just_signed_in(query));
        assert!(!just_signed_in("") && !just_signed_in("gagal=1"));
    }

    #[test]
    fn parses_every_page() {
        assert_eq!(Route::parse("/", ""), Route::Home);
        assert_eq!(
            Route::parse("/cari", "q=ktp+el"),
            Route::Search("ktp el".into())
        );
        assert_eq!(
            Route::parse("/cari", "x=1&q=akta%20lahir"),
            Route::Search("akta lahir".into())
        );
        assert_eq!(Route::parse("/layanan", ""), Route::AllServices);
        assert_eq!(Route::parse("/layanan/", ""), Route::AllServices);
        assert_eq!(
            Route::parse("/layanan/paspor-baru", ""),
            Route::Service("paspor-baru".into())
        );
        assert_eq!(
            Route::parse("/kategori/pajak", ""),
            Route::Listing(ListKind::Category, "pajak".into())
        );
        assert_eq!(
            Route::parse("/peristiwa/menikah", ""),
            Route::Listing(ListKind::LifeEvent, "menikah".into())
        );
        assert_eq!(Route::parse("/layanan/a/b", ""), Route::NotFound);
        assert_eq!(Route::parse("/apa", ""), Route::NotFound);
        assert_eq!(
            Route::parse("/ajukan/skck", ""),
            Route::Apply("skck".into())
        );
        assert_eq!(Route::parse("/permohonan", ""), Route::MyApplications);
        const ID: &str = "0192f7a0-7c3e-7a1b-8f00-0123456789ab";
        let app = |view| Route::Application {
            id: ID.into(),
            view,
        };
        let at = format!("/permohonan/{ID}");
        assert_eq!(Route::parse(&at, ""), app(AppView::Resume));
        assert_eq!(Route::parse(&at, "bagian=2"), app(AppView::Section(1)));
        assert_eq!(Route::parse(&at, "bagian=0"), app(AppView::Resume));
        assert_eq!(Route::parse(&at, "periksa=1"), app(AppView::Check));
        // not an id the phone makes: no such page
        assert_eq!(Route::parse("/permohonan/bukan-id", ""), Route::NotFound);
        assert_eq!(Route::parse(&format!("{at}/x"), ""), Route::NotFound);
        assert!(Route::parse("/permohonan", "").on_device() && !Route::Home.on_device());
        assert!(Route::Home.from_catalogue() && Route::parse("/layanan/x", "").from_catalogue());
        for server_only in [
            "/kinerja",
            "/staff",
            "/akun",
            "/layanan/x/tanya-jawab",
            "/permohonan",
        ] {
            assert!(
                !Route::parse(server_only, "").from_catalogue(),
                "{server_only}"
            );
        }
        assert_eq!(Route::parse("/staff", ""), Route::Staff(String::new()));
        assert_eq!(
            Route::parse("/staff/permohonan/x", ""),
            Route::Staff("permohonan/x".into())
        );
    }

    #[test]
    fn decodes_and_encodes_queries() {
        assert_eq!(
            query_param("q=%E2%80%9Cpaspor%E2%80%9D", "q").unwrap(),
            "“paspor”"
        );
        assert_eq!(query_param("q=50%", "q").unwrap(), "50%");
        assert_eq!(encode("/cari?q=ktp el"), "/cari%3Fq%3Dktp%20el");
        assert_eq!(
            query_param(&format!("q={}", encode("a&b=c ü")), "q").unwrap(),
            "a&b=c ü"
        );
    }
    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(
            safe_next("/layanan/paspor-baru").as_deref(),
            Some("/layanan/paspor-baru")
        );
        assert_eq!(
            safe_next("/cari?q=akta lahir").as_deref(),
            Some("/cari?q=akta%20lahir")
        );
        assert_eq!(
            safe_next("/staff?x=\"<").as_deref(),
            Some("/staff?x=%22%3C")
        );
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/staff\nx",
            "/staff\r\nSet-Cookie: a=b",
            "https://evil.example",
            "evil.example",
            "",
            "/\u{7f}",
            "/\u{85}x",
        ] {
            assert_eq!(safe_next(hostile), None, "{hostile:?}");
        }
        assert_eq!(safe_next(&format!("/{}", "a".repeat(600))), None);
    }
}
