//! The catalogue sync by scope, a page at a time (issue 14).
//!
//! A phone keeps the national services and the provinces its citizen chose, not the whole
//! country. Each of those scopes is followed on its own: the server answers the entries of one
//! scope after a position, in (revision, slug) order, a bounded page at a time; the phone
//! stores each page together with the position after it, so a sync cut anywhere resumes at the
//! last page stored instead of starting again. A service's scope is its agency's province.
//!
//! A scope the phone has never finished is first followed in outlines (`Service::outline`:
//! what lists and search read, a fifth of the bytes), then in whole documents: the citizen can
//! search and browse a large province after a first sync of a few hundred kilobytes, and each
//! service's page follows. Once a scope's documents have caught up, its outlines are dropped
//! and it is followed in documents alone, so a change of one service is a page of one.

use super::catalogue::{Revision, Service, ServiceDoc};
use super::map_only::map_deserialize;
use serde::Serialize;

/// The scope of the services of national agencies (those naming no province).
pub const NATIONAL: &str = "";

/// The most documents one page carries.
pub const PAGE_DOCS: usize = 100;

/// The most outlines one page carries (an outline is about a fifth of a document).
pub const PAGE_OUTLINES: usize = 300;
const _: () = assert!(
    PAGE_OUTLINES > PAGE_DOCS,
    "more outlines to a page than documents"
);

/// The most entries a page carries: [`PAGE_OUTLINES`] of outlines, else [`PAGE_DOCS`].
pub fn most(outline: bool) -> usize {
    if outline {
        PAGE_OUTLINES
    } else {
        PAGE_DOCS
    }
}

/// Whether a scope is followed in outlines before its documents: until its documents have
/// caught up once, that is while the phone holds no position in its documents, or still one in
/// its outlines (dropped when the documents catch up).
pub fn follows_outlines(documents_at: bool, outlines_at: bool) -> bool {
    !documents_at || outlines_at
}

/// A page ends with the document that takes it past this many bytes of JSON (a page is never
/// empty while entries remain), so a low-end phone holds little of the sync at once.
pub const PAGE_BYTES: usize = 192 * 1024;

/// The scope a service is in: its agency's province code, or [`NATIONAL`]. (The database works
/// the same out of the stored document: migration 0022's triggers.)
pub fn scope_of(service: &Service) -> &str {
    service.agency.province.as_deref().unwrap_or(NATIONAL)
}

/// Whether `scope` names a scope: the national one or a province's two-digit code.
pub fn is_scope(scope: &str) -> bool {
    scope == NATIONAL || super::form::is_province_code(scope)
}

/// The address of the province choice (rendered by the server).
pub const PAGE: &str = "/provinsi";

/// The cookie naming the provinces kept on this phone (`32.33`; `-` for none but the national
/// services): the phone's sync reads it, the province page (`/provinsi`) writes it, so the
/// choice is kept once for both. Absent: the citizen has not been asked yet.
pub const PROVINCES_COOKIE: &str = "loket_provinsi";

/// The scopes a phone with `cookies` (a `Cookie` header or `document.cookie`) keeps: the
/// national one, then each valid province code it names, once, in the order named.
pub fn kept_scopes(cookies: &str) -> Vec<String> {
    let named = super::cookie::values(cookies, PROVINCES_COOKIE).next();
    let mut scopes = vec![NATIONAL.to_string()];
    scopes.extend(provinces(named.into_iter().flat_map(|v| v.split('.'))));
    scopes
}

/// The province codes among `codes` (from the cookie or the province page's form), once each,
/// in the order named: anything else is dropped.
pub fn provinces<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        if code != NATIONAL && is_scope(code) && !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    out
}

/// Whether the citizen has chosen (the cookie is there, even naming no province).
pub fn has_chosen(cookies: &str) -> bool {
    super::cookie::values(cookies, PROVINCES_COOKIE)
        .next()
        .is_some()
}

