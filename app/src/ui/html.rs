//! Page content as HTML text, from one function on both sides: the server renders it into the
//! page, the phone renders the same text from its own copy of the catalogue.
//!
//! Why text and not components: a catalogue page is a document, read far more than touched,
//! and the phone's bundle has a budget (see README). Building it as escaped HTML text costs a
//! few kilobytes; the same pages as typed view trees cost ten times that. The few interactive
//! parts (the requirement checklist, the search form, links) are wired by event delegation in
//! `ui::pages`. Every text from data goes through [`esc`]; every URL through [`safe_url`].

use crate::domain::catalogue::{
    ChannelKind, ListKind, Listing, Overview, Service, ServiceCard, TermCount,
};
use crate::domain::date::Date;
use crate::domain::l10n::{Lang, Text};
use crate::domain::money::format_idr;
use crate::domain::page::Page;
use crate::ui::href::Href;
use maud::{html, Markup};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// A page ready to show: its title, its content and whether it exists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    /// The document title (without the app name).
    pub title: String,
    /// The content of `<main>`.
    pub html: String,
    /// The page does not exist (HTTP 404).
    pub not_found: bool,
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link target from data: only `http(s)` addresses, escaped; anything else becomes `#`.
pub fn safe_url(url: &str) -> String {
    let u = url.trim();
    if u.starts_with("https://") || u.starts_with("http://") {
        esc(u)
    } else {
        "#".to_string()
    }
}

/// An HTML text being written in one language.
pub(crate) struct Out {
    pub(crate) s: String,
    pub(crate) lang: Lang,
}

impl Out {
    /// An empty text in `lang`.
    pub(crate) fn new(lang: Lang) -> Out {
        Out {
            s: String::with_capacity(4096),
            lang,
        }
    }
    pub(crate) fn raw(&mut self, s: &str) -> &mut Self {
        self.s.push_str(s);
        self
    }
    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        self.s.push_str(&esc(s));
        self
    }
    pub(crate) fn t(&mut self, t: &Text) -> &mut Self {
        let lang = self.lang;
        self.text(t.get(lang))
    }
    pub(crate) fn msg(&mut self, m: Msg) -> &mut Self {
        let lang = self.lang;
        self.text(m.get(lang))
    }
    pub(crate) fn num(&mut self, n: usize) -> &mut Self {
        self.s.push_str(&n.to_string());
        self
    }
    pub(crate) fn section(&mut self, id: &str, heading: Msg) -> &mut Self {
        self.raw("<section aria-labelledby=\"")
            .raw(id)
            .raw("\"><h2 id=\"")
            .raw(id)
            .raw("\">")
            .msg(heading)
            .raw("</h2>")
    }
    pub(crate) fn list(&mut self, tag: &str, class: &str, items: &[Text]) -> &mut Self {
        self.raw("<")
            .raw(tag)
            .raw(" class=\"")
            .raw(class)
            .raw("\">");
        for i in items {
            self.raw("<li>").t(i).raw("</li>");
        }
        self.raw("</").raw(tag).raw(">")
    }
}

/// Renders a page in `lang`; `today` decides whether information is flagged as out of date.
pub fn render(page: &Page, lang: Lang, today: Date) -> Rendered {
    let mut o = Out {
        s: String::with_capacity(4096),
        lang,
    };
    let title = match page {
        Page::Home(ov) => {
            home(&mut o, ov);
            String::new()
        }
        Page::Search { query, hits } => {
            search(&mut o, query, hits);
            format!("{} “{}”", Msg::ResultsFor.get(lang), query)
        }
        Page::AllServices(cards) => {
            crumbs_old(&mut o, None);
            o.raw("<h1>").msg(Msg::AllServices).raw("</h1>");
            count(&mut o, cards.len());
            card_list(&mut o, cards);
            Msg::AllServices.get(lang).to_string()
        }
        Page::Listing(kind, l) => {
            listing(&mut o, *kind, l);
            l.term.name.get(lang).to_string()
        }
        Page::Service(s) => {
            o.raw(&service(s, lang, today).into_string());
            s.name.get(lang).to_string()
        }
        Page::ApplyStart(s) => {
            super::form_html::apply_start(&mut o, s);
            format!("{}: {}", Msg::Form.get(lang), s.name.get(lang))
        }
        Page::Track => {
            super::form_html::track_form(&mut o);
            Msg::TrackRequest.get(lang).to_string()
        }
        Page::OnDevice => {
            super::form_html::on_device(&mut o);
            Msg::MyApplications.get(lang).to_string()
        }
        Page::NotFound => {
            o.raw("<h1>")
                .msg(Msg::NotFound)
                .raw("</h1><p>")
                .msg(Msg::NotFoundHint)
                .raw("</p><p><a href=\"/\">")
                .msg(Msg::BackHome)
                .raw("</a></p>");
            Msg::NotFound.get(lang).to_string()
        }
    };
    Rendered {
        title,
        html: o.s,
        not_found: page.is_not_found(),
    }
}

