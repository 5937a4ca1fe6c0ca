//! The store's SQL is written so that one text can serve SQLite and PostgreSQL (issue 14): the
//! rules below are checked on every file of `app/src/store`, like `layers.rs` checks imports.
//! Each rule names what to write instead. More rules join as the store moves to both backends.

use std::path::Path;

/// A construct that is not written in the store: its name, the test of a line (comments cut
/// off), and what is written instead.
type Rule = (&'static str, fn(&str) -> bool, &'static str);

const RULES: &[Rule] = &[
    (
        "the database's 'now'",
        |line| line.contains("'now'"),
        "bind the time from Rust: store::clock::now() or a Moment's stamp()",
    ),
    (
        "a ?N placeholder",
        |line| {
            let b = line.as_bytes();
            b.windows(2).any(|w| w[0] == b'?' && w[1].is_ascii_digit())
        },
        "write $N (both SQLite and PostgreSQL read it)",
    ),
    (
        "INSERT OR IGNORE / OR REPLACE",
        |line| line.contains("OR IGNORE") || line.contains("OR REPLACE"),
        "write INSERT … ON CONFLICT DO NOTHING (or DO UPDATE)",
    ),
    (
        "a SUM that is not cast",
        |line| {
            // PostgreSQL's SUM of a BIGINT is a NUMERIC, which does not decode as an i64. A SUM
            // that is only compared (HAVING) or summed again (`AS n`) is not decoded.
            line.match_indices("SUM(").any(|(i, _)| {
                let before = &line[..i];
                let kept = before.ends_with("CAST(")
                    || before.ends_with("CAST(COALESCE(")
                    || before.ends_with("HAVING ")
                    || line[i..]
                        .split_once(')')
                        .is_some_and(|(_, rest)| rest.starts_with(" AS n"));
                !kept
            })
        },
        "write CAST(SUM(x) AS BIGINT), and COUNT(*) FILTER (WHERE …) to count rows that match",
    ),
    (
        "a two-argument max()",
        |line| {
            let line = line.to_lowercase();
            // SQL's max is a word of its own: not Rust's `fetch_max(a, b)` or `.max(b)`.
            line.match_indices("max(").any(|(i, m)| {
                let word = !line[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
                let args = line[i + m.len()..].split(')').next();
                word && args.is_some_and(|args| args.contains(','))
            })
        },
        "write CASE WHEN a > b THEN a ELSE b END (PostgreSQL's max() takes one argument)",
    ),
    (
        "a flag written or compared as 0 or 1",
        |line| {
            FLAGS.iter().any(|flag| {
                line.match_indices(flag).any(|(i, _)| {
                    let rest = &line[i + flag.len()..];
                    let starts_word = i == 0 || !is_word(line.as_bytes()[i - 1]);
                    starts_word
                        && (rest.starts_with(" = 0") || rest.starts_with(" = 1"))
                        && !line.trim_start().starts_with("let ")
                })
            })
        },
        "write TRUE / FALSE and read the flag as a Rust bool (PostgreSQL's BOOLEAN is no integer)",
    ),
    (
        "a function only SQLite has",
        |line| {
            [
                "julianday(",
                "json_extract(",
                "json_group_array(",
                "json_each(",
                "instr(",
            ]
            .iter()
            .any(|f| line.contains(f))
        },
        "call the fragment of store::db::dialect that writes it per backend",
    ),
    (
        "a table or statement only SQLite has",
        |line| line.contains("sqlite_") || line.contains("PRAGMA"),
        "keep it on a path that only SQLite takes, marked `// SQLite only` on its line",
    ),
];

/// The file that writes the fragments each backend reads differently (`store::db::dialect`).
const DIALECT: &str = "db.rs";

/// The mark of a line on a path only SQLite takes (a `Db::Sqlite` match or `if PG … else`).
const SQLITE_ONLY: &str = "// SQLite only";

/// The stored flags (booleans).
const FLAGS: &[&str] = &[
    "withdrawn",
    "disabled",
    "must_change_password",
    "official",
    "complete",
];

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[test]
fn the_store_writes_sql_that_both_backends_read() {
    let store = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/store");
    let mut broken = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&store).expect("app/src/store") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        files += 1;
        if path.file_name().is_some_and(|n| n == DIALECT) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a store file");
        for (n, line) in text.lines().enumerate() {
            if line.contains(SQLITE_ONLY) {
                continue;
            }
            let code = line.split("//").next().unwrap_or("");
            for (what, breaks, instead) in RULES {
                if breaks(code) {
                    broken.push(format!("{}:{}: {what}; {instead}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(files > 10, "the store's files were not found");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// PostgreSQL's migrations start with the whole schema as SQLite has it after migration 19;
/// from 20 on, every migration is a pair with the same number and description.
#[test]
fn every_migration_from_20_on_is_written_for_both_backends() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |backend: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(backend))
            .expect("a migrations folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.ends_with(".sql"))
            .collect();
        names.sort();
        names
    };
    let (sqlite, postgres) = (names("sqlite"), names("postgres"));
    assert_eq!(
        postgres.first().map(String::as_str),
        Some("0019_schema.sql"),
        "PostgreSQL starts at 19"
    );
    let later = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .filter(|n| n.as_str() >= "0020")
            .cloned()
            .collect()
    };
    assert!(sqlite.iter().any(|n| n.starts_with("0019_")));
    assert_eq!(
        later(&sqlite),
        later(&postgres),
        "from 20 on, each migration needs its twin in the other folder"
    );
}
