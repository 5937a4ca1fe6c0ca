//! Writing agencies and services as the catalogue's TOML, laid out like the seed's files
//! (inline `{ id, en }` pairs, one array entry a line), and the taxonomy with the categories
//! regional services need.

use super::model::{AgencyFile, Field, Form, Service};
use super::text::T;
use std::fmt::Write;

/// Categories the seed has no place for: schools, work, and farming and environment.
const EXTRA_CATEGORIES: &str = r#"
# Added by `server generate-catalogue` for regional services.

[[category]]
slug  = "pendidikan"
order = 10
name  = { id = "Pendidikan", en = "Education" }

[[category]]
slug  = "pekerjaan"
order = 11
name  = { id = "Pekerjaan dan ketenagakerjaan", en = "Work and employment" }

[[category]]
slug  = "pertanian-dan-lingkungan"
order = 12
name  = { id = "Pertanian dan lingkungan", en = "Farming and environment" }
"#;

/// The seed's taxonomy with [`EXTRA_CATEGORIES`].
pub fn taxonomy(seed: &str) -> String {
    let mut out = seed.trim_end().to_string();
    out.push('\n');
    out.push_str(EXTRA_CATEGORIES);
    out
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `{ id = "…", en = "…" }`.
fn pair(t: &T) -> String {
    format!("{{ id = {}, en = {} }}", q(&t.id), q(&t.en))
}

/// `["a", "b"]`.
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// An array of pairs, one a line.
fn pairs(out: &mut String, key: &str, items: &[T]) {
    let _ = writeln!(out, "{key} = [");
    for t in items {
        let _ = writeln!(out, "  {},", pair(t));
    }
    out.push_str("]\n");
}

/// One agency's file.
pub fn agency_file(f: &AgencyFile) -> String {
    let mut out = String::with_capacity(4096 + 6000 * f.services.len());
    for line in f.comment.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let a = &f.agency;
    out.push_str("\n[agency]\n");
    let _ = writeln!(out, "slug       = {}", q(&a.slug));
    let _ = writeln!(out, "short_name = {}", q(&a.short_name));
    let _ = writeln!(out, "name       = {}", pair(&a.name));
    if let Some(p) = &a.parent {
        let _ = writeln!(out, "parent     = {}", pair(p));
    }
    for (key, value) in [
        ("website", &a.website),
        ("phone", &a.phone),
        ("email", &a.email),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{key:<10} = {}", q(v));
        }
    }
    if a.closes_on_cuti_bersama {
        out.push_str("closes_on_cuti_bersama = true\n");
    }
    if let Some(p) = a.province {
        let _ = writeln!(out, "province   = {}", q(p));
    }
    for s in &f.services {
        service(&mut out, s);
    }
    out
}