fn search_form(o: &mut Out, value: &str) {
    o.raw("<form method=\"get\" action=\"/cari\" class=\"search\" role=\"search\" data-search data-form=\"search\"><label for=\"q\" class=\"search-label\">")
        .msg(Msg::SearchServices)
        .raw("</label><div class=\"search-row\"><input id=\"q\" type=\"search\" name=\"q\" maxlength=\"100\" autocomplete=\"off\" enterkeyhint=\"search\" aria-describedby=\"q-hint\" value=\"")
        .text(value)
        .raw("\"><button type=\"submit\">")
        .msg(Msg::Search)
        .raw("</button></div><p id=\"q-hint\" class=\"hint\">")
        .msg(Msg::SearchHint)
        .raw("</p></form>");
}

fn home(o: &mut Out, ov: &Overview) {
    o.raw("<section class=\"hero\"><h1>")
        .msg(Msg::Tagline)
        .raw("</h1>");
    search_form(o, "");
    o.raw("</section>");
    o.section("life-events", Msg::LifeEvents);
    tiles(o, &ov.life_events, "/peristiwa/");
    o.raw("</section>");
    o.section("categories", Msg::Categories);
    tiles(o, &ov.categories, "/kategori/");
    o.raw("</section><p class=\"all\"><a href=\"/layanan\">")
        .msg(Msg::AllServices)
        .raw(" (")
        .num(ov.total)
        .raw(")</a></p>");
}

