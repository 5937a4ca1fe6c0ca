//! Texts in both languages and the placeholders the pools fill in.

/// A text as written in the pools: Bahasa Indonesia, English.
pub type P = (&'static str, &'static str);

/// A finished text in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct T {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl T {
    /// The pair as it is.
    pub fn of(p: P) -> T {
        T {
            id: p.0.to_string(),
            en: p.1.to_string(),
        }
    }

    /// Both languages the same (a proper name).
    pub fn same(s: &str) -> T {
        T {
            id: s.to_string(),
            en: s.to_string(),
        }
    }

    /// `self` then `other`, a space between.
    pub fn then(&self, other: &T) -> T {
        T {
            id: format!("{} {}", self.id, other.id),
            en: format!("{} {}", self.en, other.en),
        }
    }
}

/// The values of the placeholders, `{key}` in a pool's text, per language.
#[derive(Clone, Debug, Default)]
pub struct Vars {
    values: Vec<(&'static str, String, String)>,
}

impl Vars {
    /// Sets `key` to `id` and `en`.
    pub fn set(&mut self, key: &'static str, id: impl Into<String>, en: impl Into<String>) {
        let (id, en) = (id.into(), en.into());
        match self.values.iter_mut().find(|v| v.0 == key) {
            Some(v) => (v.1, v.2) = (id, en),
            None => self.values.push((key, id, en)),
        }
    }

    /// Sets `key` to the same text in both languages.
    pub fn same(&mut self, key: &'static str, value: impl Into<String>) {
        let v = value.into();
        self.set(key, v.clone(), v);
    }

    /// Sets `key` to a pair.
    pub fn pair(&mut self, key: &'static str, p: &T) {
        self.set(key, p.id.clone(), p.en.clone());
    }

    /// Fills a pair's placeholders. `{Key}` (capitalised) gives `key`'s value with a capital.
    /// An unknown key stays as it is written (the tests look for braces in the output).
    pub fn fill(&self, p: P) -> T {
        T {
            id: self.fill_one(p.0, false),
            en: self.fill_one(p.1, true),
        }
    }

    fn fill_one(&self, s: &str, en: bool) -> String {
        let mut out = String::with_capacity(s.len() + 32);
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let key = &after[..close];
            let lower = key.to_ascii_lowercase();
            match self.values.iter().find(|v| v.0 == lower) {
                Some(v) => {
                    let value = if en { &v.2 } else { &v.1 };
                    if key.starts_with(|c: char| c.is_ascii_uppercase()) {
                        out.push_str(&capitalise(value));
                    } else {
                        out.push_str(value);
                    }
                }
                None => {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// `s` with its first letter a capital.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Rupiah as Indonesians write it, `Rp150.000`, and in English, `IDR 150,000`.
pub fn rupiah(amount: u64) -> (String, String) {
    let digits = amount.to_string();
    let mut groups = Vec::new();
    let mut end = digits.len();
    while end > 3 {
        groups.push(&digits[end - 3..end]);
        end -= 3;
    }
    groups.push(&digits[..end]);
    groups.reverse();
    (
        format!("Rp{}", groups.join(".")),
        format!("IDR {}", groups.join(",")),
    )
}
