//! The catalogue of public services, as the citizen's phone keeps it.
//!
//! A [`Service`] is a self-contained document: it carries its agency, category and life events
//! with their names, so a phone that holds the services can show every page (including the
//! home page's lists) with nothing else.

use super::date::Date;
use super::l10n::{Lang, Text};
use super::map_only::{map_deserialize, name_deserialize};
use serde::{Deserialize, Serialize};

/// A category or a life event, with its place in the home page's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    /// URL name, e.g. `identitas`.
    pub slug: String,
    /// Position in lists (smaller first).
    pub order: u32,
    /// The name shown.
    pub name: Text,
}

/// The agency that delivers a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agency {
    /// URL name, e.g. `dukcapil`.
    pub slug: String,
    /// The short name citizens use, e.g. `Disdukcapil`.
    pub short_name: String,
    /// The full name.
    pub name: Text,
    /// The ministry or body above it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Text>,
    /// How to reach it.
    pub contact: Contact,
    /// Whether its counters close on *cuti bersama* days (then those are not working days for
    /// its due dates); by default they stay open.
    #[serde(skip_serializing_if = "is_false")]
    pub closes_on_cuti_bersama: bool,
    /// The province it serves, by its two-digit code (`32`, a NIK's first two digits); `None`
    /// for a national agency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
}

impl Agency {
    /// What its counters do on cuti bersama, for working-day counts.
    pub fn cuti_bersama(&self) -> super::calendar::CutiBersama {
        super::calendar::CutiBersama::closes(self.closes_on_cuti_bersama)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Ways to reach an agency or a service desk. Only what an official source publishes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// A telephone or call-centre number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// An e-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The official website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

impl Contact {
    /// True when nothing is known.
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.website.is_none()
    }
}

/// One tariff line, in whole rupiah.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CostItem {
    /// What the amount is for, e.g. "SIM A".
    pub label: Text,
    /// Whole rupiah.
    pub amount: u64,
}

/// What a service costs, with the regulation that says so.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cost {
    /// Free of charge (tidak dipungut biaya).
    pub free: bool,
    /// The legal basis of the cost (or of it being free).
    pub basis: String,
    /// Tariff lines when not free.
    pub items: Vec<CostItem>,
    /// A remark, e.g. a health test paid separately.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// How a service is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    /// At an office.
    Office,
    /// On a website or app.
    Online,
}

/// A place or site where the service is delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Channel {
    /// Office or online.
    pub kind: ChannelKind,
    /// Its name.
    pub name: Text,
    /// Which office, opening hours, and the like.
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    pub place: Option<Text>,
    /// The address of an online channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Who receives applications for a service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Intake {
    /// Only the agency's own channels (its app, website or office): Loket points to them.
    #[default]
    Official,
    /// The agency receives applications sent through Loket, with the service's form.
    Loket,
}

/// A document or condition of the checklist, with what may stand in for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// Bahasa Indonesia (also the key its tick is kept under).
    pub id: String,
    /// English.
    pub en: String,
    /// What the citizen may bring instead ("atau …"), ticked with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub or: Option<Text>,
}

impl Requirement {
    /// The requirement in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.id,
        }
    }
}

