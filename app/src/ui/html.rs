//! Page content as HTML text, from one function on both sides: the server renders it into the
//! page, the phone renders the same text from its own copy of the catalogue.
//!
//! Why text and not components: a catalogue page is a document, read far more than touched,
//! and the phone's bundle has a budget (see README). Building it as HTML text costs a few
//! kilobytes; the same pages as typed view trees cost ten times that. The few interactive
//! parts (the requirement checklist, the search form, links) are wired by event delegation in
//! `ui::pages`. Pages are written with `maud::html!`, which escapes every spliced value; every
//! link target from data is an [`Href`](crate::ui::href::Href).

use crate::domain::catalogue::{
    faq_is_stale, ChannelKind, ListKind, Listing, Overview, Service, ServiceCard, TermCount,
};
use crate::domain::date::Date;
use crate::domain::l10n::{Lang, Text};
use crate::domain::money::format_idr;
use crate::domain::page::{Page, Part};
use crate::domain::search::query_words;
use crate::i18n::Msg;
use crate::ui::hook::{FormRole, Slot};
use crate::ui::href::Href;
use maud::{html, Escaper, Markup};
use serde::Serialize;
use std::fmt::Write;

/// A page ready to show: its title, its content and whether it exists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ssr", derive(serde::Deserialize))]
pub struct Rendered {
    /// The document title (without the app name).
    pub title: String,
    /// The content of `<main>`.
    pub html: String,
    /// The page does not exist (HTTP 404).
    pub not_found: bool,
    /// What a shared link to it shows (`ui::share`): the server writes it into the document's
    /// head; it never travels to the phone.
    #[cfg(feature = "ssr")]
    #[serde(skip)]
    pub share: Option<Box<crate::domain::share::Preview>>,
}

// Read from a map only: every page the phone fetches or hydrates is one (see `map_only`).
#[cfg(not(feature = "ssr"))]
crate::domain::map_only::map_deserialize!(Rendered {
    title "title" req,
    html "html" req,
    not_found "not_found" req,
});

impl Rendered {
    /// A page that exists, titled `title`, from markup the macro made.
    pub fn page(title: String, html: Markup) -> Rendered {
        Rendered {
            title,
            html: html.into_string(),
            not_found: false,
            #[cfg(feature = "ssr")]
            share: None,
        }
    }
}

/// Escapes text for places outside the macro that take markup (the document title, which
/// leptos_meta writes as it is given). Pages never need it: `html!` escapes what it splices.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Escaper writes into a String, which cannot fail.
    let _ = Escaper::new(&mut out).write_str(s);
    out
}

/// Puts the province question above the home page while the citizen has not chosen (the
/// province cookie is absent from `cookies`): the server's rendering and the phone's alike, so
/// the question stays until answered; the footer's link changes the choice later.
pub fn ask_province(page: &mut Rendered, path: &str, cookies: &str, lang: Lang) {
    if path == "/" && !crate::domain::sync::has_chosen(cookies) {
        let ask = html! {
            p.notice.ask-province data-testid="ask-province" {
                (Msg::ProvincesAsk.get(lang)) " "
                a href=(crate::domain::sync::PAGE) rel="external" { (Msg::ProvincesPick.get(lang)) }
            }
        };
        page.html = ask.into_string() + &page.html;
    }
}

