//! What each page shows, computed from the catalogue on a shelf: the server's from its
//! database, the phone's from its own copy. One function, both sides.

use super::catalogue::{self, ListKind, Listing, Overview, Service, ServiceCard};
use super::l10n::Lang;
use super::route::Route;
use super::search;
use super::shelf::Shelf;
use serde::{Deserialize, Serialize};

/// The data of one page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Page {
    /// The home page's lists.
    Home(Overview),
    /// Search results (empty when the query has no words).
    Search {
        /// The query as searched: as typed, cut at a whole word when too long.
        query: String,
        /// This page's part of the matching services, best first.
        hits: Vec<ServiceCard>,
        /// Which part of all the matches `hits` are.
        part: Part,
        /// No service holds every word of the query: `hits` hold the most of them.
        partial: bool,
        /// Searched in the phone's own copy, which holds the national services and the chosen
        /// provinces only (the server's search holds every province).
        on_phone: bool,
        /// Where to go on when nothing was found (or nothing asked): the home page's lists.
        ways: Option<Overview>,
    },
    /// Every service (this page's part of them).
    AllServices(Vec<ServiceCard>, Part),
    /// A category's or life event's services (this page's part of them).
    Listing(ListKind, Listing, Part),
    /// One service.
    Service(Box<Service>),
    /// The form of a service, to prepare (the phone starts a draft instead).
    ApplyStart(Box<Service>),
    /// A page held only on the phone (applications): the server sends a frame for it.
    OnDevice,
    /// "Lacak permohonan": the form for a reference number and PIN.
    Track,
    /// No such page (or a withdrawn service).
    NotFound,
    /// A service the phone holds only the outline of (`Service::outline`): its whole page is
    /// not stored yet. Online the page is asked of the server instead.
    NotStored(ServiceCard),
}

impl Page {
    /// True for pages the shelf cannot show: those that do not exist (HTTP 404), and a
    /// service known only by its outline (the phone then asks the server).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Page::NotFound | Page::NotStored(_))
    }
}

/// How many services a list shows on one page: a category of a national catalogue holds
/// hundreds, more than a phone should download or a reader scroll through at once.
pub const PER_PAGE: usize = 50;

/// Which part of a long list a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// This page, from 1.
    pub number: usize,
    /// Pages in all (at least 1).
    pub pages: usize,
    /// Items on all the pages.
    pub total: usize,
}

/// The cards of page `asked` (from 1; past the end, the last) of the services at `positions`
/// on `shelf`, [`PER_PAGE`] to a page: only the page's services are made into cards.
fn part_of(shelf: &Shelf, positions: &[u32], asked: usize) -> (Vec<ServiceCard>, Part) {
    let total = positions.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let number = asked.clamp(1, pages);
    let start = (number - 1) * PER_PAGE;
    let end = total.min(start + PER_PAGE);
    (
        shelf.cards(&positions[start..end]),
        Part {
            number,
            pages,
            total,
        },
    )
}

