//! Editing a service's Standar Pelayanan in the back office: every field in both languages as
//! plain form values (lists one item a line), the one way back from those values to a service
//! document, the checks a publication must pass, and the per-field difference between two
//! revisions. The form, the slug, the agency, the category and the life events are not edited
//! here (the TOML import keeps them).

use super::catalogue::{Channel, ChannelKind, Contact, Cost, CostItem, Requirement, Service};
use super::date::Date;
use super::l10n::Text;
use serde::{Deserialize, Serialize};

/// The editable values, in the order of the editor; each is one form field.
pub const KEYS: [&str; 28] = [
    "name_id",
    "name_en",
    "summary_id",
    "summary_en",
    "requirements_id",
    "requirements_en",
    "steps_id",
    "steps_en",
    "cost_free",
    "cost_basis",
    "cost_items_id",
    "cost_items_en",
    "cost_note_id",
    "cost_note_en",
    "processing_id",
    "processing_en",
    "processing_days",
    "product_id",
    "product_en",
    "channels_id",
    "channels_en",
    "legal_basis",
    "contact_phone",
    "contact_email",
    "contact_website",
    "note_id",
    "note_en",
    "sources",
];

/// The longest value accepted for one key, in characters.
pub const MAX_VALUE_CHARS: usize = 8000;

/// Between parts of one line of a list (a requirement and its alternative, a cost's amount and
/// label, a channel's kind, name, place and address).
const SEP: &str = " | ";

/// Why edited values cannot be published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditProblem {
    /// A required value is empty (its key).
    Required(String),
    /// A value is too long (its key).
    TooLong(String),
    /// A value holds a control character or bidirectional override (its key).
    BadCharacter(String),
    /// A list has a different number of lines in the two languages (the list's key, no
    /// language suffix).
    LinesDiffer(String),
    /// A line of a list cannot be read (its key).
    BadLine(String),
    /// The number of working days is not a whole number from 1 to 365.
    BadDays,
    /// The document is not one of this service (another slug, agency or form).
    NotThisService,
}

impl EditProblem {
    /// The key the problem is about, if it is about one.
    pub fn key(&self) -> Option<&str> {
        match self {
            EditProblem::Required(k)
            | EditProblem::TooLong(k)
            | EditProblem::BadCharacter(k)
            | EditProblem::BadLine(k) => Some(k),
            EditProblem::LinesDiffer(k) => Some(k),
            EditProblem::BadDays => Some("processing_days"),
            EditProblem::NotThisService => None,
        }
    }
}

/// Lines of a list as one text.
fn lines<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join("\n")
}

/// The editable values of `s`, one per key of [`KEYS`], in that order.
pub fn values(s: &Service) -> Vec<(&'static str, String)> {
    let opt = |t: &Option<Text>, en: bool| {
        t.as_ref()
            .map(|t| if en { t.en.clone() } else { t.id.clone() })
            .unwrap_or_default()
    };
    let cost_items_id = s
        .cost
        .items
        .iter()
        .map(|i| format!("{}{SEP}{}", i.amount, i.label.id));
    let channels_id = s.channels.iter().map(|c| channel_line(c, false));
    let channels_en = s.channels.iter().map(|c| channel_line(c, true));
    let contact = s.contact.clone().unwrap_or_default();
    let v = [
        s.name.id.clone(),
        s.name.en.clone(),
        s.summary.id.clone(),
        s.summary.en.clone(),
        requirement_lines(s, false),
        requirement_lines(s, true),
        lines(s.steps.iter().map(|t| t.id.as_str())),
        lines(s.steps.iter().map(|t| t.en.as_str())),
        if s.cost.free { "ya" } else { "" }.to_string(),
        s.cost.basis.clone(),
        cost_items_id.collect::<Vec<_>>().join("\n"),
        lines(s.cost.items.iter().map(|i| i.label.en.as_str())),
        opt(&s.cost.note, false),
        opt(&s.cost.note, true),
        s.processing.id.clone(),
        s.processing.en.clone(),
        s.processing_days.map(|d| d.to_string()).unwrap_or_default(),
        s.product.id.clone(),
        s.product.en.clone(),
        channels_id.collect::<Vec<_>>().join("\n"),
        channels_en.collect::<Vec<_>>().join("\n"),
        lines(s.legal_basis.iter().map(String::as_str)),
        contact.phone.unwrap_or_default(),
        contact.email.unwrap_or_default(),
        contact.website.unwrap_or_default(),
        opt(&s.note, false),
        opt(&s.note, true),
        lines(s.sources.iter().map(String::as_str)),
    ];
    KEYS.into_iter().zip(v).collect()
}