/// A public service with its *Standar Pelayanan* (UU 25/2009, PermenPANRB 15/2014).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Service {
    /// URL name, unique in the catalogue.
    pub slug: String,
    /// The agency that delivers it.
    pub agency: Agency,
    /// Its category.
    pub category: Term,
    /// The life events it belongs to.
    pub life_events: Vec<Term>,
    /// Its name.
    pub name: Text,
    /// One or two sentences on what it is.
    pub summary: Text,
    /// Words citizens search with (both languages, abbreviations).
    pub keywords: Vec<String>,
    /// Documents and conditions (persyaratan), a checklist.
    pub requirements: Vec<Requirement>,
    /// The procedure (prosedur), in order.
    pub steps: Vec<Text>,
    /// What the citizen receives (produk layanan).
    pub product: Text,
    /// Processing time as the source words it (jangka waktu penyelesaian).
    pub processing: Text,
    /// The service level in working days, where a regulation sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_days: Option<u32>,
    /// The cost (biaya/tarif).
    pub cost: Cost,
    /// Regulations (dasar hukum).
    pub legal_basis: Vec<String>,
    /// Where to apply (tempat layanan).
    pub channels: Vec<Channel>,
    /// The service's own contact, when it differs from the agency's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// When the information was last checked against its sources.
    pub verified_at: Date,
    /// Where the information comes from.
    pub sources: Vec<String>,
    /// A caveat shown on the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Whether the agency receives applications through Loket ([`Service::intake_form`]).
    /// `None` in a document stored before the catalogue said (a form then meant Loket), so an
    /// upgraded server or a phone with an older copy keeps working until the next import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intake: Option<Intake>,
    /// What the citizen does once the application is sent (e.g. a visit for biometric
    /// recording), from the service's own procedure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after_submit: Vec<Text>,
    /// The application form. It travels with the service, so the phone has it offline; a
    /// service that stopped taking applications through Loket may keep it for the requests
    /// already made with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<super::form::FormDoc>,
    /// Questions the agency answered, promoted to the service's FAQ (none in older documents).
    /// Who promoted which answer, and when, is kept with the question (`qa_questions`), not
    /// sent to every phone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<FaqEntry>,
    /// This copy is the service's outline ([`Service::outline`]): what lists and search need,
    /// sent first to a phone that has none of its province yet; its page needs the whole
    /// document. Never set in the catalogue itself.
    #[serde(default, skip_serializing_if = "is_false")]
    pub outline: bool,
}

/// A FAQ entry: `[question, answer, review-by day (YYYY-MM-DD), the question's id]`. After the
/// review-by day it is flagged like stale information until staff review it. Plain arrays cost
/// the phone's bundle far less to read than a struct.
pub type FaqEntry = [String; 4];

/// True when `entry`'s review-by date is before `today` (ISO dates compare as text).
pub fn faq_is_stale(entry: &FaqEntry, today: &str) -> bool {
    entry[2].as_str() < today
}

// How each is read: from a map only, optional fields defaulting (see `map_only`).
map_deserialize!(Term { slug "slug" req, order "order" req, name "name" req });
map_deserialize!(Agency {
    slug "slug" req,
    short_name "short_name" req,
    name "name" req,
    parent "parent" opt,
    contact "contact" opt,
    closes_on_cuti_bersama "closes_on_cuti_bersama" opt,
    province "province" opt,
});
map_deserialize!(Contact { phone "phone" opt, email "email" opt, website "website" opt });
map_deserialize!(CostItem { label "label" req, amount "amount" req });
map_deserialize!(Cost { free "free" req, basis "basis" opt, items "items" opt, note "note" opt });
map_deserialize!(Channel { kind "kind" req, name "name" req, place "where" opt, url "url" opt });
name_deserialize!(ChannelKind { Office "office", Online "online" });
name_deserialize!(Intake { Official "official", Loket "loket" });
map_deserialize!(Requirement { id "id" req, en "en" req, or "or" opt });
map_deserialize!(Service {
    slug "slug" req,
    agency "agency" req,
    category "category" req,
    life_events "life_events" opt,
    name "name" req,
    summary "summary" req,
    keywords "keywords" opt,
    requirements "requirements" opt,
    steps "steps" opt,
    product "product" req,
    processing "processing" req,
    processing_days "processing_days" opt,
    cost "cost" req,
    legal_basis "legal_basis" opt,
    channels "channels" opt,
    contact "contact" opt,
    verified_at "verified_at" req,
    sources "sources" opt,
    note "note" opt,
    intake "intake" opt,
    after_submit "after_submit" opt,
    form "form" opt,
    faq "faq" opt,
    outline "outline" opt,
});