/// Renders a page in `lang`; `today` decides whether information is flagged as out of date.
pub fn render(page: &Page, lang: Lang, today: Date) -> Rendered {
    use super::form_html::{apply_start, on_device, track_form};
    let (title, body) = match page {
        Page::Home(ov) => (String::new(), home(ov, lang)),
        Page::Search {
            query,
            hits,
            part,
            partial,
            on_phone,
            ways,
        } => (
            if query_words(query).is_empty() {
                Msg::SearchServices.get(lang).to_string()
            } else {
                format!("{} “{}”", Msg::ResultsFor.get(lang), query)
            },
            search(query, hits, *part, *partial, *on_phone, ways.as_ref(), lang),
        ),
        Page::AllServices(cards, part) => (
            Msg::AllServices.get(lang).to_string(),
            all_services(cards, *part, lang),
        ),
        Page::Listing(kind, l, part) => (
            l.term.name.get(lang).to_string(),
            listing(*kind, l, *part, lang),
        ),
        Page::Service(s) => (s.name.get(lang).to_string(), service(s, lang, today)),
        Page::ApplyStart(s) => (
            format!("{}: {}", Msg::Form.get(lang), s.name.get(lang)),
            apply_start(s, lang),
        ),
        Page::Track => (Msg::TrackRequest.get(lang).to_string(), track_form(lang)),
        Page::OnDevice => (Msg::MyApplications.get(lang).to_string(), on_device(lang)),
        Page::NotFound => (Msg::NotFound.get(lang).to_string(), not_found(lang)),
        Page::NotStored(card) => (card.name.get(lang).to_string(), not_stored(card, lang)),
    };
    Rendered {
        title,
        html: body.into_string(),
        not_found: page.is_not_found(),
        #[cfg(feature = "ssr")]
        share: None,
    }
}

/// What shows when a page could not be loaded (the phone has no copy and the server cannot be
/// reached, or it failed).
pub fn load_failed(lang: Lang) -> Rendered {
    let msg = Msg::LoadFailed.get(lang);
    Rendered::page(
        msg.to_string(),
        html! { div.notice.error role="alert" data-testid="load-failed" { p { (msg) } } },
    )
}

/// The page for an address that does not exist.
fn not_found(lang: Lang) -> Markup {
    html! {
        h1 { (Msg::NotFound.get(lang)) }
        p { (Msg::NotFoundHint.get(lang)) }
        p { a href="/" { (Msg::BackHome.get(lang)) } }
    }
}

/// A service the phone holds only the outline of, offline: what the outline says, and that
/// its whole page comes with the connection.
fn not_stored(card: &ServiceCard, lang: Lang) -> Markup {
    html! {
        h1 { (card.name.get(lang)) }
        p.agency { (card.agency) }
        p.summary { (card.summary.get(lang)) }
        div.notice.warning role="note" data-testid="not-stored" {
            p { (Msg::NotStored.get(lang)) }
        }
        p { a href="/" { (Msg::BackHome.get(lang)) } }
    }
}

/// The search form, holding `value`.
fn search_form(value: &str, lang: Lang) -> Markup {
    html! {
        form.search method="get" action="/cari" role="search" data-search
            data-form=(FormRole::Search.value()) {
            label.search-label for="q" { (Msg::SearchServices.get(lang)) }
            div.search-row {
                input #q type="search" name="q" autocomplete="off"
                    enterkeyhint="search" aria-describedby="q-hint" value=(value);
                button type="submit" { (Msg::Search.get(lang)) }
            }
            p.hint #q-hint { (Msg::SearchHint.get(lang)) }
        }
    }
}

/// The home page: search, life events, categories and the link to every service.
fn home(ov: &Overview, lang: Lang) -> Markup {
    html! {
        section.hero { h1 { (Msg::Tagline.get(lang)) } (search_form("", lang)) }
        p.track-door data-testid="track-door" { a href="/lacak" { (Msg::TrackRequest.get(lang)) } }
        (section("life-events", Msg::LifeEvents, lang, tiles(&ov.life_events, "/peristiwa/", lang)))
        (section("categories", Msg::Categories, lang, tiles(&ov.categories, "/kategori/", lang)))
        p.all { a href="/layanan" { (Msg::AllServices.get(lang)) " (" (ov.total) ")" } }
    }
}

/// Tiles for terms (categories or life events) under `base`, with their counts.
fn tiles(terms: &[TermCount], base: &'static str, lang: Lang) -> Markup {
    html! {
        ul.tiles { @for c in terms {
            li { a href=(Href::page(base, &c.term.slug)) {
                span.tile-name { (c.term.name.get(lang)) }
                span.tile-count { (counted(c.count, Msg::ServiceUnit, Msg::ServicesUnit, lang)) }
            } }
        } }
    }
}

