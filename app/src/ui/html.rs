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
use crate::domain::route::encode;
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
            crumbs(&mut o, None);
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
            service(&mut o, s, today);
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

fn crumbs(o: &mut Out, last: Option<(&str, &Text)>) {
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

fn cost_summary(o: &mut Out, s: &Service) {
    if s.cost.free {
        o.msg(Msg::Free);
        return;
    }
    let lo = s.cost.items.iter().map(|i| i.amount).min();
    let hi = s.cost.items.iter().map(|i| i.amount).max();
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo == hi => o.raw(&format_idr(lo)),
        (Some(lo), Some(hi)) => o.raw(&format_idr(lo)).raw(" – ").raw(&format_idr(hi)),
        _ => o.msg(Msg::CostSeeDetails),
    };
}

/// The short form for the summary box: the service level when one is set, else the text.
fn processing_summary(o: &mut Out, s: &Service) {
    match s.processing_days {
        Some(d) => o
            .msg(Msg::AtMost)
            .raw(" ")
            .num(d as usize)
            .raw(" ")
            .msg(Msg::WorkingDays),
        None => o.t(&s.processing),
    };
}

fn service(o: &mut Out, s: &Service, today: Date) {
    let stale = s.is_stale(today);
    let category = format!("/kategori/{}", esc(&s.category.slug));
    crumbs(o, Some((&category, &s.category.name)));
    o.raw("<article class=\"service\" data-testid=\"service\"><h1>")
        .t(&s.name)
        .raw("</h1>");
    o.raw("<p class=\"agency\"><span class=\"visually-hidden\">")
        .msg(Msg::Agency)
        .raw(": </span>")
        .t(&s.agency.name)
        .raw("</p>");
    o.raw("<p class=\"summary\">").t(&s.summary).raw("</p>");
    if stale {
        o.raw("<div class=\"notice warning\" role=\"note\" data-testid=\"stale\"><strong>")
            .msg(Msg::MayBeOutdated);
        o.raw("</strong><p>")
            .msg(Msg::MayBeOutdatedHint)
            .raw("</p></div>");
    }
    if let Some(n) = &s.note {
        o.raw("<div class=\"notice\" role=\"note\"><strong>")
            .msg(Msg::Note)
            .raw(": </strong>")
            .t(n)
            .raw("</div>");
    }
    o.raw("<dl class=\"facts\"><div><dt>")
        .msg(Msg::Cost)
        .raw("</dt><dd>");
    cost_summary(o, s);
    o.raw("</dd></div><div><dt>")
        .msg(Msg::ProcessingTime)
        .raw("</dt><dd>");
    processing_summary(o, s);
    o.raw("</dd></div></dl>");
    if s.form.is_some() {
        o.raw("<p><a class=\"button\" data-testid=\"apply\" href=\"/ajukan/")
            .text(&s.slug)
            .raw("\">")
            .msg(Msg::Apply)
            .raw("</a></p>");
    }

    // The checklist: ticks are applied and saved on the phone (ui::pages), keyed by the
    // requirement's Indonesian text.
    o.section("requirements", Msg::Requirements);
    o.raw("<p class=\"hint\" id=\"requirements-hint\">")
        .msg(Msg::RequirementsHint)
        .raw("</p>");
    o.raw("<ul class=\"checklist\" aria-describedby=\"requirements-hint\" data-testid=\"requirements\" data-ticks=\"").text(&s.slug).raw("\">");
    for (i, r) in s.requirements.iter().enumerate() {
        o.raw("<li><input type=\"checkbox\" id=\"req-")
            .num(i)
            .raw("\" data-key=\"")
            .text(&r.id)
            .raw("\"><label for=\"req-")
            .num(i)
            .raw("\">")
            .t(r)
            .raw("</label></li>");
    }
    o.raw("</ul></section>");

    o.section("steps", Msg::Procedure)
        .list("ol", "steps", &s.steps)
        .raw("</section>");

    o.section("cost", Msg::Cost);
    if s.cost.free {
        o.raw("<p class=\"free\">").msg(Msg::Free).raw("</p>");
    } else if !s.cost.items.is_empty() {
        o.raw("<table class=\"tariffs\"><tbody>");
        for i in &s.cost.items {
            o.raw("<tr><th scope=\"row\">")
                .t(&i.label)
                .raw("</th><td>")
                .raw(&format_idr(i.amount))
                .raw("</td></tr>");
        }
        o.raw("</tbody></table>");
    }
    if let Some(n) = &s.cost.note {
        o.raw("<p>").t(n).raw("</p>");
    }
    if !s.cost.basis.is_empty() {
        o.raw("<p class=\"basis\">")
            .msg(Msg::CostBasis)
            .raw(": ")
            .text(&s.cost.basis)
            .raw("</p>");
    }
    o.raw("</section>");

    o.section("time", Msg::ProcessingTime)
        .raw("<p>")
        .t(&s.processing)
        .raw("</p></section>");
    o.section("product", Msg::Product)
        .raw("<p>")
        .t(&s.product)
        .raw("</p></section>");

    o.section("where", Msg::WhereToApply)
        .raw("<ul class=\"channels\">");
    for c in &s.channels {
        let kind = match c.kind {
            ChannelKind::Online => Msg::Online,
            ChannelKind::Office => Msg::AtOffice,
        };
        o.raw("<li><span class=\"badge\">")
            .msg(kind)
            .raw("</span> ");
        match &c.url {
            Some(url) => o
                .raw("<a href=\"")
                .raw(&safe_url(url))
                .raw("\" rel=\"noopener external\" target=\"_blank\">")
                .t(&c.name)
                .raw("</a>"),
            None => o.raw("<strong>").t(&c.name).raw("</strong>"),
        };
        if let Some(p) = &c.place {
            o.raw("<br><span class=\"place\">").t(p).raw("</span>");
        }
        o.raw("</li>");
    }
    o.raw("</ul></section>");

    o.section("legal", Msg::LegalBasis).raw("<ul>");
    for l in &s.legal_basis {
        o.raw("<li>").text(l).raw("</li>");
    }
    o.raw("</ul></section>");

    o.section("contact", Msg::Contact)
        .raw("<p class=\"agency-name\">")
        .t(&s.agency.name);
    if let Some(p) = &s.agency.parent {
        o.raw("<br><small>").t(p).raw("</small>");
    }
    o.raw("</p>");
    let c = s.effective_contact();
    if !c.is_empty() {
        o.raw("<ul class=\"contact\">");
        if let Some(p) = &c.phone {
            let tel: String = p
                .chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                .collect();
            o.raw("<li>")
                .msg(Msg::Phone)
                .raw(": <a href=\"tel:")
                .raw(&tel)
                .raw("\" rel=\"external\">")
                .text(p)
                .raw("</a></li>");
        }
        if let Some(e) = &c.email {
            o.raw("<li>")
                .msg(Msg::Email)
                .raw(": <a href=\"mailto:")
                .raw(&encode(e).replace("%40", "@"))
                .raw("\" rel=\"external\">")
                .text(e)
                .raw("</a></li>");
        }
        if let Some(w) = &c.website {
            o.raw("<li>")
                .msg(Msg::Website)
                .raw(": <a href=\"")
                .raw(&safe_url(w))
                .raw("\" rel=\"noopener external\" target=\"_blank\">")
                .text(w)
                .raw("</a></li>");
        }
        o.raw("</ul>");
    }
    o.raw("<p>").msg(Msg::Complaints).raw("</p></section>");

    o.raw(if stale {
        "<p class=\"verified stale\" data-testid=\"verified\">"
    } else {
        "<p class=\"verified\" data-testid=\"verified\">"
    });
    o.msg(Msg::LastVerified)
        .raw(": <time datetime=\"")
        .raw(&s.verified_at.to_string())
        .raw("\">");
    let long = s.verified_at.long(o.lang);
    o.text(&long).raw("</time></p>");
    if !s.sources.is_empty() {
        o.raw("<details class=\"sources\"><summary>")
            .msg(Msg::Sources)
            .raw("</summary><ul>");
        for src in &s.sources {
            o.raw("<li>").text(src).raw("</li>");
        }
        o.raw("</ul></details>");
    }
    o.raw("</article>");
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