/// How long information stays trustworthy before the page says it may be out of date.
pub const STALE_AFTER_MONTHS: u32 = 12;

impl Service {
    /// True when the information was last verified more than 12 months before `today`.
    pub fn is_stale(&self, today: Date) -> bool {
        self.verified_at.plus_months(STALE_AFTER_MONTHS) < today
    }

    /// The contact to show: the service's own, else the agency's.
    pub fn effective_contact(&self) -> &Contact {
        self.contact.as_ref().unwrap_or(&self.agency.contact)
    }

    /// The form to apply with through Loket: `None` when the agency takes no applications
    /// here. The one rule for starting a draft (phone) and accepting a submission (server).
    pub fn intake_form(&self) -> Option<&super::form::FormDoc> {
        self.form
            .as_ref()
            .filter(|_| self.intake != Some(Intake::Official))
    }

    /// The official channel to point to when Loket takes no applications: the first online
    /// one, else the first office.
    pub fn official_channel(&self) -> Option<&Channel> {
        let online = self.channels.iter().find(|c| c.kind == ChannelKind::Online);
        online.or_else(|| self.channels.first())
    }

    /// The service's outline: what the home page, the lists, search and a draft's "check your
    /// answers" read of it (name, summary, agency names, category, life events, keywords,
    /// whether it is free, the promised days), without the page's own parts (requirements,
    /// steps, costs, channels, contacts, form, FAQ…). A phone's first sync of a large province
    /// brings these first, the whole documents after (`domain::sync`).
    pub fn outline(&self) -> Service {
        let a = &self.agency;
        Service {
            slug: self.slug.clone(),
            agency: Agency {
                slug: a.slug.clone(),
                short_name: a.short_name.clone(),
                name: a.name.clone(),
                parent: None,
                contact: Contact::default(),
                closes_on_cuti_bersama: a.closes_on_cuti_bersama,
                province: a.province.clone(),
            },
            category: self.category.clone(),
            life_events: self.life_events.clone(),
            name: self.name.clone(),
            summary: self.summary.clone(),
            keywords: self.keywords.clone(),
            requirements: Vec::new(),
            steps: Vec::new(),
            product: Text::default(),
            processing: Text::default(),
            processing_days: self.processing_days,
            cost: Cost {
                free: self.cost.free,
                ..Default::default()
            },
            legal_basis: Vec::new(),
            channels: Vec::new(),
            contact: None,
            verified_at: self.verified_at,
            sources: Vec::new(),
            note: None,
            intake: self.intake,
            after_submit: Vec::new(),
            form: None,
            faq: Vec::new(),
            outline: true,
        }
    }

    /// The short form lists show.
    pub fn card(&self) -> ServiceCard {
        ServiceCard {
            slug: self.slug.clone(),
            name: self.name.clone(),
            summary: self.summary.clone(),
            agency: self.agency.short_name.clone(),
            free: self.cost.free,
        }
    }

    /// The categories or the life events this service is listed under: the one rule of which
    /// lists a service is in.
    pub fn terms(&self, kind: ListKind) -> &[Term] {
        match kind {
            ListKind::Category => std::slice::from_ref(&self.category),
            ListKind::LifeEvent => &self.life_events,
        }
    }

    /// Whether this service belongs to the category or life event `slug`.
    pub fn is_in(&self, kind: ListKind, slug: &str) -> bool {
        self.terms(kind).iter().any(|t| t.slug == slug)
    }
}

/// A service in a list: enough to choose it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCard {
    /// URL name.
    pub slug: String,
    /// Its name.
    pub name: Text,
    /// What it is.
    pub summary: Text,
    /// The agency's short name.
    pub agency: String,
    /// Free of charge.
    pub free: bool,
}