/// The breadcrumb: home, then the page this one belongs to.
fn crumbs(lang: Lang, last: Option<(Href, &Text)>) -> Markup {
    html! {
        nav.crumbs aria-label="breadcrumb" {
            a href="/" { (Msg::Home.get(lang)) }
            @if let Some((href, name)) = last { " › " a href=(href) { (name.get(lang)) } }
        }
    }
}

/// How many services a list holds.
fn count(n: usize, lang: Lang) -> Markup {
    html! { p.count { (counted(n, Msg::ServiceUnit, Msg::ServicesUnit, lang)) } }
}

/// `n` and its noun: `one` for a single thing ("1 service"), else `many`.
fn counted(n: usize, one: Msg, many: Msg, lang: Lang) -> Markup {
    html! { (n) " " (if n == 1 { one } else { many }.get(lang)) }
}

/// Services as cards linking to their pages.
fn card_list(cards: &[ServiceCard], lang: Lang) -> Markup {
    html! {
        ul.cards data-testid="service-list" { @for c in cards {
            li.card { a href=(Href::page("/layanan/", &c.slug)) {
                strong.card-title { (c.name.get(lang)) }
                span.card-meta {
                    (c.agency)
                    @if c.free { " · " span.free { (Msg::Free.get(lang)) } }
                }
                span.card-summary { (c.summary.get(lang)) }
            } }
        } }
    }
}

/// Every service (one page of them).
fn all_services(cards: &[ServiceCard], part: Part, lang: Lang) -> Markup {
    html! {
        (crumbs(lang, None))
        h1 { (Msg::AllServices.get(lang)) }
        (count(part.total, lang))
        (card_list(cards, lang))
        (list_pager(part, Href::path("/layanan"), lang))
    }
}

/// "Halaman 2 dari 146" with links to the pages before and after; `link(n)` is page n's
/// address (markup of an escaped value). Nothing for a list of one page. One body for every
/// pager: the closure is called through a reference, so the phone's bundle holds one copy.
pub(crate) fn pager(
    lang: Lang,
    label: Msg,
    page: usize,
    pages: usize,
    link: &dyn Fn(usize) -> Markup,
) -> Markup {
    let t = |m: Msg| m.get(lang);
    html! {
        @if pages > 1 {
            nav class="pager" data-testid="pager" aria-label=(t(label)) {
                @if page > 1 {
                    a href=(link(page - 1)) { (t(Msg::PreviousPage)) } " "
                }
                (t(Msg::Page)) " " (page) " " (t(Msg::Of)) " " (pages)
                @if page < pages {
                    " " a href=(link(page + 1)) { (t(Msg::NextPage)) }
                }
            }
        }
    }
}

/// The pager of a list of services at `base` (`?hal=N`, `&hal=N` after a query).
fn list_pager(part: Part, base: Href, lang: Lang) -> Markup {
    pager(lang, Msg::ListPages, part.number, part.pages, &|n| {
        html! { (base.clone().query("hal", n)) }
    })
}

/// The results for `query`; when nothing was found (or asked), ways to go on: what to try,
/// every service, and the home page's life events and categories.
fn search(
    query: &str,
    hits: &[ServiceCard],
    part: Part,
    partial: bool,
    on_phone: bool,
    ways: Option<&Overview>,
    lang: Lang,
) -> Markup {
    html! {
        section.hero.compact { (search_form(query, lang)) }
        @if query_words(query).is_empty() {
            h1.results-title { (Msg::SearchServices.get(lang)) }
            p.notice { (Msg::EmptyQuery.get(lang)) }
        } @else {
            h1.results-title { (Msg::ResultsFor.get(lang)) " “" (query) "”" }
            p.count role="status" data-testid="result-count" {
                (counted(part.total, Msg::FoundOne, Msg::Found, lang))
            }
            @if partial { p.notice data-testid="partial" { (Msg::PartialResults.get(lang)) } }
            @if on_phone {
                p.notice data-testid="on-phone" {
                    (Msg::SearchedOnPhone.get(lang)) " "
                    a href=(crate::domain::sync::PAGE) rel="external" { (Msg::Provinces.get(lang)) }
                }
            }
            @if hits.is_empty() {
                div.notice data-testid="no-results" {
                    p { (Msg::NoResults.get(lang)) }
                    ul {
                        li { (Msg::NoResultsSpelling.get(lang)) }
                        li { (Msg::NoResultsWords.get(lang)) }
                        li { a href="/layanan" { (Msg::NoResultsAll.get(lang)) } }
                    }
                }
            } @else {
                (card_list(hits, lang))
                (list_pager(part, Href::path("/cari").param("q", query), lang))
            }
        }
        @if let Some(ov) = ways {
            (section("life-events", Msg::LifeEvents, lang, tiles(&ov.life_events, "/peristiwa/", lang)))
            (section("categories", Msg::Categories, lang, tiles(&ov.categories, "/kategori/", lang)))
        }
    }
}

