//! Searching the catalogue: the same rule on the server and on the phone.
//!
//! A query matches a service when *every* word of the query occurs (case-insensitively, as a
//! part of a word) in its name, summary, keywords or agency, in either language. Results rank
//! services whose name holds the words above those that only mention them elsewhere.

use super::catalogue::{Service, ServiceCard};
use super::l10n::Lang;

/// The longest query we look at; anything longer is cut (a search box, not an essay).
pub const MAX_QUERY_CHARS: usize = 100;

/// Lower-cases and turns every ASCII punctuation or space into a space, so `KTP-el` is found by
/// `ktp el`, `ktp-el` and `KTP`. Letters beyond ASCII are kept as they are: the catalogue's
/// languages are written in ASCII, and the Unicode case tables would cost the phone's bundle
/// more than they give.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            c if c.is_ascii() => ' ',
            c => c,
        })
        .collect()
}

/// The words of a query, normalised; empty when the query has none.
pub fn query_words(query: &str) -> Vec<String> {
    let cut: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut words: Vec<String> = normalize(&cut)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The text a service is searched in, name first (normalised, both languages).
pub struct Haystack {
    name: String,
    rest: String,
}

impl Haystack {
    /// Builds the searchable text of a service.
    pub fn of(s: &Service) -> Haystack {
        let name = normalize(&format!(" {} {} ", s.name.id, s.name.en));
        let mut rest = String::new();
        for part in [
            &s.summary.id,
            &s.summary.en,
            &s.agency.short_name,
            &s.agency.name.id,
            &s.agency.name.en,
        ] {
            rest.push(' ');
            rest.push_str(part);
        }
        for k in &s.keywords {
            rest.push(' ');
            rest.push_str(k);
        }
        Haystack {
            name,
            rest: normalize(&rest),
        }
    }

    /// `None` when some word is missing; else a score, higher is better.
    pub fn score(&self, words: &[String]) -> Option<u32> {
        let mut score = 0;
        for w in words {
            let in_name = self.name.contains(w.as_str());
            if !in_name && !self.rest.contains(w.as_str()) {
                return None;
            }
            if in_name {
                score += if self.name.contains(&format!(" {w}")) {
                    3
                } else {
                    2
                };
            } else {
                score += 1;
            }
        }
        Some(score)
    }
}

/// True when every word of `query` occurs in the service. An empty query matches nothing.
pub fn matches(service: &Service, query: &str) -> bool {
    let words = query_words(query);
    !words.is_empty() && Haystack::of(service).score(&words).is_some()
}

/// The services matching `query`, best first, then by name in `lang`.
pub fn search(services: &[Service], query: &str, lang: Lang) -> Vec<ServiceCard> {
    let words = query_words(query);
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u32, String, &Service)> = services
        .iter()
        .filter_map(|s| {
            Haystack::of(s)
                .score(&words)
                .map(|sc| (sc, s.name.get(lang).to_ascii_lowercase(), s))
        })
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    hits.into_iter().map(|(_, _, s)| s.card()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::tests::service;
    use super::super::l10n::Text;
    use super::*;

    fn catalogue() -> Vec<Service> {
        let mut ktp = service("ktp-el-baru", "identitas", &[]);
        ktp.name = Text {
            id: "KTP-el (rekam baru)".into(),
            en: "e-KTP, first issue".into(),
        };
        ktp.keywords = vec!["kartu tanda penduduk".into(), "identity card".into()];
        let mut paspor = service("paspor-baru", "perjalanan", &[]);
        paspor.name = Text {
            id: "Paspor biasa baru".into(),
            en: "New ordinary passport".into(),
        };
        paspor.agency.short_name = "Imigrasi".into();
        paspor.summary = Text {
            id: "Dokumen perjalanan ke luar negeri; bawa KTP-el.".into(),
            en: "Travel document.".into(),
        };
        vec![ktp, paspor]
    }

    #[test]
    fn is_case_insensitive_and_ignores_punctuation() {
        let c = catalogue();
        assert!(matches(&c[0], "ktp"));
        assert!(matches(&c[0], "KTP-EL"));
        assert!(matches(&c[0], "  Ktp   el "));
    }

    #[test]
    fn every_word_must_match() {
        let c = catalogue();
        assert!(matches(&c[0], "kartu penduduk"));
        assert!(!matches(&c[0], "kartu paspor"));
    }

    #[test]
    fn searches_name_summary_keywords_and_agency_in_both_languages() {
        let c = catalogue();
        assert!(matches(&c[1], "passport")); // English name
        assert!(matches(&c[1], "luar negeri")); // summary
        assert!(matches(&c[1], "imigrasi")); // agency
        assert!(matches(&c[0], "identity")); // keyword
    }

    #[test]
    fn an_empty_query_finds_nothing() {
        assert!(search(&catalogue(), "  - ", Lang::Id).is_empty());
    }

    #[test]
    fn a_name_match_ranks_above_a_mention() {
        // "ktp" is in the KTP-el name and only in the passport's summary.
        let hits = search(&catalogue(), "ktp", Lang::Id);
        assert_eq!(
            hits.iter().map(|h| h.slug.as_str()).collect::<Vec<_>>(),
            vec!["ktp-el-baru", "paspor-baru"]
        );
    }

    #[test]
    fn overlong_queries_are_cut_not_rejected() {
        let q = "ktp ".repeat(200);
        assert!(matches(&catalogue()[0], &q));
    }
}