/// The two ways the home page groups services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListKind {
    /// By category (kategori).
    Category,
    /// By life event (peristiwa kehidupan).
    LifeEvent,
}

/// A category or life event with how many services it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    /// The category or life event.
    pub term: Term,
    /// Services in it.
    pub count: usize,
}

/// What the home page lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Categories in their order.
    pub categories: Vec<TermCount>,
    /// Life events in their order.
    pub life_events: Vec<TermCount>,
    /// Services in all.
    pub total: usize,
}

/// A category's or life event's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// The category or life event.
    pub term: Term,
    /// Its services, by name.
    pub services: Vec<ServiceCard>,
}

fn tally<'a>(terms: impl Iterator<Item = &'a Term>) -> Vec<TermCount> {
    let mut out: Vec<TermCount> = Vec::new();
    for t in terms {
        match out.iter_mut().find(|c| c.term.slug == t.slug) {
            Some(c) => c.count += 1,
            None => out.push(TermCount {
                term: t.clone(),
                count: 1,
            }),
        }
    }
    out.sort_by(|a, b| (a.term.order, &a.term.slug).cmp(&(b.term.order, &b.term.slug)));
    out
}

/// The home page's lists, derived from the services themselves (so a phone can build it offline).
pub fn overview(services: &[Service]) -> Overview {
    Overview {
        categories: tally(services.iter().map(|s| &s.category)),
        life_events: tally(services.iter().flat_map(|s| s.life_events.iter())),
        total: services.len(),
    }
}

/// The positions of `services` sorted by name in `lang` (case aside; equal names in their
/// order): the order of every list, worked out once per catalogue (`shelf::Shelf`).
pub fn by_name(services: &[Service], lang: Lang) -> Vec<u32> {
    let mut order: Vec<u32> = (0..services.len() as u32).collect();
    order.sort_by_cached_key(|&i| services[i as usize].name.get(lang).to_ascii_lowercase());
    order
}

/// The category or life event `slug` as `service` names it (`None` when it is not in it).
pub fn term_of(service: &Service, kind: ListKind, slug: &str) -> Option<Term> {
    service.terms(kind).iter().find(|t| t.slug == slug).cloned()
}

/// Where a phone's copy of the catalogue stands: the highest revision it has applied.
/// Revisions only grow; every import that changes or withdraws a service gives it a new one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cursor(pub i64);

/// A service as stored and sent: its JSON document, passed through untouched. The server sends
/// what it stored, and the phone stores what it received, so neither re-encodes a service (and
/// the phone's bundle carries no code to).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServiceDoc(pub Box<serde_json::value::RawValue>);

impl ServiceDoc {
    /// Wraps a stored document (checked to be JSON).
    pub fn from_json(json: String) -> Result<ServiceDoc, serde_json::Error> {
        serde_json::value::RawValue::from_string(json).map(ServiceDoc)
    }

    /// Encodes a service.
    pub fn of(service: &Service) -> Result<ServiceDoc, serde_json::Error> {
        ServiceDoc::from_json(serde_json::to_string(service)?)
    }

    /// The JSON text.
    pub fn json(&self) -> &str {
        self.0.get()
    }

    /// Reads the whole service.
    pub fn service(&self) -> Result<Service, serde_json::Error> {
        serde_json::from_str(self.json())
    }

    /// Reads only the slug (cheap: the rest is skipped).
    pub fn slug(&self) -> Result<String, serde_json::Error> {
        #[derive(Deserialize)]
        struct SlugOnly {
            slug: String,
        }
        serde_json::from_str::<SlugOnly>(self.json()).map(|s| s.slug)
    }
}

impl PartialEq for ServiceDoc {
    fn eq(&self, other: &Self) -> bool {
        self.json() == other.json()
    }
}

impl Eq for ServiceDoc {}