/// The services of one category or life event (one page of them).
fn listing(kind: ListKind, l: &Listing, part: Part, lang: Lang) -> Markup {
    let (heading, base) = match kind {
        ListKind::Category => (Msg::Categories, "/kategori/"),
        ListKind::LifeEvent => (Msg::LifeEvents, "/peristiwa/"),
    };
    html! {
        nav.crumbs aria-label="breadcrumb" {
            a href="/" { (Msg::Home.get(lang)) } " › " (heading.get(lang))
        }
        h1 { (l.term.name.get(lang)) }
        (count(part.total, lang))
        (card_list(&l.services, lang))
        (list_pager(part, Href::page(base, &l.term.slug), lang))
    }
}

/// The cost in the summary box: free, one price, a range, or "see below".
fn cost_summary(s: &Service, lang: Lang) -> Markup {
    let lo = s.cost.items.iter().map(|i| i.amount).min();
    let hi = s.cost.items.iter().map(|i| i.amount).max();
    html! {
        @if s.cost.free {
            (Msg::Free.get(lang))
        } @else {
            @match (lo, hi) {
                (Some(lo), Some(hi)) if lo == hi => (format_idr(lo)),
                (Some(lo), Some(hi)) => { (format_idr(lo)) " – " (format_idr(hi)) }
                _ => (Msg::CostSeeDetails.get(lang)),
            }
        }
    }
}

/// The short form for the summary box: the service level when one is set, else the text.
pub(crate) fn processing_summary(s: &Service, lang: Lang) -> Markup {
    html! {
        @match s.processing_days {
            Some(d) => { (Msg::AtMost.get(lang)) " " (d) " " (Msg::WorkingDays.get(lang)) }
            None => (s.processing.get(lang)),
        }
    }
}

/// A titled part of a page: `<section>` labelled by its `<h2>`.
fn section(id: &'static str, heading: Msg, lang: Lang, body: Markup) -> Markup {
    html! {
        section aria-labelledby=(id) {
            h2 id=(id) { (heading.get(lang)) }
            (body)
        }
    }
}

/// A service's page: what to bring, the steps, cost, time, where to go and whom to ask.
fn service(s: &Service, lang: Lang, today: Date) -> Markup {
    let stale = s.is_stale(today);
    let category = Href::page("/kategori/", &s.category.slug);
    html! {
        (crumbs(lang, Some((category, &s.category.name))))
        article.service data-testid="service" {
            (service_head(s, lang, stale))
            (requirements(s, lang))
            (section("steps", Msg::Procedure, lang, html! {
                ol.steps { @for step in &s.steps { li { (step.get(lang)) } } }
            }))
            (faq(s, lang, today))
            (cost(s, lang))
            (section("time", Msg::ProcessingTime, lang, html! {
                p { (s.processing.get(lang)) }
                // Without a service level requests get no due date: the page says why.
                @if s.processing_days.is_none() { p.hint { (Msg::NoPromisedDays.get(lang)) } }
            }))
            (section("product", Msg::Product, lang, html! { p { (s.product.get(lang)) } }))
            (channels(s, lang))
            (section("legal", Msg::LegalBasis, lang, html! {
                ul { @for l in &s.legal_basis { li { (l) } } }
            }))
            (contact(s, lang))
            (section("ask", Msg::QaTitle, lang, html! {
                p { a href=(Href::page("/layanan/", &s.slug).then("/tanya-jawab")) data-testid="qa-link" { (Msg::QaLink.get(lang)) } }
                (ask_form(&s.slug, None, lang))
            }))
            (verified(s, lang, stale))
        }
    }
}

