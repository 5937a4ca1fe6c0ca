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
        /// Matching services, best first.
        hits: Vec<ServiceCard>,
        /// No service holds every word of the query: `hits` hold the most of them.
        partial: bool,
        /// Where to go on when nothing was found (or nothing asked): the home page's lists.
        ways: Option<Overview>,
    },
    /// Every service.
    AllServices(Vec<ServiceCard>),
    /// A category's or life event's services.
    Listing(ListKind, Listing),
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
}

impl Page {
    /// True for pages that do not exist (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Page::NotFound)
    }
}

/// The page at `route`, from the services on `shelf`, with lists sorted for `lang`.
pub fn page(shelf: &Shelf, route: &Route, lang: Lang) -> Page {
    let services = shelf.services();
    match route {
        Route::Home => Page::Home(shelf.overview().clone()),
        Route::Search(q) => {
            let found = search::search(services, shelf.haystacks(), q, lang);
            Page::Search {
                query: search::cut(q).to_owned(),
                ways: found.cards.is_empty().then(|| shelf.overview().clone()),
                hits: found.cards,
                partial: found.partial,
            }
        }
        Route::AllServices => Page::AllServices(catalogue::all_cards(services, lang)),
        Route::Service(slug) => services
            .iter()
            .find(|s| &s.slug == slug)
            .map(|s| Page::Service(Box::new(s.clone())))
            .unwrap_or(Page::NotFound),
        Route::Listing(kind, slug) => catalogue::listing(services, *kind, slug, lang)
            .map(|l| Page::Listing(*kind, l))
            .unwrap_or(Page::NotFound),
        Route::Apply(slug) => services
            .iter()
            .find(|s| &s.slug == slug && s.intake_form().is_some())
            .map(|s| Page::ApplyStart(Box::new(s.clone())))
            .unwrap_or(Page::NotFound),
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
        assert!(matches!(page(&all, &Route::Home, Lang::Id), Page::Home(o) if o.total == 2));
        assert!(
            matches!(page(&all, &Route::Service("b".into()), Lang::Id), Page::Service(s) if s.slug == "b")
        );
        assert!(page(&all, &Route::Service("zz".into()), Lang::Id).is_not_found());
        assert!(
            matches!(page(&all, &Route::Listing(ListKind::LifeEvent, "menikah".into()), Lang::Id), Page::Listing(_, l) if l.services.len() == 1)
        );
        assert!(page(
            &all,
            &Route::Listing(ListKind::Category, "nope".into()),
            Lang::Id
        )
        .is_not_found());
        assert!(
            matches!(page(&all, &Route::Search("layanan b".into()), Lang::Id), Page::Search { hits, .. } if hits.len() == 1)
        );
        assert!(
            matches!(page(&all, &Route::AllServices, Lang::En), Page::AllServices(c) if c.len() == 2)
        );
    }
}