/// The requirements in one language, a line each, an alternative after ` | `.
fn requirement_lines(s: &Service, en: bool) -> String {
    let one = |r: &Requirement| {
        let (main, alt) = if en {
            (r.en.clone(), r.or.as_ref().map(|o| o.en.clone()))
        } else {
            (r.id.clone(), r.or.as_ref().map(|o| o.id.clone()))
        };
        match alt {
            Some(a) => format!("{main}{SEP}{a}"),
            None => main,
        }
    };
    s.requirements
        .iter()
        .map(one)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A channel as one line: in Indonesian `kind | name | place | address`, in English
/// `name | place` (the kind and address are the same in both).
fn channel_line(c: &Channel, en: bool) -> String {
    let pick = |t: &Text| if en { t.en.clone() } else { t.id.clone() };
    let place = c.place.as_ref().map(pick).unwrap_or_default();
    if en {
        return format!("{}{SEP}{place}", pick(&c.name));
    }
    let kind = match c.kind {
        ChannelKind::Office => "office",
        ChannelKind::Online => "online",
    };
    let url = c.url.clone().unwrap_or_default();
    format!("{kind}{SEP}{}{SEP}{place}{SEP}{url}", pick(&c.name))
}

/// True when `s` holds a control character other than a line break or tab, or a bidirectional
/// override.
fn has_bad_character(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// The edited values, checked: every key of [`KEYS`] read from `get` (missing: empty), trimmed,
/// within [`MAX_VALUE_CHARS`], without hidden characters.
struct Values(Vec<(&'static str, String)>);

impl Values {
    /// Reads and checks every key from `get`.
    fn read(get: &dyn Fn(&str) -> Option<String>) -> Result<Values, EditProblem> {
        let mut out = Vec::with_capacity(KEYS.len());
        for k in KEYS {
            let v = get(k).unwrap_or_default().replace("\r\n", "\n");
            let v = v.trim().to_string();
            if has_bad_character(&v) {
                return Err(EditProblem::BadCharacter(k.into()));
            }
            if v.chars().count() > MAX_VALUE_CHARS {
                return Err(EditProblem::TooLong(k.into()));
            }
            out.push((k, v));
        }
        Ok(Values(out))
    }

    /// The value of `k` (empty when missing).
    fn get(&self, k: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| *key == k)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A value that must not be empty.
    fn required(&self, k: &str) -> Result<String, EditProblem> {
        let v = self.get(k);
        if v.is_empty() {
            return Err(EditProblem::Required(k.into()));
        }
        Ok(v.to_string())
    }

    /// A text in both languages, both required.
    fn text(&self, k: &str) -> Result<Text, EditProblem> {
        Ok(Text {
            id: self.required(&format!("{k}_id"))?,
            en: self.required(&format!("{k}_en"))?,
        })
    }

    /// An optional text: none when both languages are empty.
    fn optional(&self, k: &str) -> Option<Text> {
        let (id, en) = (self.get(&format!("{k}_id")), self.get(&format!("{k}_en")));
        (!id.is_empty() || !en.is_empty()).then(|| Text {
            id: id.into(),
            en: en.into(),
        })
    }

    /// A list in both languages, line by line: the same number of non-empty lines in each.
    fn pairs(&self, k: &str) -> Result<Vec<(String, String)>, EditProblem> {
        let split = |v: &str| -> Vec<String> {
            v.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        };
        let (id, en) = (
            split(self.get(&format!("{k}_id"))),
            split(self.get(&format!("{k}_en"))),
        );
        if id.len() != en.len() {
            return Err(EditProblem::LinesDiffer(k.into()));
        }
        Ok(id.into_iter().zip(en).collect())
    }

    /// A list in one language.
    fn list(&self, k: &str) -> Vec<String> {
        self.get(k)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    }
}

/// One line split at [`SEP`] into exactly `n` parts (missing parts empty), or `None` when it has
/// more.
fn parts(line: &str, n: usize) -> Option<Vec<String>> {
    let mut p: Vec<String> = line
        .split(SEP.trim())
        .map(|s| s.trim().to_string())
        .collect();
    if p.len() > n {
        return None;
    }
    p.resize(n, String::new());
    Some(p)
}

/// `base` with the edited values read from `get` (a form's fields), verified on `today`: the
/// one way from the editor to a new document. The form, slug, agency, category, life events,
/// keywords, intake and the steps after sending stay those of `base`.
pub fn apply(
    base: &Service,
    get: &dyn Fn(&str) -> Option<String>,
    today: Date,
) -> Result<Service, EditProblem> {
    let v = Values::read(get)?;
    let mut s = base.clone();
    s.name = v.text("name")?;
    s.summary = v.text("summary")?;
    s.requirements = requirements(&v)?;
    s.steps = v
        .pairs("steps")?
        .into_iter()
        .map(|(id, en)| Text { id, en })
        .collect();
    s.cost = cost(&v)?;
    s.processing = v.text("processing")?;
    s.processing_days = match v.get("processing_days") {
        "" => None,
        d => Some(
            d.parse::<u32>()
                .ok()
                .filter(|d| (1..=365).contains(d))
                .ok_or(EditProblem::BadDays)?,
        ),
    };
    s.product = v.text("product")?;
    s.channels = channels(&v)?;
    s.legal_basis = v.list("legal_basis");
    let some = |k: &str| Some(v.get(k).to_string()).filter(|x| !x.is_empty());
    let contact = Contact {
        phone: some("contact_phone"),
        email: some("contact_email"),
        website: some("contact_website"),
    };
    s.contact = (!contact.is_empty()).then_some(contact);
    s.note = v.optional("note");
    s.sources = v.list("sources");
    s.verified_at = today;
    Ok(s)
}

/// The requirements: a line each, an alternative after ` | `.
fn requirements(v: &Values) -> Result<Vec<Requirement>, EditProblem> {
    let bad = || EditProblem::BadLine("requirements_id".into());
    v.pairs("requirements")?
        .into_iter()
        .map(|(id, en)| {
            let (id, en) = (
                parts(&id, 2).ok_or_else(bad)?,
                parts(&en, 2).ok_or_else(bad)?,
            );
            let or = (!id[1].is_empty() || !en[1].is_empty()).then(|| Text {
                id: id[1].clone(),
                en: en[1].clone(),
            });
            Ok(Requirement {
                id: id[0].clone(),
                en: en[0].clone(),
                or,
            })
        })
        .collect()
}

/// The cost: free or not, its basis, items (`amount | label` in Indonesian, the label in
/// English) and a note.
fn cost(v: &Values) -> Result<Cost, EditProblem> {
    let bad = || EditProblem::BadLine("cost_items_id".into());
    let items = v
        .pairs("cost_items")?
        .into_iter()
        .map(|(id, en)| {
            let p = parts(&id, 2).ok_or_else(bad)?;
            let amount = p[0]
                .replace(['.', ','], "")
                .parse::<u64>()
                .map_err(|_| bad())?;
            Ok(CostItem {
                label: Text {
                    id: p[1].clone(),
                    en,
                },
                amount,
            })
        })
        .collect::<Result<Vec<_>, EditProblem>>()?;
    Ok(Cost {
        free: !v.get("cost_free").is_empty(),
        basis: v.get("cost_basis").to_string(),
        items,
        note: v.optional("cost_note"),
    })
}

/// The channels: `office|online | name | place | address` in Indonesian, `name | place` in
/// English.
fn channels(v: &Values) -> Result<Vec<Channel>, EditProblem> {
    let bad = || EditProblem::BadLine("channels_id".into());
    v.pairs("channels")?
        .into_iter()
        .map(|(id, en)| {
            let (id, en) = (
                parts(&id, 4).ok_or_else(bad)?,
                parts(&en, 2).ok_or_else(bad)?,
            );
            let kind = match id[0].as_str() {
                "office" => ChannelKind::Office,
                "online" => ChannelKind::Online,
                _ => return Err(bad()),
            };
            let place = (!id[2].is_empty() || !en[1].is_empty()).then(|| Text {
                id: id[2].clone(),
                en: en[1].clone(),
            });
            Ok(Channel {
                kind,
                name: Text {
                    id: id[1].clone(),
                    en: en[0].clone(),
                },
                place,
                url: Some(id[3].clone()).filter(|u| !u.is_empty()),
            })
        })
        .collect()
}

/// `new` accepted as the next revision of `current`: the editable values re-read from `new`
/// (so a document posted whole passes the editor's checks), and the rest must be `current`'s.
pub fn accept(current: &Service, new: &Service, today: Date) -> Result<Service, EditProblem> {
    let same = new.slug == current.slug
        && new.agency == current.agency
        && new.category == current.category
        && new.life_events == current.life_events
        && new.keywords == current.keywords
        && new.intake == current.intake
        && new.after_submit == current.after_submit
        && new.form == current.form;
    if !same {
        return Err(EditProblem::NotThisService);
    }
    let edited = values(new);
    let get = |k: &str| {
        edited
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.clone())
    };
    apply(current, &get, today)
}

/// One value that differs between two revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Its key (see [`KEYS`]).
    pub key: String,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// The values that differ from `old` to `new`, in the editor's order (the verified date too).
pub fn diff(old: &Service, new: &Service) -> Vec<Change> {
    let mut out: Vec<Change> = values(old)
        .into_iter()
        .zip(values(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((k, a), (_, b))| Change {
            key: k.into(),
            old: a,
            new: b,
        })
        .collect();
    if old.verified_at != new.verified_at {
        out.push(Change {
            key: "verified_at".into(),
            old: old.verified_at.to_string(),
            new: new.verified_at.to_string(),
        });
    }
    out
}