/// The `Set-Cookie` value keeping `chosen` (valid codes only) for a year.
#[cfg(feature = "ssr")]
pub fn provinces_cookie(chosen: &[String], secure: bool) -> String {
    let codes = provinces(chosen.iter().map(String::as_str));
    let value = if codes.is_empty() {
        "-".to_string()
    } else {
        codes.join(".")
    };
    super::cookie::set_cookie(
        PROVINCES_COOKIE,
        &value,
        super::cookie::Attributes {
            max_age_secs: 365 * 24 * 3600,
            http_only: false,
            secure,
        },
    )
}

/// A province's name in `lang`, by its code.
#[cfg(feature = "ssr")]
pub fn province_name(code: &str, lang: super::l10n::Lang) -> Option<&'static str> {
    let n: u8 = code
        .parse()
        .ok()
        .filter(|_| is_scope(code) && code != NATIONAL)?;
    super::form::PROVINCE_NAMES
        .iter()
        .find(|p| p.0 == n)
        .map(|p| {
            if lang == super::l10n::Lang::En {
                p.2
            } else {
                p.1
            }
        })
}

/// A place in a scope's entries: just after the entry (`revision`, `slug`). The start of a
/// scope is (0, "").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// The revision of the last entry taken.
    pub revision: i64,
    /// Its slug (entries of one revision follow in slug order).
    pub slug: String,
}

impl Position {
    /// Whether this is the start of a scope (nothing taken yet).
    pub fn is_start(&self) -> bool {
        self.revision == 0 && self.slug.is_empty()
    }

    /// As the phone stores it: `revision/slug`.
    pub fn encode(&self) -> String {
        format!("{}/{}", self.revision, self.slug)
    }

    /// Reads what [`Position::encode`] wrote.
    pub fn decode(text: &str) -> Option<Position> {
        let (revision, slug) = text.split_once('/')?;
        Some(Position {
            revision: revision.parse().ok().filter(|r| *r >= 0)?,
            slug: slug.to_string(),
        })
    }
}

/// One page of a scope's entries after a position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncPage {
    /// Services added to the scope or changed, as stored.
    pub changed: Vec<ServiceDoc>,
    /// Slugs of services withdrawn from the scope (withdrawn, or moved to another province).
    pub withdrawn: Vec<String>,
    /// The position after this page (`since`, `after`): stored with the page, asked from next.
    pub since: i64,
    /// See `since`.
    pub after: String,
    /// Whether more entries follow now (ask again at once); false when caught up.
    pub more: bool,
    /// The position asked from was not this catalogue's: the phone drops what it holds of
    /// every scope, applies this page (the first of the scope) and starts the others again.
    pub reset: bool,
    /// The id of the catalogue the position belongs to; the phone sends it back with it.
    pub catalogue: String,
}

map_deserialize!(SyncPage {
    changed "changed" req,
    withdrawn "withdrawn" req,
    since "since" req,
    after "after" req,
    more "more" opt,
    reset "reset" opt,
    catalogue "catalogue" req,
});

/// Whether a phone asking from `from`, holding a copy of catalogue `client` (if it says), must
/// start over: a position past the catalogue's `head`, or any position but the start that does
/// not come with this catalogue's id. A position the server cannot vouch for is never answered
/// as if it were its own (and the start is a first page, not "everything").
pub fn must_restart(from: &Position, client: Option<&str>, head: i64, catalogue: &str) -> bool {
    from.revision > head || (!from.is_start() && client != Some(catalogue))
}

