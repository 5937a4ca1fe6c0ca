//! What the generator writes: agencies and services shaped like the catalogue's TOML
//! (`catalogue/README.md`), before they are written.

use super::text::T;

/// An agency's `[agency]` table.
#[derive(Clone, Debug)]
pub struct Agency {
    /// `slug`.
    pub slug: String,
    /// `short_name`.
    pub short_name: String,
    /// `name`.
    pub name: T,
    /// `parent`.
    pub parent: Option<T>,
    /// `website`.
    pub website: Option<String>,
    /// `phone`.
    pub phone: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `closes_on_cuti_bersama`.
    pub closes_on_cuti_bersama: bool,
    /// `province`: the code of a regional agency's province.
    pub province: Option<&'static str>,
}

/// A requirement, with what may stand in for it.
#[derive(Clone, Debug)]
pub struct Requirement {
    /// The requirement.
    pub text: T,
    /// `or`.
    pub or: Option<T>,
}

/// `[service.cost]`.
#[derive(Clone, Debug)]
pub struct Cost {
    /// `free`.
    pub free: bool,
    /// `basis`.
    pub basis: String,
    /// `items`: label and rupiah.
    pub items: Vec<(T, u64)>,
    /// `note`.
    pub note: Option<T>,
}

/// A `[[service.channel]]`.
#[derive(Clone, Debug)]
pub struct Channel {
    /// `kind = "office"` when true, else `"online"`.
    pub office: bool,
    /// `name`.
    pub name: T,
    /// `where`.
    pub place: Option<T>,
    /// `url`.
    pub url: Option<String>,
}

/// `[service.contact]`.
#[derive(Clone, Debug)]
pub struct Contact {
    /// `phone`.
    pub phone: Option<String>,
    /// `email`.
    pub email: Option<String>,
}

/// A form field, as `[[service.form.sections.fields]]` writes it.
#[derive(Clone, Debug)]
pub struct Field {
    /// `id`.
    pub id: String,
    /// `label`.
    pub label: T,
    /// `hint`.
    pub hint: Option<T>,
    /// `kind`.
    pub kind: &'static str,
    /// `required`.
    pub required: bool,
    /// `max_length`.
    pub max_length: Option<u32>,
    /// `min`.
    pub min: Option<u32>,
    /// `max`.
    pub max: Option<u32>,
    /// `max_bytes`.
    pub max_bytes: Option<u64>,
    /// `options`: value and label.
    pub options: Vec<(String, T)>,
    /// `visible_if`: the field and the answers.
    pub visible_if: Option<(String, Vec<String>)>,
}

impl Field {
    /// A field with only its id, label, kind and whether it is required.
    pub fn new(id: &str, label: T, kind: &'static str, required: bool) -> Field {
        Field {
            id: id.to_string(),
            label,
            hint: None,
            kind,
            required,
            max_length: None,
            min: None,
            max: None,
            max_bytes: None,
            options: Vec::new(),
            visible_if: None,
        }
    }
}

/// A `[[service.form.sections]]`.
#[derive(Clone, Debug)]
pub struct Section {
    /// `id`.
    pub id: &'static str,
    /// `title`.
    pub title: T,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// `[service.form]`.
#[derive(Clone, Debug)]
pub struct Form {
    /// `version`.
    pub version: u32,
    /// Its sections.
    pub sections: Vec<Section>,
}

/// A `[[service]]`.
#[derive(Clone, Debug)]
pub struct Service {
    /// `slug`.
    pub slug: String,
    /// `intake = "loket"` when true.
    pub loket: bool,
    /// `category`.
    pub category: &'static str,
    /// `life_events`.
    pub life_events: Vec<&'static str>,
    /// `name`.
    pub name: T,
    /// `summary`.
    pub summary: T,
    /// `keywords`.
    pub keywords: Vec<String>,
    /// `requirements`.
    pub requirements: Vec<Requirement>,
    /// `steps`.
    pub steps: Vec<T>,
    /// `after_submit`.
    pub after_submit: Vec<T>,
    /// `product`.
    pub product: T,
    /// `processing`.
    pub processing: T,
    /// `processing_days`.
    pub processing_days: Option<u32>,
    /// `legal_basis`.
    pub legal_basis: Vec<String>,
    /// `verified_at`, `YYYY-MM-DD`.
    pub verified_at: String,
    /// `sources`.
    pub sources: Vec<String>,
    /// `note`.
    pub note: Option<T>,
    /// `[service.cost]`.
    pub cost: Cost,
    /// The channels.
    pub channels: Vec<Channel>,
    /// `[service.contact]`.
    pub contact: Option<Contact>,
    /// `[service.form]`.
    pub form: Option<Form>,
}

/// One file: an agency and its services.
#[derive(Clone, Debug)]
pub struct AgencyFile {
    /// The file's name in the output folder.
    pub file: String,
    /// A comment for its head.
    pub comment: String,
    /// The agency.
    pub agency: Agency,
    /// Its services.
    pub services: Vec<Service>,
}