fn service(out: &mut String, s: &Service) {
    out.push_str("\n# ---------------------------------------------------------------------------------------------\n[[service]]\n");
    let _ = writeln!(out, "slug        = {}", q(&s.slug));
    let _ = writeln!(
        out,
        "intake      = {}",
        q(if s.loket { "loket" } else { "official" })
    );
    let _ = writeln!(out, "category    = {}", q(s.category));
    let events: Vec<String> = s.life_events.iter().map(|e| e.to_string()).collect();
    let _ = writeln!(out, "life_events = {}", list(&events));
    let _ = writeln!(out, "name        = {}", pair(&s.name));
    let _ = writeln!(out, "summary     = {}", pair(&s.summary));
    let _ = writeln!(out, "keywords    = {}", list(&s.keywords));
    out.push_str("requirements = [\n");
    for r in &s.requirements {
        match &r.or {
            Some(or) => {
                let _ = writeln!(
                    out,
                    "  {{ id = {}, en = {}, or = {} }},",
                    q(&r.text.id),
                    q(&r.text.en),
                    pair(or)
                );
            }
            None => {
                let _ = writeln!(out, "  {},", pair(&r.text));
            }
        }
    }
    out.push_str("]\n");
    pairs(out, "steps", &s.steps);
    if !s.after_submit.is_empty() {
        pairs(out, "after_submit", &s.after_submit);
    }
    let _ = writeln!(out, "product     = {}", pair(&s.product));
    let _ = writeln!(out, "processing  = {}", pair(&s.processing));
    if let Some(d) = s.processing_days {
        let _ = writeln!(out, "processing_days = {d}");
    }
    let _ = writeln!(out, "legal_basis = {}", list(&s.legal_basis));
    let _ = writeln!(out, "verified_at = {}", q(&s.verified_at));
    out.push_str("sources     = [\n");
    for src in &s.sources {
        let _ = writeln!(out, "  {},", q(src));
    }
    out.push_str("]\n");
    if let Some(n) = &s.note {
        let _ = writeln!(out, "note        = {}", pair(n));
    }

    out.push_str("\n[service.cost]\n");
    let _ = writeln!(out, "free  = {}", s.cost.free);
    let _ = writeln!(out, "basis = {}", q(&s.cost.basis));
    if !s.cost.items.is_empty() {
        out.push_str("items = [\n");
        for (label, amount) in &s.cost.items {
            let _ = writeln!(out, "  {{ label = {}, amount = {amount} }},", pair(label));
        }
        out.push_str("]\n");
    }
    if let Some(n) = &s.cost.note {
        let _ = writeln!(out, "note  = {}", pair(n));
    }

    for c in &s.channels {
        out.push_str("\n[[service.channel]]\n");
        let _ = writeln!(
            out,
            "kind  = {}",
            q(if c.office { "office" } else { "online" })
        );
        let _ = writeln!(out, "name  = {}", pair(&c.name));
        if let Some(p) = &c.place {
            let _ = writeln!(out, "where = {}", pair(p));
        }
        if let Some(u) = &c.url {
            let _ = writeln!(out, "url   = {}", q(u));
        }
    }
    if let Some(c) = &s.contact {
        out.push_str("\n[service.contact]\n");
        if let Some(p) = &c.phone {
            let _ = writeln!(out, "phone = {}", q(p));
        }
        if let Some(e) = &c.email {
            let _ = writeln!(out, "email = {}", q(e));
        }
    }
    if let Some(form) = &s.form {
        write_form(out, form);
    }
}

fn write_form(out: &mut String, form: &Form) {
    let _ = write!(out, "\n[service.form]\nversion = {}\n", form.version);
    for section in &form.sections {
        out.push_str("\n[[service.form.sections]]\n");
        let _ = writeln!(out, "id    = {}", q(section.id));
        let _ = writeln!(out, "title = {}", pair(&section.title));
        for f in &section.fields {
            field(out, f);
        }
    }
}

fn field(out: &mut String, f: &Field) {
    out.push_str("\n[[service.form.sections.fields]]\n");
    let _ = writeln!(out, "id       = {}", q(&f.id));
    let _ = writeln!(out, "label    = {}", pair(&f.label));
    if let Some(h) = &f.hint {
        let _ = writeln!(out, "hint     = {}", pair(h));
    }
    let _ = writeln!(out, "kind     = {}", q(f.kind));
    let _ = writeln!(out, "required = {}", f.required);
    if let Some(n) = f.max_length {
        let _ = writeln!(out, "max_length = {n}");
    }
    if let Some(n) = f.min {
        let _ = writeln!(out, "min      = {n}");
    }
    if let Some(n) = f.max {
        let _ = writeln!(out, "max      = {n}");
    }
    if let Some(n) = f.max_bytes {
        let _ = writeln!(out, "max_bytes = {n}");
    }
    if let Some((field, any_of)) = &f.visible_if {
        let _ = writeln!(
            out,
            "visible_if = {{ field = {}, any_of = {} }}",
            q(field),
            list(any_of)
        );
    }
    if !f.options.is_empty() {
        out.push_str("options  = [\n");
        for (value, label) in &f.options {
            let _ = writeln!(
                out,
                "  {{ value = {}, label = {} }},",
                q(value),
                pair(label)
            );
        }
        out.push_str("]\n");
    }
}