/// The form to ask a public question about the service `slug` (its page and its *Tanya jawab*
/// page): sent by the phone's outbox (kept offline), or posted as it is without JavaScript.
/// `id` is the question's UUIDv7 when the server rendered one (a form posted twice is one
/// question); without it the phone makes one, or the server does for a plain post.
pub(crate) fn ask_form(slug: &str, id: Option<&str>, lang: Lang) -> Markup {
    let (_, max) = crate::domain::qa::TextKind::Question.limits();
    html! {
        div.error-summary data-slot=(Slot::ErrorSummary.value()) role="alert" tabindex="-1" hidden {}
        form.form method="post" action="/api/qa/ask" #tanya data-testid="qa-ask"
            data-form=(FormRole::Ask.value()) {
            @if let Some(id) = id { input type="hidden" name="id" value=(id); }
            input type="hidden" name="service" value=(slug);
            div.field {
                label for="qa-body" { (Msg::QaYourQuestion.get(lang)) }
                p.hint #qa-body-hint { (Msg::QaNoPersonal.get(lang)) }
                textarea #qa-body name="body" rows="3" maxlength=(max)
                    aria-describedby="qa-body-hint" required {}
            }
            button.button type="submit" { (Msg::QaSend.get(lang)) }
        }
    }
}

/// The top of a service's page: name, agency, summary, notices, the summary box, *Ajukan*.
fn service_head(s: &Service, lang: Lang, stale: bool) -> Markup {
    html! {
        h1 { (s.name.get(lang)) }
        p.agency {
            span.visually-hidden { (Msg::Agency.get(lang)) ": " }
            (s.agency.name.get(lang))
        }
        p.summary { (s.summary.get(lang)) }
        @if stale {
            div.notice.warning role="note" data-testid="stale" {
                strong { (Msg::MayBeOutdated.get(lang)) }
                p { (Msg::MayBeOutdatedHint.get(lang)) }
            }
        }
        @if let Some(n) = &s.note {
            div.notice role="note" { strong { (Msg::Note.get(lang)) ": " } (n.get(lang)) }
        }
        dl.facts {
            div { dt { (Msg::Cost.get(lang)) } dd { (cost_summary(s, lang)) } }
            div { dt { (Msg::ProcessingTime.get(lang)) } dd { (processing_summary(s, lang)) } }
        }
        (apply_or_official(s, lang))
    }
}

/// *Ajukan permohonan* where the agency takes applications through Loket; elsewhere the way
/// to its official channel: an online one's site (else the agency's), or the offices below.
fn apply_or_official(s: &Service, lang: Lang) -> Markup {
    if s.intake_form().is_some() {
        return html! { p { a.button data-testid="apply" href=(Href::page("/ajukan/", &s.slug)) {
            (Msg::Apply.get(lang))
        } } };
    }
    let Some(c) = s.official_channel() else {
        return html! {};
    };
    let online = c.kind == ChannelKind::Online;
    let site = c.url.as_ref().or(s.effective_contact().website.as_ref());
    // Only an http(s) address is a link (and has a host to name).
    let site = site
        .map(|u| Href::external(u))
        .filter(|h| online && h.as_str() != "#");
    let verb = if online { Msg::ApplyVia } else { Msg::GoTo };
    html! {
        p data-testid="official-channel" {
            @match &site {
                Some(h) => a.button href=(h) rel="noopener external" {
                    (verb.get(lang)) " " (c.name.get(lang)) " (" (host(h.as_str())) ")"
                },
                None => a.button href="#where" { (verb.get(lang)) " " (c.name.get(lang)) },
            }
        }
        p.hint { (Msg::NotInLoket.get(lang)) }
    }
}

