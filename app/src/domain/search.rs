//! Searching the catalogue: the same rule on the server and on the phone.
//!
//! A query is read as people type it: everyday words (*bikin*, *cara*, *mengurus*, *how to*)
//! are dropped, and a word matches a service when it occurs (case-insensitively, as a part of a
//! word) in its name, summary, keywords or agency, in either language, or when it is one typo
//! away from a word there (two for long words). Synonyms are the services' `keywords` in the
//! catalogue data. Services holding every word are found; when none does, those holding the
//! most words are offered instead, marked as a partial match. Name matches rank first.

use super::catalogue::Service;

/// The longest query we look at; anything longer is cut at the last whole word before it.
pub const MAX_QUERY_CHARS: usize = 100;

/// Words of a request that name no service, dropped from a query that has other words (one
/// string rather than a list: the phone's bundle holds it in fewer bytes).
const FILLER: &str = " bikin buat membuat pembuatan cara urus mengurus ngurus pengurusan ajukan \
    mengajukan daftar bagaimana gimana gmn mau ingin perlu minta tolong bisa saya aku untuk utk \
    yang di ke dari dan atau dengan apa syarat persyaratan mana dimana how to do i get a an the \
    my for of make where can want need ";

/// True for a word of [`FILLER`].
fn filler(word: &str) -> bool {
    FILLER.contains(&format!(" {word} "))
}

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

/// The query as it is searched and shown: trimmed, and cut before [`MAX_QUERY_CHARS`] at the
/// end of a word, never inside one.
pub fn cut(query: &str) -> &str {
    let query = query.trim();
    match query.char_indices().nth(MAX_QUERY_CHARS) {
        None => query,
        Some((end, next)) => {
            let head = &query[..end];
            let whole = if next.is_whitespace() {
                head
            } else {
                head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
            };
            whole.trim_end()
        }
    }
}

/// The words of a query, normalised, without filler unless the query is only filler; empty when
/// the query has no words.
pub fn query_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = normalize(cut(query))
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    if words.iter().any(|w| !filler(w)) {
        words.retain(|w| !filler(w));
    }
    words
}

/// True when `typed` is `word` with a typo: one edit (a letter added, dropped, changed, or two
/// neighbours swapped) for words of 4 to 7 letters, two from 8; short words must be exact.
fn close(typed: &[u8], word: &[u8]) -> bool {
    let allowed = match typed.len() {
        0..=3 => return false,
        4..=7 => 1,
        _ => 2,
    };
    word.len().abs_diff(typed.len()) <= allowed && edits(typed, word) <= allowed
}

/// The edit distance between `a` and `b`, a swap of neighbours counting as one edit. Bytes, not
/// characters: normalised text is ASCII but for the rare letter beyond it, which then counts
/// as two or three.
fn edits(a: &[u8], b: &[u8]) -> usize {
    // Three rows of the table in one allocation (this runs for every word of every service a
    // long query word is compared with): the row before last (for swaps), the last, this one.
    let n = b.len() + 1;
    let mut rows = vec![0; 3 * n];
    let (mut before, mut prev, mut cur) = (0, n, 2 * n);
    for j in 0..n {
        rows[prev + j] = j;
    }
    for i in 1..=a.len() {
        rows[cur] = i;
        for j in 1..n {
            let change = rows[prev + j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut d = change.min(rows[prev + j] + 1).min(rows[cur + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before + j - 2] + 1);
            }
            rows[cur + j] = d;
        }
        (before, prev, cur) = (prev, cur, before);
    }
    rows[prev + b.len()]
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

    /// How well one query word matches: 3 at the start of a word of the name, 2 inside the
    /// name or one typo from a word of it, 1 elsewhere (exact or a typo), 0 not at all.
    fn word_score(&self, w: &str) -> u32 {
        // A word of the name starts with `w` (a query word holds no space, so an occurrence
        // after a space is never inside an earlier one).
        let name = self.name.as_bytes();
        if self
            .name
            .match_indices(w)
            .any(|(i, _)| i > 0 && name[i - 1] == b' ')
        {
            return 3;
        }
        let near = |text: &str| {
            text.split_ascii_whitespace()
                .any(|h| close(w.as_bytes(), h.as_bytes()))
        };
        if self.name.contains(w) || near(&self.name) {
            2
        } else {
            u32::from(self.rest.contains(w) || near(&self.rest))
        }
    }

    /// How many of `words` match, and the summed score of those that do.
    pub fn score(&self, words: &[String]) -> (usize, u32) {
        words
            .iter()
            .map(|w| self.word_score(w))
            .filter(|&s| s > 0)
            .fold((0, 0), |(n, sum), s| (n + 1, sum + s))
    }
}

