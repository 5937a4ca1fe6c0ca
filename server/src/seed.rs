//! Reading the human-editable catalogue (TOML, see `catalogue/README.md`) into domain types,
//! checking it, and importing it.

use app::domain::catalogue::{
    is_valid_slug, Agency, Channel, Contact, Cost, Intake, Requirement, Service, Term,
};
use app::domain::date::Date;
use app::domain::l10n::Text;
use app::store::catalogue::{import, ImportReport, ImportScope};
use app::store::Db;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    category: Vec<Term>,
    #[serde(default)]
    life_event: Vec<Term>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyFile {
    agency: AgencyDef,
    #[serde(default)]
    service: Vec<ServiceDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyDef {
    slug: String,
    short_name: String,
    name: Text,
    parent: Option<Text>,
    website: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    #[serde(default)]
    closes_on_cuti_bersama: bool,
    /// A regional agency's province code (`"32"`); absent for a national one.
    province: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceDef {
    slug: String,
    category: String,
    #[serde(default)]
    life_events: Vec<String>,
    name: Text,
    summary: Text,
    #[serde(default)]
    keywords: Vec<String>,
    requirements: Vec<Requirement>,
    steps: Vec<Text>,
    product: Text,
    processing: Text,
    processing_days: Option<u32>,
    cost: Cost,
    #[serde(default)]
    legal_basis: Vec<String>,
    #[serde(default)]
    channel: Vec<Channel>,
    contact: Option<Contact>,
    verified_at: Date,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<Text>,
    #[serde(default)]
    intake: Intake,
    #[serde(default)]
    after_submit: Vec<Text>,
    form: Option<app::domain::form::FormSchema>,
}

/// A catalogue read from files and checked: ready to import.
#[derive(Debug)]
pub struct Catalogue {
    /// Agencies in the files read.
    pub agencies: Vec<Agency>,
    /// Their services.
    pub services: Vec<Service>,
    /// Whether this is the whole catalogue (a folder) or some agencies (one file).
    pub scope: ImportScope,
}

/// Reads a catalogue folder (`taxonomy.toml` + one file per agency) or one agency's file (its
/// folder's `taxonomy.toml` is read too). Every problem found is reported, with its file.
pub fn read(path: &Path) -> anyhow::Result<Catalogue> {
    let (dir, files, scope) = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    && p.file_name().is_some_and(|n| n != "taxonomy.toml")
            })
            .collect();
        files.sort();
        (path.to_path_buf(), files, ImportScope::Everything)
    } else {
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        (dir, vec![path.to_path_buf()], ImportScope::TheseAgencies)
    };
    let taxonomy_path = dir.join("taxonomy.toml");
    let taxonomy: TaxonomyFile = parse(&taxonomy_path)?;
    let mut problems = Vec::new();
    for t in taxonomy.category.iter().chain(&taxonomy.life_event) {
        check_slug(&mut problems, &taxonomy_path, "taxonomy", &t.slug);
        check_text(&mut problems, &taxonomy_path, &t.slug, "name", &t.name);
    }

    let mut agencies = Vec::new();
    let mut services = Vec::new();
    for file in &files {
        let f: AgencyFile = parse(file)?;
        let a = f.agency;
        check_slug(&mut problems, file, "agency", &a.slug);
        check_text(&mut problems, file, &a.slug, "name", &a.name);
        check_province(&mut problems, file, &a.slug, a.province.as_deref());
        let agency = Agency {
            slug: a.slug,
            short_name: a.short_name,
            name: a.name,
            parent: a.parent,
            contact: Contact {
                phone: a.phone,
                email: a.email,
                website: a.website,
            },
            closes_on_cuti_bersama: a.closes_on_cuti_bersama,
            province: a.province,
        };
        for s in f.service {
            services.push(service(&mut problems, file, &taxonomy, &agency, s));
        }
        agencies.push(agency);
    }
    let mut slugs: Vec<&str> = services.iter().map(|s| s.slug.as_str()).collect();
    slugs.sort_unstable();
    for pair in slugs.windows(2) {
        if pair[0] == pair[1] {
            problems.push(format!("service slug `{}` is used twice", pair[0]));
        }
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "the catalogue has {} problem(s):\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(Catalogue {
        agencies,
        services,
        scope,
    })
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn check_slug(problems: &mut Vec<String>, file: &Path, what: &str, slug: &str) {
    if !is_valid_slug(slug) {
        problems.push(format!(
            "{}: {what} slug `{slug}` must be a-z, 0-9 and single '-'",
            file.display()
        ));
    }
}

