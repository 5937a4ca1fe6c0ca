//! The catalogue made ready for its pages: the services, the text each one is searched in, the
//! home page's lists and the order of every list, worked out once per copy of the catalogue
//! instead of on every page.
//! The server keeps one per catalogue state (`store::shelf`), the phone one per copy it holds.

use super::catalogue::{self, Overview, Service, ServiceCard};
use super::l10n::Lang;
use super::search::Haystack;

/// Services with what their pages need worked out once.
#[derive(Default)]
pub struct Shelf {
    services: Vec<Service>,
    overview: Overview,
    /// The search index (built from each service's searchable text, which it replaces).
    index: super::search::Index,
    /// The services' positions by name, in Indonesian and in English (`catalogue::by_name`).
    by_name: [Vec<u32>; 2],
}

impl Shelf {
    /// Prepares `services` (in the order given).
    pub fn new(services: Vec<Service>) -> Shelf {
        let haystacks: Vec<Haystack> = services.iter().map(Haystack::of).collect();
        Shelf {
            index: super::search::Index::of(&haystacks),
            overview: catalogue::overview(&services),
            by_name: [
                catalogue::by_name(&services, Lang::Id),
                catalogue::by_name(&services, Lang::En),
            ],
            services,
        }
    }

    /// The services matching `query` (`search::search`'s answer, through the index), ranked
    /// for a reader of `lang`.
    pub fn search(&self, query: &str, lang: Lang) -> super::search::Found {
        self.index.search(self.order(lang), query)
    }

    /// Every service's position, by name in `lang`.
    pub fn order(&self, lang: Lang) -> &[u32] {
        &self.by_name[lang as usize]
    }

    /// The positions, by name in `lang`, of the services `keep` accepts.
    pub fn listed(&self, lang: Lang, keep: impl Fn(&Service) -> bool) -> Vec<u32> {
        let kept = |&&i: &&u32| keep(&self.services[i as usize]);
        self.order(lang).iter().filter(kept).copied().collect()
    }

    /// The cards of the services at `positions`.
    pub fn cards(&self, positions: &[u32]) -> Vec<ServiceCard> {
        let at = |&i: &u32| self.services[i as usize].card();
        positions.iter().map(at).collect()
    }

    /// The services.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The home page's lists.
    pub fn overview(&self) -> &Overview {
        &self.overview
    }
}

impl std::ops::Deref for Shelf {
    type Target = [Service];

    fn deref(&self) -> &[Service] {
        &self.services
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::tests::service;

    #[test]
    fn finds_every_service_by_its_name_and_keeps_the_overview_of_all() {
        let shelf = Shelf::new(vec![
            service("a", "identitas", &["menikah"]),
            service("b", "pajak", &[]),
        ]);
        assert_eq!(shelf.len(), 2);
        for s in shelf.services() {
            let found = shelf.search(&s.name.id, Lang::Id);
            let cards = shelf.cards(&found.hits);
            assert!(cards.iter().any(|c| c.slug == s.slug), "{}", s.slug);
        }
        assert_eq!(shelf.overview(), &catalogue::overview(shelf.services()));
    }

    #[test]
    fn equal_scores_and_lists_come_in_the_readers_name_order() {
        let mut services: Vec<Service> = ["c", "a", "b"]
            .iter()
            .map(|slug| service(slug, "identitas", &[]))
            .collect();
        // In English the names sort the other way round.
        for (s, en) in services
            .iter_mut()
            .zip(["Service x", "Service z", "Service y"])
        {
            s.name.en = en.into();
        }
        let shelf = Shelf::new(services);
        let slugs = |positions: &[u32]| -> Vec<String> {
            shelf.cards(positions).into_iter().map(|c| c.slug).collect()
        };
        // Each word is in every name once: every hit scores the same.
        assert_eq!(
            slugs(&shelf.search("layanan", Lang::Id).hits),
            ["a", "b", "c"]
        );
        assert_eq!(
            slugs(&shelf.search("service", Lang::En).hits),
            ["c", "b", "a"]
        );
        assert_eq!(slugs(&shelf.listed(Lang::Id, |_| true)), ["a", "b", "c"]);
        assert_eq!(slugs(&shelf.listed(Lang::En, |_| true)), ["c", "b", "a"]);
        assert_eq!(
            slugs(&shelf.listed(Lang::En, |s| s.slug != "b")),
            ["c", "a"]
        );
    }
}