/// What changed in the catalogue after a cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CatalogueDelta {
    /// Services added or changed since the cursor.
    pub changed: Vec<ServiceDoc>,
    /// Slugs of services withdrawn since the cursor.
    pub withdrawn: Vec<String>,
    /// The cursor to ask with next time.
    pub cursor: Cursor,
    /// True when the client's cursor was from another catalogue (e.g. a reset database) and it
    /// must drop what it has before applying `changed`.
    pub reset: bool,
    /// The id of the catalogue the cursor belongs to; the phone sends it back with the cursor.
    pub catalogue: String,
}

map_deserialize!(CatalogueDelta {
    changed "changed" req,
    withdrawn "withdrawn" req,
    cursor "cursor" req,
    reset "reset" opt,
    catalogue "catalogue" opt,
});

/// A service row as the store reports it for a delta: the document and its revision, or a
/// withdrawal.
#[derive(Clone, Debug)]
pub struct Revision {
    /// The service's slug.
    pub slug: String,
    /// The revision of its last change.
    pub revision: i64,
    /// The document, or `None` when withdrawn.
    pub doc: Option<ServiceDoc>,
}

/// Whether a client at `since`, holding a copy of catalogue `client` (if it says), must start
/// over: its copy is from another catalogue (a rebuilt database), or its cursor is ahead of
/// this catalogue's `head`.
pub fn must_reset(since: Cursor, client: Option<&str>, head: Cursor, catalogue: &str) -> bool {
    since > head || (since.0 > 0 && client.is_some_and(|c| c != catalogue))
}

/// Builds the delta for a client at `since` from the rows changed after it (all rows when
/// `reset`). The new cursor is the highest revision seen, or `since` itself when nothing
/// changed, so an up-to-date phone stays where it is.
pub fn delta(since: Cursor, reset: bool, catalogue: &str, rows: Vec<Revision>) -> CatalogueDelta {
    let mut out = CatalogueDelta {
        cursor: if reset { Cursor(0) } else { since },
        reset,
        catalogue: catalogue.to_string(),
        ..Default::default()
    };
    for row in rows {
        if !reset && row.revision <= since.0 {
            continue;
        }
        out.cursor = out.cursor.max(Cursor(row.revision));
        match row.doc {
            Some(d) => out.changed.push(d),
            None if !reset => out.withdrawn.push(row.slug),
            None => {}
        }
    }
    out
}

/// Applies a delta to a copy of the catalogue held as a list, as the phone does with its store;
/// returns the new cursor. Used by tests and as the reference for the device store.
pub fn apply(held: &mut Vec<Service>, delta: &CatalogueDelta) -> Result<Cursor, serde_json::Error> {
    if delta.reset {
        held.clear();
    }
    let changed = delta
        .changed
        .iter()
        .map(ServiceDoc::service)
        .collect::<Result<Vec<_>, _>>()?;
    held.retain(|s| {
        !delta.withdrawn.contains(&s.slug) && !changed.iter().any(|c| c.slug == s.slug)
    });
    held.extend(changed);
    Ok(delta.cursor)
}