/// The page at `route` (page `part` of a long list, from 1: `?hal=`), from the services on
/// `shelf`, with lists sorted for `lang`.
pub fn page(shelf: &Shelf, route: &Route, part: usize, lang: Lang) -> Page {
    let services = shelf.services();
    match route {
        Route::Home => Page::Home(shelf.overview().clone()),
        Route::Search(q) => {
            let found = shelf.search(q, lang);
            let ways = found.hits.is_empty().then(|| shelf.overview().clone());
            let (hits, part) = part_of(shelf, &found.hits, part);
            Page::Search {
                query: search::cut(q).to_owned(),
                ways,
                hits,
                part,
                partial: found.partial,
                on_phone: false,
            }
        }
        // Lists are in the shelf's order; every service is that order itself, sliced.
        Route::AllServices => {
            let (cards, part) = part_of(shelf, shelf.order(lang), part);
            Page::AllServices(cards, part)
        }
        Route::Service(slug) | Route::Apply(slug) => {
            match (services.iter().find(|s| &s.slug == slug), route) {
                (Some(s), _) if s.outline => Page::NotStored(s.card()),
                (Some(s), Route::Service(_)) => Page::Service(Box::new(s.clone())),
                (Some(s), _) if s.intake_form().is_some() => Page::ApplyStart(Box::new(s.clone())),
                _ => Page::NotFound,
            }
        }
        Route::Listing(kind, slug) => {
            let found = shelf.listed(*kind, slug, lang);
            let term = found
                .first()
                .and_then(|&i| catalogue::term_of(&services[i as usize], *kind, slug));
            term.map(|term| {
                let (services, part) = part_of(shelf, found, part);
                Page::Listing(*kind, Listing { term, services }, part)
            })
            .unwrap_or(Page::NotFound)
        }
        Route::MyApplications | Route::Application { .. } => Page::OnDevice,
        Route::Track => Page::Track,
        // The back office needs the server (the database and the session): not from here.
        Route::Staff(_) | Route::Account => Page::NotFound,
        Route::NotFound => Page::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::tests::service;

    #[test]
    fn builds_each_page_from_the_services() {
        let all = Shelf::new(vec![
            service("a", "identitas", &["menikah"]),
            service("b", "pajak", &[]),
        ]);
        assert!(matches!(page(&all, &Route::Home, 1, Lang::Id), Page::Home(o) if o.total == 2));
        assert!(
            matches!(page(&all, &Route::Service("b".into()), 1, Lang::Id), Page::Service(s) if s.slug == "b")
        );
        assert!(page(&all, &Route::Service("zz".into()), 1, Lang::Id).is_not_found());
        assert!(
            matches!(page(&all, &Route::Listing(ListKind::LifeEvent, "menikah".into()), 1, Lang::Id), Page::Listing(_, l, _) if l.services.len() == 1)
        );
        assert!(page(
            &all,
            &Route::Listing(ListKind::Category, "nope".into()),
            1,
            Lang::Id
        )
        .is_not_found());
        assert!(
            matches!(page(&all, &Route::Search("layanan b".into()), 1, Lang::Id), Page::Search { hits, .. } if hits.len() == 1)
        );
        assert!(
            matches!(page(&all, &Route::AllServices, 1, Lang::En), Page::AllServices(c, _) if c.len() == 2)
        );
    }

    #[test]
    fn an_outline_is_listed_and_found_but_its_page_is_not_stored() {
        let mut whole = service("a", "identitas", &["menikah"]);
        whole.keywords = vec!["ktp".into()];
        whole.form = serde_json::from_str(r#"{"version":1,"sections":[]}"#).ok();
        whole.intake = Some(crate::domain::catalogue::Intake::Loket);
        let outline = whole.outline();
        // What lists, search and the home page read is kept, the page's own parts are not.
        assert_eq!(outline.card(), whole.card());
        assert!(outline.outline && !whole.outline);
        assert!(outline.form.is_none() && outline.requirements.is_empty());
        assert!(outline.agency.contact.is_empty());
        // Its JSON says so, and reads back the same.
        let json = serde_json::to_string(&outline).unwrap();
        assert!(json.contains(r#""outline":true"#), "{json}");
        assert!(!serde_json::to_string(&whole).unwrap().contains("outline"));
        assert_eq!(serde_json::from_str::<Service>(&json).unwrap(), outline);
        let both = |s: Service| Shelf::new(vec![s, service("b", "pajak", &[])]);
        let (full, outlined) = (both(whole.clone()), both(outline));
        assert_eq!(
            page(&outlined, &Route::Home, 1, Lang::Id),
            page(&full, &Route::Home, 1, Lang::Id)
        );
        for q in ["ktp", "layanan a", "disdukcapil"] {
            assert_eq!(
                page(&outlined, &Route::Search(q.into()), 1, Lang::Id),
                page(&full, &Route::Search(q.into()), 1, Lang::Id),
                "{q}"
            );
        }
        let listing = Route::Listing(ListKind::LifeEvent, "menikah".into());
        assert_eq!(
            page(&outlined, &listing, 1, Lang::En),
            page(&full, &listing, 1, Lang::En)
        );
        for route in [Route::Service("a".into()), Route::Apply("a".into())] {
            let p = page(&outlined, &route, 1, Lang::Id);
            assert_eq!(p, Page::NotStored(whole.card()), "{route:?}");
            assert!(p.is_not_found());
        }
        assert!(matches!(
            page(&full, &Route::Apply("a".into()), 1, Lang::Id),
            Page::ApplyStart(_)
        ));
        assert!(page(&full, &Route::Apply("b".into()), 1, Lang::Id).is_not_found());
    }

    #[test]
    fn long_lists_come_fifty_to_a_page_and_a_page_past_the_end_is_the_last() {
        let many: Vec<_> = (0..120)
            .map(|i| service(&format!("s{i:03}"), "identitas", &["menikah"]))
            .collect();
        let all = Shelf::new(many);
        let listing = |n| {
            page(
                &all,
                &Route::Listing(ListKind::Category, "identitas".into()),
                n,
                Lang::Id,
            )
        };
        let Page::Listing(_, first, part) = listing(1) else {
            panic!("a listing")
        };
        assert_eq!(
            (first.services.len(), part),
            (
                50,
                Part {
                    number: 1,
                    pages: 3,
                    total: 120
                }
            )
        );
        let Page::Listing(_, last, part) = listing(3) else {
            panic!("a listing")
        };
        assert_eq!((last.services.len(), part.number), (20, 3));
        // Nothing is on two pages, nothing on none.
        let mut slugs: Vec<String> = (1..=3)
            .flat_map(|n| match listing(n) {
                Page::Listing(_, l, _) => {
                    l.services.into_iter().map(|c| c.slug).collect::<Vec<_>>()
                }
                _ => Vec::new(),
            })
            .collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 120);
        assert_eq!(listing(0), listing(1));
        assert_eq!(listing(99), listing(3));
        let Page::Search { hits, part, .. } =
            page(&all, &Route::Search("layanan".into()), 2, Lang::Id)
        else {
            panic!("a search")
        };
        assert_eq!((hits.len(), part.total, part.number), (50, 120, 2));
        let Page::AllServices(cards, part) = page(&all, &Route::AllServices, 1, Lang::Id) else {
            panic!("all services")
        };
        assert_eq!((cards.len(), part.pages), (50, 3));
        // A short list is one page.
        let few = Shelf::new(vec![service("a", "pajak", &[])]);
        assert!(
            matches!(page(&few, &Route::AllServices, 1, Lang::Id), Page::AllServices(c, Part { number: 1, pages: 1, total: 1 }) if c.len() == 1)
        );
    }
}
