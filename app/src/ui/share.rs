//! What a shared link to a public page shows: Open Graph and Twitter card metadata and the
//! canonical link, written into the document's `<head>` by the server only.
//!
//! Crawlers (WhatsApp, Facebook, X, Telegram) read the HTML the server sends and run no script,
//! so the phone's bundle carries none of this: [`of`] computes the values from the page's data
//! where the server renders it (`ui::pages::load::page_html`), they travel beside the page in
//! `Rendered::share` (never sent to the phone), and [`head`] hands them to leptos_meta, whose
//! tags write nothing into `<body>` (hydration meets the same body) and escape their attribute
//! values. Absolute addresses come from the configured [`PublicUrl`], never from the request.
//! After a move inside the app the tags would describe the previous page, so the app removes
//! them (`ui::nav`, by `domain::share::SELECTOR`): a browser's share sheet then takes the address bar's URL.

use crate::domain::catalogue::{ListKind, ServiceCard};
use crate::domain::l10n::Lang;
use crate::domain::page::Page;
use crate::domain::screen::Screen;
use crate::domain::share::{Preview, PublicUrl, IMAGE_SIZE, SITE_NAME};
use crate::i18n::Msg;
use crate::ui::href::Href;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// What a link to the public page `screen` (titled `title`) shows, on the site at `base` in
/// `lang`; `None` for pages that are not for sharing (the back office, the account, forms,
/// search results, a page not found).
pub fn of(screen: &Screen, title: &str, lang: Lang, base: &PublicUrl) -> Option<Preview> {
    let (path, description) = match screen {
        Screen::Catalogue(Page::Home(_)) => ("/".to_string(), Msg::Tagline.get(lang).to_string()),
        Screen::Catalogue(Page::AllServices(cards, part)) => {
            ("/layanan".to_string(), names(cards, part.total, lang))
        }
        Screen::Catalogue(Page::Listing(kind, l, part)) => {
            let base = match kind {
                ListKind::Category => "/kategori/",
                ListKind::LifeEvent => "/peristiwa/",
            };
            (
                path_of(Href::page(base, &l.term.slug)),
                names(&l.services, part.total, lang),
            )
        }
        Screen::Catalogue(Page::Service(s)) => (
            path_of(Href::page("/layanan/", &s.slug)),
            s.summary.get(lang).to_string(),
        ),
        Screen::Questions(q) => (
            path_of(Href::page("/layanan/", &q.service.slug).then("/tanya-jawab")),
            q.service.summary.get(lang).to_string(),
        ),
        // The period is part of the address only when it was chosen: `/kinerja` alone is
        // always this quarter.
        Screen::Performance(p) => (
            match p.chosen {
                true => path_of(Href::path("/kinerja").param("periode", &p.period.code())),
                false => "/kinerja".to_string(),
            },
            Msg::PerfIntro.get(lang).to_string(),
        ),
        _ => return None,
    };
    let title = if title.is_empty() {
        SITE_NAME.to_string()
    } else {
        title.to_string()
    };
    Some(Preview::new(base, &path, title, description, lang))
}

/// "12 layanan: KTP-el baru, Paspor, …": how many services a list holds and their names.
fn names(cards: &[ServiceCard], total: usize, lang: Lang) -> String {
    let list: Vec<&str> = cards.iter().map(|c| c.name.get(lang)).collect();
    format!(
        "{} {}: {}",
        total,
        Msg::ServicesUnit.get(lang),
        list.join(", ")
    )
}

/// The path an [`Href`] of this site holds.
fn path_of(href: Href) -> String {
    href.as_str().to_string()
}

/// The page's `<title>` and, when it is shared, its Open Graph and Twitter card tags and its
/// canonical link (all in `<head>`; nothing in `<body>`).
pub fn head(title: String, share: Option<Box<Preview>>) -> impl IntoView {
    let Some(s) = share else {
        return Either::Right(view! { <Title text=title /> });
    };
    let size = IMAGE_SIZE.to_string();
    Either::Left(view! {
        <Title text=title />
        <Link rel="canonical" href=s.url.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content=SITE_NAME />
        <Meta property="og:locale" content=s.locale />
        <Meta property="og:title" content=s.title.clone() />
        <Meta property="og:description" content=s.description.clone() />
        <Meta property="og:url" content=s.url />
        <Meta property="og:image" content=s.image />
        <Meta property="og:image:width" content=size.clone() />
        <Meta property="og:image:height" content=size />
        <Meta name="twitter:card" content="summary" />
        <Meta name="twitter:title" content=s.title />
        <Meta name="twitter:description" content=s.description />
    })
}