/// The page for a phone at `from` (the start when `reset`), from the entries after it in
/// (revision, slug) order, at most [`most`]`(outline)` of them; the store reads one more, which
/// says that more follow. With `outline`, each service taken goes as its outline
/// (`Service::outline`), worked out for the page's services only.
pub fn page(
    from: Position,
    reset: bool,
    catalogue: &str,
    rows: Vec<Revision>,
    outline: bool,
) -> Result<SyncPage, serde_json::Error> {
    let mut out = SyncPage {
        since: from.revision,
        after: from.slug,
        reset,
        catalogue: catalogue.to_string(),
        ..Default::default()
    };
    let mut bytes = 0;
    for (taken, row) in rows.into_iter().enumerate() {
        if taken == most(outline) || bytes >= PAGE_BYTES {
            out.more = true;
            break;
        }
        let doc = match row.doc {
            Some(doc) if outline => Some(ServiceDoc::of(&doc.service()?.outline())?),
            doc => doc,
        };
        bytes += doc.as_ref().map_or(row.slug.len(), |d| d.json().len());
        out.since = row.revision;
        match doc {
            Some(doc) => out.changed.push(doc),
            None => out.withdrawn.push(row.slug.clone()),
        }
        out.after = row.slug;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(slug: &str, revision: i64, bytes: usize) -> Revision {
        Revision {
            slug: slug.into(),
            revision,
            doc: (bytes > 0)
                .then(|| ServiceDoc::from_json(format!("\"{}\"", "x".repeat(bytes - 2))).unwrap()),
        }
    }

    #[test]
    fn the_kept_provinces_come_from_their_cookie() {
        assert_eq!(kept_scopes(""), vec![""]);
        assert!(!has_chosen("loket_bahasa=en"));
        assert!(has_chosen("loket_provinsi=-"));
        assert_eq!(kept_scopes("loket_provinsi=-"), vec![""]);
        assert_eq!(
            kept_scopes("a=1; loket_provinsi=32.99.33.32.x; loket_provinsi=11"),
            vec!["", "32", "33"],
            "valid codes, once, from the first cookie"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_choice_is_written_as_the_cookie_reads_it() {
        let c = provinces_cookie(&["32".into(), "99".into(), "".into(), "33".into()], true);
        assert!(c.starts_with("loket_provinsi=32.33; Path=/;"), "{c}");
        assert!(c.contains("Secure"));
        assert!(provinces_cookie(&[], false).starts_with("loket_provinsi=-;"));
        let codes: Vec<u8> = crate::domain::form::PROVINCE_NAMES
            .iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(codes.len(), 38);
        assert!(codes.iter().all(|c| is_scope(&c.to_string())));
        assert_eq!(
            province_name("32", crate::domain::l10n::Lang::Id),
            Some("Jawa Barat")
        );
        assert_eq!(
            province_name("32", crate::domain::l10n::Lang::En),
            Some("West Java")
        );
        assert_eq!(province_name("", crate::domain::l10n::Lang::En), None);
    }

    #[test]
    fn a_position_is_kept_as_text_and_read_back() {
        let p = Position {
            revision: 12,
            slug: "ktp-el/baru".into(),
        };
        assert_eq!(p.encode(), "12/ktp-el/baru");
        assert_eq!(Position::decode(&p.encode()), Some(p));
        assert!(Position::decode("0/").unwrap().is_start());
        for bad in ["", "12", "x/a", "-1/a"] {
            assert_eq!(Position::decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_the_national_scope_and_provinces_are_scopes() {
        assert!(is_scope(""));
        assert!(is_scope("32"));
        assert!(is_scope("96"));
        for bad in ["00", "3", "320", "ab", " 32", "%"] {
            assert!(!is_scope(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_position_the_server_cannot_vouch_for_starts_over() {
        let at = |revision, slug: &str| Position {
            revision,
            slug: slug.into(),
        };
        assert!(!must_restart(&at(0, ""), None, 3, "c"), "the start");
        assert!(!must_restart(&at(0, ""), Some("old"), 3, "c"), "the start");
        assert!(!must_restart(&at(2, "a"), Some("c"), 3, "c"));
        assert!(!must_restart(&at(3, "z"), Some("c"), 3, "c"), "caught up");
        assert!(
            must_restart(&at(4, "a"), Some("c"), 3, "c"),
            "past the head"
        );
        assert!(
            must_restart(&at(2, "a"), Some("old"), 3, "c"),
            "another catalogue"
        );
        assert!(
            must_restart(&at(2, "a"), None, 3, "c"),
            "a position without its catalogue"
        );
        assert!(
            must_restart(&at(0, "a"), None, 3, "c"),
            "a slug without its catalogue"
        );
    }

    #[test]
    fn a_page_is_bounded_and_ends_where_the_next_begins() {
        // Caught up: everything fits, nothing more.
        let p = page(
            Position::default(),
            false,
            "c",
            vec![row("a", 1, 10), row("b", 1, 0), row("c", 2, 10)],
            false,
        )
        .unwrap();
        assert_eq!(
            (p.changed.len(), p.withdrawn.clone()),
            (2, vec!["b".to_string()])
        );
        assert_eq!((p.since, p.after.as_str(), p.more), (2, "c", false));
        // One more row than a page: the page is full and says more follow.
        let rows: Vec<_> = (0..=PAGE_DOCS)
            .map(|i| row(&format!("s{i:04}"), 5, 10))
            .collect();
        let p = page(Position::default(), false, "c", rows, false).unwrap();
        assert_eq!(p.changed.len(), PAGE_DOCS);
        assert!(p.more);
        assert_eq!(p.after, format!("s{:04}", PAGE_DOCS - 1));
        // Large documents: the page ends after the one that passes the byte bound.
        let big = PAGE_BYTES / 3 + 1;
        let rows: Vec<_> = (0..6).map(|i| row(&format!("b{i}"), 7, big)).collect();
        let p = page(Position::default(), false, "c", rows, false).unwrap();
        assert_eq!((p.changed.len(), p.more), (3, true));
        // One document larger than the bound still goes alone.
        let p = page(
            Position::default(),
            false,
            "c",
            vec![row("huge", 8, PAGE_BYTES * 2)],
            false,
        )
        .unwrap();
        assert_eq!((p.changed.len(), p.more), (1, false));
        // Nothing after the position: the position stays.
        let from = Position {
            revision: 9,
            slug: "z".into(),
        };
        let p = page(from.clone(), false, "c", vec![], false).unwrap();
        assert_eq!((p.since, p.after), (from.revision, from.slug));
    }

    #[test]
    fn a_page_of_outlines_carries_more_and_outlines_only_what_it_takes() {
        use crate::domain::catalogue::tests::service;
        let doc = |i: usize| {
            let s = service(&format!("s{i:04}"), "identitas", &[]);
            ServiceDoc::of(&s).unwrap()
        };
        let mut rows: Vec<_> = (0..PAGE_OUTLINES)
            .map(|i| Revision {
                slug: format!("s{i:04}"),
                revision: 5,
                doc: Some(doc(i)),
            })
            .collect();
        // The row past the page is not read: a document that is no service would fail it.
        rows.push(row("zzzz", 6, 10));
        let p = page(Position::default(), false, "c", rows, true).unwrap();
        assert_eq!((p.changed.len(), p.more), (PAGE_OUTLINES, true));
        for (i, d) in p.changed.iter().enumerate() {
            let whole = doc(i).service().unwrap();
            assert_eq!(d.service().unwrap(), whole.outline());
        }
        assert_eq!(p.after, format!("s{:04}", PAGE_OUTLINES - 1));
        assert_eq!((most(true), most(false)), (PAGE_OUTLINES, PAGE_DOCS));
    }

    #[test]
    fn a_scope_follows_outlines_until_its_documents_caught_up_once() {
        assert!(follows_outlines(false, false), "nothing yet");
        assert!(follows_outlines(false, true), "outlines under way");
        assert!(follows_outlines(true, true), "documents under way");
        assert!(!follows_outlines(true, false), "documents caught up");
    }
}