/// True when every word of `query` matches the service. An empty query matches nothing.
pub fn matches(service: &Service, query: &str) -> bool {
    let words = query_words(query);
    !words.is_empty() && Haystack::of(service).score(&words).0 == words.len()
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// The services (by position), best first, then by name. Positions, not cards: a page
    /// shows fifty of them, and only those are made into cards.
    pub hits: Vec<u32>,
    /// No service holds every word: these hold the most of them.
    pub partial: bool,
}

/// The services matching `query`: those holding every word, or, when none does, those holding
/// the most words. `haystacks` are the services' searchable texts, in their order, and
/// `by_name` their positions sorted by name in the reader's language (both worked out once per
/// catalogue: `shelf::Shelf`).
pub fn search(haystacks: &[Haystack], by_name: &[u32], query: &str) -> Found {
    let words = query_words(query);
    let scores: Vec<(usize, u32)> = haystacks.iter().map(|h| h.score(&words)).collect();
    rank(&scores, by_name, words.len())
}

/// The found services, best first, from each service's (words matched, summed score), in the
/// services' order: the ranking both ways of scoring share. Equal scores keep `by_name`'s
/// order, so no name is compared or lower-cased per search; the scores are small numbers (at
/// most 3 a word), so the hits are gathered score by score rather than sorted (a sort would
/// cost the phone's bundle more code).
fn rank(scores: &[(usize, u32)], by_name: &[u32], words: usize) -> Found {
    let most = scores.iter().map(|s| s.0).max().unwrap_or(0);
    let hits: Vec<(u32, u32)> = by_name
        .iter()
        .map(|&i| (scores[i as usize], i))
        .filter(|((n, _), _)| most > 0 && *n == most)
        .map(|((_, score), i)| (score, i))
        .collect();
    let top = hits.iter().map(|h| h.0).max().unwrap_or(0);
    Found {
        partial: most > 0 && most < words,
        hits: (0..=top)
            .rev()
            .flat_map(|score| hits.iter().filter(move |h| h.0 == score).map(|h| h.1))
            .collect(),
    }
}

/// Keys, sorted, each with the positions of the services it is in.
pub type Postings = Vec<(String, Vec<u32>)>;

/// Each key of `pairs` with the positions it came with, in their order (a position given twice
/// in a row is kept once), the keys sorted: what a word or a list is looked up in.
pub fn postings<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> Postings {
    let mut map: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    for (key, i) in pairs {
        let posting = map.entry(key).or_default();
        if posting.last() != Some(&i) {
            posting.push(i);
        }
    }
    map.into_iter().map(|(k, p)| (k.to_string(), p)).collect()
}

/// The words of every service's searchable text, each once, with the services holding it: the
/// same results as [`search`], comparing a query word with each distinct word once instead of
/// with every word of every service (a national catalogue on the server, a province's
/// thousand services on a phone).
#[derive(Default)]
pub struct Index {
    /// Distinct words of the names, with the services (by position) whose name holds each.
    name: Postings,
    /// The same for the rest of the text.
    rest: Postings,
}

impl Index {
    /// Indexes `haystacks` (one per service, in the services' order).
    pub fn of(haystacks: &[Haystack]) -> Index {
        let words =
            |text: fn(&Haystack) -> &str| {
                postings(haystacks.iter().enumerate().flat_map(|(i, h)| {
                    text(h).split_ascii_whitespace().map(move |w| (w, i as u32))
                }))
            };
        Index {
            name: words(|h| &h.name),
            rest: words(|h| &h.rest),
        }
    }

    /// [`search`]'s answer (`by_name` holds every indexed service's position once), found
    /// through the index. Each query word is scored per service exactly as
    /// [`Haystack::score`] does: 3 when a word of the name starts with it, 2 when one contains
    /// it or is a typo away, 1 the same in the rest of the text.
    pub fn search(&self, by_name: &[u32], query: &str) -> Found {
        let words = query_words(query);
        let mut found = vec![(0usize, 0u32); by_name.len()];
        let mut best = vec![0u8; by_name.len()];
        for w in &words {
            best.fill(0);
            let mut mark = |posting: &[u32], score: u8| {
                for &i in posting {
                    let b = &mut best[i as usize];
                    *b = (*b).max(score);
                }
            };
            for (word, posting) in &self.name {
                let score = if word.starts_with(w.as_str()) {
                    3
                } else if word.contains(w.as_str()) || close(w.as_bytes(), word.as_bytes()) {
                    2
                } else {
                    continue;
                };
                mark(posting, score);
            }
            for (word, posting) in &self.rest {
                if word.contains(w.as_str()) || close(w.as_bytes(), word.as_bytes()) {
                    mark(posting, 1);
                }
            }
            for (f, &b) in found.iter_mut().zip(&best) {
                if b > 0 {
                    *f = (f.0 + 1, f.1 + u32::from(b));
                }
            }
        }
        rank(&found, by_name, words.len())
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::tests::service;
    use super::super::l10n::{Lang, Text};
    use super::*;

    /// `search` with the haystacks and the order worked out here, answering slugs.
    fn find(services: &[Service], query: &str, lang: Lang) -> (Vec<String>, bool) {
        let haystacks: Vec<Haystack> = services.iter().map(Haystack::of).collect();
        let by_name = super::super::catalogue::by_name(services, lang);
        let found = search(&haystacks, &by_name, query);
        let slugs = found
            .hits
            .iter()
            .map(|&i| services[i as usize].slug.clone());
        (slugs.collect(), found.partial)
    }

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
        assert_eq!(find(&catalogue(), "  - ", Lang::Id), (Vec::new(), false));
    }

