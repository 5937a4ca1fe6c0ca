//! The catalogue made ready for its pages: the services, the text each one is searched in, the
//! home page's lists and the order of every list, worked out once per copy of the catalogue
//! instead of on every page.
//! The server keeps one per catalogue state (`store::shelf`), the phone one per copy it holds.

use super::catalogue::{self, ListKind, Overview, Service, ServiceCard};
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
    /// Each category's and life event's services, by name in each language (`[kind][lang]`,
    /// sorted by slug): a list's page reads its own services instead of every service.
    lists: [[super::search::Postings; 2]; 2],
}

impl Shelf {
    /// Prepares `services` (in the order given).
    pub fn new(services: Vec<Service>) -> Shelf {
        let haystacks: Vec<Haystack> = services.iter().map(Haystack::of).collect();
        let by_name = [
            catalogue::by_name(&services, Lang::Id),
            catalogue::by_name(&services, Lang::En),
        ];
        let lists = |kind: ListKind| {
            by_name.each_ref().map(|order| {
                super::search::postings(order.iter().flat_map(|&i| {
                    let terms = services[i as usize].terms(kind).iter();
                    terms.map(move |t| (t.slug.as_str(), i))
                }))
            })
        };
        Shelf {
            index: super::search::Index::of(&haystacks),
            overview: catalogue::overview(&services),
            lists: [lists(ListKind::Category), lists(ListKind::LifeEvent)],
            by_name,
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

    /// The positions, by name in `lang`, of the services in the category or life event `slug`.
    pub fn listed(&self, kind: ListKind, slug: &str, lang: Lang) -> &[u32] {
        let lists = &self.lists[kind as usize][lang as usize];
        match lists.binary_search_by(|(s, _)| s.as_str().cmp(slug)) {
            Ok(at) => &lists[at].1,
            Err(_) => &[],
        }
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
        let identitas = |lang| shelf.listed(ListKind::Category, "identitas", lang);
        assert_eq!(slugs(identitas(Lang::Id)), ["a", "b", "c"]);
        assert_eq!(slugs(identitas(Lang::En)), ["c", "b", "a"]);
    }

    #[test]
    fn each_list_holds_exactly_the_services_in_it_in_the_readers_order() {
        let mut services = vec![
            service("e", "pajak", &["menikah", "pindah"]),
            service("b", "identitas", &["menikah"]),
            service("d", "identitas", &[]),
            service("a", "usaha", &["pindah", "punya-anak"]),
            service("c", "pajak", &["punya-anak", "punya-anak"]),
        ];
        for (s, en) in services.iter_mut().zip(["v", "z", "x", "w", "y"]) {
            s.name.en = en.into();
        }
        let shelf = Shelf::new(services);
        let terms = [
            "identitas",
            "pajak",
            "usaha",
            "menikah",
            "pindah",
            "punya-anak",
            "nope",
            "",
        ];
        let mut listed = 0;
        for kind in [ListKind::Category, ListKind::LifeEvent] {
            for lang in [Lang::Id, Lang::En] {
                for slug in terms {
                    let by_rule: Vec<u32> = (shelf.order(lang).iter())
                        .filter(|&&i| shelf[i as usize].is_in(kind, slug))
                        .copied()
                        .collect();
                    assert_eq!(shelf.listed(kind, slug, lang), by_rule, "{kind:?} {slug}");
                    listed += by_rule.len();
                }
            }
        }
        // five categories and six life events (c names one twice: listed once), in both languages
        assert_eq!(listed, 2 * (5 + 6));
        let slugs =
            |p: &[u32]| -> Vec<String> { shelf.cards(p).into_iter().map(|c| c.slug).collect() };
        assert_eq!(
            slugs(shelf.listed(ListKind::LifeEvent, "punya-anak", Lang::Id)),
            ["a", "c"]
        );
        assert_eq!(
            slugs(shelf.listed(ListKind::LifeEvent, "menikah", Lang::En)),
            ["e", "b"]
        );
    }
}
