//! The catalogue's types are read by `map_deserialize!` (map only, for a smaller phone bundle)
//! instead of `#[derive(Deserialize)]`. These tests keep a copy of the derived types (`old`) and
//! check that both read every seeded service, and the TOML files' parts, to the same values, and
//! that they agree on the same mangled documents (keys missing, unknown keys, nulls, wrong
//! types). The differences: the derive also read a struct written as a JSON array and an enum
//! as `{"name": null}`, and said less when an enum was of the wrong type.

mod common;

use app::domain::catalogue::{
    CatalogueDelta, Channel, Contact, Cost, Requirement, Service, ServiceDoc, Term,
};
use app::domain::l10n::Text;
use common::serde_pair::same_json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;

/// The derived types as they were before `map_deserialize!`, field for field.
mod old {
    use app::domain::catalogue::{Cursor, ServiceDoc};
    use app::domain::date::Date;
    use app::domain::form::FormDoc;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum ChannelKind {
        Office,
        Online,
    }
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Intake {
        Official,
        Loket,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Text {
        pub id: String,
        pub en: String,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Term {
        pub slug: String,
        pub order: u32,
        pub name: Text,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Agency {
        pub slug: String,
        pub short_name: String,
        pub name: Text,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub parent: Option<Text>,
        #[serde(default)]
        pub contact: Contact,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub closes_on_cuti_bersama: bool,
    }
    #[derive(Default, Serialize, Deserialize)]
    pub struct Contact {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub phone: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub email: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub website: Option<String>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct CostItem {
        pub label: Text,
        pub amount: u64,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Cost {
        pub free: bool,
        #[serde(default)]
        pub basis: String,
        #[serde(default)]
        pub items: Vec<CostItem>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub note: Option<Text>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Channel {
        pub kind: ChannelKind,
        pub name: Text,
        #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
        pub place: Option<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Requirement {
        pub id: String,
        pub en: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub or: Option<Text>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct Service {
        pub slug: String,
        pub agency: Agency,
        pub category: Term,
        #[serde(default)]
        pub life_events: Vec<Term>,
        pub name: Text,
        pub summary: Text,
        #[serde(default)]
        pub keywords: Vec<String>,
        #[serde(default)]
        pub requirements: Vec<Requirement>,
        #[serde(default)]
        pub steps: Vec<Text>,
        pub product: Text,
        pub processing: Text,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub processing_days: Option<u32>,
        pub cost: Cost,
        #[serde(default)]
        pub legal_basis: Vec<String>,
        #[serde(default)]
        pub channels: Vec<Channel>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub contact: Option<Contact>,
        pub verified_at: Date,
        #[serde(default)]
        pub sources: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub note: Option<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub intake: Option<Intake>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub after_submit: Vec<Text>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub form: Option<FormDoc>,
    }
    #[derive(Serialize, Deserialize)]
    pub struct CatalogueDelta {
        pub changed: Vec<ServiceDoc>,
        pub withdrawn: Vec<String>,
        pub cursor: Cursor,
        #[serde(default)]
        pub reset: bool,
        #[serde(default)]
        pub catalogue: String,
    }
}

fn catalogue_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogue")
}

/// Every seeded service, as the server stores and sends it.
fn seeded() -> Vec<Service> {
    let services = server::seed::read(&catalogue_dir()).unwrap().services;
    assert!(services.len() > 20, "the seed catalogue has its services");
    services
}

#[test]
fn every_seeded_service_reads_the_same_as_with_the_derive() {
    for s in seeded() {
        let json = serde_json::to_string(&s).unwrap();
        let value = same_json::<Service, old::Service>(&json).unwrap();
        assert_eq!(value, serde_json::to_value(&s).unwrap());
        assert_eq!(
            ServiceDoc::of(&s).unwrap().service().unwrap(),
            s,
            "round trip"
        );
    }
}

/// Adds an unknown key to every object in `v`.
fn with_unknown_keys(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.values_mut().for_each(with_unknown_keys);
            m.insert("zz_unknown".into(), json!({"a": [1, null, "x"]}));
        }
        Value::Array(a) => a.iter_mut().for_each(with_unknown_keys),
        _ => {}
    }
}

#[test]
fn mangled_services_are_read_or_refused_the_same_way() {
    let mut refused = 0;
    for s in seeded().into_iter().take(6) {
        let full = serde_json::to_value(&s).unwrap();
        let mut unknown = full.clone();
        with_unknown_keys(&mut unknown);
        same_json::<Service, old::Service>(&unknown.to_string()).unwrap();
        let keys: Vec<String> = full.as_object().unwrap().keys().cloned().collect();
        for key in keys {
            for change in [None, Some(Value::Null), Some(json!(7)), Some(json!({}))] {
                let mut v = full.clone();
                let m = v.as_object_mut().unwrap();
                match change {
                    None => m.remove(&key),
                    Some(x) => m.insert(key.clone(), x),
                };
                refused += same_json::<Service, old::Service>(&v.to_string()).is_err() as usize;
            }
        }
    }
    assert!(refused > 50, "the mangled documents include refused ones");
    // the one difference: a struct written as a sequence (which Loket never sends) is refused
    let seq = serde_json::from_str::<Service>("[]")
        .unwrap_err()
        .to_string();
    assert!(
        seq.starts_with("invalid type: sequence, expected struct Service"),
        "{seq}"
    );
    assert!(same_json::<Text, old::Text>(r#"{"id":"a"}"#).is_err());
    let post = r#"[{"kind":"post","name":{"id":"a","en":"b"}}]"#;
    assert_eq!(
        same_json::<Vec<Channel>, Vec<old::Channel>>(post).unwrap_err(),
        "unknown variant `post`, expected `office` or `online`"
    );
    same_json::<Text, old::Text>(r#"{"en":"b","id":"a\u0062","id2":1}"#).unwrap();
}

#[test]
fn deltas_read_the_same_as_with_the_derive() {
    let docs: Vec<Value> = seeded()
        .iter()
        .take(3)
        .map(|s| serde_json::to_value(s).unwrap())
        .collect();
    let full =
        json!({"changed": docs, "withdrawn": ["x"], "cursor": 9, "reset": true, "catalogue": "c"});
    let least = json!({"changed": [], "withdrawn": [], "cursor": 0});
    let short = json!({"changed": [], "cursor": 0});
    let read = |v: &Value| same_json::<CatalogueDelta, old::CatalogueDelta>(&v.to_string());
    assert_eq!(read(&full).unwrap(), full);
    assert_eq!(read(&least).unwrap()["reset"], json!(false));
    assert_eq!(read(&short).unwrap_err(), "missing field `withdrawn`");
}

/// Reads the TOML value `v` as `New` and as `Old` and checks they agree.
fn same_toml<New, Old>(v: &toml::Value)
where
    New: DeserializeOwned + Serialize,
    Old: DeserializeOwned + Serialize,
{
    let new = v
        .clone()
        .try_into::<New>()
        .map(|x| serde_json::to_value(x).unwrap());
    let old = v
        .clone()
        .try_into::<Old>()
        .map(|x| serde_json::to_value(x).unwrap());
    match (new, old) {
        (Ok(n), Ok(o)) => assert_eq!(n, o),
        (Err(n), Err(o)) => assert_eq!(n.to_string(), o.to_string()),
        (n, o) => panic!("new {n:?}, old {o:?} for {v}"),
    }
}

#[test]
fn the_toml_files_parts_read_the_same_as_with_the_derive() {
    let dir = catalogue_dir();
    let mut services = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let doc: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for terms in ["category", "life_event"]
            .iter()
            .filter_map(|k| doc.get(*k))
        {
            same_toml::<Vec<Term>, Vec<old::Term>>(terms);
        }
        if let Some(agency) = doc.get("agency") {
            same_toml::<Text, old::Text>(&agency["name"]);
        }
        for s in doc
            .get("service")
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            services += 1;
            let part = |key: &str| s.get(key).cloned().unwrap_or(toml::Value::Array(vec![]));
            for key in ["name", "summary", "product", "processing"] {
                same_toml::<Text, old::Text>(&part(key));
            }
            if let Some(note) = s.get("note") {
                same_toml::<Text, old::Text>(note);
            }
            if let Some(contact) = s.get("contact") {
                same_toml::<Contact, old::Contact>(contact);
            }
            same_toml::<Cost, old::Cost>(&part("cost"));
            same_toml::<Vec<Requirement>, Vec<old::Requirement>>(&part("requirements"));
            same_toml::<Vec<Channel>, Vec<old::Channel>>(&part("channel"));
            same_toml::<Vec<Text>, Vec<old::Text>>(&part("steps"));
            same_toml::<Vec<Text>, Vec<old::Text>>(&part("after_submit"));
        }
    }
    assert!(services > 20);
    // a mistake in a file is reported as the derive reported it
    let bad: toml::Value = toml::from_str("free = 'yes'\nbasis = 'x'").unwrap();
    same_toml::<Cost, old::Cost>(&bad);
    let missing: toml::Value = toml::from_str("basis = 'x'").unwrap();
    same_toml::<Cost, old::Cost>(&missing);
}