/// The host of an address, without `www.`: what a link to it says.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split('/').next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// The checklist, one box per requirement (an alternative is ticked with it), and how many
/// are ready: ticks and the count are applied and saved on the phone (`ui::pages`), keyed by
/// the requirement's Indonesian text; the page itself says "0 dari N siap".
fn requirements(s: &Service, lang: Lang) -> Markup {
    section(
        "requirements",
        Msg::Requirements,
        lang,
        html! {
            p.hint #requirements-hint { (Msg::RequirementsHint.get(lang)) }
            p role="status" data-testid="ready-count" {
                span data-slot=(Slot::Ready.value()) { "0" }
                " " (Msg::ReadyOf.get(lang)) " " (s.requirements.len()) " " (Msg::Ready.get(lang))
            }
            ul.checklist aria-describedby="requirements-hint" data-testid="requirements"
                data-ticks=(s.slug) {
                @for (i, r) in s.requirements.iter().enumerate() {
                    li {
                        input type="checkbox" id={ "req-" (i) } data-key=(r.id);
                        label for={ "req-" (i) } {
                            (r.get(lang))
                            @if let Some(o) = &r.or { br; (Msg::Or.get(lang)) " " (o.get(lang)) }
                        }
                    }
                }
            }
        },
    )
}

/// What the service costs, item by item, and on which legal basis.
fn cost(s: &Service, lang: Lang) -> Markup {
    section(
        "cost",
        Msg::Cost,
        lang,
        html! {
            @if s.cost.free {
                p.free { (Msg::Free.get(lang)) }
            } @else if !s.cost.items.is_empty() {
                table.tariffs { tbody {
                    @for i in &s.cost.items {
                        tr { th scope="row" { (i.label.get(lang)) } td { (format_idr(i.amount)) } }
                    }
                } }
            }
            @if let Some(n) = &s.cost.note { p { (n.get(lang)) } }
            @if !s.cost.basis.is_empty() {
                p.basis { (Msg::CostBasis.get(lang)) ": " (s.cost.basis) }
            }
        },
    )
}

/// Where to apply: online channels link out (only `http(s)`), offices show their place.
fn channels(s: &Service, lang: Lang) -> Markup {
    section(
        "where",
        Msg::WhereToApply,
        lang,
        html! {
            ul.channels { @for c in &s.channels {
                li {
                    span.badge { (match c.kind {
                        ChannelKind::Online => Msg::Online,
                        ChannelKind::Office => Msg::AtOffice,
                    }.get(lang)) }
                    " "
                    @match &c.url {
                        Some(url) => a href=(Href::external(url)) rel="noopener external"
                            target="_blank" { (c.name.get(lang)) },
                        None => strong { (c.name.get(lang)) },
                    }
                    @if let Some(p) = &c.place { br; span.place { (p.get(lang)) } }
                }
            } }
        },
    )
}

/// Whom to contact: the agency, its phone, e-mail and website, and where to complain.
fn contact(s: &Service, lang: Lang) -> Markup {
    let c = s.effective_contact();
    section(
        "contact",
        Msg::Contact,
        lang,
        html! {
            p.agency-name {
                (s.agency.name.get(lang))
                @if let Some(p) = &s.agency.parent { br; small { (p.get(lang)) } }
            }
            @if !c.is_empty() {
                ul.contact {
                    @if let Some(p) = &c.phone {
                        li { (Msg::Phone.get(lang)) ": " a href=(Href::tel(p)) rel="external" { (p) } }
                    }
                    @if let Some(e) = &c.email {
                        li { (Msg::Email.get(lang)) ": " a href=(Href::mailto(e)) rel="external" { (e) } }
                    }
                    @if let Some(w) = &c.website {
                        li {
                            (Msg::Website.get(lang)) ": "
                            a href=(Href::external(w)) rel="noopener external" target="_blank" { (w) }
                        }
                    }
                }
            }
            p { (Msg::Complaints.get(lang)) }
        },
    )
}

/// The service's FAQ, each entry past its review date flagged like stale information.
fn faq(s: &Service, lang: Lang, today: Date) -> Markup {
    let today = today.to_string();
    html! {
        @if !s.faq.is_empty() {
            (section("faq", Msg::Faq, lang, html! {
                dl.faq data-testid="faq" { @for f in &s.faq {
                    dt { (f[0]) }
                    dd { (f[1]) @if faq_is_stale(f, &today) { " " strong.stale data-testid="faq-stale" { (Msg::MayBeOutdated.get(lang)) } } }
                } }
            }))
        }
    }
}