fn check_text(problems: &mut Vec<String>, file: &Path, slug: &str, field: &str, text: &Text) {
    if text.is_incomplete() {
        problems.push(format!(
            "{}: `{slug}`: {field} needs both `id` and `en`",
            file.display()
        ));
    }
}

/// A regional agency's `province` must be one of the 38 codes; absent means national.
fn check_province(problems: &mut Vec<String>, file: &Path, slug: &str, province: Option<&str>) {
    if let Some(code) = province.filter(|c| !app::domain::form::is_province_code(c)) {
        problems.push(format!(
            "{}: `{slug}`: province `{code}` is not one of the 38 province codes (Kepmendagri, a NIK's first two digits, e.g. \"32\")",
            file.display()
        ));
    }
}

/// The service's category and life events from the taxonomy; an unknown one is a problem.
fn terms(
    problems: &mut Vec<String>,
    file: &Path,
    tax: &TaxonomyFile,
    s: &ServiceDef,
) -> (Term, Vec<Term>) {
    let category = tax
        .category
        .iter()
        .find(|t| t.slug == s.category)
        .cloned()
        .unwrap_or_else(|| {
            problems.push(format!(
                "{}: `{}`: unknown category `{}`",
                file.display(),
                s.slug,
                s.category
            ));
            Term {
                slug: s.category.clone(),
                order: u32::MAX,
                name: Text::default(),
            }
        });
    let life_events = s
        .life_events
        .iter()
        .filter_map(|e| {
            let found = tax.life_event.iter().find(|t| &t.slug == e).cloned();
            if found.is_none() {
                problems.push(format!(
                    "{}: `{}`: unknown life event `{e}`",
                    file.display(),
                    s.slug
                ));
            }
            found
        })
        .collect();
    (category, life_events)
}

/// Checks a service's texts (both languages present), its form and the rules for its
/// requirements, steps and cost, adding what is wrong to `problems`.
fn check_service_texts(problems: &mut Vec<String>, file: &Path, s: &ServiceDef) {
    let slug = &s.slug;
    let mut texts: Vec<(&str, &Text)> = vec![
        ("name", &s.name),
        ("summary", &s.summary),
        ("product", &s.product),
        ("processing", &s.processing),
    ];
    let alternatives = s.requirements.iter().filter_map(|r| r.or.as_ref());
    texts.extend(alternatives.map(|t| ("requirements.or", t)));
    texts.extend(s.after_submit.iter().map(|t| ("after_submit", t)));
    texts.extend(s.steps.iter().map(|t| ("steps", t)));
    texts.extend(s.note.iter().map(|t| ("note", t)));
    texts.extend(s.cost.note.iter().map(|t| ("cost.note", t)));
    texts.extend(s.cost.items.iter().map(|i| ("cost.items.label", &i.label)));
    for c in &s.channel {
        texts.push(("channel.name", &c.name));
        texts.extend(c.place.iter().map(|t| ("channel.where", t)));
    }
    for (field, t) in texts {
        check_text(problems, file, slug, field, t);
    }
    let incomplete = s.requirements.iter().any(|r| {
        let t = Text {
            id: r.id.clone(),
            en: r.en.clone(),
        };
        t.is_incomplete()
    });
    if incomplete {
        problems.push(format!(
            "{}: `{slug}`: requirements needs both `id` and `en`",
            file.display()
        ));
    }
    check_intake(problems, file, s);
    if let Some(form) = &s.form {
        for p in app::domain::form::schema_problems(form) {
            problems.push(format!("{}: `{slug}`: form: {p}", file.display()));
        }
    }
    if s.requirements.is_empty() || s.steps.is_empty() {
        problems.push(format!(
            "{}: `{slug}`: needs requirements and steps",
            file.display()
        ));
    }
    if s.cost.free && !s.cost.items.is_empty() {
        problems.push(format!(
            "{}: `{slug}`: a free service has no cost `items`",
            file.display()
        ));
    }
    if !s.cost.free && s.cost.items.is_empty() && s.cost.note.is_none() {
        problems.push(format!("{}: `{slug}`: a charged service needs cost `items` or a cost `note` saying who sets it", file.display()));
    }
}