    #[test]
    fn a_name_match_ranks_above_a_mention() {
        // "ktp" is in the KTP-el name and only in the passport's summary.
        let (hits, _) = find(&catalogue(), "ktp", Lang::Id);
        assert_eq!(hits, ["ktp-el-baru", "paspor-baru"]);
    }

    #[test]
    fn overlong_queries_are_cut_not_rejected() {
        let q = "ktp ".repeat(200);
        assert!(matches(&catalogue()[0], &q));
    }

    fn slugs(query: &str) -> Vec<String> {
        find(&catalogue(), query, Lang::Id).0
    }

    #[test]
    fn a_typo_or_two_is_forgiven_in_words_long_enough() {
        assert_eq!(slugs("pasport"), ["paspor-baru"]); // a letter too many
        assert_eq!(slugs("psapor"), ["paspor-baru"]); // two neighbours swapped
        assert_eq!(slugs("imigrsai"), ["paspor-baru"]); // agency, swapped
        assert_eq!(slugs("kartu pendudk"), ["ktp-el-baru"]);
        assert_eq!(slugs("identiti"), ["ktp-el-baru"]); // one letter changed
        assert!(slugs("pspr").is_empty()); // two edits in a short word
        assert!(slugs("ktx").is_empty()); // words of 3 letters must be exact
    }

    #[test]
    fn everyday_words_are_not_searched_for() {
        assert_eq!(slugs("bikin ktp"), ["ktp-el-baru", "paspor-baru"]);
        assert_eq!(slugs("Bagaimana cara mengurus KTP?"), slugs("ktp"));
        assert_eq!(query_words("how to get a passport"), ["passport"]);
        // a query of filler only is searched as typed, rather than as nothing
        assert_eq!(query_words("cara"), ["cara"]);
    }

    #[test]
    fn when_no_service_holds_every_word_the_closest_are_offered() {
        let (hits, partial) = find(&catalogue(), "paspor untuk anak saya", Lang::Id);
        assert!(partial);
        assert_eq!(hits, ["paspor-baru"]);
        assert!(!find(&catalogue(), "paspor", Lang::Id).1);
        assert_eq!(
            find(&catalogue(), "zzzz qqqq", Lang::Id),
            (Vec::new(), false)
        );
    }

    #[test]
    fn a_long_query_is_cut_at_a_word_not_inside_one() {
        let q = format!("{} paspor", "a".repeat(95));
        assert_eq!(cut(&q), "a".repeat(95)); // "paspor" would cross 100: dropped whole
        let words = "kartu ".repeat(30);
        assert!(cut(&words).ends_with("kartu"));
        assert!(cut(&words).chars().count() <= MAX_QUERY_CHARS);
        assert_eq!(cut("  ktp  "), "ktp");
    }

    /// The table as first written, a new row per letter: the reference the one-allocation
    /// table must agree with.
    fn edits_by_rows(a: &[u8], b: &[u8]) -> usize {
        let mut before = vec![0; b.len() + 1];
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                let change = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
                let mut d = change.min(prev[j] + 1).min(cur[j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(before[j - 2] + 1);
                }
                cur[j] = d;
            }
            before = std::mem::replace(&mut prev, cur);
        }
        prev[b.len()]
    }

    #[test]
    fn the_edit_distance_agrees_with_the_table_of_rows_on_every_short_pair() {
        // Every word of up to 4 letters over a 3-letter alphabet, against every other.
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=4 {
            let mut n = 0usize;
            while n < 3usize.pow(len) {
                let mut x = n;
                words.push(
                    (0..len)
                        .map(|_| {
                            let c = b"abc"[x % 3];
                            x /= 3;
                            c
                        })
                        .collect(),
                );
                n += 1;
            }
        }
        for a in &words {
            for b in &words {
                assert_eq!(edits(a, b), edits_by_rows(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_edit_distance_counts_inserts_deletes_changes_and_swaps() {
        let d = |a: &str, b: &str| edits(a.as_bytes(), b.as_bytes());
        assert_eq!(d("paspor", "paspor"), 0);
        assert_eq!(d("pasport", "paspor"), 1);
        assert_eq!(d("pspor", "paspor"), 1);
        assert_eq!(d("pasbor", "paspor"), 1);
        assert_eq!(d("psapor", "paspor"), 1);
        assert_eq!(d("kelahran", "kelahiran"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("sitting", "kitten"), 3);
    }
}