/// A valid slug: 1–80 characters of `a-z`, `0-9` and single `-` between them.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn text(s: &str) -> Text {
        Text {
            id: format!("{s} (id)"),
            en: format!("{s} (en)"),
        }
    }

    pub fn term(slug: &str, order: u32) -> Term {
        Term {
            slug: slug.into(),
            order,
            name: text(slug),
        }
    }

    pub fn service(slug: &str, category: &str, events: &[&str]) -> Service {
        Service {
            slug: slug.into(),
            agency: Agency {
                slug: "dukcapil".into(),
                short_name: "Disdukcapil".into(),
                name: text("Dinas Kependudukan"),
                parent: None,
                contact: Contact {
                    website: Some("https://example.go.id".into()),
                    ..Default::default()
                },
                closes_on_cuti_bersama: false,
                province: None,
            },
            category: term(category, 1),
            life_events: events
                .iter()
                .enumerate()
                .map(|(i, e)| term(e, i as u32))
                .collect(),
            name: Text {
                id: format!("Layanan {slug}"),
                en: format!("Service {slug}"),
            },
            summary: text("ringkasan"),
            keywords: vec![],
            requirements: vec![Requirement {
                id: "KK (id)".into(),
                en: "KK (en)".into(),
                or: None,
            }],
            steps: vec![text("datang")],
            product: text("produk"),
            processing: text("1 hari"),
            processing_days: None,
            cost: Cost {
                free: true,
                basis: "UU 24/2013".into(),
                ..Default::default()
            },
            legal_basis: vec![],
            channels: vec![],
            contact: None,
            verified_at: Date::parse("2026-11-23").unwrap(),
            sources: vec![],
            note: None,
            intake: Some(Intake::Official),
            after_submit: vec![],
            form: None,
            faq: vec![],
            outline: false,
        }
    }

    #[test]
    fn stale_after_twelve_months() {
        let s = service("a", "c", &[]);
        assert!(!s.is_stale(Date::parse("2027-11-23").unwrap()));
        assert!(s.is_stale(Date::parse("2027-11-24").unwrap()));
    }

    #[test]
    fn overview_counts_and_orders_terms() {
        let mut b = service("b", "kesehatan", &["menikah"]);
        b.category.order = 2;
        let list = vec![
            service("a", "identitas", &["menikah", "punya-anak"]),
            b,
            service("c", "identitas", &[]),
        ];
        let o = overview(&list);
        assert_eq!(o.total, 3);
        let cats: Vec<_> = o
            .categories
            .iter()
            .map(|c| (c.term.slug.as_str(), c.count))
            .collect();
        assert_eq!(cats, vec![("identitas", 2), ("kesehatan", 1)]);
        assert_eq!(
            o.life_events
                .iter()
                .find(|c| c.term.slug == "menikah")
                .unwrap()
                .count,
            2
        );
    }

    #[test]
    fn lists_sort_by_name_in_the_language_and_name_their_term() {
        let mut list = vec![
            service("zz", "identitas", &[]),
            service("aa", "identitas", &["menikah"]),
            service("x", "pajak", &[]),
        ];
        list[2].name.id = "Zebra".into(); // last in Indonesian only
        let slugs = |lang| {
            by_name(&list, lang)
                .into_iter()
                .map(|i| list[i as usize].slug.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(slugs(Lang::En), ["aa", "x", "zz"]);
        assert_eq!(slugs(Lang::Id), ["aa", "zz", "x"]);
        let term = |s, kind, slug| term_of(&list[s], kind, slug).map(|t| t.slug);
        assert_eq!(
            term(0, ListKind::Category, "identitas").as_deref(),
            Some("identitas")
        );
        assert_eq!(
            term(1, ListKind::LifeEvent, "menikah").as_deref(),
            Some("menikah")
        );
        assert_eq!(term(2, ListKind::Category, "identitas"), None);
        assert_eq!(term(0, ListKind::LifeEvent, "identitas"), None);
    }

    fn rev(slug: &str, revision: i64, withdrawn: bool) -> Revision {
        Revision {
            slug: slug.into(),
            revision,
            doc: (!withdrawn).then(|| ServiceDoc::of(&service(slug, "c", &[])).unwrap()),
        }
    }

    #[test]
    fn delta_keeps_only_what_came_after_the_cursor() {
        let d = delta(
            Cursor(5),
            false,
            "c1",
            vec![
                rev("old", 4, false),
                rev("new", 7, false),
                rev("gone", 9, true),
            ],
        );
        assert_eq!(
            d.changed
                .iter()
                .map(|s| s.slug().unwrap())
                .collect::<Vec<_>>(),
            vec!["new"]
        );
        assert_eq!(d.withdrawn, vec!["gone".to_string()]);
        assert_eq!(d.cursor, Cursor(9));
        assert!(!d.reset);
    }

    #[test]
    fn nothing_new_keeps_the_cursor() {
        let d = delta(Cursor(9), false, "c1", vec![]);
        assert_eq!(
            d,
            CatalogueDelta {
                cursor: Cursor(9),
                catalogue: "c1".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn a_cursor_from_a_rebuilt_catalogue_starts_over() {
        assert!(
            must_reset(Cursor(50), None, Cursor(3), "c2"),
            "ahead of the head"
        );
        assert!(
            must_reset(Cursor(2), Some("c1"), Cursor(3), "c2"),
            "another catalogue's cursor"
        );
        assert!(!must_reset(Cursor(2), Some("c2"), Cursor(3), "c2"));
        assert!(
            !must_reset(Cursor(0), Some("c1"), Cursor(3), "c2"),
            "a first download is a download anyway"
        );
        assert!(
            !must_reset(Cursor(2), None, Cursor(3), "c2"),
            "an old phone that does not say"
        );
        let d = delta(
            Cursor(50),
            true,
            "c2",
            vec![rev("a", 2, false), rev("gone", 3, true)],
        );
        assert!(d.reset);
        assert_eq!(d.cursor, Cursor(3)); // the head: the withdrawal is already reflected
        assert_eq!(d.changed.len(), 1);
        assert!(d.withdrawn.is_empty());
    }

    #[test]
    fn applying_deltas_converges_to_the_catalogue() {
        let mut held = vec![service("a", "c", &[]), service("b", "c", &[])];
        let mut changed = service("a", "c", &[]);
        changed.name.en = "Changed".into();
        let docs = vec![
            ServiceDoc::of(&changed).unwrap(),
            ServiceDoc::of(&service("n", "c", &[])).unwrap(),
        ];
        let d = CatalogueDelta {
            changed: docs,
            withdrawn: vec!["b".into()],
            cursor: Cursor(3),
            reset: false,
            catalogue: "c".into(),
        };
        assert_eq!(apply(&mut held, &d).unwrap(), Cursor(3));
        let mut slugs: Vec<_> = held.iter().map(|s| s.slug.as_str()).collect();
        slugs.sort();
        assert_eq!(slugs, vec!["a", "n"]);
        assert_eq!(
            held.iter().find(|s| s.slug == "a").unwrap().name.en,
            "Changed"
        );
    }

    #[test]
    fn a_document_passes_through_unchanged_and_reads_back() {
        let s = service("ktp", "c", &[]);
        let doc = ServiceDoc::of(&s).unwrap();
        let wire = serde_json::to_string(&CatalogueDelta {
            changed: vec![doc.clone()],
            ..Default::default()
        })
        .unwrap();
        let back: CatalogueDelta = serde_json::from_str(&wire).unwrap();
        assert_eq!(back.changed[0].json(), doc.json());
        assert_eq!(back.changed[0].slug().unwrap(), "ktp");
        assert_eq!(back.changed[0].service().unwrap(), s);
    }

    #[test]
    fn only_a_loket_intake_gives_a_form_to_apply_with() {
        let form: super::super::form::FormDoc =
            serde_json::from_str(r#"{"version":1,"sections":[]}"#).unwrap();
        let mut s = service("paspor", "c", &[]);
        s.form = Some(form);
        assert!(s.intake_form().is_none(), "official channels only");
        s.intake = Some(Intake::Loket);
        assert!(s.intake_form().is_some());
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains(r#""intake":"loket""#), "{json}");
        let old: Service = serde_json::from_str(&json.replace(r#""intake":"loket","#, "")).unwrap();
        assert_eq!(old.intake, None, "a document stored before intake existed");
        assert!(old.intake_form().is_some(), "its form still means Loket");
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(is_valid_slug("ktp-el-baru"));
        assert!(!is_valid_slug("KTP"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug("-a"));
        assert!(!is_valid_slug(""));
    }
}