/// Checks that the intake and what the page offers agree: Loket takes applications only with
/// a form and has somewhere to send the citizen afterwards (an office); otherwise the page
/// points to an official channel, so one must exist.
fn check_intake(problems: &mut Vec<String>, file: &Path, s: &ServiceDef) {
    let slug = &s.slug;
    let office = s
        .channel
        .iter()
        .any(|c| c.kind == app::domain::catalogue::ChannelKind::Office);
    let problem = match s.intake {
        Intake::Loket if s.form.is_none() => Some("intake \"loket\" needs a `form`"),
        Intake::Loket if !office => Some("intake \"loket\" needs an office `channel` to go to"),
        Intake::Official if s.channel.is_empty() => {
            Some("a service not taken in Loket needs a `channel` to point to")
        }
        Intake::Official if !s.after_submit.is_empty() => {
            Some("`after_submit` is shown after sending through Loket: it needs intake \"loket\"")
        }
        _ => None,
    };
    if let Some(p) = problem {
        problems.push(format!("{}: `{slug}`: {p}", file.display()));
    }
}

fn service(
    problems: &mut Vec<String>,
    file: &Path,
    tax: &TaxonomyFile,
    agency: &Agency,
    s: ServiceDef,
) -> Service {
    let slug = s.slug.clone();
    check_slug(problems, file, "service", &slug);
    check_service_texts(problems, file, &s);
    let (category, life_events) = terms(problems, file, tax, &s);
    Service {
        slug: s.slug,
        agency: agency.clone(),
        category,
        life_events,
        name: s.name,
        summary: s.summary,
        keywords: s.keywords,
        requirements: s.requirements,
        steps: s.steps,
        product: s.product,
        processing: s.processing,
        processing_days: s.processing_days,
        cost: s.cost,
        legal_basis: s.legal_basis,
        channels: s.channel,
        contact: s.contact,
        verified_at: s.verified_at,
        sources: s.sources,
        note: s.note,
        intake: Some(s.intake),
        after_submit: s.after_submit,
        form: s
            .form
            .as_ref()
            .map(app::domain::form::FormDoc::of)
            .transpose()
            .unwrap_or_else(|e| {
                problems.push(format!("{}: `{slug}`: form: {e}", file.display()));
                None
            }),
        faq: Vec::new(),
        outline: false,
    }
}

/// Reads and imports `path` into the database, without an audit row (tests set up with it).
pub async fn import_path(pool: &Db, path: &Path) -> anyhow::Result<ImportReport> {
    let c = read(path)?;
    Ok(import(pool, &c.agencies, &c.services, c.scope).await?)
}

/// Reads and imports `path` as `actor` (`cli`): the import and its `catalogue.import` audit row
/// in one transaction. Every import the server binary makes goes through here.
pub async fn import_path_as(pool: &Db, path: &Path, actor: &str) -> anyhow::Result<ImportReport> {
    let c = read(path)?;
    let source = path.display().to_string();
    let by = app::store::catalogue::Importer {
        actor,
        source: &source,
    };
    Ok(app::store::catalogue::import_as(pool, &c.agencies, &c.services, c.scope, Some(by)).await?)
}