fn tiles(o: &mut Out, terms: &[TermCount], base: &str) {
    o.raw("<ul class=\"tiles\">");
    for c in terms {
        o.raw("<li><a href=\"")
            .raw(base)
            .text(&c.term.slug)
            .raw("\"><span class=\"tile-name\">")
            .t(&c.term.name);
        o.raw("</span><span class=\"tile-count\">")
            .num(c.count)
            .raw(" ")
            .msg(Msg::ServicesUnit)
            .raw("</span></a></li>");
    }
    o.raw("</ul>");
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

fn crumbs_old(o: &mut Out, last: Option<(&str, &Text)>) {
    o.raw("<nav class=\"crumbs\" aria-label=\"breadcrumb\"><a href=\"/\">")
        .msg(Msg::Home)
        .raw("</a>");
    if let Some((href, name)) = last {
        o.raw(" › <a href=\"")
            .raw(href)
            .raw("\">")
            .t(name)
            .raw("</a>");
    }
    o.raw("</nav>");
}

fn count(o: &mut Out, n: usize) {
    o.raw("<p class=\"count\">")
        .num(n)
        .raw(" ")
        .msg(Msg::ServicesUnit)
        .raw("</p>");
}

fn card_list(o: &mut Out, cards: &[ServiceCard]) {
    o.raw("<ul class=\"cards\" data-testid=\"service-list\">");
    for c in cards {
        o.raw("<li class=\"card\"><a href=\"/layanan/")
            .text(&c.slug)
            .raw("\"><strong class=\"card-title\">")
            .t(&c.name);
        o.raw("</strong><span class=\"card-meta\">").text(&c.agency);
        if c.free {
            o.raw(" · <span class=\"free\">")
                .msg(Msg::Free)
                .raw("</span>");
        }
        o.raw("</span><span class=\"card-summary\">")
            .t(&c.summary)
            .raw("</span></a></li>");
    }
    o.raw("</ul>");
}

fn search(o: &mut Out, query: &str, hits: &[ServiceCard]) {
    o.raw("<section class=\"hero compact\">");
    search_form(o, query);
    o.raw("</section>");
    if crate::domain::search::query_words(query).is_empty() {
        o.raw("<p class=\"notice\">")
            .msg(Msg::EmptyQuery)
            .raw("</p>");
        return;
    }
    o.raw("<h1 class=\"results-title\">")
        .msg(Msg::ResultsFor)
        .raw(" “")
        .text(query)
        .raw("”</h1>");
    o.raw("<p class=\"count\" role=\"status\" data-testid=\"result-count\">")
        .num(hits.len())
        .raw(" ")
        .msg(Msg::Found)
        .raw("</p>");
    if hits.is_empty() {
        o.raw("<p class=\"notice\">")
            .msg(Msg::NoResults)
            .raw("</p>");
    } else {
        card_list(o, hits);
    }
}

fn listing(o: &mut Out, kind: ListKind, l: &Listing) {
    let heading = match kind {
        ListKind::Category => Msg::Categories,
        ListKind::LifeEvent => Msg::LifeEvents,
    };
    o.raw("<nav class=\"crumbs\" aria-label=\"breadcrumb\"><a href=\"/\">")
        .msg(Msg::Home)
        .raw("</a> › ")
        .msg(heading)
        .raw("</nav>");
    o.raw("<h1>").t(&l.term.name).raw("</h1>");
    count(o, l.services.len());
    card_list(o, &l.services);
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
fn processing_summary(s: &Service, lang: Lang) -> Markup {
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
            (cost(s, lang))
            (section("time", Msg::ProcessingTime, lang, html! { p { (s.processing.get(lang)) } }))
            (section("product", Msg::Product, lang, html! { p { (s.product.get(lang)) } }))
            (channels(s, lang))
            (section("legal", Msg::LegalBasis, lang, html! {
                ul { @for l in &s.legal_basis { li { (l) } } }
            }))
            (contact(s, lang))
            (verified(s, lang, stale))
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
        @if s.form.is_some() {
            p {
                a.button data-testid="apply" href=(Href::page("/ajukan/", &s.slug)) {
                    (Msg::Apply.get(lang))
                }
            }
        }
    }
}

/// The checklist: ticks are applied and saved on the phone (`ui::pages`), keyed by the
/// requirement's Indonesian text.
fn requirements(s: &Service, lang: Lang) -> Markup {
    section("requirements", Msg::Requirements, lang, html! {
        p.hint #requirements-hint { (Msg::RequirementsHint.get(lang)) }
        ul.checklist aria-describedby="requirements-hint" data-testid="requirements"
            data-ticks=(s.slug) {
            @for (i, r) in s.requirements.iter().enumerate() {
                li {
                    input type="checkbox" id={ "req-" (i) } data-key=(r.id);
                    label for={ "req-" (i) } { (r.get(lang)) }
                }
            }
        }
    })
}

/// What the service costs, item by item, and on which legal basis.
fn cost(s: &Service, lang: Lang) -> Markup {
    section("cost", Msg::Cost, lang, html! {
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
    })
}

/// Where to apply: online channels link out (only `http(s)`), offices show their place.
fn channels(s: &Service, lang: Lang) -> Markup {
    section("where", Msg::WhereToApply, lang, html! {
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
    })
}

/// Whom to contact: the agency, its phone, e-mail and website, and where to complain.
fn contact(s: &Service, lang: Lang) -> Markup {
    let c = s.effective_contact();
    section("contact", Msg::Contact, lang, html! {
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
    })
}

/// When the information was last checked (flagged when stale) and where it comes from.
fn verified(s: &Service, lang: Lang, stale: bool) -> Markup {
    html! {
        p.verified.stale[stale] data-testid="verified" {
            (Msg::LastVerified.get(lang)) ": "
            time datetime=(s.verified_at) { (s.verified_at.long(lang)) }
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
