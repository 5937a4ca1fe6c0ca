//! Reading a struct from a map only (a JSON object or a TOML table), and an enum of unit
//! variants from a string only, for the types the phone reads most.
//!
//! `#[derive(Deserialize)]` also reads a struct from a sequence (`[…]`) and tracks duplicate
//! keys; every type gets its own copy of that code in the phone's bundle, for input Loket never
//! sends. [`map_deserialize!`] writes the small half: each field by its key, unknown keys
//! skipped, a missing required field named in the error as serde names it; a repeated key
//! keeps its last value (the derive refused it). The wire and TOML shapes stay those of the
//! derive (`server/tests/catalogue_serde.rs` compares the two for the catalogue,
//! `server/tests/wire_serde.rs` for applications, requests, accounts and forms).

use serde::de::{DeserializeSeed, Deserializer, Error, Visitor};
use std::fmt;

/// Reads a map key as its position among a struct's keys; `usize::MAX` when unknown.
/// One copy per input format serves every struct.
pub struct KeyIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeyIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<usize, E> {
        Ok(self.0.iter().position(|k| *k == key).unwrap_or(usize::MAX))
    }
}

/// Implements `Deserialize` for `$ty` from a map: `$field "key" req` must be present (else the
/// error "missing field `key`"), `$field "key" opt` takes its `Default` when absent. Every
/// field of the struct is listed (the struct literal checks it); unknown keys are skipped.
macro_rules! map_deserialize {
    ($ty:ident { $($field:ident $key:literal $kind:ident),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                /// The visitor of the map.
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $ty;

                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        const KEYS: &[&str] = &[$($key),+];
                        $(let mut $field = None;)+
                        while let Some(at) =
                            map.next_key_seed($crate::domain::map_only::KeyIndex(KEYS))?
                        {
                            let mut i = 0;
                            $(
                                if at == i {
                                    $field = Some(map.next_value()?);
                                    continue;
                                }
                                i += 1;
                            )+
                            let _ = i;
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                        Ok($ty {
                            $($field: $crate::domain::map_only::map_deserialize!(@take $kind $field $key),)+
                        })
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
    (@take req $field:ident $key:literal) => {
        $field.ok_or_else(|| <A::Error as serde::de::Error>::missing_field($key))?
    };
    (@take opt $field:ident $key:literal) => {
        $field.unwrap_or_default()
    };
}

pub(crate) use map_deserialize;

/// Reads a string as its position in `names`, for an enum of unit variants written as their
/// names (`"office"`); `expecting` is what an error says was expected (`enum ChannelKind`).
pub struct NameIndex {
    /// What was expected, for errors.
    pub expecting: &'static str,
    /// The variants' names, in the enum's order.
    pub names: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for NameIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for NameIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<usize, E> {
        let found = self.names.iter().position(|n| *n == name);
        found.ok_or_else(|| E::unknown_variant(name, self.names))
    }
}

/// Implements `Deserialize` for an enum of unit variants written as strings: `$variant "name"`
/// for each, in the enum's order (the derive also took `{"name": null}`, which Loket never
/// writes).
macro_rules! name_deserialize {
    ($ty:ident { $($variant:ident $name:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                const ALL: &[$ty] = &[$($ty::$variant),+];
                let seed = $crate::domain::map_only::NameIndex {
                    expecting: concat!("enum ", stringify!($ty)),
                    names: &[$($name),+],
                };
                serde::de::DeserializeSeed::deserialize(seed, d).map(|i| ALL[i])
            }
        }
    };
}

pub(crate) use name_deserialize;

#[cfg(test)]
mod tests {
    /// A struct shaped like a page the phone reads, read by the macro.
    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Probe {
        title: String,
        html: String,
        not_found: bool,
        note: Option<String>,
    }
    map_deserialize!(Probe { title "title" req, html "html" req, not_found "not_found" req, note "note" opt });

    fn probe() -> Probe {
        Probe {
            title: "Judul".into(),
            html: "<p>isi</p>".into(),
            not_found: false,
            note: None,
        }
    }

    #[test]
    fn reads_what_serialize_writes_and_skips_unknown_keys() {
        let json = serde_json::to_string(&probe()).unwrap();
        assert_eq!(serde_json::from_str::<Probe>(&json).unwrap(), probe());
        let more = json.replacen('{', r#"{"later":{"a":[1,2]},"#, 1);
        assert_eq!(
            serde_json::from_slice::<Probe>(more.as_bytes()).unwrap(),
            probe()
        );
    }

    #[test]
    fn names_a_missing_field_and_refuses_other_shapes() {
        let e = serde_json::from_str::<Probe>(r#"{"title":"t","html":""}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("missing field `not_found`"),
            "{e}"
        );
        let e = serde_json::from_str::<Probe>(r#"["t","",false]"#).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("invalid type: sequence, expected struct Probe"));
        let e = serde_json::from_str::<Probe>(r#"{"title":1,"html":"","not_found":false}"#);
        assert!(e.is_err());
    }
}
