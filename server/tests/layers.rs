//! The import rules of docs/ARCHITECTURE.md ("Parts and what each may import"), checked on
//! every `.rs` file under `app/src` and `server/src`: a forbidden import fails the build's tests.
//!
//! Reads the sources as text (comments left out) and finds every path into another part:
//! `crate::<part>…`, each name of `use crate::{…}`, `super::…` resolved from the file's module,
//! and in the server `app::<part>…`. Each is checked against [`APP`] and [`SERVER`]. It also
//! checks that SQL (`sqlx::query…`) stands only in `app::store`, and that `domain` uses no crate
//! beyond the standard library and serde.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The app's parts and the parts each may import (a part may always import itself).
/// `root` is `lib.rs` (the crate's re-exports), which may import any part.
const APP: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("i18n", &["domain"]),
    ("keys", &["domain"]),
    ("error", &["domain", "store"]),
    ("store", &["domain", "keys"]),
    ("clock", &["domain"]),
    (
        "api",
        &["domain", "error", "i18n", "keys", "store", "clock"],
    ),
    ("ui", &["domain", "error", "i18n", "api", "local", "clock"]),
    ("local", &["domain", "error", "i18n", "api"]),
    (
        "root",
        &[
            "domain", "i18n", "keys", "error", "store", "clock", "api", "ui", "local",
        ],
    ),
];

/// The server's modules and what each may import: its own modules by name, the app's parts as
/// `app::<part>` (`app::root`: the app crate's re-exports such as `app::shell`).
const SERVER: &[(&str, &[&str])] = &[
    ("main", &["cli"]),
    (
        "lib",
        &[
            "assets",
            "changes",
            "cli",
            "config",
            "corrections",
            "db",
            "encoding",
            "faults",
            "files",
            "generate",
            "history",
            "holidays",
            "http",
            "limits",
            "oidc",
            "open311",
            "open_data",
            "qr",
            "rng",
            "secrets",
            "seed",
            "serve",
            "site",
            "web_form",
        ],
    ),
    ("serve", &["config"]),
    ("oidc", &["app::api", "app::domain", "app::store"]),
    ("site", &["assets", "encoding"]),
    ("assets", &["site", "encoding", "app::root"]),
    ("encoding", &[]),
    ("changes", &["encoding", "app::domain", "app::store"]),
    ("db", &["app::store"]),
    ("limits", &["app::store"]),
    ("secrets", &["app::keys", "app::store"]),
    ("seed", &["app::domain", "app::store"]),
    ("holidays", &["app::domain", "app::store"]),
    ("history", &["rng", "app::domain", "app::store"]),
    ("rng", &[]),
    ("generate", &["encoding", "rng", "seed", "app::domain"]),
    (
        "config",
        &["files", "limits", "oidc", "app::domain", "app::store"],
    ),
    (
        "files",
        &["app::api", "app::domain", "app::i18n", "app::store"],
    ),
    ("faults", &["files", "app::store"]),
    ("qr", &["app::domain"]),
    (
        "open_data",
        &["app::clock", "app::domain", "app::i18n", "app::store"],
    ),
    ("corrections", &["files", "app::domain", "app::store"]),
    // Open311 (issue 13): the documents and rules are the domain's, the words for statuses and
    // problems the ui's (`form_html`), the SQL the store's; `app::keys` for the secrets type.
    (
        "open311",
        &[
            "encoding",
            "app::clock",
            "app::domain",
            "app::keys",
            "app::store",
            "app::ui",
        ],
    ),
    (
        "web_form",
        &[
            "files",
            "app::api",
            "app::clock",
            "app::domain",
            "app::error",
            "app::keys",
            "app::store",
        ],
    ),
    (
        "http",
        &[
            "assets",
            "changes",
            "config",
            "corrections",
            "encoding",
            "faults",
            "files",
            "limits",
            "oidc",
            "open311",
            "open_data",
            "qr",
            "secrets",
            "site",
            "web_form",
            "app::api",
            "app::domain",
            "app::error",
            "app::keys",
            "app::store",
            "app::ui",
            "app::root",
        ],
    ),
    (
        "cli",
        &[
            "config",
            "db",
            "generate",
            "history",
            "holidays",
            "http",
            "secrets",
            "seed",
            "serve",
            "app::api",
            "app::clock",
            "app::domain",
            "app::error",
            "app::i18n",
            "app::store",
        ],
    ),
];

/// Crates `domain` may use: the standard library and serde.
const DOMAIN_CRATES: &[&str] = &["std", "core", "alloc", "serde", "serde_json", "thiserror"];