/// When the information was last checked (flagged when stale), where it comes from, and the
/// way to report a mistake (a server-rendered page, so it costs the phone only this link).
fn verified(s: &Service, lang: Lang, stale: bool) -> Markup {
    html! {
        p.verified.stale[stale] data-testid="verified" {
            (Msg::LastVerified.get(lang)) ": "
            time datetime=(s.verified_at) { (s.verified_at.long(lang)) }
            " · " a href={ (Href::page("/layanan/", &s.slug)) "/koreksi" } { (Msg::IsThisRight.get(lang)) }
        }
        @if !s.sources.is_empty() {
            details.sources {
                summary { (Msg::Sources.get(lang)) }
                ul { @for src in &s.sources { li { (src) } } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::tests::service;

    #[test]
    fn a_long_list_links_to_the_pages_before_and_after_and_counts_all_its_services() {
        use crate::domain::route::Route;
        use crate::domain::shelf::Shelf;
        let many: Vec<_> = (0..120)
            .map(|i| service(&format!("s{i:03}"), "identitas", &[]))
            .collect();
        let shelf = Shelf::new(many);
        let day = Date::parse("2026-11-23").unwrap();
        let at = |route: Route, n| {
            render(
                &crate::domain::page::page(&shelf, &route, n, Lang::Id),
                Lang::Id,
                day,
            )
            .html
        };
        let middle = at(Route::Listing(ListKind::Category, "identitas".into()), 2);
        assert!(
            middle.contains(r#"href="/kategori/identitas?hal=1""#),
            "{middle}"
        );
        assert!(middle.contains(r#"href="/kategori/identitas?hal=3""#));
        assert!(middle.contains("Halaman 2 dari 3"));
        assert!(middle.contains("120 layanan"));
        assert_eq!(middle.matches("class=\"card\"").count(), 50);
        // The first page links on only, the last back only.
        let first = at(Route::AllServices, 1);
        assert!(first.contains(r#"href="/layanan?hal=2""#) && !first.contains("Sebelumnya"));
        let last = at(Route::AllServices, 3);
        assert!(last.contains(r#"href="/layanan?hal=2""#) && !last.contains("Berikutnya"));
        // A search keeps its query (encoded) in the links.
        let found = at(Route::Search("layanan & co".into()), 2);
        assert!(
            found.contains("/cari?q=layanan%20%26%20co&amp;hal=3"),
            "{found}"
        );
        // One page: no pager.
        let one = Shelf::new(vec![service("a", "pajak", &[])]);
        let page = crate::domain::page::page(&one, &Route::AllServices, 1, Lang::Id);
        assert!(!render(&page, Lang::Id, day)
            .html
            .contains("data-testid=\"pager\""));
    }

    #[test]
    fn escapes_everything_from_data() {
        let mut s = service("x", "c", &[]);
        s.name.id = "<script>alert('x')</script>".into();
        s.sources = vec!["\"><img src=x onerror=alert(1)>".into()];
        s.channels = vec![crate::domain::catalogue::Channel {
            kind: ChannelKind::Online,
            name: s.name.clone(),
            place: None,
            url: Some("javascript:alert(1)".into()),
        }];
        let r = render(
            &Page::Service(Box::new(s)),
            Lang::Id,
            Date::parse("2026-11-23").unwrap(),
        );
        assert!(!r.html.contains("<script>"));
        assert!(!r.html.contains("<img"));
        assert!(!r.html.contains("javascript:"));
        assert!(r.html.contains("&lt;script&gt;"));
        assert_eq!(
            r.title, "<script>alert('x')</script>",
            "the title is text; the document escapes it"
        );
    }

    #[test]
    fn offers_ajukan_only_where_loket_takes_applications_and_counts_the_checklist() {
        use crate::domain::catalogue::tests::text;
        use crate::domain::catalogue::{Channel, Intake};
        let day = Date::parse("2026-11-23").unwrap();
        let mut s = service("paspor", "c", &[]);
        s.form = Some(serde_json::from_str(r#"{"version":1,"sections":[]}"#).unwrap());
        s.channels = vec![Channel {
            kind: ChannelKind::Online,
            name: text("M-Paspor"),
            place: None,
            url: None,
        }];
        let page = |s: &Service| render(&Page::Service(Box::new(s.clone())), Lang::Id, day).html;
        let official = page(&s);
        assert!(!official.contains("data-testid=\"apply\""), "{official}");
        assert!(
            official.contains("href=\"https://example.go.id\"")
                && official.contains("Ajukan lewat M-Paspor (id) (example.go.id)"),
            "the agency's site, for a channel without its own: {official}"
        );
        assert!(official.contains("<span data-slot=\"ready\">0</span> dari 1 siap"));
        s.intake = Some(Intake::Loket);
        let loket = page(&s);
        assert!(loket.contains("href=\"/ajukan/paspor\""));
        assert!(!loket.contains("official-channel"));
    }

    #[test]
    fn shows_the_faq_and_flags_an_entry_past_its_review_date() {
        let day = Date::parse("2026-11-23").unwrap();
        let mut s = service("x", "c", &[]);
        let page = |s: &Service| render(&Page::Service(Box::new(s.clone())), Lang::Id, day).html;
        assert!(
            !page(&s).contains("data-testid=\"faq\""),
            "no section without entries"
        );
        let entry = |q: &str, review: &str| {
            [
                q.to_string(),
                "<b>Bisa</b>".into(),
                review.into(),
                "id".into(),
            ]
        };
        s.faq = vec![entry("Masih berlaku?", "2026-11-23")];
        let fresh = page(&s);
        assert!(fresh.contains("<dt>Masih berlaku?</dt>") && fresh.contains("&lt;b&gt;Bisa"));
        assert!(!fresh.contains("faq-stale"), "due today is not past due");
        s.faq = vec![entry("Sudah lewat?", "2026-11-22")];
        assert!(page(&s).contains("data-testid=\"faq-stale\""));
    }

    #[test]
    fn says_no_due_date_is_set_where_the_standard_promises_no_working_days() {
        let day = Date::parse("2026-11-23").unwrap();
        let mut s = service("x", "c", &[]);
        let page = |s: &Service, lang| render(&Page::Service(Box::new(s.clone())), lang, day).html;
        for (lang, other) in [(Lang::Id, Lang::En), (Lang::En, Lang::Id)] {
            let html = page(&s, lang);
            let said = Msg::NoPromisedDays.get(lang);
            let at = html
                .find(said)
                .unwrap_or_else(|| panic!("{lang:?}: {html}"));
            let time = html.find("id=\"time\"").unwrap();
            let product = html.find("id=\"product\"").unwrap();
            assert!(time < at && at < product, "in the processing time section");
            assert!(
                !html.contains(Msg::NoPromisedDays.get(other)),
                "{lang:?} only"
            );
        }
        s.processing_days = Some(3);
        for lang in [Lang::Id, Lang::En] {
            let html = page(&s, lang);
            assert!(html.contains(&format!("3 {}", Msg::WorkingDays.get(lang))));
            assert!(!html.contains(Msg::NoPromisedDays.get(lang)), "{html}");
        }
    }

    #[test]
    fn flags_stale_information_and_marks_not_found() {
        let s = service("x", "c", &[]);
        let fresh = render(
            &Page::Service(Box::new(s.clone())),
            Lang::En,
            Date::parse("2027-01-01").unwrap(),
        );
        assert!(!fresh.html.contains("data-testid=\"stale\""));
        let old = render(
            &Page::Service(Box::new(s)),
            Lang::En,
            Date::parse("2028-01-01").unwrap(),
        );
        assert!(old.html.contains("This information may be out of date"));
        assert!(
            render(
                &Page::NotFound,
                Lang::Id,
                Date::parse("2026-01-01").unwrap()
            )
            .not_found
        );
    }
}