/// One import found: the file, the line, and the part it reaches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    file: String,
    line: usize,
    target: String,
}

/// The repository's root (the parent of `server/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ has a parent")
        .to_path_buf()
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable source directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The file's module path under its crate's `src` (`api/auth/session.rs` → `api::auth::session`,
/// `api/auth/mod.rs` → `api::auth`, `lib.rs` → the root).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The source without comments (line and block comments; string contents are kept), line
/// breaks kept so line numbers stay right.
fn strip_comments(src: &str) -> String {
    let (mut out, mut chars) = (String::with_capacity(src.len()), src.chars().peekable());
    let (mut in_str, mut block) = (false, 0usize);
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if block > 0 {
            if c == '*' && next == Some('/') {
                chars.next();
                block -= 1;
            } else if c == '\n' {
                out.push('\n');
            }
        } else if in_str {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '/' && next == Some('/') {
            for c in chars.by_ref() {
                if c == '\n' {
                    out.push('\n');
                    break;
                }
            }
        } else if c == '/' && next == Some('*') {
            chars.next();
            block += 1;
        } else {
            in_str = c == '"';
            out.push(c);
        }
    }
    out
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The names at the top level of a `{…}` group starting at `s` (after the `{`).
fn group_names(s: &str) -> Vec<String> {
    let (mut depth, mut names, mut start) = (0usize, Vec::new(), true);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start = true,
            c if start && (c.is_alphanumeric() || c == '_') => {
                names.push(ident(&s[i..]).to_string());
                start = false;
            }
            _ => {}
        }
    }
    names
}

/// True when the byte before `at` could continue a path or a name (so `x::crate::` or
/// `ui::app::` are not taken for a path that starts there).
fn inside_path(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
}

/// The first names of every path in `text` that starts with `prefix` (`crate::`, `app::`,
/// `super::`), with their line numbers; `use prefix{a, b}` gives each name.
fn paths_after(text: &str, prefix: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(prefix) {
        let at = from + i;
        from = at + prefix.len();
        if inside_path(text, at) {
            continue;
        }
        let line = text[..at].matches('\n').count() + 1;
        let rest = &text[from..];
        // `super::super::x`: the caller resolves each `super::` in turn.
        let names = if let Some(group) = rest.strip_prefix('{') {
            group_names(group)
        } else {
            vec![ident(rest).to_string()]
        };
        out.push((line, names));
    }
    out
}

/// Where each `super::…` path of a file in module `module` leads, as a path from the crate root.
fn supers(text: &str, module: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("super::") {
        let at = from + i;
        from = at + "super::".len();
        if inside_path(text, at) {
            continue;
        }
        let line = text[..at].matches('\n').count() + 1;
        let (mut rest, mut up) = (&text[from..], 1);
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            up += 1;
        }
        from = text.len() - rest.len();
        let base = &module[..module.len().saturating_sub(up)];
        let names = match rest.strip_prefix('{') {
            Some(group) => group_names(group),
            None => vec![ident(rest).to_string()],
        };
        for name in names {
            // A file module's own items (`use super::*` in its tests) are not another part.
            let first = base.first().cloned().unwrap_or(name);
            out.push((line, first));
        }
    }
    out
}

/// The parts a file of one crate reaches: `crate::<part>`, `super::…` and, with `other`, the
/// other crate's `<other>::<part>` (named `<other>::<part>`). Names that are not parts (`*`,
/// re-exported items) count as the root of their crate.
fn imports(
    file: &str,
    text: &str,
    module: &[String],
    parts: &[&str],
    other: Option<(&str, &[&str])>,
) -> Vec<Import> {
    let part_or_root = |name: &str, known: &[&str]| {
        if known.contains(&name) {
            name.to_string()
        } else {
            "root".to_string()
        }
    };
    let mut out = Vec::new();
    for (line, names) in paths_after(text, "crate::") {
        for n in names {
            let target = part_or_root(&n, parts);
            out.push(Import {
                file: file.into(),
                line,
                target,
            });
        }
    }
    for (line, first) in supers(text, module) {
        if parts.contains(&first.as_str()) {
            out.push(Import {
                file: file.into(),
                line,
                target: first,
            });
        }
    }
    if let Some((krate, known)) = other {
        for (line, names) in paths_after(text, &format!("{krate}::")) {
            for n in names {
                let target = format!("{krate}::{}", part_or_root(&n, known));
                out.push(Import {
                    file: file.into(),
                    line,
                    target,
                });
            }
        }
    }
    out
}

/// The imports of every file under `<root>/<krate>/src` that its part may not make.
fn violations(
    krate: &str,
    table: &[(&str, &[&str])],
    other: Option<(&str, &[&str])>,
) -> Vec<Import> {
    let src = root().join(krate).join("src");
    let parts: Vec<&str> = table.iter().map(|(p, _)| *p).collect();
    let mut bad = Vec::new();
    for path in rust_files(&src) {
        let rel = path.strip_prefix(&src).expect("under src");
        let file = format!("{krate}/src/{}", rel.display());
        let module = module_path(rel);
        let own = module.first().map_or("root", String::as_str).to_string();
        let own = if parts.contains(&own.as_str()) {
            own
        } else if krate == "server" {
            "lib".to_string()
        } else {
            "root".to_string()
        };
        let allowed = table
            .iter()
            .find(|(p, _)| *p == own)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| panic!("{file}: part `{own}` is not in the table"));
        let text = strip_comments(&std::fs::read_to_string(&path).expect("readable source"));
        for i in imports(&file, &text, &module, &parts, other) {
            if i.target != own && !allowed.contains(&i.target.as_str()) {
                bad.push(i);
            }
        }
    }
    bad
}

/// The app's part names, for the server's `app::<part>` paths.
fn app_parts() -> Vec<&'static str> {
    APP.iter().map(|(p, _)| *p).collect()
}

/// Fails with every import that breaks the table.
#[test]
fn every_part_imports_only_what_the_architecture_allows() {
    let app_parts = app_parts();
    let mut bad = violations("app", APP, None);
    bad.extend(violations("server", SERVER, Some(("app", &app_parts))));
    let bad: BTreeSet<_> = bad.into_iter().collect();
    let listed: Vec<String> = bad
        .iter()
        .map(|i| format!("{}:{} imports `{}`", i.file, i.line, i.target))
        .collect();
    assert!(
        listed.is_empty(),
        "imports the table in docs/ARCHITECTURE.md forbids:\n{}",
        listed.join("\n")
    );
}

/// SQL stands only in `app::store` (the server opens the database and runs migrations in `db`,
/// without writing SQL).
#[test]
fn sql_is_written_only_in_the_store() {
    let mut found = Vec::new();
    for krate in ["app", "server"] {
        let src = root().join(krate).join("src");
        for path in rust_files(&src) {
            let rel = path.strip_prefix(&src).expect("under src");
            if krate == "app" && rel.starts_with("store") {
                continue;
            }
            let text = strip_comments(&std::fs::read_to_string(&path).expect("readable"));
            for (n, line) in text.lines().enumerate() {
                if line.contains("sqlx::query") || line.contains("query_as(") {
                    found.push(format!("{krate}/src/{}:{}", rel.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "SQL outside app::store: {found:?}");
}

/// `domain` uses no crate but the standard library and serde: it compiles for both sides and
/// holds no I/O.
#[test]
fn the_domain_uses_only_the_standard_library_and_serde() {
    let src = root().join("app/src/domain");
    let mut found = Vec::new();
    for path in rust_files(&src) {
        let text = strip_comments(&std::fs::read_to_string(&path).expect("readable"));
        for (n, line) in text.lines().enumerate() {
            let Some(rest) = line.trim_start().strip_prefix("use ") else {
                continue;
            };
            let krate = ident(rest.trim_start_matches("::"));
            let ok = ["crate", "super", "self"].contains(&krate) || DOMAIN_CRATES.contains(&krate);
            if !ok {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "domain uses other crates: {found:?}");
}

/// The checker itself: it must see a `use crate::ui` inside `api`, in each way it can be written.
#[test]
fn the_checker_finds_api_importing_ui() {
    let module = vec!["api".to_string(), "x".to_string()];
    let parts = app_parts();
    for src in [
        "use crate::ui::html;",
        "use crate::{domain::l10n::Lang,\n ui::html::Rendered};",
        "fn f() { crate::ui::html::render(); }",
        "use super::super::ui::html;",
    ] {
        let found = imports("api/x.rs", &strip_comments(src), &module, &parts, None);
        assert!(
            found.iter().any(|i| i.target == "ui"),
            "missed in {src:?}: {found:?}"
        );
    }
    let quiet = "// use crate::ui;\n/// [`crate::ui`]\nlet a = b::crate::ui; use super::*;";
    let found = imports("api/x.rs", &strip_comments(quiet), &module, &parts, None);
    assert!(
        found.iter().all(|i| i.target != "ui"),
        "comments and inner paths are not imports: {found:?}"
    );
}
